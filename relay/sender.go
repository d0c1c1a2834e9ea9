package relay

import (
	"bufio"
	"net"
	"sync"
	"time"
)

// sender is a session's one writer: frames are queued without blocking
// (each producer is bounded by flow control or credit, so the queue is
// too) and written in order by one goroutine, flushed when the queue runs
// empty, so that many streams share the connection in FIFO order.
type sender struct {
	conn    net.Conn
	timeout time.Duration

	mu     sync.Mutex
	q      [][]byte
	wake   chan struct{}
	err    error
	closed bool
	done   chan struct{}
}

func newSender(conn net.Conn, timeout time.Duration) *sender {
	s := &sender{conn: conn, timeout: timeout, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go s.run()
	return s
}

// push queues a frame; false if the sender has stopped.
func (s *sender) push(f []byte) bool {
	s.mu.Lock()
	if s.closed || s.err != nil {
		s.mu.Unlock()
		return false
	}
	s.q = append(s.q, f)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return true
}

// close stops the sender once the queued frames are written (or fail).
func (s *sender) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// wait waits until the sender stopped, at most d.
func (s *sender) wait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
	}
}

func (s *sender) failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *sender) run() {
	defer close(s.done)
	bw := bufio.NewWriterSize(s.conn, 256<<10)
	var batch [][]byte
	for {
		s.mu.Lock()
		batch, s.q = s.q, batch[:0]
		closed := s.closed
		s.mu.Unlock()
		if len(batch) == 0 {
			if closed {
				return
			}
			<-s.wake
			continue
		}
		s.conn.SetWriteDeadline(time.Now().Add(s.timeout))
		var err error
		for i, f := range batch {
			if _, err = bw.Write(f); err != nil {
				break
			}
			batch[i] = nil
		}
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			s.mu.Lock()
			s.err = err
			s.q = nil
			s.mu.Unlock()
			return
		}
	}
}
