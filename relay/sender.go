package relay

import (
	"bufio"
	"net"
	"sync"
	"time"
)

// dataFrameSize is the largest data frame (header, down fields, chunk):
// every pooled frame buffer has this capacity.
const dataFrameSize = HeaderSize + downMaxSize

// framePool recycles data frame buffers: a bulk transfer reads each chunk
// straight into one, hashes it in place and hands it to the sender, which
// returns it once written, so that the data path allocates nothing per
// chunk.
var framePool = sync.Pool{New: func() any {
	b := make([]byte, dataFrameSize)
	return &b
}}

func getFrame() *[]byte { return framePool.Get().(*[]byte) }

func putFrame(b *[]byte) {
	if b != nil && cap(*b) == dataFrameSize {
		*b = (*b)[:dataFrameSize]
		framePool.Put(b)
	}
}

// outFrame is a queued frame; pool, when set, is returned to framePool
// once the frame is written.
type outFrame struct {
	b    []byte
	pool *[]byte
}

// sender is a session's one writer: frames are queued without blocking
// (each producer is bounded by flow control or credit, so the queue is
// too) and written in order by one goroutine, so that many streams share
// the connection in FIFO order and no reader ever blocks on a write (two
// peers blocked writing to each other would deadlock). Everything queued
// since the last write goes out in one writev, without copying.
type sender struct {
	conn    net.Conn
	timeout time.Duration

	mu     sync.Mutex
	q      []outFrame
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
func (s *sender) push(f []byte) bool { return s.pushFrame(outFrame{b: f}) }

// pushPooled queues the frame (*p)[:n] of a framePool buffer, which the
// sender owns from now on.
func (s *sender) pushPooled(p *[]byte, n int) bool {
	return s.pushFrame(outFrame{b: (*p)[:n], pool: p})
}

func (s *sender) pushFrame(f outFrame) bool {
	s.mu.Lock()
	if s.closed || s.err != nil {
		s.mu.Unlock()
		putFrame(f.pool)
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
	var batch []outFrame
	var bufs, iov net.Buffers
	// A connection the listener peeked at writes as the one below it;
	// TCP takes a batch in one writev, anything else through a buffer.
	w := s.conn
	if pc, ok := w.(*peekedConn); ok {
		w = pc.Conn
	}
	var bw *bufio.Writer
	_, vectored := w.(*net.TCPConn)
	if !vectored {
		bw = bufio.NewWriterSize(w, 256<<10)
	}
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
		bufs = bufs[:0]
		for _, f := range batch {
			bufs = append(bufs, f.b)
		}
		s.conn.SetWriteDeadline(time.Now().Add(s.timeout))
		var err error
		if vectored {
			iov = bufs // WriteTo consumes iov; bufs keeps the backing array
			_, err = iov.WriteTo(w)
		} else {
			for _, b := range bufs {
				if _, err = bw.Write(b); err != nil {
					break
				}
			}
			if err == nil {
				err = bw.Flush()
			}
		}
		for i := range batch {
			putFrame(batch[i].pool)
			batch[i] = outFrame{}
		}
		clear(bufs)
		if err != nil {
			s.mu.Lock()
			s.err = err
			q := s.q
			s.q = nil
			s.mu.Unlock()
			for _, f := range q {
				putFrame(f.pool)
			}
			return
		}
	}
}
