package node

import (
	"math/big"
	"testing"
	"time"

	"github.com/bwproof/bwproof/attest"
)

func TestSettlerAnswersStaleClose(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(3)
	deposit := big.NewInt(1_000_000)
	id := e.open(deposit, price, time.Hour)
	info := e.info(id, price)
	sess := e.session(id, 8192, price) // nonce 1: 4096 bytes, nonce 2: 8192 bytes
	old, latest := &sess.Steps[0], &sess.Steps[1]
	e.accept(info, sess.Steps...)
	// The miner settled the old voucher earlier; it now holds a newer one.
	a, err := attest.Prove(e.ctx, e.s.keys, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.WithdrawAttestation(e.ctx, e.miner, &old.Voucher, a); err != nil {
		t.Fatal(err)
	}
	s := e.settler(SettlerOptions{})
	if err := s.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.Withdrawals != 0 || len(st.Channels) != 1 || st.Channels[0].Next.Settle {
		t.Fatalf("open channel without a threshold: %+v", st)
	}
	// The client closes as if the old voucher were the last.
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	closesAt := e.channel(id).ClosesAt
	before := e.balance(addrOf(e.miner))
	if err := s.Step(e.ctx); err != nil { // left alone: sees CloseStarted, proves, withdraws
		t.Fatal(err)
	}
	ch := e.channel(id)
	if ch.Nonce != latest.Voucher.Nonce || ch.Withdrawn.Cmp(latest.Voucher.CumulativeAmount) != 0 {
		t.Fatalf("on chain: nonce %d, withdrawn %s; want %d, %s", ch.Nonce, ch.Withdrawn, latest.Voucher.Nonce, latest.Voucher.CumulativeAmount)
	}
	st := s.Status()
	if st.Withdrawals != 1 || st.Proofs != 1 || st.Alarms != 0 {
		t.Fatalf("status %+v", st)
	}
	// The miner received exactly the difference to the old voucher, net of
	// the gas it paid.
	jr, err := ReadJournal(s.opts.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	rec := jr[id]
	if rec.Phase != PhaseDone || rec.Nonce != latest.Voucher.Nonce {
		t.Fatalf("journal %+v", rec)
	}
	gasWei, _ := new(big.Int).SetString(rec.GasWei, 10)
	got := new(big.Int).Sub(e.balance(addrOf(e.miner)), before)
	want := new(big.Int).Sub(new(big.Int).Sub(latest.Voucher.CumulativeAmount, old.Voucher.CumulativeAmount), gasWei)
	if got.Cmp(want) != 0 {
		t.Fatalf("miner balance moved by %s wei, want %s", got, want)
	}
	if head, _ := e.sim.Backend().HeaderByNumber(e.ctx, nil); !time.Unix(int64(head.Time), 0).Before(closesAt) {
		t.Fatalf("withdrawn at %d, period ended %s", head.Time, closesAt)
	}
	// After the period the client's refund is the rest, to the wei.
	if err := e.sim.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	cb := e.balance(addrOf(e.client))
	r, err := e.m.Finalize(e.ctx, e.client, id)
	if err != nil {
		t.Fatal(err)
	}
	refund := new(big.Int).Add(new(big.Int).Sub(e.balance(addrOf(e.client)), cb), fee(r))
	if want := new(big.Int).Sub(deposit, latest.Voucher.CumulativeAmount); refund.Cmp(want) != 0 {
		t.Fatalf("refund %s wei, want %s", refund, want)
	}
	// Nothing more to do, and nothing sent twice.
	if err := s.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.withdrawEvents(id, latest.Voucher.Nonce); n != 1 || s.Status().Withdrawals != 1 {
		t.Fatalf("%d withdrawals of the latest nonce", n)
	}
}

func TestAutoSettleThreshold(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(1)
	id := e.open(big.NewInt(1_000_000), price, time.Hour)
	info := e.info(id, price)
	sess := e.session(id, 16384, price) // 4 steps of 4096 bytes
	gas := &fixedGas{price: big.NewInt(1e9)}
	s := e.settler(SettlerOptions{GasPrice: gas, Policy: AutoSettle{SettleThreshold: big.NewInt(8192),
		MaxGasPrice: big.NewInt(10e9), DeadlineMargin: 15 * time.Minute}})
	step := func(wantWithdrawn int64, wantReason string) {
		t.Helper()
		if err := s.Step(e.ctx); err != nil {
			t.Fatal(err)
		}
		ch := e.channel(id)
		if ch.Withdrawn.Int64() != wantWithdrawn {
			t.Fatalf("withdrawn %s, want %d", ch.Withdrawn, wantWithdrawn)
		}
		st := s.Status()
		if len(st.Channels) != 1 || st.Channels[0].Next.Reason != wantReason {
			t.Fatalf("next settlement %+v, want reason %q", st.Channels, wantReason)
		}
	}
	e.accept(info, sess.Steps[0])
	step(0, ReasonBelowThreshold) // 4096 unsettled
	e.accept(info, sess.Steps[1])
	step(8192, ReasonThreshold) // reached: withdrawn at once
	step(8192, ReasonNothingUnsettled)
	e.accept(info, sess.Steps[2:]...)
	gas.set(big.NewInt(100e9)) // 8192 unsettled again, gas above the cap
	step(8192, ReasonGasAboveCap)
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	closesAt := e.channel(id).ClosesAt
	step(8192, ReasonGasAboveCap) // closing, deadline still far
	// 50 minutes later the deadline margin is reached: withdraw whatever the gas.
	if err := e.sim.AdjustTime(50 * time.Minute); err != nil {
		t.Fatal(err)
	}
	step(16384, ReasonDeadline)
	head, err := e.sim.Backend().HeaderByNumber(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !time.Unix(int64(head.Time), 0).Before(closesAt) {
		t.Fatalf("withdrawn at %d, after the period ended at %s", head.Time, closesAt)
	}
	if st := s.Status(); st.Withdrawals != 2 || st.Proofs != 2 {
		t.Fatalf("status %+v", st)
	}
}
