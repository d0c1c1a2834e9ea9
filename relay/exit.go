package relay

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"net"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

// Exit defaults.
const (
	DefaultCreditUp       = 4 << 20
	DefaultCreditDown     = 16 << 20
	DefaultStreamWindow   = 256 << 10
	DefaultMaxStreams     = 1024
	DefaultDialTimeout    = 10 * time.Second
	DefaultExitIdle       = 10 * time.Minute
	DefaultPaymentTimeout = 30 * time.Second
	DefaultMaxSessions    = 256
)

// ExitOptions configures an Exit.
type ExitOptions struct {
	Ledger *challenge.Ledger // accepted steps (required): the miner's ledger
	Key    *ecdsa.PrivateKey // the miner's key: its address is the channel's payee (required)
	Policy *Policy           // egress policy; nil: the default refusals only
	// CreditUp and CreditDown bound the unpaid bytes of a session in each
	// direction: the exit forwards or sends a chunk only within them.
	CreditUp, CreditDown uint64
	// CheckChannel, MinPrice, Domain and MaxWindowChunks are as in
	// challenge.MinerOptions (node.ChainChannels.CheckChannel plugs in).
	CheckChannel    func(ctx context.Context, info challenge.ChannelInfo) (challenge.ChannelCheck, error)
	MinPrice        *big.Int
	Domain          *protocol.ChainDomain
	MaxWindowChunks int
	// StreamWindow is each stream's flow-control window (both ways).
	StreamWindow uint32
	// MaxStreams bounds the streams a session opens in all; MaxSessions
	// the concurrent sessions.
	MaxStreams  int
	MaxSessions int
	DialTimeout time.Duration
	// IdleTimeout ends a session silent that long; PaymentTimeout one that
	// keeps the exit waiting for a voucher that long once its credit is
	// used.
	IdleTimeout    time.Duration
	PaymentTimeout time.Duration
	Log            *slog.Logger
	// OnStep gets every stored step (e.g. an attest.Attestor).
	OnStep func(info challenge.ChannelInfo, step protocol.Step)
	// Faults make the exit cheat, to test clients. Nil: honest.
	Faults *ExitFaults
}

// ExitFaults are deliberate misbehaviors of an Exit (tests, demos).
type ExitFaults struct {
	AlterDown  uint64 // downstream chunk (1-based seq) sent with a flipped byte under the honest digest
	AlterUp    uint64 // upstream chunk forwarded with a flipped byte (echoing what it forwarded)
	DropDown   uint64 // downstream chunk never sent (its seq skipped)
	InjectDown uint64 // after this many downstream chunks, inject bytes on a stream that ended
	Overclaim  uint64 // from this downstream chunk on, count 1000 bytes more than sent
	ProbeDelay time.Duration
	// FillerRate, when positive, paces throughput-probe filler to this
	// many bytes per second.
	FillerRate uint64
}

// Exit serves relay sessions: it opens the connections clients ask for
// under its egress policy and is paid for every byte it carries.
type Exit struct {
	opts ExitOptions
	addr common.Address
	log  *slog.Logger
	dial Dialer

	mu       sync.Mutex
	active   map[protocol.Element]bool
	sessions int
	conns    map[net.Conn]bool
	closed   bool
	wg       sync.WaitGroup
}

// NewExit checks opts and applies defaults.
func NewExit(opts ExitOptions) (*Exit, error) {
	if opts.Ledger == nil || opts.Key == nil {
		return nil, fmt.Errorf("%w: an exit needs a ledger and a key", ErrConfig)
	}
	if opts.Policy == nil {
		opts.Policy = &Policy{}
	}
	if opts.CreditUp == 0 {
		opts.CreditUp = DefaultCreditUp
	}
	if opts.CreditDown == 0 {
		opts.CreditDown = DefaultCreditDown
	}
	if opts.CreditUp < MaxChunk || opts.CreditDown < MaxChunk {
		return nil, fmt.Errorf("%w: credit below one chunk (%d bytes)", ErrConfig, MaxChunk)
	}
	if opts.MinPrice == nil {
		opts.MinPrice = new(big.Int)
	}
	if opts.MaxWindowChunks <= 0 {
		opts.MaxWindowChunks = challenge.DefaultMaxWindow
	}
	if opts.StreamWindow == 0 {
		opts.StreamWindow = DefaultStreamWindow
	}
	if opts.StreamWindow < MaxChunk || opts.StreamWindow > MaxStreamWindow {
		return nil, fmt.Errorf("%w: stream window below one chunk", ErrConfig)
	}
	if opts.MaxStreams <= 0 {
		opts.MaxStreams = DefaultMaxStreams
	}
	if opts.MaxSessions <= 0 {
		opts.MaxSessions = DefaultMaxSessions
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = DefaultDialTimeout
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultExitIdle
	}
	if opts.PaymentTimeout <= 0 {
		opts.PaymentTimeout = DefaultPaymentTimeout
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Exit{opts: opts, addr: crypto.PubkeyToAddress(opts.Key.PublicKey), log: opts.Log,
		dial:   Dialer{Policy: opts.Policy, Timeout: opts.DialTimeout},
		active: map[protocol.Element]bool{}, conns: map[net.Conn]bool{}}, nil
}

// Address is the exit's (the miner's) address.
func (x *Exit) Address() common.Address { return x.addr }

// Serve accepts sessions on ln until ctx ends or ln fails.
func (x *Exit) Serve(ctx context.Context, ln net.Listener) error {
	return acceptLoop(ctx, ln, func(c net.Conn) { go x.ServeConn(ctx, c) })
}

// acceptLoop hands each connection ln accepts to take, in the accepting
// goroutine, until ctx ends (nil) or ln fails (its error).
func acceptLoop(ctx context.Context, ln net.Listener, take func(net.Conn)) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		take(c)
	}
}

// Close ends every session and waits for them.
func (x *Exit) Close() error {
	x.mu.Lock()
	x.closed = true
	for c := range x.conns {
		c.Close()
	}
	x.mu.Unlock()
	x.wg.Wait()
	return nil
}

// ServeConn runs one session on conn (its first frame not yet read).
func (x *Exit) ServeConn(ctx context.Context, conn net.Conn) {
	x.mu.Lock()
	if x.closed || x.sessions >= x.opts.MaxSessions {
		x.mu.Unlock()
		conn.Close()
		return
	}
	x.sessions++
	x.conns[conn] = true
	x.wg.Add(1)
	x.mu.Unlock()
	defer func() {
		conn.Close()
		x.mu.Lock()
		x.sessions--
		delete(x.conns, conn)
		x.mu.Unlock()
		x.wg.Done()
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &exitSession{x: x, ctx: ctx, cancel: cancel, conn: conn, in: bufio.NewReaderSize(conn, 256<<10),
		streams: map[uint32]*exitStream{}, answers: map[protocol.Element]answered{},
		storeq: make(chan storeJob, maxUnstored), storerDone: make(chan struct{}),
		log: x.log.With("remote", conn.RemoteAddr().String())}
	s.credit = sync.NewCond(&s.mu)
	go s.storer()
	err := s.run()
	// The steps the reader verified reach the ledger before the channel is
	// released (a next session starts from them).
	close(s.storeq)
	<-s.storerDone
	s.mu.Lock()
	if s.storeErr != nil {
		err = s.storeErr
	}
	s.mu.Unlock()
	s.end(err)
}

// answered is a possession probe the exit answered.
type answered struct {
	dir   Direction
	seq   uint64
	field protocol.Element
}

// record is a chunk the exit received or sent and is not yet paid for.
type record struct {
	seq  uint64
	leaf protocol.ChunkLeaf
}

type exitSession struct {
	x      *Exit
	ctx    context.Context
	cancel context.CancelFunc
	conn   net.Conn
	in     *bufio.Reader
	out    *sender
	log    *slog.Logger

	info   challenge.ChannelInfo
	terms  Terms
	held   bool // the channel is locked for this session
	stored bool // the channel is in the ledger (the storer's)

	storeq     chan storeJob // verified steps, to the storer
	storerDone chan struct{}

	downMu sync.Mutex // numbers, hashes and queues downstream chunks in order (before mu)

	mu         sync.Mutex
	credit     *sync.Cond // signalled when payments free credit or the session ends
	up, down   []record   // unpaid chunks, oldest first
	upUnpaid   uint64
	downUnpaid uint64
	upSeq      uint64 // last upstream seq received
	downSeq    uint64 // last downstream seq assigned
	downCount  uint64
	answers    map[protocol.Element]answered
	streams    map[uint32]*exitStream
	lastStream uint32
	opened     int
	ended      error
	// channel state
	nonce, bytes uint64
	root         protocol.Element
	last         *protocol.Voucher
	deposit      *big.Int
	chain        *protocol.ChainChannel
	waitingSince time.Time // first time a sender waited for credit since the last payment
	storeErr     error     // the storer's failure
}

func (s *exitSession) run() error {
	x := s.x
	s.conn.SetReadDeadline(time.Now().Add(x.opts.IdleTimeout))
	hello := limitsOf(FrameHello)
	f, err := hello.Read(s.in, nil)
	if err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	h, err := DecodeHello(f.Payload)
	if err != nil {
		return err
	}
	s.out = newSender(s.conn, x.opts.IdleTimeout)
	ack, err := s.hello(h)
	if err != nil {
		s.out.push(errorFrame(CodeChannel, err.Error()))
		return err
	}
	s.out.push(frame(FrameHelloAck, 0, ack.encode()))
	lim := FromClient(challenge.PaymentSize(s.info.Shape))
	buf := make([]byte, MaxChunk+64)
	var refreshed time.Time
	for {
		if now := time.Now(); now.Sub(refreshed) > x.opts.IdleTimeout/16 {
			s.conn.SetReadDeadline(now.Add(x.opts.IdleTimeout))
			refreshed = now
		}
		f, err := lim.Read(s.in, buf)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := s.handle(f); err != nil {
			return err
		}
	}
}

// end stops the session: streams close, waiting senders wake up.
func (s *exitSession) end(err error) {
	s.mu.Lock()
	if s.ended == nil {
		s.ended = err
		if s.ended == nil {
			s.ended = ErrClosed
		}
	}
	streams := make([]*exitStream, 0, len(s.streams))
	for _, st := range s.streams {
		streams = append(streams, st)
	}
	s.credit.Broadcast()
	s.mu.Unlock()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		s.log.Info("relay session ended", "err", err)
		code := CodeProtocol
		switch {
		case errors.Is(err, challenge.ErrPayment):
			code = CodePayment
		case errors.Is(err, ErrCredit):
			code = CodePayment
		}
		if s.out != nil {
			s.out.push(errorFrame(code, err.Error()))
		}
	}
	for _, st := range streams {
		st.abort()
	}
	if s.out != nil {
		s.out.close()
		s.out.wait(2 * time.Second)
	}
	s.cancel()
	s.conn.Close()
	if s.held {
		s.x.mu.Lock()
		delete(s.x.active, s.info.ID)
		s.x.mu.Unlock()
	}
}

// hello checks the channel as challenge.Miner does and reads its state.
func (s *exitSession) hello(h *Hello) (*HelloAck, error) {
	x := s.x
	info := h.Channel
	if h.Version != Version {
		return nil, fmt.Errorf("%w: relay version %d", ErrProtocol, h.Version)
	}
	if info.Miner != (common.Address{}) && info.Miner != x.addr {
		return nil, fmt.Errorf("%w: channel is with miner %s, this is %s", challenge.ErrChannel, info.Miner, x.addr)
	}
	info.Miner = x.addr
	switch {
	case info.PricePerByte.Cmp(x.opts.MinPrice) < 0:
		return nil, fmt.Errorf("%w: price %s below the minimum %s", challenge.ErrChannel, info.PricePerByte, x.opts.MinPrice)
	case x.opts.Domain != nil && (x.opts.Domain.ChainID.Cmp(info.Domain.ChainID) != 0 || x.opts.Domain.Contract != info.Domain.Contract):
		return nil, fmt.Errorf("%w: vouchers for chain %s contract %s not accepted", challenge.ErrChannel, info.Domain.ChainID, info.Domain.Contract)
	case info.Shape.Chunks > x.opts.MaxWindowChunks:
		return nil, fmt.Errorf("%w: window of %d chunks above %d", challenge.ErrChannel, info.Shape.Chunks, x.opts.MaxWindowChunks)
	case info.Client == x.addr:
		return nil, fmt.Errorf("%w: client and miner are the same party", challenge.ErrChannel)
	}
	x.mu.Lock()
	busy := x.active[info.ID]
	if !busy {
		x.active[info.ID] = true
	}
	x.mu.Unlock()
	if busy {
		return nil, fmt.Errorf("%w: %s", challenge.ErrBusy, info.ID)
	}
	s.held, s.info, s.terms = true, info, h.Terms
	stored, known, err := x.opts.Ledger.Channel(info.ID)
	if err != nil {
		return nil, err
	}
	if known && !stored.Equal(&info) {
		return nil, fmt.Errorf("%w: channel %s known with other terms", challenge.ErrChannel, info.ID)
	}
	s.stored = known
	latest, err := x.opts.Ledger.Latest(info.ID)
	if err != nil {
		return nil, err
	}
	if latest != nil {
		s.nonce, s.bytes, s.root = latest.Voucher.Nonce, latest.Receipt.CumulativeBytes, latest.Receipt.Root
		v := latest.Voucher
		s.last = &v
	}
	if x.opts.CheckChannel != nil {
		ctx, cancel := context.WithTimeout(s.ctx, x.opts.DialTimeout)
		check, err := x.opts.CheckChannel(ctx, info)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("%w: channel check: %w", challenge.ErrChannel, err)
		}
		if check.OnChain {
			s.deposit, s.chain = check.Deposit, check.Chain
		}
	}
	s.log = s.log.With("channel", info.ID.String()[:18])
	s.log.Info("relay hello", "client", info.Client.Hex(), "nonce", s.nonce, "bytes", s.bytes,
		"min_rate", h.Terms.MinRate, "max_latency_ms", h.Terms.MaxLatencyMillis)
	return &HelloAck{Miner: x.addr, Nonce: s.nonce, Bytes: s.bytes, Root: s.root,
		CreditUp: x.opts.CreditUp, CreditDown: x.opts.CreditDown, StreamWindow: x.opts.StreamWindow}, nil
}

// coveredLocked is how many more bytes the deposit covers beyond the
// latest voucher (no bound off chain).
func (s *exitSession) coveredLocked() uint64 {
	if s.deposit == nil || s.info.PricePerByte.Sign() <= 0 {
		return math.MaxUint64
	}
	left := new(big.Int).Set(s.deposit)
	if s.last != nil {
		left.Sub(left, s.last.CumulativeAmount)
	}
	if s.chain != nil && s.chain.Withdrawn != nil && (s.last == nil || s.chain.Withdrawn.Cmp(s.last.CumulativeAmount) > 0) {
		left.Sub(s.deposit, s.chain.Withdrawn)
	}
	left.Div(left, s.info.PricePerByte)
	switch {
	case left.Sign() <= 0:
		return 0
	case left.IsUint64():
		return left.Uint64()
	}
	return math.MaxUint64
}

func (s *exitSession) handle(f Frame) error {
	switch f.Type {
	case FrameOpen:
		o, err := DecodeOpen(f.Payload)
		if err != nil {
			return err
		}
		return s.open(f.Stream, o)
	case FrameUp:
		seq, data, err := DecodeUp(f.Payload)
		if err != nil {
			return err
		}
		return s.upChunk(f.Stream, seq, data)
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
		if st := s.stream(f.Stream); st != nil {
			st.finUp()
		}
		return nil
	case FrameReset:
		if st := s.stream(f.Stream); st != nil {
			st.abort()
		}
		return nil
	case FrameProbe:
		p, err := DecodeProbe(f.Payload)
		if err != nil {
			return err
		}
		return s.probe(p)
	case FramePayment:
		st, err := DecodePayment(f.Payload)
		if err != nil {
			return err
		}
		return s.payment(&st)
	case FrameError:
		return peerError(f.Payload)
	}
	return fmt.Errorf("%w: unexpected %s", ErrProtocol, f.Type)
}

func (s *exitSession) stream(id uint32) *exitStream {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streams[id]
}

// open starts a stream: the policy decides, then the dial.
func (s *exitSession) open(id uint32, o *Open) error {
	x := s.x
	s.mu.Lock()
	if id <= s.lastStream || s.opened >= x.opts.MaxStreams {
		s.mu.Unlock()
		return fmt.Errorf("%w: stream %d (last %d, %d opened)", ErrProtocol, id, s.lastStream, s.opened)
	}
	s.lastStream = id
	s.opened++
	st := &exitStream{s: s, id: id, sendWin: int64(s.terms.StreamWindow)}
	st.cond = sync.NewCond(&st.mu)
	s.streams[id] = st
	s.mu.Unlock()
	go st.run(o)
	return nil
}

// upChunk takes an upstream chunk: in sequence, within its stream's window
// and the session's credit; it is recorded, echoed and queued for the
// destination.
func (s *exitSession) upChunk(id uint32, seq uint64, data []byte) error {
	s.mu.Lock()
	st := s.streams[id]
	switch {
	case seq != s.upSeq+1:
		s.mu.Unlock()
		return fmt.Errorf("%w: upstream chunk %d, expected %d", ErrProtocol, seq, s.upSeq+1)
	case len(data) > int(s.terms.ChunkSize):
		s.mu.Unlock()
		return fmt.Errorf("%w: upstream chunk of %d bytes above the chunk size %d", ErrProtocol, len(data), s.terms.ChunkSize)
	case s.upUnpaid+uint64(len(data)) > s.x.opts.CreditUp:
		s.mu.Unlock()
		return fmt.Errorf("%w: %d unpaid upstream bytes, credit %d", ErrCredit, s.upUnpaid+uint64(len(data)), s.x.opts.CreditUp)
	}
	s.upSeq = seq
	s.upUnpaid += uint64(len(data))
	s.mu.Unlock()
	// Hashed outside mu (downstream senders need it); only this reader
	// appends to s.up.
	leaf := protocol.ChunkLeaf{Length: uint32(len(data)), Digest: ChunkDigest(Up, seq, id, data)}
	s.mu.Lock()
	s.up = append(s.up, record{seq: seq, leaf: leaf})
	s.mu.Unlock()
	fwd := append([]byte(nil), data...)
	echo := leaf.Digest
	if fl := s.x.opts.Faults; fl != nil && fl.AlterUp == seq {
		fwd[0] ^= 0xff
		echo = ChunkDigest(Up, seq, id, fwd)
	}
	// The echo states what the exit forwards, in upstream order.
	s.out.push(frame(FrameEcho, id, (&Echo{Seq: seq, Digest: echo}).encode()))
	if st == nil {
		// A stream the exit already ended (its reset crossed the data):
		// the bytes were carried here and are metered, then dropped.
		return nil
	}
	return st.queueUp(fwd)
}

// probe answers a probe.
func (s *exitSession) probe(p *Probe) error {
	if d := s.faultDelay(); d > 0 {
		time.AfterFunc(d, func() { s.answerProbe(p) })
		return nil
	}
	return s.answerProbe(p)
}

func (s *exitSession) faultDelay() time.Duration {
	if fl := s.x.opts.Faults; fl != nil {
		return fl.ProbeDelay
	}
	return 0
}

func (s *exitSession) answerProbe(p *Probe) error {
	a := &ProbeAnswer{ID: p.ID}
	switch p.Kind {
	case ProbeLatency:
		a.Bytes = challenge.LatencyAnswer(p.Challenge)
	case ProbeThroughput:
		go s.filler(p)
		return nil
	case ProbePossession:
		s.mu.Lock()
		q := s.up
		if p.Dir == Down {
			q = s.down
		}
		var leaf *protocol.ChunkLeaf
		for i := range q {
			if q[i].seq == p.Seq {
				leaf = &q[i].leaf
				break
			}
		}
		if leaf == nil {
			s.mu.Unlock()
			return fmt.Errorf("%w: possession probe for %s chunk %d, not unpaid", ErrProtocol, p.Dir, p.Seq)
		}
		f, err := protocol.ProbeAnswer(p.Challenge, *leaf)
		if err != nil {
			s.mu.Unlock()
			return err
		}
		if len(s.answers) >= 4*protocol.MaxWindowProbes {
			s.mu.Unlock()
			return fmt.Errorf("%w: too many unpaid probes", ErrProtocol)
		}
		s.answers[p.Challenge] = answered{dir: p.Dir, seq: p.Seq, field: f}
		s.mu.Unlock()
		a.Field = f
	}
	s.out.push(frame(FrameProbeAnswer, 0, a.encode()))
	return nil
}

// filler sends a throughput probe's bytes, then its answer.
func (s *exitSession) filler(p *Probe) {
	chunk := int(s.terms.ChunkSize)
	zero := make([]byte, chunk)
	id := u32Payload(p.ID)
	var rate uint64
	if fl := s.x.opts.Faults; fl != nil {
		rate = fl.FillerRate
	}
	start := time.Now()
	for sent := 0; sent < int(p.Size); {
		n := min(chunk, int(p.Size)-sent)
		if !s.out.push(frame(FrameFiller, 0, id, zero[:n])) {
			return
		}
		sent += n
		if rate > 0 {
			due := start.Add(time.Duration(float64(sent) / float64(rate) * float64(time.Second)))
			if d := time.Until(due); d > 0 {
				select {
				case <-time.After(d):
				case <-s.ctx.Done():
					return
				}
			}
		}
	}
	a := &ProbeAnswer{ID: p.ID, Bytes: challenge.LatencyAnswer(p.Challenge)}
	s.out.push(frame(FrameProbeAnswer, 0, a.encode()))
}

// maxUnstored bounds the verified steps waiting for the ledger: the reader
// stops reading when that many are queued.
const maxUnstored = 8

// storeJob is a verified step on its way to the ledger.
type storeJob struct {
	step      protocol.Step
	downBytes uint64 // downstream bytes it pays: credit freed once stored
}

// payment accepts a step that pays, in order, for chunks this session
// carried (any interleaving of a prefix of each direction), with probes
// this exit answered, and passes the one voucher check. The reader does
// the checks (the next step is checked against this one); the storer
// writes it to the ledger and only then acknowledges it and frees the
// downstream credit, so the reader never waits for the disk. Upstream
// credit is freed here: the client frees it when it sends the step, and
// every byte it lets through is covered by a verified voucher.
func (s *exitSession) payment(st *protocol.Step) error {
	info := &s.info
	s.mu.Lock()
	prev := protocol.VoucherState{Nonce: s.nonce, Bytes: s.bytes, Root: s.root}
	if s.last != nil {
		prev.Amount = s.last.CumulativeAmount
	}
	chain := s.chain
	var nUp, nDown int
	err := func() error {
		if err := protocol.CheckAdvance(prev, protocol.StateOf(st)); err != nil {
			return err
		}
		if s.upSeq == 0 && s.downSeq == 0 {
			return nil // a step an earlier session carried, re-sent: checked below
		}
		leaves := st.Window.Leaves
		if len(leaves) == 0 {
			return errors.New("empty window")
		}
		at := make([]answered, len(leaves))
		for i, l := range leaves {
			switch {
			case nUp < len(s.up) && s.up[nUp].leaf == l:
				at[i] = answered{dir: Up, seq: s.up[nUp].seq}
				nUp++
			case nDown < len(s.down) && s.down[nDown].leaf == l:
				at[i] = answered{dir: Down, seq: s.down[nDown].seq}
				nDown++
			default:
				return fmt.Errorf("window chunk %d is not the next chunk carried either way", i)
			}
		}
		for i, p := range st.Window.Probes {
			a, ok := s.answers[p.Challenge]
			if !ok || int(p.Index) >= len(leaves) || a.dir != at[p.Index].dir || a.seq != at[p.Index].seq || a.field != p.Answer {
				return fmt.Errorf("window probe %d is not a probe this exit answered", i)
			}
		}
		return nil
	}()
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%w: %w", challenge.ErrPayment, err)
	}
	vc := protocol.VoucherContext{Prev: prev, Accept: s.x.opts.Domain,
		Terms: protocol.ChannelTerms{ID: info.ID, Client: info.Client, Miner: s.x.addr, PricePerByte: info.PricePerByte,
			Domain: info.Domain, ReceiptKey: info.ReceiptKey},
		Chain: chain, Redeem: true, Now: time.Now()}
	if err := protocol.CheckStep(st, info.Shape, vc); err != nil {
		return fmt.Errorf("%w: %w", challenge.ErrPayment, err)
	}
	job := storeJob{step: *st}
	s.mu.Lock()
	for _, r := range s.up[:nUp] {
		s.upUnpaid -= uint64(r.leaf.Length)
	}
	for _, r := range s.down[:nDown] {
		job.downBytes += uint64(r.leaf.Length)
	}
	s.up = append(s.up[:0:0], s.up[nUp:]...)
	s.down = append(s.down[:0:0], s.down[nDown:]...)
	for ch, a := range s.answers {
		if (a.dir == Up && (len(s.up) == 0 || a.seq < s.up[0].seq)) || (a.dir == Down && (len(s.down) == 0 || a.seq < s.down[0].seq)) {
			delete(s.answers, ch)
		}
	}
	s.nonce, s.bytes, s.root = st.Voucher.Nonce, st.Receipt.CumulativeBytes, st.Receipt.Root
	v := st.Voucher
	s.last = &v
	s.mu.Unlock()
	select {
	case s.storeq <- job:
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// storer writes verified steps to the ledger in order, then acknowledges
// each and frees its downstream credit. It drains the queue even after the
// session ended: a verified step is kept. The first failure ends the
// session and drops the later steps (they would not chain).
func (s *exitSession) storer() {
	defer close(s.storerDone)
	var failed error
	for job := range s.storeq {
		if failed != nil {
			continue
		}
		if failed = s.store(&job); failed != nil {
			s.mu.Lock()
			s.storeErr = failed
			s.mu.Unlock()
			if s.ctx.Err() == nil {
				s.log.Info("relay session stopped", "err", failed)
				s.out.push(errorFrame(CodeInternal, failed.Error()))
				s.conn.Close()
			}
		}
	}
}

func (s *exitSession) store(job *storeJob) error {
	info := &s.info
	st := &job.step
	led := s.x.opts.Ledger
	if !s.stored {
		if err := led.SaveChannel(*info); err != nil {
			return err
		}
		s.stored = true
	}
	if err := led.Append(st); err != nil {
		return err
	}
	if s.x.opts.OnStep != nil {
		s.x.opts.OnStep(*info, *st)
	}
	s.mu.Lock()
	s.downUnpaid -= job.downBytes
	s.waitingSince = time.Time{}
	s.credit.Broadcast()
	s.mu.Unlock()
	s.out.push(frame(FramePaymentAck, 0, (&PaymentAck{Nonce: st.Voucher.Nonce, Bytes: st.Receipt.CumulativeBytes}).encode()))
	if s.x.opts.CheckChannel != nil && s.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(s.ctx, s.x.opts.DialTimeout)
		check, err := s.x.opts.CheckChannel(ctx, *info)
		cancel()
		if err != nil {
			return fmt.Errorf("%w: channel no longer served: %w", challenge.ErrChannel, err)
		}
		if check.OnChain {
			s.mu.Lock()
			s.deposit, s.chain = check.Deposit, check.Chain
			s.credit.Broadcast()
			s.mu.Unlock()
		}
	}
	return nil
}

// sendDown waits for downstream credit, then numbers, records and queues
// the chunk read from stream id's destination into the data frame
// buffer fb at downData (sendDown owns fb from now on). Chunks are
// numbered, hashed and queued in order under downMu; the digest is
// computed outside s.mu, so the reader is never held up by it.
func (s *exitSession) sendDown(id uint32, fb *[]byte, k int) error {
	n := uint64(k)
	data := (*fb)[downData : downData+k]
	s.downMu.Lock()
	defer s.downMu.Unlock()
	s.mu.Lock()
	for s.ended == nil && (s.downUnpaid+n > s.x.opts.CreditDown || s.upUnpaid+s.downUnpaid+n > s.coveredLocked()) {
		now := time.Now()
		if s.waitingSince.IsZero() {
			s.waitingSince = now
			t := time.AfterFunc(s.x.opts.PaymentTimeout, func() {
				s.mu.Lock()
				s.credit.Broadcast()
				s.mu.Unlock()
			})
			defer t.Stop()
		} else if now.Sub(s.waitingSince) > s.x.opts.PaymentTimeout {
			err := fmt.Errorf("%w: no payment for %s with %d bytes unpaid", challenge.ErrUnpaid, s.x.opts.PaymentTimeout, s.downUnpaid)
			s.mu.Unlock()
			putFrame(fb)
			go s.cancelWith(err)
			return err
		}
		s.credit.Wait()
	}
	if err := s.ended; err != nil {
		s.mu.Unlock()
		putFrame(fb)
		return err
	}
	s.downSeq++
	seq := s.downSeq
	s.downCount += n
	d := DownChunk{Seq: seq, Count: s.downCount}
	s.downUnpaid += n
	lastStream := s.lastStream
	s.mu.Unlock()
	d.Digest = ChunkDigest(Down, seq, id, data)
	s.mu.Lock()
	s.down = append(s.down, record{seq: seq, leaf: protocol.ChunkLeaf{Length: uint32(n), Digest: d.Digest}})
	s.mu.Unlock()
	var inject []byte
	if fl := s.x.opts.Faults; fl != nil {
		if fl.Overclaim != 0 && seq >= fl.Overclaim {
			d.Count += 1000
		}
		switch seq {
		case fl.AlterDown:
			data[0] ^= 0xff
		case fl.DropDown:
			putFrame(fb)
			return nil
		}
		if fl.InjectDown != 0 && seq == fl.InjectDown {
			// Bytes on a stream id this session never opened a stream on
			// (or that ended): what an injecting exit adds.
			s.mu.Lock()
			s.downSeq++
			s.downCount += n
			inj := &DownChunk{Seq: s.downSeq, Count: s.downCount, Data: data}
			inj.Digest = ChunkDigest(Down, inj.Seq, lastStream+1000, data)
			s.down = append(s.down, record{seq: inj.Seq, leaf: protocol.ChunkLeaf{Length: uint32(n), Digest: inj.Digest}})
			s.downUnpaid += n
			s.mu.Unlock()
			inject = downFrame(lastStream+1000, inj)
		}
	}
	putDownHeader(*fb, id, &d, k)
	s.out.pushPooled(fb, downData+k)
	if inject != nil {
		s.out.push(inject)
	}
	return nil
}

// cancelWith ends the session from a stream's goroutine.
func (s *exitSession) cancelWith(err error) {
	s.log.Info("relay session stopped", "err", err)
	s.out.push(errorFrame(CodePayment, err.Error()))
	s.conn.Close()
}

// exitStream is one destination connection.
type exitStream struct {
	s  *exitSession
	id uint32

	mu      sync.Mutex
	cond    *sync.Cond
	dst     net.Conn
	upq     [][]byte
	queued  int
	upFin   bool
	sendWin int64
	dead    bool
}

func (st *exitStream) run(o *Open) {
	s := st.s
	conn, err := s.x.dial.Dial(s.ctx, o.Host, o.Port)
	if err != nil {
		code := ReplyCode(err)
		s.log.Info("relay open refused", "stream", st.id, "host", o.Host, "port", o.Port, "code", code, "reason", err)
		s.out.push(frame(FrameOpenReply, st.id, (&OpenReply{Code: code, Message: err.Error()}).encode()))
		st.remove()
		return
	}
	st.mu.Lock()
	if st.dead {
		st.mu.Unlock()
		conn.Close()
		st.remove()
		return
	}
	st.dst = conn
	st.mu.Unlock()
	s.log.Debug("relay open", "stream", st.id, "host", o.Host, "port", o.Port, "addr", conn.RemoteAddr().String())
	s.out.push(frame(FrameOpenReply, st.id, (&OpenReply{Code: ReplyOK}).encode()))
	var wg sync.WaitGroup
	wg.Go(st.writeUp)
	st.readDown()
	wg.Wait()
	conn.Close()
	st.remove()
}

func (st *exitStream) remove() {
	s := st.s
	s.mu.Lock()
	if s.streams[st.id] == st {
		delete(s.streams, st.id)
	}
	s.mu.Unlock()
}

// queueUp queues forwarded bytes, within the stream's window.
func (st *exitStream) queueUp(b []byte) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dead {
		return nil
	}
	if st.upFin {
		return fmt.Errorf("%w: stream %d: data after fin", ErrProtocol, st.id)
	}
	if st.dst == nil {
		return fmt.Errorf("%w: stream %d: data before it opened", ErrProtocol, st.id)
	}
	if st.queued+len(b) > int(st.s.x.opts.StreamWindow) {
		return fmt.Errorf("%w: stream %d: %d bytes beyond its window", ErrProtocol, st.id, st.queued+len(b))
	}
	st.upq = append(st.upq, b)
	st.queued += len(b)
	st.cond.Broadcast()
	return nil
}

func (st *exitStream) finUp() {
	st.mu.Lock()
	st.upFin = true
	st.cond.Broadcast()
	st.mu.Unlock()
}

func (st *exitStream) grant(n uint32) {
	st.mu.Lock()
	st.sendWin += int64(n)
	if w := int64(st.s.terms.StreamWindow); st.sendWin > w {
		st.sendWin = w // a client over-granting gains nothing
	}
	st.cond.Broadcast()
	st.mu.Unlock()
}

// abort kills the stream (client reset, session end).
func (st *exitStream) abort() {
	st.mu.Lock()
	st.dead = true
	if st.dst != nil {
		st.dst.Close()
	}
	st.cond.Broadcast()
	st.mu.Unlock()
}

// writeUp copies queued upstream bytes to the destination and grants the
// client its window back as they leave.
func (st *exitStream) writeUp() {
	s := st.s
	for {
		st.mu.Lock()
		for len(st.upq) == 0 && !st.upFin && !st.dead {
			st.cond.Wait()
		}
		if st.dead {
			st.mu.Unlock()
			return
		}
		if len(st.upq) == 0 && st.upFin {
			st.mu.Unlock()
			if tc, ok := st.dst.(interface{ CloseWrite() error }); ok {
				tc.CloseWrite()
			}
			return
		}
		b := st.upq[0]
		st.upq = st.upq[1:]
		st.mu.Unlock()
		if _, err := st.dst.Write(b); err != nil {
			st.fail()
			return
		}
		st.mu.Lock()
		st.queued -= len(b)
		st.mu.Unlock()
		s.out.push(frame(FrameWindow, st.id, u32Payload(uint32(len(b)))))
	}
}

// fail resets the stream towards the client.
func (st *exitStream) fail() {
	st.mu.Lock()
	was := st.dead
	st.dead = true
	if st.dst != nil {
		st.dst.Close()
	}
	st.cond.Broadcast()
	st.mu.Unlock()
	if !was {
		st.s.out.push(frame(FrameReset, st.id))
	}
}

// readDown reads the destination within the stream's window, straight
// into a data frame buffer, and sends what it reads as chunks.
func (st *exitStream) readDown() {
	s := st.s
	chunk := int64(s.terms.ChunkSize)
	for {
		st.mu.Lock()
		for st.sendWin <= 0 && !st.dead {
			st.cond.Wait()
		}
		if st.dead {
			st.mu.Unlock()
			return
		}
		n := min(chunk, st.sendWin)
		st.mu.Unlock()
		fb := getFrame()
		k, err := st.dst.Read((*fb)[downData : downData+int(n)])
		if k > 0 {
			st.mu.Lock()
			st.sendWin -= int64(k)
			st.mu.Unlock()
			if s.sendDown(st.id, fb, k) != nil {
				st.fail()
				return
			}
		} else {
			putFrame(fb)
		}
		if err != nil {
			st.mu.Lock()
			dead := st.dead
			st.mu.Unlock()
			if dead {
				return
			}
			if errors.Is(err, io.EOF) {
				s.out.push(frame(FrameFin, st.id))
				// The upstream side may still be sending: wait for it.
				st.mu.Lock()
				for !st.dead && !(st.upFin && len(st.upq) == 0) {
					st.cond.Wait()
				}
				st.mu.Unlock()
				return
			}
			st.fail()
			return
		}
	}
}
