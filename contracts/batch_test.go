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

// revertWorld is the fixed scene of TestWithdrawBatchReverts, rebuilt on a
// fresh chain for every case so proofs are reused (channel ids are
// deterministic): A, B and D are channels from the client to the miner, C
// to another miner (the owner account).
type revertWorld struct {
	*batchEnv
	a, b, c, d protocol.Element
	sa, sb     *protocol.Session
	sc, sd     *protocol.Session
}

type worldOpts struct {
	depositB *big.Int // nil: plenty
	tagB     func(tag *big.Int) *big.Int
}

func newRevertWorld(t *testing.T, o worldOpts) *revertWorld {
	t.Helper()
	e := newBatchEnv(t)
	w := &revertWorld{batchEnv: e}
	plenty := bigMul(gwei, 1_000_000)
	open := func(miner common.Address, deposit *big.Int, tagf func(*big.Int) *big.Int) protocol.Element {
		id, _, err := e.m.Open(e.ctx, e.client, OpenParams{Miner: miner, KeyHash: e.keyHash(),
			PricePerByte: testPrice, ChallengePeriod: testHour, Deposit: deposit})
		if err != nil {
			t.Fatal(err)
		}
		tag, err := circuits.BatchTag(id, e.keyHash())
		if err != nil {
			t.Fatal(err)
		}
		if tagf != nil {
			tag = tagf(tag)
		}
		if tag != nil {
			if _, err := e.m.SetBatchTag(e.ctx, e.client, id, tag); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	depB := plenty
	if o.depositB != nil {
		depB = o.depositB
	}
	w.a = open(addr(e.miner), plenty, nil)
	w.b = open(addr(e.miner), depB, o.tagB)
	w.c = open(addr(e.owner), plenty, nil)
	w.d = open(addr(e.miner), plenty, nil)
	w.sa = e.session(w.a, 2*4096, testPrice)
	w.sb = e.session(w.b, 3*4096, testPrice)
	w.sc = e.session(w.c, 4096, testPrice)
	w.sd = e.session(w.d, 4096, testPrice)
	return w
}

func last(s *protocol.Session) *protocol.Step { return &s.Steps[len(s.Steps)-1] }

// TestWithdrawBatchReverts applies each of withdraw's reverts, and each
// batch cheat, to one slot of a real batch proof: the whole batch reverts
// and nothing is paid.
func TestWithdrawBatchReverts(t *testing.T) {
	w0 := newRevertWorld(t, worldOpts{})
	b := w0.batchEnv.b
	pAB := b.prove(t, last(w0.sa), last(w0.sb)) // A and B
	pAC := b.prove(t, last(w0.sa), last(w0.sc)) // C pays another miner
	slotsAB := append([]attest.BatchSlot(nil), pAB.Slots...)
	// B restarted at nonce 4 with fewer bytes than it was paid for at nonce 3.
	low, err := protocol.SignStep(testShape, w0.b, 4, protocol.Element{}, 0, w0.sb.Steps[0].Window, testPrice,
		w0.m.Domain(), w0.client, w0.rkey)
	if err != nil {
		t.Fatal(err)
	}
	pLow := b.prove(t, last(w0.sa), low)

	with := func(f func(s []attest.BatchSlot)) []attest.BatchSlot {
		s := append([]attest.BatchSlot(nil), slotsAB...)
		f(s)
		return s
	}
	cases := []struct {
		name  string
		opts  worldOpts
		setup func(t *testing.T, w *revertWorld)
		att   *attest.BatchAttestation
		slots []attest.BatchSlot
		proof func([]byte) []byte
		want  *RevertError // nil: succeeds
	}{
		{name: "honest", att: pAB},
		{name: "again (stale nonce)", att: pAB, setup: func(t *testing.T, w *revertWorld) {
			if err := w.withdrawBatch(pAB, pAB.Slots...); err != nil {
				t.Fatal(err)
			}
		}, want: ErrStaleNonce},
		{name: "unknown channel", att: pAB, slots: with(func(s []attest.BatchSlot) { s[1].ChannelID = protocolElement(12345) }), want: ErrUnknownChannel},
		{name: "channel closed", att: pAB, setup: func(t *testing.T, w *revertWorld) {
			w.closeB(t, true)
		}, want: ErrWrongState},
		{name: "challenge period over", att: pAB, setup: func(t *testing.T, w *revertWorld) {
			w.closeB(t, false)
			w.advance(2 * testHour)
		}, want: ErrChallengePeriodOver},
		{name: "within the challenge period", att: pAB, setup: func(t *testing.T, w *revertWorld) {
			w.closeB(t, false)
		}},
		{name: "nonce 0", att: pAB, slots: with(func(s []attest.BatchSlot) { s[1].Nonce = 0 }), want: ErrStaleNonce},
		{name: "amount above the deposit", att: pAB, opts: worldOpts{depositB: bigMul(gwei, 1000)}, want: ErrAmountExceedsDeposit},
		{name: "amount below what was withdrawn", att: pLow, slots: []attest.BatchSlot{pLow.Slots[0], pLow.Slots[1]},
			setup: func(t *testing.T, w *revertWorld) {
				st := last(w.sb)
				if _, err := w.m.Withdraw(w.ctx, w.miner, &st.Voucher, w.proof(st)); err != nil {
					t.Fatal(err)
				}
			}, want: ErrAmountBelowWithdrawn},
		{name: "no batch tag", att: pAB, opts: worldOpts{tagB: func(*big.Int) *big.Int { return nil }}, want: ErrNoBatchTag},
		{name: "wrong batch tag", att: pAB, opts: worldOpts{tagB: func(t *big.Int) *big.Int { return new(big.Int).Xor(t, big.NewInt(1)) }}, want: ErrInvalidProof},
		{name: "payee changed", att: pAB, setup: func(t *testing.T, w *revertWorld) {
			if _, err := w.m.SetOwner(w.ctx, w.miner, addr(w.other)); err != nil {
				t.Fatal(err)
			}
			if _, err := w.m.RefreshPayee(w.ctx, w.client, w.b); err != nil {
				t.Fatal(err)
			}
		}, want: ErrPayeeMismatch},
		{name: "channel of another miner", att: pAC, want: ErrPayeeMismatch},
		{name: "same channel twice", att: pAB, slots: with(func(s []attest.BatchSlot) { s[1] = s[0] }), want: ErrStaleNonce},
		{name: "slots reordered", att: pAB, slots: with(func(s []attest.BatchSlot) { s[0], s[1] = s[1], s[0] }), want: ErrInvalidProof},
		{name: "a padding slot that pays", att: pAB, slots: append(with(func([]attest.BatchSlot) {}),
			attest.BatchSlot{ChannelID: w0.d, Nonce: last(w0.sd).Receipt.Nonce, CumulativeBytes: last(w0.sd).Receipt.CumulativeBytes}), want: ErrInvalidProof},
		{name: "inflated bytes", att: pAB, slots: with(func(s []attest.BatchSlot) { s[1].CumulativeBytes++ }), want: ErrInvalidProof},
		{name: "higher nonce", att: pAB, slots: with(func(s []attest.BatchSlot) { s[1].Nonce++ }), want: ErrInvalidProof},
		{name: "tampered proof", att: pAB, proof: func(p []byte) []byte { p[40] ^= 1; return p }, want: ErrInvalidProof},
		{name: "empty batch", att: pAB, slots: []attest.BatchSlot{}, want: ErrBadBatchSize},
		{name: "more channels than slots", att: pAB, slots: make([]attest.BatchSlot, testSlots+1), want: ErrBadBatchSize},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newRevertWorld(t, tc.opts)
			if tc.setup != nil {
				tc.setup(t, w)
			}
			slots := tc.slots
			if slots == nil {
				slots = tc.att.Slots
			}
			proof, err := tc.att.SolidityProof()
			if err != nil {
				t.Fatal(err)
			}
			if tc.proof != nil {
				proof = tc.proof(proof)
			}
			before := make([]*Channel, 0, 4)
			for _, id := range []protocol.Element{w.a, w.b, w.c, w.d} {
				before = append(before, w.channel(id))
			}
			paid := []*big.Int{w.balance(addr(w.miner)), w.balance(addr(w.owner))}
			_, err = w.m.WithdrawBatch(w.ctx, w.other, slots, proof)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				want := new(big.Int)
				for _, s := range slots {
					want.Add(want, new(big.Int).Mul(new(big.Int).SetUint64(s.CumulativeBytes), testPrice))
				}
				if got := new(big.Int).Sub(w.balance(addr(w.miner)), paid[0]); got.Cmp(want) != 0 {
					t.Fatalf("miner got %v, want %v", got, want)
				}
				return
			}
			wantRevert(t, err, tc.want)
			for i, id := range []protocol.Element{w.a, w.b, w.c, w.d} {
				if c := w.channel(id); c.Nonce != before[i].Nonce || c.Withdrawn.Cmp(before[i].Withdrawn) != 0 {
					t.Fatalf("channel %d changed: %+v", i, c)
				}
			}
			if w.balance(addr(w.miner)).Cmp(paid[0]) != 0 || w.balance(addr(w.owner)).Cmp(paid[1]) != 0 {
				t.Fatal("a payee was paid")
			}
		})
	}
}

// closeB starts closing channel B and, with finalize, closes it.
func (w *revertWorld) closeB(t *testing.T, finalize bool) {
	t.Helper()
	if _, err := w.m.StartClose(w.ctx, w.client, w.b); err != nil {
		t.Fatal(err)
	}
	if finalize {
		w.advance(2 * testHour)
		if _, err := w.m.Finalize(w.ctx, w.client, w.b); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSetBatchTagReverts: only the client or funder registers a tag, once,
// on an open channel, and it must fit 125 bits and not be zero; a manager
// without a batch verifier refuses withdrawBatch.
func TestSetBatchTagReverts(t *testing.T) {
	// No batch proof here: any contract with code will do as the batch
	// verifier, which keeps this test off the K=16 setup.
	e := newEnv(t)
	m, _, err := DeployManagerBatch(e.ctx, e.sim.Chain, e.deployer, e.dep.Verifier.Address(), e.dep.Verifier.Address(), testSlots)
	if err != nil {
		t.Fatal(err)
	}
	e.m = m
	id := e.open(gwei, testPrice)
	tag, err := circuits.BatchTag(id, e.keyHash())
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = DeployManagerBatch(e.ctx, e.sim.Chain, e.deployer, e.dep.Verifier.Address(), common.Address{}, 4)
	wantRevert(t, err, ErrBadBatchSlots)
	_, _, err = DeployManagerBatch(e.ctx, e.sim.Chain, e.deployer, e.dep.Verifier.Address(), e.dep.Verifier.Address(), circuits.MaxBatchSlots+1)
	wantRevert(t, err, ErrBadBatchSlots)
	_, _, err = DeployManagerBatch(e.ctx, e.sim.Chain, e.deployer, e.dep.Verifier.Address(), addr(e.other), 4)
	wantRevert(t, err, ErrVerifierHasNoCode)
	_, err = e.m.SetBatchTag(e.ctx, e.miner, id, tag)
	wantRevert(t, err, ErrUnauthorized)
	_, err = e.m.SetBatchTag(e.ctx, e.client, id, new(big.Int))
	wantRevert(t, err, ErrBadBatchTag)
	_, err = e.m.SetBatchTag(e.ctx, e.client, id, new(big.Int).Lsh(big.NewInt(1), circuits.TagBits))
	wantRevert(t, err, ErrBadBatchTag)
	_, err = e.m.SetBatchTag(e.ctx, e.client, protocolElement(999), tag)
	wantRevert(t, err, ErrUnknownChannel)
	r, err := e.m.SetBatchTag(e.ctx, e.client, id, tag)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("setBatchTag: %d gas", r.GasUsed)
	if got, err := e.m.BatchTag(e.ctx, id); err != nil || got.Cmp(tag) != 0 {
		t.Fatalf("tag %v, %v; want %v", got, err, tag)
	}
	_, err = e.m.SetBatchTag(e.ctx, e.client, id, tag)
	wantRevert(t, err, ErrBatchTagAlreadySet)
	id2 := e.open(gwei, testPrice)
	if _, err := e.m.StartClose(e.ctx, e.client, id2); err != nil {
		t.Fatal(err)
	}
	_, err = e.m.SetBatchTag(e.ctx, e.client, id2, tag)
	wantRevert(t, err, ErrWrongState)
	if k, err := e.m.BatchSlots(e.ctx); err != nil || k != testSlots {
		t.Fatalf("batch slots %d, %v", k, err)
	}

	plain, _, err := DeployManager(e.ctx, e.sim.Chain, e.deployer, e.dep.Verifier.Address())
	if err != nil {
		t.Fatal(err)
	}
	_, err = plain.WithdrawBatch(e.ctx, e.other, []attest.BatchSlot{{ChannelID: id, Nonce: 1}}, make([]byte, 256))
	wantRevert(t, err, ErrBatchDisabled)
}

// batchGasMD is GAS.md's batch section (TestGasTable appends it): its
// numbers come from `bwproof bench batch`, which needs a key set per K.
const batchGasMD = `
## Batch settlement: withdrawBatch

One Groth16 proof and one transaction settle up to K channels of one payee (README, "Batch
settlement"). Measured by ` + "`bwproof bench batch --k 1,4,16,32 --window 16 --runs 3`" + ` on the embedded
simulated chain (mainnet rules) with the generated ByteCount and Batch verifiers; machine: 2 cores
(nproc), AMD EPYC, go1.26.8.

| K | Batch constraints (W = 16) | gas per transaction | gas per channel |
|---|---:|---:|---:|
| 1 | 11,686 | 242,934 | 242,934 |
| 4 | 46,762 | 308,266 | 77,066 |
| 16 | 187,336 | 569,522 | **35,595** |
| 32 | 375,440 | 917,896 | **28,684** |

About 221k per transaction (the verifier's 4-pair pairing, 21000 intrinsic, one transfer to the
payee, the proof) plus about 21.8k per channel: one public input (ecMul + ecAdd, ~6.2k), four cold
SLOADs (8.4k: three channel slots and the batch tag), one SSTORE (2.9k), the Withdrawn event
(1.9k), 64 bytes of calldata and the checks. The goal, 40k per channel, holds from K = 13 on.
TestWithdrawBatch measures 572,010 gas (35,750 per channel) for 16 channels at W = 4.
Registering a channel's batch tag (setBatchTag) costs 49,067 gas once.

Public-input designs, K = 16:

| design | gas per channel |
|---|---:|
| ByteCount's 3 inputs per channel (channel id, counters, key hash) | ~48k (estimated: + 2 × 6.15k) |
| one SHA-256 commitment to the calldata (gnark sha2 with lookups: a BSB22 commitment, whose check adds a 2-pair pairing, 113k) | ~37.5k (estimated: 113k + 2 inputs per proof, 1 input fewer per channel), and ~5× the proving per channel |
| one packed input per channel, voucher ecrecover per channel | 40,724 (measured) |
| **one packed input per channel, the proven receipt pays bytes × price (chosen)** | **35,750 (measured)** |
`
