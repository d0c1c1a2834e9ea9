package contracts

import (
	"bytes"
	"context"
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// testSlots is K of the batch key set the tests share (window testShape).
const testSlots = 16

type sharedBatchKeys struct {
	keys     *attest.BatchKeys
	verifier *solc.Artifact

	mu     sync.Mutex
	proofs map[string]*attest.BatchAttestation
}

var (
	batchOnce sync.Once
	batchVal  *sharedBatchKeys
	batchErr  error
)

// getSharedBatch sets up the K=16, W=4 batch key set once per binary.
func getSharedBatch(t testing.TB) *sharedBatchKeys {
	t.Helper()
	s := getShared(t)
	batchOnce.Do(func() {
		ctx := context.Background()
		b := &sharedBatchKeys{proofs: map[string]*attest.BatchAttestation{}}
		if b.keys, batchErr = attest.SetupBatch(ctx, testShape, testSlots, attest.SetupOptions{}); batchErr != nil {
			return
		}
		var src bytes.Buffer
		if batchErr = b.keys.ExportSolidity(&src); batchErr != nil {
			return
		}
		if b.verifier, batchErr = solc.CompileVerifier(ctx, s.compiler, src.Bytes()); batchErr != nil {
			return
		}
		batchVal = b
	})
	if batchErr != nil {
		t.Fatal(batchErr)
	}
	return batchVal
}

// prove returns the batch attestation of steps, proving it once per binary
// (channel ids are deterministic across fresh environments).
func (b *sharedBatchKeys) prove(t testing.TB, steps ...*protocol.Step) *attest.BatchAttestation {
	t.Helper()
	var key bytes.Buffer
	for _, st := range steps {
		key.Write(st.Voucher.ChannelID[:])
		key.Write(st.Receipt.Root[:])
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if a, ok := b.proofs[key.String()]; ok {
		return a
	}
	a, err := attest.ProveBatch(context.Background(), b.keys, steps)
	if err != nil {
		t.Fatal(err)
	}
	b.proofs[key.String()] = a
	return a
}

// batchEnv is env with a ChannelManager that has the batch verifier.
type batchEnv struct {
	*env
	b *sharedBatchKeys
}

func newBatchEnv(t testing.TB) *batchEnv {
	t.Helper()
	b := getSharedBatch(t)
	e := newEnv(t)
	bv, _, err := DeployVerifier(e.ctx, e.sim.Chain, e.deployer, b.verifier)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := DeployManagerBatch(e.ctx, e.sim.Chain, e.deployer, e.dep.Verifier.Address(), bv.Address(), testSlots)
	if err != nil {
		t.Fatal(err)
	}
	e.m, e.dep.Manager = m, m
	return &batchEnv{env: e, b: b}
}

// openTagged opens a channel from the client to miner and registers its
// batch tag.
func (e *batchEnv) openTagged(miner common.Address, deposit *big.Int) protocol.Element {
	e.t.Helper()
	id, _, err := e.m.Open(e.ctx, e.client, OpenParams{Miner: miner, KeyHash: e.keyHash(),
		PricePerByte: testPrice, ChallengePeriod: testHour, Deposit: deposit})
	if err != nil {
		e.t.Fatal(err)
	}
	tag, err := circuits.BatchTag(id, e.keyHash())
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.m.SetBatchTag(e.ctx, e.client, id, tag); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *batchEnv) withdrawBatch(a *attest.BatchAttestation, slots ...attest.BatchSlot) error {
	e.t.Helper()
	proof, err := a.SolidityProof()
	if err != nil {
		e.t.Fatal(err)
	}
	_, err = e.m.WithdrawBatch(e.ctx, e.other, slots, proof)
	return err
}

// TestWithdrawBatch settles 16 channels of one miner with one proof in one
// transaction (submitted by a third party): the miner receives exactly the
// sum of the vouchers, in one transfer, and every channel records its nonce
// and amount.
func TestWithdrawBatch(t *testing.T) {
	e := newBatchEnv(t)
	deposit := bigMul(gwei, 1_000_000)
	var steps []*protocol.Step
	var vouchers []*protocol.Voucher
	want := new(big.Int)
	for i := range testSlots {
		id := e.openTagged(addr(e.miner), deposit)
		sess := e.session(id, uint64(1024*(i%7+1)), testPrice)
		st, err := sess.Latest()
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, st)
		vouchers = append(vouchers, &st.Voucher)
		want.Add(want, st.Voucher.CumulativeAmount)
	}
	a := e.b.prove(t, steps...)
	if err := a.Verify(e.b.keys.VK); err != nil {
		t.Fatal(err)
	}
	before := e.balance(addr(e.miner))
	proof, err := a.SolidityProof()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Matches(vouchers); err != nil {
		t.Fatal(err)
	}
	r, err := e.m.WithdrawBatchAttestation(e.ctx, e.other, a)
	if err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(e.balance(addr(e.miner)), before); got.Cmp(want) != 0 {
		t.Fatalf("miner got %v, want %v", got, want)
	}
	transfers, withdrawn := 0, 0
	for _, l := range r.Logs {
		if _, err := e.m.cm.UnpackBatchWithdrawnEvent(l); err == nil {
			transfers++
		}
		if _, err := e.m.cm.UnpackWithdrawnEvent(l); err == nil {
			withdrawn++
		}
	}
	if transfers != 1 || withdrawn != testSlots {
		t.Fatalf("%d BatchWithdrawn and %d Withdrawn events", transfers, withdrawn)
	}
	for _, v := range vouchers {
		c := e.channel(v.ChannelID)
		if c.Nonce != v.Nonce || c.Withdrawn.Cmp(v.CumulativeAmount) != 0 || c.State != StateOpen {
			t.Fatalf("channel %s after the batch: %+v", v.ChannelID, c)
		}
	}
	t.Logf("withdrawBatch of %d channels: %d gas, %d per channel, proof %d bytes", testSlots, r.GasUsed, r.GasUsed/testSlots, len(proof))
	// The goal; gas is deterministic up to calldata zero bytes.
	if r.GasUsed/testSlots > 40_000 {
		t.Errorf("%d gas per channel, goal 40 000", r.GasUsed/testSlots)
	}
	// The same batch again: every channel is settled already.
	wantRevert(t, e.withdrawBatch(a, a.Slots...), ErrStaleNonce)
}
