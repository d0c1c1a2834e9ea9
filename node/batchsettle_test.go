package node

import (
	"bytes"
	"context"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

var (
	batchOnce sync.Once
	batchKeys *attest.BatchKeys
	batchArt  *solc.Artifact
	batchErr  error
)

// sharedBatch is one K = 2 batch key set (the test window) and its
// compiled verifier per test binary.
func sharedBatch(t testing.TB) (*attest.BatchKeys, *solc.Artifact) {
	t.Helper()
	getShared(t) // skips without solc, like every chain test
	batchOnce.Do(func() {
		ctx := context.Background()
		c, err := solc.NewCompiler(solc.Options{})
		if err != nil {
			batchErr = err
			return
		}
		if batchKeys, batchErr = attest.SetupBatch(ctx, testShape, 2, attest.SetupOptions{}); batchErr != nil {
			return
		}
		var src bytes.Buffer
		if batchErr = batchKeys.ExportSolidity(&src); batchErr != nil {
			return
		}
		batchArt, batchErr = solc.CompileVerifier(ctx, c, src.Bytes())
	})
	if batchErr != nil {
		t.Fatal(batchErr)
	}
	return batchKeys, batchArt
}

// TestAutoSettleBatch: two channels of the miner reach the threshold in
// the same Step; the settler proves them in one batch proof and withdraws
// both in one withdrawBatch transaction; the chain and the miner's balance
// are exact. A third channel without a registered tag is withdrawn alone.
func TestAutoSettleBatch(t *testing.T) {
	bk, art := sharedBatch(t)
	e := newEnv(t, false)
	v, _, err := contracts.DeployVerifier(e.ctx, e.sim.Chain, e.deployer, e.s.verifier)
	if err != nil {
		t.Fatal(err)
	}
	bv, _, err := contracts.DeployVerifier(e.ctx, e.sim.Chain, e.deployer, art)
	if err != nil {
		t.Fatal(err)
	}
	if e.m, _, err = contracts.DeployManagerBatch(e.ctx, e.sim.Chain, e.deployer, v.Address(), bv.Address(), bk.Slots); err != nil {
		t.Fatal(err)
	}
	price := big.NewInt(2)
	var ids []protocol.Element
	var latest []*protocol.Step
	for i := range 3 {
		id := e.open(big.NewInt(1_000_000), price, time.Hour)
		if i < 2 {
			tag, err := circuits.BatchTag(id, e.keyHash())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.m.SetBatchTag(e.ctx, e.client, id, tag); err != nil {
				t.Fatal(err)
			}
		}
		sess := e.session(id, 8192, price)
		e.accept(e.info(id, price), sess.Steps...)
		ids = append(ids, id)
		latest = append(latest, &sess.Steps[len(sess.Steps)-1])
	}
	s := e.settler(SettlerOptions{BatchKeys: bk, GasPrice: &fixedGas{price: big.NewInt(1e9)},
		Policy: AutoSettle{SettleThreshold: big.NewInt(8192), MaxGasPrice: big.NewInt(10e9)}})
	before := e.balance(addrOf(e.miner))
	if err := s.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	st := s.Status()
	if st.Withdrawals != 3 || st.BatchWithdrawals != 1 || st.Proofs != 2 {
		t.Fatalf("status %+v", st)
	}
	jr, err := ReadJournal(s.opts.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	total, gas := new(big.Int), new(big.Int)
	for i, id := range ids {
		ch := e.channel(id)
		want := latest[i].Voucher
		if ch.Nonce != want.Nonce || ch.Withdrawn.Cmp(want.CumulativeAmount) != 0 {
			t.Fatalf("channel %d on chain: nonce %d withdrawn %s, want %d %s", i, ch.Nonce, ch.Withdrawn, want.Nonce, want.CumulativeAmount)
		}
		rec := jr[id]
		if rec.Phase != PhaseDone || rec.Nonce != want.Nonce {
			t.Fatalf("channel %d journal %+v", i, rec)
		}
		if n := e.withdrawEvents(id, want.Nonce); n != 1 {
			t.Fatalf("channel %d: %d withdrawals", i, n)
		}
		total.Add(total, want.CumulativeAmount)
		if rec.GasWei != "" {
			g, _ := new(big.Int).SetString(rec.GasWei, 10)
			gas.Add(gas, g)
		}
	}
	if jr[ids[0]].TxHash != jr[ids[1]].TxHash || jr[ids[0]].TxHash == jr[ids[2]].TxHash {
		t.Fatalf("transactions: %s %s %s", jr[ids[0]].TxHash, jr[ids[1]].TxHash, jr[ids[2]].TxHash)
	}
	if got, want := new(big.Int).Sub(e.balance(addrOf(e.miner)), before), new(big.Int).Sub(total, gas); got.Cmp(want) != 0 {
		t.Fatalf("miner balance moved by %s wei, want %s", got, want)
	}
	// Nothing sent twice.
	if err := s.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.Withdrawals != 3 || st.BatchWithdrawals != 1 {
		t.Fatalf("after a second step: %+v", st)
	}
}
