package contracts

import (
	"bytes"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/contracts/channelmanager"
	"github.com/bwproof/bwproof/protocol"
)

// targetSteps simulates the end client's receipts for n bytes in target
// (4 KiB per step): their proofs open the proof locks naming target and
// the client's receipt key hash.
func (e *env) targetSteps(target protocol.Element, n uint64) []protocol.Step {
	e.t.Helper()
	return e.session(target, n, testPrice).Steps
}

// lock returns the proof lock's counters and proof for step.
func (e *env) lock(st *protocol.Step) (protocol.Element, []byte) {
	return protocol.PackCounters(st.Voucher.Nonce, st.Voucher.CumulativeBytes), e.proof(st)
}

// laneVoucher returns a lane voucher on channel id, lane, naming target
// and the client's receipt key hash, changed by mod and signed by key.
func (e *env) laneVoucher(key *ecdsa.PrivateKey, id protocol.Element, lane uint32, nonce uint64, amount *big.Int, n uint64, target protocol.Element, mod func(*protocol.LaneVoucher)) *protocol.LaneVoucher {
	e.t.Helper()
	v := &protocol.LaneVoucher{ChannelID: id, Lane: lane, Nonce: nonce, CumulativeAmount: amount, CumulativeBytes: n,
		Target: target, TargetKeyHash: e.keyHash()}
	if mod != nil {
		mod(v)
	}
	// protocol.Sign refuses what the contract must refuse too (lane 0,
	// targets out of the field): sign the digest directly.
	sig, err := protocol.SignHash(v.Digest(e.m.Domain()), key)
	if err != nil {
		e.t.Fatal(err)
	}
	v.Signature = sig
	return v
}

// head is the latest block's time: what eth_estimateGas (and so every
// revert this package decodes) judges time locks at.
func (e *env) head() uint64 {
	e.t.Helper()
	h, err := e.sim.backend.HeaderByNumber(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return h.Time
}

// aheadOfWallClock moves the chain's clock an hour ahead, so that every
// later block is exactly one second after its parent (the simulated
// beacon takes max(wall clock, parent + 1)): head()+1 is the next block's
// time.
func (e *env) aheadOfWallClock() {
	e.t.Helper()
	e.advance(time.Hour)
}

// withdrawLaneNoEstimate sends withdrawLane with a fixed gas limit, so the
// mined block's time (not the estimate's, at the parent's time) decides.
func (e *env) withdrawLaneNoEstimate(v *protocol.LaneVoucher, preimage [32]byte) (*types.Receipt, error) {
	data, err := e.m.cm.TryPackWithdrawLane(laneVoucherArg(v), v.Signature[:], preimage, new(big.Int), []byte{})
	if err != nil {
		return nil, err
	}
	return e.sim.send(e.ctx, e.miner, nil, "withdraw lane", func(o *bind.TransactOpts) (*types.Transaction, error) {
		o.GasLimit = 500_000
		return bind.Transact(e.m.inst, o, data)
	}, e.m.dec.decode)
}

func (e *env) blockTime(r *types.Receipt) uint64 {
	e.t.Helper()
	h, err := e.sim.backend.HeaderByNumber(e.ctx, r.BlockNumber)
	if err != nil {
		e.t.Fatal(err)
	}
	return h.Time
}

func (e *env) lane(id protocol.Element, lane uint32) *protocol.ChainLane {
	e.t.Helper()
	l, err := e.m.LaneOf(e.ctx, id, lane)
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func (e *env) proven(target protocol.Element) uint64 {
	e.t.Helper()
	n, err := e.m.ProvenBytes(e.ctx, target, e.keyHash())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func price(n uint64) *big.Int { return new(big.Int).Mul(new(big.Int).SetUint64(n), testPrice) }

// TestLaneVoucherDigest: the contract hashes a lane voucher as protocol
// does (type string, field order, domain).
func TestLaneVoucherDigest(t *testing.T) {
	e := newEnv(t)
	id := e.open(price(1000), testPrice)
	v := e.laneVoucher(e.client, id, 7, 3, big.NewInt(12345), 99, protocol.LaneTarget(id, 7), func(v *protocol.LaneVoucher) {
		v.ValidFrom, v.ValidUntil, v.HashLock = 11, 1<<40, common.HexToHash("0xabcdef")
	})
	got, err := e.m.LaneVoucherDigest(e.ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	if want := v.Digest(e.m.Domain()); got != want {
		t.Fatalf("contract digest %s, protocol %s", got, want)
	}
}

// TestLanes: lanes of one channel settle independently and in any order,
// each with its own nonce and cumulative amount, next to the direct
// voucher; their sum never exceeds the deposit; close refunds the rest;
// a target proven once opens vouchers on other channels without a proof.
func TestLanes(t *testing.T) {
	e := newEnv(t)
	payee := addr(e.owner) // sends nothing: its balance is pure income
	if _, err := e.m.SetOwner(e.ctx, e.miner, payee); err != nil {
		t.Fatal(err)
	}
	const deposit = 18_000
	id := e.open(price(deposit), testPrice)
	d := e.m.Domain()
	var salt [32]byte
	salt[0] = 1
	targetA := protocol.LaneTarget(id, 1)
	targetB := protocol.VirtualChannelID(d, addr(e.client), addr(e.miner), salt)
	stA := e.targetSteps(targetA, 2*4096)
	stB := e.targetSteps(targetB, 2*4096)
	direct := e.session(id, 2*4096, testPrice).Steps
	start := e.balance(payee)
	income := func() *big.Int { return new(big.Int).Sub(e.balance(payee), start) }
	var paid uint64 // in units of testPrice

	// Lane 2 (virtual target B) first, then lane 1 (A), then the direct
	// voucher: each pays its own delta.
	cB, pB := e.lock(&stB[0])
	vB1 := e.laneVoucher(e.client, id, 2, 1, price(4096), 4096, targetB, nil)
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, vB1, [32]byte{}, cB, pB); err != nil {
		t.Fatal(err)
	}
	paid += 4096
	cA, pA := e.lock(&stA[1])
	vA := e.laneVoucher(e.client, id, 1, 5, price(8192), 8192, targetA, nil) // nonces are per lane
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, vA, [32]byte{}, cA, pA); err != nil {
		t.Fatal(err)
	}
	paid += 8192
	if _, err := e.m.Withdraw(e.ctx, e.miner, &direct[0].Voucher, e.proof(&direct[0])); err != nil {
		t.Fatal(err)
	}
	paid += 4096
	if got := income(); got.Cmp(price(paid)) != 0 {
		t.Fatalf("payee received %v, want %v", got, price(paid))
	}
	if l := e.lane(id, 1); l.Nonce != 5 || l.Withdrawn.Cmp(price(8192)) != 0 {
		t.Fatalf("lane 1 %+v", l)
	}
	if l := e.lane(id, 2); l.Nonce != 1 || l.Withdrawn.Cmp(price(4096)) != 0 {
		t.Fatalf("lane 2 %+v", l)
	}
	ch := e.channel(id)
	if ch.Deposit.Cmp(price(deposit)) != 0 || ch.LaneWithdrawn.Cmp(price(12288)) != 0 || ch.Withdrawn.Cmp(price(4096)) != 0 {
		t.Fatalf("channel deposit %v lanes %v direct %v", ch.Deposit, ch.LaneWithdrawn, ch.Withdrawn)
	}
	if r := ch.Remaining(); r.Cmp(price(deposit-paid)) != 0 {
		t.Fatalf("remaining %v, want %v", r, price(deposit-paid))
	}
	oc := ch.OnChain(d)
	if oc.LaneWithdrawn.Cmp(price(12288)) != 0 || oc.ChallengePeriod != testHour || oc.Remaining().Cmp(price(deposit-paid)) != 0 {
		t.Fatalf("on chain %+v", oc)
	}

	// Lane 2's cumulative 8192 would take the sum past the deposit by
	// 2,768: refused; the most it may reach is its own 4096 plus what is
	// free, 1,616.
	cB2, pB2 := e.lock(&stB[1])
	vB2 := e.laneVoucher(e.client, id, 2, 2, price(8192), 8192, targetB, nil)
	_, err := e.m.WithdrawLane(e.ctx, e.miner, vB2, [32]byte{}, cB2, pB2)
	wantRevert(t, err, ErrAmountExceedsDeposit)
	free := deposit - paid
	vB2 = e.laneVoucher(e.client, id, 2, 2, price(4096+free), 8192, targetB, nil)
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, vB2, [32]byte{}, cB2, pB2); err != nil {
		t.Fatal(err)
	}
	paid += free
	// The deposit is spent: the direct voucher's next step (within its
	// own bytes × price, above what is left) is refused.
	_, err = e.m.Withdraw(e.ctx, e.miner, &direct[1].Voucher, e.proof(&direct[1]))
	wantRevert(t, err, ErrAmountExceedsDeposit)
	if got := income(); got.Cmp(price(deposit)) != 0 {
		t.Fatalf("payee received %v, want the deposit %v", got, price(deposit))
	}

	// The multi-hop property: target B is proven up to 8192 bytes by the
	// withdrawals above, so a voucher on another channel (a hub's, signed
	// by its own client) naming B pays without a proof; one naming more
	// bytes than proven needs one.
	hubID, _, err := e.m.Open(e.ctx, e.other, OpenParams{Miner: addr(e.miner), KeyHash: e.keyHash(),
		PricePerByte: testPrice, ChallengePeriod: testHour, Deposit: price(20_000)})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.proven(targetB); n != 8192 {
		t.Fatalf("proven bytes of B %d, want 8192", n)
	}
	hop := e.laneVoucher(e.other, hubID, 1, 1, price(8192), 8192, targetB, nil)
	before := income()
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, hop, [32]byte{}, protocol.Element{}, nil); err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(income(), before); got.Cmp(price(8192)) != 0 {
		t.Fatalf("hop paid %v, want %v", got, price(8192))
	}
	more := e.laneVoucher(e.other, hubID, 1, 2, price(8193), 8193, targetB, nil)
	_, err = e.m.WithdrawLane(e.ctx, e.miner, more, [32]byte{}, protocol.Element{}, nil)
	wantRevert(t, err, ErrProofRequired)

	// proveTarget (a hub holding the attestation) opens a target for
	// everyone without a withdrawal; proving no more bytes is refused.
	var salt2 [32]byte
	salt2[0] = 2
	targetC := protocol.VirtualChannelID(d, addr(e.other), addr(e.miner), salt2)
	stC := e.targetSteps(targetC, 4096)
	cC, pC := e.lock(&stC[0])
	if _, err := e.m.ProveTarget(e.ctx, e.deployer, targetC, e.keyHash(), cC, pC); err != nil {
		t.Fatal(err)
	}
	_, err = e.m.ProveTarget(e.ctx, e.deployer, targetC, e.keyHash(), cC, pC)
	wantRevert(t, err, ErrAlreadyProven)
	hopC := e.laneVoucher(e.other, hubID, 3, 1, price(4096), 4096, targetC, nil)
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, hopC, [32]byte{}, protocol.Element{}, nil); err != nil {
		t.Fatal(err)
	}

	// Close refunds deposit − everything paid (lanes and direct).
	if _, err := e.m.StartClose(e.ctx, e.other, hubID); err != nil {
		t.Fatal(err)
	}
	e.advance(testHour)
	before = e.balance(addr(e.other))
	r, err := e.m.Finalize(e.ctx, e.deployer, hubID)
	if err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(e.balance(addr(e.other)), before); got.Cmp(price(20_000-8192-4096)) != 0 {
		t.Fatalf("refund %v, want %v", got, price(20_000-8192-4096))
	}
	for _, l := range r.Logs {
		if ev, err := e.m.decodeEvent(l); err == nil && ev.Kind == EventClosed {
			if ev.MinerTotal.Cmp(price(8192+4096)) != 0 || ev.Refund.Cmp(price(20_000-8192-4096)) != 0 {
				t.Fatalf("ChannelClosed %v / %v", ev.MinerTotal, ev.Refund)
			}
		}
	}
	before = e.balance(addr(e.client))
	if _, err := e.m.CooperativeClose(e.ctx, e.miner, id); err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(e.balance(addr(e.client)), before); got.Sign() != 0 {
		t.Fatalf("refund of the spent channel %v", got)
	}
	if held := e.balance(e.m.Address()); held.Sign() != 0 {
		t.Fatalf("contract still holds %v", held)
	}

	// The watcher decodes the lane events.
	evs, err := e.m.Watch(WatchOptions{}).Poll(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	count := map[EventKind]int{}
	for _, ev := range evs {
		count[ev.Kind]++
		if ev.Kind == EventProven && ev.Target == targetC && (ev.CumulativeBytes != 4096 || ev.KeyHash != e.keyHash()) {
			t.Fatalf("Proven event %+v", ev)
		}
		if ev.Kind == EventLaneWithdrawn && ev.Channel == hubID && ev.Lane == 3 && (ev.Target != targetC || ev.CumulativeAmt.Cmp(price(4096)) != 0) {
			t.Fatalf("LaneWithdrawn event %+v", ev)
		}
	}
	if count[EventLaneWithdrawn] != 5 || count[EventProven] != 4 {
		t.Fatalf("events %v", count)
	}
}

// TestTimeLocks: a lane voucher pays only within [validFrom, validUntil]
// (both bounds included, block time); a hash-locked one only with its
// preimage and before its expiry, and the first reveal is recorded.
func TestTimeLocks(t *testing.T) {
	e := newEnv(t)
	id := e.open(price(100_000), testPrice)
	target := protocol.LaneTarget(id, 1)
	st := e.targetSteps(target, 4096)
	c, p := e.lock(&st[0])
	if _, err := e.m.ProveTarget(e.ctx, e.other, target, e.keyHash(), c, p); err != nil {
		t.Fatal(err)
	}
	e.aheadOfWallClock()
	nonce := uint64(0)
	lv := func(amount int64, mod func(*protocol.LaneVoucher)) *protocol.LaneVoucher {
		nonce++
		return e.laneVoucher(e.client, id, 1, nonce, big.NewInt(amount), 4096, target, mod)
	}
	none := [32]byte{}

	// Outside the bounds (judged at the head's time by the estimate).
	now := e.head()
	_, err := e.m.WithdrawLane(e.ctx, e.miner, lv(1, func(v *protocol.LaneVoucher) { v.ValidFrom = now + 2 }), none, protocol.Element{}, nil)
	wantRevert(t, err, ErrNotYetValid)
	_, err = e.m.WithdrawLane(e.ctx, e.miner, lv(1, func(v *protocol.LaneVoucher) { v.ValidUntil = now - 1 }), none, protocol.Element{}, nil)
	wantRevert(t, err, ErrExpired)

	// At the bounds: the mined block's time equals validFrom, then
	// validUntil (sent without an estimate, which runs at the parent's).
	next := e.head() + 1
	r, err := e.withdrawLaneNoEstimate(lv(10, func(v *protocol.LaneVoucher) { v.ValidFrom = next }), none)
	if err != nil {
		t.Fatal(err)
	}
	if bt := e.blockTime(r); bt != next {
		t.Fatalf("block time %d, want %d", bt, next)
	}
	next = e.head() + 1
	r, err = e.withdrawLaneNoEstimate(lv(20, func(v *protocol.LaneVoucher) { v.ValidFrom, v.ValidUntil = next, next }), none)
	if err != nil {
		t.Fatal(err)
	}
	if bt := e.blockTime(r); bt != next {
		t.Fatalf("block time %d, want %d", bt, next)
	}
	// One second late, the same kind of voucher fails on chain.
	next = e.head() + 1
	if _, err := e.withdrawLaneNoEstimate(lv(30, func(v *protocol.LaneVoucher) { v.ValidUntil = next - 1 }), none); !isErr(err, ErrTxFailed) {
		t.Fatalf("expired voucher mined: %v", err)
	}
	nonce-- // the failed one did not count

	// Hash lock: the wrong preimage is refused, the right one pays and is
	// recorded once; after the expiry even the right one is refused.
	var preimage [32]byte
	preimage[31] = 42
	lock := protocol.HashLockOf(preimage)
	until := e.head() + 600
	hl := func(amount int64) *protocol.LaneVoucher {
		return lv(amount, func(v *protocol.LaneVoucher) { v.HashLock, v.ValidUntil = lock, until })
	}
	wrong := preimage
	wrong[0] = 1
	_, err = e.m.WithdrawLane(e.ctx, e.miner, hl(40), wrong, protocol.Element{}, nil)
	wantRevert(t, err, ErrWrongPreimage)
	nonce--
	_, err = e.m.WithdrawLane(e.ctx, e.miner, hl(40), none, protocol.Element{}, nil)
	wantRevert(t, err, ErrWrongPreimage)
	nonce--
	if at, err := e.m.RevealedAt(e.ctx, lock); err != nil || !at.IsZero() {
		t.Fatalf("revealed before any claim: %v %v", at, err)
	}
	r, err = e.m.WithdrawLane(e.ctx, e.miner, hl(40), preimage, protocol.Element{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	claimedAt := e.blockTime(r)
	if at, err := e.m.RevealedAt(e.ctx, lock); err != nil || at.Unix() != int64(claimedAt) {
		t.Fatalf("revealed at %v (%v), want %d", at, err, claimedAt)
	}
	if _, err := e.m.RevealPreimage(e.ctx, e.other, preimage); err != nil { // later reveals change nothing
		t.Fatal(err)
	}
	if at, _ := e.m.RevealedAt(e.ctx, lock); at.Unix() != int64(claimedAt) {
		t.Fatalf("second reveal moved revealedAt to %v", at)
	}
	e.advance(time.Duration(until-e.head()+1) * time.Second)
	_, err = e.m.WithdrawLane(e.ctx, e.miner, hl(50), preimage, protocol.Element{}, nil)
	wantRevert(t, err, ErrExpired)
	nonce--

	// revealPreimage on its own (a hub publishing what it learned).
	var other [32]byte
	other[5] = 7
	r, err = e.m.RevealPreimage(e.ctx, e.other, other)
	if err != nil {
		t.Fatal(err)
	}
	if at, _ := e.m.RevealedAt(e.ctx, protocol.HashLockOf(other)); at.Unix() != int64(e.blockTime(r)) {
		t.Fatalf("revealPreimage recorded %v", at)
	}
	evs, err := e.m.Watch(WatchOptions{}).Poll(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var reveals []Event
	for _, ev := range evs {
		if ev.Kind == EventPreimageRevealed {
			reveals = append(reveals, ev)
		}
	}
	if len(reveals) != 2 || reveals[0].HashLock != lock || reveals[0].Preimage != preimage || reveals[1].Preimage != other {
		t.Fatalf("PreimageRevealed events %+v", reveals)
	}
	if l := e.lane(id, 1); l.Nonce != nonce || l.Withdrawn.Int64() != 40 {
		t.Fatalf("lane %+v, want nonce %d, 40 wei", l, nonce)
	}
}

// TestConditionalVoucherReverts: every hostile lane withdrawal reverts
// with its own error.
func TestConditionalVoucherReverts(t *testing.T) {
	e := newEnv(t)
	const deposit = 100_000
	id := e.open(price(deposit), testPrice)
	d := e.m.Domain()
	targetA := protocol.LaneTarget(id, 1)
	var salt [32]byte
	salt[0] = 3
	targetB := protocol.VirtualChannelID(d, addr(e.client), addr(e.miner), salt)
	stA := e.targetSteps(targetA, 2*4096)
	stB := e.targetSteps(targetB, 2*4096)
	cA0, pA0 := e.lock(&stA[0])
	cA1, pA1 := e.lock(&stA[1])
	cB, pB := e.lock(&stB[1]) // 8192 bytes, as the voucher below

	// The lane's first voucher pays (and proves A up to 4096 bytes).
	first := e.laneVoucher(e.client, id, 1, 1, price(4096), 4096, targetA, nil)
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, first, [32]byte{}, cA0, pA0); err != nil {
		t.Fatal(err)
	}
	// Next: nonce 2 for 8192 bytes, which needs a proof (A1).
	good := func(mod func(*protocol.LaneVoucher)) *protocol.LaneVoucher {
		return e.laneVoucher(e.client, id, 1, 2, price(8192), 8192, targetA, mod)
	}
	highS := *good(nil)
	sv := new(big.Int).SetBytes(highS.Signature[32:64])
	new(big.Int).Sub(crypto.S256().Params().N, sv).FillBytes(highS.Signature[32:64])
	highS.Signature[64] ^= 1
	r := protocol.ElementFromUint64(0)
	copy(r[:], bigR().FillBytes(make([]byte, 32)))
	var preimage [32]byte
	preimage[3] = 9
	now := e.head()

	closed, _, err := e.m.Open(e.ctx, e.client, OpenParams{Miner: addr(e.miner), KeyHash: e.keyHash(),
		PricePerByte: testPrice, ChallengePeriod: testHour, Deposit: price(10_000)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.CooperativeClose(e.ctx, e.miner, closed); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name     string
		v        *protocol.LaneVoucher
		preimage [32]byte
		counters protocol.Element
		proof    []byte
		want     *RevertError
	}{
		{"lane 0", good(func(v *protocol.LaneVoucher) { v.Lane = 0 }), [32]byte{}, cA1, pA1, ErrLaneZero},
		{"wrong signer", e.laneVoucher(e.other, id, 1, 2, price(8192), 8192, targetA, nil), [32]byte{}, cA1, pA1, ErrWrongSigner},
		{"high s", &highS, [32]byte{}, cA1, pA1, ErrMalleableSignature},
		{"replayed voucher", first, [32]byte{}, cA0, pA0, ErrStaleNonce},
		{"stale nonce, more money", e.laneVoucher(e.client, id, 1, 1, price(8192), 8192, targetA, nil), [32]byte{}, cA1, pA1, ErrStaleNonce},
		{"amount below withdrawn", good(func(v *protocol.LaneVoucher) { v.CumulativeAmount = price(4095) }), [32]byte{}, cA1, pA1, ErrAmountBelowWithdrawn},
		{"amount above bytes × price", good(func(v *protocol.LaneVoucher) { v.CumulativeAmount = new(big.Int).Add(price(8192), big.NewInt(1)) }), [32]byte{}, cA1, pA1, ErrAmountExceedsBytes},
		{"amount above deposit", good(func(v *protocol.LaneVoucher) { v.CumulativeBytes, v.CumulativeAmount = 1<<40, price(deposit+1) }), [32]byte{}, cA1, pA1, ErrAmountExceedsDeposit},
		{"proof for another target", good(nil), [32]byte{}, cB, pB, ErrInvalidProof},
		{"proof for another key hash", good(func(v *protocol.LaneVoucher) { v.TargetKeyHash = protocol.ElementFromUint64(12345) }), [32]byte{}, cA1, pA1, ErrInvalidProof},
		{"proof for fewer bytes", good(nil), [32]byte{}, cA0, pA0, ErrProvenTooFew},
		{"counters claiming more than the proof", good(nil), [32]byte{}, protocol.PackCounters(1, 8192), pA0, ErrInvalidProof},
		{"garbage proof", good(nil), [32]byte{}, cA1, make([]byte, len(pA1)), ErrInvalidProof},
		{"missing proof, nothing proven", good(nil), [32]byte{}, protocol.Element{}, nil, ErrProofRequired},
		{"target zero", good(func(v *protocol.LaneVoucher) { v.Target = protocol.Element{} }), [32]byte{}, cA1, pA1, ErrBadTarget},
		{"target not in field", good(func(v *protocol.LaneVoucher) { v.Target = r }), [32]byte{}, cA1, pA1, ErrBadTarget},
		{"key hash not in field", good(func(v *protocol.LaneVoucher) { v.TargetKeyHash = r }), [32]byte{}, cA1, pA1, ErrKeyHashNotInField},
		{"not yet valid", good(func(v *protocol.LaneVoucher) { v.ValidFrom = now + 1000 }), [32]byte{}, cA1, pA1, ErrNotYetValid},
		{"expired", good(func(v *protocol.LaneVoucher) { v.ValidUntil = now - 1 }), [32]byte{}, cA1, pA1, ErrExpired},
		{"hash lock without expiry", good(func(v *protocol.LaneVoucher) { v.HashLock = protocol.HashLockOf(preimage) }), preimage, cA1, pA1, ErrHashLockWithoutExpiry},
		{"wrong preimage", good(func(v *protocol.LaneVoucher) { v.HashLock, v.ValidUntil = protocol.HashLockOf(preimage), now+1000 }), [32]byte{1}, cA1, pA1, ErrWrongPreimage},
		{"expired hash lock", good(func(v *protocol.LaneVoucher) { v.HashLock, v.ValidUntil = protocol.HashLockOf(preimage), now-1 }), preimage, cA1, pA1, ErrExpired},
		{"unknown channel", good(func(v *protocol.LaneVoucher) { v.ChannelID = protocol.ElementFromUint64(77) }), [32]byte{}, cA1, pA1, ErrUnknownChannel},
		{"closed channel", e.laneVoucher(e.client, closed, 1, 1, price(4096), 4096, targetA, nil), [32]byte{}, protocol.Element{}, nil, ErrWrongState},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.m.WithdrawLane(e.ctx, e.miner, tc.v, tc.preimage, tc.counters, tc.proof)
			wantRevert(t, err, tc.want)
		})
	}
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, first, [32]byte{}, cA1, pA1); !isErr(err, ErrStaleNonce) {
		t.Fatalf("replay with another proof: %v", err)
	}
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, good(nil), [32]byte{}, protocol.Element(maxCountersElement()), pA1); !isErr(err, ErrCountersRange) {
		t.Fatalf("counters of 129 bits: %v", err)
	}

	// The good voucher still pays after all that; then the challenge
	// period of a closing channel ends and it pays no more.
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, good(nil), [32]byte{}, cA1, pA1); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	e.advance(testHour)
	late := e.laneVoucher(e.client, id, 1, 3, price(8192), 8192, targetA, nil)
	_, err = e.m.WithdrawLane(e.ctx, e.miner, late, [32]byte{}, protocol.Element{}, nil)
	wantRevert(t, err, ErrChallengePeriodOver)
}

// bigR is the BN254 scalar field modulus (the contract's R).
func bigR() *big.Int {
	r, _ := new(big.Int).SetString("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16)
	return r
}

func maxCountersElement() [32]byte {
	var e [32]byte
	e[15] = 1 // 2^128
	return e
}

// TestCheckLaneVoucherAgreesWithContract: for hostile lane vouchers,
// protocol.CheckLaneVoucher (as a settler runs it: Redeem, the channel and
// lane read from chain) refuses exactly when withdrawLane reverts, so no
// role accepts a voucher the chain will not pay, nor refuses one it will.
func TestCheckLaneVoucherAgreesWithContract(t *testing.T) {
	e := newEnv(t)
	const deposit = 12_000 // lane 1 may reach 7,904: below the 8,192 bytes proven
	id := e.open(price(deposit), testPrice)
	target := protocol.LaneTarget(id, 1)
	st := e.targetSteps(target, 2*4096)
	c, p := e.lock(&st[1])
	// The proof lock is the chain's alone (CheckLaneVoucher cannot see
	// proofs): prove the target first so only the shared rules decide.
	if _, err := e.m.ProveTarget(e.ctx, e.other, target, e.keyHash(), c, p); err != nil {
		t.Fatal(err)
	}
	first := e.laneVoucher(e.client, id, 1, 1, price(4096), 4096, target, nil)
	if _, err := e.m.WithdrawLane(e.ctx, e.miner, first, [32]byte{}, protocol.Element{}, nil); err != nil {
		t.Fatal(err)
	}
	direct := e.session(id, 4096, testPrice).Steps
	if _, err := e.m.Withdraw(e.ctx, e.miner, &direct[0].Voucher, e.proof(&direct[0])); err != nil {
		t.Fatal(err)
	}
	closed, _, err := e.m.Open(e.ctx, e.client, OpenParams{Miner: addr(e.miner), KeyHash: e.keyHash(),
		PricePerByte: testPrice, ChallengePeriod: testHour, Deposit: price(10_000)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.CooperativeClose(e.ctx, e.miner, closed); err != nil {
		t.Fatal(err)
	}
	now := e.head()
	var preimage [32]byte
	preimage[0] = 5
	// Each case has a fresh nonce (but the stale one), so a voucher that
	// pays does not decide the cases after it; those that pay come last.
	nonce := uint64(1)
	lv := func(mod func(*protocol.LaneVoucher)) *protocol.LaneVoucher {
		nonce++
		return e.laneVoucher(e.client, id, 1, nonce, price(6000), 8192, target, mod)
	}
	free := uint64(deposit - 4096 - 4096) // lane 1 may reach 4096 + free
	cases := []struct {
		name string
		v    *protocol.LaneVoucher
	}{
		{"stale nonce", lv(func(v *protocol.LaneVoucher) { v.Nonce = 1 })},
		{"amount below withdrawn", lv(func(v *protocol.LaneVoucher) { v.CumulativeAmount = price(4000) })},
		{"amount above bytes × price", lv(func(v *protocol.LaneVoucher) { v.CumulativeAmount = price(8193) })},
		{"amount above deposit", lv(func(v *protocol.LaneVoucher) {
			v.CumulativeAmount = new(big.Int).Add(price(4096+free), big.NewInt(1))
		})},
		{"wrong signer", e.laneVoucher(e.other, id, 1, 99, price(6000), 8192, target, nil)},
		{"not yet valid", lv(func(v *protocol.LaneVoucher) { v.ValidFrom = now + 1 })},
		{"expired", lv(func(v *protocol.LaneVoucher) { v.ValidUntil = now - 1 })},
		{"wrong hash lock", lv(func(v *protocol.LaneVoucher) { v.HashLock, v.ValidUntil = common.Hash{1}, now+100 })},
		{"closed channel", e.laneVoucher(e.client, closed, 1, 1, price(10), 10, target, nil)},
		// (Not "until now": the estimate runs at the head's time, the block
		// is mined a second later; TestTimeLocks covers that bound.)
		{"valid from now", lv(func(v *protocol.LaneVoucher) { v.ValidFrom = now })},
		{"right hash lock", lv(func(v *protocol.LaneVoucher) { v.HashLock, v.ValidUntil = protocol.HashLockOf(preimage), now+100 })},
		{"amount at deposit", lv(func(v *protocol.LaneVoucher) { v.CumulativeAmount = price(4096 + free) })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v
			chain, lane, err := e.m.LaneState(e.ctx, v.ChannelID, v.Lane)
			if err != nil {
				t.Fatal(err)
			}
			// The settler's hash lock is the one it holds the preimage of.
			lock := v.HashLock
			if lock != (common.Hash{}) {
				lock = protocol.HashLockOf(preimage)
			}
			checkErr := protocol.CheckLaneVoucher(v, protocol.LaneContext{
				Terms: protocol.ChannelTerms{ID: v.ChannelID, Client: addr(e.client), Miner: addr(e.miner),
					PricePerByte: testPrice, Domain: e.m.Domain()},
				HashLock: lock, Chain: chain, ChainLane: lane, Redeem: true, Now: time.Unix(int64(e.head()), 0),
			})
			_, chainErr := e.m.WithdrawLane(e.ctx, e.miner, v, preimage, protocol.Element{}, nil)
			if (checkErr == nil) != (chainErr == nil) {
				t.Fatalf("CheckLaneVoucher: %v; contract: %v", checkErr, chainErr)
			}
			if chainErr != nil && !isErr(chainErr, ErrReverted) {
				t.Fatalf("not a revert: %v", chainErr)
			}
			t.Logf("check: %v; contract: %v", checkErr, chainErr)
		})
	}
}

// FuzzDecodeLaneEvents: logs come from a node; decoding any topics and
// data under the lane events' ids must fail cleanly, never panic, and a
// decoded event must carry field elements only.
func FuzzDecodeLaneEvents(f *testing.F) {
	m := &Manager{cm: channelmanager.NewChannelManager()}
	a := m.cm.GetABI()
	ids := []common.Hash{a.Events[string(EventLaneWithdrawn)].ID, a.Events[string(EventProven)].ID,
		a.Events[string(EventPreimageRevealed)].ID}
	f.Add(uint8(0), []byte{1}, []byte{2}, []byte{3}, make([]byte, 96))
	f.Add(uint8(1), make([]byte, 32), make([]byte, 32), []byte{}, make([]byte, 32))
	f.Add(uint8(2), bytes.Repeat([]byte{0xff}, 32), []byte{}, []byte{}, make([]byte, 32))
	f.Fuzz(func(t *testing.T, kind uint8, t1, t2, t3, data []byte) {
		if len(data) > 4096 {
			return
		}
		l := &types.Log{Topics: []common.Hash{ids[int(kind)%len(ids)]}, Data: data}
		for _, tp := range [][]byte{t1, t2, t3} {
			if len(tp) > 0 {
				l.Topics = append(l.Topics, common.BytesToHash(tp))
			}
		}
		ev, err := m.decodeEvent(l)
		if err != nil {
			return
		}
		if !ev.Channel.Valid() || !ev.Target.Valid() || !ev.KeyHash.Valid() {
			t.Fatalf("decoded an element out of the field: %+v", ev)
		}
	})
}
