package protocol

import (
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// The rules CheckVoucher enforces, as sentinels for errors.Is. A refusal is
// a *VoucherError carrying its rule and the values behind it (or an
// *InsufficientFundsError for funds). Modeled on lotus paychmgr's
// checkVoucherValidUnlocked: one function, every place that accepts or
// redeems a voucher calls it, so a rule means the same everywhere.
var (
	// ErrMalformedVoucher: a field the contract cannot carry (channel id
	// not a field element, amount outside uint256, missing voucher).
	ErrMalformedVoucher = errors.New("protocol: malformed voucher")
	// ErrWrongChannel: the voucher (or its receipt) names another channel.
	ErrWrongChannel = errors.New("protocol: voucher for another channel")
	// ErrWrongDomain: the voucher is signed for another chain or contract.
	ErrWrongDomain = errors.New("protocol: voucher for another chain or contract")
	// ErrStaleNonce: the nonce is not above the accepted (or settled) one.
	ErrStaleNonce = errors.New("protocol: stale voucher nonce")
	// ErrBytesDecreased: fewer cumulative bytes than already accepted.
	ErrBytesDecreased = errors.New("protocol: cumulative bytes decreased")
	// ErrAmountDecreased: a smaller cumulative amount than already
	// accepted or withdrawn.
	ErrAmountDecreased = errors.New("protocol: cumulative amount decreased")
	// ErrAmountExceedsBytes: more than bytes × price, which the contract
	// refuses to pay out.
	ErrAmountExceedsBytes = errors.New("protocol: amount above bytes × price")
	// ErrUnderpaid: less than bytes × price.
	ErrUnderpaid = errors.New("protocol: amount below bytes × price")
	// ErrDiscontinuous: a step does not continue the accepted state.
	ErrDiscontinuous = errors.New("protocol: step does not continue the accepted state")
	// ErrReceiptMismatch: the receipt names another channel, nonce or byte
	// count than its voucher.
	ErrReceiptMismatch = errors.New("protocol: receipt does not match its voucher")
	// ErrWrongReceiptKey: the receipt key is not the channel's.
	ErrWrongReceiptKey = errors.New("protocol: receipt key is not the channel's")
	// ErrBadReceipt: the receipt's signature does not verify (the cause
	// also matches ErrBadSignature or ErrMalleableSignature).
	ErrBadReceipt = errors.New("protocol: bad receipt")
	// ErrUnknownChannel: the channel does not exist on chain.
	ErrUnknownChannel = errors.New("protocol: channel not on chain")
	// ErrChannelNotOpen: the channel is closing or closed on chain (a
	// closing channel is redeemable until its challenge period ends).
	ErrChannelNotOpen = errors.New("protocol: channel not open")
	// ErrChallengePeriodOver: a closing channel's period has ended.
	ErrChallengePeriodOver = errors.New("protocol: challenge period over")
	// ErrWrongClient: the channel's client on chain is another address.
	ErrWrongClient = errors.New("protocol: channel belongs to another client")
	// ErrWrongMiner: the channel's miner on chain is another address.
	ErrWrongMiner = errors.New("protocol: channel is with another miner")
	// ErrWrongPrice: the channel's price on chain differs from the terms.
	ErrWrongPrice = errors.New("protocol: channel price differs from the terms")
	// ErrInsufficientFunds matches every *InsufficientFundsError.
	ErrInsufficientFunds = errors.New("protocol: insufficient funds in channel")
)

// VoucherError is a voucher refused by Rule (one of the Err* above, or
// ErrBadSignature for a voucher not signed by the channel's client), with
// what was got and what was wanted. errors.Is matches the rule and the
// cause.
type VoucherError struct {
	Rule error
	Got  any
	Want any
	// Source says where Want comes from: "accepted", "on chain", "terms".
	Source string
	Cause  error
}

func (e *VoucherError) Error() string {
	s := e.Rule.Error()
	if e.Got != nil || e.Want != nil {
		s += fmt.Sprintf(": got %v, want %v", e.Got, e.Want)
		if e.Source != "" {
			s += " (" + e.Source + ")"
		}
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap exposes the rule and the cause to errors.Is/As.
func (e *VoucherError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Rule, e.Cause}
	}
	return []error{e.Rule}
}

// InsufficientFundsError is a voucher for more than the channel holds
// (lotus ErrInsufficientFunds): Shortfall is Amount − Deposit.
type InsufficientFundsError struct {
	Amount    *big.Int
	Deposit   *big.Int
	Shortfall *big.Int
}

func (e *InsufficientFundsError) Error() string {
	return fmt.Sprintf("%v: voucher amount %s wei, deposit %s wei, short by %s wei", ErrInsufficientFunds, e.Amount, e.Deposit, e.Shortfall)
}

// Is makes errors.Is(err, ErrInsufficientFunds) match.
func (e *InsufficientFundsError) Is(target error) bool { return target == ErrInsufficientFunds }

func refuse(rule error, got, want any, source string) *VoucherError {
	return &VoucherError{Rule: rule, Got: got, Want: want, Source: source}
}

// VoucherState is what was accepted last on a channel: the zero value is a
// channel with nothing accepted yet. Amount nil means unknown (not checked).
type VoucherState struct {
	Nonce  uint64
	Amount *big.Int
	Bytes  uint64
	Root   Element // transcript root (steps only)
}

// StateOf returns the state a step leaves behind.
func StateOf(st *Step) VoucherState {
	return VoucherState{Nonce: st.Voucher.Nonce, Amount: st.Voucher.CumulativeAmount,
		Bytes: st.Voucher.CumulativeBytes, Root: st.Receipt.Root}
}

// ChannelTerms are the terms the checker holds for a channel.
type ChannelTerms struct {
	ID           Element
	Client       common.Address // signs vouchers
	Miner        common.Address // zero: not checked against the chain
	PricePerByte *big.Int       // wei per byte
	Domain       ChainDomain    // the EIP-712 domain vouchers are signed in
	// ReceiptKey, when set, is the only key receipts may be signed with;
	// otherwise KeyHash (when set) is the receipt key's hash.
	ReceiptKey PublicKey
	KeyHash    Element
}

// ChainState is a channel's life-cycle state on chain (ChannelManager.State).
type ChainState uint8

// On-chain channel states.
const (
	ChainNone ChainState = iota
	ChainOpen
	ChainClosing
	ChainClosed
)

func (s ChainState) String() string {
	switch s {
	case ChainNone:
		return "none"
	case ChainOpen:
		return "open"
	case ChainClosing:
		return "closing"
	case ChainClosed:
		return "closed"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// ChainChannel is what the chain says about a channel (contracts fills it
// from ChannelManager.getChannel).
type ChainChannel struct {
	Domain       ChainDomain // chain id and contract it was read from
	State        ChainState
	Client       common.Address
	Miner        common.Address
	Payee        common.Address
	PricePerByte *big.Int
	KeyHash      Element
	SettledNonce uint64
	Withdrawn    *big.Int // by the direct voucher (lane 0)
	Deposit      *big.Int
	ClosesAt     time.Time // while closing
	// LaneWithdrawn is the sum paid on all lanes >= 1 (lane vouchers).
	LaneWithdrawn *big.Int
	// ChallengePeriod is the channel's; zero when not read.
	ChallengePeriod time.Duration
}

// Remaining is the deposit not yet withdrawn on any lane.
func (c *ChainChannel) Remaining() *big.Int {
	r := new(big.Int).Sub(orZero(c.Deposit), orZero(c.Withdrawn))
	return r.Sub(r, orZero(c.LaneWithdrawn))
}

// VoucherContext is everything a voucher is judged against.
type VoucherContext struct {
	// Prev is the state accepted last (zero value: none).
	Prev VoucherState
	// Terms are the channel's terms as the checker knows them.
	Terms ChannelTerms
	// Accept, when set, is the only domain the checker accepts vouchers
	// for (a miner bound to one contract).
	Accept *ChainDomain
	// Chain, when set, is the channel's on-chain state: the voucher must
	// be redeemable there (open, not settled past, within the deposit).
	Chain *ChainChannel
	// Redeem allows a closing channel (until ClosesAt, judged at Now):
	// the voucher is being withdrawn, not accepted for new service.
	Redeem bool
	Now    time.Time
	// Receipts, when set, verifies CheckStep's receipt (the channel's
	// receipt key decoded once, kept by the checker per channel); it is
	// used only for a receipt naming its key. Nil: Receipt.Verify.
	Receipts *KeyVerifier
	// Answers, when set, are probe answers the checker computed itself
	// for the chunks the step's probes name (Window's ProbeAnswers): the
	// miner, which answered the probes, does not hash them again.
	Answers ProbeAnswers
}

func orZero(b *big.Int) *big.Int {
	if b == nil {
		return new(big.Int)
	}
	return b
}

func sameDomain(a, b ChainDomain) bool {
	return a.Contract == b.Contract && orZero(a.ChainID).Cmp(orZero(b.ChainID)) == 0
}

// CheckAdvance checks that next moves forward from prev: a higher nonce,
// no fewer bytes, no smaller amount (when both amounts are known). The
// verifier, which sees counters and not vouchers, calls it alone.
func CheckAdvance(prev, next VoucherState) error {
	switch {
	case next.Nonce <= prev.Nonce:
		return refuse(ErrStaleNonce, next.Nonce, fmt.Sprintf("> %d", prev.Nonce), "accepted")
	case next.Bytes < prev.Bytes:
		return refuse(ErrBytesDecreased, next.Bytes, fmt.Sprintf(">= %d", prev.Bytes), "accepted")
	case prev.Amount != nil && next.Amount != nil && next.Amount.Cmp(prev.Amount) < 0:
		return refuse(ErrAmountDecreased, next.Amount, fmt.Sprintf(">= %s", prev.Amount), "accepted")
	}
	return nil
}

// CheckChannel checks the terms against the chain: the channel exists,
// is open (or, with Redeem, closing and within its period), and names the
// same client, miner, price, receipt key hash and domain. With no Chain it
// checks only the domain against Accept.
func CheckChannel(c *VoucherContext) error {
	t := &c.Terms
	if c.Accept != nil && !sameDomain(t.Domain, *c.Accept) {
		return refuse(ErrWrongDomain, domainString(t.Domain), domainString(*c.Accept), "accepted domain")
	}
	ch := c.Chain
	if ch == nil {
		return nil
	}
	if ch.Domain.ChainID != nil && !sameDomain(t.Domain, ch.Domain) {
		return refuse(ErrWrongDomain, domainString(t.Domain), domainString(ch.Domain), "on chain")
	}
	switch ch.State {
	case ChainOpen:
	case ChainClosing:
		if !c.Redeem {
			return refuse(ErrChannelNotOpen, ch.State, ChainOpen, "on chain")
		}
		if !ch.ClosesAt.IsZero() && !c.Now.Before(ch.ClosesAt) {
			return refuse(ErrChallengePeriodOver, c.Now.UTC().Format(time.RFC3339), "before "+ch.ClosesAt.UTC().Format(time.RFC3339), "on chain")
		}
	case ChainNone:
		return refuse(ErrUnknownChannel, t.ID, nil, "on chain")
	default:
		return refuse(ErrChannelNotOpen, ch.State, ChainOpen, "on chain")
	}
	switch {
	case ch.Client != t.Client:
		return refuse(ErrWrongClient, t.Client, ch.Client, "on chain")
	case t.Miner != (common.Address{}) && ch.Miner != t.Miner:
		return refuse(ErrWrongMiner, t.Miner, ch.Miner, "on chain")
	case orZero(ch.PricePerByte).Cmp(orZero(t.PricePerByte)) != 0:
		return refuse(ErrWrongPrice, t.PricePerByte, ch.PricePerByte, "on chain")
	}
	kh := t.KeyHash
	if t.ReceiptKey != (PublicKey{}) {
		h, err := t.ReceiptKey.Hash()
		if err != nil {
			return &VoucherError{Rule: ErrWrongReceiptKey, Cause: err}
		}
		kh = h
	}
	if kh != ch.KeyHash {
		return refuse(ErrWrongReceiptKey, kh, ch.KeyHash, "on chain")
	}
	return nil
}

func domainString(d ChainDomain) string {
	return fmt.Sprintf("chain %s contract %s", orZero(d.ChainID), d.Contract.Hex())
}

// CheckVoucher decides whether voucher v, and its receipt r when not nil,
// are acceptable in context c. The rules, cheapest first:
//
//   - v's fields fit the contract (ErrMalformedVoucher), it names the
//     channel (ErrWrongChannel) and its domain is accepted (ErrWrongDomain);
//   - with c.Chain, the terms match the chain (CheckChannel);
//   - it advances on c.Prev (CheckAdvance) and on the chain's settled
//     nonce and withdrawn amount (ErrStaleNonce, ErrAmountDecreased);
//   - its amount is exactly bytes × price (ErrAmountExceedsBytes,
//     ErrUnderpaid) and, with c.Chain, within the deposit
//     (*InsufficientFundsError);
//   - r matches v (ErrReceiptMismatch), is signed with the channel's key
//     (ErrWrongReceiptKey) and verifies (ErrBadReceipt);
//   - v is signed by the channel's client in its domain (ErrBadSignature).
func CheckVoucher(v *Voucher, r *Receipt, c VoucherContext) error {
	if v == nil {
		return &VoucherError{Rule: ErrMalformedVoucher, Cause: errors.New("no voucher")}
	}
	if err := v.checkFields(); err != nil {
		return &VoucherError{Rule: ErrMalformedVoucher, Cause: err}
	}
	t := &c.Terms
	if v.ChannelID != t.ID {
		return refuse(ErrWrongChannel, v.ChannelID, t.ID, "terms")
	}
	if t.Domain.ChainID == nil {
		return &VoucherError{Rule: ErrWrongDomain, Cause: errors.New("terms carry no domain")}
	}
	if err := CheckChannel(&c); err != nil {
		return err
	}
	next := VoucherState{Nonce: v.Nonce, Amount: v.CumulativeAmount, Bytes: v.CumulativeBytes}
	if err := CheckAdvance(c.Prev, next); err != nil {
		return err
	}
	if ch := c.Chain; ch != nil {
		if v.Nonce <= ch.SettledNonce {
			return refuse(ErrStaleNonce, v.Nonce, fmt.Sprintf("> %d", ch.SettledNonce), "settled on chain")
		}
		if w := orZero(ch.Withdrawn); v.CumulativeAmount.Cmp(w) < 0 {
			return refuse(ErrAmountDecreased, v.CumulativeAmount, fmt.Sprintf(">= %s", w), "withdrawn on chain")
		}
	}
	owed := new(big.Int).Mul(new(big.Int).SetUint64(v.CumulativeBytes), orZero(t.PricePerByte))
	switch v.CumulativeAmount.Cmp(owed) {
	case 1:
		return refuse(ErrAmountExceedsBytes, v.CumulativeAmount, owed, "bytes × price")
	case -1:
		return refuse(ErrUnderpaid, v.CumulativeAmount, owed, "bytes × price")
	}
	if ch := c.Chain; ch != nil {
		// Lanes (lane vouchers) paid out of the same deposit first.
		if d := new(big.Int).Sub(orZero(ch.Deposit), orZero(ch.LaneWithdrawn)); v.CumulativeAmount.Cmp(d) > 0 {
			return &InsufficientFundsError{Amount: new(big.Int).Set(v.CumulativeAmount), Deposit: d,
				Shortfall: new(big.Int).Sub(v.CumulativeAmount, d)}
		}
	}
	if r != nil {
		if err := checkReceipt(v, r, t, true); err != nil {
			return err
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

func checkReceipt(v *Voucher, r *Receipt, t *ChannelTerms, verify bool) error {
	switch {
	case r.ChannelID != v.ChannelID:
		return refuse(ErrReceiptMismatch, fmt.Sprintf("channel %s", r.ChannelID), fmt.Sprintf("channel %s", v.ChannelID), "voucher")
	case r.Nonce != v.Nonce:
		return refuse(ErrReceiptMismatch, fmt.Sprintf("nonce %d", r.Nonce), fmt.Sprintf("nonce %d", v.Nonce), "voucher")
	case r.CumulativeBytes != v.CumulativeBytes:
		return refuse(ErrReceiptMismatch, fmt.Sprintf("%d bytes", r.CumulativeBytes), fmt.Sprintf("%d bytes", v.CumulativeBytes), "voucher")
	}
	switch {
	case t.ReceiptKey != (PublicKey{}):
		if r.PublicKey != t.ReceiptKey {
			return refuse(ErrWrongReceiptKey, fmt.Sprintf("%x", r.PublicKey[:]), fmt.Sprintf("%x", t.ReceiptKey[:]), "terms")
		}
	case t.KeyHash != (Element{}):
		h, err := r.PublicKey.Hash()
		if err != nil {
			return &VoucherError{Rule: ErrWrongReceiptKey, Cause: err}
		}
		if h != t.KeyHash {
			return refuse(ErrWrongReceiptKey, h, t.KeyHash, "terms")
		}
	}
	if !verify {
		return nil
	}
	if err := r.Verify(); err != nil {
		return &VoucherError{Rule: ErrBadReceipt, Cause: err}
	}
	return nil
}

// CheckStep checks a step a client sent: CheckVoucher on its voucher and
// receipt (channel-level rules, Accept and Chain, apply as there), that it
// continues c.Prev (ErrDiscontinuous), and that it is consistent on its own
// (Step.Check: window, receipt root and counts, receipt signature).
func CheckStep(st *Step, shape Shape, c VoucherContext) error {
	// CheckVoucher first: a replayed or older step is ErrStaleNonce, as
	// everywhere else (it does not continue c.Prev either), and stale and
	// foreign steps are refused before the window is hashed and the
	// receipt verified.
	if err := CheckVoucher(&st.Voucher, nil, c); err != nil {
		return err
	}
	if st.PrevRoot != c.Prev.Root || st.PrevBytes != c.Prev.Bytes {
		return refuse(ErrDiscontinuous, fmt.Sprintf("%d bytes, root %s", st.PrevBytes, st.PrevRoot),
			fmt.Sprintf("%d bytes, root %s", c.Prev.Bytes, c.Prev.Root), "accepted")
	}
	if err := checkReceipt(&st.Voucher, &st.Receipt, &c.Terms, false); err != nil { // Check verifies it
		return err
	}
	kv := c.Receipts
	if kv != nil && kv.Key() != st.Receipt.PublicKey {
		kv = nil
	}
	if err := st.check(shape, c.Answers, kv); err != nil {
		if errors.Is(err, ErrBadSignature) || errors.Is(err, ErrMalleableSignature) {
			return &VoucherError{Rule: ErrBadReceipt, Cause: err}
		}
		return &VoucherError{Rule: ErrReceiptMismatch, Cause: err}
	}
	return nil
}
