package relay

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

// Client defaults.
const (
	DefaultChunkSize       = 32 << 10
	DefaultPayDelay        = 20 * time.Millisecond
	DefaultLatencyEvery    = 5 * time.Second
	DefaultThroughputSize  = 1 << 20
	DefaultProbeDeadline   = 5 * time.Second
	DefaultClientIdle      = 5 * time.Minute
	DefaultRetryAfter      = 10 * time.Second
	DefaultWindowChunks    = 64
	DefaultClientChainAge  = 30 * time.Second
	defaultClientDialLimit = 10 * time.Second
)

// ClientOptions configures a Client.
type ClientOptions struct {
	Key        *ecdsa.PrivateKey        // signs vouchers (required)
	ReceiptKey *protocol.ReceiptKey     // signs receipts (required)
	Record     *challenge.PaymentRecord // channels and what was paid (required)
	Reports    *challenge.ReportLog     // misbehavior reports; nil: logged only
	OnReport   func(r protocol.Report)  // also gets every report (e.g. to the verifier)
	Exits      []string                 // exits' host:port, in order of preference (required)
	// Terms of new off-chain channels, as in challenge.ClientOptions.
	PricePerByte *big.Int
	Domain       protocol.ChainDomain
	Shape        protocol.Shape
	// Channel and ChainState are challenge.ClientOptions' hooks:
	// node.ClientChannels' methods make the client pay on chain.
	Channel    func(ctx context.Context, addr string) (challenge.ChannelInfo, error)
	ChainState func(ctx context.Context, info challenge.ChannelInfo) (*protocol.ChainChannel, error)
	// Terms are the session terms: chunk size, stream window and quality
	// floor (MinRate, MaxLatencyMillis).
	Terms Terms
	// WindowBytes bounds a window's bytes (default: Shape.Chunks chunks,
	// at most half the exit's credit in either direction).
	WindowBytes uint64
	// PayDelay is how long a ready chunk waits for its window to fill
	// before the client pays the window as it is.
	PayDelay time.Duration
	// Probes is the number of possession probes per window (default the
	// shape's probe slots; -1: none).
	Probes int
	// LatencyEvery sends a latency probe that often (-1: never);
	// ThroughputEvery a throughput probe of ThroughputSize bytes (0: once
	// per session when Terms.MinRate is set; -1: never).
	LatencyEvery    time.Duration
	ThroughputEvery time.Duration
	ThroughputSize  uint32
	ProbeDeadline   time.Duration
	DialTimeout     time.Duration
	IdleTimeout     time.Duration
	// RetryAfter is how long an exit that failed for network reasons is
	// left alone; one that misbehaved or fell below the floor never comes
	// back in this client's life.
	RetryAfter time.Duration
	Log        *slog.Logger
}

// ExitStats is what the client carried through one exit session.
type ExitStats struct {
	Addr         string
	Miner        common.Address
	Channel      protocol.Element
	Sent         uint64 // upstream bytes metered
	Received     uint64 // downstream bytes metered
	Paid         uint64 // bytes covered by vouchers sent in this session
	Acked        uint64 // cumulative bytes of the latest acknowledged voucher
	Vouchers     int
	LastRTT      time.Duration
	LastRate     float64 // bytes/s of the last throughput probe
	ProbesPassed int
	Err          error // why the session ended (nil: running or closed in order)
}

// Client carries streams through exits, metering, probing and paying.
type Client struct {
	opts    ClientOptions
	addr    common.Address
	keyHash protocol.Element
	log     *slog.Logger

	mu       sync.Mutex
	cur      *session
	connect  sync.Mutex // one session set-up at a time
	bad      map[string]error
	retry    map[string]time.Time
	sessions []*session
	closed   bool
}

// NewClient checks opts and applies defaults.
func NewClient(opts ClientOptions) (*Client, error) {
	if opts.Key == nil || opts.ReceiptKey == nil || opts.Record == nil || len(opts.Exits) == 0 {
		return nil, fmt.Errorf("%w: a relay client needs keys, a record and exits", ErrConfig)
	}
	if opts.PricePerByte == nil {
		opts.PricePerByte = big.NewInt(1)
	}
	if opts.Domain.ChainID == nil {
		opts.Domain.ChainID = big.NewInt(challenge.DevChainID)
	}
	if opts.Shape == (protocol.Shape{}) {
		opts.Shape = protocol.ShapeFor(DefaultWindowChunks)
	}
	if err := opts.Shape.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	t := &opts.Terms
	if t.ChunkSize == 0 {
		t.ChunkSize = DefaultChunkSize
	}
	if t.StreamWindow == 0 {
		t.StreamWindow = DefaultStreamWindow
	}
	if t.ChunkSize > MaxChunk || t.StreamWindow < t.ChunkSize || t.StreamWindow > MaxStreamWindow {
		return nil, fmt.Errorf("%w: chunk size %d, stream window %d", ErrConfig, t.ChunkSize, t.StreamWindow)
	}
	if opts.PayDelay <= 0 {
		opts.PayDelay = DefaultPayDelay
	}
	if opts.Probes == 0 {
		opts.Probes = opts.Shape.Probes
	}
	opts.Probes = min(opts.Probes, opts.Shape.Probes)
	if opts.LatencyEvery == 0 {
		opts.LatencyEvery = DefaultLatencyEvery
	}
	if opts.ThroughputSize == 0 {
		opts.ThroughputSize = DefaultThroughputSize
	}
	if opts.ThroughputSize > MaxThroughputProbe {
		return nil, fmt.Errorf("%w: throughput probe of %d bytes", ErrConfig, opts.ThroughputSize)
	}
	if opts.ProbeDeadline <= 0 {
		opts.ProbeDeadline = DefaultProbeDeadline
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = defaultClientDialLimit
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultClientIdle
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = DefaultRetryAfter
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	kh, err := opts.ReceiptKey.Public().Hash()
	if err != nil {
		return nil, fmt.Errorf("%w: receipt key: %w", ErrConfig, err)
	}
	return &Client{opts: opts, addr: crypto.PubkeyToAddress(opts.Key.PublicKey), keyHash: kh, log: opts.Log,
		bad: map[string]error{}, retry: map[string]time.Time{}}, nil
}

// Address is the client's voucher-signing address.
func (c *Client) Address() common.Address { return c.addr }

// OpenError is a destination the exit did not connect to: Code is the
// SOCKS reply code, Message the exit's reason.
type OpenError struct {
	Exit    string
	Host    string
	Port    uint16
	Code    uint8
	Message string
}

func (e *OpenError) Error() string {
	return fmt.Sprintf("relay: exit %s did not open %s: code %d: %s", e.Exit, net.JoinHostPort(e.Host, fmt.Sprint(e.Port)), e.Code, e.Message)
}

// Unwrap makes an OpenError an ErrRefused.
func (e *OpenError) Unwrap() error { return ErrRefused }

// Dial opens a stream to host:port through the current exit, moving to
// the next exit when the current one fails.
func (c *Client) Dial(ctx context.Context, host string, port uint16) (*Stream, error) {
	if len(host) == 0 || len(host) > MaxHost || port == 0 {
		return nil, fmt.Errorf("%w: destination %q port %d", ErrConfig, host, port)
	}
	var last error
	for range len(c.opts.Exits) + 1 {
		s, err := c.session(ctx)
		if err != nil {
			if last != nil {
				err = fmt.Errorf("%w (before: %w)", err, last)
			}
			return nil, err
		}
		st, err := s.open(ctx, host, port)
		if err == nil {
			return st, nil
		}
		var oe *OpenError
		if errors.As(err, &oe) || ctx.Err() != nil {
			return nil, err
		}
		last = err // the session failed: the next one
	}
	return nil, fmt.Errorf("%w: %w", ErrNoExit, last)
}

// session returns the running session, or starts one with the first exit
// that works.
func (c *Client) session(ctx context.Context) (*session, error) {
	c.connect.Lock()
	defer c.connect.Unlock()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	if s := c.cur; s != nil && s.alive() {
		c.mu.Unlock()
		return s, nil
	}
	c.cur = nil
	c.mu.Unlock()
	var errs []error
	for _, addr := range c.opts.Exits {
		c.mu.Lock()
		bad, wait := c.bad[addr], time.Until(c.retry[addr])
		c.mu.Unlock()
		if bad != nil {
			errs = append(errs, fmt.Errorf("%s: %w", addr, bad))
			continue
		}
		if wait > 0 {
			errs = append(errs, fmt.Errorf("%s: failed recently, retry in %s", addr, wait.Round(time.Second)))
			continue
		}
		s, err := c.start(ctx, addr)
		if err != nil {
			c.log.Warn("relay exit unavailable", "exit", addr, "err", err)
			c.mu.Lock()
			c.retry[addr] = time.Now().Add(c.opts.RetryAfter)
			c.mu.Unlock()
			errs = append(errs, fmt.Errorf("%s: %w", addr, err))
			if ctx.Err() != nil {
				break
			}
			continue
		}
		c.mu.Lock()
		c.cur = s
		c.sessions = append(c.sessions, s)
		c.mu.Unlock()
		return s, nil
	}
	return nil, fmt.Errorf("%w: %w", ErrNoExit, errors.Join(errs...))
}

// ended is told by a session that it ended.
func (c *Client) ended(s *session, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == s {
		c.cur = nil
	}
	switch {
	case errors.Is(err, ErrMisbehavior), errors.Is(err, ErrBelowFloor):
		c.bad[s.addr] = err
	case err != nil && !errors.Is(err, ErrClosed):
		c.retry[s.addr] = time.Now().Add(c.opts.RetryAfter)
	}
}

// Stats returns every session's counters, oldest first.
func (c *Client) Stats() []ExitStats {
	c.mu.Lock()
	ss := append([]*session(nil), c.sessions...)
	c.mu.Unlock()
	out := make([]ExitStats, len(ss))
	for i, s := range ss {
		out[i] = s.stats()
	}
	return out
}

// Flush pays every chunk carried so far and waits (at most d) for the
// exit to acknowledge it.
func (c *Client) Flush(d time.Duration) error {
	c.mu.Lock()
	s := c.cur
	c.mu.Unlock()
	if s == nil {
		return nil
	}
	return s.flush(d)
}

// Close pays what was carried (briefly waiting for the acknowledgement)
// and ends the sessions.
func (c *Client) Close() error {
	c.Flush(3 * time.Second)
	c.mu.Lock()
	c.closed = true
	ss := append([]*session(nil), c.sessions...)
	c.mu.Unlock()
	for _, s := range ss {
		s.fail(ErrClosed)
	}
	return nil
}

// channelFor is challenge.Client's: the hook's channel, the recorded one,
// or a new off-chain channel.
func (c *Client) channelFor(ctx context.Context, addr string) (challenge.ChannelInfo, error) {
	rec := c.opts.Record
	if c.opts.Channel != nil {
		info, err := c.opts.Channel(ctx, addr)
		if err != nil {
			return info, err
		}
		return info, rec.SaveChannel(addr, info)
	}
	info, ok, err := rec.ChannelFor(addr)
	if err != nil || ok {
		return info, err
	}
	id, err := protocol.NewChallenge() // a random 248-bit value: a fresh channel id
	if err != nil {
		return info, err
	}
	info = challenge.ChannelInfo{ID: id, Client: c.addr, ReceiptKey: c.opts.ReceiptKey.Public(),
		PricePerByte: new(big.Int).Set(c.opts.PricePerByte), Domain: c.opts.Domain, Shape: c.opts.Shape}
	return info, rec.SaveChannel(addr, info)
}

func (c *Client) terms(info challenge.ChannelInfo) protocol.ChannelTerms {
	return protocol.ChannelTerms{ID: info.ID, Client: c.addr, Miner: info.Miner, PricePerByte: info.PricePerByte,
		Domain: info.Domain, KeyHash: c.keyHash}
}

// readChain reads the channel on chain and checks the client may pay on it.
func (c *Client) readChain(ctx context.Context, info challenge.ChannelInfo) (*protocol.ChainChannel, error) {
	ch, err := c.opts.ChainState(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("channel %s on chain: %w", info.ID, err)
	}
	vc := protocol.VoucherContext{Terms: c.terms(info), Chain: ch}
	if err := protocol.CheckChannel(&vc); err != nil {
		return nil, fmt.Errorf("%w: channel %s: %w", challenge.ErrChannel, info.ID, err)
	}
	return ch, nil
}

// entry is a chunk carried and not yet paid.
type entry struct {
	dir   Direction
	seq   uint64
	leaf  protocol.ChunkLeaf
	ready bool      // down: received; up: echoed correctly
	at    time.Time // when it became ready
}

// pending is a probe awaiting its answer.
type pending struct {
	id       uint32
	kind     ProbeKind
	dir      Direction
	seq      uint64
	chal     protocol.Element
	field    protocol.Element // possession: the expected answer
	sent     time.Time
	deadline time.Time
	size     uint32
	filled   uint64
}

// passed is an answered possession probe, for the window of its chunk.
type passed struct {
	dir    Direction
	seq    uint64
	chal   protocol.Element
	answer protocol.Element
}

type session struct {
	c      *Client
	addr   string
	conn   net.Conn
	in     *bufio.Reader
	out    *sender
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	info   challenge.ChannelInfo
	terms  Terms
	ack    HelloAck
	rng    *mrand.Rand

	windowBytes uint64

	upMu       sync.Mutex // upstream chunks in order (before mu)
	mu         sync.Mutex
	cond       *sync.Cond // upstream credit, flush progress
	err        error
	streams    map[uint32]*Stream
	finished   map[uint32]bool // streams the exit finished: bytes after that are injected
	lastStream uint32
	upSeq      uint64
	echoSeq    uint64
	downSeq    uint64
	downCount  uint64
	log_       []entry
	upUnpaid   uint64
	probes     map[uint32]*pending
	probeID    uint32
	possession int // possession probes outstanding
	answered   []passed
	flushing   bool
	paying     int // windows taken and not yet sent
	readyN     int // ready chunks in log_, and their bytes
	readyBytes uint64
	payWake    chan struct{}
	inq        chan inFrame // reader → handler
	queued     atomic.Int64 // frames queued and not yet handled
	// payment chain (the payer's, read under mu)
	nonce, bytes uint64
	root         protocol.Element
	unacked      []uint64
	ackNonce     uint64 // latest acknowledged nonce
	ackSaved     uint64 // latest one in the record (the acker's)
	ackWake      chan struct{}
	chain        *protocol.ChainChannel
	chainAt      time.Time
	st           ExitStats
}

// start dials an exit and runs the hello.
func (c *Client) start(ctx context.Context, addr string) (*session, error) {
	info, err := c.channelFor(ctx, addr)
	if err != nil {
		return nil, err
	}
	if info.Client != c.addr || info.ReceiptKey != c.opts.ReceiptKey.Public() {
		return nil, fmt.Errorf("%w: channel %s belongs to other keys", challenge.ErrChannel, info.ID)
	}
	var chain *protocol.ChainChannel
	if c.opts.ChainState != nil {
		if chain, err = c.readChain(ctx, info); err != nil {
			return nil, err
		}
	}
	d := net.Dialer{Timeout: c.opts.DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	s := &session{c: c, addr: addr, conn: conn, in: bufio.NewReaderSize(conn, 256<<10), ctx: sctx, cancel: cancel,
		info: info, terms: c.opts.Terms, rng: mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64())),
		streams: map[uint32]*Stream{}, finished: map[uint32]bool{}, probes: map[uint32]*pending{},
		inq: make(chan inFrame, inQueue), payWake: make(chan struct{}, 1), ackWake: make(chan struct{}, 1), chain: chain, chainAt: time.Now(),
		log: c.log.With("exit", addr, "channel", info.ID.String()[:18])}
	s.cond = sync.NewCond(&s.mu)
	s.st = ExitStats{Addr: addr, Channel: info.ID}
	if err := s.hello(); err != nil {
		conn.Close()
		cancel()
		return nil, err
	}
	go s.reader()
	go s.handler()
	go s.payer()
	go s.prober()
	go s.acker()
	return s, nil
}

func (s *session) hello() error {
	c := s.c
	s.conn.SetDeadline(time.Now().Add(c.opts.DialTimeout))
	defer s.conn.SetDeadline(time.Time{})
	s.out = newSender(s.conn, c.opts.IdleTimeout)
	s.out.push(frame(FrameHello, 0, (&Hello{Version: Version, Channel: s.info, Terms: s.terms}).encode()))
	lim := limitsOf(FrameHelloAck, FrameError)
	f, err := lim.Read(s.in, nil)
	if err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	if f.Type == FrameError {
		return peerError(f.Payload)
	}
	ack, err := DecodeHelloAck(f.Payload)
	if err != nil {
		return err
	}
	s.ack = *ack
	rec := c.opts.Record
	if s.info.Miner == (common.Address{}) {
		s.info.Miner = ack.Miner
		if c.opts.Channel == nil {
			if err := rec.SaveChannel(s.addr, s.info); err != nil {
				return err
			}
		}
	} else if s.info.Miner != ack.Miner {
		return fmt.Errorf("%w: channel is with %s, exit at %s is %s", challenge.ErrChannel, s.info.Miner, s.addr, ack.Miner)
	}
	if s.chain != nil && s.chain.Miner != ack.Miner {
		return fmt.Errorf("%w: channel %s is with %s on chain, exit at %s is %s", challenge.ErrChannel, s.info.ID, s.chain.Miner, s.addr, ack.Miner)
	}
	s.st.Miner = ack.Miner
	wb := c.opts.WindowBytes
	if wb == 0 {
		wb = uint64(s.info.Shape.Chunks) * uint64(s.terms.ChunkSize)
	}
	s.windowBytes = max(min(wb, ack.CreditUp/2, ack.CreditDown/2), uint64(s.terms.ChunkSize))
	steps, err := rec.Steps(s.info.ID)
	if err != nil {
		return err
	}
	if len(steps) == 0 {
		if ack.Nonce != 0 || ack.Bytes != 0 || ack.Root != (protocol.Element{}) {
			return fmt.Errorf("%w: exit holds nonce %d, the client never paid on this channel", challenge.ErrChannel, ack.Nonce)
		}
		return nil
	}
	latest := &steps[len(steps)-1]
	s.root, s.bytes, s.nonce = latest.Receipt.Root, latest.Receipt.CumulativeBytes, latest.Voucher.Nonce
	if ack.Nonce == latest.Voucher.Nonce && ack.Bytes == latest.Receipt.CumulativeBytes && ack.Root == latest.Receipt.Root {
		return nil
	}
	for i := range steps {
		st := &steps[i]
		if st.Voucher.Nonce <= ack.Nonce || st.PrevBytes != ack.Bytes || st.PrevRoot != ack.Root {
			continue
		}
		// The exit never stored these (it stopped before): again, in order.
		for _, st := range steps[i:] {
			s.out.push(frame(FramePayment, 0, st.Encode()))
			s.unacked = append(s.unacked, st.Voucher.Nonce)
		}
		return nil
	}
	return fmt.Errorf("%w: exit holds nonce %d / %d bytes, the client's record nonce %d / %d bytes",
		challenge.ErrChannel, ack.Nonce, ack.Bytes, latest.Voucher.Nonce, latest.Receipt.CumulativeBytes)
}

func (s *session) alive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == nil
}

func (s *session) stats() ExitStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if s.err != nil && !errors.Is(s.err, ErrClosed) {
		st.Err = s.err
	}
	return st
}

// fail ends the session once: streams fail, the payer stops before its
// next window.
func (s *session) fail(err error) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return
	}
	s.err = err
	streams := make([]*Stream, 0, len(s.streams))
	for _, st := range s.streams {
		streams = append(streams, st)
	}
	s.cond.Broadcast()
	s.mu.Unlock()
	// First: the next Dial must not pick this exit again.
	s.c.ended(s, err)
	if !errors.Is(err, ErrClosed) {
		s.log.Warn("relay session ended", "err", err)
	}
	for _, st := range streams {
		st.kill(fmt.Errorf("%w: session: %w", ErrClosed, err))
	}
	s.out.close()
	s.out.wait(time.Second)
	s.conn.Close()
	s.cancel()
}

// misbehaved reports the exit, tells it, and ends the session.
func (s *session) misbehaved(kind protocol.ReportKind, sentinel error, detail string) error {
	s.report(kind, detail)
	code := CodeMisbehavior
	if sentinel == ErrBelowFloor {
		code = CodeBelowFloor
	}
	s.out.push(errorFrame(code, detail))
	return fmt.Errorf("%w: exit %s: %s", sentinel, s.addr, detail)
}

func (s *session) report(kind protocol.ReportKind, detail string) {
	r := &protocol.Report{Kind: kind, Accused: s.ack.Miner, ChannelID: s.info.ID, Time: uint64(time.Now().Unix()), Detail: detail}
	if len(r.Detail) > protocol.MaxReportDetail {
		r.Detail = r.Detail[:protocol.MaxReportDetail]
	}
	s.log.Warn("exit misbehaved", "kind", kind, "detail", detail)
	if rl := s.c.opts.Reports; rl != nil {
		if err := rl.Record(r); err != nil {
			s.log.Error("recording report", "err", err)
		}
	}
	if s.c.opts.OnReport != nil {
		s.c.opts.OnReport(*r)
	}
}

// inFrame is a frame, or the error that ended the reading, on its way
// from the reader to the handler.
type inFrame struct {
	f   Frame
	err error
}

// inQueue bounds the frames read and not yet handled (at most this many
// data frame buffers per session).
const inQueue = 16

// reader reads frames, each into its own data frame buffer. While more
// bytes are already buffered (a bulk transfer) it queues them in order for
// the handler, so that reading the next chunk overlaps hashing the last;
// when nothing else is buffered or queued (interactive traffic) it
// handles the frame itself, saving a goroutine switch. A read error goes
// the same way, so that every frame read before it is handled first.
func (s *session) reader() {
	lim := FromExit()
	var refreshed time.Time
	for {
		if now := time.Now(); now.Sub(refreshed) > s.c.opts.IdleTimeout/16 {
			s.conn.SetReadDeadline(now.Add(s.c.opts.IdleTimeout))
			refreshed = now
		}
		fb := getFrame()
		f, err := lim.Read(s.in, *fb)
		if err == nil && len(f.Payload) <= cap(*fb) {
			f.buf = fb
		} else {
			putFrame(fb)
		}
		in := inFrame{f: f, err: err}
		// Only this goroutine adds to queued: zero means the handler has
		// finished every frame before this one.
		if s.queued.Load() == 0 && (err != nil || s.in.Buffered() == 0) {
			if !s.process(in) {
				return
			}
			continue
		}
		s.queued.Add(1)
		select {
		case s.inq <- in:
		case <-s.ctx.Done():
			putFrame(f.buf)
			return
		}
		if err != nil {
			return
		}
	}
}

// handler handles the frames the reader queued, in order.
func (s *session) handler() {
	for {
		var in inFrame
		select {
		case in = <-s.inq:
		case <-s.ctx.Done():
			return
		}
		ok := s.process(in)
		s.queued.Add(-1)
		if !ok {
			return
		}
	}
}

// process acts on a frame (or the read error); false: the session ended.
func (s *session) process(in inFrame) bool {
	err := in.err
	if err == nil {
		var took bool
		took, err = s.handle(in.f)
		if !took {
			putFrame(in.f.buf)
		}
	}
	if err != nil {
		if errors.Is(err, ErrProtocol) {
			s.out.push(errorFrame(CodeProtocol, err.Error()))
		}
		s.fail(err)
		return false
	}
	return true
}

func (s *session) wakePayer() {
	select {
	case s.payWake <- struct{}{}:
	default:
	}
}

// handle acts on a frame from the exit; took: a stream kept the frame's
// buffer.
func (s *session) handle(f Frame) (took bool, err error) {
	if f.Type == FrameDown {
		d, err := DecodeDown(f.Payload)
		if err != nil {
			return false, err
		}
		return s.down(f.Stream, d, f.buf)
	}
	return false, s.handleControl(f)
}

func (s *session) handleControl(f Frame) error {
	switch f.Type {
	case FrameOpenReply:
		r, err := DecodeOpenReply(f.Payload)
		if err != nil {
			return err
		}
		s.mu.Lock()
		st := s.streams[f.Stream]
		s.mu.Unlock()
		if st == nil || !st.deliverOpen(r) {
			return fmt.Errorf("%w: open reply for stream %d not opening", ErrProtocol, f.Stream)
		}
		return nil
	case FrameEcho:
		e, err := DecodeEcho(f.Payload)
		if err != nil {
			return err
		}
		return s.echo(e)
	case FrameWindow:
		n, err := DecodeWindow(f.Payload)
		if err != nil {
			return err
		}
		if st := s.stream(f.Stream); st != nil {
			st.grant(n)
		}
		return nil
	case FrameFin:
		s.mu.Lock()
		s.finished[f.Stream] = true
		st := s.streams[f.Stream]
		s.mu.Unlock()
		if st != nil {
			st.finDown()
		}
		return nil
	case FrameReset:
		if st := s.stream(f.Stream); st != nil {
			st.kill(fmt.Errorf("%w: stream reset by the exit", ErrClosed))
		}
		return nil
	case FrameProbeAnswer:
		a, err := DecodeProbeAnswer(f.Payload)
		if err != nil {
			return err
		}
		return s.answer(a)
	case FrameFiller:
		id, n, err := DecodeFiller(f.Payload)
		if err != nil {
			return err
		}
		s.mu.Lock()
		p := s.probes[id]
		if p == nil || p.kind != ProbeThroughput || p.filled+uint64(n) > uint64(p.size) {
			s.mu.Unlock()
			return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior, "filler beyond any throughput probe")
		}
		p.filled += uint64(n)
		s.mu.Unlock()
		return nil
	case FramePaymentAck:
		a, err := DecodePaymentAck(f.Payload)
		if err != nil {
			return err
		}
		return s.paymentAck(a)
	case FrameError:
		return peerError(f.Payload)
	}
	return fmt.Errorf("%w: unexpected %s", ErrProtocol, f.Type)
}

func (s *session) stream(id uint32) *Stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streams[id]
}

// down checks a downstream chunk against the client's own count and
// digest: a gap, an overclaim, altered bytes or bytes on a stream that
// ended stop the session before the chunk enters a window.
func (s *session) down(id uint32, d *DownChunk, fb *[]byte) (took bool, err error) {
	n := uint64(len(d.Data))
	s.mu.Lock()
	want := s.downSeq + 1
	count := s.downCount + n
	st := s.streams[id]
	ended := s.finished[id] || id > s.lastStream
	s.mu.Unlock()
	switch {
	case d.Seq != want:
		return false, s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("downstream chunk %d where %d was due: chunks dropped or replayed", d.Seq, want))
	case d.Count != count:
		return false, s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("exit claims %d downstream bytes at chunk %d, the client counted %d", d.Count, d.Seq, count))
	case ChunkDigest(Down, d.Seq, id, d.Data) != d.Digest:
		return false, s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("downstream chunk %d (stream %d): bytes do not match the exit's digest", d.Seq, id))
	case ended:
		return false, s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("downstream chunk %d injected on stream %d, which ended or never opened", d.Seq, id))
	}
	if st != nil {
		// After this, d.Data may belong to the stream (and be read and
		// recycled): only the digest and length are used below.
		if took, err = st.deliver(d.Data, fb); err != nil {
			return false, s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior, err.Error())
		}
	}
	// A stream the client closed still meters what the exit sent before
	// it learned so.
	leaf := protocol.ChunkLeaf{Length: uint32(n), Digest: d.Digest}
	s.mu.Lock()
	s.downSeq, s.downCount = d.Seq, count
	s.log_ = append(s.log_, entry{dir: Down, seq: d.Seq, leaf: leaf, ready: true, at: time.Now()})
	s.st.Received += n
	s.maybeProbe(Down, d.Seq, leaf)
	wake := s.readyLocked(n)
	s.mu.Unlock()
	if wake {
		s.wakePayer()
	}
	return took, nil
}

// echo checks the exit's statement of an upstream chunk against the
// client's own digest.
func (s *session) echo(e *Echo) error {
	s.mu.Lock()
	if e.Seq != s.echoSeq+1 || e.Seq > s.upSeq {
		s.mu.Unlock()
		return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("echo of upstream chunk %d where %d was due", e.Seq, s.echoSeq+1))
	}
	var ent *entry
	for i := range s.log_ {
		if s.log_[i].dir == Up && s.log_[i].seq == e.Seq {
			ent = &s.log_[i]
			break
		}
	}
	if ent == nil || ent.leaf.Digest != e.Digest {
		s.mu.Unlock()
		return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("upstream chunk %d: the exit forwarded other bytes than the client sent", e.Seq))
	}
	s.echoSeq = e.Seq
	ent.ready, ent.at = true, time.Now()
	s.maybeProbe(Up, e.Seq, ent.leaf)
	wake := s.readyLocked(uint64(ent.leaf.Length))
	s.mu.Unlock()
	if wake {
		s.wakePayer()
	}
	return nil
}

// readyLocked counts a chunk that became ready; true when the payer must
// look: at the first one (it times the pay delay from it) or when a
// window is full. Not waking it for every chunk saves a goroutine switch
// per chunk.
func (s *session) readyLocked(n uint64) bool {
	s.readyN++
	s.readyBytes += n
	return s.readyN == 1 || s.readyN >= s.info.Shape.Chunks || s.readyBytes >= s.windowBytes
}

// maybeProbe sends a possession probe for a ready chunk now and then:
// about Probes per window (s.mu held).
func (s *session) maybeProbe(dir Direction, seq uint64, leaf protocol.ChunkLeaf) {
	o := &s.c.opts
	if o.Probes <= 0 || s.possession >= o.Probes || s.rng.IntN(s.info.Shape.Chunks) >= o.Probes {
		return
	}
	chal, err := protocol.NewChallenge()
	if err != nil {
		return
	}
	field, err := protocol.ProbeAnswer(chal, leaf)
	if err != nil {
		return
	}
	s.probeID++
	now := time.Now()
	p := &pending{id: s.probeID, kind: ProbePossession, dir: dir, seq: seq, chal: chal, field: field, sent: now,
		deadline: now.Add(o.ProbeDeadline)}
	s.probes[p.id] = p
	s.possession++
	s.out.push(frame(FrameProbe, 0, (&Probe{ID: p.id, Kind: ProbePossession, Dir: dir, Seq: seq, Challenge: chal}).encode()))
}

// sendProbe sends a latency or throughput probe.
func (s *session) sendProbe(kind ProbeKind) {
	chal, err := protocol.NewChallenge()
	if err != nil {
		return
	}
	o := &s.c.opts
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	s.probeID++
	now := time.Now()
	p := &pending{id: s.probeID, kind: kind, chal: chal, sent: now, deadline: now.Add(o.ProbeDeadline)}
	if kind == ProbeThroughput {
		p.size = o.ThroughputSize
		if r := s.terms.MinRate; r > 0 {
			// Time for the bytes at twice the floor, then the deadline: a
			// slower exit fails on its rate, not on the deadline.
			p.deadline = p.deadline.Add(time.Duration(float64(p.size) / float64(r) * 2 * float64(time.Second)))
		}
	}
	s.probes[p.id] = p
	s.out.push(frame(FrameProbe, 0, (&Probe{ID: p.id, Kind: kind, Size: p.size, Challenge: chal}).encode()))
}

func (s *session) answer(a *ProbeAnswer) error {
	now := time.Now()
	s.mu.Lock()
	p := s.probes[a.ID]
	if p == nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: answer to unknown probe %d", ErrProtocol, a.ID)
	}
	delete(s.probes, a.ID)
	if p.kind == ProbePossession {
		s.possession--
	}
	s.mu.Unlock()
	rtt := now.Sub(p.sent)
	if now.After(p.deadline) {
		return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
			fmt.Sprintf("%s probe %d answered after %s", p.kind, p.id, rtt.Round(time.Millisecond)))
	}
	switch p.kind {
	case ProbePossession:
		if a.Field != p.field {
			return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
				fmt.Sprintf("possession probe of %s chunk %d answered wrongly", p.dir, p.seq))
		}
		s.mu.Lock()
		s.answered = append(s.answered, passed{dir: p.dir, seq: p.seq, chal: p.chal, answer: a.Field})
		s.st.ProbesPassed++
		s.mu.Unlock()
		return nil
	case ProbeLatency:
		if a.Bytes != challenge.LatencyAnswer(p.chal) {
			return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior, fmt.Sprintf("latency probe %d answered wrongly", p.id))
		}
		s.mu.Lock()
		s.st.LastRTT = rtt
		s.st.ProbesPassed++
		s.mu.Unlock()
		if m := s.terms.MaxLatencyMillis; m > 0 && rtt > time.Duration(m)*time.Millisecond {
			return s.misbehaved(protocol.ReportFailedProbe, ErrBelowFloor,
				fmt.Sprintf("below the quality floor: latency probe round trip %s, floor %dms", rtt.Round(time.Microsecond), m))
		}
	case ProbeThroughput:
		if a.Bytes != challenge.LatencyAnswer(p.chal) || p.filled != uint64(p.size) {
			return s.misbehaved(protocol.ReportFailedProbe, ErrMisbehavior,
				fmt.Sprintf("throughput probe %d answered wrongly (%d of %d bytes)", p.id, p.filled, p.size))
		}
		rate := float64(p.size) / rtt.Seconds()
		s.mu.Lock()
		s.st.LastRate = rate
		s.st.ProbesPassed++
		s.mu.Unlock()
		if m := s.terms.MinRate; m > 0 && rate < float64(m) {
			return s.misbehaved(protocol.ReportFailedProbe, ErrBelowFloor,
				fmt.Sprintf("below the quality floor: throughput probe %d bytes in %s = %.0f B/s, floor %d B/s",
					p.size, rtt.Round(time.Millisecond), rate, m))
		}
	}
	return nil
}

// prober sends latency and throughput probes and enforces deadlines.
func (s *session) prober() {
	o := &s.c.opts
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	now := time.Now()
	var nextLat, nextThr time.Time
	if o.LatencyEvery > 0 {
		nextLat = now
	}
	if o.ThroughputEvery >= 0 && (s.terms.MinRate > 0 || o.ThroughputEvery > 0) {
		nextThr = now
	}
	for {
		select {
		case <-s.ctx.Done():
			return
		case now = <-tick.C:
		}
		if !nextLat.IsZero() && !now.Before(nextLat) {
			s.sendProbe(ProbeLatency)
			nextLat = now.Add(o.LatencyEvery)
		}
		if !nextThr.IsZero() && !now.Before(nextThr) {
			s.sendProbe(ProbeThroughput)
			nextThr = time.Time{}
			if o.ThroughputEvery > 0 {
				nextThr = now.Add(o.ThroughputEvery)
			}
		}
		s.mu.Lock()
		var late *pending
		for _, p := range s.probes {
			if now.After(p.deadline) {
				late = p
				break
			}
		}
		s.mu.Unlock()
		if late != nil {
			sentinel := ErrMisbehavior
			detail := fmt.Sprintf("%s probe %d unanswered after %s", late.kind, late.id, now.Sub(late.sent).Round(time.Millisecond))
			if late.kind != ProbePossession && (s.terms.MaxLatencyMillis > 0 || s.terms.MinRate > 0) {
				sentinel = ErrBelowFloor
				detail = "below the quality floor: " + detail
				if late.kind == ProbeThroughput {
					detail += fmt.Sprintf(" (%d of %d bytes)", late.filled, late.size)
				}
			}
			s.fail(s.misbehaved(protocol.ReportFailedProbe, sentinel, detail))
			return
		}
	}
}

func (s *session) paymentAck(a *PaymentAck) error {
	s.mu.Lock()
	if len(s.unacked) == 0 || a.Nonce != s.unacked[0] {
		s.mu.Unlock()
		return fmt.Errorf("%w: acknowledgement of nonce %d not expected", ErrProtocol, a.Nonce)
	}
	s.unacked = s.unacked[1:]
	s.st.Acked = a.Bytes
	s.ackNonce = a.Nonce
	s.cond.Broadcast()
	s.mu.Unlock()
	select {
	case s.ackWake <- struct{}{}:
	default:
	}
	return nil
}

// acker records the latest acknowledged nonce (which prunes the record's
// older steps) off the reader, so that the reader never waits for the
// disk; acknowledgements that arrive meanwhile are recorded as one.
func (s *session) acker() {
	for {
		select {
		case <-s.ackWake:
		case <-s.ctx.Done():
			s.saveAck() // the last one, if any
			return
		}
		if err := s.saveAck(); err != nil {
			s.fail(err)
			return
		}
	}
}

func (s *session) saveAck() error {
	s.mu.Lock()
	n := s.ackNonce
	done := n <= s.ackSaved
	s.mu.Unlock()
	if done {
		return nil
	}
	err := s.c.opts.Record.SaveAck(s.info.ID, n)
	s.mu.Lock()
	if err == nil {
		s.ackSaved = n
	}
	s.cond.Broadcast()
	s.mu.Unlock()
	return err
}

// window is what the payer takes from the log.
type window struct {
	w       protocol.Window
	upBytes uint64
}

// take takes the next window when it is due: full (chunks or bytes), its
// oldest chunk waited PayDelay, or a flush. wait is when to look again.
func (s *session) take() (w *window, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, time.Hour
	}
	shape := s.info.Shape
	var n int
	var bytes uint64
	var oldest time.Time
	for i := range s.log_ {
		e := &s.log_[i]
		if !e.ready {
			continue
		}
		if n == 0 || e.at.Before(oldest) {
			oldest = e.at
		}
		n++
		bytes += uint64(e.leaf.Length)
		if n >= shape.Chunks || bytes >= s.windowBytes {
			break
		}
	}
	if n == 0 {
		return nil, time.Hour
	}
	full := n >= shape.Chunks || bytes >= s.windowBytes
	if age := time.Since(oldest); !full && !s.flushing && age < s.c.opts.PayDelay {
		return nil, s.c.opts.PayDelay - age
	}
	w = &window{}
	pos := map[[2]uint64]int{}
	keep := s.log_[:0:0]
	bytes = 0
	stop := false
	for _, e := range s.log_ {
		// Unready chunks are upstream ones past the last echo (so are all
		// later upstream ones); once the window is full nothing later may
		// enter it, or a direction would be paid out of order.
		if !stop && e.ready && (len(w.w.Leaves) >= shape.Chunks || (len(w.w.Leaves) > 0 && bytes+uint64(e.leaf.Length) > s.windowBytes)) {
			stop = true
		}
		if stop || !e.ready {
			keep = append(keep, e)
			continue
		}
		pos[[2]uint64{uint64(e.dir), e.seq}] = len(w.w.Leaves)
		w.w.Leaves = append(w.w.Leaves, e.leaf)
		bytes += uint64(e.leaf.Length)
		if e.dir == Up {
			w.upBytes += uint64(e.leaf.Length)
		}
	}
	s.log_ = keep
	s.readyN -= len(w.w.Leaves)
	s.readyBytes -= bytes
	s.paying++ // until pay pushed it (or failed): flush waits for it
	rest := s.answered[:0:0]
	for _, a := range s.answered {
		if i, ok := pos[[2]uint64{uint64(a.dir), a.seq}]; ok {
			if len(w.w.Probes) < shape.Probes {
				w.w.Probes = append(w.w.Probes, protocol.Probe{Index: uint32(i), Challenge: a.chal, Answer: a.answer})
			}
			continue
		}
		rest = append(rest, a)
	}
	s.answered = rest
	return w, 0
}

// payer signs, records and sends a step for each window as it is due.
func (s *session) payer() {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		for {
			w, wait := s.take()
			if w == nil {
				timer.Reset(wait)
				break
			}
			if err := s.pay(w); err != nil {
				s.fail(err)
				return
			}
		}
		select {
		case <-s.ctx.Done():
			return
		case <-s.payWake:
		case <-timer.C:
		}
	}
}

func (s *session) pay(w *window) error {
	defer func() {
		s.mu.Lock()
		s.paying--
		s.cond.Broadcast()
		s.mu.Unlock()
	}()
	o := &s.c.opts
	s.mu.Lock()
	nonce, root, bytes := s.nonce+1, s.root, s.bytes
	s.mu.Unlock()
	step, err := protocol.SignStep(s.info.Shape, s.info.ID, nonce, root, bytes, w.w,
		s.info.PricePerByte, s.info.Domain, o.Key, o.ReceiptKey)
	if err != nil {
		return err
	}
	if s.chain != nil {
		if time.Since(s.chainAt) > DefaultClientChainAge {
			ch, err := s.c.readChain(s.ctx, s.info)
			if err != nil {
				return fmt.Errorf("not paying voucher %d: %w", nonce, err)
			}
			s.chain, s.chainAt = ch, time.Now()
		}
		// Never more than the deposit, never on a channel that closed.
		prev := protocol.VoucherState{Nonce: s.nonce, Bytes: s.bytes, Amount: amountFor(s.bytes, s.info.PricePerByte)}
		if err := protocol.CheckVoucher(&step.Voucher, nil, protocol.VoucherContext{Prev: prev, Terms: s.c.terms(s.info), Chain: s.chain}); err != nil {
			return fmt.Errorf("not paying voucher %d on channel %s: %w", nonce, s.info.ID, err)
		}
	}
	// Recorded before it is sent: the record never shows less than signed.
	if err := o.Record.SaveStep(step); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	// Pushed under the lock, before upstream credit is freed: the exit
	// reads the payment before any chunk that credit lets through.
	s.out.push(frame(FramePayment, 0, step.Encode()))
	s.nonce, s.root, s.bytes = nonce, step.Receipt.Root, step.Receipt.CumulativeBytes
	s.unacked = append(s.unacked, nonce)
	s.upUnpaid -= w.upBytes
	s.st.Paid += w.w.Bytes()
	s.st.Vouchers++
	s.cond.Broadcast()
	return nil
}

// flush pays everything ready and waits for the acknowledgements.
func (s *session) flush(d time.Duration) error {
	deadline := time.Now().Add(d)
	t := time.AfterFunc(d, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer t.Stop()
	s.mu.Lock()
	s.flushing = true
	s.mu.Unlock()
	s.wakePayer()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { s.flushing = false }()
	for s.err == nil && time.Now().Before(deadline) {
		ready := false
		for _, e := range s.log_ {
			if e.ready {
				ready = true
				break
			}
		}
		if !ready && s.paying == 0 && len(s.unacked) == 0 && s.ackSaved >= s.ackNonce {
			return nil
		}
		s.cond.Wait()
	}
	if s.err != nil {
		return s.err
	}
	return fmt.Errorf("relay: flush: %d payments unacknowledged after %s", len(s.unacked), d)
}

// sendUp meters and queues an upstream chunk within the credit.
func (s *session) sendUp(id uint32, data []byte) error {
	n := uint64(len(data))
	// upMu keeps chunks numbered, logged and queued in order while the
	// digest is computed outside mu.
	s.upMu.Lock()
	defer s.upMu.Unlock()
	s.mu.Lock()
	for s.err == nil && s.upUnpaid+n > s.ack.CreditUp {
		s.cond.Wait()
	}
	if s.err != nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: %w", ErrClosed, s.err)
	}
	s.upSeq++
	seq := s.upSeq
	s.upUnpaid += n
	s.st.Sent += n
	s.mu.Unlock()
	leaf := protocol.ChunkLeaf{Length: uint32(n), Digest: ChunkDigest(Up, seq, id, data)}
	fb := getFrame()
	f := appendHeader((*fb)[:0], FrameUp, id, 8+len(data))
	f = binary.BigEndian.AppendUint64(f, seq)
	f = append(f, data...)
	s.mu.Lock()
	s.log_ = append(s.log_, entry{dir: Up, seq: seq, leaf: leaf})
	s.mu.Unlock()
	s.out.pushPooled(fb, len(f))
	return nil
}

// open opens a stream and waits for the exit's answer.
func (s *session) open(ctx context.Context, host string, port uint16) (*Stream, error) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return nil, s.err
	}
	s.lastStream++
	st := &Stream{s: s, id: s.lastStream, host: host, port: port, opened: make(chan *OpenReply, 1),
		sendWin: int64(s.ack.StreamWindow), window: int(s.terms.StreamWindow)}
	st.cond = sync.NewCond(&st.mu)
	s.streams[st.id] = st
	s.out.push(frame(FrameOpen, st.id, (&Open{Host: host, Port: port}).encode()))
	s.mu.Unlock()
	select {
	case r := <-st.opened:
		if r == nil {
			return nil, st.failure()
		}
		if r.Code != ReplyOK {
			s.drop(st.id)
			return nil, &OpenError{Exit: s.addr, Host: host, Port: port, Code: r.Code, Message: r.Message}
		}
		return st, nil
	case <-ctx.Done():
		st.Close()
		return nil, ctx.Err()
	}
}

func (s *session) drop(id uint32) {
	s.mu.Lock()
	delete(s.streams, id)
	s.mu.Unlock()
}

// Stream is one application connection through the exit (a net.Conn).
type Stream struct {
	s      *session
	id     uint32
	host   string
	port   uint16
	opened chan *OpenReply
	window int

	mu        sync.Mutex
	cond      *sync.Cond
	isOpen    bool
	rbuf      []rchunk
	rlen      int
	consumed  int
	recvFin   bool
	sentFin   bool
	closed    bool
	err       error
	sendWin   int64
	rDeadline time.Time
	wDeadline time.Time
}

func (st *Stream) deliverOpen(r *OpenReply) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.isOpen || st.err != nil {
		return false
	}
	st.isOpen = true
	st.opened <- r
	return true
}

func (st *Stream) failure() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err != nil {
		return st.err
	}
	return ErrClosed
}

// rchunk is a downstream chunk waiting for Read; pool, when set, is the
// framePool buffer it lives in (recycled once read).
type rchunk struct {
	b    []byte
	pool *[]byte
}

// deliver buffers downstream bytes, within the window the client gave.
// A chunk of at least half a MaxChunk keeps its frame buffer fb (took);
// a smaller one is copied, so that the memory a stream holds stays below
// twice its window however small the exit makes its chunks.
func (st *Stream) deliver(b []byte, fb *[]byte) (took bool, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed || st.err != nil {
		return false, nil // the application is gone: metered, dropped
	}
	if st.rlen+len(b) > st.window {
		return false, fmt.Errorf("stream %d: exit sent %d bytes beyond the window %d", st.id, st.rlen+len(b)-st.window, st.window)
	}
	c := rchunk{b: b}
	if fb != nil && len(b) >= MaxChunk/2 {
		c.pool, took = fb, true
	} else {
		c.b = append([]byte(nil), b...)
	}
	st.rbuf = append(st.rbuf, c)
	st.rlen += len(b)
	st.cond.Broadcast()
	return took, nil
}

func (st *Stream) finDown() {
	st.mu.Lock()
	st.recvFin = true
	st.cond.Broadcast()
	st.mu.Unlock()
	st.maybeRemove()
}

func (st *Stream) grant(n uint32) {
	st.mu.Lock()
	st.sendWin += int64(n)
	st.cond.Broadcast()
	st.mu.Unlock()
}

// kill fails the stream (reset by the exit, session ended).
func (st *Stream) kill(err error) {
	st.mu.Lock()
	if st.err == nil {
		st.err = err
	}
	if !st.isOpen {
		st.isOpen = true
		close(st.opened)
	}
	st.cond.Broadcast()
	st.mu.Unlock()
	st.s.drop(st.id)
}

// maybeRemove forgets a stream finished both ways and closed.
func (st *Stream) maybeRemove() {
	st.mu.Lock()
	done := st.closed && st.recvFin && st.sentFin
	st.mu.Unlock()
	if done {
		st.s.drop(st.id)
	}
}

// waitLocked waits on the stream's condition until deadline (zero: none).
func (st *Stream) waitLocked(deadline time.Time) bool {
	if !deadline.IsZero() {
		d := time.Until(deadline)
		if d <= 0 {
			return false
		}
		t := time.AfterFunc(d, func() {
			st.mu.Lock()
			st.cond.Broadcast()
			st.mu.Unlock()
		})
		defer t.Stop()
	}
	st.cond.Wait()
	return true
}

// Read reads downstream bytes.
func (st *Stream) Read(p []byte) (int, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for st.rlen == 0 {
		switch {
		case st.closed:
			return 0, net.ErrClosed
		case st.err != nil:
			return 0, st.err
		case st.recvFin:
			return 0, io.EOF
		}
		if !st.waitLocked(st.rDeadline) {
			return 0, os.ErrDeadlineExceeded
		}
	}
	n := 0
	for n < len(p) && len(st.rbuf) > 0 {
		c := &st.rbuf[0]
		k := copy(p[n:], c.b)
		n += k
		if k == len(c.b) {
			putFrame(c.pool)
			*c = rchunk{}
			st.rbuf = st.rbuf[1:]
		} else {
			c.b = c.b[k:]
		}
	}
	st.rlen -= n
	st.consumed += n
	if st.consumed >= st.window/4 && !st.recvFin {
		st.s.out.push(frame(FrameWindow, st.id, u32Payload(uint32(st.consumed))))
		st.consumed = 0
	}
	return n, nil
}

// Write sends upstream bytes, chunk by chunk, within the stream's window
// and the session's credit.
func (st *Stream) Write(p []byte) (int, error) {
	chunk := int(st.s.terms.ChunkSize)
	written := 0
	for written < len(p) {
		st.mu.Lock()
		for st.sendWin <= 0 && !st.closed && st.err == nil && !st.sentFin {
			if !st.waitLocked(st.wDeadline) {
				st.mu.Unlock()
				return written, os.ErrDeadlineExceeded
			}
		}
		switch {
		case st.closed:
			st.mu.Unlock()
			return written, net.ErrClosed
		case st.err != nil:
			st.mu.Unlock()
			return written, st.err
		case st.sentFin:
			st.mu.Unlock()
			return written, fmt.Errorf("%w: write after CloseWrite", ErrClosed)
		}
		n := min(len(p)-written, chunk, int(st.sendWin))
		st.sendWin -= int64(n)
		st.mu.Unlock()
		if err := st.s.sendUp(st.id, p[written:written+n]); err != nil {
			return written, err
		}
		written += n
	}
	return written, nil
}

// CloseWrite tells the destination no more bytes come (TCP half-close).
func (st *Stream) CloseWrite() error {
	st.mu.Lock()
	if st.sentFin || st.err != nil || st.closed {
		st.mu.Unlock()
		return nil
	}
	st.sentFin = true
	st.mu.Unlock()
	st.s.out.push(frame(FrameFin, st.id))
	st.maybeRemove()
	return nil
}

// Close ends the stream: a reset unless both directions already finished.
func (st *Stream) Close() error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return nil
	}
	st.closed = true
	clean := st.recvFin && st.sentFin
	failed := st.err != nil
	st.cond.Broadcast()
	st.mu.Unlock()
	if !clean && !failed {
		st.s.out.push(frame(FrameReset, st.id))
	}
	st.s.drop(st.id)
	return nil
}

type streamAddr string

func (a streamAddr) Network() string { return "relay" }
func (a streamAddr) String() string  { return string(a) }

// LocalAddr is the exit's address.
func (st *Stream) LocalAddr() net.Addr { return streamAddr(st.s.addr) }

// RemoteAddr is the destination as asked.
func (st *Stream) RemoteAddr() net.Addr {
	return streamAddr(net.JoinHostPort(st.host, fmt.Sprint(st.port)))
}

// SetDeadline sets both deadlines.
func (st *Stream) SetDeadline(t time.Time) error {
	st.SetReadDeadline(t)
	return st.SetWriteDeadline(t)
}

// SetReadDeadline bounds Read.
func (st *Stream) SetReadDeadline(t time.Time) error {
	st.mu.Lock()
	st.rDeadline = t
	st.cond.Broadcast()
	st.mu.Unlock()
	return nil
}

// SetWriteDeadline bounds Write's wait for window.
func (st *Stream) SetWriteDeadline(t time.Time) error {
	st.mu.Lock()
	st.wDeadline = t
	st.cond.Broadcast()
	st.mu.Unlock()
	return nil
}
