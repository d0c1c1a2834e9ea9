//go:build !linux

package challenge

import (
	"net"
	"os"
)

// limitUnsent is a no-op where TCP_NOTSENT_LOWAT is not set (see the
// Linux version).
func limitUnsent(net.Conn, int) {}

// sendFileRange is not used where sendfile is not wired: the miner copies
// (see the Linux version).
func sendFileRange(net.Conn, *os.File, int64, int) (bool, error) { return false, nil }
