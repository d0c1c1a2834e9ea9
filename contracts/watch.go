package contracts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/protocol"
)

// EventKind names a ChannelManager event (or EventReorg).
type EventKind string

// The events a Watcher delivers.
const (
	EventOpened       EventKind = "ChannelOpened"
	EventToppedUp     EventKind = "ToppedUp"
	EventWithdrawn    EventKind = "Withdrawn"
	EventPayeeChanged EventKind = "PayeeChanged"
	EventCloseStarted EventKind = "CloseStarted"
	EventClosed       EventKind = "ChannelClosed"
	// EventLaneWithdrawn: a lane voucher was settled (Channel, Lane, Nonce,
	// CumulativeAmt, CumulativeBytes, Target).
	EventLaneWithdrawn EventKind = "LaneWithdrawn"
	// EventProven: a proof raised the bytes proven for (Target, KeyHash)
	// to CumulativeBytes (Nonce is the proven receipt's). Channel is zero.
	EventProven EventKind = "Proven"
	// EventPreimageRevealed: Preimage of HashLock is public (first reveal
	// only). Channel is zero.
	EventPreimageRevealed EventKind = "PreimageRevealed"
	// EventReorg says a block the watcher had seen was replaced (Block is
	// the first one): whatever was derived from events at or after it must
	// be re-read from the chain. The events of the new branch follow.
	EventReorg EventKind = "Reorg"
)

// Event is one decoded ChannelManager log. Only the fields of its Kind are
// set.
type Event struct {
	Kind      EventKind        `json:"kind"`
	Channel   protocol.Element `json:"channel"`
	Block     uint64           `json:"block"`
	BlockHash common.Hash      `json:"block_hash"`
	TxHash    common.Hash      `json:"tx_hash"`
	Index     uint             `json:"log_index"`

	By              common.Address   `json:"by,omitzero"`     // CloseStarted, ChannelClosed
	Client          common.Address   `json:"client,omitzero"` // ChannelOpened
	Miner           common.Address   `json:"miner,omitzero"`
	Funder          common.Address   `json:"funder,omitzero"`
	Payee           common.Address   `json:"payee,omitzero"` // ChannelOpened, PayeeChanged
	KeyHash         protocol.Element `json:"key_hash,omitzero"`
	PricePerByte    *big.Int         `json:"price_per_byte,omitempty"`
	ChallengePeriod time.Duration    `json:"challenge_period,omitempty"`
	Deposit         *big.Int         `json:"deposit,omitempty"` // ChannelOpened, ToppedUp (new total)
	Amount          *big.Int         `json:"amount,omitempty"`  // ToppedUp
	Nonce           uint64           `json:"nonce,omitempty"`   // Withdrawn, LaneWithdrawn, Proven
	CumulativeAmt   *big.Int         `json:"cumulative_amount,omitempty"`
	CumulativeBytes uint64           `json:"cumulative_bytes,omitempty"`
	ClosesAt        time.Time        `json:"closes_at,omitzero"` // CloseStarted
	MinerTotal      *big.Int         `json:"miner_total,omitempty"`
	Refund          *big.Int         `json:"refund,omitempty"`
	Lane            uint32           `json:"lane,omitempty"`     // LaneWithdrawn
	Target          protocol.Element `json:"target,omitzero"`    // LaneWithdrawn, Proven
	HashLock        common.Hash      `json:"hash_lock,omitzero"` // PreimageRevealed
	Preimage        common.Hash      `json:"preimage,omitzero"`  // PreimageRevealed
}

// WatchOptions configures a Watcher.
type WatchOptions struct {
	// Confirmations is how many blocks an event must be under the head
	// before it is delivered (0: at once).
	Confirmations uint64
	// FromBlock is the first block scanned.
	FromBlock uint64
	// MaxRange bounds the blocks one eth_getLogs covers (default 2000).
	MaxRange uint64
	// ReorgWindow is how far below the scanned head seen blocks are
	// re-checked for replacement (default 128).
	ReorgWindow uint64
	// PollInterval is Run's pace (default 2 s); failures back off up to
	// 16 times it.
	PollInterval time.Duration
	Log          *slog.Logger
}

// Watcher polls a ChannelManager's logs over JSON-RPC (eth_getLogs by
// block range), decodes them with the abigen bindings, and notices reorgs:
// it remembers the hash of every block it delivered events from (and of
// the last block it scanned) and, when one changes, reports EventReorg and
// scans again from there. Not safe for concurrent use.
type Watcher struct {
	m    *Manager
	opts WatchOptions
	ids  []common.Hash
	next uint64
	seen map[uint64]common.Hash
}

// Watch returns a Watcher of m's events.
func (m *Manager) Watch(opts WatchOptions) *Watcher {
	if opts.MaxRange == 0 {
		opts.MaxRange = 2000
	}
	if opts.ReorgWindow == 0 {
		opts.ReorgWindow = 128
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 2 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	a := m.cm.GetABI()
	var ids []common.Hash
	for _, k := range []EventKind{EventOpened, EventToppedUp, EventWithdrawn, EventPayeeChanged, EventCloseStarted, EventClosed,
		EventLaneWithdrawn, EventProven, EventPreimageRevealed} {
		ids = append(ids, a.Events[string(k)].ID)
	}
	return &Watcher{m: m, opts: opts, ids: ids, next: opts.FromBlock, seen: map[uint64]common.Hash{}}
}

// Next is the first block the next Poll scans.
func (w *Watcher) Next() uint64 { return w.next }

// Poll scans the confirmed blocks not scanned yet and returns their
// events in chain order, preceded by an EventReorg if a seen block changed.
func (w *Watcher) Poll(ctx context.Context) ([]Event, error) {
	b := w.m.chain.backend
	head, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("contracts: head: %w", err)
	}
	var out []Event
	if n, changed, err := w.checkSeen(ctx); err != nil {
		return nil, err
	} else if changed {
		w.opts.Log.Warn("reorg: seen block replaced, re-scanning", "block", n)
		for k := range w.seen {
			if k >= n {
				delete(w.seen, k)
			}
		}
		w.next = min(w.next, n)
		out = append(out, Event{Kind: EventReorg, Block: n})
	}
	top := head.Number.Uint64()
	if top < w.opts.Confirmations {
		return out, nil
	}
	safe := top - w.opts.Confirmations
	for w.next <= safe {
		to := min(safe, w.next+w.opts.MaxRange-1)
		logs, err := b.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(w.next),
			ToBlock: new(big.Int).SetUint64(to), Addresses: []common.Address{w.m.Address()}, Topics: [][]common.Hash{w.ids}})
		if err != nil {
			return out, fmt.Errorf("contracts: logs %d..%d: %w", w.next, to, err)
		}
		for i := range logs {
			l := &logs[i]
			if l.Removed || l.Address != w.m.Address() {
				continue
			}
			ev, err := w.m.decodeEvent(l)
			if err != nil {
				w.opts.Log.Warn("undecodable ChannelManager log", "block", l.BlockNumber, "tx", l.TxHash, "err", err)
				continue
			}
			w.seen[l.BlockNumber] = l.BlockHash
			out = append(out, *ev)
		}
		h, err := b.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
		if err != nil {
			return out, fmt.Errorf("contracts: header %d: %w", to, err)
		}
		w.seen[to] = h.Hash()
		w.next = to + 1
	}
	for k := range w.seen { // bounded: only the reorg window is re-checked
		if k+w.opts.ReorgWindow < safe {
			delete(w.seen, k)
		}
	}
	return out, nil
}

// checkSeen returns the lowest seen block whose hash changed.
func (w *Watcher) checkSeen(ctx context.Context) (uint64, bool, error) {
	nums := make([]uint64, 0, len(w.seen))
	for n := range w.seen {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	for _, n := range nums {
		h, err := w.m.chain.backend.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if errors.Is(err, ethereum.NotFound) {
			return n, true, nil // the chain got shorter
		}
		if err != nil {
			return 0, false, fmt.Errorf("contracts: header %d: %w", n, err)
		}
		if h.Hash() != w.seen[n] {
			return n, true, nil
		}
	}
	return 0, false, nil
}

// Run polls every PollInterval and hands each event to handle until ctx
// ends. RPC failures are logged and retried with backoff (up to 16 ×
// PollInterval); onErr, when set, hears of each.
func (w *Watcher) Run(ctx context.Context, handle func(Event), onErr func(error)) error {
	wait := time.Duration(0)
	fails := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		evs, err := w.Poll(ctx)
		for _, ev := range evs {
			handle(ev)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fails++
			w.opts.Log.Warn("polling chain events failed", "err", err, "failures", fails)
			if onErr != nil {
				onErr(err)
			}
			wait = w.opts.PollInterval << min(fails, 4)
			continue
		}
		fails, wait = 0, w.opts.PollInterval
	}
}

func (m *Manager) decodeEvent(l *types.Log) (*Event, error) {
	ev := &Event{Block: l.BlockNumber, BlockHash: l.BlockHash, TxHash: l.TxHash, Index: l.Index}
	var id *big.Int
	cm := m.cm
	if len(l.Topics) == 0 {
		return nil, errors.New("log without topics")
	}
	a := cm.GetABI()
	switch l.Topics[0] {
	case a.Events[string(EventOpened)].ID:
		e, err := cm.UnpackChannelOpenedEvent(l)
		if err != nil {
			return nil, err
		}
		kh, err := protocol.ElementFromBig(e.ClientProofKeyHash)
		if err != nil {
			return nil, err
		}
		ev.Kind, id, ev.Client, ev.Miner, ev.Funder, ev.Payee = EventOpened, e.ChannelId, e.Client, e.Miner, e.Funder, e.Payee
		ev.KeyHash, ev.PricePerByte, ev.Deposit = kh, e.PricePerByte, e.Deposit
		if e.ChallengePeriod <= uint64(math.MaxInt64/int64(time.Second)) {
			ev.ChallengePeriod = time.Duration(e.ChallengePeriod) * time.Second
		}
	case a.Events[string(EventToppedUp)].ID:
		e, err := cm.UnpackToppedUpEvent(l)
		if err != nil {
			return nil, err
		}
		ev.Kind, id, ev.Amount, ev.Deposit = EventToppedUp, e.ChannelId, e.Amount, e.Deposit
	case a.Events[string(EventWithdrawn)].ID:
		e, err := cm.UnpackWithdrawnEvent(l)
		if err != nil {
			return nil, err
		}
		ev.Kind, id, ev.Nonce, ev.CumulativeAmt, ev.CumulativeBytes = EventWithdrawn, e.ChannelId, e.Nonce, e.CumulativeAmount, e.CumulativeBytes
	case a.Events[string(EventPayeeChanged)].ID:
		e, err := cm.UnpackPayeeChangedEvent(l)
		if err != nil {
			return nil, err
		}
		ev.Kind, id, ev.Payee = EventPayeeChanged, e.ChannelId, e.Payee
	case a.Events[string(EventCloseStarted)].ID:
		e, err := cm.UnpackCloseStartedEvent(l)
		if err != nil {
			return nil, err
		}
		ev.Kind, id, ev.By = EventCloseStarted, e.ChannelId, e.By
		if e.ClosesAt <= math.MaxInt64 {
			ev.ClosesAt = time.Unix(int64(e.ClosesAt), 0).UTC()
		}
	case a.Events[string(EventClosed)].ID:
		e, err := cm.UnpackChannelClosedEvent(l)
		if err != nil {
			return nil, err
		}
		ev.Kind, id, ev.By, ev.MinerTotal, ev.Refund = EventClosed, e.ChannelId, e.By, e.MinerTotal, e.Refund
	case a.Events[string(EventLaneWithdrawn)].ID:
		e, err := cm.UnpackLaneWithdrawnEvent(l)
		if err != nil {
			return nil, err
		}
		if ev.Target, err = protocol.ElementFromBig(e.Target); err != nil {
			return nil, fmt.Errorf("%s: target: %w", EventLaneWithdrawn, err)
		}
		ev.Kind, id, ev.Lane, ev.Nonce, ev.CumulativeAmt, ev.CumulativeBytes = EventLaneWithdrawn, e.ChannelId, e.Lane, e.Nonce, e.CumulativeAmount, e.CumulativeBytes
	case a.Events[string(EventProven)].ID:
		e, err := cm.UnpackProvenEvent(l)
		if err != nil {
			return nil, err
		}
		if ev.Target, err = protocol.ElementFromBig(e.Target); err != nil {
			return nil, fmt.Errorf("%s: target: %w", EventProven, err)
		}
		if ev.KeyHash, err = protocol.ElementFromBig(e.KeyHash); err != nil {
			return nil, fmt.Errorf("%s: key hash: %w", EventProven, err)
		}
		c, err := protocol.ElementFromBig(e.Counters)
		if err != nil {
			return nil, fmt.Errorf("%s: counters: %w", EventProven, err)
		}
		ev.Nonce, ev.CumulativeBytes, _ = protocol.UnpackCounters(c)
		ev.Kind = EventProven
		return ev, nil // no channel
	case a.Events[string(EventPreimageRevealed)].ID:
		e, err := cm.UnpackPreimageRevealedEvent(l)
		if err != nil {
			return nil, err
		}
		ev.Kind, ev.HashLock, ev.Preimage = EventPreimageRevealed, e.HashLock, e.Preimage
		return ev, nil // no channel
	default:
		return nil, fmt.Errorf("unknown event %s", l.Topics[0])
	}
	ch, err := protocol.ElementFromBig(id)
	if err != nil {
		return nil, fmt.Errorf("%s: channel id: %w", ev.Kind, err)
	}
	ev.Channel = ch
	return ev, nil
}
