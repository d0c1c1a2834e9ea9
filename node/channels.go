package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// ChainChannels defaults.
const (
	DefaultMinChallengePeriod = time.Hour
	DefaultCacheTTL           = 30 * time.Second
	DefaultRPCTimeout         = 5 * time.Second
)

// ChainChannelsOptions configures ChainChannels.
type ChainChannelsOptions struct {
	Manager *contracts.Manager // required
	// Miner is this miner's address (required); Payees are the other
	// addresses its channels may pay (its Owner).
	Miner  common.Address
	Payees []common.Address
	// MinChallengePeriod refuses channels a client could close and
	// finalize before a settler acts (the contract accepts 1 s);
	// default DefaultMinChallengePeriod.
	MinChallengePeriod time.Duration
	// Ledger, when set, holds the miner's latest accepted vouchers: a
	// channel whose deposit they already use up is refused.
	Ledger *challenge.Ledger
	// MinCredit is the fewest bytes the deposit left must pay for
	// (default 1).
	MinCredit uint64
	// CacheTTL bounds how long a read is trusted without an event
	// (default DefaultCacheTTL); RPCTimeout bounds a read (default
	// DefaultRPCTimeout).
	CacheTTL   time.Duration
	RPCTimeout time.Duration
	// LaneMargin is the least time a virtual session's lane voucher must
	// still be valid when the miner takes it (default DefaultLaneMargin).
	LaneMargin time.Duration
	Now        func() time.Time // default time.Now
	Log        *slog.Logger
}

// ChainChannels reads channels from the ChannelManager, caches them, and
// decides whether this miner may serve one. Feed it the contract's events
// (HandleEvent) so that cached channels are re-read when they change. Safe
// for concurrent use.
type ChainChannels struct {
	opts ChainChannelsOptions

	cache contracts.ChannelCache[*contracts.Channel]
}

// NewChainChannels checks opts and applies defaults.
func NewChainChannels(opts ChainChannelsOptions) (*ChainChannels, error) {
	if opts.Manager == nil || opts.Miner == (common.Address{}) {
		return nil, fmt.Errorf("%w: chain channels need a manager and the miner's address", ErrConfig)
	}
	if opts.MinChallengePeriod <= 0 {
		opts.MinChallengePeriod = DefaultMinChallengePeriod
	}
	if opts.MinCredit == 0 {
		opts.MinCredit = 1
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = DefaultCacheTTL
	}
	if opts.RPCTimeout <= 0 {
		opts.RPCTimeout = DefaultRPCTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LaneMargin <= 0 {
		opts.LaneMargin = DefaultLaneMargin
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &ChainChannels{opts: opts}, nil
}

// Channel returns the channel's on-chain record, from the cache when it is
// fresh. A channel that does not exist is a *RefusalError
// (ReasonUnknownChannel); an RPC failure wraps ErrChainUnavailable.
func (c *ChainChannels) Channel(ctx context.Context, id protocol.Element) (*contracts.Channel, error) {
	if ch, ok := c.cache.Get(id, c.opts.Now(), c.opts.CacheTTL); ok {
		return ch, nil
	}
	return c.Refresh(ctx, id)
}

// Refresh reads the channel from the chain (bypassing the cache).
func (c *ChainChannels) Refresh(ctx context.Context, id protocol.Element) (*contracts.Channel, error) {
	rctx, cancel := context.WithTimeout(ctx, c.opts.RPCTimeout)
	defer cancel()
	ch, err := c.opts.Manager.Channel(rctx, id)
	if contracts.IsUnknownChannel(err) {
		c.Invalidate(id)
		return nil, &RefusalError{Reason: ReasonUnknownChannel, Channel: id, Detail: "no such channel on contract " + c.opts.Manager.Address().Hex(),
			Err: &protocol.VoucherError{Rule: protocol.ErrUnknownChannel, Got: id}}
	}
	if err != nil {
		return nil, &RefusalError{Reason: ReasonChainUnavailable, Channel: id, Err: fmt.Errorf("%w: %w", ErrChainUnavailable, err)}
	}
	c.cache.Put(id, ch, c.opts.Now())
	return ch, nil
}

// Invalidate drops a cached channel.
func (c *ChainChannels) Invalidate(id protocol.Element) { c.cache.Invalidate(id) }

// HandleEvent drops what an event makes stale: its channel, or everything
// on a reorg.
func (c *ChainChannels) HandleEvent(ev contracts.Event) { c.cache.HandleEvent(ev) }

// Admit decides whether this miner may serve info's channel: it must exist
// on chain, be open, name this miner, pay this miner (or its Owner), carry
// the hello's client, price, receipt key hash and domain, have a challenge
// period of at least MinChallengePeriod, and have deposit left beyond the
// miner's latest voucher for MinCredit bytes. It returns the channel read;
// every refusal is a *RefusalError.
func (c *ChainChannels) Admit(ctx context.Context, info challenge.ChannelInfo) (*contracts.Channel, error) {
	ch, err := c.Channel(ctx, info.ID)
	if err != nil {
		return nil, err
	}
	refuse := func(r Reason, detail string, err error) (*contracts.Channel, error) {
		c.opts.Log.Info("channel refused", "channel", info.ID, "reason", r, "detail", detail, "err", err)
		return nil, &RefusalError{Reason: r, Channel: info.ID, Detail: detail, Err: err}
	}
	if info.Miner != (common.Address{}) && info.Miner != c.opts.Miner {
		return refuse(ReasonForeignMiner, fmt.Sprintf("hello names miner %s, this is %s", info.Miner, c.opts.Miner), nil)
	}
	vc := protocol.VoucherContext{
		Terms: protocol.ChannelTerms{ID: info.ID, Client: info.Client, Miner: c.opts.Miner, PricePerByte: info.PricePerByte,
			Domain: info.Domain, ReceiptKey: info.ReceiptKey},
		Accept: ptr(c.opts.Manager.Domain()),
		Chain:  ch.OnChain(c.opts.Manager.Domain()),
	}
	if err := protocol.CheckChannel(&vc); err != nil {
		switch {
		case errors.Is(err, protocol.ErrChannelNotOpen), errors.Is(err, protocol.ErrChallengePeriodOver):
			return refuse(ReasonNotOpen, "channel is "+ch.State.String(), err)
		case errors.Is(err, protocol.ErrWrongMiner):
			return refuse(ReasonForeignMiner, "", err)
		case errors.Is(err, protocol.ErrWrongReceiptKey):
			return refuse(ReasonWrongKey, "", err)
		case errors.Is(err, protocol.ErrUnknownChannel):
			return refuse(ReasonUnknownChannel, "", err)
		default:
			return refuse(ReasonWrongTerms, "", err)
		}
	}
	if !c.isPayee(ch.Payee) {
		return refuse(ReasonForeignPayee, fmt.Sprintf("channel pays %s, not this miner or its owner", ch.Payee), nil)
	}
	if ch.ChallengePeriod < c.opts.MinChallengePeriod {
		return refuse(ReasonShortPeriod, fmt.Sprintf("challenge period %s, this miner needs at least %s", ch.ChallengePeriod, c.opts.MinChallengePeriod), nil)
	}
	promised := new(big.Int).Set(ch.Withdrawn)
	if c.opts.Ledger != nil {
		latest, err := c.opts.Ledger.Latest(info.ID)
		if err != nil {
			return nil, err
		}
		if latest != nil && latest.Voucher.CumulativeAmount.Cmp(promised) > 0 {
			promised.Set(latest.Voucher.CumulativeAmount)
		}
	}
	need := new(big.Int).Add(promised, new(big.Int).Mul(new(big.Int).SetUint64(c.opts.MinCredit), ch.PricePerByte))
	if need.Cmp(ch.Deposit) > 0 {
		return refuse(ReasonNoFunds, fmt.Sprintf("deposit %s wei, %s already promised", ch.Deposit, promised),
			&protocol.InsufficientFundsError{Amount: need, Deposit: new(big.Int).Set(ch.Deposit), Shortfall: new(big.Int).Sub(need, ch.Deposit)})
	}
	return ch, nil
}

// CheckChannel is Admit in the shape of challenge.MinerOptions.CheckChannel:
// an admitted channel is on chain and backs vouchers up to its deposit
// (the miner extends credit only for what is left beyond its latest
// voucher, and judges payments against the chain's record). The miner asks
// again after every payment, so a channel closed (or emptied) under a
// running session stops it at the next window. A virtual session
// (info.Virtual) is admitted on its paying lane instead (admitVirtual).
func (c *ChainChannels) CheckChannel(ctx context.Context, info challenge.ChannelInfo) (challenge.ChannelCheck, error) {
	if info.Virtual != nil {
		return c.admitVirtual(ctx, info)
	}
	ch, err := c.Admit(ctx, info)
	if err != nil {
		return challenge.ChannelCheck{}, err
	}
	return challenge.ChannelCheck{OnChain: true, Deposit: new(big.Int).Set(ch.Deposit), Chain: ch.OnChain(c.opts.Manager.Domain())}, nil
}

// Remaining is the channel's deposit not yet withdrawn (from the cache).
func (c *ChainChannels) Remaining(ctx context.Context, id protocol.Element) (*big.Int, error) {
	ch, err := c.Channel(ctx, id)
	if err != nil {
		return nil, err
	}
	return ch.Remaining(), nil
}

func (c *ChainChannels) isPayee(a common.Address) bool {
	if a == c.opts.Miner {
		return true
	}
	for _, p := range c.opts.Payees {
		if p == a {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }
