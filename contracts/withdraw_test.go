package contracts

import (
	"math/big"
	"testing"
)

// TestWithdrawHappyPath: the miner withdraws twice with real proofs and is
// paid exactly the difference each time.
func TestWithdrawHappyPath(t *testing.T) {
	e := newEnv(t)
	price := gwei
	deposit := new(big.Int).Mul(big.NewInt(1_000_000), gwei)
	id := e.open(deposit, price)
	sess := e.session(id, 3*4096, price)
	if len(sess.Steps) != 3 {
		t.Fatalf("%d steps", len(sess.Steps))
	}
	paid := new(big.Int)
	for _, i := range []int{0, 2} {
		st := &sess.Steps[i]
		before := e.balance(addr(e.miner))
		r, err := e.m.Withdraw(e.ctx, e.miner, &st.Voucher, e.proof(st))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("withdraw nonce %d: %d gas", st.Voucher.Nonce, r.GasUsed)
		got := new(big.Int).Sub(e.balance(addr(e.miner)), before)
		got.Add(got, fee(r))
		want := new(big.Int).Sub(st.Voucher.CumulativeAmount, paid)
		if got.Cmp(want) != 0 {
			t.Fatalf("step %d: miner got %v, want %v", i, got, want)
		}
		paid.Set(st.Voucher.CumulativeAmount)
	}
	c := e.channel(id)
	if c.Nonce != sess.Steps[2].Voucher.Nonce || c.Withdrawn.Cmp(paid) != 0 || c.State != StateOpen {
		t.Fatalf("channel after withdrawals: %+v", c)
	}
}
