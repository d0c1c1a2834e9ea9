package verifier

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"

	"github.com/bwproof/bwproof/attest"
)

// Batch verification of Groth16 proofs.
//
// gnark's single verification checks, for a proof (A, B, C) with public
// inputs x, e(A,B)·e(C,-δ)·e(L,-γ) = e(α,β), where L = K0 + Σ x_i·K_i.
// For n proofs and fresh random scalars r_j (128 bits, crypto/rand), the
// product of the r_j-th powers of these equations is
//
//	Π_j e(r_j·A_j, B_j) · e(Σ r_j·C_j, -δ) · e(Σ r_j·L_j, -γ) · e(-(Σ r_j)·α, β) = 1
//
// which is one multi-Miller loop over n+3 pairs (per distinct key) and one
// final exponentiation instead of n of each. Σ r_j·L_j needs only one
// 5-point MSM: (Σ r_j)·K0 + Σ_i (Σ_j r_j·x_ji)·K_i. If any proof is
// invalid the product is 1 with probability at most 2^-128 over the choice
// of the r_j (which a prover cannot predict: they are drawn after the
// proofs are fixed). A failing batch is bisected; a single proof is always
// checked with gnark's own verifier, so one bad proof never rejects good
// ones and a batch never accepts what single verification refuses.

// preparedKey is a verifying key ready for batch verification.
type preparedKey struct {
	keys               *attest.Keys
	vk                 *groth16bn254.VerifyingKey
	batchable          bool // no commitments and the expected number of inputs
	negGamma, negDelta bn254.G2Affine
}

func prepareKey(k *attest.Keys) (*preparedKey, error) {
	vk, ok := k.VK.(*groth16bn254.VerifyingKey)
	if !ok {
		return nil, fmt.Errorf("%w: verifying key %s is not BN254", ErrConfig, k.CircuitID)
	}
	p := &preparedKey{keys: k, vk: vk}
	// With commitments the public part of the equation includes the
	// commitment and a Pedersen proof of knowledge: not worth batching for
	// a circuit that has none; such keys are verified one by one.
	p.batchable = len(vk.PublicAndCommitmentCommitted) == 0 && len(vk.CommitmentKeys) == 0 &&
		len(vk.G1.K) == attest.NumPublic+1
	p.negGamma.Neg(&vk.G2.Gamma)
	p.negDelta.Neg(&vk.G2.Delta)
	return p, nil
}

// proofItem is one attestation to verify against its key.
type proofItem struct {
	key   *preparedKey
	att   *attest.Attestation
	proof *groth16bn254.Proof
	pub   [attest.NumPublic]fr.Element
}

// newProofItem parses the proof (compressed points, subgroup-checked by
// gnark-crypto's decoder) and the public inputs.
func newProofItem(key *preparedKey, a *attest.Attestation) (*proofItem, error) {
	it := &proofItem{key: key, att: a, proof: new(groth16bn254.Proof)}
	n, err := it.proof.ReadFrom(bytes.NewReader(a.Proof))
	if err != nil {
		return nil, reject(ReasonInvalidProof, "proof encoding: %v", err)
	}
	if int(n) != len(a.Proof) {
		return nil, reject(ReasonInvalidProof, "%d trailing proof bytes", len(a.Proof)-int(n))
	}
	if len(it.proof.Commitments) != len(key.vk.PublicAndCommitmentCommitted) {
		return nil, reject(ReasonInvalidProof, "proof has %d commitments, key expects %d",
			len(it.proof.Commitments), len(key.vk.PublicAndCommitmentCommitted))
	}
	for i, p := range a.Public {
		if err := it.pub[i].SetBytesCanonical(p[:]); err != nil {
			return nil, reject(ReasonOutOfField, "public input %d", i)
		}
	}
	return it, nil
}

// verifySingle runs gnark's verifier on one item: on the points already
// decoded for a key without commitments, else through attest (which
// decodes again and brings the hash-to-field of commitments).
func verifySingle(it *proofItem) error {
	if it.key.batchable {
		if err := groth16bn254.Verify(it.proof, it.key.vk, it.pub[:]); err != nil {
			return reject(ReasonInvalidProof, "%v", err)
		}
		return nil
	}
	if err := it.att.Verify(it.key.keys.VK); err != nil {
		if errors.Is(err, attest.ErrKeyMismatch) {
			return reject(ReasonUnknownCircuit, "%v", err)
		}
		return reject(ReasonInvalidProof, "%v", err)
	}
	return nil
}

// randomScalars returns n non-zero 128-bit scalars from rnd.
func randomScalars(rnd io.Reader, n int) ([]fr.Element, error) {
	out := make([]fr.Element, n)
	var b [16]byte
	for j := range out {
		for out[j].IsZero() {
			if _, err := io.ReadFull(rnd, b[:]); err != nil {
				return nil, fmt.Errorf("batch scalars: %w", err)
			}
			out[j].SetBytes(b[:])
		}
	}
	return out, nil
}

type keyAgg struct {
	key  *preparedKey
	sumR fr.Element
	sumX [attest.NumPublic]fr.Element
	cs   []bn254.G1Affine
	rs   []fr.Element
}

// batchCheck reports whether all items verify, with one pairing check.
// Every item must have a batchable key.
func batchCheck(items []*proofItem, rnd io.Reader, parallel int) (bool, error) {
	r, err := randomScalars(rnd, len(items))
	if err != nil {
		return false, err
	}
	var aggs []*keyAgg
	byKey := map[*preparedKey]*keyAgg{}
	scaledA := make([]bn254.G1Jac, len(items))
	var rb big.Int
	for j, it := range items {
		if !it.key.batchable {
			return false, fmt.Errorf("%w: key %s is not batchable", ErrInternal, it.key.keys.CircuitID)
		}
		scaledA[j].FromAffine(&it.proof.Ar)
		scaledA[j].ScalarMultiplication(&scaledA[j], r[j].BigInt(&rb))
		ag := byKey[it.key]
		if ag == nil {
			ag = &keyAgg{key: it.key}
			byKey[it.key] = ag
			aggs = append(aggs, ag)
		}
		ag.sumR.Add(&ag.sumR, &r[j])
		var t fr.Element
		for i := range it.pub {
			t.Mul(&r[j], &it.pub[i])
			ag.sumX[i].Add(&ag.sumX[i], &t)
		}
		ag.cs = append(ag.cs, it.proof.Krs)
		ag.rs = append(ag.rs, r[j])
	}
	P := bn254.BatchJacobianToAffineG1(scaledA)
	Q := make([]bn254.G2Affine, len(items), len(items)+3*len(aggs))
	for j, it := range items {
		Q[j] = it.proof.Bs
	}
	one := ecc.MultiExpConfig{NbTasks: 1}
	for _, ag := range aggs {
		vk := ag.key.vk
		scalars := make([]fr.Element, 0, attest.NumPublic+1)
		scalars = append(scalars, ag.sumR)
		scalars = append(scalars, ag.sumX[:]...)
		var sL, sC, nA bn254.G1Jac
		if _, err := sL.MultiExp(vk.G1.K, scalars, one); err != nil {
			return false, err
		}
		if _, err := sC.MultiExp(ag.cs, ag.rs, one); err != nil {
			return false, err
		}
		nA.FromAffine(&vk.G1.Alpha)
		nA.ScalarMultiplication(&nA, ag.sumR.BigInt(&rb))
		nA.Neg(&nA)
		aff := bn254.BatchJacobianToAffineG1([]bn254.G1Jac{sC, sL, nA})
		P = append(P, aff...)
		Q = append(Q, ag.key.negDelta, ag.key.negGamma, vk.G2.Beta)
	}
	return pairingCheck(P, Q, parallel)
}

// pairingCheck is bn254.PairingCheck with the Miller loop split over up to
// parallel goroutines (the final exponentiation is done once).
func pairingCheck(P []bn254.G1Affine, Q []bn254.G2Affine, parallel int) (bool, error) {
	const minPerPart = 8
	parts := min(parallel, len(P)/minPerPart)
	if parts <= 1 {
		return bn254.PairingCheck(P, Q)
	}
	res := make([]bn254.GT, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	step := (len(P) + parts - 1) / parts
	for i := 0; i < parts; i++ {
		lo, hi := i*step, min(len(P), (i+1)*step)
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i], errs[i] = bn254.MillerLoop(P[lo:hi], Q[lo:hi])
		}()
	}
	wg.Wait()
	for i := 1; i < parts; i++ {
		if errs[i] != nil {
			return false, errs[i]
		}
		res[0].Mul(&res[0], &res[i])
	}
	if errs[0] != nil {
		return false, errs[0]
	}
	f := bn254.FinalExponentiation(&res[0])
	return f.IsOne(), nil
}

// verifyItems verifies items, batching the batchable ones, and returns one
// result per item (nil: valid).
func verifyItems(items []*proofItem, rnd io.Reader, parallel int) []error {
	errs := make([]error, len(items))
	var idx []int
	for i, it := range items {
		if it.key.batchable && len(items) > 1 {
			idx = append(idx, i)
		} else {
			errs[i] = verifySingle(it)
		}
	}
	bisect(items, idx, errs, rnd, parallel)
	return errs
}

func bisect(items []*proofItem, idx []int, errs []error, rnd io.Reader, parallel int) {
	switch len(idx) {
	case 0:
		return
	case 1:
		errs[idx[0]] = verifySingle(items[idx[0]])
		return
	}
	sub := make([]*proofItem, len(idx))
	for k, i := range idx {
		sub[k] = items[i]
	}
	ok, err := batchCheck(sub, rnd, parallel)
	if err == nil && ok {
		return // all nil
	}
	h := len(idx) / 2
	bisect(items, idx[:h], errs, rnd, parallel)
	bisect(items, idx[h:], errs, rnd, parallel)
}

// batcher collects proofs from concurrent requests and verifies whatever
// has queued up as one batch. Each of its workers takes one job and
// drains the queue up to maxBatch more. If the batch is not full and the
// verifier is busy (other requests on their way to the queue, admitted
// but still decoding and reading, see coming; or another worker
// verifying), it waits for more up to maxLinger: under load, batches are
// larger and a proof costs less (a batch of 8 costs about twice as much
// per proof as one of 64), while a lone request (nothing on its way,
// nothing being verified) is verified at once. With one worker per core
// both cores verify.
type batcher struct {
	jobs     chan *verifyJob
	maxBatch int
	parallel int
	rnd      io.Reader
	metrics  *Metrics
	quit     chan struct{}
	wg       sync.WaitGroup
	// coming counts requests that will queue a proof soon; busy, the
	// workers verifying a batch.
	coming atomic.Int64
	busy   atomic.Int64
}

// maxLinger bounds how long a worker waits for more proofs; it is small
// against a loaded verifier's batch time and a request's budget.
const maxLinger = 4 * time.Millisecond

// loaded reports whether more proofs may come soon.
func (b *batcher) loaded() bool { return b.coming.Load() > 0 || b.busy.Load() > 0 }

type verifyJob struct {
	item *proofItem
	done chan error
}

func newBatcher(workers, maxBatch, queue int, m *Metrics) *batcher {
	b := &batcher{jobs: make(chan *verifyJob, queue), maxBatch: maxBatch, parallel: workers,
		rnd: rand.Reader, metrics: m, quit: make(chan struct{})}
	for i := 0; i < workers; i++ {
		b.wg.Add(1)
		go b.work()
	}
	return b
}

func (b *batcher) stop() {
	close(b.quit)
	b.wg.Wait()
}

// linger adds the proofs that arrive while more are on their way, up to
// maxBatch and maxLinger.
func (b *batcher) linger(batch []*verifyJob) []*verifyJob {
	t := time.NewTimer(maxLinger)
	defer t.Stop()
	for len(batch) < b.maxBatch && b.loaded() {
		select {
		case j := <-b.jobs:
			batch = append(batch, j)
		case <-t.C:
			return batch
		case <-b.quit:
			return batch
		}
	}
	return batch
}

// verify queues item and waits for its result.
func (b *batcher) verify(ctx context.Context, it *proofItem) error {
	j := &verifyJob{item: it, done: make(chan error, 1)}
	select {
	case b.jobs <- j:
	case <-ctx.Done():
		return reject(ReasonOverloaded, "verification queue: %v", ctx.Err())
	case <-b.quit:
		return reject(ReasonUnavailable, "verifier stopping")
	}
	select {
	case err := <-j.done:
		return err
	case <-b.quit:
		return reject(ReasonUnavailable, "verifier stopping")
	}
}

func (b *batcher) work() {
	defer b.wg.Done()
	for {
		var batch []*verifyJob
		select {
		case j := <-b.jobs:
			batch = append(batch, j)
		case <-b.quit:
			return
		}
	drain:
		for len(batch) < b.maxBatch {
			select {
			case j := <-b.jobs:
				batch = append(batch, j)
			default:
				break drain
			}
		}
		if len(batch) < b.maxBatch && b.loaded() {
			batch = b.linger(batch)
		}
		b.busy.Add(1)
		items := make([]*proofItem, len(batch))
		for i, j := range batch {
			items[i] = j.item
		}
		start := time.Now()
		// Inside a batch, split the Miller loop only when the other
		// workers are idle (nothing else queued).
		par := 1
		if len(b.jobs) == 0 {
			par = b.parallel
		}
		errs := verifyItems(items, b.rnd, par)
		b.busy.Add(-1)
		b.metrics.observeBatch(len(items), time.Since(start), errs)
		for i, j := range batch {
			j.done <- errs[i]
		}
	}
}

// VerifyAttestations verifies attestations in process the way the service
// does, without NATS or storage: each proof's points decoded (on the
// curve, in the subgroup), then batches of up to maxBatch checked with one
// randomized pairing product each (bisected on failure), the batches
// spread over workers goroutines. It returns one result per attestation
// (nil: valid); an attestation whose circuit has no key in keys is
// unknown_circuit. For benchmarks and offline checks.
func VerifyAttestations(keys []*attest.Keys, atts []*attest.Attestation, workers, maxBatch int) ([]error, error) {
	byID := map[attest.CircuitID]*preparedKey{}
	for _, k := range keys {
		p, err := prepareKey(k)
		if err != nil {
			return nil, err
		}
		byID[k.CircuitID] = p
	}
	workers, maxBatch = max(workers, 1), max(maxBatch, 1)
	out := make([]error, len(atts))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next = min(len(atts), next+maxBatch)
				hi := next
				mu.Unlock()
				if lo >= hi {
					return
				}
				var items []*proofItem
				var idx []int
				for i := lo; i < hi; i++ {
					key := byID[atts[i].CircuitID]
					if key == nil {
						out[i] = reject(ReasonUnknownCircuit, "no verifying key for circuit %s", atts[i].CircuitID)
						continue
					}
					it, err := newProofItem(key, atts[i])
					if err != nil {
						out[i] = err
						continue
					}
					items, idx = append(items, it), append(idx, i)
				}
				for k, err := range verifyItems(items, rand.Reader, 1) {
					out[idx[k]] = err
				}
			}
		}()
	}
	wg.Wait()
	return out, nil
}
