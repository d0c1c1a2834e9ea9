package protocol

import (
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// The rules CheckLaneVoucher adds to CheckVoucher's, as sentinels for
// errors.Is (refusals are *VoucherError, funds *InsufficientFundsError).
var (
	// ErrWrongLane: the voucher is for another lane than the one held.
	ErrWrongLane = errors.New("protocol: voucher for another lane")
	// ErrWrongTarget: the proof lock names another target or key hash
	// than the receiver's session (the bytes it is paid for).
	ErrWrongTarget = errors.New("protocol: proof lock names another target")
	// ErrWrongHashLock: the hash lock is not the one agreed for the route.
	ErrWrongHashLock = errors.New("protocol: another hash lock than agreed")
	// ErrNotYetValid: block time is before ValidFrom.
	ErrNotYetValid = errors.New("protocol: voucher not yet valid")
	// ErrExpired: block time is past ValidUntil.
	ErrExpired = errors.New("protocol: voucher expired")
	// ErrExpiryTooSoon: ValidUntil leaves the receiver less than its
	// margin to claim (or to forward with a shorter expiry).
	ErrExpiryTooSoon = errors.New("protocol: voucher expires too soon")
	// ErrExpiryBeyondClose: ValidUntil is later than a close started now
	// (or already started) would end, so the channel could close while
	// the voucher still waits for its locks.
	ErrExpiryBeyondClose = errors.New("protocol: voucher expires after the channel could close")
)

// LaneState is what was accepted last on a lane (zero: nothing).
type LaneState struct {
	Nonce  uint64
	Amount *big.Int
	Bytes  uint64
}

// ChainLane is what the chain says about a lane (ChannelManager.laneOf).
type ChainLane struct {
	Nonce     uint64
	Withdrawn *big.Int
}

// LaneContext is everything a lane voucher is judged against.
type LaneContext struct {
	// Prev is the state accepted last on this lane.
	Prev LaneState
	// Terms are the paying channel's: ID, Client (the signer: the payer
	// of this hop), Miner (the receiver, checked on chain when set),
	// PricePerByte (the channel's price: the contract's cap), Domain.
	// KeyHash and ReceiptKey are not used: the proof lock names its own.
	Terms ChannelTerms
	// Lane, when not 0, is the only lane accepted.
	Lane uint32
	// Target and TargetKeyHash, when not zero, are the only proof lock
	// accepted: the receiver's session and the end client's key hash.
	Target        Element
	TargetKeyHash Element
	// HashLock, when not zero, is the only hash lock accepted; zero means
	// a hash lock is not expected (a voucher carrying one is refused).
	HashLock common.Hash
	// MinPrice, when set, is the least the receiver takes per byte on
	// this lane (ErrUnderpaid below CumulativeBytes × MinPrice). The cap
	// is Terms.PricePerByte (the contract's).
	MinPrice *big.Int
	// Accept, when set, is the only domain accepted.
	Accept *ChainDomain
	// Chain and ChainLane, when set, are the on-chain state of the
	// channel and of this lane.
	Chain     *ChainChannel
	ChainLane *ChainLane
	// Committed is what the receiver already holds on the channel's other
	// lanes (their latest amounts not yet withdrawn) and its direct
	// voucher: the voucher must fit in the deposit next to them, so the
	// payer cannot promise one deposit twice.
	Committed *big.Int
	// Redeem allows a closing channel (being withdrawn, not accepted).
	Redeem bool
	// Now is the (block) time the voucher is judged at.
	Now time.Time
	// MinRemaining is the least time the receiver needs between Now and
	// ValidUntil (to forward and to claim): ErrExpiryTooSoon below it.
	MinRemaining time.Duration
}

// CheckLaneVoucher decides whether lane voucher v is acceptable in c, the
// same way for a hub taking it from a client or a hub, a miner taking it
// from the last hub, and a settler about to withdraw it. The rules,
// cheapest first:
//
//   - fields the contract can carry (ErrMalformedVoucher), the channel
//     (ErrWrongChannel), lane (ErrWrongLane), domain (ErrWrongDomain);
//   - with c.Chain, the channel on chain (CheckChannel: exists, open or
//     redeemable, client, miner, price);
//   - the locks: target and key hash (ErrWrongTarget), hash lock
//     (ErrWrongHashLock), time (ErrNotYetValid, ErrExpired,
//     ErrExpiryTooSoon, ErrExpiryBeyondClose);
//   - it advances on c.Prev and on the lane's settled nonce and withdrawn
//     amount (ErrStaleNonce, ErrBytesDecreased, ErrAmountDecreased);
//   - amount <= bytes × channel price (ErrAmountExceedsBytes), >= bytes ×
//     MinPrice (ErrUnderpaid);
//   - with c.Chain, it fits in the deposit next to everything else paid or
//     committed on the channel (*InsufficientFundsError);
//   - it is signed by the channel's client (ErrBadSignature).
func CheckLaneVoucher(v *LaneVoucher, c LaneContext) error {
	if v == nil {
		return &VoucherError{Rule: ErrMalformedVoucher, Cause: errors.New("no voucher")}
	}
	if err := v.checkFields(); err != nil {
		return &VoucherError{Rule: ErrMalformedVoucher, Cause: err}
	}
	t := &c.Terms
	switch {
	case v.ChannelID != t.ID:
		return refuse(ErrWrongChannel, v.ChannelID, t.ID, "terms")
	case c.Lane != 0 && v.Lane != c.Lane:
		return refuse(ErrWrongLane, v.Lane, c.Lane, "session")
	case t.Domain.ChainID == nil:
		return &VoucherError{Rule: ErrWrongDomain, Cause: errors.New("terms carry no domain")}
	}
	// CheckChannel compares the receipt key hash too: a lane's proof lock
	// names its own, so compare the rest only.
	vc := VoucherContext{Terms: *t, Accept: c.Accept, Chain: c.Chain, Redeem: c.Redeem, Now: c.Now}
	vc.Terms.ReceiptKey = PublicKey{}
	if c.Chain != nil {
		vc.Terms.KeyHash = c.Chain.KeyHash
	}
	if err := CheckChannel(&vc); err != nil {
		return err
	}
	if err := checkLocks(v, &c); err != nil {
		return err
	}
	prevAmount := c.Prev.Amount
	switch {
	case v.Nonce <= c.Prev.Nonce:
		return refuse(ErrStaleNonce, v.Nonce, fmt.Sprintf("> %d", c.Prev.Nonce), "accepted")
	case v.CumulativeBytes < c.Prev.Bytes:
		return refuse(ErrBytesDecreased, v.CumulativeBytes, fmt.Sprintf(">= %d", c.Prev.Bytes), "accepted")
	case prevAmount != nil && v.CumulativeAmount.Cmp(prevAmount) < 0:
		return refuse(ErrAmountDecreased, v.CumulativeAmount, fmt.Sprintf(">= %s", prevAmount), "accepted")
	}
	laneWithdrawn := new(big.Int)
	if l := c.ChainLane; l != nil {
		laneWithdrawn = orZero(l.Withdrawn)
		if v.Nonce <= l.Nonce {
			return refuse(ErrStaleNonce, v.Nonce, fmt.Sprintf("> %d", l.Nonce), "settled on chain")
		}
		if v.CumulativeAmount.Cmp(laneWithdrawn) < 0 {
			return refuse(ErrAmountDecreased, v.CumulativeAmount, fmt.Sprintf(">= %s", laneWithdrawn), "withdrawn on chain")
		}
	}
	bytes := new(big.Int).SetUint64(v.CumulativeBytes)
	if capAmount := new(big.Int).Mul(bytes, orZero(t.PricePerByte)); v.CumulativeAmount.Cmp(capAmount) > 0 {
		return refuse(ErrAmountExceedsBytes, v.CumulativeAmount, capAmount, "bytes × channel price")
	}
	if c.MinPrice != nil {
		if floor := new(big.Int).Mul(bytes, c.MinPrice); v.CumulativeAmount.Cmp(floor) < 0 {
			return refuse(ErrUnderpaid, v.CumulativeAmount, floor, "bytes × price asked")
		}
	}
	if ch := c.Chain; ch != nil {
		// Free for this lane: the deposit minus what the direct voucher and
		// the other lanes were paid (LaneWithdrawn includes this lane's
		// own withdrawals, which the voucher's cumulative amount covers)
		// and what the receiver holds unpaid on other lanes.
		free := new(big.Int).Sub(orZero(ch.Deposit), orZero(ch.Withdrawn))
		free.Sub(free, orZero(ch.LaneWithdrawn))
		free.Add(free, laneWithdrawn)
		free.Sub(free, orZero(c.Committed))
		if v.CumulativeAmount.Cmp(free) > 0 {
			return &InsufficientFundsError{Amount: new(big.Int).Set(v.CumulativeAmount), Deposit: free,
				Shortfall: new(big.Int).Sub(v.CumulativeAmount, free)}
		}
	}
	signer, err := v.Signer(t.Domain)
	if err != nil {
		return &VoucherError{Rule: ErrBadSignature, Want: t.Client, Source: "terms", Cause: err}
	}
	if signer != t.Client {
		return refuse(ErrBadSignature, signer, t.Client, "terms")
	}
	return nil
}

func checkLocks(v *LaneVoucher, c *LaneContext) error {
	if c.Target != (Element{}) && v.Target != c.Target {
		return refuse(ErrWrongTarget, v.Target, c.Target, "session")
	}
	if c.TargetKeyHash != (Element{}) && v.TargetKeyHash != c.TargetKeyHash {
		return refuse(ErrWrongTarget, fmt.Sprintf("key hash %s", v.TargetKeyHash), fmt.Sprintf("key hash %s", c.TargetKeyHash), "session")
	}
	if v.HashLock != c.HashLock {
		return refuse(ErrWrongHashLock, v.HashLock, c.HashLock, "route")
	}
	now := c.Now.Unix()
	if now < 0 {
		now = 0
	}
	switch {
	case uint64(now) < v.ValidFrom:
		return refuse(ErrNotYetValid, c.Now.UTC().Format(time.RFC3339), "from "+unixString(v.ValidFrom), "voucher")
	case v.ValidUntil != 0 && uint64(now) > v.ValidUntil:
		return refuse(ErrExpired, c.Now.UTC().Format(time.RFC3339), "until "+unixString(v.ValidUntil), "voucher")
	}
	if c.Redeem {
		return nil // a voucher being withdrawn needs no margin left
	}
	if c.MinRemaining > 0 {
		if v.ValidUntil == 0 {
			// Unbounded is always enough time.
		} else if left := time.Duration(v.ValidUntil-uint64(now)) * time.Second; left < c.MinRemaining {
			return refuse(ErrExpiryTooSoon, left.String(), ">= "+c.MinRemaining.String(), "receiver margin")
		}
	}
	if ch := c.Chain; ch != nil {
		// The receiver must be able to claim while the voucher waits for its
		// locks: a close started now ends at Now + period at the earliest
		// (a closing channel is refused above unless redeeming).
		if v.ValidUntil != 0 && ch.ChallengePeriod > 0 && int64(v.ValidUntil) > c.Now.Add(ch.ChallengePeriod).Unix() {
			return refuse(ErrExpiryBeyondClose, "until "+unixString(v.ValidUntil),
				"<= "+c.Now.Add(ch.ChallengePeriod).UTC().Format(time.RFC3339), "challenge period")
		}
	}
	return nil
}

func unixString(s uint64) string {
	if s > 1<<62 {
		return fmt.Sprintf("unix %d", s)
	}
	return time.Unix(int64(s), 0).UTC().Format(time.RFC3339)
}
