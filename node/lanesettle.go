package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// settleLaneIfDue decides a virtual session (id is its vcid, b its
// binding) and settles its latest lane voucher with withdrawLane when
// due: at the AutoSettle threshold, when the paying channel closes, and
// before the voucher's validUntil − margin (after it, it pays nothing).
func (s *Settler) settleLaneIfDue(ctx context.Context, id protocol.Element, b challenge.VirtualBinding, now time.Time, gas *big.Int) error {
	latest, err := s.opts.Ledger.Latest(id)
	if err != nil || latest == nil {
		return err
	}
	lv, err := s.opts.Ledger.LatestLane(id)
	if err != nil {
		return err
	}
	ch, err := s.opts.Manager.Channel(ctx, b.Paying)
	if err != nil {
		s.count(func(st *Status) { st.RPCFailures++ })
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	lane, err := s.opts.Manager.LaneOf(ctx, b.Paying, b.Lane)
	if err != nil {
		s.count(func(st *Status) { st.RPCFailures++ })
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	cs := s.channelStatus(id, latest, ch)
	jr, journaled := s.j.get(id)
	if lane.Nonce >= lv.Nonce {
		if journaled && jr.Phase != PhaseDone {
			if err := s.j.record(JournalRecord{Channel: id, Nonce: jr.Nonce, Phase: PhaseDone,
				Reason: fmt.Sprintf("lane %d of %s settled on chain at nonce %d", b.Lane, b.Paying, lane.Nonce)}); err != nil {
				return err
			}
		}
		s.clearRisk(id)
		s.setNext(cs, Decision{Reason: ReasonNothingUnsettled, Unsettled: new(big.Int), Now: now})
		return nil
	}
	unsettled := new(big.Int).Sub(lv.CumulativeAmount, orZero(lane.Withdrawn))
	expires := time.Unix(int64(lv.ValidUntil), 0)
	if lv.ValidUntil != 0 && now.After(expires) {
		s.alarm(id, "lane voucher expired unsettled", "valid_until", expires, "lane", b.Lane, "nonce", lv.Nonce)
		s.setNext(cs, Decision{Reason: "too late: lane voucher expired", Unsettled: unsettled, Now: now})
		return nil
	}
	if ch.State == contracts.StateClosed || (ch.State == contracts.StateClosing && !now.Before(ch.ClosesAt)) {
		s.alarm(id, "paying channel closed with a lane voucher unsettled", "state", ch.State, "lane", b.Lane, "nonce", lv.Nonce)
		s.setNext(cs, Decision{Reason: "too late: " + ch.State.String(), Unsettled: unsettled, Now: now})
		return nil
	}
	d := s.opts.Policy.Decide(unsettled, ch, now, gas)
	if lv.ValidUntil != 0 && !now.Before(expires.Add(-s.margin())) {
		d.Settle, d.Reason, d.Deadline = true, "lane voucher expires at "+expires.UTC().Format(time.RFC3339), expires
	}
	s.setNext(cs, d)
	s.logDecision(id, latest.Voucher.Nonce, d)
	if !d.Settle {
		return nil
	}
	if !s.retryDue(id) {
		return nil
	}
	err = s.settleLane(ctx, id, b, latest, lv, d.Reason)
	rs := s.attempted(id, err)
	if err != nil {
		s.opts.Log.Log(ctx, slog.LevelWarn, "lane settlement failed, will retry", "channel", id, "lane", b.Lane, "nonce", lv.Nonce,
			"failures", rs.fails, "retry_at", rs.next, "err", err)
		return err
	}
	s.clearRisk(id)
	return nil
}

// settleLane withdraws lane voucher lv of virtual session id with its
// preimage and, unless the chain already holds as many proven bytes for
// its target (another hop proved them), the proof of the session's
// latest step (the receipts over the vcid). Journaled like settle:
// intent before anything, sent before the transaction, done after; the
// lane's nonce on chain tells a retry that it is done.
func (s *Settler) settleLane(ctx context.Context, id protocol.Element, b challenge.VirtualBinding, latest *protocol.Step, lv *protocol.LaneVoucher, reason string) error {
	nonce := latest.Voucher.Nonce
	if err := s.intend(id, nonce, reason); err != nil {
		return err
	}
	proven, err := s.opts.Manager.ProvenBytes(ctx, lv.Target, lv.TargetKeyHash)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	var att *attest.Attestation
	if proven < lv.CumulativeBytes {
		if att, err = s.attestation(ctx, latest); err != nil {
			return err
		}
	}
	done := func(l *protocol.ChainLane) error {
		return s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseDone,
			Reason: fmt.Sprintf("lane %d of %s settled on chain at nonce %d", b.Lane, b.Paying, l.Nonce)})
	}
	l, err := s.opts.Manager.LaneOf(ctx, b.Paying, b.Lane)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrChainUnavailable, err)
	}
	if l.Nonce >= lv.Nonce {
		return done(l)
	}
	if err := s.j.record(JournalRecord{Channel: id, Nonce: nonce, Phase: PhaseSent, Reason: reason}); err != nil {
		return err
	}
	rcpt, err := s.opts.Manager.WithdrawLaneAttestation(ctx, s.opts.Key, lv, b.Preimage, att)
	if errors.Is(err, contracts.ErrStaleNonce) {
		if l, cerr := s.opts.Manager.LaneOf(ctx, b.Paying, b.Lane); cerr == nil && l.Nonce >= lv.Nonce {
			return done(l)
		}
	}
	if err != nil {
		return fmt.Errorf("withdraw lane %d nonce %d: %w", b.Lane, lv.Nonce, err)
	}
	if err := s.withdrawn(id, nonce, reason, rcpt); err != nil {
		return err
	}
	s.opts.Log.Info("lane withdrawn", "channel", id, "paying", b.Paying, "lane", b.Lane, "lane_nonce", lv.Nonce,
		"amount_wei", lv.CumulativeAmount, "bytes", lv.CumulativeBytes, "proved", att != nil, "tx", rcpt.TxHash, "reason", reason)
	return nil
}
