package hub

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/protocol"
)

// Hub defaults.
const (
	DefaultExpiryDelta     = 2 * time.Minute
	DefaultMinOutRemaining = time.Minute
)

// Options configures a Hub.
type Options struct {
	Key         *ecdsa.PrivateKey    // required: the client of the outbound channels
	Domain      protocol.ChainDomain // required
	Chain       Chain                // required (wrap it in a CachedChain fed with events)
	JournalPath string               // required
	// Fee is what the hub charges per forwarded amount; a route naming a
	// lower one is refused.
	Fee Fee
	// ExpiryDelta is the time the hub keeps between its outbound and its
	// inbound expiry: after a downstream claim reveals the preimage and
	// the proof on chain, the hub has this long to claim upstream
	// (default DefaultExpiryDelta).
	ExpiryDelta time.Duration
	// MinOutRemaining is the least time an outbound voucher must still be
	// valid at setup (the next hop's time to claim; default
	// DefaultMinOutRemaining).
	MinOutRemaining time.Duration
	// OutChannels are the channels the hub announces (outbound, client =
	// the hub).
	OutChannels []protocol.Element
	// NC, when set, forwards setups and vouchers to the next hub; a hub
	// without it serves only routes whose next hop is the miner.
	NC *nats.Conn
	// RequestTimeout bounds a request to the next hub (default 5 s).
	RequestTimeout time.Duration
	Now            func() time.Time
	Log            *slog.Logger
	// OnCapacity, when set, is called (without locks held) after a
	// reservation is taken or released: the announcer republishes.
	OnCapacity func()
}

// Hub is the forwarding state machine. Safe for concurrent use: forwards
// of different routes run in parallel (the signature checks and the
// next-hop signatures are the work), records share fsyncs.
type Hub struct {
	opts Options
	self common.Address
	j    *Journal

	mu        sync.Mutex
	routes    map[RouteID]*route
	inLanes   map[laneKey]RouteID
	outLanes  map[laneKey]RouteID
	nextLane  map[protocol.Element]uint32 // out channel → highest lane used
	targets   map[protocol.Element]RouteID
	hashLocks map[common.Hash]RouteID
	inHeld    map[protocol.Element]*big.Int // in channel → Σ latest inbound of live routes
	closed    bool
}

type laneKey struct {
	ch   protocol.Element
	lane uint32
}

// route is one route through this hub.
type route struct {
	req       RouteRequest
	outLane   uint32
	outBudget *big.Int // outbound amount at MaxBytes: reserved on OutChannel
	inBudget  *big.Int // inbound amount at MaxBytes: reserved on InChannel
	released  bool
	// What the chain paid on the route's lanes so far (under Hub.mu; nil:
	// nothing): the channel's remaining deposit already lost it, so a
	// reservation counts only what its lane can still pay.
	outWithdrawn, inWithdrawn *big.Int

	mu      sync.Mutex            // serializes the route's forwards
	lastIn  *protocol.LaneVoucher // under mu and Hub.mu to write; either to read
	lastOut *protocol.LaneVoucher
	inEnc   []byte // lastIn's encoding (replay detection)
	// inHist holds every inbound voucher accepted, in order (under mu
	// and Hub.mu to append; Hub.mu to read): if the proof on chain covers
	// fewer bytes than the latest (the miner withdrew an older voucher),
	// the hub claims the latest inbound voucher it covers, which pays at
	// least what the hub paid out for those bytes.
	inHist []*protocol.LaneVoucher
}

func (r *route) hop() *Hop { return &r.req.Hops[0] }
func (r *route) downFees() []Fee {
	f := make([]Fee, len(r.req.Hops)-1)
	for i, h := range r.req.Hops[1:] {
		f[i] = h.Fee
	}
	return f
}

// next is the address paid by the outbound channel.
func (r *route) next() common.Address {
	if len(r.req.Hops) > 1 {
		return r.req.Hops[1].Hub
	}
	return r.req.Miner
}

// live reports whether the route's vouchers can still be claimed: a
// reservation holds until the outbound expiry, an inbound hold until the
// inbound one.
func (r *route) liveOut(now time.Time) bool {
	return !r.released && uint64(now.Unix()) <= r.hop().OutValidUntil
}
func (r *route) liveIn(now time.Time) bool {
	return !r.released && uint64(now.Unix()) <= r.req.InValidUntil
}

// Open opens (replaying) the hub's journal.
func Open(opts Options) (*Hub, error) {
	if opts.Key == nil || opts.Domain.ChainID == nil || opts.Chain == nil || opts.JournalPath == "" {
		return nil, fmt.Errorf("%w: hub needs a key, a domain, a chain and a journal path", ErrConfig)
	}
	if opts.ExpiryDelta <= 0 {
		opts.ExpiryDelta = DefaultExpiryDelta
	}
	if opts.MinOutRemaining <= 0 {
		opts.MinOutRemaining = DefaultMinOutRemaining
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	h := &Hub{opts: opts, self: crypto.PubkeyToAddress(opts.Key.PublicKey),
		routes: map[RouteID]*route{}, inLanes: map[laneKey]RouteID{}, outLanes: map[laneKey]RouteID{}, nextLane: map[protocol.Element]uint32{},
		targets: map[protocol.Element]RouteID{}, hashLocks: map[common.Hash]RouteID{}, inHeld: map[protocol.Element]*big.Int{}}
	j, err := OpenJournal(opts.JournalPath, h.replay)
	if err != nil {
		return nil, err
	}
	h.j = j
	return h, nil
}

// Address is the hub's address.
func (h *Hub) Address() common.Address { return h.self }

// Close closes the journal (pending records are written).
func (h *Hub) Close() error {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	return h.j.Close()
}

// Journal records.
const (
	recRoute   byte = 1
	recForward byte = 2
	recRelease byte = 3
)

const kindJournal = protocol.KindHubJournal

func routeRecord(r *route) []byte {
	e := protocol.NewEncoder(kindJournal)
	e.U8(recRoute)
	e.U32(r.outLane)
	e.Var(r.req.Encode())
	return e.Bytes()
}

func forwardRecord(id RouteID, in, out *protocol.LaneVoucher) []byte {
	e := protocol.NewEncoder(kindJournal)
	e.U8(recForward)
	e.Fixed(id[:])
	e.Fixed(in.Encode())
	e.Fixed(out.Encode())
	return e.Bytes()
}

func releaseRecord(id RouteID, unbind bool) []byte {
	e := protocol.NewEncoder(kindJournal)
	e.U8(recRelease)
	e.Fixed(id[:])
	b := uint8(0)
	if unbind {
		b = 1
	}
	e.U8(b)
	return e.Bytes()
}

// replay applies one journal record (at open, before any request).
func (h *Hub) replay(rec []byte) error {
	d, err := protocol.NewDecoder(rec, kindJournal, MaxRecordSize)
	if err != nil {
		return err
	}
	switch t := d.U8("record type"); t {
	case recRoute:
		lane := d.U32("route out lane")
		body := d.Var(MaxRouteRequestSize, "route request")
		if err := d.Finish(); err != nil {
			return err
		}
		req, err := DecodeRouteRequest(body)
		if err != nil {
			return err
		}
		h.bind(h.newRoute(req, lane))
	case recForward:
		var id RouteID
		var ib, ob [protocol.LaneVoucherSize]byte
		d.Fixed(id[:], "forward route")
		d.Fixed(ib[:], "forward inbound")
		d.Fixed(ob[:], "forward outbound")
		if err := d.Finish(); err != nil {
			return err
		}
		in, err := protocol.DecodeLaneVoucher(ib[:])
		if err != nil {
			return err
		}
		out, err := protocol.DecodeLaneVoucher(ob[:])
		if err != nil {
			return err
		}
		r := h.routes[id]
		if r == nil {
			return fmt.Errorf("forward record for unknown route %s", id)
		}
		h.record(r, &in, &out)
	case recRelease:
		var id RouteID
		d.Fixed(id[:], "release route")
		unbind := d.U8("release unbind") == 1
		if err := d.Finish(); err != nil {
			return err
		}
		if r := h.routes[id]; r != nil {
			h.release(r, unbind)
		}
	default:
		return fmt.Errorf("%w: journal record type %d", protocol.ErrEncoding, t)
	}
	return nil
}

func (h *Hub) newRoute(req RouteRequest, lane uint32) *route {
	r := &route{req: req, outLane: lane}
	r.outBudget = Amounts(req.MaxBytes, req.MinerPrice, r.downFees())[0]
	r.inBudget = new(big.Int).Add(r.outBudget, req.Hops[0].Fee.On(r.outBudget))
	return r
}

// bind records a route in the indexes (under mu, or during replay).
func (h *Hub) bind(r *route) {
	id := r.req.ID
	h.routes[id] = r
	h.inLanes[laneKey{r.req.InChannel, r.req.InLane}] = id
	h.outLanes[laneKey{r.hop().OutChannel, r.outLane}] = id
	if r.outLane > h.nextLane[r.hop().OutChannel] {
		h.nextLane[r.hop().OutChannel] = r.outLane
	}
	h.targets[r.req.Target] = id
	h.hashLocks[r.req.HashLock] = id
}

// release drops a route's reservations; unbind also frees its target and
// hash lock (a setup refused downstream: nothing was signed on it).
func (h *Hub) release(r *route, unbind bool) {
	if r.released {
		return
	}
	r.released = true
	if r.lastIn != nil {
		if held := h.inHeld[r.req.InChannel]; held != nil {
			held.Sub(held, r.lastIn.CumulativeAmount)
		}
	}
	if unbind && r.lastOut == nil {
		if h.targets[r.req.Target] == r.req.ID {
			delete(h.targets, r.req.Target)
		}
		if h.hashLocks[r.req.HashLock] == r.req.ID {
			delete(h.hashLocks, r.req.HashLock)
		}
		delete(h.routes, r.req.ID)
	}
}

// record applies an accepted forward (under mu, or during replay).
func (h *Hub) record(r *route, in, out *protocol.LaneVoucher) {
	held := h.inHeld[r.req.InChannel]
	if held == nil {
		held = new(big.Int)
		h.inHeld[r.req.InChannel] = held
	}
	if r.lastIn != nil {
		held.Sub(held, r.lastIn.CumulativeAmount)
	}
	held.Add(held, in.CumulativeAmount)
	r.lastIn, r.lastOut, r.inEnc = in, out, in.Encode()
	r.inHist = append(r.inHist, in)
}

// InboundUpTo returns the latest inbound voucher of a route whose byte
// count is at most bytes (what the chain proved for the route's target),
// or nil: the voucher the hub can claim when the proof covers less than
// its latest one.
func (h *Hub) InboundUpTo(id RouteID, bytes uint64) *protocol.LaneVoucher {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.routes[id]
	if r == nil {
		return nil
	}
	for i := len(r.inHist) - 1; i >= 0; i-- {
		if v := r.inHist[i]; v.CumulativeBytes <= bytes {
			c := *v
			return &c
		}
	}
	return nil
}

// reservedLocked sums the live reservations on an outbound channel and the
// live inbound budgets on an inbound one.
func (h *Hub) reservedLocked(now time.Time, out, in protocol.Element) (outRes, inRes *big.Int) {
	outRes, inRes = new(big.Int), new(big.Int)
	for _, r := range h.routes {
		if r.hop().OutChannel == out && r.liveOut(now) {
			outRes.Add(outRes, unpaid(r.outBudget, r.outWithdrawn))
		}
		if r.req.InChannel == in && r.liveIn(now) {
			inRes.Add(inRes, unpaid(r.inBudget, r.inWithdrawn))
		}
	}
	return outRes, inRes
}

// unpaid is what a lane with this budget can still pay after withdrawn.
func unpaid(budget, withdrawn *big.Int) *big.Int {
	if withdrawn == nil {
		return budget
	}
	u := new(big.Int).Sub(budget, withdrawn)
	if u.Sign() < 0 {
		u.SetInt64(0)
	}
	return u
}

// NoteWithdrawn records what the chain has paid so far on a lane of one of
// the hub's routes, inbound or outbound (read with contracts' LaneOf after
// a LaneWithdrawn event, a reorg or a restart): the channel's remaining
// deposit already lost it, so its route's reservation shrinks by as much.
// A smaller value than before (a reorg undid a withdrawal) is taken too.
// It reports whether (ch, lane) is one of the hub's lanes.
func (h *Hub) NoteWithdrawn(ch protocol.Element, lane uint32, withdrawn *big.Int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	w := new(big.Int).Set(orZero(withdrawn))
	found := false
	if id, ok := h.outLanes[laneKey{ch, lane}]; ok && h.routes[id] != nil {
		h.routes[id].outWithdrawn, found = w, true
	}
	if id, ok := h.inLanes[laneKey{ch, lane}]; ok && h.routes[id] != nil {
		h.routes[id].inWithdrawn, found = w, true
	}
	return found
}

// Setup takes a route: it checks the request against the hub's terms, the
// chain and its own state, reserves the outbound budget, journals it, and
// passes the rest of the route to the next hub. Refusals are *RouteError
// (Hop 1 is this hub, downstream hops count on).
func (h *Hub) Setup(ctx context.Context, req RouteRequest) (*RouteReply, error) {
	r, err := h.setup(ctx, req)
	if err != nil {
		return nil, h.own(err)
	}
	if len(req.Hops) == 1 {
		return &RouteReply{ID: req.ID, Lanes: []uint32{r.outLane}}, nil
	}
	if h.opts.NC == nil {
		h.unreserve(r)
		return nil, h.own(refusal(ReasonUnavailable, nil, "this hub forwards to no other hub"))
	}
	next := req
	next.Hops = req.Hops[1:]
	next.InChannel, next.InLane, next.InValidUntil = r.hop().OutChannel, r.outLane, r.hop().OutValidUntil
	if err := next.Sign(h.opts.Domain, h.opts.Key); err != nil {
		h.unreserve(r)
		return nil, h.own(refusal(ReasonInternal, err, "sign"))
	}
	rctx, cancel := context.WithTimeout(ctx, h.opts.RequestTimeout)
	defer cancel()
	body, err := request(rctx, h.opts.NC, next.Hops[0].Hub, "route", next.Encode())
	if err == nil {
		var reply RouteReply
		reply, err = DecodeRouteReply(body)
		if err == nil && (reply.ID != req.ID || len(reply.Lanes) != len(next.Hops)) {
			err = errors.New("route reply does not match the request")
		}
		if err != nil {
			err = &RouteError{Hop: 1, Hub: next.Hops[0].Hub, Reason: ReasonBadRequest, Detail: "route reply", Err: err}
		} else {
			return &RouteReply{ID: req.ID, Lanes: append([]uint32{r.outLane}, reply.Lanes...)}, nil
		}
	}
	// The rest of the route refused or did not answer: nothing was signed
	// on this route, so its reservation and bindings go (a hub that took
	// it downstream and lost the reply releases at expiry).
	h.unreserve(r)
	return nil, shift(err, 1)
}

// own marks a local refusal as this hub's (hop 1).
func (h *Hub) own(err error) error {
	var re *RouteError
	if errors.As(err, &re) {
		re.Hop, re.Hub = 1, h.self
		return re
	}
	return &RouteError{Hop: 1, Hub: h.self, Reason: ReasonInternal, Err: err}
}

func (h *Hub) unreserve(r *route) {
	h.mu.Lock()
	h.release(r, true)
	h.mu.Unlock()
	if err := h.j.Append(releaseRecord(r.req.ID, true)); err != nil {
		h.opts.Log.Error("journal release", "route", r.req.ID, "err", err)
	}
	h.capacityChanged()
}

func (h *Hub) capacityChanged() {
	if h.opts.OnCapacity != nil {
		h.opts.OnCapacity()
	}
}

func (h *Hub) setup(ctx context.Context, req RouteRequest) (*route, error) {
	hop := &req.Hops[0]
	now := h.opts.Now()
	nowU := uint64(now.Unix())
	switch {
	case hop.Hub != h.self:
		return nil, refusal(ReasonBadRequest, nil, "route names hub %s, this is %s", hop.Hub.Hex(), h.self.Hex())
	case !hop.Fee.AtLeast(h.opts.Fee):
		return nil, refusal(ReasonFeeTooLow, nil, "route offers %s, this hub charges %s", hop.Fee, h.opts.Fee)
	case hop.OutValidUntil < nowU+uint64(h.opts.MinOutRemaining/time.Second):
		return nil, refusal(ReasonExpiryTooShort, nil, "outbound expiry %d leaves the next hop less than %s", hop.OutValidUntil, h.opts.MinOutRemaining)
	case req.InValidUntil < hop.OutValidUntil+uint64(h.opts.ExpiryDelta/time.Second):
		return nil, refusal(ReasonExpiryTooShort, nil, "inbound expiry %d is not %s after the outbound %d", req.InValidUntil, h.opts.ExpiryDelta, hop.OutValidUntil)
	}
	signer, err := req.Signer(h.opts.Domain)
	if err != nil {
		return nil, refusal(ReasonBadRequest, err, "route request signature")
	}
	h.mu.Lock()
	_, exists := h.routes[req.ID]
	_, lockUsed := h.hashLocks[req.HashLock]
	_, bound := h.targets[req.Target]
	_, laneUsed := h.inLanes[laneKey{req.InChannel, req.InLane}]
	h.mu.Unlock()
	switch {
	case exists:
		return nil, refusal(ReasonRouteExists, nil, "route %s", req.ID)
	case lockUsed:
		return nil, refusal(ReasonHashLockReused, nil, "hash lock %s", req.HashLock.Hex())
	case bound:
		return nil, refusal(ReasonTargetBound, nil, "this hub already pays a lane for target %s", req.Target)
	case laneUsed:
		return nil, refusal(ReasonBadRequest, nil, "lane %d of channel %s is in use", req.InLane, req.InChannel)
	}
	in, err := h.opts.Chain.Channel(ctx, req.InChannel)
	if err != nil {
		return nil, chainRefusal(err, "inbound channel")
	}
	out, err := h.opts.Chain.Channel(ctx, hop.OutChannel)
	if err != nil {
		return nil, chainRefusal(err, "outbound channel")
	}
	switch {
	case in.State != protocol.ChainOpen:
		return nil, refusal(ReasonBadChannel, nil, "inbound channel is %s", in.State)
	case in.Miner != h.self:
		return nil, refusal(ReasonBadChannel, nil, "inbound channel pays %s, not this hub", in.Miner.Hex())
	case in.Client != signer:
		return nil, refusal(ReasonBadRequest, nil, "route signed by %s, the inbound channel's client is %s", signer.Hex(), in.Client.Hex())
	case out.State != protocol.ChainOpen:
		return nil, refusal(ReasonBadChannel, nil, "outbound channel is %s", out.State)
	case out.Client != h.self:
		return nil, refusal(ReasonBadChannel, nil, "outbound channel %s is not this hub's", hop.OutChannel)
	case out.Miner != nextOf(&req):
		return nil, refusal(ReasonBadChannel, nil, "outbound channel pays %s, the next hop is %s", out.Miner.Hex(), nextOf(&req).Hex())
	case in.ChallengePeriod > 0 && int64(req.InValidUntil) > now.Add(in.ChallengePeriod).Unix():
		return nil, refusal(ReasonExpiryBeyondClose, nil, "inbound expiry %d after a close started now ends (period %s)", req.InValidUntil, in.ChallengePeriod)
	case out.ChallengePeriod > 0 && int64(hop.OutValidUntil) > now.Add(out.ChallengePeriod).Unix():
		return nil, refusal(ReasonExpiryBeyondClose, nil, "outbound expiry %d after a close started now ends (period %s)", hop.OutValidUntil, out.ChallengePeriod)
	}
	r := h.newRoute(req, 0)
	maxB := new(big.Int).SetUint64(req.MaxBytes)
	if capOut := new(big.Int).Mul(maxB, orZero(out.PricePerByte)); r.outBudget.Cmp(capOut) > 0 {
		return nil, refusal(ReasonBadChannel, nil, "outbound budget %s wei above what the channel pays for %d bytes (%s)", r.outBudget, req.MaxBytes, capOut)
	}
	h.mu.Lock()
	switch {
	case h.closed:
		h.mu.Unlock()
		return nil, refusal(ReasonUnavailable, ErrClosed, "")
	case h.routes[req.ID] != nil:
		h.mu.Unlock()
		return nil, refusal(ReasonRouteExists, nil, "route %s", req.ID)
	}
	if _, used := h.hashLocks[req.HashLock]; used {
		h.mu.Unlock()
		return nil, refusal(ReasonHashLockReused, nil, "hash lock %s", req.HashLock.Hex())
	}
	if _, used := h.targets[req.Target]; used {
		h.mu.Unlock()
		return nil, refusal(ReasonTargetBound, nil, "this hub already pays a lane for target %s", req.Target)
	}
	if _, used := h.inLanes[laneKey{req.InChannel, req.InLane}]; used {
		h.mu.Unlock()
		return nil, refusal(ReasonBadRequest, nil, "lane %d of channel %s is in use", req.InLane, req.InChannel)
	}
	outRes, inRes := h.reservedLocked(now, hop.OutChannel, req.InChannel)
	free := out.Remaining()
	free.Sub(free, outRes)
	if r.outBudget.Cmp(free) > 0 {
		h.mu.Unlock()
		return nil, refusal(ReasonInsufficientCapacity, nil, "outbound channel %s: budget %s wei, free %s wei", hop.OutChannel, r.outBudget, free)
	}
	inFree := in.Remaining()
	inFree.Sub(inFree, inRes)
	if r.inBudget.Cmp(inFree) > 0 {
		h.mu.Unlock()
		return nil, refusal(ReasonInsufficientCapacity, nil, "inbound channel %s cannot pay %s wei next to its other routes (free %s wei)", req.InChannel, r.inBudget, inFree)
	}
	r.outLane = h.nextLane[hop.OutChannel] + 1
	h.bind(r)
	h.mu.Unlock()
	if err := h.j.Append(routeRecord(r)); err != nil {
		h.mu.Lock()
		h.release(r, true)
		h.mu.Unlock()
		return nil, refusal(ReasonInternal, err, "journal")
	}
	h.capacityChanged()
	return r, nil
}

func nextOf(req *RouteRequest) common.Address {
	if len(req.Hops) > 1 {
		return req.Hops[1].Hub
	}
	return req.Miner
}

func chainRefusal(err error, what string) *RouteError {
	if errors.Is(err, protocol.ErrUnknownChannel) {
		return refusal(ReasonBadChannel, err, "%s not on chain", what)
	}
	return refusal(ReasonUnavailable, err, "read %s", what)
}

// Forward takes the previous hop's voucher for a route: it checks it with
// protocol.CheckLaneVoucher against the inbound channel on chain and the
// route (lane, target, key hash, hash lock, expiry, the lane's last
// voucher, the hub's other inbound lanes on the channel), checks that it
// covers the outbound amount for the same bytes plus the fee, signs the
// outbound voucher, journals both, and returns the miner-facing voucher:
// its own when the next hop is the miner, else what the next hub returns.
// The voucher accepted last, sent again, is answered with the same
// outbound voucher (never a second signature for it).
func (h *Hub) Forward(ctx context.Context, req ForwardRequest) (*protocol.LaneVoucher, error) {
	out, r, err := h.forward(ctx, req)
	if err != nil {
		return nil, h.own(err)
	}
	if len(r.req.Hops) == 1 {
		return out, nil
	}
	if h.opts.NC == nil {
		return nil, h.own(refusal(ReasonUnavailable, nil, "this hub forwards to no other hub"))
	}
	rctx, cancel := context.WithTimeout(ctx, h.opts.RequestTimeout)
	defer cancel()
	body, err := request(rctx, h.opts.NC, r.req.Hops[1].Hub, "forward", (&ForwardRequest{ID: req.ID, Voucher: *out}).Encode())
	if err != nil {
		return nil, shift(err, 1)
	}
	v, err := protocol.DecodeLaneVoucher(body)
	if err != nil {
		return nil, &RouteError{Hop: 2, Hub: r.req.Hops[1].Hub, Reason: ReasonBadVoucher, Detail: "reply", Err: err}
	}
	return &v, nil
}

func (h *Hub) forward(ctx context.Context, req ForwardRequest) (*protocol.LaneVoucher, *route, error) {
	h.mu.Lock()
	r := h.routes[req.ID]
	h.mu.Unlock()
	if r == nil {
		return nil, nil, refusal(ReasonUnknownRoute, nil, "route %s", req.ID)
	}
	v := &req.Voucher
	r.mu.Lock()
	defer r.mu.Unlock()
	now := h.opts.Now()
	if r.lastIn != nil && bytes.Equal(r.inEnc, v.Encode()) {
		return r.lastOut, r, nil // a retry: the same answer, no new signature
	}
	h.mu.Lock()
	released := r.released
	committed := new(big.Int).Set(orZero(h.inHeld[r.req.InChannel]))
	h.mu.Unlock()
	if released || !r.liveOut(now) {
		return nil, nil, refusal(ReasonUnknownRoute, nil, "route %s is released or expired", req.ID)
	}
	if v.ValidUntil < r.req.InValidUntil {
		return nil, nil, refusal(ReasonExpiryTooShort, nil, "voucher expires at %d, the route agreed %d", v.ValidUntil, r.req.InValidUntil)
	}
	in, err := h.opts.Chain.Channel(ctx, r.req.InChannel)
	if err != nil {
		return nil, nil, chainRefusal(err, "inbound channel")
	}
	lc := protocol.LaneContext{
		Terms: protocol.ChannelTerms{ID: r.req.InChannel, Client: in.Client, Miner: h.self, PricePerByte: in.PricePerByte,
			Domain: h.opts.Domain},
		Lane: r.req.InLane, Target: r.req.Target, TargetKeyHash: r.req.TargetKeyHash, HashLock: r.req.HashLock,
		Accept: &h.opts.Domain, Chain: in, Now: now, MinRemaining: h.opts.ExpiryDelta,
	}
	if r.lastIn != nil {
		lc.Prev = protocol.LaneState{Nonce: r.lastIn.Nonce, Amount: r.lastIn.CumulativeAmount, Bytes: r.lastIn.CumulativeBytes}
		committed.Sub(committed, r.lastIn.CumulativeAmount)
	}
	lc.Committed = committed
	if err := protocol.CheckLaneVoucher(v, lc); err != nil {
		return nil, nil, refusal(ReasonBadVoucher, err, "inbound voucher")
	}
	if v.CumulativeBytes > r.req.MaxBytes {
		return nil, nil, refusal(ReasonOverBudget, nil, "voucher for %d bytes, route reserved %d", v.CumulativeBytes, r.req.MaxBytes)
	}
	outAmount := Amounts(v.CumulativeBytes, r.req.MinerPrice, r.downFees())[0]
	if err := CheckCovers(v.CumulativeAmount, outAmount, r.hop().Fee); err != nil {
		return nil, nil, err
	}
	nonce := uint64(1)
	if r.lastOut != nil {
		nonce = r.lastOut.Nonce + 1
	}
	out := &protocol.LaneVoucher{ChannelID: r.hop().OutChannel, Lane: r.outLane, Nonce: nonce, CumulativeAmount: outAmount,
		CumulativeBytes: v.CumulativeBytes, ValidUntil: r.hop().OutValidUntil, HashLock: r.req.HashLock,
		Target: r.req.Target, TargetKeyHash: r.req.TargetKeyHash}
	if err := out.Sign(h.opts.Domain, h.opts.Key); err != nil {
		return nil, nil, refusal(ReasonInternal, err, "sign")
	}
	inCopy := *v
	h.mu.Lock()
	h.record(r, &inCopy, out)
	h.mu.Unlock()
	// The reply (and the next hop's request) leaves only once the record is
	// durable: after a crash the hub knows every voucher it signed.
	if err := h.j.Append(forwardRecord(req.ID, &inCopy, out)); err != nil {
		return nil, nil, refusal(ReasonInternal, err, "journal")
	}
	return out, r, nil
}

// Sweep releases the routes whose outbound expiry has passed (their
// reservations; their targets and hash locks stay bound) and returns how
// many it released.
func (h *Hub) Sweep() int {
	now := h.opts.Now()
	var ids []RouteID
	h.mu.Lock()
	for id, r := range h.routes {
		if !r.released && !r.liveOut(now) && !r.liveIn(now) {
			h.release(r, false)
			ids = append(ids, id)
		}
	}
	h.mu.Unlock()
	for _, id := range ids {
		if err := h.j.Append(releaseRecord(id, false)); err != nil {
			h.opts.Log.Error("journal release", "route", id, "err", err)
		}
	}
	if len(ids) > 0 {
		h.capacityChanged()
	}
	return len(ids)
}

// RouteState is a route as the hub holds it (for `bwproof hub routes`
// and tests).
type RouteState struct {
	ID                    RouteID
	Target                protocol.Element
	HashLock              common.Hash
	InChannel, OutChannel protocol.Element
	InLane, OutLane       uint32
	InValidUntil          uint64
	OutValidUntil         uint64
	Miner                 common.Address
	MaxBytes              uint64
	OutBudget, InBudget   *big.Int // at MaxBytes
	// OutWithdrawn and InWithdrawn are what the chain paid on the lanes
	// as last noted (NoteWithdrawn; zero when never).
	OutWithdrawn, InWithdrawn *big.Int
	// OutReserved is what the route still holds of its outbound channel's
	// deposit (zero once released or expired).
	OutReserved     *big.Int
	Released        bool
	LastIn, LastOut *protocol.LaneVoucher
}

// Routes returns the routes the hub holds.
func (h *Hub) Routes() []RouteState {
	now := h.opts.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]RouteState, 0, len(h.routes))
	for _, r := range h.routes {
		s := RouteState{ID: r.req.ID, Target: r.req.Target, HashLock: r.req.HashLock, InChannel: r.req.InChannel,
			OutChannel: r.hop().OutChannel, InLane: r.req.InLane, OutLane: r.outLane, InValidUntil: r.req.InValidUntil,
			OutValidUntil: r.hop().OutValidUntil, Miner: r.req.Miner, MaxBytes: r.req.MaxBytes, OutBudget: new(big.Int).Set(r.outBudget),
			InBudget: new(big.Int).Set(r.inBudget), OutWithdrawn: new(big.Int).Set(orZero(r.outWithdrawn)),
			InWithdrawn: new(big.Int).Set(orZero(r.inWithdrawn)), OutReserved: new(big.Int), Released: r.released}
		if r.liveOut(now) {
			s.OutReserved.Set(unpaid(r.outBudget, r.outWithdrawn))
		}
		if r.lastIn != nil {
			in, out := *r.lastIn, *r.lastOut
			s.LastIn, s.LastOut = &in, &out
		}
		out = append(out, s)
	}
	return out
}

// Reserved returns the live reservations on an outbound channel.
func (h *Hub) Reserved(ch protocol.Element) *big.Int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out, _ := h.reservedLocked(h.opts.Now(), ch, protocol.Element{})
	return out
}

// Announcement builds the hub's announcement: its fee, expiry delta and
// every OutChannel still open with its free capacity (remaining deposit
// minus live reservations). Channels that cannot be read are left out.
func (h *Hub) Announcement(ctx context.Context, seq uint64) (*HubAnnouncement, error) {
	a := &HubAnnouncement{Hub: h.self, Fee: h.opts.Fee, ExpiryDelta: h.opts.ExpiryDelta.Truncate(time.Second), Seq: seq,
		IssuedAt: h.opts.Now().Truncate(time.Second)}
	for _, id := range h.opts.OutChannels {
		if len(a.Channels) == MaxAnnouncedChannels {
			break
		}
		ch, err := h.opts.Chain.Channel(ctx, id)
		if err != nil || ch.State != protocol.ChainOpen || ch.Client != h.self {
			h.opts.Log.Info("channel not announced", "channel", id, "err", err)
			continue
		}
		free := ch.Remaining()
		free.Sub(free, h.Reserved(id))
		if free.Sign() < 0 {
			free.SetInt64(0)
		}
		a.Channels = append(a.Channels, AnnouncedChannel{ID: id, Peer: ch.Miner, PricePerByte: new(big.Int).Set(orZero(ch.PricePerByte)),
			ChallengePeriod: ch.ChallengePeriod.Truncate(time.Second), Free: free})
	}
	if err := a.Sign(h.opts.Domain, h.opts.Key); err != nil {
		return nil, err
	}
	return a, nil
}
