package challenge

import (
	"net"
	"syscall"
)

// tcpNotSentLowat is Linux's TCP_NOTSENT_LOWAT (not in package syscall).
const tcpNotSentLowat = 0x19

// limitUnsent bounds the bytes a TCP connection keeps queued in the kernel
// and not yet sent to lowat. The kernel's send buffer still holds what is
// in flight (the path's bandwidth-delay product); only the backlog behind
// it is cut, so a probe answer or an acknowledgement written between
// chunks waits behind about lowat bytes instead of megabytes of chunks.
// Best effort: on failure the connection works as before.
func limitUnsent(c net.Conn, lowat int) {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpNotSentLowat, lowat)
	})
}
