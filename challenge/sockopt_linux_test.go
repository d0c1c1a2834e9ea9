package challenge

import (
	"net"
	"syscall"
	"testing"
)

// TestLimitUnsent: the miner's streaming connection bounds its unsent
// backlog (TCP_NOTSENT_LOWAT), so a probe answer or an acknowledgement
// queues behind at most that much.
func TestLimitUnsent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			defer c.Close()
			c.Read(make([]byte, 1))
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	limitUnsent(c, streamUnsent)
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var got int
	var gerr error
	rc.Control(func(fd uintptr) { got, gerr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpNotSentLowat) })
	if gerr != nil || got != streamUnsent {
		t.Fatalf("TCP_NOTSENT_LOWAT %d (%v), want %d", got, gerr, streamUnsent)
	}
}
