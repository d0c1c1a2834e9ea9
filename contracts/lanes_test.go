package contracts

import (
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
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

var _ = crypto.Keccak256
var _ = prototest.NewSeeded
