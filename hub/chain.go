package hub

import (
	"context"
	"fmt"
	"time"

	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// Chain is what the hub, the directory and the router read from the chain:
// a channel's record (deposit, withdrawals on every lane, state, client,
// peer, price, challenge period). A channel that does not exist is an
// error matching protocol.ErrUnknownChannel.
type Chain interface {
	Channel(ctx context.Context, id protocol.Element) (*protocol.ChainChannel, error)
}

// ManagerChain reads a deployed ChannelManager.
type ManagerChain struct{ M *contracts.Manager }

// Channel implements Chain.
func (c ManagerChain) Channel(ctx context.Context, id protocol.Element) (*protocol.ChainChannel, error) {
	ch, err := c.M.Channel(ctx, id)
	if contracts.IsUnknownChannel(err) {
		return nil, &protocol.VoucherError{Rule: protocol.ErrUnknownChannel, Got: id, Cause: err}
	}
	if err != nil {
		return nil, err
	}
	oc := ch.OnChain(c.M.Domain())
	if oc.ChallengePeriod == 0 {
		oc.ChallengePeriod = ch.ChallengePeriod
	}
	return oc, nil
}

// CachedChain caches channel reads for TTL; Invalidate (fed from the
// contract's events) drops one early. A hub reads its inbound channel on
// every forwarded voucher: the cache keeps that off the RPC path, and the
// deposit check stays safe because the hub's own state (reservations and
// latest vouchers) bounds what it promises, not the cached read alone.
type CachedChain struct {
	Chain Chain
	TTL   time.Duration
	Now   func() time.Time

	cache contracts.ChannelCache[*protocol.ChainChannel]
}

// NewCachedChain wraps c (ttl <= 0: 5 s).
func NewCachedChain(c Chain, ttl time.Duration) *CachedChain {
	if ttl <= 0 {
		ttl = 5 * time.Second
	}
	return &CachedChain{Chain: c, TTL: ttl, Now: time.Now}
}

// Channel implements Chain from the cache when fresh.
func (c *CachedChain) Channel(ctx context.Context, id protocol.Element) (*protocol.ChainChannel, error) {
	now := c.Now()
	if ch, ok := c.cache.Get(id, now, c.TTL); ok {
		return ch, nil
	}
	ch, err := c.Chain.Channel(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read channel %s: %w", id, err)
	}
	c.cache.Put(id, ch, now)
	return ch, nil
}

// Invalidate drops a cached channel.
func (c *CachedChain) Invalidate(id protocol.Element) { c.cache.Invalidate(id) }

// HandleEvent drops what a contract event makes stale (everything on a
// reorg).
func (c *CachedChain) HandleEvent(ev contracts.Event) { c.cache.HandleEvent(ev) }
