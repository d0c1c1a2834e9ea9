package hub

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/protocol"
)

// Router defaults.
const (
	DefaultMaxRoutes      = 3
	DefaultMaxRouteHops   = 3
	DefaultLifetime       = 10 * time.Minute
	DefaultRequestTimeout = 5 * time.Second
)

// RouterOptions configures a client's Router.
type RouterOptions struct {
	NC     *nats.Conn           // required
	Key    *ecdsa.PrivateKey    // required: the client of Channels
	Domain protocol.ChainDomain // required
	Chain  Chain                // required: the client's channels are read from it
	// Directory (required) holds the hubs' checked announcements.
	Directory *Directory
	// Channels are the client's channels to hubs (lanes >= 1 of them pay
	// routes; the hub is the channel's miner on chain).
	Channels []protocol.Element
	// MaxRoutes is how many routes Setup tries (default
	// DefaultMaxRoutes); MaxHops the most hubs on one (default
	// DefaultMaxRouteHops, at most MaxHops).
	MaxRoutes int
	MaxHops   int
	// Lifetime is how long a route's vouchers stay claimable: the miner
	// leg expires at now + Lifetime, every hub upstream adds its
	// ExpiryDelta (default DefaultLifetime).
	Lifetime time.Duration
	// RequestTimeout bounds one request to the first hub (it waits for
	// the rest of the route; default DefaultRequestTimeout).
	RequestTimeout time.Duration
	Now            func() time.Time
	Log            *slog.Logger
}

// Router finds and sets up routes from the client's channels to miners.
// Safe for concurrent use: each Setup returns its own Payer.
type Router struct {
	opts RouterOptions
	self common.Address

	mu       sync.Mutex
	reserved map[protocol.Element]*big.Int // own channel → budgets of open payers
}

// NewRouter checks opts and applies defaults.
func NewRouter(opts RouterOptions) (*Router, error) {
	if opts.NC == nil || opts.Key == nil || opts.Domain.ChainID == nil || opts.Chain == nil || opts.Directory == nil {
		return nil, fmt.Errorf("%w: router needs a NATS connection, a key, a domain, a chain and a directory", ErrConfig)
	}
	if opts.MaxRoutes <= 0 {
		opts.MaxRoutes = DefaultMaxRoutes
	}
	if opts.MaxHops <= 0 {
		opts.MaxHops = DefaultMaxRouteHops
	}
	if opts.MaxHops > MaxHops {
		opts.MaxHops = MaxHops
	}
	if opts.Lifetime <= 0 {
		opts.Lifetime = DefaultLifetime
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
	return &Router{opts: opts, self: crypto.PubkeyToAddress(opts.Key.PublicKey), reserved: map[protocol.Element]*big.Int{}}, nil
}

// Budget bounds a route: the most cumulative bytes it pays for, at the
// miner's price per byte.
type Budget struct {
	MaxBytes   uint64
	MinerPrice *big.Int
}

// RouteInfo is a route that was set up: what the miner's hello names
// (MinerChannel, MinerLane, HashLock, Target) and every hop's terms.
type RouteInfo struct {
	ID            RouteID
	Miner         common.Address
	Target        protocol.Element
	TargetKeyHash protocol.Element
	HashLock      common.Hash
	Budget        Budget
	// OwnChannel and OwnLane: the client's lane the first hub is paid on,
	// with vouchers expiring at OwnValidUntil.
	OwnChannel    protocol.Element
	OwnLane       uint32
	OwnValidUntil uint64
	// Hops are the hubs in order (Hops[i].Fee is hub i's), Lanes[i] the
	// lane hub i pays on its OutChannel.
	Hops  []Hop
	Lanes []uint32
	// MinerChannel and MinerLane carry the miner-facing vouchers (signed
	// by the last hub, expiring at MinerValidUntil).
	MinerChannel    protocol.Element
	MinerLane       uint32
	MinerValidUntil uint64
	// MaxCost is what the client pays at Budget.MaxBytes (fees included).
	MaxCost *big.Int
	// Failures are the routes tried before this one, with their reasons.
	Failures []*RouteError
}

// Fees returns the hubs' fees in route order.
func (r *RouteInfo) Fees() []Fee {
	out := make([]Fee, len(r.Hops))
	for i, h := range r.Hops {
		out[i] = h.Fee
	}
	return out
}

// candidate is a route found in the directory, not yet set up.
type candidate struct {
	own     *protocol.ChainChannel
	ownID   protocol.Element
	hops    []Hop
	deltas  []time.Duration
	periods []time.Duration // challenge period of each hop's out channel
	prices  []*big.Int      // price of each hop's out channel
	cost    *big.Int        // A_0 at max bytes
}

// Setup finds routes from the client's channels to miner through the
// directory's hubs, cheapest first among those with the capacity for
// budget, and sets one up: each tried route that a hub refuses is kept
// (RouteInfo.Failures) and the next is tried, up to MaxRoutes. When none
// succeeds the error is a *NoRouteError carrying every failure. target is
// the virtual channel id, keyHash the client's receipt key hash, hashLock
// the route's hash lock (the miner's, or the client's own).
func (r *Router) Setup(ctx context.Context, miner common.Address, target, keyHash protocol.Element, hashLock common.Hash, budget Budget) (*Payer, error) {
	if budget.MaxBytes == 0 || budget.MinerPrice == nil || budget.MinerPrice.Sign() <= 0 {
		return nil, fmt.Errorf("%w: budget needs bytes and a miner price", ErrConfig)
	}
	if hashLock == (common.Hash{}) || target == (protocol.Element{}) {
		return nil, fmt.Errorf("%w: a route needs a hash lock and a target", ErrConfig)
	}
	cands, err := r.candidates(ctx, miner, budget)
	if err != nil {
		return nil, err
	}
	var failures []*RouteError
	for _, c := range cands {
		if len(failures) >= r.opts.MaxRoutes {
			break
		}
		p, err := r.try(ctx, c, miner, target, keyHash, hashLock, budget)
		if err == nil {
			p.info.Failures = failures
			return p, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *RouteError
		if !errors.As(err, &re) {
			re = &RouteError{Reason: ReasonInternal, Err: err}
		}
		r.opts.Log.Info("route refused", "hub", c.hops[0].Hub, "hop", re.Hop, "reason", re.Reason, "err", re)
		failures = append(failures, re)
	}
	return nil, &NoRouteError{Miner: miner, Failures: failures}
}

// candidates enumerates simple paths own channel → hub → … → miner over
// announced channels (at most MaxHops hubs), keeps those whose every leg
// has the capacity and obeys its channel's price cap and challenge period
// at budget.MaxBytes, and sorts them by cost.
func (r *Router) candidates(ctx context.Context, miner common.Address, budget Budget) ([]candidate, error) {
	var out []candidate
	now := r.opts.Now()
	for _, id := range r.opts.Channels {
		own, err := r.opts.Chain.Channel(ctx, id)
		if err != nil {
			r.opts.Log.Info("own channel unreadable", "channel", id, "err", err)
			continue
		}
		if own.State != protocol.ChainOpen || own.Client != r.self {
			continue
		}
		first, ok := r.opts.Directory.Hub(own.Miner)
		if !ok {
			continue
		}
		var walk func(a *HubAnnouncement, c candidate, seen map[common.Address]bool)
		walk = func(a *HubAnnouncement, c candidate, seen map[common.Address]bool) {
			if len(c.hops) >= r.opts.MaxHops || seen[a.Hub] {
				return
			}
			seen[a.Hub] = true
			defer delete(seen, a.Hub)
			for _, ch := range a.Channels {
				next := c
				next.hops = append(slices.Clone(c.hops), Hop{Hub: a.Hub, OutChannel: ch.ID, Fee: a.Fee})
				next.deltas = append(slices.Clone(c.deltas), a.ExpiryDelta)
				next.periods = append(slices.Clone(c.periods), ch.ChallengePeriod)
				next.prices = append(slices.Clone(c.prices), ch.PricePerByte)
				if ch.Peer == miner {
					if r.feasible(&next, budget, now, a, ch) {
						out = append(out, next)
					}
					continue
				}
				if b, ok := r.opts.Directory.Hub(ch.Peer); ok {
					walk(b, next, seen)
				}
			}
		}
		walk(first, candidate{own: own, ownID: id}, map[common.Address]bool{r.self: true})
	}
	slices.SortStableFunc(out, func(a, b candidate) int {
		if c := a.cost.Cmp(b.cost); c != 0 {
			return c
		}
		return len(a.hops) - len(b.hops)
	})
	return out, nil
}

// feasible fills c's expiries and cost and checks capacity, caps and
// challenge periods from the announcements (the hubs check again).
func (r *Router) feasible(c *candidate, budget Budget, now time.Time, _ *HubAnnouncement, _ AnnouncedChannel) bool {
	fees := make([]Fee, len(c.hops))
	for i, h := range c.hops {
		fees[i] = h.Fee
	}
	amounts := Amounts(budget.MaxBytes, budget.MinerPrice, fees)
	maxB := new(big.Int).SetUint64(budget.MaxBytes)
	// Expiries: the miner leg at now + Lifetime, each hub upstream adds
	// its delta; every voucher must expire before a close of its channel
	// started now could end.
	until := uint64(now.Add(r.opts.Lifetime).Unix())
	for i := len(c.hops) - 1; i >= 0; i-- {
		c.hops[i].OutValidUntil = until
		if c.periods[i] > 0 && int64(until) > now.Add(c.periods[i]).Unix() {
			return false
		}
		until += uint64(c.deltas[i] / time.Second)
	}
	if c.own.ChallengePeriod > 0 && int64(until) > now.Add(c.own.ChallengePeriod).Unix() {
		return false
	}
	for i, h := range c.hops {
		out := amounts[i+1]
		if out.Cmp(new(big.Int).Mul(maxB, orZero(c.prices[i]))) > 0 {
			return false // the contract would not pay this leg
		}
		a, ok := r.opts.Directory.Hub(h.Hub)
		if !ok {
			return false
		}
		for _, ch := range a.Channels {
			if ch.ID == h.OutChannel && orZero(ch.Free).Cmp(out) < 0 {
				return false
			}
		}
	}
	if amounts[0].Cmp(new(big.Int).Mul(maxB, orZero(c.own.PricePerByte))) > 0 {
		return false
	}
	r.mu.Lock()
	held := orZero(r.reserved[c.ownID])
	r.mu.Unlock()
	if new(big.Int).Add(held, amounts[0]).Cmp(c.own.Remaining()) > 0 {
		return false
	}
	c.cost = amounts[0]
	return true
}

// try sets up one candidate: a signed route request to its first hub,
// which reserves and passes it on.
func (r *Router) try(ctx context.Context, c candidate, miner common.Address, target, keyHash protocol.Element, hashLock common.Hash, budget Budget) (*Payer, error) {
	var id RouteID
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	var lb [4]byte
	if _, err := rand.Read(lb[:]); err != nil {
		return nil, err
	}
	// A random lane: the client keeps no lane state across sessions, and
	// a hub refuses a lane already in use on the channel.
	lane := binary.BigEndian.Uint32(lb[:])>>1 | 1
	inUntil := c.hops[0].OutValidUntil + uint64(c.deltas[0]/time.Second)
	req := RouteRequest{ID: id, Target: target, TargetKeyHash: keyHash, HashLock: hashLock, Miner: miner,
		MinerPrice: budget.MinerPrice, MaxBytes: budget.MaxBytes, InChannel: c.ownID, InLane: lane,
		InValidUntil: inUntil, Hops: c.hops}
	if err := req.Sign(r.opts.Domain, r.opts.Key); err != nil {
		return nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, r.opts.RequestTimeout)
	defer cancel()
	body, err := request(rctx, r.opts.NC, c.hops[0].Hub, "route", req.Encode())
	if err != nil {
		return nil, err
	}
	reply, err := DecodeRouteReply(body)
	if err != nil || reply.ID != id || len(reply.Lanes) != len(c.hops) {
		return nil, &RouteError{Hop: 1, Hub: c.hops[0].Hub, Reason: ReasonBadRequest, Detail: "route reply does not match the request", Err: err}
	}
	r.mu.Lock()
	r.reserved[c.ownID] = new(big.Int).Add(orZero(r.reserved[c.ownID]), c.cost)
	r.mu.Unlock()
	last := len(c.hops) - 1
	info := RouteInfo{ID: id, Miner: miner, Target: target, TargetKeyHash: keyHash, HashLock: hashLock, Budget: budget,
		OwnChannel: c.ownID, OwnLane: lane, OwnValidUntil: inUntil, Hops: c.hops, Lanes: reply.Lanes,
		MinerChannel: c.hops[last].OutChannel, MinerLane: reply.Lanes[last], MinerValidUntil: c.hops[last].OutValidUntil,
		MaxCost: c.cost}
	return &Payer{r: r, info: info, ownPrice: new(big.Int).Set(orZero(c.own.PricePerByte)), minerPrice: new(big.Int).Set(orZero(c.prices[last]))}, nil
}

// Payer pays one route, window by window. Safe for concurrent use (Pays
// are serialized).
type Payer struct {
	r          *Router
	info       RouteInfo
	ownPrice   *big.Int // the client's channel price (the contract's cap)
	minerPrice *big.Int // the last hub's channel price

	mu     sync.Mutex
	nonce  uint64 // of the client's lane
	bytes  uint64
	last   *protocol.LaneVoucher // miner-facing
	closed bool
}

// Route returns the route's terms.
func (p *Payer) Route() RouteInfo { return p.info }

// Pay signs the client's lane voucher for cumulativeBytes (the route's
// amount at that count, fees included) to the first hub, which forwards
// it hop by hop, and returns the miner-facing voucher signed by the last
// hub, checked: the route's channel, lane, locks and expiry, the miner's
// amount for the bytes, the last hub's signature. Paying the count paid
// last returns the same voucher again. A hop's refusal is a *RouteError.
func (p *Payer) Pay(ctx context.Context, cumulativeBytes uint64) (*protocol.LaneVoucher, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.closed:
		return nil, ErrClosed
	case p.last != nil && cumulativeBytes == p.bytes:
		v := *p.last
		return &v, nil
	case cumulativeBytes < p.bytes:
		return nil, &RouteError{Reason: ReasonBadRequest, Detail: fmt.Sprintf("bytes %d below the %d paid", cumulativeBytes, p.bytes)}
	case cumulativeBytes > p.info.Budget.MaxBytes:
		return nil, &RouteError{Reason: ReasonOverBudget, Detail: fmt.Sprintf("bytes %d above the route's %d", cumulativeBytes, p.info.Budget.MaxBytes)}
	}
	amounts := Amounts(cumulativeBytes, p.info.Budget.MinerPrice, p.info.Fees())
	if capAmount := new(big.Int).Mul(new(big.Int).SetUint64(cumulativeBytes), p.ownPrice); amounts[0].Cmp(capAmount) > 0 {
		// The fee base makes small counts cost more per byte than the
		// client's channel lets a voucher carry.
		return nil, &RouteError{Reason: ReasonFeeTooLow, Detail: fmt.Sprintf(
			"route costs %s wei for %d bytes, above what the client's channel pays for them (%s wei at its price): pay for more bytes at once",
			amounts[0], cumulativeBytes, capAmount)}
	}
	v := protocol.LaneVoucher{ChannelID: p.info.OwnChannel, Lane: p.info.OwnLane, Nonce: p.nonce + 1,
		CumulativeAmount: amounts[0], CumulativeBytes: cumulativeBytes, ValidUntil: p.info.OwnValidUntil,
		HashLock: p.info.HashLock, Target: p.info.Target, TargetKeyHash: p.info.TargetKeyHash}
	if err := v.Sign(p.r.opts.Domain, p.r.opts.Key); err != nil {
		return nil, err
	}
	// The nonce is spent once signed: a retry after a lost reply signs the
	// next one (the hub answers a replayed voucher with what it signed).
	p.nonce++
	req := ForwardRequest{ID: p.info.ID, Voucher: v}
	rctx, cancel := context.WithTimeout(ctx, p.r.opts.RequestTimeout)
	defer cancel()
	body, err := request(rctx, p.r.opts.NC, p.info.Hops[0].Hub, "forward", req.Encode())
	if err != nil {
		return nil, err
	}
	out, err := protocol.DecodeLaneVoucher(body)
	if err != nil {
		return nil, &RouteError{Hop: len(p.info.Hops), Reason: ReasonBadVoucher, Detail: "miner-facing voucher", Err: err}
	}
	last := p.info.Hops[len(p.info.Hops)-1].Hub
	lc := protocol.LaneContext{
		Terms: protocol.ChannelTerms{ID: p.info.MinerChannel, Client: last, Miner: p.info.Miner, PricePerByte: p.minerPrice, Domain: p.r.opts.Domain},
		Lane:  p.info.MinerLane, Target: p.info.Target, TargetKeyHash: p.info.TargetKeyHash, HashLock: p.info.HashLock,
		MinPrice: p.info.Budget.MinerPrice, Now: p.r.opts.Now(),
	}
	if p.last != nil {
		lc.Prev = protocol.LaneState{Nonce: p.last.Nonce, Amount: p.last.CumulativeAmount, Bytes: p.last.CumulativeBytes}
	}
	if err := protocol.CheckLaneVoucher(&out, lc); err != nil {
		return nil, &RouteError{Hop: len(p.info.Hops), Hub: last, Reason: ReasonBadVoucher, Detail: "miner-facing voucher", Err: err}
	}
	if out.CumulativeBytes != cumulativeBytes || out.CumulativeAmount.Cmp(amounts[len(amounts)-1]) != 0 || out.ValidUntil != p.info.MinerValidUntil {
		return nil, &RouteError{Hop: len(p.info.Hops), Hub: last, Reason: ReasonBadVoucher,
			Detail: fmt.Sprintf("miner-facing voucher for %d bytes, %s wei, until %d; want %d, %s, %d", out.CumulativeBytes,
				out.CumulativeAmount, out.ValidUntil, cumulativeBytes, amounts[len(amounts)-1], p.info.MinerValidUntil)}
	}
	p.last, p.bytes = &out, cumulativeBytes
	res := out
	return &res, nil
}

// Close ends the payer: the router stops counting its budget against the
// client's channel (the hubs release theirs at the route's expiry).
func (p *Payer) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.r.mu.Lock()
	if held := p.r.reserved[p.info.OwnChannel]; held != nil {
		held.Sub(held, p.info.MaxCost)
		if held.Sign() <= 0 {
			delete(p.r.reserved, p.info.OwnChannel)
		}
	}
	p.r.mu.Unlock()
}
