package challenge

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// Miner defaults.
const (
	DefaultCreditLimit = 16 << 20
	// DefaultMaxCredit is what a paying connection's credit may grow to:
	// the bandwidth-delay product of a 1 Gbit/s path with 200 ms round
	// trips, counted as a window's payment lag (about two round trips),
	// with room to spare.
	DefaultMaxCredit      = 64 << 20
	DefaultPaymentTimeout = 30 * time.Second
	DefaultIdleTimeout    = 2 * time.Minute
	DefaultMaxWindow      = 1024
	// DefaultMaxUnpaidCredits sets MaxUnpaid to this many credit limits:
	// a few strangers may hold credit at once, and what they can take
	// without paying stays a small multiple of one client's credit.
	DefaultMaxUnpaidCredits = 4
	DefaultUnpaidHold       = time.Hour
	DefaultMaxConns         = 1024
	DefaultMaxConnsPerIP    = 16
	DefaultProgressTimeout  = 5 * time.Minute
)

// MinerOptions configures a Miner.
type MinerOptions struct {
	Store   *Store            // objects served (required)
	Ledger  *Ledger           // accepted steps (required)
	Key     *ecdsa.PrivateKey // signs chunk headers and reports (required)
	Reports *ReportLog        // misbehavior reports; nil: logged only
	// CreditLimit is the most unpaid bytes a channel may hold, across
	// its connections: the miner sends a chunk only if the channel's
	// unpaid bytes stay within it. For channels not verified on chain
	// (see CheckChannel) it is also the most for one client key across
	// all its channels.
	CreditLimit uint64
	// MaxCredit is the most a connection's credit grows to while its
	// client pays (default DefaultMaxCredit, never below CreditLimit).
	// A connection starts with CreditLimit (less the channel's debt and
	// what the shared bounds leave); each payment that arrives while the
	// miner waits for credit grows it by twice the bytes paid, as TCP's
	// slow start grows its window, so a long fast path gets the credit
	// its bandwidth-delay product needs after a few paid windows. The
	// growth of a channel not verified on chain counts against
	// MaxUnpaid (it is taken only from what MaxUnpaid has left), and
	// that of an on-chain channel stays within its deposit: the miner's
	// exposure to one connection is at most MaxCredit, to all unverified
	// channels together at most MaxUnpaid. New credit for a key or a
	// channel at hello (a stranger's) stays CreditLimit; a channel whose
	// last connection ended owing nothing starts at the credit that
	// connection reached while all it sent was paid (remembered per
	// channel with the connection's address, given only to a hello from
	// that address, within the same bounds: MaxCredit, MaxUnpaid, the
	// deposit), so a returning client does not slow-start again.
	MaxCredit uint64
	// MaxUnpaid bounds the unpaid bytes (reserved or owed) of all
	// channels not verified on chain together; default
	// DefaultMaxUnpaidCredits × CreditLimit. Bytes a channel still owes
	// when its connection ends keep counting for UnpaidHold (default
	// DefaultUnpaidHold) after its last connection, so strangers can take
	// at most MaxUnpaid per UnpaidHold without paying, and an owing
	// channel gets no new credit until then.
	MaxUnpaid  uint64
	UnpaidHold time.Duration
	// CheckChannel, when set, is asked about every channel at hello,
	// before any byte is sent (e.g. a look-up of the channel contract).
	// An error refuses the hello; a Refusal's reason reaches the client.
	// A channel it reports on chain gets its own credit, bounded by its
	// deposit, instead of sharing its client key's and MaxUnpaid. It is
	// asked again after every accepted payment (answer from a cache): an
	// error then stops the session before its next chunk (a channel
	// closed under a running session), and a new Deposit bounds the rest.
	CheckChannel func(ctx context.Context, info ChannelInfo) (ChannelCheck, error)
	// MinPrice refuses channels priced below it (wei per byte); nil: 0.
	MinPrice *big.Int
	// Domain, when set, is the only EIP-712 domain (chain and contract)
	// the miner accepts vouchers for.
	Domain *protocol.ChainDomain
	// MaxWindowChunks refuses channels with larger windows (bounds the
	// payment frames and the miner's unpaid queue); default 1024.
	MaxWindowChunks int
	// PaymentTimeout is how long the miner waits for a voucher once it
	// stopped sending for lack of credit, or after the last chunk.
	PaymentTimeout time.Duration
	// IdleTimeout closes a connection silent for that long while nothing
	// is owed, and bounds each write.
	IdleTimeout time.Duration
	// ProgressTimeout closes a connection that goes that long without an
	// accepted payment (the hello counts as the first), whatever else it
	// sends: probes and requests keep no session alive. Default
	// DefaultProgressTimeout; an honest client pays a window at least
	// that often.
	ProgressTimeout time.Duration
	// MaxConns caps the open connections and MaxConnsPerIP those from
	// one remote address (IPv6: one /64); more are closed at once.
	// Defaults DefaultMaxConns and DefaultMaxConnsPerIP.
	MaxConns      int
	MaxConnsPerIP int

	Log *slog.Logger
	// OnStep, when set, gets every step once it is stored (e.g. to feed
	// an attest.Attestor). It runs on the connection's payment path: keep
	// it short.
	OnStep func(info ChannelInfo, step protocol.Step)
	// Faults makes the miner misbehave, to exercise clients' detection
	// (tests, demos). Nil for an honest miner.
	Faults *Faults
}

// ChannelCheck is what MinerOptions.CheckChannel learned about a channel.
type ChannelCheck struct {
	// OnChain: the channel exists on chain with these terms, pays this
	// miner, and backs its vouchers with Deposit.
	OnChain bool
	// Deposit is the most the channel's vouchers can pay this miner in
	// all (wei). The miner extends credit only for what the deposit
	// covers beyond its latest accepted voucher, at hello and while
	// serving; nil: no bound beyond CreditLimit.
	Deposit *big.Int
	// Chain, when set, is the channel as last read on chain: payments
	// are judged against it too (protocol.CheckVoucher: open or within
	// its challenge period, not settled past, within the deposit).
	Chain *protocol.ChainChannel
	// Lane is set for a virtual session (info.Virtual): the paying
	// channel and lane every lane voucher is judged against. Chain is then
	// unused (the vcid is on no chain) and Deposit is the most the lane's
	// cumulative amount may reach next to everything else the deposit
	// owes. A virtual session without it is refused.
	Lane *LaneTerms
}

// CorruptMode is how a faulty miner corrupts a chunk.
type CorruptMode uint8

const (
	// CorruptNone sends every chunk as stored.
	CorruptNone CorruptMode = iota
	// CorruptProvable sends altered bytes with a signed header carrying
	// their digest and the chunk's real Merkle path: the signed header
	// contradicts the object id, a fault any third party can check.
	CorruptProvable
	// CorruptBytes sends altered bytes under the honest signed header:
	// the client catches it (digest mismatch) but holds no proof.
	CorruptBytes
)

// Faults are deliberate misbehaviors of a Miner.
type Faults struct {
	Corrupt      CorruptMode
	CorruptChunk uint64        // object chunk index corrupted
	WrongProbe   int           // answer possession probes wrongly from the n-th on (1-based); 0: never
	ProbeDelay   time.Duration // delay every probe answer
}

// Miner serves objects from a Store to paying clients.
type Miner struct {
	opts   MinerOptions
	addr   common.Address
	log    *slog.Logger
	probes atomic.Int64 // possession probes answered (for Faults.WrongProbe)

	// sigs caches chunk-header signatures (deterministic, RFC 6979, so
	// the cache changes only the cost of serving a chunk again).
	sigMu sync.Mutex
	sigs  map[sigKey][65]byte

	credit *creditBook

	// warm remembers, per channel, the credit its last connection grew to
	// and earned back in full (it ended owing nothing) and where that
	// connection came from: the channel's next connection from the same
	// address starts there instead of at CreditLimit, as TCP caches a
	// path's window. A hello is not signed, so one from elsewhere (maybe
	// someone replaying the channel's public terms) is a stranger's and
	// gets CreditLimit. Bounded like kvs.
	warmMu sync.Mutex
	warm   map[protocol.Element]warmEntry

	// kvs caches a receipt verifier per channel receipt key (decoded
	// once, with its table): a channel's payments, across its
	// connections, verify with it.
	kvMu sync.Mutex
	kvs  map[protocol.PublicKey]*protocol.KeyVerifier

	refused atomic.Uint64 // connections closed at accept for a cap

	mu     sync.Mutex
	active map[protocol.Element]bool
	lanes  map[laneKey]bool          // paying lanes held by a live virtual session
	conns  map[net.Conn]netip.Prefix // open connections and their remote address
	perIP  map[netip.Prefix]int
	lns    map[net.Listener]bool
	closed bool
	wg     sync.WaitGroup
}

// NewMiner checks opts and applies defaults.
func NewMiner(opts MinerOptions) (*Miner, error) {
	if opts.Store == nil || opts.Ledger == nil || opts.Key == nil {
		return nil, fmt.Errorf("%w: miner needs a store, a ledger and a key", ErrConfig)
	}
	if opts.CreditLimit == 0 {
		opts.CreditLimit = DefaultCreditLimit
	}
	if opts.MaxCredit == 0 {
		opts.MaxCredit = DefaultMaxCredit
	}
	opts.MaxCredit = max(opts.MaxCredit, opts.CreditLimit)
	if opts.MinPrice == nil {
		opts.MinPrice = new(big.Int)
	}
	if opts.MaxWindowChunks == 0 {
		opts.MaxWindowChunks = DefaultMaxWindow
	}
	if opts.PaymentTimeout <= 0 {
		opts.PaymentTimeout = DefaultPaymentTimeout
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxUnpaid == 0 {
		opts.MaxUnpaid = DefaultMaxUnpaidCredits * opts.CreditLimit
	}
	if opts.UnpaidHold <= 0 {
		opts.UnpaidHold = DefaultUnpaidHold
	}
	if opts.ProgressTimeout <= 0 {
		opts.ProgressTimeout = DefaultProgressTimeout
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = DefaultMaxConns
	}
	if opts.MaxConnsPerIP <= 0 {
		opts.MaxConnsPerIP = DefaultMaxConnsPerIP
	}
	m := &Miner{opts: opts, addr: crypto.PubkeyToAddress(opts.Key.PublicKey), log: opts.Log,
		sigs: map[sigKey][65]byte{}, warm: map[protocol.Element]warmEntry{}, kvs: map[protocol.PublicKey]*protocol.KeyVerifier{}, active: map[protocol.Element]bool{}, lanes: map[laneKey]bool{}, conns: map[net.Conn]netip.Prefix{},
		perIP: map[netip.Prefix]int{}, lns: map[net.Listener]bool{},
		credit: newCreditBook(opts.CreditLimit, opts.MaxUnpaid, opts.UnpaidHold)}
	return m, nil
}

// MinerStats is a snapshot of a miner's load and exposure.
type MinerStats struct {
	Conns   int    // open connections
	Refused uint64 // connections closed at accept for a cap
	// Unpaid is the bytes sent and not covered by an accepted voucher,
	// on open connections and owed by ended ones (until UnpaidHold).
	Unpaid uint64
	// Exposure is what channels not verified on chain hold against
	// MaxUnpaid: their debts and the credit reserved by their connections.
	Exposure uint64
}

// Stats returns the miner's current load and exposure.
func (m *Miner) Stats() MinerStats {
	unpaid, exposure := m.credit.stats()
	m.mu.Lock()
	defer m.mu.Unlock()
	return MinerStats{Conns: len(m.conns), Refused: m.refused.Load(), Unpaid: unpaid, Exposure: exposure}
}

// Address is the miner's signing address.
func (m *Miner) Address() common.Address { return m.addr }

// Serve accepts connections on ln until ctx ends or Close is called.
func (m *Miner) Serve(ctx context.Context, ln net.Listener) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		ln.Close()
		return net.ErrClosed
	}
	m.lns[ln] = true
	m.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	m.log.Info("miner serving", "addr", ln.Addr().String(), "miner", m.addr.Hex())
	for {
		conn, err := ln.Accept()
		if err != nil {
			m.mu.Lock()
			closed := m.closed
			delete(m.lns, ln)
			m.mu.Unlock()
			if closed || ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("miner: accept: %w", err)
		}
		if !m.track(conn) {
			conn.Close()                             // over a cap: refused before any allocation or goroutine
			if n := m.refused.Add(1); n&(n-1) == 0 { // the 1st, 2nd, 4th, 8th...: a flood does not flood the log
				m.log.Warn("connections refused: cap reached", "refused", n, "max_conns", m.opts.MaxConns,
					"max_conns_per_ip", m.opts.MaxConnsPerIP)
			}
			continue
		}
		go func() {
			defer m.wg.Done()
			defer m.untrack(conn)
			m.ServeConn(ctx, conn)
		}()
	}
}

// track admits a connection within the caps.
func (m *Miner) track(c net.Conn) bool {
	ip := remotePrefix(c.RemoteAddr())
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed || len(m.conns) >= m.opts.MaxConns || m.perIP[ip] >= m.opts.MaxConnsPerIP {
		return false
	}
	m.conns[c] = ip
	m.perIP[ip]++
	m.wg.Add(1)
	return true
}

func (m *Miner) untrack(c net.Conn) {
	m.mu.Lock()
	if ip, ok := m.conns[c]; ok {
		if m.perIP[ip]--; m.perIP[ip] <= 0 {
			delete(m.perIP, ip)
		}
		delete(m.conns, c)
	}
	m.mu.Unlock()
}

// remotePrefix is the address a per-address cap counts: the IPv4 address,
// or the IPv6 /64 (one host's usual allocation); the zero prefix for
// addresses that are not IP.
func remotePrefix(a net.Addr) netip.Prefix {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Prefix{}
	}
	ip := ap.Addr().Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p
}

// Close stops the listeners, closes every connection and waits for their
// handlers. Steps already acknowledged are on disk.
func (m *Miner) Close() error {
	m.mu.Lock()
	m.closed = true
	for ln := range m.lns {
		ln.Close()
	}
	for c := range m.conns {
		c.Close()
	}
	m.mu.Unlock()
	m.wg.Wait()
	return nil
}

func (m *Miner) lockChannel(id protocol.Element) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active[id] {
		return false
	}
	m.active[id] = true
	return true
}

func (m *Miner) unlockChannel(id protocol.Element) {
	m.mu.Lock()
	delete(m.active, id)
	m.mu.Unlock()
}

type sigKey struct {
	obj   protocol.ObjectID
	index uint64
}

const maxCachedSigs = 1 << 20

// maxWarmChannels bounds the channels whose grown credit is remembered.
const maxWarmChannels = 4096

// warmEntry is the credit a channel's connection from an address earned.
type warmEntry struct {
	credit uint64
	from   netip.Prefix
}

// rememberCredit keeps what a connection's credit grew to once it ended
// owing nothing, and the address (remotePrefix) it came from.
func (m *Miner) rememberCredit(id protocol.Element, credit uint64, from netip.Prefix) {
	m.warmMu.Lock()
	defer m.warmMu.Unlock()
	if credit <= m.opts.CreditLimit {
		return // nothing earned (a hello from elsewhere leaves the entry)
	}
	if len(m.warm) >= maxWarmChannels {
		clear(m.warm) // crude bound; forgetting only costs a slow start
	}
	m.warm[id] = warmEntry{credit, from}
}

// warmCredit is what the channel's last connection earned, if it came
// from the same address (0: nothing remembered); it is forgotten once
// read, so a connection that ends owing does not leave it behind.
func (m *Miner) warmCredit(id protocol.Element, from netip.Prefix) uint64 {
	m.warmMu.Lock()
	defer m.warmMu.Unlock()
	w, ok := m.warm[id]
	if !ok || w.from != from {
		return 0
	}
	delete(m.warm, id)
	return w.credit
}

// maxCachedVerifiers bounds the receipt verifiers kept (~48 KiB each).
const maxCachedVerifiers = 256

// keyVerifier returns the cached receipt verifier of key, building it on
// first use (about one verification's cost). It is asked only for a
// payment that passed the cheap checks, from a channel that said hello.
func (m *Miner) keyVerifier(key protocol.PublicKey) (*protocol.KeyVerifier, error) {
	m.kvMu.Lock()
	kv, ok := m.kvs[key]
	m.kvMu.Unlock()
	if ok {
		return kv, nil
	}
	kv, err := protocol.NewKeyVerifier(key)
	if err != nil {
		return nil, err
	}
	m.kvMu.Lock()
	if len(m.kvs) >= maxCachedVerifiers {
		clear(m.kvs) // crude bound; rebuilding is only a cost
	}
	m.kvs[key] = kv
	m.kvMu.Unlock()
	return kv, nil
}

// sentChunk is a chunk sent and not yet paid for.
type sentChunk struct {
	seq   uint64
	obj   *Object
	index uint64
	leaf  protocol.ChunkLeaf
}

type answered struct {
	seq   uint64
	field protocol.Element // as sent
	right protocol.Element // protocol.ProbeAnswer for the chunk (differs only under Faults)
}

// Connection buffers: small until a request starts streaming chunks, so
// connections that never get that far cost little.
const (
	readBuffer     = 4 << 10
	helloWriteBuf  = 4 << 10
	streamWriteBuf = 256 << 10
	// streamUnsent is the most a streaming connection keeps unsent in the
	// kernel (beyond what is in flight): two write buffers.
	streamUnsent = 2 * streamWriteBuf
)

// minerConn is one client connection. The reader (ServeConn) handles the
// client's frames; a sender goroutine streams a request's chunks. Frame
// writes are serialised by wmu so probe answers interleave with chunks.
type minerConn struct {
	m    *Miner
	ctx  context.Context
	conn net.Conn
	log  *slog.Logger
	done chan struct{}
	paid chan struct{} // poked when a payment frees credit

	in      *countingReader
	lim     FrameLimits // what the client may send after its hello
	senders sync.WaitGroup

	wmu sync.Mutex
	bw  *bufio.Writer
	// zeroCopy: chunk bytes go by sendfile (a TCP connection on a
	// system with sendFileRange); otherwise they are copied.
	zeroCopy bool

	info ChannelInfo
	kv   *protocol.KeyVerifier // the channel's receipt key (payment goroutine only)

	mu       sync.Mutex
	starved  bool                   // the sender waited for credit since the last payment
	initial  uint64                 // the credit reserved at hello (credit grows from it)
	peak     uint64                 // the most the credit grew to, all paid for
	held     bool                   // the channel is locked and credit reserved for this connection
	credit   uint64                 // most unpaid bytes this connection may hold (reserved at hello)
	deposit  *big.Int               // on-chain deposit backing the vouchers; nil: no bound
	chain    *protocol.ChainChannel // the channel on chain as last read; nil: not known
	stop     error                  // why no more chunks may be sent (CheckChannel failed)
	stored   bool                   // the channel's terms are in the ledger
	progress time.Time
	root     protocol.Element // state after the last accepted step
	bytes    uint64
	nonce    uint64
	last     *protocol.Voucher
	seq      uint64 // chunks sent on this connection
	queue    []sentChunk
	unpaid   uint64 // bytes sent (or being sent) on this connection and not paid
	answers  map[protocol.Element]answered
	sending  bool
	reported bool
	// A virtual session's binding, paying lane terms (from CheckChannel),
	// when they were read, the receipt key's hash (the proof lock's) and
	// the latest lane voucher accepted.
	virt     *VirtualBinding
	lane     *LaneTerms
	laneAt   time.Time
	keyHash  protocol.Element
	lastLane *protocol.LaneVoucher
}

// ServeConn serves one client connection until it ends.
func (m *Miner) ServeConn(ctx context.Context, conn net.Conn) {
	_, isTCP := conn.(*net.TCPConn)
	mc := &minerConn{m: m, ctx: ctx, conn: conn, done: make(chan struct{}), paid: make(chan struct{}, 1), zeroCopy: canSendfile && isTCP,
		bw: bufio.NewWriterSize(conn, helloWriteBuf), in: &countingReader{r: bufio.NewReaderSize(conn, readBuffer)},
		answers: map[protocol.Element]answered{}, progress: time.Now(),
		log: m.log.With("peer", conn.RemoteAddr().String())}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	err := mc.run()
	switch {
	case err == nil:
		mc.log.Debug("connection closed")
	case errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed):
		mc.log.Debug("connection ended", "err", err)
	default:
		mc.log.Warn("connection failed", "err", err)
		var re *RemoteError
		if !errors.As(err, &re) {
			mc.write(errorFrame(err))
		}
	}
	close(mc.done)
	conn.Close()
	mc.senders.Wait() // the count of unpaid bytes is final
	mc.release()
	mc.mu.Lock()
	owed := mc.unpaid
	mc.mu.Unlock()
	if owed > 0 && mc.info.Client != (common.Address{}) {
		mc.reportUnpaid(fmt.Sprintf("connection ended with %d bytes unpaid: %v", owed, err))
	}
}

// release hands the connection's unpaid bytes to the channel's debt,
// frees the rest of its credit and unlocks the channel. No byte can be
// sent unpaid after it.
func (mc *minerConn) release() {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	if !mc.held {
		return
	}
	if mc.unpaid == 0 {
		mc.m.rememberCredit(mc.info.ID, mc.peak, remotePrefix(mc.conn.RemoteAddr()))
	}
	mc.held, mc.credit = false, 0
	mc.m.credit.release(mc.info.ID, mc.unpaid)
	mc.m.unlockChannel(mc.info.ID)
	if mc.virt != nil {
		mc.m.unlockLane(mc.virt)
	}
}

func (mc *minerConn) write(msg Message) error {
	mc.wmu.Lock()
	defer mc.wmu.Unlock()
	mc.conn.SetWriteDeadline(time.Now().Add(mc.m.opts.IdleTimeout))
	if _, err := mc.bw.Write(AppendFrame(nil, msg)); err != nil {
		return err
	}
	return mc.bw.Flush()
}

// read reads the next client frame that lim accepts. A client may stay
// silent while chunks flow or while it owes something; the sender's
// payment timeout bounds that. Otherwise silence beyond IdleTimeout ends
// the connection, and so does going ProgressTimeout without an accepted
// payment, whatever the client sends meanwhile.
func (mc *minerConn) read(lim *FrameLimits) (Message, error) {
	o := &mc.m.opts
	for {
		start := mc.in.n
		mc.mu.Lock()
		stall := mc.progress.Add(o.ProgressTimeout)
		mc.mu.Unlock()
		dl := time.Now().Add(o.IdleTimeout)
		if stall.Before(dl) {
			dl = stall
		}
		mc.conn.SetReadDeadline(dl)
		msg, err := lim.ReadMessage(mc.in)
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			return msg, err
		}
		mc.mu.Lock()
		busy := mc.sending || mc.unpaid > 0
		stall = mc.progress.Add(o.ProgressTimeout) // a payment may have been accepted meanwhile
		mc.mu.Unlock()
		if !time.Now().Before(stall) {
			return nil, fmt.Errorf("%w: no accepted payment for %s", ErrTimeout, o.ProgressTimeout)
		}
		if !busy || mc.in.n != start { // a frame cut by the deadline cannot be resumed
			return nil, fmt.Errorf("%w: client silent for %s", ErrTimeout, o.IdleTimeout)
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (mc *minerConn) run() error {
	first := FromClientHello()
	msg, err := mc.read(&first)
	if err != nil {
		return err
	}
	switch h := msg.(type) {
	case *Hello:
		err = mc.hello(h.Version, h.Channel, nil)
	case *VirtualHello:
		b := h.Binding
		err = mc.hello(h.Version, h.Channel, &b)
	}
	if err != nil {
		return err
	}
	mc.lim = FromClient(mc.info.Shape)
	if mc.virt != nil {
		mc.lim = FromVirtualClient(mc.info.Shape)
	}
	// Payments are checked and fsynced off the reader, in order, so probe
	// answers never wait behind a disk write.
	payq := make(chan payItem, maxPaymentsInFlight)
	payErr := make(chan error, 1)
	go func() {
		for p := range payq {
			if err := mc.payment(p.step, p.lane); err != nil {
				payErr <- err
				mc.write(errorFrame(err))
				mc.conn.Close() // stops the reader
				for range payq {
				}
				return
			}
		}
		payErr <- nil
	}()
	err = mc.serve(payq)
	close(payq)
	if perr := <-payErr; perr != nil {
		return perr
	}
	if err == nil {
		// Orderly end: every payment is stored and the channel free again
		// before the client hears back, so it may reconnect at once.
		mc.release()
		mc.write(&Close{})
	}
	return err
}

// payItem is a payment waiting to be checked: a step and, in a virtual
// session, its lane voucher.
type payItem struct {
	step *protocol.Step
	lane *protocol.LaneVoucher
}

func (mc *minerConn) serve(payq chan<- payItem) error {
	for {
		msg, err := mc.read(&mc.lim)
		if err != nil {
			return err
		}
		switch msg := msg.(type) {
		case *Request:
			err = mc.request(msg)
		case *Probe:
			err = mc.probe(msg)
		case *Payment:
			select {
			case payq <- payItem{step: &msg.Step}:
			default:
				err = fmt.Errorf("%w: more than %d payments in flight", ErrProtocol, maxPaymentsInFlight)
			}
		case *LanePayment:
			select {
			case payq <- payItem{step: &msg.Step, lane: &msg.Lane}:
			default:
				err = fmt.Errorf("%w: more than %d payments in flight", ErrProtocol, maxPaymentsInFlight)
			}
		case *Close:
			return nil
		case *ErrorMsg:
			return &RemoteError{Code: msg.Code, Message: msg.Message}
		default:
			err = fmt.Errorf("%w: unexpected %s from a client", ErrProtocol, msg.Type())
		}
		if err != nil {
			return err
		}
	}
}

// hello checks the channel's terms against the ledger (reading only:
// nothing is written before the first accepted payment) and the optional
// on-chain check, locks the channel and reserves the connection's credit.
// A virtual session (virt set) is also checked and locked by its binding
// (see virtualHello).
func (mc *minerConn) hello(version uint16, info ChannelInfo, virt *VirtualBinding) error {
	m := mc.m
	if version != uint16(WireVersion) {
		return fmt.Errorf("%w: protocol version %d", ErrProtocol, version)
	}
	if err := info.Check(); err != nil {
		return err
	}
	if info.Miner != (common.Address{}) && info.Miner != m.addr {
		return &refused{ReasonForeignMiner, fmt.Errorf("%w: channel is with miner %s, this is %s", ErrChannel, info.Miner, m.addr)}
	}
	info.Miner = m.addr
	switch {
	case info.PricePerByte.Cmp(m.opts.MinPrice) < 0:
		return &refused{ReasonPriceTooLow, fmt.Errorf("%w: price %s below the minimum %s", ErrChannel, info.PricePerByte, m.opts.MinPrice)}
	case m.opts.Domain != nil && (m.opts.Domain.ChainID.Cmp(info.Domain.ChainID) != 0 || m.opts.Domain.Contract != info.Domain.Contract):
		return &refused{ReasonWrongDomain, fmt.Errorf("%w: vouchers for chain %s contract %s not accepted", ErrChannel, info.Domain.ChainID, info.Domain.Contract)}
	case info.Shape.Chunks > m.opts.MaxWindowChunks:
		return fmt.Errorf("%w: window of %d chunks above %d", ErrChannel, info.Shape.Chunks, m.opts.MaxWindowChunks)
	case info.Client == mc.m.addr:
		return fmt.Errorf("%w: client and miner are the same party", ErrChannel)
	}
	if virt != nil {
		if err := mc.checkVirtualHello(&info, virt); err != nil {
			return err
		}
	}
	if !m.lockChannel(info.ID) {
		if virt != nil {
			m.unlockLane(virt)
		}
		return fmt.Errorf("%w: %s", ErrBusy, info.ID)
	}
	credit, known, latest, check, err := mc.admit(&info)
	if err != nil {
		m.unlockChannel(info.ID)
		if virt != nil {
			m.unlockLane(virt)
		}
		return err
	}
	if w := m.warmCredit(info.ID, remotePrefix(mc.conn.RemoteAddr())); w > credit && credit == m.opts.CreditLimit {
		// The channel's last connection earned this credit by paying for
		// it and ended owing nothing: no slow start again. The same bounds
		// hold as for growth (MaxCredit, MaxUnpaid; the deposit for an
		// on-chain channel, see awaitCredit).
		credit += m.credit.warm(info.ID, min(w, m.opts.MaxCredit)-credit)
	}
	mc.info = info
	mc.log = mc.log.With("channel", info.ID.String()[:18])
	mc.mu.Lock()
	mc.held, mc.credit, mc.initial, mc.peak, mc.stored = true, credit, credit, credit, known
	if check.OnChain {
		mc.deposit, mc.chain = check.Deposit, check.Chain
	}
	if virt != nil {
		mc.virt, mc.chain, mc.lane, mc.laneAt = virt, nil, check.Lane, time.Now()
		mc.keyHash, _ = info.ReceiptKey.Hash() // checked by info.Check
		if mc.lastLane, err = m.opts.Ledger.LatestLane(info.ID); err != nil {
			mc.mu.Unlock()
			return err
		}
	}
	mc.progress = time.Now()
	if latest != nil {
		mc.root, mc.bytes, mc.nonce = latest.Receipt.Root, latest.Receipt.CumulativeBytes, latest.Voucher.Nonce
		v := latest.Voucher
		mc.last = &v
	}
	mc.mu.Unlock()
	mc.log.Info("client hello", "client", info.Client.Hex(), "nonce", mc.nonce, "bytes", mc.bytes, "credit", credit)
	return mc.write(&HelloAck{Miner: m.addr, Nonce: mc.nonce, Bytes: mc.bytes, Root: mc.root, CreditLimit: credit})
}

// admit reads the channel's stored state, asks CheckChannel and reserves
// the connection's credit.
func (mc *minerConn) admit(info *ChannelInfo) (credit uint64, known bool, latest *protocol.Step, check ChannelCheck, err error) {
	m := mc.m
	stored, known, err := m.opts.Ledger.Channel(info.ID)
	if err != nil {
		return 0, false, nil, check, err
	}
	if known && !stored.Equal(info) {
		return 0, false, nil, check, fmt.Errorf("%w: channel %s known with other terms", ErrChannel, info.ID)
	}
	if latest, err = m.opts.Ledger.Latest(info.ID); err != nil {
		return 0, false, nil, check, err
	}
	if err = mc.sameBinding(info); err != nil {
		return 0, false, nil, check, err
	}
	if check, err = mc.checkChannel(info); err != nil {
		return 0, false, nil, check, err
	}
	covered := uint64(math.MaxUint64)
	if info.Virtual != nil {
		if covered, err = mc.admitVirtual(info, &check); err != nil {
			return 0, false, nil, check, err
		}
	} else if check.OnChain {
		var paid *big.Int
		if latest != nil {
			paid = latest.Voucher.CumulativeAmount
		}
		covered = coveredBytes(check.Deposit, promised(paid, check.Chain), info.PricePerByte)
	}
	credit, err = m.credit.reserve(info, check.OnChain, covered)
	return credit, known, latest, check, err
}

// checkChannel asks the CheckChannel hook about the channel, if there is one.
func (mc *minerConn) checkChannel(info *ChannelInfo) (ChannelCheck, error) {
	if mc.m.opts.CheckChannel == nil {
		return ChannelCheck{}, nil
	}
	ctx, cancel := context.WithTimeout(mc.ctx, mc.m.opts.IdleTimeout)
	defer cancel()
	check, err := mc.m.opts.CheckChannel(ctx, *info)
	if err != nil {
		return check, fmt.Errorf("%w: channel check: %w", ErrChannel, err)
	}
	return check, nil
}

// coveredBytes is how many more bytes deposit pays for at price once
// the vouchers paid so far are withdrawn: MaxUint64 for no bound (no
// deposit known, or a free channel).
func coveredBytes(deposit, paid, price *big.Int) uint64 {
	if deposit == nil || price == nil || price.Sign() <= 0 {
		return math.MaxUint64
	}
	left := new(big.Int).Set(deposit)
	if paid != nil {
		left.Sub(left, paid)
	}
	switch left.Div(left, price); {
	case left.Sign() <= 0:
		return 0
	case left.IsUint64():
		return left.Uint64()
	}
	return math.MaxUint64
}

// coveredLocked is how many bytes the deposit still covers beyond the
// latest accepted voucher (mc.mu held). Payments do not change what it
// leaves for new chunks (coveredLocked − unpaid): they move bytes from
// unpaid to paid.
func (mc *minerConn) coveredLocked() uint64 {
	var paid *big.Int
	if mc.virt != nil { // the lane's amount against what the lane may reach
		if mc.lastLane != nil {
			paid = mc.lastLane.CumulativeAmount
		}
		return coveredBytes(mc.deposit, paid, mc.info.PricePerByte)
	}
	if mc.last != nil {
		paid = mc.last.CumulativeAmount
	}
	return coveredBytes(mc.deposit, promised(paid, mc.chain), mc.info.PricePerByte)
}

// promised is what the deposit already owes: the latest accepted voucher
// or, if more (a ledger that lost steps), what was withdrawn on chain.
func promised(paid *big.Int, chain *protocol.ChainChannel) *big.Int {
	if chain == nil || chain.Withdrawn == nil || (paid != nil && paid.Cmp(chain.Withdrawn) >= 0) {
		return paid
	}
	return chain.Withdrawn
}

func (mc *minerConn) request(r *Request) error {
	mc.mu.Lock()
	busy, credit, stop := mc.sending, mc.credit, mc.stop
	mc.mu.Unlock()
	if busy {
		return fmt.Errorf("%w: request while another is being served", ErrProtocol)
	}
	if stop != nil {
		return stop
	}
	obj, err := mc.m.opts.Store.Open(r.Object)
	if err != nil {
		return err
	}
	n := obj.Chunks()
	if r.First >= n || (r.Count != 0 && r.Count > n-r.First) {
		return fmt.Errorf("%w: range [%d, +%d) outside %d chunks", ErrProtocol, r.First, r.Count, n)
	}
	if uint64(obj.ChunkSize) > credit {
		return fmt.Errorf("%w: chunk size %d above this connection's credit %d", ErrConfig, obj.ChunkSize, credit)
	}
	count := r.Count
	if count == 0 {
		count = n - r.First
	}
	mc.wmu.Lock()
	if mc.bw.Size() < streamWriteBuf { // chunks follow: a buffer that holds some
		mc.bw.Flush()
		mc.bw = bufio.NewWriterSize(mc.conn, streamWriteBuf)
		// Probe answers and acknowledgements must not queue behind
		// megabytes of chunks in the kernel: the client's payment, and
		// so the sender's credit, waits for them.
		limitUnsent(mc.conn, streamUnsent)
	}
	mc.wmu.Unlock()
	if err := mc.write(&Info{Object: obj.ID, Size: obj.Size, ChunkSize: obj.ChunkSize, First: r.First, Count: count}); err != nil {
		return err
	}
	mc.mu.Lock()
	mc.sending = true
	mc.mu.Unlock()
	mc.senders.Go(func() { mc.send(obj, r.First, r.First+count) })
	return nil
}

// send streams chunks [from, to) within the credit limit, then waits for
// the last payment. A client that does not pay in time is reported and
// the connection closed.
func (mc *minerConn) send(obj *Object, from, to uint64) {
	err := mc.sendRange(obj, from, to)
	mc.mu.Lock()
	mc.sending = false
	mc.mu.Unlock()
	var stopped *stopError
	if errors.As(err, &stopped) {
		err = mc.stopServing(obj, stopped.err)
	} else if err == nil {
		if err = mc.awaitCredit(0, true); err == nil {
			mc.shrinkCredit()
		}
	}
	if err == nil {
		return
	}
	select {
	case <-mc.done:
		return
	default:
	}
	if errors.Is(err, ErrUnpaid) {
		mc.log.Warn("client stopped paying", "err", err)
		mc.reportUnpaid(err.Error())
	} else {
		mc.log.Warn("sending failed", "err", err)
	}
	mc.write(errorFrame(err))
	mc.conn.Close()
}

// shrinkCredit gives back, once a range is sent and paid, the credit the
// connection grew (slow start again for the next request), so that an
// idle connection holds no more than it was first given.
func (mc *minerConn) shrinkCredit() {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	if mc.held && mc.credit > mc.initial {
		mc.m.credit.shrink(mc.info.ID, mc.credit-mc.initial)
		mc.credit = mc.initial
	}
}

// stopError is the sender told to send no more chunks: why is err.
type stopError struct{ err error }

func (e *stopError) Error() string { return e.err.Error() }
func (e *stopError) Unwrap() error { return e.err }

// stopServing ends a session the miner may no longer serve (why: the
// channel check failed, or the deposit covers no further chunk). No more
// chunks go out; the client gets PaymentTimeout from its last payment to
// pay for the whole windows it received, then the reason, and the
// connection closes. The part of a window the miner cut short is not the
// client's fault: it is not reported. When the deposit is why, the client
// saw the same end coming (it closes its last window where the deposit
// ends and pays it): the miner waits for that last, shorter payment too
// (up to PaymentTimeout), so that it is stored before the refusal
// arrives and the connection closes.
func (mc *minerConn) stopServing(obj *Object, why error) error {
	window := min(uint64(mc.info.Shape.Chunks)*uint64(obj.ChunkSize), mc.credit)
	var ce *CreditError
	waitAll := errors.As(why, &ce) && ce.Bound == "deposit"
	mc.flush()
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		mc.mu.Lock()
		unpaid := mc.unpaid
		if unpaid < window {
			mc.reported = true
		}
		mc.mu.Unlock()
		if unpaid == 0 || (unpaid < window && !waitAll) {
			break
		}
		if timer == nil {
			timer = time.NewTimer(mc.m.opts.PaymentTimeout)
		}
		select {
		case <-mc.paid:
			timer.Reset(mc.m.opts.PaymentTimeout)
			continue
		case <-timer.C:
		case <-mc.done:
			return net.ErrClosed
		}
		if unpaid = mc.unpaidNow(); unpaid >= window {
			return fmt.Errorf("%w: %d bytes in whole windows unpaid for %s after the miner stopped (%v)", ErrUnpaid, unpaid,
				mc.m.opts.PaymentTimeout, why)
		}
		break // only the cut-short window is unpaid: not reported
	}
	mc.log.Info("session stopped", "reason", RefusalReason(why), "err", why, "unpaid", mc.unpaidNow())
	return why
}

func (mc *minerConn) unpaidNow() uint64 {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	return mc.unpaid
}

func (mc *minerConn) sendRange(obj *Object, from, to uint64) error {
	buf := make([]byte, obj.ChunkSize)
	for i := from; i < to; i++ {
		n := uint64(obj.ChunkLen(i))
		if err := mc.awaitCredit(n, false); err != nil {
			return err
		}
		// Without faults to inject the bytes go from the store's file to
		// the socket by sendfile (signedChunk only measures them then).
		zeroCopy := mc.zeroCopy && mc.m.opts.Faults == nil && obj.f != nil
		data := buf[:n]
		if !zeroCopy {
			var err error
			if data, err = obj.ReadChunk(i, buf); err != nil {
				mc.unsend(n)
				return err
			}
		}
		sc, data, err := mc.m.signedChunk(obj, i, data)
		if err != nil {
			mc.unsend(n)
			return err
		}
		mc.mu.Lock()
		mc.queue = append(mc.queue, sentChunk{seq: mc.seq, obj: obj, index: i,
			leaf: protocol.ChunkLeaf{Length: sc.Header.Length, Digest: sc.Header.Digest}})
		mc.seq++
		mc.mu.Unlock()
		if zeroCopy {
			err = mc.writeChunkFile(sc, obj, i)
		} else {
			err = mc.writeChunk(sc, data, i+1 == to)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// unsend takes back n bytes counted by awaitCredit for a chunk that was
// never written.
func (mc *minerConn) unsend(n uint64) {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	if mc.held {
		mc.unpaid -= n
		mc.m.credit.paid(n)
	}
}

// awaitCredit waits until need more unpaid bytes fit in the connection's
// credit and counts them as sent (or, with all set, until everything is
// paid), giving the client PaymentTimeout from the last payment.
func (mc *minerConn) awaitCredit(need uint64, all bool) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		mc.mu.Lock()
		unpaid := mc.unpaid
		if !all {
			if mc.stop != nil {
				err := mc.stop
				mc.mu.Unlock()
				return &stopError{err}
			}
			// Payments never make room under the deposit (see
			// coveredLocked): a chunk it does not cover ends the session.
			if cov := mc.coveredLocked(); need > cov || unpaid > cov-need {
				err := &CreditError{Channel: mc.info.ID, Client: mc.info.Client, Bound: "deposit", Held: unpaid, Limit: cov}
				mc.mu.Unlock()
				return &stopError{err}
			}
		}
		ok := (all && unpaid == 0) || (!all && mc.held && unpaid+need <= mc.credit)
		if ok && !all {
			mc.unpaid += need
			mc.m.credit.sent(need)
		}
		if !ok && !all {
			mc.starved = true // the credit, not the path, holds the sender back
		}
		credit := mc.credit
		mc.mu.Unlock()
		if ok {
			return nil
		}
		if timer == nil {
			mc.flush()
			timer = time.NewTimer(mc.m.opts.PaymentTimeout)
		}
		select {
		case <-mc.paid:
			timer.Reset(mc.m.opts.PaymentTimeout)
		case <-timer.C:
			return fmt.Errorf("%w: %d bytes unpaid for %s (credit %d)", ErrUnpaid, unpaid, mc.m.opts.PaymentTimeout, credit)
		case <-mc.done:
			return net.ErrClosed
		}
	}
}

func (mc *minerConn) flush() {
	mc.wmu.Lock()
	defer mc.wmu.Unlock()
	mc.conn.SetWriteDeadline(time.Now().Add(mc.m.opts.IdleTimeout))
	mc.bw.Flush()
}

// writeChunk writes a chunk frame without copying the data into a payload
// buffer first; it flushes at the end of a range (and whenever the
// buffer fills).
func (mc *minerConn) writeChunk(sc *protocol.SignedChunk, data []byte, last bool) error {
	hdr := sc.Encode()
	h, l := chunkFrameParts(len(hdr), len(data))
	mc.wmu.Lock()
	defer mc.wmu.Unlock()
	mc.conn.SetWriteDeadline(time.Now().Add(mc.m.opts.IdleTimeout))
	mc.bw.Write(h[:])
	mc.bw.Write(hdr)
	mc.bw.Write(l[:])
	if _, err := mc.bw.Write(data); err != nil {
		return err
	}
	if last {
		return mc.bw.Flush()
	}
	return nil
}

// chunkFrameParts are what goes before a chunk frame's encoded header
// (frame header and the header's length) and between it and the data (the
// data's length).
func chunkFrameParts(hdrLen, dataLen int) (h [FrameHeaderSize + 4]byte, l [4]byte) {
	h[0], h[1] = WireVersion, byte(FrameChunk)
	binary.BigEndian.PutUint32(h[2:], uint32(4+hdrLen+4+dataLen))
	binary.BigEndian.PutUint32(h[6:], uint32(hdrLen))
	binary.BigEndian.PutUint32(l[:], uint32(dataLen))
	return h, l
}

// writeChunkFile writes a chunk frame's header, then its bytes straight
// from the object's file (sendFileRange; mc.zeroCopy connections only).
func (mc *minerConn) writeChunkFile(sc *protocol.SignedChunk, obj *Object, i uint64) error {
	n := int(sc.Header.Length)
	hdr := sc.Encode()
	h, l := chunkFrameParts(len(hdr), n)
	mc.wmu.Lock()
	defer mc.wmu.Unlock()
	mc.conn.SetWriteDeadline(time.Now().Add(mc.m.opts.IdleTimeout))
	mc.bw.Write(h[:])
	mc.bw.Write(hdr)
	mc.bw.Write(l[:])
	if err := mc.bw.Flush(); err != nil {
		return err
	}
	if err := sendFileRange(mc.conn.(*net.TCPConn), obj.f, int64(i)*int64(obj.ChunkSize), n); err != nil {
		return fmt.Errorf("sending chunk %d: %w", i, err)
	}
	return nil
}

// signedChunk returns chunk i's signed header and the bytes to send,
// applying a corruption fault if one is set.
func (m *Miner) signedChunk(obj *Object, i uint64, data []byte) (*protocol.SignedChunk, []byte, error) {
	path, err := obj.Path(i)
	if err != nil {
		return nil, nil, err
	}
	sc := &protocol.SignedChunk{Header: protocol.ChunkHeader{Object: obj.ID, ObjectSize: obj.Size,
		ChunkSize: obj.ChunkSize, Index: i, Length: uint32(len(data)), Digest: obj.Digests[i]}, Path: path}
	if f := m.opts.Faults; f != nil && f.Corrupt != CorruptNone && f.CorruptChunk == i && len(data) > 0 {
		data = append([]byte(nil), data...)
		data[len(data)/2] ^= 0x5a
		if f.Corrupt == CorruptProvable {
			sc.Header.Digest = sha256.Sum256(data)
			return sc, data, sc.Sign(m.opts.Key)
		}
	}
	k := sigKey{obj.ID, i}
	m.sigMu.Lock()
	sig, ok := m.sigs[k]
	m.sigMu.Unlock()
	if ok {
		sc.Signature = sig
		return sc, data, nil
	}
	if err := sc.Sign(m.opts.Key); err != nil {
		return nil, nil, err
	}
	m.sigMu.Lock()
	if len(m.sigs) >= maxCachedSigs {
		clear(m.sigs) // crude bound; re-signing is only a cost
	}
	m.sigs[k] = sc.Signature
	m.sigMu.Unlock()
	return sc, data, nil
}

// maxPendingAnswers bounds the probe answers a connection remembers.
const maxPendingAnswers = protocol.MaxWindowProbes

func (mc *minerConn) probe(p *Probe) error {
	ans := &ProbeAnswer{ID: p.ID}
	if p.Kind == ProbeLatency {
		ans.Bytes = LatencyAnswer(p.Challenge)
		return mc.answer(ans)
	}
	mc.mu.Lock()
	var sc *sentChunk
	if len(mc.queue) > 0 && p.Seq >= mc.queue[0].seq && p.Seq < mc.seq {
		c := mc.queue[p.Seq-mc.queue[0].seq]
		sc = &c
	}
	_, dup := mc.answers[p.Challenge]
	full := len(mc.answers) >= maxPendingAnswers
	mc.mu.Unlock()
	switch {
	case sc == nil:
		return fmt.Errorf("%w: probe for chunk %d, which is not sent and unpaid", ErrProtocol, p.Seq)
	case dup:
		return fmt.Errorf("%w: probe challenge reused", ErrProtocol)
	case full:
		return fmt.Errorf("%w: more than %d unanswered-for probes", ErrProtocol, maxPendingAnswers)
	}
	buf := make([]byte, sc.obj.ChunkSize)
	data, err := sc.obj.ReadChunk(sc.index, buf)
	if err != nil {
		return err
	}
	field, bytes, err := possessionAnswer(p.Challenge, sc.leaf, data)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrProtocol, err)
	}
	right := field
	n := mc.m.probes.Add(1)
	if f := mc.m.opts.Faults; f != nil && f.WrongProbe > 0 && n >= int64(f.WrongProbe) {
		// A plausible but wrong answer: the right one for another challenge.
		other := protocol.ElementFromUint64(uint64(n))
		field, bytes, _ = possessionAnswer(other, sc.leaf, data)
	}
	ans.Field, ans.Bytes = field, bytes
	mc.mu.Lock()
	mc.answers[p.Challenge] = answered{seq: sc.seq, field: field, right: right}
	mc.mu.Unlock()
	return mc.answer(ans)
}

func (mc *minerConn) answer(a *ProbeAnswer) error {
	if f := mc.m.opts.Faults; f != nil && f.ProbeDelay > 0 {
		time.AfterFunc(f.ProbeDelay, func() { mc.write(a) })
		return nil
	}
	return mc.write(a)
}

// payment accepts a step if it pays, in order, for chunks this connection
// sent (or, before any chunk was sent, continues the stored state: a
// client re-sending a step whose acknowledgement it never got), with the
// probe answers this miner gave, and passes the one voucher check
// (protocol.CheckStep: continuity, nonce, amount = bytes × price, receipt
// key and signature, client's signature, domain and, when known, the
// channel on chain). Then it asks CheckChannel again.
func (mc *minerConn) payment(st *protocol.Step, lv *protocol.LaneVoucher) error {
	info := &mc.info
	if (mc.virt != nil) != (lv != nil) {
		return fmt.Errorf("%w: a virtual session pays with lane vouchers, a direct one without", ErrPayment)
	}
	mc.mu.Lock()
	prev := protocol.VoucherState{Nonce: mc.nonce, Bytes: mc.bytes, Root: mc.root}
	if mc.last != nil {
		prev.Amount = mc.last.CumulativeAmount
	}
	chain := mc.chain
	// The answers this miner computed for the window's probes: CheckStep
	// compares with them instead of hashing each probe again.
	var known protocol.ProbeAnswers
	err := func() error {
		// The cheap rules of the one check first (a stale or replayed
		// step is refused as such), then the window against what was sent.
		if err := protocol.CheckAdvance(prev, protocol.StateOf(st)); err != nil {
			return err
		}
		if mc.seq == 0 {
			return nil // catch-up payment, checked below like any step
		}
		k := len(st.Window.Leaves)
		if k == 0 || k > len(mc.queue) {
			return fmt.Errorf("window of %d chunks, %d sent unpaid", k, len(mc.queue))
		}
		for i, l := range st.Window.Leaves {
			if l != mc.queue[i].leaf {
				return fmt.Errorf("window chunk %d is not the chunk sent", i)
			}
		}
		for i, p := range st.Window.Probes {
			a, ok := mc.answers[p.Challenge]
			if !ok || int(p.Index) >= k || a.seq != mc.queue[p.Index].seq || a.field != p.Answer {
				return fmt.Errorf("window probe %d is not a probe this miner answered", i)
			}
			if known == nil {
				known = make(protocol.ProbeAnswers, len(st.Window.Probes))
			}
			known[p.Challenge] = a.right
		}
		return nil
	}()
	mc.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPayment, err)
	}
	vc := protocol.VoucherContext{Prev: prev, Accept: mc.m.opts.Domain,
		Terms: protocol.ChannelTerms{ID: info.ID, Client: info.Client, Miner: mc.m.addr, PricePerByte: info.PricePerByte,
			Domain: info.Domain, ReceiptKey: info.ReceiptKey},
		// A closing channel still pays for what was sent until its
		// period ends: the settler withdraws it.
		Chain: chain, Redeem: true, Now: time.Now()}
	if mc.kv == nil && st.Receipt.PublicKey == info.ReceiptKey {
		// Built once per connection (the cache spans connections); a
		// key that does not decode is left to CheckStep to refuse.
		mc.kv, _ = mc.m.keyVerifier(info.ReceiptKey)
	}
	vc.Receipts, vc.Answers = mc.kv, known
	if err := protocol.CheckStep(st, info.Shape, vc); err != nil {
		return fmt.Errorf("%w: %w", ErrPayment, err)
	}
	if mc.virt != nil {
		if err := mc.checkLane(st, lv); err != nil {
			return fmt.Errorf("%w: %w", ErrPayment, err)
		}
	}
	if !mc.stored {
		// The channel's first accepted step: only now do its terms earn a
		// place in the ledger (a virtual session's binding first).
		if mc.virt != nil {
			if err := mc.m.opts.Ledger.SaveVirtual(info.ID, *mc.virt); err != nil {
				return err
			}
		}
		if err := mc.m.opts.Ledger.SaveChannel(*info); err != nil {
			return err
		}
		mc.stored = true
	}
	if mc.virt != nil {
		err = mc.m.opts.Ledger.AppendLane(st, lv)
	} else {
		err = mc.m.opts.Ledger.Append(st)
	}
	if err != nil {
		return err
	}
	if mc.m.opts.OnStep != nil {
		mc.m.opts.OnStep(*info, *st)
	}
	mc.mu.Lock()
	k := len(st.Window.Leaves)
	if mc.seq == 0 {
		k = 0
		// A re-sent step pays for bytes an earlier connection sent.
		if mc.virt == nil {
			mc.m.credit.settle(info.ID, st.Receipt.CumulativeBytes-st.PrevBytes)
		}
	}
	var freed uint64
	for _, c := range mc.queue[:k] {
		freed += uint64(c.leaf.Length)
	}
	if mc.virt != nil {
		// A virtual session's bytes are paid by its lane voucher: what it
		// adds frees this connection's credit, the rest an earlier one's
		// debt.
		var prevLane uint64
		if mc.lastLane != nil {
			prevLane = mc.lastLane.CumulativeBytes
		}
		paid := lv.CumulativeBytes - prevLane
		freed = min(paid, mc.unpaid)
		mc.m.credit.settle(info.ID, paid-freed)
		l := *lv
		mc.lastLane = &l
	}
	mc.unpaid -= freed
	mc.m.credit.paid(freed)
	if mc.starved && mc.held && mc.credit < mc.m.opts.MaxCredit {
		mc.credit += mc.m.credit.grow(info.ID, min(2*freed, mc.m.opts.MaxCredit-mc.credit))
		mc.starved = false
	}
	if mc.unpaid == 0 {
		mc.peak = max(mc.peak, mc.credit) // every byte it let out is paid
	}
	mc.progress = time.Now()
	mc.queue = append(mc.queue[:0:0], mc.queue[k:]...)
	if len(mc.queue) == 0 {
		clear(mc.answers)
	} else {
		for ch, a := range mc.answers {
			if a.seq < mc.queue[0].seq {
				delete(mc.answers, ch)
			}
		}
	}
	mc.root, mc.bytes, mc.nonce = st.Receipt.Root, st.Receipt.CumulativeBytes, st.Voucher.Nonce
	v := st.Voucher
	mc.last = &v
	mc.mu.Unlock()
	mc.log.Debug("payment accepted", "nonce", st.Voucher.Nonce, "bytes", st.Voucher.CumulativeBytes)
	err = mc.write(&PaymentAck{Nonce: st.Voucher.Nonce, CumulativeBytes: st.Voucher.CumulativeBytes})
	mc.recheck()
	select {
	case mc.paid <- struct{}{}:
	default:
	}
	return err
}

// recheck asks CheckChannel about the channel again, between windows: a
// failure stops the session before its next chunk; a channel on chain
// gets its deposit and state refreshed (a top-up extends what it covers).
func (mc *minerConn) recheck() {
	if mc.m.opts.CheckChannel == nil {
		return
	}
	check, err := mc.checkChannel(&mc.info)
	mc.mu.Lock()
	defer mc.mu.Unlock()
	switch {
	case err != nil:
		if mc.stop == nil {
			mc.log.Info("channel no longer served", "reason", RefusalReason(err), "err", err)
			mc.stop = err
		}
	case mc.virt != nil && check.Lane == nil:
		if mc.stop == nil {
			mc.stop = &refused{ReasonNoChain, fmt.Errorf("%w: the channel check gave no paying lane", ErrChannel)}
		}
	case mc.virt != nil:
		mc.deposit, mc.lane, mc.laneAt = check.Deposit, check.Lane, time.Now()
	case check.OnChain:
		mc.deposit, mc.chain = check.Deposit, check.Chain
	}
}

// reportUnpaid records the client as not paying for what it received
// (once per connection).
func (mc *minerConn) reportUnpaid(detail string) {
	mc.mu.Lock()
	if mc.reported || mc.unpaid == 0 {
		mc.mu.Unlock()
		return
	}
	mc.reported = true
	r := &protocol.Report{Kind: protocol.ReportMissingVoucher, Accused: mc.info.Client, ChannelID: mc.info.ID,
		Detail: detail, LastVoucher: mc.last, UnpaidFrom: mc.bytes, UnpaidTo: mc.bytes + mc.unpaid}
	mc.mu.Unlock()
	mc.log.Warn("client misbehaved", "kind", r.Kind, "unpaid_from", r.UnpaidFrom, "unpaid_to", r.UnpaidTo)
	if mc.m.opts.Reports == nil {
		return
	}
	if err := mc.m.opts.Reports.Record(r); err != nil {
		mc.log.Error("recording report", "err", err)
	}
}
