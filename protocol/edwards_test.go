package protocol

import (
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
)

// TestEdwardsMatchesGnark pins the fixed-base tables, the variable-base
// windows and the recoding to gnark-crypto's scalar multiplication, on
// random scalars and on the ones at the edges of the digit recoding.
func TestEdwardsMatchesGnark(t *testing.T) {
	curve := twistededwards.GetEdwardsCurve()
	var p twistededwards.PointAffine
	p.ScalarMultiplicationBase(big.NewInt(987654321))
	ptab := newEdTable(&p)
	lm1 := new(big.Int).Sub(edOrder, big.NewInt(1))
	scalars := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(8), big.NewInt(9), big.NewInt(0x88),
		big.NewInt(0x7f), lm1, new(big.Int).Lsh(big.NewInt(1), 250),
		new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 252), big.NewInt(1))}
	for range 32 {
		k, err := rand.Int(rand.Reader, edOrder)
		if err != nil {
			t.Fatal(err)
		}
		scalars = append(scalars, k)
	}
	for _, k := range scalars {
		for _, c := range []struct {
			name string
			pt   *twistededwards.PointAffine
			mul  func(acc *edExt, neg bool)
		}{
			{"base table", &curve.Base, func(acc *edExt, neg bool) { edBaseTable().mulAdd(acc, k, neg) }},
			{"key table", &p, func(acc *edExt, neg bool) { ptab.mulAdd(acc, k, neg) }},
			{"variable base", &p, func(acc *edExt, neg bool) { edVarMulAdd(acc, &p, k, neg) }},
		} {
			var want, wantNeg twistededwards.PointAffine
			want.ScalarMultiplication(c.pt, k)
			wantNeg.Neg(&want)
			for _, neg := range []bool{false, true} {
				var acc edExt
				acc.setIdentity()
				c.mul(&acc, neg)
				got := acc.toAffine()
				w := want
				if neg {
					w = wantNeg
				}
				if !got.Equal(&w) {
					t.Fatalf("%s: [%v]P (neg %v) differs from gnark-crypto", c.name, k, neg)
				}
			}
		}
	}
}

// TestEdwardsCofactorCheck: [8]Q is the identity exactly for the
// points of order dividing 8.
func TestEdwardsCofactorCheck(t *testing.T) {
	var a twistededwards.PointAffine
	a.ScalarMultiplicationBase(big.NewInt(5))
	var q edExt
	q.fromAffine(&a)
	if edCofactorCheck(&q) {
		t.Fatal("a subgroup point passed the cofactor check")
	}
	// (0, -1) has order 2.
	var t2 twistededwards.PointAffine
	t2.Y.SetOne()
	t2.Y.Neg(&t2.Y)
	q.fromAffine(&t2)
	if !edCofactorCheck(&q) {
		t.Fatal("(0, -1) failed the cofactor check")
	}
	var id edExt
	id.setIdentity()
	if !edCofactorCheck(&id) {
		t.Fatal("identity failed the cofactor check")
	}
}
