package challenge

import (
	"io"
	"net"
	"os"
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

// canSendfile: sendFileRange works here.
const canSendfile = true

// sendFileRange sends n bytes of f from off on c with sendfile(2): the
// kernel copies the page cache into the socket, with no read into a user
// buffer and no copy into the connection's bufio. The offset is passed to
// the call (f's own position is untouched), so connections may share f.
func sendFileRange(c *net.TCPConn, f *os.File, off int64, n int) error {
	sc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	fc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	ferr := fc.Control(func(ffd uintptr) {
		werr := sc.Write(func(sfd uintptr) bool {
			for n > 0 {
				k, err := syscall.Sendfile(int(sfd), int(ffd), &off, n)
				if k > 0 {
					n -= k
				}
				switch {
				case err == syscall.EAGAIN:
					return false // wait until the socket is writable (or the deadline)
				case err == syscall.EINTR:
				case err != nil:
					serr = os.NewSyscallError("sendfile", err)
					return true
				case k == 0:
					serr = io.ErrUnexpectedEOF // the file is shorter than the object
					return true
				}
			}
			return true
		})
		if serr == nil {
			serr = werr
		}
	})
	if serr == nil {
		serr = ferr
	}
	return serr
}
