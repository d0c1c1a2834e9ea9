//go:build !linux

package challenge

import "net"

// limitUnsent is a no-op where TCP_NOTSENT_LOWAT is not set (see the
// Linux version).
func limitUnsent(net.Conn, int) {}
