package bench

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Link emulates a long, rate-limited network path on loopback: a TCP
// relay that listens on 127.0.0.1 and forwards each connection to a
// target, delaying every byte by RTT/2 in each direction and pacing each
// direction to Rate through a bottleneck queue of Queue bytes.
//
// It is a split connection, as a proxy is: the sender's TCP sees the
// relay's fast loopback acknowledgements, so what the emulator imposes is
// the path's delay and rate and the application's round trips, not the
// end-to-end congestion window of a real sender (a sender whose TCP is
// well tuned for the path behaves about the same). Bytes that left the
// queue are "on the wire" and never block the sender: each direction
// holds up to rate × RTT/2 + Queue bytes, the bandwidth-delay product.
// A connection's handshake is emulated too: its first bytes reach the
// target no earlier than 1.5 RTT after the relay accepted it (SYN,
// SYN-ACK, then the ACK the data follows) and the client no earlier than
// 2 RTT after.
type Link struct {
	opts   LinkOptions
	target string
	ln     net.Listener
	wg     sync.WaitGroup

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

// LinkOptions configures a Link.
type LinkOptions struct {
	// RTT is the round-trip time; each direction delays by RTT/2.
	RTT time.Duration
	// Rate is each direction's bottleneck rate in bytes per second
	// (0: unlimited; see ParseRate for "1Gbit").
	Rate float64
	// Queue is the bottleneck's buffer in bytes: a sender writing faster
	// than Rate blocks once Queue bytes wait to be sent. Default 25 ms at
	// Rate (a moderately buffered router), at least 64 KiB.
	Queue int
	// MaxInFlight bounds the bytes held per direction when Rate is 0
	// (default 64 MiB). With a rate the bound is the BDP plus Queue.
	MaxInFlight int
	Log         *slog.Logger
}

// The relay moves bytes in segments of at most linkSegment bytes, and of
// about one millisecond at Rate (at least linkMinSegment), so pacing is
// smooth at low rates and cheap at high ones.
const (
	linkSegment    = 64 << 10
	linkMinSegment = 1500
	linkQueueDelay = 25 * time.Millisecond
	linkMaxFlight  = 64 << 20
	// The relay's sockets get small kernel buffers so that Queue, not the
	// kernel's autotuned megabytes, is the buffer in front of the link.
	linkSockBuf = 256 << 10
)

func (o *LinkOptions) defaults() error {
	if o.RTT < 0 || o.Rate < 0 || o.Queue < 0 || o.MaxInFlight < 0 || math.IsNaN(o.Rate) || math.IsInf(o.Rate, 0) {
		return fmt.Errorf("bench: link: negative or invalid option %+v", *o)
	}
	if o.Queue == 0 {
		o.Queue = max(64<<10, int(o.Rate*linkQueueDelay.Seconds()))
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = linkMaxFlight
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return nil
}

// NewLink listens on a loopback port and relays every connection to
// target through the emulated path.
func NewLink(target string, opts LinkOptions) (*Link, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: link: %w", err)
	}
	l := &Link{opts: opts, target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	l.wg.Add(1)
	go l.accept()
	return l, nil
}

// Addr is the address to dial instead of the target.
func (l *Link) Addr() string { return l.ln.Addr().String() }

// String describes the link, e.g. "RTT 200ms, 1 Gbit/s, queue 3.1 MB".
func (l *Link) String() string { return l.opts.String() }

func (o LinkOptions) String() string {
	rate := "unlimited"
	if o.Rate > 0 {
		rate = FormatRate(o.Rate)
	}
	return fmt.Sprintf("RTT %s, %s each way, queue %.1f MB", o.RTT, rate, float64(o.Queue)/1e6)
}

// Close stops accepting, cuts every relayed connection and waits for
// the relay's goroutines.
func (l *Link) Close() error {
	err := l.ln.Close()
	l.mu.Lock()
	l.closed = true
	for c := range l.conns {
		c.Close()
	}
	l.mu.Unlock()
	l.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func (l *Link) track(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		c.Close()
		return false
	}
	l.conns[c] = struct{}{}
	return true
}

func (l *Link) untrack(c net.Conn) {
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
	c.Close()
}

func (l *Link) accept() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		if !l.track(c) {
			continue
		}
		l.wg.Add(1)
		go l.relay(c, time.Now())
	}
}

// relay connects c to the target and runs both directions until both
// have ended.
func (l *Link) relay(c net.Conn, accepted time.Time) {
	defer l.wg.Done()
	defer l.untrack(c)
	t, err := net.Dial("tcp", l.target)
	if err != nil {
		l.opts.Log.Warn("link: dial target", "target", l.target, "err", err)
		return
	}
	if !l.track(t) {
		return
	}
	defer l.untrack(t)
	for _, x := range []net.Conn{c, t} {
		if tc, ok := x.(*net.TCPConn); ok {
			tc.SetReadBuffer(linkSockBuf)
			tc.SetWriteBuffer(linkSockBuf)
		}
	}
	// The handshake: the client's first bytes follow its ACK (1.5 RTT
	// after the SYN), the target's first bytes reach the client no
	// earlier than half an RTT after that.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); l.direction(c, t, accepted.Add(l.opts.RTT*3/2)) }()
	go func() { defer wg.Done(); l.direction(t, c, accepted.Add(2*l.opts.RTT)) }()
	wg.Wait()
}

// segment is bytes read from one side, due at the other at due.
type segment struct {
	buf []byte
	due time.Time
}

var segmentPool = sync.Pool{New: func() any { b := make([]byte, linkSegment); return &b }}

// pipe is one direction's bytes on the wire: a FIFO of segments and the
// count of bytes it holds.
type pipe struct {
	mu    sync.Mutex
	cond  *sync.Cond
	segs  []segment
	bytes int
	done  bool // the reader has ended; no more segments
	dead  bool // the writer has failed; the reader should stop
}

// direction relays src to dst: the reader paces and delays, the writer
// delivers each segment when it is due.
func (l *Link) direction(src, dst net.Conn, open time.Time) {
	p := &pipe{}
	p.cond = sync.NewCond(&p.mu)
	segSize := linkSegment
	if l.opts.Rate > 0 {
		segSize = min(linkSegment, max(linkMinSegment, int(l.opts.Rate/1000)))
	}
	limit := l.opts.MaxInFlight
	if l.opts.Rate > 0 {
		limit = int(l.opts.Rate*(l.opts.RTT/2).Seconds()) + l.opts.Queue + segSize
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if !l.deliver(p, dst) {
			src.Close() // the far side is gone: stop the reader too
		}
	}()
	l.read(p, src, segSize, limit, open)
	wg.Wait()
}

// read fills p from src: each segment departs the bottleneck when the
// previous one has been serialised at Rate, and is due RTT/2 later.
func (l *Link) read(p *pipe, src net.Conn, segSize, limit int, open time.Time) {
	defer func() {
		p.mu.Lock()
		p.done = true
		p.cond.Broadcast()
		p.mu.Unlock()
	}()
	oneWay := l.opts.RTT / 2
	queueDelay := time.Duration(0)
	if l.opts.Rate > 0 {
		queueDelay = time.Duration(float64(l.opts.Queue) / l.opts.Rate * float64(time.Second))
	}
	// depart is when the bottleneck finishes sending what it holds; it
	// sends nothing before the handshake lets the first bytes through.
	depart := open.Add(-oneWay)
	for {
		// The bottleneck queue is full: wait for it to drain to Queue.
		if now := time.Now(); depart.Sub(now) > queueDelay {
			time.Sleep(depart.Sub(now) - queueDelay)
		}
		// The wire is full (only without a rate, or when the receiver is slow).
		p.mu.Lock()
		for p.bytes >= limit && !p.dead {
			p.cond.Wait()
		}
		dead := p.dead
		p.mu.Unlock()
		if dead {
			return
		}
		bp := segmentPool.Get().(*[]byte)
		n, err := src.Read((*bp)[:segSize])
		if n > 0 {
			now := time.Now()
			start := now
			if depart.After(start) {
				start = depart
			}
			if l.opts.Rate > 0 {
				depart = start.Add(time.Duration(float64(n) / l.opts.Rate * float64(time.Second)))
			} else {
				depart = start
			}
			due := depart.Add(oneWay)
			if due.Before(open) {
				due = open
			}
			p.mu.Lock()
			p.segs = append(p.segs, segment{buf: (*bp)[:n], due: due})
			p.bytes += n
			p.cond.Broadcast()
			p.mu.Unlock()
		} else {
			segmentPool.Put(bp)
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				l.opts.Log.Debug("link: read", "err", err)
			}
			return
		}
	}
}

// deliver writes each segment to dst when it is due, then half-closes
// dst once the reader has ended (the FIN travels the link too). It
// reports false when a write failed.
func (l *Link) deliver(p *pipe, dst net.Conn) bool {
	fail := func() {
		p.mu.Lock()
		p.dead = true
		for _, s := range p.segs {
			b := s.buf[:cap(s.buf)]
			segmentPool.Put(&b)
		}
		p.segs, p.bytes = nil, 0
		p.cond.Broadcast()
		p.mu.Unlock()
	}
	for {
		p.mu.Lock()
		for len(p.segs) == 0 && !p.done {
			p.cond.Wait()
		}
		if len(p.segs) == 0 { // done and drained
			p.mu.Unlock()
			if tc, ok := dst.(*net.TCPConn); ok {
				tc.CloseWrite()
			} else {
				dst.Close()
			}
			return true
		}
		s := p.segs[0]
		p.mu.Unlock()
		if d := time.Until(s.due); d > 0 {
			time.Sleep(d)
		}
		_, err := dst.Write(s.buf)
		p.mu.Lock()
		p.segs[0] = segment{}
		p.segs = p.segs[1:]
		p.bytes -= len(s.buf)
		p.cond.Broadcast()
		p.mu.Unlock()
		b := s.buf[:cap(s.buf)]
		segmentPool.Put(&b)
		if err != nil {
			l.opts.Log.Debug("link: write", "err", err)
			fail()
			return false
		}
	}
}

// ParseRate parses a link rate: a number with an optional decimal prefix
// (k, M, G) and a unit, "bit" (bits per second) or "B" (bytes per
// second), e.g. "1Gbit", "100Mbit", "125MB". It returns bytes per second;
// "0" and "" mean unlimited.
func ParseRate(s string) (float64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "/s")
	if b, ok := strings.CutSuffix(s, "bps"); ok {
		s = b + "bit"
	} else if b, ok := strings.CutSuffix(s, "Bps"); ok {
		s = b + "B"
	}
	if s == "" || s == "0" {
		return 0, nil
	}
	unit := 1.0
	switch {
	case strings.HasSuffix(s, "bit"):
		s, unit = strings.TrimSuffix(s, "bit"), 1.0/8
	case strings.HasSuffix(s, "B"):
		s = strings.TrimSuffix(s, "B")
	default:
		return 0, fmt.Errorf("bench: rate %q: want a unit, bit or B (e.g. 1Gbit, 125MB)", s)
	}
	mult := 1.0
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mult = 1e3
		case 'M':
			mult = 1e6
		case 'G':
			mult = 1e9
		}
		if mult != 1 {
			s = s[:n-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("bench: rate %q: not a non-negative number", s)
	}
	return v * mult * unit, nil
}

// FormatRate prints bytes per second as bits per second ("1 Gbit/s").
func FormatRate(bytesPerSec float64) string {
	b := bytesPerSec * 8
	switch {
	case b >= 1e9:
		return strconv.FormatFloat(b/1e9, 'g', 4, 64) + " Gbit/s"
	case b >= 1e6:
		return strconv.FormatFloat(b/1e6, 'g', 4, 64) + " Mbit/s"
	case b >= 1e3:
		return strconv.FormatFloat(b/1e3, 'g', 4, 64) + " kbit/s"
	}
	return strconv.FormatFloat(b, 'g', 4, 64) + " bit/s"
}
