package verifier

import (
	"crypto/rand"
	"math/big"
	mrand "math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// validAttestations returns n valid attestations over three statements
// (real proofs, re-randomized).
func validAttestations(t testing.TB, n int) []*attest.Attestation {
	t.Helper()
	k := testKeys(t)
	base := []*attest.Attestation{realProof(t, 1, 0), realProof(t, 1, 1), realProof(t, 2, 0)}
	out := make([]*attest.Attestation, n)
	for i := range out {
		out[i] = rerandomize(t, k, base[i%len(base)])
	}
	return out
}

func items(t testing.TB, atts []*attest.Attestation) []*proofItem {
	t.Helper()
	key, err := prepareKey(testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*proofItem, len(atts))
	for i, a := range atts {
		if out[i], err = newProofItem(key, a); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestBatchAllValid(t *testing.T) {
	its := items(t, validAttestations(t, 9))
	if !its[0].key.batchable {
		t.Fatal("the ByteCount key should be batchable")
	}
	ok, err := batchCheck(its, rand.Reader, 2)
	if err != nil || !ok {
		t.Fatalf("batch of valid proofs: ok=%v err=%v", ok, err)
	}
	for i, err := range verifyItems(its, rand.Reader, 1) {
		if err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
}

func TestBatchOneBadAmongGood(t *testing.T) {
	atts := validAttestations(t, 8)
	bad := *atts[5]
	bad.Public[1] = protocol.PackCounters(bad.Nonce(), bad.CumulativeBytes()+1) // claims one more byte
	atts[5] = &bad
	its := items(t, atts)
	if ok, _ := batchCheck(its, rand.Reader, 1); ok {
		t.Fatal("a batch with a bad proof passed")
	}
	errs := verifyItems(its, rand.Reader, 2)
	for i, err := range errs {
		if i == 5 {
			mustReason(t, err, ReasonInvalidProof)
		} else if err != nil {
			t.Fatalf("good item %d rejected: %v", i, err)
		}
	}
}

// Two errors that cancel in an unweighted sum (C1 + X, C2 - X on the same
// statement) must not pass: the random scalars weigh them differently.
func TestBatchCancellingErrors(t *testing.T) {
	atts := validAttestations(t, 3)
	atts[1] = rerandomize(t, testKeys(t), atts[0]) // same statement as atts[0]
	var x bn254.G1Affine
	x.ScalarMultiplicationBase(big.NewInt(12345))
	var nx bn254.G1Affine
	nx.Neg(&x)
	atts[0] = withProof(t, atts[0], func(p *groth16bn254.Proof) { p.Krs.Add(&p.Krs, &x) })
	atts[1] = withProof(t, atts[1], func(p *groth16bn254.Proof) { p.Krs.Add(&p.Krs, &nx) })
	errs := verifyItems(items(t, atts), rand.Reader, 1)
	mustReason(t, errs[0], ReasonInvalidProof)
	mustReason(t, errs[1], ReasonInvalidProof)
	if errs[2] != nil {
		t.Fatal(errs[2])
	}
}

// The batch verdict of every item equals gnark's single verification, for
// random tamperings of random items.
func TestBatchEqualsSingle(t *testing.T) {
	valid := validAttestations(t, 6)
	rng := mrand.New(mrand.NewPCG(1, 2))
	tamper := []func(a *attest.Attestation) *attest.Attestation{
		func(a *attest.Attestation) *attest.Attestation { // change a public input
			b := *a
			i := rng.IntN(attest.NumPublic)
			v := new(big.Int).Xor(b.Public[i].Big(), big.NewInt(1<<rng.IntN(16)))
			b.Public[i], _ = protocol.ElementFromBig(v)
			return &b
		},
		func(a *attest.Attestation) *attest.Attestation { // scale A
			return withProof(t, a, func(p *groth16bn254.Proof) {
				p.Ar.ScalarMultiplication(&p.Ar, big.NewInt(int64(2+rng.IntN(1000))))
			})
		},
		func(a *attest.Attestation) *attest.Attestation { // B from another proof
			o := valid[rng.IntN(len(valid))]
			return withProof(t, a, func(p *groth16bn254.Proof) {
				withProof(t, o, func(q *groth16bn254.Proof) { p.Bs = q.Bs })
			})
		},
		func(a *attest.Attestation) *attest.Attestation { // C from another proof
			o := valid[rng.IntN(len(valid))]
			return withProof(t, a, func(p *groth16bn254.Proof) {
				withProof(t, o, func(q *groth16bn254.Proof) { p.Krs = q.Krs })
			})
		},
		func(a *attest.Attestation) *attest.Attestation { // public inputs of another statement
			b := *a
			b.Public = valid[rng.IntN(len(valid))].Public
			return &b
		},
	}
	for round := 0; round < 12; round++ {
		n := 2 + rng.IntN(7)
		atts := make([]*attest.Attestation, n)
		for i := range atts {
			atts[i] = valid[rng.IntN(len(valid))]
			if rng.IntN(3) == 0 {
				atts[i] = tamper[rng.IntN(len(tamper))](atts[i])
			}
		}
		its := items(t, atts)
		batch := verifyItems(its, rand.Reader, 1+round%2)
		for i, it := range its {
			single := verifySingle(it)
			if (single == nil) != (batch[i] == nil) {
				t.Fatalf("round %d item %d: single %v, batch %v", round, i, single, batch[i])
			}
		}
	}
}

func TestProofItemRefusesGarbage(t *testing.T) {
	a := *realProof(t, 1, 0)
	key, _ := prepareKey(testKeys(t))
	a.Proof = append([]byte(nil), a.Proof...)
	a.Proof[3] ^= 0x55 // no longer a point (or not in the subgroup)
	if _, err := newProofItem(key, &a); err == nil {
		// Flipping bits can land on another valid point; then the
		// pairing must refuse it.
		it, _ := newProofItem(key, &a)
		mustReason(t, verifySingle(it), ReasonInvalidProof)
	} else {
		mustReason(t, err, ReasonInvalidProof)
	}
	a.Proof = append(a.Proof, 0)
	_, err := newProofItem(key, &a)
	mustReason(t, err, ReasonInvalidProof)
}
