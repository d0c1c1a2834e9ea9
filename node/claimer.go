package node

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// LaneClaimerOptions configures a LaneClaimer.
type LaneClaimerOptions struct {
	Manager *contracts.Manager // required
	// Key pays the gas (a hub's key; the payee of the claimed channels is
	// paid whoever sends).
	Key *ecdsa.PrivateKey
	// Claims returns the latest lane voucher held on each inbound lane
	// (e.g. a hub's latest inbound voucher per route); required.
	Claims func(ctx context.Context) ([]protocol.LaneVoucher, error)
	// StateDir holds the claimer's journal (required).
	StateDir string
	// Watch configures the event watcher the preimages are read from.
	Watch        contracts.WatchOptions
	PollInterval time.Duration // Run's pace (default DefaultSettlePoll)
	Log          *slog.Logger
}

// LaneClaimer withdraws inbound lane vouchers once the chain opens their
// locks: the proof lock when an earlier claim downstream (or anyone's
// proveTarget) proved enough bytes for the voucher's target, the hash
// lock with a preimage it learned, from the chain's PreimageRevealed
// events or from the hop below (Learn). It needs no proof of its own: a
// hub claims with the miner's. Each claim is journaled (intent, sent,
// done) under the lane's key (protocol.LaneTarget of its channel and
// lane); the lane's nonce on chain tells a restart it is done, and the
// watcher reads the preimages again from its first block.
type LaneClaimer struct {
	opts    LaneClaimerOptions
	j       *journal
	watcher *contracts.Watcher

	mu        sync.Mutex
	preimages map[common.Hash][32]byte
	claimed   int
}

// NewLaneClaimer checks opts and opens the journal and the watcher.
func NewLaneClaimer(opts LaneClaimerOptions) (*LaneClaimer, error) {
	if opts.Manager == nil || opts.Key == nil || opts.Claims == nil || opts.StateDir == "" {
		return nil, fmt.Errorf("%w: a lane claimer needs a manager, a key, its claims and a state directory", ErrConfig)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultSettlePoll
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Watch.Log == nil {
		opts.Watch.Log = opts.Log
	}
	j, err := openJournal(opts.StateDir)
	if err != nil {
		return nil, err
	}
	return &LaneClaimer{opts: opts, j: j, watcher: opts.Manager.Watch(opts.Watch), preimages: map[common.Hash][32]byte{}}, nil
}

// Close releases the journal.
func (c *LaneClaimer) Close() error { return c.j.close() }

// Learn records a preimage learned off chain (from the next hop).
func (c *LaneClaimer) Learn(preimage [32]byte) {
	c.mu.Lock()
	c.preimages[protocol.HashLockOf(preimage)] = preimage
	c.mu.Unlock()
}

// Claimed is how many lane withdrawals this claimer sent.
func (c *LaneClaimer) Claimed() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.claimed
}

// Run claims until ctx ends.
func (c *LaneClaimer) Run(ctx context.Context) error {
	return pollLoop(ctx, c.opts.PollInterval, nil, c.Step, c.opts.Log, "lane claimer step")
}

// Step reads new events (preimages) and claims every lane whose locks are
// open and that the chain has not settled at its nonce yet. A voucher
// past its expiry is left (it can no longer pay).
func (c *LaneClaimer) Step(ctx context.Context) error {
	evs, perr := c.watcher.Poll(ctx)
	c.mu.Lock()
	for _, ev := range evs {
		if ev.Kind == contracts.EventPreimageRevealed && protocol.HashLockOf(ev.Preimage) == ev.HashLock {
			c.preimages[ev.HashLock] = ev.Preimage
		}
	}
	c.mu.Unlock()
	claims, err := c.opts.Claims(ctx)
	if err != nil {
		return errors.Join(perr, err)
	}
	h, err := c.opts.Manager.Chain().Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return errors.Join(perr, fmt.Errorf("%w: head: %w", ErrChainUnavailable, err))
	}
	now := h.Time
	errs := []error{perr}
	for i := range claims {
		if err := c.claim(ctx, &claims[i], now); err != nil {
			errs = append(errs, fmt.Errorf("lane %d of %s: %w", claims[i].Lane, claims[i].ChannelID, err))
		}
	}
	return errors.Join(errs...)
}

func (c *LaneClaimer) claim(ctx context.Context, v *protocol.LaneVoucher, now uint64) error {
	key := protocol.LaneTarget(v.ChannelID, v.Lane)
	if jr, ok := c.j.get(key); ok && jr.Phase == PhaseDone && jr.Nonce >= v.Nonce {
		return nil
	}
	if v.ValidUntil != 0 && now > v.ValidUntil {
		return nil // expired: nothing can open it any more
	}
	var pre [32]byte
	if v.HashLock != (common.Hash{}) {
		c.mu.Lock()
		p, ok := c.preimages[v.HashLock]
		c.mu.Unlock()
		if !ok {
			return nil // not revealed yet
		}
		pre = p
	}
	proven, err := c.opts.Manager.ProvenBytes(ctx, v.Target, v.TargetKeyHash)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	if proven < v.CumulativeBytes {
		return nil // the proof lock is not open yet
	}
	done := func(l *protocol.ChainLane) error {
		return c.j.record(JournalRecord{Channel: key, Nonce: v.Nonce, Phase: PhaseDone, Reason: fmt.Sprintf("settled on chain at nonce %d", l.Nonce)})
	}
	l, err := c.opts.Manager.LaneOf(ctx, v.ChannelID, v.Lane)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	if l.Nonce >= v.Nonce {
		return done(l)
	}
	if err := c.j.record(JournalRecord{Channel: key, Nonce: v.Nonce, Phase: PhaseSent, Reason: "locks open"}); err != nil {
		return err
	}
	rcpt, err := c.opts.Manager.WithdrawLane(ctx, c.opts.Key, v, pre, protocol.Element{}, nil)
	if errors.Is(err, contracts.ErrStaleNonce) {
		if l, cerr := c.opts.Manager.LaneOf(ctx, v.ChannelID, v.Lane); cerr == nil && l.Nonce >= v.Nonce {
			return done(l)
		}
	}
	if err != nil {
		return fmt.Errorf("withdraw lane nonce %d: %w", v.Nonce, err)
	}
	c.mu.Lock()
	c.claimed++
	c.mu.Unlock()
	c.opts.Log.Info("lane claimed", "channel", v.ChannelID, "lane", v.Lane, "nonce", v.Nonce, "amount_wei", v.CumulativeAmount,
		"bytes", v.CumulativeBytes, "tx", rcpt.TxHash)
	return c.j.record(JournalRecord{Channel: key, Nonce: v.Nonce, Phase: PhaseDone, Reason: "claimed", TxHash: rcpt.TxHash, GasUsed: rcpt.GasUsed})
}
