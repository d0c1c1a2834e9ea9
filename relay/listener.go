package relay

import (
	"bufio"
	"context"
	"net"
	"sync"
	"time"
)

// Listener shares a miner's listener between the data path and the
// exit: a connection whose first byte is Magic is a relay session, served
// by the Exit; every other connection is returned by Accept, for
// challenge.Miner.Serve (or node.MinerNode.Run) as if it came from the
// listener itself.
type Listener struct {
	net.Listener
	exit *Exit
	ctx  context.Context

	conns chan net.Conn
	once  sync.Once
	done  chan struct{}
	err   error
}

// sniffTimeout bounds how long a new connection may take to send its
// first byte.
const sniffTimeout = 10 * time.Second

// NewListener starts accepting on ln; relay sessions run under ctx.
func NewListener(ctx context.Context, ln net.Listener, exit *Exit) *Listener {
	l := &Listener{Listener: ln, exit: exit, ctx: ctx, conns: make(chan net.Conn), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *Listener) run() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			l.err = err
			l.once.Do(func() { close(l.done) })
			return
		}
		go l.sniff(c)
	}
}

func (l *Listener) sniff(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(sniffTimeout))
	br := bufio.NewReaderSize(c, 512)
	b, err := br.Peek(1)
	c.SetReadDeadline(time.Time{})
	if err != nil {
		c.Close()
		return
	}
	pc := &peekedConn{Conn: c, r: br}
	if b[0] == Magic {
		l.exit.ServeConn(l.ctx, pc)
		return
	}
	select {
	case l.conns <- pc:
	case <-l.done:
		c.Close()
	}
}

// Accept returns the next connection that is not a relay session.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, l.err
	}
}

// Close closes the underlying listener.
func (l *Listener) Close() error {
	err := l.Listener.Close()
	<-l.done
	return err
}

// peekedConn is a connection whose first bytes were read ahead.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) {
	if c.r.Buffered() > 0 {
		return c.r.Read(p)
	}
	return c.Conn.Read(p)
}

// CloseWrite half-closes when the connection can.
func (c *peekedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
