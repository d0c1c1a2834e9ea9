package contracts

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/bwproof/bwproof/protocol"
)

// ChannelSourceOptions configures a ChannelSource.
type ChannelSourceOptions struct {
	// Confirmations: channels are read at this many blocks below the head
	// (0: at the head), so that what a reader accepts on their strength
	// (an attestation) does not rest on a block a reorg may remove.
	Confirmations uint64
	// PollInterval paces the event watch (default 2 s).
	PollInterval time.Duration
	Log          *slog.Logger
}

// ChannelSource is a read-only view of a ChannelManager's channels in
// the shape protocol.CheckVoucher and the verifier service
// (verifier.ChainSource, verifier.ChainWatcher) take them. Safe for
// concurrent use (WatchChannels runs one Watcher of its own).
type ChannelSource struct {
	m    *Manager
	opts ChannelSourceOptions
}

// NewChannelSource returns a view of m's channels.
func NewChannelSource(m *Manager, opts ChannelSourceOptions) *ChannelSource {
	if opts.PollInterval <= 0 {
		opts.PollInterval = 2 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &ChannelSource{m: m, opts: opts}
}

// Channel reads channel id at the confirmed head. A channel the contract
// does not have is an error matching protocol.ErrUnknownChannel (and
// ErrUnknownChannel); any other error is the chain's.
func (s *ChannelSource) Channel(ctx context.Context, id protocol.Element) (*protocol.ChainChannel, error) {
	opts := &bind.CallOpts{Context: ctx}
	if c := s.opts.Confirmations; c > 0 {
		head, err := s.m.chain.backend.HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("contracts: head: %w", err)
		}
		n := head.Number.Uint64()
		if n < c {
			return nil, fmt.Errorf("channel %s: %w", id, &protocol.VoucherError{Rule: protocol.ErrUnknownChannel, Got: id,
				Cause: &RevertError{Name: ErrUnknownChannel.Name}})
		}
		opts.BlockNumber = new(big.Int).SetUint64(n - c)
	}
	c, err := bind.Call(s.m.inst, opts, s.m.cm.PackGetChannel(id.Big()), s.m.cm.UnpackGetChannel)
	if err != nil {
		return nil, fmt.Errorf("get channel %s: %w", id, s.m.dec.decode(err))
	}
	if State(c.State) == StateNone {
		return nil, fmt.Errorf("channel %s: %w", id, &protocol.VoucherError{Rule: protocol.ErrUnknownChannel, Got: id,
			Cause: &RevertError{Name: ErrUnknownChannel.Name}})
	}
	kh, err := protocol.ElementFromBig(c.ClientProofKeyHash)
	if err != nil {
		return nil, fmt.Errorf("channel %s: key hash: %w", id, err)
	}
	ch := &Channel{ID: id, Client: c.Client, State: State(c.State), Miner: c.Miner, Payee: c.Payee,
		PricePerByte: c.PricePerByte, Nonce: c.Nonce, Withdrawn: c.Withdrawn, Deposit: c.Deposit,
		KeyHash: kh, Funder: c.Funder}
	if c.ChallengePeriod <= uint64(math.MaxInt64/int64(time.Second)) {
		ch.ChallengePeriod = time.Duration(c.ChallengePeriod) * time.Second
	}
	if c.ClosesAt != 0 && c.ClosesAt <= math.MaxInt64 {
		ch.ClosesAt = time.Unix(int64(c.ClosesAt), 0).UTC()
	}
	return ch.OnChain(s.m.Domain()), nil
}

// WatchChannels reports every channel an event touches (changed) and
// every reorg, from the current head on, until ctx ends; RPC failures are
// retried with backoff (Watcher.Run). Events are delivered at once (no
// confirmations): they only tell a cache to re-read.
func (s *ChannelSource) WatchChannels(ctx context.Context, changed func(id protocol.Element), reorg func()) error {
	head, err := s.m.chain.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("contracts: head: %w", err)
	}
	w := s.m.Watch(WatchOptions{FromBlock: head.Number.Uint64(), PollInterval: s.opts.PollInterval, Log: s.opts.Log})
	return w.Run(ctx, func(ev Event) {
		if ev.Kind == EventReorg {
			reorg()
			return
		}
		changed(ev.Channel)
	}, nil)
}
