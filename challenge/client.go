package challenge

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	crand "crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// maxPaymentsInFlight bounds the windows queued for payment (client) and
// the payments queued for checking (miner).
const maxPaymentsInFlight = 64

// Client defaults.
const (
	DefaultWindowChunks  = 64
	DefaultProbeDeadline = 5 * time.Second
	DefaultClientIdle    = 30 * time.Second
	DefaultDialTimeout   = 10 * time.Second
	DefaultLatencyEvery  = 4
	DefaultChainMaxAge   = 30 * time.Second
)

// DevChainID is the chain id of channels made without a configured domain
// (the local development chain).
const DevChainID = 1337

// ClientOptions configures a Client.
type ClientOptions struct {
	Key        *ecdsa.PrivateKey    // signs vouchers (required)
	ReceiptKey *protocol.ReceiptKey // signs receipts (required)
	Record     *PaymentRecord       // channels and what was paid (required)
	Reports    *ReportLog           // misbehavior reports; nil: logged only

	// Terms of new off-chain channels (see Channel).
	PricePerByte *big.Int             // default 1 wei
	Domain       protocol.ChainDomain // default chain DevChainID, zero contract
	Shape        protocol.Shape       // default protocol.ShapeFor(DefaultWindowChunks)

	// Channel returns the channel to pay the miner at addr on. Nil: the
	// channel recorded for addr in Record, or a new off-chain channel with
	// the terms above. On-chain channels plug in here.
	Channel func(ctx context.Context, addr string) (ChannelInfo, error)
	// ChainState, when set, reads the channel's on-chain state: before a
	// session, again when the deposit runs short, and after a top-up. The
	// client then never signs a voucher above the deposit: it pays for
	// what the deposit covers, stops with a *protocol.InsufficientFundsError,
	// and checks every voucher with protocol.CheckVoucher against the
	// chain before it signs it away.
	ChainState func(ctx context.Context, info ChannelInfo) (*protocol.ChainChannel, error)
	// TopUp, when set with ChainState, is asked to add to the deposit when
	// it runs short; need is what pays for the rest of the object (wei).
	// It returns once the top-up is on chain (or with why not, which ends
	// the session).
	TopUp func(ctx context.Context, info ChannelInfo, need *big.Int) error
	// Route, when set, pays every miner through hubs instead of a
	// channel of the client's: each session with a miner is a virtual
	// session (see VirtualBinding) on the route Route returns for it (a
	// fresh salt each time; the miner's address must be known), and each
	// window's payment carries the lane voucher its Pay returns. Channel,
	// ChainState and TopUp are then not used: the route's payer keeps
	// the client's own channel within its deposit.
	Route func(ctx context.Context, addr string) (*VirtualRoute, error)
	// ChainMaxAge is how old the on-chain view may be when a voucher is
	// checked against it before the payer reads it again (a channel
	// closed under a running session stops it at the next window);
	// default DefaultChainMaxAge.
	ChainMaxAge time.Duration

	// WindowBytes bounds a window's bytes (it also has at most
	// Shape.Chunks chunks, and never more than the miner's credit);
	// default Shape.Chunks × DefaultChunkSize.
	WindowBytes uint64
	// Probes is the number of possession probes per window (at most the
	// shape's probe slots); default all slots, -1: none.
	Probes int
	// LatencyEvery sends a latency probe every that many windows;
	// default DefaultLatencyEvery, -1: none.
	LatencyEvery int
	// ProbeDeadline is how long the miner has to answer a probe.
	ProbeDeadline time.Duration
	// MinRate, when positive, is the rate (bytes/s) the miner must sustain
	// over each window; a slower window is a failed throughput probe.
	MinRate float64
	// IdleTimeout is how long the miner may send nothing while the client
	// waits for data; DialTimeout bounds connecting.
	IdleTimeout time.Duration
	DialTimeout time.Duration
	// Progress, when set, is called as the fetch advances.
	Progress func(Progress)
	Log      *slog.Logger
	// LingerFinalAck makes Fetch return once every byte is verified and
	// written and the last payment (and the Close behind it) is recorded
	// durably and sent, without waiting a round trip for the miner's
	// acknowledgement: the session collects it in the background
	// (FetchResult.Linger), within IdleTimeout. A fetch on the same
	// channel waits for it first. If it never comes, the record keeps the
	// step unacknowledged and the next session re-sends it after its
	// hello, as after any lost acknowledgement. A miner that refuses the
	// last payment (*RemoteError) is reported by Linger.Wait, not Fetch.
	LingerFinalAck bool
}

// Progress is a fetch's state.
type Progress struct {
	Miner        string // address being fetched from
	Size         uint64 // object size (0 until known)
	Received     uint64 // verified bytes written
	Paid         uint64 // bytes covered by vouchers sent during this fetch
	Vouchers     int    // vouchers sent
	Acked        int    // vouchers the miners acknowledged
	ProbesPassed int
	ProbesFailed int
	LastRTT      time.Duration // last latency probe's round trip
	Elapsed      time.Duration
	Failovers    int
}

// MinerOutcome is how a fetch went with one miner.
type MinerOutcome struct {
	Addr     string
	Miner    common.Address
	Channel  protocol.Element
	Received uint64 // verified bytes from this miner
	Paid     uint64 // bytes paid to this miner in this fetch
	Err      error  // why the client left it (nil: it completed the object)
}

// FetchResult is what Fetch reports.
type FetchResult struct {
	Progress // Acked counts the acknowledgements received before Fetch returned
	Miners   []MinerOutcome
	Reports  []protocol.Report // misbehavior recorded during the fetch
	// Linger, with ClientOptions.LingerFinalAck, is the session still
	// collecting the last acknowledgements (nil: none outstanding).
	Linger *Linger
}

// Linger is a finished fetch's session waiting for the miner's
// acknowledgement of its last payments.
type Linger struct {
	Channel protocol.Element
	done    chan struct{}
	acked   int   // set before done is closed
	err     error // set before done is closed
}

// Wait waits until the session has ended and returns how many payments
// the miner acknowledged after Fetch returned, and why it ended early if
// it did (the unacknowledged steps stay in the record and are re-sent by
// the channel's next session).
func (l *Linger) Wait(ctx context.Context) (int, error) {
	select {
	case <-l.done:
		return l.acked, l.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Client fetches objects from miners, verifying, probing and paying.
type Client struct {
	opts    ClientOptions
	addr    common.Address
	keyHash protocol.Element // the receipt key's, as channels on chain name it
	log     *slog.Logger

	lingerMu  sync.Mutex
	lingering map[protocol.Element]*Linger // by channel
}

// NewClient checks opts and applies defaults.
func NewClient(opts ClientOptions) (*Client, error) {
	if opts.Key == nil || opts.ReceiptKey == nil || opts.Record == nil {
		return nil, fmt.Errorf("%w: client needs a voucher key, a receipt key and a record", ErrConfig)
	}
	if opts.PricePerByte == nil {
		opts.PricePerByte = big.NewInt(1)
	}
	if opts.Domain.ChainID == nil {
		opts.Domain.ChainID = big.NewInt(DevChainID)
	}
	if opts.Shape == (protocol.Shape{}) {
		opts.Shape = protocol.ShapeFor(DefaultWindowChunks)
	}
	if err := opts.Shape.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if opts.ProbeDeadline <= 0 {
		opts.ProbeDeadline = DefaultProbeDeadline
	}
	if opts.LatencyEvery == 0 {
		opts.LatencyEvery = DefaultLatencyEvery
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultClientIdle
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = DefaultDialTimeout
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.ChainMaxAge <= 0 {
		opts.ChainMaxAge = DefaultChainMaxAge
	}
	if opts.TopUp != nil && opts.ChainState == nil {
		return nil, fmt.Errorf("%w: TopUp needs ChainState", ErrConfig)
	}
	kh, err := opts.ReceiptKey.Public().Hash()
	if err != nil {
		return nil, fmt.Errorf("%w: receipt key: %w", ErrConfig, err)
	}
	return &Client{opts: opts, addr: crypto.PubkeyToAddress(opts.Key.PublicKey), keyHash: kh, log: opts.Log}, nil
}

// Address is the client's voucher-signing address.
func (c *Client) Address() common.Address { return c.addr }

// ReceiptKeyHash is the hash of the client's receipt key: the proof lock's
// key hash of every lane voucher paying for its virtual sessions.
func (c *Client) ReceiptKeyHash() protocol.Element { return c.keyHash }

// fetch is one object's fetch across miners.
type fetch struct {
	obj       protocol.ObjectID
	out       io.WriterAt
	size      uint64
	chunkSize uint32
	known     bool   // size and chunk size confirmed by a verified chunk
	next      uint64 // next chunk to fetch
	chunks    uint64
	start     time.Time
	prog      Progress
	reports   []protocol.Report
	linger    *Linger // the last session, collecting its final acknowledgements
}

// Fetch downloads object obj into out, from the first miner in miners
// that serves it honestly: after a miner misbehaves or fails, the client
// resumes with the next one from the first chunk it does not have.
func (c *Client) Fetch(ctx context.Context, obj protocol.ObjectID, miners []string, out io.WriterAt) (*FetchResult, error) {
	if len(miners) == 0 {
		return nil, fmt.Errorf("%w: no miner given", ErrConfig)
	}
	f := &fetch{obj: obj, out: out, start: time.Now()}
	res := &FetchResult{}
	var errs []error
	for i, addr := range miners {
		if i > 0 {
			f.prog.Failovers++
		}
		oc := MinerOutcome{Addr: addr}
		err := c.fetchFrom(ctx, addr, f, &oc)
		oc.Err = err
		res.Miners = append(res.Miners, oc)
		if err == nil {
			break
		}
		c.log.Warn("fetch from miner failed", "miner", addr, "err", err)
		errs = append(errs, fmt.Errorf("miner %s: %w", addr, err))
		if ctx.Err() != nil || (f.known && f.next == f.chunks) {
			break
		}
	}
	f.prog.Elapsed = time.Since(f.start)
	res.Progress = f.prog
	res.Reports = f.reports
	res.Linger = f.linger
	if !f.known || f.next < f.chunks {
		return res, fmt.Errorf("%w: %w", ErrNoMiner, errors.Join(errs...))
	}
	return res, nil
}

func (c *Client) channelFor(ctx context.Context, addr string) (ChannelInfo, error) {
	if c.opts.Channel != nil {
		// The record keeps every channel the client pays on, on-chain
		// ones included (its steps are saved under the channel).
		info, err := c.opts.Channel(ctx, addr)
		if err != nil {
			return info, err
		}
		return info, c.opts.Record.SaveChannel(addr, info)
	}
	info, ok, err := c.opts.Record.ChannelFor(addr)
	if err != nil || ok {
		return info, err
	}
	id, err := protocol.NewChallenge() // a random 248-bit value: a valid, fresh channel id
	if err != nil {
		return info, err
	}
	info = ChannelInfo{ID: id, Client: c.addr, ReceiptKey: c.opts.ReceiptKey.Public(),
		PricePerByte: new(big.Int).Set(c.opts.PricePerByte), Domain: c.opts.Domain, Shape: c.opts.Shape}
	if err := c.opts.Record.SaveChannel(addr, info); err != nil {
		return info, err
	}
	return info, nil
}

// terms are the channel's terms as the client signs on them.
func (c *Client) terms(info ChannelInfo) protocol.ChannelTerms {
	return protocol.ChannelTerms{ID: info.ID, Client: c.addr, Miner: info.Miner, PricePerByte: info.PricePerByte,
		Domain: info.Domain, KeyHash: c.keyHash}
}

// readChain reads the channel from the chain and checks that the client
// may pay on it (protocol.CheckChannel: open, its client, miner, price,
// receipt key and domain).
func (c *Client) readChain(ctx context.Context, info ChannelInfo) (*protocol.ChainChannel, error) {
	ch, err := c.opts.ChainState(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("channel %s on chain: %w", info.ID, err)
	}
	vc := protocol.VoucherContext{Terms: c.terms(info), Chain: ch}
	if err := protocol.CheckChannel(&vc); err != nil {
		return nil, fmt.Errorf("%w: channel %s: %w", ErrChannel, info.ID, err)
	}
	return ch, nil
}

// amountFor is what a voucher for cumulative bytes n carries.
func amountFor(n uint64, price *big.Int) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(n), price)
}

type readResult struct {
	msg Message
	err error
}

// window is a run of chunks paid by one step.
type window struct {
	startSeq    uint64
	leaves      []protocol.ChunkLeaf
	data        [][]byte // kept until every probe of the window is sent
	triggers    []int    // positions after which a possession probe goes out
	probes      []*pendingProbe
	outstanding int
	closed      bool
	nonce       uint64 // of the step that pays it
	start, end  time.Time
}

func (w *window) bytes() uint64 {
	var n uint64
	for _, l := range w.leaves {
		n += uint64(l.Length)
	}
	return n
}

type pendingProbe struct {
	id        uint32
	kind      ProbeKind
	win       *window
	pos       int
	challenge protocol.Element
	field     protocol.Element
	bytes     [32]byte
	sent      time.Time
	deadline  time.Time
	answer    protocol.Element
	done      bool
}

// session is one connection to one miner.
type session struct {
	c    *Client
	f    *fetch
	oc   *MinerOutcome
	addr string
	conn net.Conn
	in   *bufio.Reader
	wmu  sync.Mutex // frames come from the main loop and the payer
	bw   *bufio.Writer
	rng  *mrand.Rand
	log  *slog.Logger
	msgs chan readResult
	done chan struct{}

	info  ChannelInfo
	route *VirtualRoute // a virtual session's route; nil for a direct one
	// The transcript state after the last step signed; owned by the
	// payer goroutine once it runs.
	root  protocol.Element
	bytes uint64
	nonce uint64
	// Windows go to the payer with their nonce fixed here, so that the
	// main loop knows which acknowledgements to expect.
	payq        chan *window
	payErr      chan error
	payerDone   chan struct{}
	stopPay     atomic.Bool
	nextNonce   uint64
	unsent      int // windows dropped by the payer (read after it ends)
	unsentBytes uint64
	// closeQueued: the payer was told to send the Close right after the
	// last payment, so the miner's acknowledgement and its Close come back
	// in the same round trip.
	closeQueued bool
	closeDone   chan struct{} // closed by the payer once it handled the Close
	closeSent   bool          // the payer sent it (read after closeDone)
	closeSeen   bool          // the main loop saw closeDone
	ackNonce    uint64        // latest acknowledged, recorded by flushAck
	ackPending  int           // acknowledgements not yet recorded
	lingering   bool          // run ended with only acknowledgements left (LingerFinalAck)

	fromHello FrameLimits // what the client reads until its request: hello-ack, payment acks, errors

	// With ClientOptions.ChainState: the channel on chain (read by the
	// main loop, used by the payer), the cumulative bytes of the windows
	// closed so far, and why the session stops once the paid windows are
	// acknowledged (the deposit ran out).
	ctx       context.Context
	chain     atomic.Pointer[protocol.ChainChannel]
	chainAt   atomic.Int64 // when chain was read (unix ns)
	committed uint64
	short     error

	unacked     []uint64
	credit      uint64
	windowLimit uint64
	end         uint64 // chunk index after the requested range
	gotInfo     bool

	seq       uint64
	cur       *window
	pending   []*window // closed, awaiting answers or payment
	probes    map[uint32]*pendingProbe
	nextProbe uint32
	windows   int
	lastFrame time.Time
}

func (c *Client) fetchFrom(ctx context.Context, addr string, f *fetch, oc *MinerOutcome) error {
	var route *VirtualRoute
	var info ChannelInfo
	var err error
	if c.opts.Route != nil {
		route, info, err = c.virtualChannel(ctx, addr)
	} else {
		info, err = c.channelFor(ctx, addr)
	}
	if err != nil {
		return err
	}
	oc.Channel = info.ID
	if info.Client != c.addr || info.ReceiptKey != c.opts.ReceiptKey.Public() {
		return fmt.Errorf("%w: channel %s belongs to other keys", ErrChannel, info.ID)
	}
	var onChain *protocol.ChainChannel
	if c.opts.ChainState != nil && route == nil {
		// Read before dialing: a channel the client cannot pay on is not
		// worth a connection.
		if onChain, err = c.readChain(ctx, info); err != nil {
			return err
		}
	}
	// One session per channel at a time: the last one may still be
	// collecting its acknowledgements.
	if err := c.awaitLinger(ctx, info.ID); err != nil {
		return err
	}
	d := net.Dialer{Timeout: c.opts.DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("dial %s: %w", addr, err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	var seed [32]byte
	crand.Read(seed[:])
	s := &session{c: c, f: f, oc: oc, addr: addr, conn: conn, ctx: ctx, bw: bufio.NewWriterSize(conn, 64<<10),
		rng: mrand.New(mrand.NewChaCha8(seed)), info: info, route: route, in: bufio.NewReaderSize(conn, 256<<10), msgs: make(chan readResult, 64),
		done: make(chan struct{}), probes: map[uint32]*pendingProbe{}, fromHello: FromMinerHello(),
		log: c.log.With("miner", addr, "channel", info.ID.String()[:18])}
	release := func() {
		stop()
		conn.Close()
		close(s.done)
	}
	s.setChain(onChain)
	f.prog.Miner = addr
	err = s.run(ctx)
	if ferr := s.flushAck(); ferr != nil && err == nil {
		err = ferr
	}
	if err == nil && s.lingering && stop() {
		// Detached from ctx (stop returned true: it had not closed the
		// connection): the fetch is over, its caller may cancel.
		f.linger = c.linger(s, release)
		return nil
	}
	release()
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

// awaitLinger waits for the channel's lingering session, if any.
func (c *Client) awaitLinger(ctx context.Context, id protocol.Element) error {
	c.lingerMu.Lock()
	l := c.lingering[id]
	c.lingerMu.Unlock()
	if l == nil {
		return nil
	}
	if _, err := l.Wait(ctx); errors.Is(err, ctx.Err()) && ctx.Err() != nil {
		return err
	}
	return nil
}

// linger hands the finished session to a goroutine that collects the
// miner's last acknowledgements, then its Close, within IdleTimeout (no
// longer bound to the fetch's context: the fetch is over).
func (c *Client) linger(s *session, release func()) *Linger {
	l := &Linger{Channel: s.info.ID, done: make(chan struct{})}
	c.lingerMu.Lock()
	if c.lingering == nil {
		c.lingering = map[protocol.Element]*Linger{}
	}
	c.lingering[l.Channel] = l
	c.lingerMu.Unlock()
	go func() {
		l.acked, l.err = s.collectAcks()
		if l.err != nil {
			s.log.Warn("final acknowledgement not received; the next session re-sends the step", "err", l.err)
		}
		release()
		c.lingerMu.Lock()
		if c.lingering[l.Channel] == l {
			delete(c.lingering, l.Channel)
		}
		c.lingerMu.Unlock()
		close(l.done)
	}()
	return l
}

// collectAcks reads, after the fetch, the acknowledgements of the
// payments still unacknowledged (recording each as the main loop does),
// then the miner's Close. Only those, and answers to latency probes
// still out, may come now.
func (s *session) collectAcks() (acked int, err error) {
	defer func() {
		if ferr := s.flushAck(); ferr != nil && err == nil {
			err = ferr
		}
	}()
	t := time.NewTimer(s.c.opts.IdleTimeout)
	defer t.Stop()
	for len(s.unacked) > 0 {
		select {
		case r := <-s.msgs:
			if r.err != nil {
				return acked, fmt.Errorf("reading from miner: %w", r.err)
			}
			switch m := r.msg.(type) {
			case *PaymentAck:
				if err := s.takeAck(m); err != nil {
					return acked, err
				}
				acked++
			case *ProbeAnswer:
				if p, ok := s.probes[m.ID]; !ok || p.kind != ProbeLatency {
					return acked, fmt.Errorf("%w: answer to unknown probe %d", ErrProtocol, m.ID)
				}
				delete(s.probes, m.ID)
			case *ErrorMsg:
				return acked, &RemoteError{Code: m.Code, Message: m.Message}
			default:
				return acked, fmt.Errorf("%w: %s before the last acknowledgement", ErrProtocol, r.msg.Type())
			}
		case <-t.C:
			return acked, fmt.Errorf("%w: %d payments unacknowledged after %s", ErrTimeout, len(s.unacked), s.c.opts.IdleTimeout)
		}
	}
	// The miner closes once it stored everything and freed the channel
	// (the payer sent the client's Close before the session lingered).
	s.closeOrderly()
	return acked, nil
}

func (s *session) send(m Message) error { return s.sendRaw(AppendFrame(nil, m)) }

// sendRaw writes encoded frames and flushes them.
func (s *session) sendRaw(frames []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.conn.SetWriteDeadline(time.Now().Add(s.c.opts.IdleTimeout))
	if _, err := s.bw.Write(frames); err != nil {
		return err
	}
	return s.bw.Flush()
}

// request asks for the object from the first chunk the fetch lacks.
func (s *session) request() *Request { return &Request{Object: s.f.obj, First: s.f.next} }

// allAcked reports whether the miner acknowledged the latest step the
// client signed on the channel (or none was signed): then the hello's
// answer cannot call for payments to be re-sent before the request.
func (s *session) allAcked() (bool, error) {
	rec := s.c.opts.Record
	latest, err := rec.LatestStep(s.info.ID)
	if err != nil || latest == nil {
		return err == nil, err
	}
	acked, err := rec.Acked(s.info.ID)
	return err == nil && acked == latest.Voucher.Nonce, err
}

func (s *session) run(ctx context.Context) error {
	c := s.c
	s.conn.SetDeadline(time.Now().Add(c.opts.IdleTimeout))
	// When the miner acknowledged every step the client signed (nothing
	// to re-send after the hello), the request goes with the hello, in
	// one write: the first chunk comes one round trip sooner.
	pipelined, err := s.allAcked()
	if err != nil {
		return err
	}
	var first []byte
	if s.route != nil {
		first = AppendFrame(nil, &VirtualHello{Version: uint16(WireVersion), Channel: s.info, Binding: s.route.Binding})
	} else {
		first = AppendFrame(nil, &Hello{Version: uint16(WireVersion), Channel: s.info})
	}
	if pipelined {
		first = AppendFrame(first, s.request())
	}
	if err := s.sendRaw(first); err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	msg, err := s.fromHello.ReadMessage(s.in)
	if err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	if e, ok := msg.(*ErrorMsg); ok {
		return &RemoteError{Code: e.Code, Message: e.Message}
	}
	ack, ok := msg.(*HelloAck)
	if !ok {
		return fmt.Errorf("%w: expected hello-ack, got %s", ErrProtocol, msg.Type())
	}
	if err := s.helloAck(ack, pipelined); err != nil {
		return err
	}
	s.committed = s.bytes
	s.conn.SetDeadline(time.Time{})
	go s.reader()
	s.nextNonce = s.nonce
	s.payq, s.payErr, s.payerDone = make(chan *window, maxPaymentsInFlight), make(chan error, 1), make(chan struct{})
	go s.payer()
	defer func() {
		s.stopPay.Store(true) // a client that stops does not pay what is queued
		close(s.payq)
		<-s.payerDone
		// Windows the payer dropped were never paid.
		s.f.prog.Vouchers -= s.unsent
		s.f.prog.Paid -= s.unsentBytes
		s.oc.Paid -= s.unsentBytes
	}()
	if !pipelined {
		if err := s.send(s.request()); err != nil {
			return err
		}
	}
	s.lastFrame = time.Now()
	timer := time.NewTimer(c.opts.IdleTimeout)
	defer timer.Stop()
	for {
		timer.Reset(time.Until(s.nextDeadline()))
		var lastSent <-chan struct{} // the last payment and the Close are out
		if c.opts.LingerFinalAck && s.closeQueued && !s.closeSeen {
			lastSent = s.closeDone
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-lastSent:
			s.closeSeen = true
			if s.closeSent && s.short == nil && s.gotInfo && s.f.next == s.end && s.cur == nil && len(s.pending) == 0 {
				s.lingering = true
				return nil
			}
		case r := <-s.msgs:
			if r.err != nil {
				return s.withShort(s.readFailed(r.err))
			}
			s.lastFrame = time.Now()
			done, err := s.handle(r.msg)
			if err != nil {
				return s.withShort(err)
			}
			if done {
				s.closeOrderly()
				return nil
			}
			if s.short != nil && s.cur == nil && len(s.pending) == 0 && len(s.unacked) == 0 {
				// Everything the deposit covers is paid and acknowledged.
				s.closeOrderly()
				return s.short
			}
		case err := <-s.payErr:
			// Stop in order, so that the miner stores the payments sent
			// before (closing with unread chunks would reset the
			// connection and could lose them).
			s.closeOrderly()
			return err
		case <-timer.C:
		}
		if err := s.checkDeadlines(); err != nil {
			return err
		}
	}
}

// withShort puts first why the client was stopping anyway (the deposit
// ran out) when the miner ends the session meanwhile: a miner bounding its
// credit by the deposit may say so before the last payment's ack.
func (s *session) withShort(err error) error {
	if s.short == nil {
		return err
	}
	return fmt.Errorf("%w (then: %w)", s.short, err)
}

// closeOrderly tells the miner the fetch is over (unless the payer sent
// the Close behind the last payment) and waits (briefly) for its close,
// which comes once it stored every payment and freed the channel: the
// client may reconnect at once.
func (s *session) closeOrderly() {
	if s.closeQueued {
		<-s.closeDone // the payer handles it in order, even when it stopped paying
	}
	if !s.closeSent {
		if s.send(&Close{}) != nil {
			return
		}
	}
	t := time.NewTimer(closeWait)
	defer t.Stop()
	for {
		select {
		case r := <-s.msgs:
			if r.err != nil || r.msg.Type() == FrameClose || r.msg.Type() == FrameError {
				return
			}
		case <-t.C:
			return
		}
	}
}

// closeWait bounds how long a client waits for the miner's close.
const closeWait = 2 * time.Second

func (s *session) reader() {
	lim := FromMiner() // only what a miner sends, each type at its own limit
	for {
		msg, err := lim.ReadMessage(s.in)
		if c, ok := msg.(*Chunk); ok {
			// Hashing here overlaps it with the main loop's work.
			c.digest, c.hashed = sha256.Sum256(c.Data), true
		}
		select {
		case s.msgs <- readResult{msg, err}:
		case <-s.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (s *session) readFailed(err error) error {
	if errors.Is(err, ErrProtocol) || errors.Is(err, ErrFrameTooLarge) {
		s.send(&ErrorMsg{Code: CodeProtocol, Message: err.Error()})
	}
	return fmt.Errorf("reading from miner: %w", err)
}

// helloAck learns the miner's address and reconciles the channel state
// the miner holds with the client's record.
func (s *session) helloAck(ack *HelloAck, pipelined bool) error {
	rec := s.c.opts.Record
	if s.info.Miner == (common.Address{}) {
		s.info.Miner = ack.Miner
		if s.c.opts.Channel == nil {
			if err := rec.SaveChannel(s.addr, s.info); err != nil {
				return err
			}
		}
	} else if s.info.Miner != ack.Miner {
		return fmt.Errorf("%w: channel is with %s, miner at %s is %s", ErrChannel, s.info.Miner, s.addr, ack.Miner)
	}
	if ch := s.chain.Load(); ch != nil && ch.Miner != ack.Miner {
		return fmt.Errorf("%w: channel %s is with %s on chain, the miner at %s is %s", ErrChannel, s.info.ID, ch.Miner, s.addr, ack.Miner)
	}
	s.oc.Miner = ack.Miner
	s.credit = ack.CreditLimit
	steps, err := rec.Steps(s.info.ID)
	if err != nil {
		return err
	}
	if len(steps) == 0 {
		if ack.Nonce != 0 || ack.Bytes != 0 || ack.Root != (protocol.Element{}) {
			return fmt.Errorf("%w: miner holds nonce %d, the client never paid on this channel", ErrChannel, ack.Nonce)
		}
		return nil
	}
	latest := &steps[len(steps)-1]
	if ack.Nonce == latest.Voucher.Nonce && ack.Bytes == latest.Receipt.CumulativeBytes && ack.Root == latest.Receipt.Root {
		// The miner holds the latest step: as good as its acknowledgement
		// (one lost with the last connection, or never collected).
		if err := rec.SaveAck(s.info.ID, latest.Voucher.Nonce); err != nil {
			return err
		}
		s.root, s.bytes, s.nonce = latest.Receipt.Root, latest.Receipt.CumulativeBytes, latest.Voucher.Nonce
		return nil
	}
	for i := range steps {
		st := &steps[i]
		if pipelined || s.route != nil {
			// The miner holds less than it acknowledged: nothing can be
			// re-sent after the request. (A virtual session is fresh each
			// time: nothing of it is re-sent.)
			break
		}
		if st.Voucher.Nonce <= ack.Nonce || st.PrevBytes != ack.Bytes || st.PrevRoot != ack.Root {
			continue
		}
		// The miner never stored these steps (it stopped before): send
		// them again, in order.
		s.log.Info("re-sending unacknowledged payments", "from", st.Voucher.Nonce, "to", latest.Voucher.Nonce)
		for _, st := range steps[i:] {
			if err := s.send(&Payment{Step: st}); err != nil {
				return err
			}
			msg, err := s.fromHello.ReadMessage(s.in)
			if err != nil {
				return err
			}
			a, ok := msg.(*PaymentAck)
			if !ok || a.Nonce != st.Voucher.Nonce {
				return fmt.Errorf("%w: re-sent payment %d not acknowledged (%s)", ErrChannel, st.Voucher.Nonce, msg.Type())
			}
			if err := rec.SaveAck(s.info.ID, a.Nonce); err != nil {
				return err
			}
		}
		s.root, s.bytes, s.nonce = latest.Receipt.Root, latest.Receipt.CumulativeBytes, latest.Voucher.Nonce
		return nil
	}
	return fmt.Errorf("%w: miner holds nonce %d / %d bytes, the client's record nonce %d / %d bytes",
		ErrChannel, ack.Nonce, ack.Bytes, latest.Voucher.Nonce, latest.Receipt.CumulativeBytes)
}

// handle processes one miner frame; done reports the fetch complete.
func (s *session) handle(msg Message) (done bool, err error) {
	switch m := msg.(type) {
	case *Info:
		err = s.onInfo(m)
	case *Chunk:
		err = s.onChunk(m)
	case *ProbeAnswer:
		err = s.onAnswer(m)
	case *PaymentAck:
		err = s.onAck(m)
	case *ErrorMsg:
		return false, &RemoteError{Code: m.Code, Message: m.Message}
	case *Close:
		return false, fmt.Errorf("%w: miner closed the stream", io.ErrUnexpectedEOF)
	default:
		err = fmt.Errorf("%w: unexpected %s from a miner", ErrProtocol, msg.Type())
	}
	if err != nil {
		if errors.Is(err, ErrProtocol) {
			s.send(&ErrorMsg{Code: CodeProtocol, Message: err.Error()})
		}
		return false, err
	}
	f := s.f
	return s.gotInfo && f.next == s.end && s.cur == nil && len(s.pending) == 0 && len(s.unacked) == 0, nil
}

func (s *session) onInfo(m *Info) error {
	f := s.f
	if s.gotInfo {
		return fmt.Errorf("%w: second info", ErrProtocol)
	}
	n := protocol.ChunkCount(m.Size, m.ChunkSize)
	switch {
	case m.Object != f.obj || m.First != f.next || m.First >= n || m.Count != n-m.First:
		return fmt.Errorf("%w: info does not answer the request", ErrProtocol)
	case f.known && (m.Size != f.size || m.ChunkSize != f.chunkSize):
		return fmt.Errorf("%w: info gives %d bytes in chunks of %d, the object has %d in %d", ErrProtocol,
			m.Size, m.ChunkSize, f.size, f.chunkSize)
	}
	f.size, f.chunkSize, f.chunks = m.Size, m.ChunkSize, n
	f.prog.Size = m.Size
	s.gotInfo = true
	s.end = n
	wb := s.c.opts.WindowBytes
	if wb == 0 {
		wb = uint64(s.info.Shape.Chunks) * DefaultChunkSize
	}
	s.windowLimit = min(wb, s.credit, uint64(s.info.Shape.Chunks)*uint64(m.ChunkSize))
	if s.windowLimit < uint64(m.ChunkSize) {
		return fmt.Errorf("%w: window of %d bytes (credit %d) below the chunk size %d", ErrConfig, s.windowLimit, s.credit, m.ChunkSize)
	}
	s.newWindow()
	return nil
}

func (s *session) newWindow() {
	w := &window{startSeq: s.seq, start: time.Now()}
	n := s.c.opts.Probes
	if n == 0 || n > s.info.Shape.Probes {
		n = s.info.Shape.Probes
	}
	if n > 0 {
		// Probe positions are drawn per window, so the miner cannot tell
		// which chunks will be asked about.
		w.triggers = s.rng.Perm(s.info.Shape.Chunks)[:n]
		slices.Sort(w.triggers)
	}
	s.cur = w
}

func (s *session) onChunk(m *Chunk) error {
	f := s.f
	if s.short != nil {
		// The deposit ran out: what the miner still sends is neither kept
		// nor paid.
		return nil
	}
	if !s.gotInfo || s.cur == nil || f.next >= s.end {
		return fmt.Errorf("%w: chunk not requested", ErrProtocol)
	}
	idx := f.next
	sc := m.Header
	h := &sc.Header
	if h.Object != f.obj || h.Index != idx {
		return fmt.Errorf("%w: got chunk %d of %x, expected chunk %d", ErrProtocol, h.Index, h.Object[:4], idx)
	}
	pathOK := sc.PathValid()
	if !m.hashed {
		m.digest = sha256.Sum256(m.Data)
	}
	digestOK := uint32(len(m.Data)) == h.Length && m.digest == h.Digest
	if !pathOK || !digestOK {
		return s.badChunk(sc, pathOK)
	}
	// A valid path binds size and chunk size to the object id: the info
	// frame's values are now confirmed (or shown false).
	if h.ObjectSize != f.size || h.ChunkSize != f.chunkSize || h.Length != chunkLen(f.size, f.chunkSize, idx) {
		return fmt.Errorf("%w: info frame contradicts the object id", ErrProtocol)
	}
	if err := s.fund(uint64(h.Length)); err != nil || s.short != nil {
		return err
	}
	f.known = true
	if _, err := f.out.WriteAt(m.Data, int64(idx)*int64(f.chunkSize)); err != nil {
		return fmt.Errorf("writing chunk %d: %w", idx, err)
	}
	f.next++
	f.prog.Received += uint64(h.Length)
	s.oc.Received += uint64(h.Length)
	s.seq++
	w := s.cur
	w.leaves = append(w.leaves, protocol.ChunkLeaf{Length: h.Length, Digest: h.Digest})
	w.data = append(w.data, m.Data)
	w.end = time.Now()
	pos := len(w.leaves) - 1
	for len(w.triggers) > 0 && w.triggers[0] <= pos {
		w.triggers = w.triggers[1:]
		if err := s.possessionProbe(w, s.rng.IntN(pos+1)); err != nil {
			return err
		}
	}
	if len(w.leaves) == s.info.Shape.Chunks || w.bytes()+uint64(f.chunkSize) > s.windowLimit || f.next == s.end {
		if err := s.closeWindow(); err != nil {
			return err
		}
	}
	if f.next < s.end && s.short == nil {
		// Look one chunk ahead: a miner that bounds its credit by the
		// deposit sends nothing more until paid, so a window the deposit
		// cannot grow must close now.
		if err := s.fund(uint64(chunkLen(f.size, f.chunkSize, f.next))); err != nil {
			return err
		}
	}
	s.progress()
	return nil
}

func (s *session) setChain(ch *protocol.ChainChannel) {
	s.chain.Store(ch)
	s.chainAt.Store(time.Now().UnixNano())
}

// fund makes sure the deposit on chain pays for n more bytes after the
// current window's: if not, it reads the channel again (someone may have
// topped it up), tops it up when told to, and otherwise closes the window
// at what the deposit covers and sets s.short: the session ends once the
// paid windows are acknowledged.
func (s *session) fund(n uint64) error {
	ch := s.chain.Load()
	if ch == nil {
		return nil
	}
	price := s.info.PricePerByte
	target := s.committed + s.cur.bytes() + n
	amount := amountFor(target, price)
	if amount.Cmp(ch.Deposit) <= 0 {
		return nil
	}
	f := s.f
	whole := amountFor(s.committed+s.cur.bytes()+(f.size-f.next*uint64(f.chunkSize)), price)
	ch, err := s.c.readChain(s.ctx, s.info)
	if err != nil {
		return err
	}
	s.setChain(ch)
	if amount.Cmp(ch.Deposit) > 0 && s.c.opts.TopUp != nil {
		need := new(big.Int).Sub(whole, ch.Deposit)
		s.log.Info("deposit runs short: topping up", "deposit", ch.Deposit, "need", need)
		if err := s.c.opts.TopUp(s.ctx, s.info, need); err != nil {
			return fmt.Errorf("top up channel %s by %s wei: %w", s.info.ID, need, err)
		}
		if ch, err = s.c.readChain(s.ctx, s.info); err != nil {
			return err
		}
		s.setChain(ch)
	}
	if amount.Cmp(ch.Deposit) <= 0 {
		return nil
	}
	s.short = fmt.Errorf("channel %s: %w; %s wei more would pay for the rest of the object", s.info.ID,
		&protocol.InsufficientFundsError{Amount: amount, Deposit: new(big.Int).Set(ch.Deposit), Shortfall: new(big.Int).Sub(amount, ch.Deposit)},
		new(big.Int).Sub(whole, ch.Deposit))
	s.log.Warn("deposit used up: paying for what it covers, then stopping", "deposit", ch.Deposit, "paid_bytes", s.committed+s.cur.bytes())
	if len(s.cur.leaves) > 0 {
		return s.closeWindow()
	}
	s.cur = nil
	return nil
}

func (s *session) possessionProbe(w *window, pos int) error {
	ch, err := protocol.NewChallenge()
	if err != nil {
		return err
	}
	field, bytes, err := possessionAnswer(ch, w.leaves[pos], w.data[pos])
	if err != nil {
		return err
	}
	p := &pendingProbe{id: s.nextProbe, kind: ProbePossession, win: w, pos: pos, challenge: ch,
		field: field, bytes: bytes}
	w.probes = append(w.probes, p)
	w.outstanding++
	return s.sendProbe(p, w.startSeq+uint64(pos))
}

func (s *session) sendProbe(p *pendingProbe, seq uint64) error {
	s.nextProbe++
	p.sent = time.Now()
	p.deadline = p.sent.Add(s.c.opts.ProbeDeadline)
	s.probes[p.id] = p
	return s.send(&Probe{ID: p.id, Kind: p.kind, Seq: seq, Challenge: p.challenge})
}

func (s *session) closeWindow() error {
	w := s.cur
	for range w.triggers { // positions past a short window's end
		if err := s.possessionProbe(w, s.rng.IntN(len(w.leaves))); err != nil {
			return err
		}
	}
	w.triggers, w.data, w.closed = nil, nil, true
	s.cur = nil
	s.windows++
	if s.c.opts.MinRate > 0 && !w.end.After(w.start) {
		w.end = w.start.Add(time.Nanosecond)
	}
	if r := s.c.opts.MinRate; r > 0 {
		rate := float64(w.bytes()) / w.end.Sub(w.start).Seconds()
		if rate < r {
			return s.probeFailed(fmt.Sprintf("throughput probe: window of %d bytes at %.0f B/s, below %.0f B/s", w.bytes(), rate, r))
		}
	}
	if s.c.opts.LatencyEvery > 0 && s.windows%s.c.opts.LatencyEvery == 0 {
		ch, err := protocol.NewChallenge()
		if err != nil {
			return err
		}
		if err := s.sendProbe(&pendingProbe{id: s.nextProbe, kind: ProbeLatency, challenge: ch, bytes: LatencyAnswer(ch)}, 0); err != nil {
			return err
		}
	}
	s.pending = append(s.pending, w)
	s.committed += w.bytes()
	if s.f.next < s.end && s.short == nil {
		s.newWindow()
	}
	return s.payReady()
}

// payReady hands, in order, every closed window whose probes are
// answered to the payer.
func (s *session) payReady() error {
	for len(s.pending) > 0 && s.pending[0].outstanding == 0 {
		w := s.pending[0]
		s.pending = s.pending[1:]
		s.nextNonce++
		w.nonce = s.nextNonce
		s.unacked = append(s.unacked, w.nonce)
		s.f.prog.Vouchers++
		s.f.prog.Paid += w.bytes()
		s.oc.Paid += w.bytes()
		s.payq <- w // never blocks for long: the payer only signs, saves and sends
	}
	if !s.closeQueued && s.cur == nil && len(s.pending) == 0 && (s.f.next == s.end || s.short != nil) {
		// Nothing more will be paid on this connection: the Close goes
		// right behind the last payment instead of a round trip after
		// its acknowledgement.
		s.closeQueued, s.closeDone = true, make(chan struct{})
		s.payq <- nil
	}
	return nil
}

// payer signs, records (durably) and sends the steps for the windows it
// is handed, off the main loop so that chunks keep flowing meanwhile.
func (s *session) payer() {
	defer close(s.payerDone)
	for w := range s.payq {
		if w == nil { // the end: the Close follows the last payment
			if !s.stopPay.Load() {
				s.closeSent = s.send(&Close{}) == nil
			}
			close(s.closeDone)
			continue
		}
		if !s.stopPay.Load() {
			err := s.pay(w)
			if err == nil {
				continue
			}
			s.stopPay.Store(true)
			s.payErr <- err
		}
		s.unsent++
		s.unsentBytes += w.bytes()
	}
}

func (s *session) pay(w *window) error {
	win := protocol.Window{Leaves: w.leaves}
	known := make(protocol.ProbeAnswers, len(w.probes)) // computed from the client's own copy when probing
	for _, p := range w.probes {
		win.Probes = append(win.Probes, protocol.Probe{Index: uint32(p.pos), Challenge: p.challenge, Answer: p.answer})
		known[p.challenge] = p.field
	}
	o := &s.c.opts
	step, err := protocol.SignStepAnswered(s.info.Shape, s.info.ID, w.nonce, s.root, s.bytes, win, known,
		s.info.PricePerByte, s.info.Domain, o.Key, o.ReceiptKey)
	if err != nil {
		return err
	}
	if ch := s.chain.Load(); ch != nil {
		if time.Since(time.Unix(0, s.chainAt.Load())) > o.ChainMaxAge {
			if ch, err = s.c.readChain(s.ctx, s.info); err != nil {
				return fmt.Errorf("not paying voucher %d: %w", w.nonce, err)
			}
			s.setChain(ch)
		}
		// The one voucher check, against the chain, before the voucher
		// leaves the client: never more than the deposit, never on a
		// channel that closed meanwhile.
		prev := protocol.VoucherState{Nonce: s.nonce, Bytes: s.bytes, Amount: amountFor(s.bytes, s.info.PricePerByte)}
		if err := protocol.CheckVoucher(&step.Voucher, nil, protocol.VoucherContext{Prev: prev, Terms: s.c.terms(s.info), Chain: ch}); err != nil {
			return fmt.Errorf("not paying voucher %d on channel %s: %w", w.nonce, s.info.ID, err)
		}
	}
	var msg Message = &Payment{Step: *step}
	if s.route != nil {
		lv, err := s.routePay(step)
		if err != nil {
			return fmt.Errorf("not paying voucher %d: %w", w.nonce, err)
		}
		msg = &LanePayment{Step: *step, Lane: *lv}
	}
	// Recorded before it is sent: the client's record never shows less
	// than it signed.
	if err := o.Record.SaveStep(step); err != nil {
		return err
	}
	if err := s.send(msg); err != nil {
		return fmt.Errorf("sending payment %d: %w", w.nonce, err)
	}
	s.root, s.bytes, s.nonce = step.Receipt.Root, step.Receipt.CumulativeBytes, step.Voucher.Nonce
	return nil
}

func (s *session) onAnswer(a *ProbeAnswer) error {
	p, ok := s.probes[a.ID]
	if !ok {
		return fmt.Errorf("%w: answer to unknown probe %d", ErrProtocol, a.ID)
	}
	delete(s.probes, a.ID)
	now := time.Now()
	if now.After(p.deadline) {
		return s.probeFailed(fmt.Sprintf("%s probe %d answered after %s (deadline %s)", p.kind, p.id, now.Sub(p.sent), s.c.opts.ProbeDeadline))
	}
	if p.kind == ProbeLatency {
		if a.Bytes != p.bytes {
			return s.probeFailed(fmt.Sprintf("latency probe %d answered wrongly", p.id))
		}
		s.f.prog.LastRTT = now.Sub(p.sent)
		s.f.prog.ProbesPassed++
		return nil
	}
	if a.Field != p.field || a.Bytes != p.bytes {
		return s.probeFailed(fmt.Sprintf("possession probe %d (chunk %d of window %d) answered wrongly", p.id, p.pos, s.windows))
	}
	s.f.prog.ProbesPassed++
	p.answer, p.done = a.Field, true
	p.win.outstanding--
	return s.payReady()
}

func (s *session) onAck(a *PaymentAck) error {
	if err := s.takeAck(a); err != nil {
		return err
	}
	s.f.prog.Acked++
	s.progress()
	return nil
}

// takeAck accepts the acknowledgement of the oldest unacknowledged
// payment, and no other.
func (s *session) takeAck(a *PaymentAck) error {
	if len(s.unacked) == 0 || a.Nonce != s.unacked[0] {
		return fmt.Errorf("%w: acknowledgement of nonce %d not expected", ErrProtocol, a.Nonce)
	}
	s.unacked = s.unacked[1:]
	return s.noteAck(a.Nonce)
}

// ackSaveEvery is how many acknowledgements the record may lag behind
// during a session. The acknowledged nonce only decides which kept steps
// can go and whether the next hello may carry the request; writing it
// (and pruning steps) at every window cost ~1 ms of the client's main
// loop each.
const ackSaveEvery = 16

// noteAck counts an acknowledgement and records it every ackSaveEvery;
// flushAck records the latest when the session ends.
func (s *session) noteAck(nonce uint64) error {
	s.ackNonce = nonce
	if s.ackPending++; s.ackPending < ackSaveEvery {
		return nil
	}
	return s.flushAck()
}

func (s *session) flushAck() error {
	if s.ackPending == 0 {
		return nil
	}
	s.ackPending = 0
	return s.c.opts.Record.SaveAck(s.info.ID, s.ackNonce)
}

func (s *session) progress() {
	if s.c.opts.Progress != nil {
		s.f.prog.Elapsed = time.Since(s.f.start)
		s.c.opts.Progress(s.f.prog)
	}
}

func (s *session) nextDeadline() time.Time {
	d := s.lastFrame.Add(s.c.opts.IdleTimeout)
	for _, p := range s.probes {
		if p.deadline.Before(d) {
			d = p.deadline
		}
	}
	return d
}

func (s *session) checkDeadlines() error {
	now := time.Now()
	for _, p := range s.probes {
		if now.After(p.deadline) {
			return s.probeFailed(fmt.Sprintf("%s probe %d unanswered after %s", p.kind, p.id, s.c.opts.ProbeDeadline))
		}
	}
	if now.Sub(s.lastFrame) > s.c.opts.IdleTimeout {
		s.report(&protocol.Report{Kind: protocol.ReportTimeout, Detail: fmt.Sprintf("no frame for %s", s.c.opts.IdleTimeout)})
		return fmt.Errorf("%w: %w: miner silent for %s", ErrMisbehavior, ErrTimeout, s.c.opts.IdleTimeout)
	}
	return nil
}

func (s *session) probeFailed(detail string) error {
	s.f.prog.ProbesFailed++
	s.report(&protocol.Report{Kind: protocol.ReportFailedProbe, Detail: detail})
	s.send(&ErrorMsg{Code: CodeMisbehavior, Message: detail})
	return fmt.Errorf("%w: %w: %s", ErrMisbehavior, ErrProbeFailed, detail)
}

// badChunk reports a chunk that does not verify. If the miner signed a
// header whose path contradicts the object id, the report proves it; if
// only the bytes are wrong, or the signature is not the miner's, it is a
// complaint the client keeps for itself.
func (s *session) badChunk(sc *protocol.SignedChunk, pathOK bool) error {
	detail := fmt.Sprintf("chunk %d: signed header and path do not lead to the object id", sc.Header.Index)
	if pathOK {
		detail = fmt.Sprintf("chunk %d: bytes do not match the signed digest", sc.Header.Index)
	}
	signer, err := sc.Signer()
	if err != nil || signer != s.oc.Miner {
		detail += " (header not signed by the miner)"
	} else {
		s.report(&protocol.Report{Kind: protocol.ReportBadChunk, Detail: detail, Chunk: sc})
	}
	s.send(&ErrorMsg{Code: CodeMisbehavior, Message: detail})
	return fmt.Errorf("%w: %w: %s", ErrMisbehavior, ErrBadChunk, detail)
}

func (s *session) report(r *protocol.Report) {
	r.Accused = s.oc.Miner
	r.ChannelID = s.info.ID
	s.log.Warn("miner misbehaved", "kind", r.Kind, "detail", r.Detail)
	if s.c.opts.Reports == nil {
		return
	}
	if err := s.c.opts.Reports.Record(r); err != nil {
		s.log.Error("recording report", "err", err)
		return
	}
	s.f.reports = append(s.f.reports, *r)
}
