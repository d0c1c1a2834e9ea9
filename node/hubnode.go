package node

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/protocol"
)

// Files of a hub node's state directory.
const (
	HubJournalFile = "hub.journal" // the hub's routes and vouchers (hub.Journal)
	HubClaimsDir   = "claims"      // the LaneClaimer's journal
)

// HubNodeOptions configures a HubNode.
type HubNodeOptions struct {
	Key      *ecdsa.PrivateKey  // required: client of the outbound channels, payee of the inbound ones
	Manager  *contracts.Manager // required
	NC       *nats.Conn         // required: the hub network
	StateDir string             // required: hub journal and claims journal
	Fee      hub.Fee            // what the hub charges per forwarded amount
	// ExpiryDelta and MinOutRemaining: see hub.Options (defaults there).
	ExpiryDelta     time.Duration
	MinOutRemaining time.Duration
	// AnnounceInterval and SweepInterval: see hub.ServiceOptions.
	AnnounceInterval time.Duration
	SweepInterval    time.Duration
	Workers          int
	RequestTimeout   time.Duration
	// OutChannels are outbound channels to use as they are.
	OutChannels []protocol.Element
	// EnsureOut asks for one open outbound channel to each Params.Miner:
	// one the chain's events show this hub opened and that is still open
	// is used, else one is opened with the Params. A restart finds the
	// channel it opened before instead of opening another.
	EnsureOut []contracts.OpenParams
	// GasKey pays the claims' gas (default Key; the payee is paid anyway).
	GasKey *ecdsa.PrivateKey
	// Watch configures the event watchers (cache, reservations,
	// preimages); its FromBlock should cover the hub's channels.
	Watch contracts.WatchOptions
	// ClaimInterval is the claimer's pace (default DefaultSettlePoll); a
	// Proven or PreimageRevealed event triggers a claim pass at once.
	ClaimInterval time.Duration
	// CacheTTL bounds how stale a channel read may be (events drop it
	// earlier; default 5 s).
	CacheTTL time.Duration
	Log      *slog.Logger
}

// HubNode is a hub as a long-running process: the hub (its journal in
// the state directory), its NATS service and announcer, a channel cache
// fed by the contract's events, reservations kept in step with what the
// chain paid on each lane, the expiry sweep, and a LaneClaimer that
// withdraws every inbound lane voucher once the chain proved its target
// and revealed its preimage. Everything it needs to resume is in the
// state directory and on chain.
type HubNode struct {
	opts HubNodeOptions
	self common.Address

	ready   chan struct{}
	mu      sync.Mutex
	started bool
	hub     *hub.Hub
	svc     *hub.Service
	cache   *hub.CachedChain
	out     []protocol.Element
	claim   *LaneClaimer
}

// NewHubNode checks opts.
func NewHubNode(opts HubNodeOptions) (*HubNode, error) {
	if opts.Key == nil || opts.Manager == nil || opts.NC == nil || opts.StateDir == "" {
		return nil, fmt.Errorf("%w: a hub node needs a key, a manager, a NATS connection and a state directory", ErrConfig)
	}
	if opts.GasKey == nil {
		opts.GasKey = opts.Key
	}
	if opts.ClaimInterval <= 0 {
		opts.ClaimInterval = DefaultSettlePoll
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Watch.Log == nil {
		opts.Watch.Log = opts.Log
	}
	return &HubNode{opts: opts, self: crypto.PubkeyToAddress(opts.Key.PublicKey), ready: make(chan struct{})}, nil
}

// Address is the hub's address.
func (n *HubNode) Address() common.Address { return n.self }

// Ready is closed once Run serves (the outbound channels exist, the hub
// is open and its service answers).
func (n *HubNode) Ready() <-chan struct{} { return n.ready }

// Hub is the running hub (nil before Ready or after Run returned).
func (n *HubNode) Hub() *hub.Hub {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.hub
}

// OutChannels are the outbound channels the hub serves (after Ready).
func (n *HubNode) OutChannels() []protocol.Element {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.out)
}

// Claimed is how many inbound lane withdrawals this run sent.
func (n *HubNode) Claimed() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.claim == nil {
		return 0
	}
	return n.claim.Claimed()
}

// Run serves until ctx ends, then stops the service and closes the
// journals (pending records are written). A HubNode runs once; a restart
// is a new HubNode on the same state directory.
func (n *HubNode) Run(ctx context.Context) error {
	n.mu.Lock()
	started := n.started
	n.started = true
	n.mu.Unlock()
	if started {
		return fmt.Errorf("%w: a hub node runs once", ErrConfig)
	}
	if err := os.MkdirAll(n.opts.StateDir, 0o755); err != nil {
		return fmt.Errorf("%w: %w", ErrJournal, err)
	}
	m := n.opts.Manager
	w := m.Watch(n.opts.Watch)
	evs, err := w.Poll(ctx) // catch up: the channels this hub opened
	if err != nil {
		return fmt.Errorf("%w: read events: %w", ErrChainUnavailable, err)
	}
	out, err := n.ensureOut(ctx, evs)
	if err != nil {
		return err
	}
	cache := hub.NewCachedChain(hub.ManagerChain{M: m}, n.opts.CacheTTL)
	h, err := hub.Open(hub.Options{Key: n.opts.Key, Domain: m.Domain(), Chain: cache,
		JournalPath: filepath.Join(n.opts.StateDir, HubJournalFile), Fee: n.opts.Fee, ExpiryDelta: n.opts.ExpiryDelta,
		MinOutRemaining: n.opts.MinOutRemaining, OutChannels: out, NC: n.opts.NC, RequestTimeout: n.opts.RequestTimeout,
		Log: n.opts.Log})
	if err != nil {
		return fmt.Errorf("open hub: %w", err)
	}
	defer h.Close()
	// Reservations count only what each lane can still pay: read it from
	// the chain for every route the journal brought back.
	if err := n.refreshWithdrawn(ctx, h); err != nil {
		return err
	}
	claimer, err := NewLaneClaimer(LaneClaimerOptions{Manager: m, Key: n.opts.GasKey, StateDir: filepath.Join(n.opts.StateDir, HubClaimsDir),
		Watch: n.opts.Watch, Log: n.opts.Log, Claims: func(ctx context.Context) ([]protocol.LaneVoucher, error) {
			return n.claims(ctx, h)
		}})
	if err != nil {
		return err
	}
	defer claimer.Close()
	svc, err := hub.NewService(hub.ServiceOptions{NC: n.opts.NC, Hub: h, Workers: n.opts.Workers, AnnounceInterval: n.opts.AnnounceInterval,
		SweepInterval: n.opts.SweepInterval, Log: n.opts.Log})
	if err != nil {
		return err
	}
	defer svc.Stop()
	n.mu.Lock()
	n.hub, n.svc, n.cache, n.out, n.claim = h, svc, cache, out, claimer
	n.mu.Unlock()
	defer func() {
		n.mu.Lock()
		n.hub, n.svc = nil, nil
		n.mu.Unlock()
	}()
	close(n.ready)
	n.opts.Log.Info("hub serving", "hub", n.self, "out_channels", len(out), "routes", len(h.Routes()), "fee", n.opts.Fee.String())

	kick := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		n.claimLoop(ctx, claimer, kick)
	}()
	// The events read so far need no handling: the cache starts empty,
	// refreshWithdrawn read every route's lanes, the claimer reads the
	// preimages with its own watcher.
	err = w.Run(ctx, func(ev contracts.Event) { n.handle(ctx, h, ev, kick) }, nil)
	wg.Wait()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		err = nil
	}
	return err
}

// claims returns, per route, the inbound voucher to claim: the latest,
// or when the chain proved fewer bytes for the target (the miner withdrew
// an older voucher), the latest one the proof covers. The hub paid out
// only for what was proven, and the inbound voucher for the same bytes
// covers that plus the fee, so a miner and a client together cannot make
// the hub pay without being paid.
func (n *HubNode) claims(ctx context.Context, h *hub.Hub) ([]protocol.LaneVoucher, error) {
	var vs []protocol.LaneVoucher
	for _, r := range h.Routes() {
		if r.LastIn == nil {
			continue
		}
		proven, err := n.opts.Manager.ProvenBytes(ctx, r.Target, r.LastIn.TargetKeyHash)
		if err != nil {
			return nil, fmt.Errorf("%w: proven bytes: %w", ErrChainUnavailable, err)
		}
		v := r.LastIn
		if proven < v.CumulativeBytes {
			if v = h.InboundUpTo(r.ID, proven); v == nil {
				continue // nothing proven yet
			}
		}
		vs = append(vs, *v)
	}
	return vs, nil
}

// claimLoop runs claim passes one at a time (the claimer's watcher is
// not safe for concurrent use): every ClaimInterval, and at once when an
// event may have opened a lock.
func (n *HubNode) claimLoop(ctx context.Context, c *LaneClaimer, kick <-chan struct{}) {
	pollLoop(ctx, n.opts.ClaimInterval, kick, c.Step, n.opts.Log, "claim pass")
}

// handle keeps the cache and the reservations in step with one event.
func (n *HubNode) handle(ctx context.Context, h *hub.Hub, ev contracts.Event, kick chan<- struct{}) {
	n.cache.HandleEvent(ev)
	switch ev.Kind {
	case contracts.EventLaneWithdrawn:
		ours, err := n.noteLane(ctx, h, ev.Channel, ev.Lane)
		if err != nil {
			n.opts.Log.Warn("read lane", "channel", ev.Channel, "lane", ev.Lane, "err", err)
		}
		if ours {
			n.svc.Announce() // a reservation shrank
		}
	case contracts.EventReorg:
		if err := n.refreshWithdrawn(ctx, h); err != nil {
			n.opts.Log.Warn("re-read lanes after a reorg", "err", err)
		}
		n.svc.Announce()
	case contracts.EventToppedUp, contracts.EventCloseStarted, contracts.EventClosed, contracts.EventWithdrawn:
		if slices.Contains(n.out, ev.Channel) {
			n.svc.Announce()
		}
	}
	if ev.Kind == contracts.EventProven || ev.Kind == contracts.EventPreimageRevealed || ev.Kind == contracts.EventLaneWithdrawn {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
}

// noteLane reads a lane's withdrawn amount from the chain and hands it to
// the hub; it reports whether the lane is one of the hub's.
func (n *HubNode) noteLane(ctx context.Context, h *hub.Hub, ch protocol.Element, lane uint32) (bool, error) {
	l, err := n.opts.Manager.LaneOf(ctx, ch, lane)
	if err != nil {
		return false, fmt.Errorf("%w: lane %d of %s: %w", ErrChainUnavailable, lane, ch, err)
	}
	return h.NoteWithdrawn(ch, lane, l.Withdrawn), nil
}

// refreshWithdrawn reads both lanes of every live route from the chain.
func (n *HubNode) refreshWithdrawn(ctx context.Context, h *hub.Hub) error {
	now := uint64(time.Now().Unix())
	var errs []error
	for _, r := range h.Routes() {
		if r.Released || now > r.InValidUntil {
			continue
		}
		_, errOut := n.noteLane(ctx, h, r.OutChannel, r.OutLane)
		_, errIn := n.noteLane(ctx, h, r.InChannel, r.InLane)
		errs = append(errs, errOut, errIn)
	}
	return errors.Join(errs...)
}

// ensureOut returns OutChannels plus, for each EnsureOut peer, an open
// channel from this hub: one the events show it opened, else a new one.
func (n *HubNode) ensureOut(ctx context.Context, evs []contracts.Event) ([]protocol.Element, error) {
	out := slices.Clone(n.opts.OutChannels)
	m := n.opts.Manager
	for _, p := range n.opts.EnsureOut {
		var found protocol.Element
		for _, ev := range evs {
			if ev.Kind != contracts.EventOpened || ev.Client != n.self || ev.Miner != p.Miner || slices.Contains(out, ev.Channel) {
				continue
			}
			ch, err := m.Channel(ctx, ev.Channel)
			if err != nil {
				return nil, fmt.Errorf("%w: channel %s: %w", ErrChainUnavailable, ev.Channel, err)
			}
			if ch.State == contracts.StateOpen {
				found = ev.Channel
				break
			}
		}
		if found == (protocol.Element{}) {
			id, _, err := m.Open(ctx, n.opts.Key, p)
			if err != nil {
				return nil, fmt.Errorf("open outbound channel to %s: %w", p.Miner.Hex(), err)
			}
			n.opts.Log.Info("outbound channel opened", "channel", id, "peer", p.Miner, "deposit_wei", p.Deposit)
			found = id
		}
		out = append(out, found)
	}
	return out, nil
}

// HubStatus is what `bwproof hub channels|routes` shows; amounts are wei
// as decimal strings.
type HubStatus struct {
	Hub                string             `json:"hub"`
	FeeBaseWei         string             `json:"fee_base_wei"`
	FeePPM             uint32             `json:"fee_ppm"`
	ExpiryDeltaSeconds int64              `json:"expiry_delta_seconds"`
	Inbound            []HubChannelStatus `json:"inbound"`
	Outbound           []HubChannelStatus `json:"outbound"`
	Routes             []HubRouteStatus   `json:"routes"`
}

// HubChannelStatus is one of the hub's channels as the chain and the hub
// see it.
type HubChannelStatus struct {
	ID    string `json:"id"`
	Peer  string `json:"peer"` // inbound: the paying client or hub; outbound: the paid hub or miner
	State string `json:"state"`
	// DepositWei is the channel's deposit; WithdrawnWei what its payee took
	// so far on every lane; RemainingWei the rest (the capacity).
	DepositWei   string `json:"deposit_wei"`
	WithdrawnWei string `json:"withdrawn_wei"`
	RemainingWei string `json:"remaining_wei"`
	// ReservedWei is what live routes hold of it (their budgets less what
	// their lanes were paid); FreeWei = remaining − reserved, what a new
	// route can take.
	ReservedWei string `json:"reserved_wei"`
	FreeWei     string `json:"free_wei"`
	// CommittedWei sums the latest vouchers on the hub's lanes of this
	// channel: signed by the hub (outbound) or accepted by it (inbound).
	CommittedWei string `json:"committed_wei"`
	Routes       int    `json:"routes"`
	Error        string `json:"error,omitempty"` // the chain could not be read
}

// HubRouteStatus is one route through the hub.
type HubRouteStatus struct {
	ID            string `json:"id"`
	State         string `json:"state"` // live, expired or released
	Target        string `json:"target"`
	HashLock      string `json:"hash_lock"`
	Miner         string `json:"miner"`
	InChannel     string `json:"in_channel"`
	InLane        uint32 `json:"in_lane"`
	OutChannel    string `json:"out_channel"`
	OutLane       uint32 `json:"out_lane"`
	InValidUntil  int64  `json:"in_valid_until"`  // unix seconds
	OutValidUntil int64  `json:"out_valid_until"` // unix seconds
	MaxBytes      uint64 `json:"max_bytes"`
	Bytes         uint64 `json:"bytes"` // latest forwarded cumulative byte count
	// InWei and OutWei are the latest inbound and outbound cumulative
	// amounts; FeeWei = in − out, what the hub keeps.
	InWei           string `json:"in_wei"`
	OutWei          string `json:"out_wei"`
	FeeWei          string `json:"fee_wei"`
	OutBudgetWei    string `json:"out_budget_wei"`
	OutReservedWei  string `json:"out_reserved_wei"`
	InWithdrawnWei  string `json:"in_withdrawn_wei"`
	OutWithdrawnWei string `json:"out_withdrawn_wei"`
}

// Status reports the running hub's channels and routes (ErrConfig before
// Ready). Channel reads go through the event-fed cache.
func (n *HubNode) Status(ctx context.Context) (*HubStatus, error) {
	n.mu.Lock()
	h, cache, out := n.hub, n.cache, slices.Clone(n.out)
	n.mu.Unlock()
	if h == nil {
		return nil, fmt.Errorf("%w: the hub node is not running", ErrConfig)
	}
	return hubStatus(ctx, h.Address(), n.opts, h.Routes(), cache, out, time.Now()), nil
}

// ReadHubStatus builds the same report from a hub node's state directory
// and the chain, without a running node: it replays a copy of the journal,
// so a node running on the directory is not disturbed. Reservations count
// what the chain paid on each lane as of now.
func ReadHubStatus(ctx context.Context, opts HubNodeOptions) (*HubStatus, error) {
	if opts.Key == nil || opts.Manager == nil || opts.StateDir == "" {
		return nil, fmt.Errorf("%w: hub status needs the hub's key, a manager and the state directory", ErrConfig)
	}
	tmp, err := copyToTemp(filepath.Join(opts.StateDir, HubJournalFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrJournal, err)
	}
	defer tmp.remove()
	chain := hub.ManagerChain{M: opts.Manager}
	h, err := hub.Open(hub.Options{Key: opts.Key, Domain: opts.Manager.Domain(), Chain: chain, JournalPath: tmp.path, Fee: opts.Fee,
		ExpiryDelta: opts.ExpiryDelta})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrJournal, err)
	}
	defer h.Close()
	n := &HubNode{opts: opts}
	if err := n.refreshWithdrawn(ctx, h); err != nil {
		return nil, err
	}
	out := slices.Clone(opts.OutChannels)
	for _, r := range h.Routes() {
		if !slices.Contains(out, r.OutChannel) {
			out = append(out, r.OutChannel)
		}
	}
	return hubStatus(ctx, h.Address(), opts, h.Routes(), chain, out, time.Now()), nil
}

func hubStatus(ctx context.Context, self common.Address, opts HubNodeOptions, routes []hub.RouteState, chain hub.Chain,
	out []protocol.Element, now time.Time) *HubStatus {
	expiry := opts.ExpiryDelta
	if expiry <= 0 {
		expiry = hub.DefaultExpiryDelta
	}
	s := &HubStatus{Hub: self.Hex(), FeeBaseWei: orZero(opts.Fee.Base).String(), FeePPM: opts.Fee.PPM,
		ExpiryDeltaSeconds: int64(expiry / time.Second), Inbound: []HubChannelStatus{}, Outbound: []HubChannelStatus{},
		Routes: []HubRouteStatus{}}
	slices.SortFunc(routes, func(a, b hub.RouteState) int {
		return cmp.Or(cmp.Compare(a.InValidUntil, b.InValidUntil), bytes.Compare(a.ID[:], b.ID[:]))
	})
	type acc struct {
		reserved, committed *big.Int
		routes              int
	}
	ins, outs := map[protocol.Element]*acc{}, map[protocol.Element]*acc{}
	var inOrder []protocol.Element
	get := func(m map[protocol.Element]*acc, id protocol.Element) *acc {
		a := m[id]
		if a == nil {
			a = &acc{reserved: new(big.Int), committed: new(big.Int)}
			m[id] = a
		}
		return a
	}
	for _, id := range out {
		get(outs, id)
	}
	nowU := uint64(now.Unix())
	for _, r := range routes {
		state := "live"
		switch {
		case r.Released:
			state = "released"
		case nowU > r.InValidUntil:
			state = "expired"
		}
		rs := HubRouteStatus{ID: r.ID.String(), State: state, Target: r.Target.String(), HashLock: r.HashLock.Hex(), Miner: r.Miner.Hex(),
			InChannel: r.InChannel.String(), InLane: r.InLane, OutChannel: r.OutChannel.String(), OutLane: r.OutLane,
			InValidUntil: int64(r.InValidUntil), OutValidUntil: int64(r.OutValidUntil), MaxBytes: r.MaxBytes,
			InWei: "0", OutWei: "0", FeeWei: "0", OutBudgetWei: r.OutBudget.String(), OutReservedWei: r.OutReserved.String(),
			InWithdrawnWei: r.InWithdrawn.String(), OutWithdrawnWei: r.OutWithdrawn.String()}
		ia, oa := get(ins, r.InChannel), get(outs, r.OutChannel)
		if ia.routes == 0 {
			inOrder = append(inOrder, r.InChannel)
		}
		ia.routes++
		oa.routes++
		oa.reserved.Add(oa.reserved, r.OutReserved)
		if state == "live" {
			if u := new(big.Int).Sub(r.InBudget, r.InWithdrawn); u.Sign() > 0 {
				ia.reserved.Add(ia.reserved, u)
			}
		}
		if r.LastIn != nil {
			rs.Bytes = r.LastIn.CumulativeBytes
			rs.InWei, rs.OutWei = r.LastIn.CumulativeAmount.String(), r.LastOut.CumulativeAmount.String()
			rs.FeeWei = new(big.Int).Sub(r.LastIn.CumulativeAmount, r.LastOut.CumulativeAmount).String()
			ia.committed.Add(ia.committed, r.LastIn.CumulativeAmount)
			oa.committed.Add(oa.committed, r.LastOut.CumulativeAmount)
		}
		s.Routes = append(s.Routes, rs)
	}
	row := func(id protocol.Element, a *acc, inbound bool) HubChannelStatus {
		c := HubChannelStatus{ID: id.String(), ReservedWei: a.reserved.String(), CommittedWei: a.committed.String(), Routes: a.routes}
		ch, err := chain.Channel(ctx, id)
		if err != nil {
			c.Error = err.Error()
			return c
		}
		c.Peer = ch.Miner.Hex()
		if inbound {
			c.Peer = ch.Client.Hex()
		}
		rem := ch.Remaining()
		free := new(big.Int).Sub(rem, a.reserved)
		if free.Sign() < 0 {
			free.SetInt64(0)
		}
		c.State, c.DepositWei, c.RemainingWei, c.FreeWei = ch.State.String(), orZero(ch.Deposit).String(), rem.String(), free.String()
		c.WithdrawnWei = new(big.Int).Add(orZero(ch.Withdrawn), orZero(ch.LaneWithdrawn)).String()
		return c
	}
	for _, id := range out {
		s.Outbound = append(s.Outbound, row(id, outs[id], false))
	}
	for _, id := range inOrder {
		s.Inbound = append(s.Inbound, row(id, ins[id], true))
	}
	return s
}

type tempFile struct{ path, dir string }

func (t tempFile) remove() { os.RemoveAll(t.dir) }

// copyToTemp copies a file (missing: empty) into a new temporary directory.
func copyToTemp(path string) (tempFile, error) {
	dir, err := os.MkdirTemp("", "bwproof-hub-status-")
	if err != nil {
		return tempFile{}, err
	}
	t := tempFile{path: filepath.Join(dir, filepath.Base(path)), dir: dir}
	src, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		t.remove()
		return tempFile{}, err
	}
	defer src.Close()
	dst, err := os.Create(t.path)
	if err == nil {
		_, err = io.Copy(dst, src)
		err = errors.Join(err, dst.Close())
	}
	if err != nil {
		t.remove()
		return tempFile{}, err
	}
	return t, nil
}
