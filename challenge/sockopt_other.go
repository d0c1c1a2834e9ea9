//go:build !linux

package challenge

import (
	"errors"
	"net"
	"os"
)

// limitUnsent is a no-op where TCP_NOTSENT_LOWAT is not set (see the
// Linux version).
func limitUnsent(net.Conn, int) {}

// canSendfile: the miner copies chunk bytes here (sendFileRange is
// Linux only).
const canSendfile = false

func sendFileRange(*net.TCPConn, *os.File, int64, int) error { return errors.ErrUnsupported }
