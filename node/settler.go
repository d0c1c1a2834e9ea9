package node

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

// Settler defaults.
const (
	DefaultSettlePoll  = 2 * time.Second
	DefaultMaxBackoff  = time.Minute
	defaultBaseBackoff = time.Second
)

// SettlerOptions configures a Settler.
type SettlerOptions struct {
	Manager *contracts.Manager // required
	// Key is the miner's key: it pays the withdrawal gas and signs
	// verifier submissions (required).
	Key    *ecdsa.PrivateKey
	Ledger *challenge.Ledger // the miner's accepted steps (required)
	Keys   *attest.Keys      // proving key set (required)
	// BatchKeys, when set (same window as Keys) and the contract has a
	// batch verifier of the same K, lets one Step settle the channels of
	// one payee that are due together: one batch proof, one withdrawBatch
	// transaction per K channels. A channel whose on-chain batch tag is not
	// circuits.BatchTag of its id and receipt key (the Attestor.BatchTag)
	// is withdrawn alone, and so is a batch that fails.
	BatchKeys *attest.BatchKeys
	// Verifier, when set, gets every attestation before it is withdrawn.
	Verifier *verifier.Client
	// StateDir holds the journal and the proofs made (required).
	StateDir string
	Policy   AutoSettle
	// GasPrice is the gas price source; default the chain's backend.
	GasPrice GasPricer
	// Channels, when set, is told of every event (cache refresh).
	Channels *ChainChannels
	// Watch configures the event watcher (confirmations, first block).
	Watch contracts.WatchOptions
	// PollInterval paces Run (default DefaultSettlePoll); a failed
	// settlement is retried with backoff from 1 s up to MaxBackoff
	// (default DefaultMaxBackoff).
	PollInterval time.Duration
	MaxBackoff   time.Duration
	Log          *slog.Logger
	// Hooks are called at the settlement's durable points (tests stop
	// the process there).
	Hooks *SettlerHooks
}

// SettlerHooks observe a settlement.
type SettlerHooks struct {
	AfterIntent func(id protocol.Element, nonce uint64) // intent journaled, nothing sent
	AfterSend   func(id protocol.Element, nonce uint64) // withdrawal mined, not yet journaled done
}

// Settler proves and withdraws the miner's vouchers by itself: on
// CloseStarted for one of its channels, at the AutoSettle threshold, and
// before a challenge deadline. Its intent is journaled (fsynced) before
// anything is sent, and the chain is checked before every send (settled
// nonce ≥ ours means done), so a restart, even after kill -9, finishes
// each settlement exactly once.
type Settler struct {
	opts    SettlerOptions
	addr    common.Address
	j       *journal
	watcher *contracts.Watcher

	mu      sync.Mutex
	status  Status
	chans   map[protocol.Element]*ChannelStatus
	retry   map[protocol.Element]retryState
	lastWhy map[protocol.Element]string
	atRisk  map[protocol.Element]bool
}

type retryState struct {
	fails int
	next  time.Time
}

// NewSettler checks opts, opens the journal and the event watcher.
func NewSettler(opts SettlerOptions) (*Settler, error) {
	if opts.Manager == nil || opts.Key == nil || opts.Ledger == nil || opts.Keys == nil || opts.StateDir == "" {
		return nil, fmt.Errorf("%w: a settler needs a manager, a key, a ledger, a proving key set and a state directory", ErrConfig)
	}
	if opts.Keys.PK == nil || opts.Keys.CS == nil {
		return nil, fmt.Errorf("%w: the key set was loaded for verification only", ErrConfig)
	}
	if bk := opts.BatchKeys; bk != nil && (bk.PK == nil || bk.CS == nil || bk.VK == nil || bk.Shape != opts.Keys.Shape || bk.Slots < 2) {
		return nil, fmt.Errorf("%w: batch key set: needs proving and verifying keys, the window of the key set and K ≥ 2", ErrConfig)
	}
	if opts.GasPrice == nil {
		opts.GasPrice = opts.Manager.Chain().Backend()
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultSettlePoll
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
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
	s := &Settler{opts: opts, addr: crypto.PubkeyToAddress(opts.Key.PublicKey), j: j, watcher: opts.Manager.Watch(opts.Watch),
		chans: map[protocol.Element]*ChannelStatus{}, retry: map[protocol.Element]retryState{},
		lastWhy: map[protocol.Element]string{}, atRisk: map[protocol.Element]bool{}}
	s.status.GasWei = new(big.Int)
	if p := j.pending(); len(p) > 0 {
		opts.Log.Info("settler resuming", "pending", len(p))
	}
	return s, nil
}

// Close releases the journal.
func (s *Settler) Close() error { return s.j.close() }

// Run watches events and settles until ctx ends.
func (s *Settler) Run(ctx context.Context) error {
	return pollLoop(ctx, s.opts.PollInterval, nil, s.Step, s.opts.Log, "settler step")
}

// pollLoop runs step every interval, and at once on a kick (nil: none),
// until ctx ends; a failed step is logged and retried at the next tick.
func pollLoop(ctx context.Context, every time.Duration, kick <-chan struct{}, step func(context.Context) error, log *slog.Logger, what string) error {
	t := time.NewTimer(every)
	defer t.Stop()
	for {
		if err := step(ctx); err != nil && ctx.Err() == nil {
			log.Warn(what, "err", err)
		}
		t.Reset(every)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-kick: // nil: only the timer
		}
	}
}

// Step polls the chain's events once and then decides (and settles) every
// channel of the ledger. Errors reading the chain are counted and
// returned; the next Step retries.
func (s *Settler) Step(ctx context.Context) error {
	evs, perr := s.watcher.Poll(ctx)
	for _, ev := range evs {
		s.handle(ctx, ev)
	}
	if perr != nil {
		s.count(func(st *Status) { st.RPCFailures++ })
	}
	terr := s.tick(ctx)
	return errors.Join(perr, terr)
}

func (s *Settler) count(f func(*Status)) {
	s.mu.Lock()
	f(&s.status)
	s.mu.Unlock()
}

// ours reports whether the ledger holds the channel with this miner.
func (s *Settler) ours(id protocol.Element) bool {
	info, ok, err := s.opts.Ledger.Channel(id)
	return err == nil && ok && info.Miner == s.addr
}

func (s *Settler) handle(ctx context.Context, ev contracts.Event) {
	if s.opts.Channels != nil {
		s.opts.Channels.HandleEvent(ev)
	}
	if ev.Kind == contracts.EventReorg {
		s.opts.Log.Warn("chain reorganised: state is re-read", "block", ev.Block)
		return
	}
	if !s.ours(ev.Channel) {
		return
	}
	s.opts.Log.Info("channel event", "kind", ev.Kind, "channel", ev.Channel, "block", ev.Block)
	if ev.Kind != contracts.EventCloseStarted {
		return
	}
	latest, err := s.opts.Ledger.Latest(ev.Channel)
	if err != nil || latest == nil {
		s.opts.Log.Info("close started on a channel with nothing to settle", "channel", ev.Channel, "err", err)
		return
	}
	if r, ok := s.j.get(ev.Channel); ok && r.Nonce >= latest.Voucher.Nonce {
		return // already journaled (a restart re-reads the events)
	}
	// The intent is durable before anything else happens: a restart
	// settles this channel even if CloseStarted is never seen again.
	if err := s.j.record(JournalRecord{Channel: ev.Channel, Nonce: latest.Voucher.Nonce, Phase: PhaseIntent,
		Reason: "close started by " + ev.By.Hex(), ClosesAt: ev.ClosesAt}); err != nil {
		s.opts.Log.Error("journal", "err", err)
		return
	}
	if h := s.opts.Hooks; h != nil && h.AfterIntent != nil {
		h.AfterIntent(ev.Channel, latest.Voucher.Nonce)
	}
}

// chainNow is the head block's time: challenge periods run on it.
func (s *Settler) chainNow(ctx context.Context) (time.Time, error) {
	h, err := s.opts.Manager.Chain().Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: head: %w", ErrChainUnavailable, err)
	}
	return time.Unix(int64(h.Time), 0).UTC(), nil
}

func (s *Settler) tick(ctx context.Context) error {
	ids, err := s.opts.Ledger.Channels()
	if err != nil {
		return err
	}
	for _, r := range s.j.pending() { // journaled work first, even if the ledger lost it
		if !slices.Contains(ids, r.Channel) {
			ids = append(ids, r.Channel)
		}
	}
	now, err := s.chainNow(ctx)
	if err != nil {
		s.count(func(st *Status) { st.RPCFailures++ })
		s.alarmFromJournal(time.Now())
		return err
	}
	var gas *big.Int
	if g, err := s.opts.GasPrice.SuggestGasPrice(ctx); err == nil {
		gas = g
	} else {
		s.opts.Log.Warn("gas price unknown", "err", err)
	}
	var errs []error
	var due []dueChannel
	collect := func(d dueChannel) { due = append(due, d) }
	if s.opts.BatchKeys == nil {
		collect = nil
	}
	for _, id := range ids {
		if !s.ours(id) {
			continue
		}
		if err := s.settleIfDue(ctx, id, now, gas, collect); err != nil {
			errs = append(errs, fmt.Errorf("channel %s: %w", id, err))
		}
	}
	if len(due) > 0 {
		errs = append(errs, s.settleDue(ctx, due))
	}
	return errors.Join(errs...)
}

// dueChannel is a channel AutoSettle decided to settle now.
type dueChannel struct {
	id     protocol.Element
	latest *protocol.Step
	ch     *contracts.Channel
	reason string
}

// settleDue settles the channels due in this Step: those of one payee
// whose batch tag is registered right in batches of K (at least two
// channels a batch), the rest alone.
func (s *Settler) settleDue(ctx context.Context, due []dueChannel) error {
	bk := s.opts.BatchKeys
	var single []dueChannel
	groups := map[common.Address][]dueChannel{}
	var payees []common.Address
	if len(due) < 2 { // nothing to batch
		single, due = due, nil
	} else {
		if k, err := s.opts.Manager.BatchSlots(ctx); err != nil || k != bk.Slots {
			if err != nil {
				s.opts.Log.Warn("contract batch verifier unknown: withdrawing alone", "err", err)
			} else {
				s.opts.Log.Info("contract has no batch verifier of this K: withdrawing alone", "contract_k", k, "k", bk.Slots)
			}
			single = due
			due = nil
		}
	}
	for _, d := range due {
		if ok, why := s.batchable(ctx, d); !ok {
			s.opts.Log.Info("channel withdrawn alone", "channel", d.id, "why", why)
			single = append(single, d)
			continue
		}
		if _, seen := groups[d.ch.Payee]; !seen {
			payees = append(payees, d.ch.Payee)
		}
		groups[d.ch.Payee] = append(groups[d.ch.Payee], d)
	}
	var errs []error
	for _, p := range payees {
		g := groups[p]
		for len(g) > 0 {
			n := min(len(g), bk.Slots)
			part := g[:n]
			g = g[n:]
			if n < 2 {
				single = append(single, part...)
				continue
			}
			if err := s.settleBatch(ctx, part); err != nil {
				// A batch is atomic on chain: nothing moved. Each channel
				// is tried alone (the single path knows stale and done).
				s.opts.Log.Warn("batch settlement failed: withdrawing alone", "channels", n, "err", err)
				single = append(single, part...)
			}
		}
	}
	for _, d := range single {
		errs = append(errs, s.settleOne(ctx, d.id, d.ch, d.latest, d.reason))
	}
	return errors.Join(errs...)
}

// batchable reports whether the channel's registered batch tag is the one
// its receipt key makes (else the batch proof could not match it).
func (s *Settler) batchable(ctx context.Context, d dueChannel) (bool, string) {
	kh, err := d.latest.Receipt.PublicKey.Hash()
	if err != nil {
		return false, err.Error()
	}
	want, err := circuits.BatchTag(d.id, kh)
	if err != nil {
		return false, err.Error()
	}
	got, err := s.opts.Manager.BatchTag(ctx, d.id)
	if err != nil {
		return false, "batch tag unreadable: " + err.Error()
	}
	if got.Cmp(want) != 0 {
		return false, fmt.Sprintf("batch tag on chain %v, receipt key's %v", got, want)
	}
	return true, ""
}

// settleBatch proves the channels' latest steps in one batch proof and
// withdraws them in one transaction, journaling each channel as settle
// does (intent, sent, done), so that a restart finishes each channel
// exactly once, alone if need be.
func (s *Settler) settleBatch(ctx context.Context, part []dueChannel) error {
	steps := make([]*protocol.Step, len(part))
	for i, d := range part {
		if err := s.intend(d.id, d.latest.Voucher.Nonce, d.reason); err != nil {
			return err
		}
		steps[i] = d.latest
	}
	start := time.Now()
	a, err := attest.ProveBatch(ctx, s.opts.BatchKeys, steps)
	if err != nil {
		return fmt.Errorf("prove batch: %w", err)
	}
	s.mu.Lock()
	s.status.Proofs++
	for _, d := range part {
		if cs := s.chans[d.id]; cs != nil {
			cs.ProvenNonce, cs.ProvenBytes = d.latest.Voucher.Nonce, d.latest.Voucher.CumulativeBytes
		}
	}
	s.mu.Unlock()
	s.opts.Log.Info("proved batch", "channels", len(part), "elapsed", time.Since(start).Round(time.Millisecond))
	if vc := s.opts.Verifier; vc != nil {
		if _, err := vc.SubmitBatch(ctx, a, s.opts.Key); err != nil {
			s.opts.Log.Warn("verifier refused or unreachable", "batch", len(part), "err", err)
			s.count(func(st *Status) { st.VerifierFailures++ })
		} else {
			s.count(func(st *Status) { st.VerifierSubmissions++ })
		}
	}
	for _, d := range part {
		ch, err := s.opts.Manager.Channel(ctx, d.id)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
		}
		if ch.Nonce >= d.latest.Voucher.Nonce {
			return fmt.Errorf("channel %s settled meanwhile at nonce %d", d.id, ch.Nonce)
		}
	}
	for _, d := range part {
		if err := s.j.record(JournalRecord{Channel: d.id, Nonce: d.latest.Voucher.Nonce, Phase: PhaseSent, Reason: d.reason}); err != nil {
			return err
		}
	}
	rcpt, err := s.opts.Manager.WithdrawBatchAttestation(ctx, s.opts.Key, a)
	if err != nil {
		return fmt.Errorf("withdraw batch: %w", err)
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), rcpt.EffectiveGasPrice)
	for i, d := range part {
		if h := s.opts.Hooks; h != nil && h.AfterSend != nil {
			h.AfterSend(d.id, d.latest.Voucher.Nonce)
		}
		rec := JournalRecord{Channel: d.id, Nonce: d.latest.Voucher.Nonce, Phase: PhaseDone, Reason: d.reason + fmt.Sprintf(" (batch of %d)", len(part)),
			TxHash: rcpt.TxHash}
		if i == 0 { // the transaction's gas once, on its first channel
			rec.GasUsed, rec.GasWei = rcpt.GasUsed, fee.String()
		}
		if err := s.j.record(rec); err != nil {
			return err
		}
		s.mu.Lock()
		delete(s.retry, d.id)
		s.mu.Unlock()
		s.clearRisk(d.id)
	}
	s.mu.Lock()
	s.status.Withdrawals += len(part)
	s.status.BatchWithdrawals++
	s.status.GasUsed += rcpt.GasUsed
	s.status.GasWei.Add(s.status.GasWei, fee)
	s.mu.Unlock()
	s.opts.Log.Info("withdrawn in a batch", "channels", len(part), "tx", rcpt.TxHash, "gas", rcpt.GasUsed)
	return nil
}

// alarmFromJournal raises the alarm for journaled closes whose deadline is
// near while the chain cannot be read.
func (s *Settler) alarmFromJournal(now time.Time) {
	margin := s.margin()
	for _, r := range s.j.pending() {
		if !r.ClosesAt.IsZero() && !now.Before(r.ClosesAt.Add(-margin)) {
			s.alarm(r.Channel, "chain unreadable near a challenge deadline", "closes_at", r.ClosesAt, "nonce", r.Nonce)
		}
	}
}

func (s *Settler) margin() time.Duration {
	if s.opts.Policy.DeadlineMargin > 0 {
		return s.opts.Policy.DeadlineMargin
	}
	return DefaultDeadlineMargin
}

// alarm logs at error level and counts: a deadline is at risk.
func (s *Settler) alarm(id protocol.Element, msg string, args ...any) {
	s.opts.Log.Error("settlement alarm: "+msg, append([]any{"channel", id}, args...)...)
	s.mu.Lock()
	s.status.Alarms++
	s.atRisk[id] = true
	s.status.DeadlinesAtRisk = len(s.atRisk)
	s.mu.Unlock()
}

func (s *Settler) clearRisk(id protocol.Element) {
	s.mu.Lock()
	delete(s.atRisk, id)
	s.status.DeadlinesAtRisk = len(s.atRisk)
	s.mu.Unlock()
}

// settleIfDue decides the channel and settles it if due: now, or, when
// collect is set, by handing it to collect (the caller settles what it
// collected, in batches where it can).
func (s *Settler) settleIfDue(ctx context.Context, id protocol.Element, now time.Time, gas *big.Int, collect func(dueChannel)) error {
	if b, virtual, err := s.opts.Ledger.Virtual(id); err != nil {
		return err
	} else if virtual { // paid on a lane of another channel: withdrawLane
		return s.settleLaneIfDue(ctx, id, b, now, gas)
	}
	latest, err := s.opts.Ledger.Latest(id)
	if err != nil {
		return err
	}
	ch, err := s.opts.Manager.Channel(ctx, id)
	if err != nil {
		s.count(func(st *Status) { st.RPCFailures++ })
		s.alarmFromJournal(now)
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	cs := s.channelStatus(id, latest, ch)
	jr, journaled := s.j.get(id)
	if latest == nil || ch.Nonce >= latest.Voucher.Nonce {
		if journaled && jr.Phase != PhaseDone && ch.Nonce >= jr.Nonce {
			if err := s.j.record(JournalRecord{Channel: id, Nonce: jr.Nonce, Phase: PhaseDone, Reason: "settled on chain at nonce " + fmt.Sprint(ch.Nonce)}); err != nil {
				return err
			}
			s.opts.Log.Info("settlement found done on chain", "channel", id, "nonce", jr.Nonce, "settled", ch.Nonce)
		}
		s.clearRisk(id)
		s.setNext(cs, Decision{Reason: ReasonNothingUnsettled, Unsettled: new(big.Int), Now: now})
		return nil
	}
	if ch.State == contracts.StateClosed || (ch.State == contracts.StateClosing && !now.Before(ch.ClosesAt)) {
		s.alarm(id, "challenge period over with a newer voucher unsettled", "state", ch.State, "settled", ch.Nonce, "latest", latest.Voucher.Nonce)
		s.setNext(cs, Decision{Reason: "too late: " + ch.State.String(), Unsettled: new(big.Int).Sub(latest.Voucher.CumulativeAmount, ch.Withdrawn), Now: now})
		return nil
	}
	unsettled := new(big.Int).Sub(latest.Voucher.CumulativeAmount, ch.Withdrawn)
	d := s.opts.Policy.Decide(unsettled, ch, now, gas)
	s.setNext(cs, d)
	s.logDecision(id, latest.Voucher.Nonce, d)
	if ch.State == contracts.StateClosing && !now.Before(ch.ClosesAt.Add(-s.margin()/2)) {
		s.alarm(id, "challenge deadline at risk", "closes_at", ch.ClosesAt, "chain_time", now, "nonce", latest.Voucher.Nonce)
	}
	if !d.Settle {
		return nil
	}
	if !s.retryDue(id) {
		return nil
	}
	if collect != nil {
		collect(dueChannel{id: id, latest: latest, ch: ch, reason: d.Reason})
		return nil
	}
	return s.settleOne(ctx, id, ch, latest, d.Reason)
}

// settleOne settles one channel alone, with backoff on failure.
func (s *Settler) settleOne(ctx context.Context, id protocol.Element, ch *contracts.Channel, latest *protocol.Step, reason string) error {
	err := s.settle(ctx, id, latest, reason)
	rs := s.attempted(id, err)
	if err != nil {
		lvl := slog.LevelWarn
		if ch.State == contracts.StateClosing {
			lvl = slog.LevelError
		}
		s.opts.Log.Log(ctx, lvl, "settlement failed, will retry", "channel", id, "nonce", latest.Voucher.Nonce, "failures", rs.fails,
			"retry_at", rs.next, "err", err)
		return err
	}
	s.clearRisk(id)
	return nil
}

// retryDue reports whether id is past its backoff after failed settlements.
func (s *Settler) retryDue(id protocol.Element) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !time.Now().Before(s.retry[id].next)
}

// attempted books a settlement attempt of id: a failure doubles its
// backoff (up to MaxBackoff), a success clears it. It returns the state
// after a failure, for the log.
func (s *Settler) attempted(id protocol.Element, err error) retryState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		delete(s.retry, id)
		return retryState{}
	}
	rs := s.retry[id]
	rs.fails++
	rs.next = time.Now().Add(min(defaultBaseBackoff<<min(rs.fails-1, 10), s.opts.MaxBackoff))
	s.retry[id] = rs
	return rs
}

// intend journals the intent to settle id at nonce, first of the
// intent, sent, done records, unless the journal is already there.
func (s *Settler) intend(id protocol.Element, nonce uint64, reason string) error {
	if jr, ok := s.j.get(id); ok && jr.Nonce >= nonce {
		return nil
	}
	if err := s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseIntent, Reason: reason}); err != nil {
		return err
	}
	if h := s.opts.Hooks; h != nil && h.AfterIntent != nil {
		h.AfterIntent(id, nonce)
	}
	return nil
}

func (s *Settler) logDecision(id protocol.Element, nonce uint64, d Decision) {
	s.mu.Lock()
	changed := s.lastWhy[id] != d.Reason
	s.lastWhy[id] = d.Reason
	s.mu.Unlock()
	lvl := slog.LevelDebug
	if changed || d.Settle {
		lvl = slog.LevelInfo
	}
	s.opts.Log.Log(context.Background(), lvl, "settlement decision", "channel", id, "nonce", nonce, "settle", d.Settle, "reason", d.Reason,
		"unsettled_wei", d.Unsettled, "threshold_wei", d.Threshold, "gas_price", d.GasPrice, "max_gas_price", d.MaxGasPrice,
		"deadline", d.Deadline, "chain_time", d.Now)
}

// settle proves latest and withdraws it. Every send is preceded by a
// journal record and a look at the chain, so it is safe to call again
// after any failure or restart.
func (s *Settler) settle(ctx context.Context, id protocol.Element, latest *protocol.Step, reason string) error {
	nonce := latest.Voucher.Nonce
	if err := s.intend(id, nonce, reason); err != nil {
		return err
	}
	att, err := s.attestation(ctx, latest)
	if err != nil {
		return err
	}
	if vc := s.opts.Verifier; vc != nil {
		if _, err := vc.SubmitAttestation(ctx, att, s.opts.Key); err != nil {
			// The verifier's books are not the money: withdraw anyway.
			s.opts.Log.Warn("verifier refused or unreachable", "channel", id, "nonce", nonce, "err", err)
			s.count(func(st *Status) { st.VerifierFailures++ })
		} else {
			s.count(func(st *Status) { st.VerifierSubmissions++ })
		}
	}
	ch, err := s.opts.Manager.Channel(ctx, id)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	if ch.Nonce >= nonce {
		return s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseDone, Reason: fmt.Sprintf("settled on chain at nonce %d", ch.Nonce)})
	}
	// "sent" before the transaction: after a crash, a withdrawal may be
	// in flight; the check above and the contract's nonce rule make a
	// second one harmless (it reverts with StaleNonce).
	if err := s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseSent, Reason: reason}); err != nil {
		return err
	}
	rcpt, err := s.opts.Manager.WithdrawAttestation(ctx, s.opts.Key, &latest.Voucher, att)
	if errors.Is(err, contracts.ErrStaleNonce) {
		if ch, cerr := s.opts.Manager.Channel(ctx, id); cerr == nil && ch.Nonce >= nonce {
			return s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseDone, Reason: fmt.Sprintf("settled on chain at nonce %d", ch.Nonce)})
		}
	}
	if err != nil {
		return fmt.Errorf("withdraw nonce %d: %w", nonce, err)
	}
	if err := s.withdrawn(id, nonce, reason, rcpt); err != nil {
		return err
	}
	s.opts.Log.Info("withdrawn", "channel", id, "nonce", nonce, "amount_wei", latest.Voucher.CumulativeAmount,
		"bytes", latest.Voucher.CumulativeBytes, "tx", rcpt.TxHash, "gas", rcpt.GasUsed, "reason", reason)
	return nil
}

// withdrawn is what follows every mined withdrawal, direct or lane: the
// test hook, the "done" record with the gas paid, the status counters.
func (s *Settler) withdrawn(id protocol.Element, nonce uint64, reason string, rcpt *types.Receipt) error {
	if h := s.opts.Hooks; h != nil && h.AfterSend != nil {
		h.AfterSend(id, nonce)
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), rcpt.EffectiveGasPrice)
	if err := s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseDone, Reason: reason, TxHash: rcpt.TxHash,
		GasUsed: rcpt.GasUsed, GasWei: fee.String()}); err != nil {
		return err
	}
	s.mu.Lock()
	s.status.Withdrawals++
	s.status.GasUsed += rcpt.GasUsed
	s.status.GasWei.Add(s.status.GasWei, fee)
	s.mu.Unlock()
	return nil
}

// attestation returns the proof of step, from the state directory when a
// previous run made it (proving is the slow part).
func (s *Settler) attestation(ctx context.Context, step *protocol.Step) (*attest.Attestation, error) {
	dir := filepath.Join(s.opts.StateDir, "proofs")
	path := filepath.Join(dir, fmt.Sprintf("%x-%020d.att", step.Voucher.ChannelID[:], step.Voucher.Nonce))
	if b, err := os.ReadFile(path); err == nil && len(b) <= attest.MaxAttestationSize {
		if a, err := attest.DecodeAttestation(b); err == nil && contracts.MatchAttestation(&step.Voucher, a) == nil && a.Verify(s.opts.Keys.VK) == nil {
			return a, nil
		}
	}
	start := time.Now()
	a, err := attest.Prove(ctx, s.opts.Keys, step)
	if err != nil {
		return nil, fmt.Errorf("prove nonce %d: %w", step.Voucher.Nonce, err)
	}
	s.mu.Lock()
	s.status.Proofs++
	if cs := s.chans[step.Voucher.ChannelID]; cs != nil {
		cs.ProvenNonce, cs.ProvenBytes = step.Voucher.Nonce, step.Voucher.CumulativeBytes
	}
	s.mu.Unlock()
	s.opts.Log.Info("proved", "channel", step.Voucher.ChannelID, "nonce", step.Voucher.Nonce, "bytes", step.Voucher.CumulativeBytes,
		"elapsed", time.Since(start).Round(time.Millisecond))
	if err := os.MkdirAll(dir, 0o755); err == nil {
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, a.Encode(), 0o644); err == nil {
			os.Rename(tmp, path) // best effort: only saves proving again
		}
	}
	return a, nil
}
