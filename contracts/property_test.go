package contracts

import (
	"fmt"
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/protocol"
)

// model is what the contract should hold for one channel.
type model struct {
	deposit, withdrawn *big.Int
	nonce              uint64
	state              State
	closesAt           uint64
	refunded           *big.Int
}

// TestPropertyNoOverpay plays random sequences of withdrawals (honest,
// inflated, stale, decreasing vouchers; real proofs), top-ups, closes,
// clock jumps and finalizations against a model of the contract. Each
// call must succeed exactly when the model says so, the chain must match
// the model after every step, and the payee's income plus the refund must
// never exceed what was deposited: the contract never pays out more than
// it holds for the channel.
func TestPropertyNoOverpay(t *testing.T) {
	const sequences = 25
	const actions = 24
	seed := uint64(time.Now().UnixNano())
	if testing.Short() {
		seed = 1
	}
	t.Logf("seed %d", seed)
	for seq := range sequences {
		t.Run(fmt.Sprint(seq), func(t *testing.T) {
			runSequence(t, rand.New(rand.NewPCG(seed, uint64(seq))), actions)
		})
	}
}

func runSequence(t *testing.T, rng *rand.Rand, actions int) {
	e := newEnv(t)
	payee := addr(e.owner) // sends nothing, so its balance is pure income
	if _, err := e.m.SetOwner(e.ctx, e.miner, payee); err != nil {
		t.Fatal(err)
	}
	m := &model{deposit: bigMul(gwei, rng.Int64N(16_000)), withdrawn: new(big.Int), state: StateOpen, refunded: new(big.Int)}
	id := e.open(m.deposit, testPrice) // the same id on every fresh chain: proofs are reused
	steps := e.session(id, 3*4096, testPrice).Steps
	payeeStart := e.balance(payee)
	totalIn := new(big.Int).Set(m.deposit)
	d := e.m.Domain()

	var log []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s\nafter: %v", fmt.Sprintf(format, args...), log)
	}
	// now is the next block's earliest timestamp; near closesAt the outcome
	// of time-dependent calls is not predicted (blocks tick by >= 1 s).
	now := func() uint64 {
		h, err := e.sim.backend.HeaderByNumber(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return h.Time + 1
	}
	inWindow := func() (ok, sure bool) {
		n := now()
		return n < m.closesAt, n+5 < m.closesAt || n > m.closesAt+5
	}
	check := func(what string, err error, want, sure bool) {
		t.Helper()
		log = append(log, fmt.Sprintf("%s=%v", what, err == nil))
		if sure && (err == nil) != want {
			fail("%s: model expects success=%v, got %v", what, want, err)
		}
		if err != nil && !isErr(err, ErrReverted) {
			fail("%s: not a revert: %v", what, err)
		}
	}

	for range actions {
		switch k := rng.IntN(100); {
		case k < 55: // withdraw
			st := &steps[rng.IntN(len(steps))]
			max := new(big.Int).Mul(new(big.Int).SetUint64(st.Voucher.CumulativeBytes), testPrice)
			var amount *big.Int
			switch rng.IntN(4) {
			case 0:
				amount = max
			case 1:
				amount = new(big.Int).Add(max, big.NewInt(1+rng.Int64N(1000)))
			case 2:
				amount = randBelow(rng, new(big.Int).Add(m.deposit, big.NewInt(1)))
			default:
				amount = randBelow(rng, new(big.Int).Add(max, big.NewInt(1)))
			}
			v := resign(t, d, st.Voucher, e.client, st.Voucher.Nonce, amount, st.Voucher.CumulativeBytes)
			want, sure := m.state == StateOpen || m.state == StateClosing, true
			if m.state == StateClosing {
				want, sure = inWindow()
			}
			want = want && v.Nonce > m.nonce && amount.Cmp(m.deposit) <= 0 && amount.Cmp(max) <= 0 && amount.Cmp(m.withdrawn) >= 0
			sender := e.miner
			if rng.IntN(2) == 0 {
				sender = e.other
			}
			_, err := e.m.Withdraw(e.ctx, sender, v, e.proof(st))
			check(fmt.Sprintf("withdraw(n=%d,amt=%v)", v.Nonce, amount), err, want, sure)
			if err == nil {
				m.nonce, m.withdrawn = v.Nonce, amount
			}
		case k < 65: // top up
			amt := bigMul(gwei, rng.Int64N(2000))
			_, err := e.m.TopUp(e.ctx, e.client, id, amt)
			check("topUp", err, m.state == StateOpen, true)
			if err == nil {
				m.deposit.Add(m.deposit, amt)
				totalIn.Add(totalIn, amt)
			}
		case k < 73: // client starts closing
			_, err := e.m.StartClose(e.ctx, e.client, id)
			check("startClose", err, m.state == StateOpen, true)
			if err == nil {
				m.state = StateClosing
				m.closesAt = uint64(e.channel(id).ClosesAt.Unix())
			}
		case k < 86: // the clock moves
			if err := e.sim.AdjustTime(time.Duration(rng.IntN(3)) * 40 * time.Minute); err != nil {
				t.Fatal(err)
			}
			log = append(log, "advance")
		case k < 97: // anyone finalizes
			want, sure := m.state == StateClosing, true
			if want {
				in, s := inWindow()
				want, sure = !in, s
			}
			r := e.closeAndMeasure(id, func() (*types.Receipt, error) { return e.m.Finalize(e.ctx, e.other, id) })
			check("finalize", r.err, want, sure)
			if r.err == nil {
				m.state = StateClosed
				m.refunded = r.refund
			}
		default: // the miner closes cooperatively
			r := e.closeAndMeasure(id, func() (*types.Receipt, error) { return e.m.CooperativeClose(e.ctx, e.miner, id) })
			check("cooperativeClose", r.err, m.state == StateOpen || m.state == StateClosing, true)
			if r.err == nil {
				m.state = StateClosed
				m.refunded = r.refund
			}
		}

		// The chain matches the model, and nothing was paid beyond it.
		ch := e.channel(id)
		if ch.State != m.state || ch.Nonce != m.nonce || ch.Withdrawn.Cmp(m.withdrawn) != 0 {
			fail("chain %v/%d/%v, model %v/%d/%v", ch.State, ch.Nonce, ch.Withdrawn, m.state, m.nonce, m.withdrawn)
		}
		income := new(big.Int).Sub(e.balance(payee), payeeStart)
		if income.Cmp(m.withdrawn) != 0 {
			fail("payee received %v, model withdrew %v", income, m.withdrawn)
		}
		if m.withdrawn.Cmp(m.deposit) > 0 {
			fail("withdrawn %v above deposit %v", m.withdrawn, m.deposit)
		}
		out := new(big.Int).Add(income, m.refunded)
		if out.Cmp(totalIn) > 0 {
			fail("paid out %v, deposited %v", out, totalIn)
		}
		held := e.balance(e.m.Address())
		wantHeld := new(big.Int).Sub(totalIn, out)
		if m.state == StateClosed {
			if wantHeld.Sign() != 0 {
				fail("closed: paid out %v of %v", out, totalIn)
			}
		}
		if held.Cmp(wantHeld) != 0 {
			fail("contract holds %v, want %v", held, wantHeld)
		}
	}
	if testing.Verbose() {
		t.Logf("%v", log)
	}
}

type closeResult struct {
	err    error
	refund *big.Int
}

// closeAndMeasure runs a close sent by someone other than the client (the
// funder here) and returns the client's balance change: the refund.
func (e *env) closeAndMeasure(id protocol.Element, f func() (*types.Receipt, error)) closeResult {
	before := e.balance(addr(e.client))
	_, err := f()
	return closeResult{err: err, refund: new(big.Int).Sub(e.balance(addr(e.client)), before)}
}

// randBelow returns a uniform integer in [0, n).
func randBelow(rng *rand.Rand, n *big.Int) *big.Int {
	return new(big.Int).Rand(mrand.New(rngSource{rng}), n)
}

// rngSource adapts math/rand/v2 to math/rand's Source for big.Int.Rand.
type rngSource struct{ r *rand.Rand }

func (s rngSource) Int63() int64 { return s.r.Int64() }
func (s rngSource) Seed(int64)   {}

// TestPropertyLanesNoOverpay plays random interleavings of direct
// withdrawals, lane withdrawals on two lanes (honest, inflated, stale,
// decreasing; real proofs), top-ups, closes and clock jumps against a
// model. Each call must succeed exactly when the model says so, the chain
// must match the model after every step, the payee must never receive
// more than the deposit, and a close must refund exactly the rest.
func TestPropertyLanesNoOverpay(t *testing.T) {
	const sequences = 10
	const actions = 30
	seed := uint64(time.Now().UnixNano())
	if testing.Short() {
		seed = 1
	}
	t.Logf("seed %d", seed)
	for seq := range sequences {
		t.Run(fmt.Sprint(seq), func(t *testing.T) {
			runLaneSequence(t, rand.New(rand.NewPCG(seed, uint64(seq))), actions)
		})
	}
}

func runLaneSequence(t *testing.T, rng *rand.Rand, actions int) {
	e := newEnv(t)
	payee := addr(e.owner)
	if _, err := e.m.SetOwner(e.ctx, e.miner, payee); err != nil {
		t.Fatal(err)
	}
	m := &model{deposit: bigMul(gwei, 4000+rng.Int64N(16_000)), withdrawn: new(big.Int), state: StateOpen, refunded: new(big.Int)}
	type laneModel struct {
		nonce     uint64
		withdrawn *big.Int
	}
	lanes := map[uint32]*laneModel{1: {withdrawn: new(big.Int)}, 2: {withdrawn: new(big.Int)}}
	laneTotal := new(big.Int)
	id := e.open(m.deposit, testPrice) // the same id on every fresh chain: proofs are reused
	steps := e.session(id, 3*4096, testPrice).Steps
	laneSteps := map[uint32][]protocol.Step{1: e.targetSteps(protocol.LaneTarget(id, 1), 2*4096),
		2: e.targetSteps(protocol.LaneTarget(id, 2), 2*4096)}
	payeeStart := e.balance(payee)
	totalIn := new(big.Int).Set(m.deposit)
	d := e.m.Domain()

	var log []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s\nafter: %v", fmt.Sprintf(format, args...), log)
	}
	inWindow := func() (ok, sure bool) {
		n := e.head() + 1
		return n < m.closesAt, n+5 < m.closesAt || n > m.closesAt+5
	}
	stateOK := func() (bool, bool) {
		switch m.state {
		case StateOpen:
			return true, true
		case StateClosing:
			return inWindow()
		}
		return false, true
	}
	check := func(what string, err error, want, sure bool) {
		t.Helper()
		log = append(log, fmt.Sprintf("%s=%v", what, err == nil))
		if sure && (err == nil) != want {
			fail("%s: model expects success=%v, got %v", what, want, err)
		}
		if err != nil && !isErr(err, ErrReverted) && !isErr(err, ErrTxFailed) {
			fail("%s: not a revert: %v", what, err)
		}
	}
	// free is what neither the direct voucher nor any lane was paid.
	free := func() *big.Int {
		f := new(big.Int).Sub(m.deposit, m.withdrawn)
		return f.Sub(f, laneTotal)
	}
	amountFor := func(max, floor *big.Int) *big.Int {
		switch rng.IntN(4) {
		case 0:
			return max
		case 1:
			return new(big.Int).Add(max, big.NewInt(1+rng.Int64N(1000)))
		case 2:
			return randBelow(rng, new(big.Int).Add(m.deposit, big.NewInt(1)))
		default:
			return new(big.Int).Add(floor, randBelow(rng, new(big.Int).Add(new(big.Int).Sub(max, floor).Abs(new(big.Int).Sub(max, floor)), big.NewInt(1))))
		}
	}

	for range actions {
		switch k := rng.IntN(100); {
		case k < 30: // direct withdraw
			st := &steps[rng.IntN(len(steps))]
			max := price(st.Voucher.CumulativeBytes)
			amount := amountFor(max, m.withdrawn)
			v := resign(t, d, st.Voucher, e.client, st.Voucher.Nonce, amount, st.Voucher.CumulativeBytes)
			want, sure := stateOK()
			left := new(big.Int).Sub(m.deposit, laneTotal)
			want = want && v.Nonce > m.nonce && amount.Cmp(left) <= 0 && amount.Cmp(max) <= 0 && amount.Cmp(m.withdrawn) >= 0
			_, err := e.m.Withdraw(e.ctx, e.miner, v, e.proof(st))
			check(fmt.Sprintf("withdraw(n=%d,amt=%v)", v.Nonce, amount), err, want, sure)
			if err == nil {
				m.nonce, m.withdrawn = v.Nonce, amount
			}
		case k < 65: // lane withdraw, with the proof of its step
			ln := uint32(1 + rng.IntN(2))
			l := lanes[ln]
			st := &laneSteps[ln][rng.IntN(2)]
			n := st.Voucher.CumulativeBytes
			max := price(n)
			amount := amountFor(max, l.withdrawn)
			nonce := l.nonce + uint64(rng.IntN(3)) // 0: a replayed nonce
			v := e.laneVoucher(e.client, id, ln, nonce, amount, n, protocol.LaneTarget(id, ln), nil)
			want, sure := stateOK()
			delta := new(big.Int).Sub(amount, l.withdrawn)
			want = want && nonce > l.nonce && delta.Sign() >= 0 && amount.Cmp(max) <= 0 && delta.Cmp(free()) <= 0
			c, p := e.lock(st)
			sender := e.miner
			if rng.IntN(2) == 0 {
				sender = e.other
			}
			_, err := e.m.WithdrawLane(e.ctx, sender, v, [32]byte{}, c, p)
			check(fmt.Sprintf("lane%d(n=%d,amt=%v)", ln, nonce, amount), err, want, sure)
			if err == nil {
				l.nonce, l.withdrawn = nonce, amount
				laneTotal.Add(laneTotal, delta)
			}
		case k < 73: // top up
			amt := bigMul(gwei, rng.Int64N(2000))
			_, err := e.m.TopUp(e.ctx, e.client, id, amt)
			check("topUp", err, m.state == StateOpen, true)
			if err == nil {
				m.deposit.Add(m.deposit, amt)
				totalIn.Add(totalIn, amt)
			}
		case k < 80: // client starts closing
			_, err := e.m.StartClose(e.ctx, e.client, id)
			check("startClose", err, m.state == StateOpen, true)
			if err == nil {
				m.state = StateClosing
				m.closesAt = uint64(e.channel(id).ClosesAt.Unix())
			}
		case k < 90: // the clock moves
			if err := e.sim.AdjustTime(time.Duration(rng.IntN(3)) * 40 * time.Minute); err != nil {
				t.Fatal(err)
			}
			log = append(log, "advance")
		case k < 97: // anyone finalizes
			want, sure := m.state == StateClosing, true
			if want {
				in, s := inWindow()
				want, sure = !in, s
			}
			r := e.closeAndMeasure(id, func() (*types.Receipt, error) { return e.m.Finalize(e.ctx, e.other, id) })
			check("finalize", r.err, want, sure)
			if r.err == nil {
				m.state = StateClosed
				m.refunded = r.refund
				if r.refund.Cmp(free()) != 0 {
					fail("refund %v, want the rest %v", r.refund, free())
				}
				m.deposit = new(big.Int).Add(m.withdrawn, laneTotal) // nothing left to pay out
			}
		default: // the miner closes cooperatively
			r := e.closeAndMeasure(id, func() (*types.Receipt, error) { return e.m.CooperativeClose(e.ctx, e.miner, id) })
			check("cooperativeClose", r.err, m.state == StateOpen || m.state == StateClosing, true)
			if r.err == nil {
				m.state = StateClosed
				m.refunded = r.refund
				if r.refund.Cmp(free()) != 0 {
					fail("refund %v, want the rest %v", r.refund, free())
				}
				m.deposit = new(big.Int).Add(m.withdrawn, laneTotal) // nothing left to pay out
			}
		}

		ch := e.channel(id)
		if ch.State != m.state || ch.Nonce != m.nonce || ch.Withdrawn.Cmp(m.withdrawn) != 0 ||
			ch.LaneWithdrawn.Cmp(laneTotal) != 0 || ch.Deposit.Cmp(m.deposit) != 0 {
			fail("chain %v/%d/%v/%v/%v, model %v/%d/%v/%v/%v", ch.State, ch.Nonce, ch.Withdrawn, ch.LaneWithdrawn, ch.Deposit,
				m.state, m.nonce, m.withdrawn, laneTotal, m.deposit)
		}
		for ln, l := range lanes {
			if cl := e.lane(id, ln); cl.Nonce != l.nonce || cl.Withdrawn.Cmp(l.withdrawn) != 0 {
				fail("lane %d chain %d/%v, model %d/%v", ln, cl.Nonce, cl.Withdrawn, l.nonce, l.withdrawn)
			}
		}
		paid := new(big.Int).Add(m.withdrawn, laneTotal)
		income := new(big.Int).Sub(e.balance(payee), payeeStart)
		if income.Cmp(paid) != 0 {
			fail("payee received %v, model paid %v", income, paid)
		}
		if paid.Cmp(m.deposit) > 0 {
			fail("paid %v above deposit %v", paid, m.deposit)
		}
		out := new(big.Int).Add(income, m.refunded)
		wantHeld := new(big.Int).Sub(totalIn, out)
		if m.state == StateClosed && wantHeld.Sign() != 0 {
			fail("closed: paid out %v of %v", out, totalIn)
		}
		if held := e.balance(e.m.Address()); held.Cmp(wantHeld) != 0 {
			fail("contract holds %v, want %v", held, wantHeld)
		}
	}
	if testing.Verbose() {
		t.Logf("%v", log)
	}
}
