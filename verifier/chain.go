package verifier

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// ChainSource is the chain the verifier binds attestations to: the
// ChannelManager whose channels it accepts (contracts.ChannelSource is
// the implementation over JSON-RPC). The verifier defines it so that it
// depends on no chain client.
type ChainSource interface {
	// Channel reads a channel. A channel the contract does not have is an
	// error matching protocol.ErrUnknownChannel; any other error means
	// the chain could not be read (the attestation is refused as
	// retryable, never accepted blind).
	Channel(ctx context.Context, id protocol.Element) (*protocol.ChainChannel, error)
}

// ChainWatcher is optionally implemented by a ChainSource: it reports
// which channels changed (opened, topped up, withdrawn from, payee
// changed, closing, closed), or reorg when a seen block was replaced, until
// ctx ends. The service drops what it cached for them.
type ChainWatcher interface {
	WatchChannels(ctx context.Context, changed func(id protocol.Element), reorg func()) error
}

// Chain cache defaults.
const (
	DefaultChainCacheTTL = 30 * time.Second
	DefaultChainTimeout  = 5 * time.Second
	// unknownTTL bounds how long "not on chain" is believed without an
	// event: a channel opened a moment ago must not stay refused for a
	// whole TTL when no watcher runs.
	unknownTTL = 5 * time.Second
	// maxChainCache bounds the cache: submissions naming random channel
	// ids (each a cache miss) must not grow it without end.
	maxChainCache = 1 << 16
)

// chainCache caches channel reads. Safe for concurrent use.
type chainCache struct {
	src     ChainSource
	ttl     time.Duration
	timeout time.Duration
	now     func() time.Time

	mu    sync.Mutex
	gen   uint64 // bumped by every invalidation: a read that raced one is not cached
	cache map[protocol.Element]chainEntry
}

type chainEntry struct {
	ch *protocol.ChainChannel // nil: not on chain
	at time.Time
}

func newChainCache(src ChainSource, ttl, timeout time.Duration, now func() time.Time) *chainCache {
	return &chainCache{src: src, ttl: ttl, timeout: timeout, now: now, cache: map[protocol.Element]chainEntry{}}
}

// channel returns the channel's on-chain record, nil if it is not on
// chain, or an error if the chain cannot be read.
func (c *chainCache) channel(ctx context.Context, id protocol.Element) (*protocol.ChainChannel, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.cache[id]
	gen := c.gen
	c.mu.Unlock()
	if ok {
		ttl := c.ttl
		if e.ch == nil {
			ttl = min(ttl, unknownTTL)
		}
		if now.Sub(e.at) < ttl {
			return e.ch, nil
		}
	}
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ch, err := c.src.Channel(rctx, id)
	switch {
	case errors.Is(err, protocol.ErrUnknownChannel):
		ch = nil
	case err != nil:
		return nil, err
	case ch == nil || ch.State == protocol.ChainNone:
		ch = nil
	}
	c.mu.Lock()
	if c.gen == gen { // no event arrived while reading: the read is current
		if len(c.cache) >= maxChainCache {
			clear(c.cache)
		}
		c.cache[id] = chainEntry{ch: ch, at: now}
	}
	c.mu.Unlock()
	return ch, nil
}

func (c *chainCache) invalidate(id protocol.Element) {
	c.mu.Lock()
	delete(c.cache, id)
	c.gen++
	c.mu.Unlock()
}

func (c *chainCache) invalidateAll() {
	c.mu.Lock()
	clear(c.cache)
	c.gen++
	c.mu.Unlock()
}

// checkOnChain binds a signed attestation to the chain: its channel is on
// the contract, the signer is the channel's miner or its payee (the
// miner's Owner), and the proof's receipt key hash is the channel's. It
// returns the miner the channel's bytes count for.
func (s *Service) checkOnChain(ctx context.Context, channel protocol.Element, signer common.Address, keyHash protocol.Element) (common.Address, error) {
	ch, err := s.chain.channel(ctx, channel)
	if err != nil {
		if ctx.Err() != nil && s.ctx.Err() != nil {
			return common.Address{}, reject(ReasonUnavailable, "verifier stopping")
		}
		s.log.Warn("chain read failed", "channel", elementHex(channel), "err", err)
		return common.Address{}, &Error{Reason: ReasonChainUnavailable, Detail: fmt.Sprintf("reading channel %s: %v", elementHex(channel), err),
			cause: err}
	}
	if ch == nil {
		return common.Address{}, &Error{Reason: ReasonOffchainChannel, Detail: fmt.Sprintf("channel %s is not on the contract", elementHex(channel)),
			cause: &protocol.VoucherError{Rule: protocol.ErrUnknownChannel, Got: channel}}
	}
	if signer != ch.Miner && (ch.Payee == (common.Address{}) || signer != ch.Payee) {
		return common.Address{}, &Error{Reason: ReasonWrongMiner,
			Detail: fmt.Sprintf("submitted by %s; channel %s is with miner %s, paying %s", signer.Hex(), elementHex(channel), ch.Miner.Hex(), ch.Payee.Hex()),
			cause:  &protocol.VoucherError{Rule: protocol.ErrWrongMiner, Got: signer, Want: ch.Miner, Source: "on chain"}}
	}
	if keyHash != ch.KeyHash {
		return common.Address{}, &Error{Reason: ReasonWrongKeyHash,
			Detail: fmt.Sprintf("proof's receipt key hash %s, channel's %s", elementHex(keyHash), elementHex(ch.KeyHash)),
			cause:  &protocol.VoucherError{Rule: protocol.ErrWrongReceiptKey, Got: keyHash, Want: ch.KeyHash, Source: "on chain"}}
	}
	return ch.Miner, nil
}

// watchChain feeds the cache with the source's change events, restarting
// the watch (with a pause) if it fails, until the service stops.
func (s *Service) watchChain(w ChainWatcher) {
	defer s.bg.Done()
	for s.ctx.Err() == nil {
		err := w.WatchChannels(s.ctx, s.chain.invalidate, func() {
			s.log.Warn("chain reorg: dropping cached channels")
			s.chain.invalidateAll()
		})
		if s.ctx.Err() != nil {
			return
		}
		// Events may have been missed: nothing cached is trusted.
		s.chain.invalidateAll()
		s.log.Warn("chain watch ended, restarting", "err", err)
		select {
		case <-s.ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
}
