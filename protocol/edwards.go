package protocol

import (
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
)

// Scalar multiplication on the BN254 twisted Edwards curve (a = -1) for
// receipt verification, in extended coordinates with the a = -1 formulas
// of Hisil–Wong–Carter–Dawson (add-2008-hwcd-3, dbl-2008-hwcd) and
// precomputed points in (y+x, y-x, 2d·x·y) form, so that adding one costs
// 7 multiplications where gnark-crypto's generic ScalarMultiplication
// (double-and-add with full additions) costs ~4x more per verification.
// Every result is checked against gnark-crypto in edwards_test.go.

// edExt is a point in extended coordinates: x = X/Z, y = Y/Z, T = XY/Z.
type edExt struct{ X, Y, Z, T fr.Element }

// edNiels is an affine point prepared for mixed addition.
type edNiels struct{ YpX, YmX, T2d fr.Element }

// edCurve2d is 2·d.
var edCurve2d = func() fr.Element {
	c := twistededwards.GetEdwardsCurve()
	var d2 fr.Element
	d2.Double(&c.D)
	return d2
}()

func (p *edExt) setIdentity() {
	p.X.SetZero()
	p.Y.SetOne()
	p.Z.SetOne()
	p.T.SetZero()
}

func (p *edExt) fromAffine(a *twistededwards.PointAffine) {
	p.X, p.Y = a.X, a.Y
	p.Z.SetOne()
	p.T.Mul(&a.X, &a.Y)
}

func (p *edExt) toAffine() twistededwards.PointAffine {
	var zi fr.Element
	zi.Inverse(&p.Z)
	var a twistededwards.PointAffine
	a.X.Mul(&p.X, &zi)
	a.Y.Mul(&p.Y, &zi)
	return a
}

// isIdentity reports whether p is (0, 1).
func (p *edExt) isIdentity() bool { return p.X.IsZero() && p.Y.Equal(&p.Z) }

// double sets p = 2p (dbl-2008-hwcd with a = -1: 4M + 4S).
func (p *edExt) double() {
	var a, b, c, e, g, f, h fr.Element
	a.Square(&p.X)
	b.Square(&p.Y)
	c.Square(&p.Z)
	c.Double(&c)
	e.Add(&p.X, &p.Y)
	e.Square(&e)
	e.Sub(&e, &a)
	e.Sub(&e, &b)
	// D = a·A = -A; G = D + B; F = G - C; H = D - B.
	g.Sub(&b, &a)
	f.Sub(&g, &c)
	h.Add(&a, &b)
	h.Neg(&h)
	p.X.Mul(&e, &f)
	p.Y.Mul(&g, &h)
	p.T.Mul(&e, &h)
	p.Z.Mul(&f, &g)
}

// addNiels sets p = p + q, or p - q when neg (madd-2008-hwcd-3: 7M).
func (p *edExt) addNiels(q *edNiels, neg bool) {
	ypx, ymx := &q.YpX, &q.YmX
	if neg { // -(x, y) = (-x, y): swap y+x and y-x, negate 2dxy
		ypx, ymx = ymx, ypx
	}
	var a, b, c, d, e, f, g, h fr.Element
	a.Sub(&p.Y, &p.X)
	a.Mul(&a, ymx)
	b.Add(&p.Y, &p.X)
	b.Mul(&b, ypx)
	c.Mul(&p.T, &q.T2d)
	d.Double(&p.Z)
	e.Sub(&b, &a)
	h.Add(&b, &a)
	if neg {
		f.Add(&d, &c)
		g.Sub(&d, &c)
	} else {
		f.Sub(&d, &c)
		g.Add(&d, &c)
	}
	p.X.Mul(&e, &f)
	p.Y.Mul(&g, &h)
	p.T.Mul(&e, &h)
	p.Z.Mul(&f, &g)
}

// add sets p = p + q (add-2008-hwcd-3: 9M).
func (p *edExt) add(q *edExt) {
	var a, b, c, d, e, f, g, h, t fr.Element
	a.Sub(&p.Y, &p.X)
	t.Sub(&q.Y, &q.X)
	a.Mul(&a, &t)
	b.Add(&p.Y, &p.X)
	t.Add(&q.Y, &q.X)
	b.Mul(&b, &t)
	c.Mul(&p.T, &q.T)
	c.Mul(&c, &edCurve2d)
	d.Mul(&p.Z, &q.Z)
	d.Double(&d)
	e.Sub(&b, &a)
	f.Sub(&d, &c)
	g.Add(&d, &c)
	h.Add(&b, &a)
	p.X.Mul(&e, &f)
	p.Y.Mul(&g, &h)
	p.T.Mul(&e, &h)
	p.Z.Mul(&f, &g)
}

// toNiels converts points to mixed-addition form with one inversion.
func toNiels(ps []edExt) []edNiels {
	zs := make([]fr.Element, len(ps))
	for i := range ps {
		zs[i] = ps[i].Z
	}
	zi := fr.BatchInvert(zs)
	out := make([]edNiels, len(ps))
	for i := range ps {
		var x, y fr.Element
		x.Mul(&ps[i].X, &zi[i])
		y.Mul(&ps[i].Y, &zi[i])
		out[i].YpX.Add(&y, &x)
		out[i].YmX.Sub(&y, &x)
		out[i].T2d.Mul(&x, &y)
		out[i].T2d.Mul(&out[i].T2d, &edCurve2d)
	}
	return out
}

// Scalars are < 2^252 (the subgroup order ℓ < 2^251) and recoded into 64
// signed 4-bit digits in [-8, 8].
const (
	edDigits  = 64
	edEntries = 8
)

// edRecode returns k's signed base-16 digits, least significant first.
// k must be in [0, 2^252).
func edRecode(k *big.Int) [edDigits]int8 {
	var be [32]byte
	k.FillBytes(be[:])
	var out [edDigits]int8
	carry := int8(0)
	for i := range edDigits {
		nib := int8(be[31-i/2]>>(4*(i%2))) & 0xf
		d := nib + carry
		carry = (d + 8) >> 4
		out[i] = d - carry<<4
	}
	return out
}

// edTable holds [j·16^i]P for i < 64, j in 1..8: a fixed-base table for
// P. [k]P is then 64 mixed additions and no doubling.
type edTable [edDigits][edEntries]edNiels

func newEdTable(p *twistededwards.PointAffine) *edTable {
	pts := make([]edExt, 0, edDigits*edEntries)
	var base edExt
	base.fromAffine(p)
	for range edDigits {
		acc := base
		pts = append(pts, acc)
		for j := 1; j < edEntries; j++ {
			acc.add(&base)
			pts = append(pts, acc)
		}
		for range 4 {
			base.double()
		}
	}
	ns := toNiels(pts)
	t := new(edTable)
	for i := range edDigits {
		copy(t[i][:], ns[i*edEntries:(i+1)*edEntries])
	}
	return t
}

// mulAdd adds [k]P to acc (or subtracts it when neg); k < 2^252.
func (t *edTable) mulAdd(acc *edExt, k *big.Int, neg bool) {
	digits := edRecode(k)
	for i, d := range digits {
		switch {
		case d > 0:
			acc.addNiels(&t[i][d-1], neg)
		case d < 0:
			acc.addNiels(&t[i][-d-1], !neg)
		}
	}
}

// edBaseTable is the fixed-base table of the curve's base point, built
// on first use (~0.3 ms).
var edBaseTable = sync.OnceValue(func() *edTable {
	c := twistededwards.GetEdwardsCurve()
	return newEdTable(&c.Base)
})

// edVarMulAdd adds [k]P to acc (or subtracts it when neg) for a point
// used once: signed 4-bit windows over a table of 1P..8P.
func edVarMulAdd(acc *edExt, p *twistededwards.PointAffine, k *big.Int, neg bool) {
	var pts [edEntries]edExt
	pts[0].fromAffine(p)
	for j := 1; j < edEntries; j++ {
		pts[j] = pts[j-1]
		pts[j].add(&pts[0])
	}
	tab := toNiels(pts[:])
	digits := edRecode(k)
	var r edExt
	r.setIdentity()
	for i := edDigits - 1; i >= 0; i-- {
		if i != edDigits-1 {
			for range 4 {
				r.double()
			}
		}
		switch d := digits[i]; {
		case d > 0:
			r.addNiels(&tab[d-1], neg)
		case d < 0:
			r.addNiels(&tab[-d-1], !neg)
		}
	}
	acc.add(&r)
}

// edOrder is the prime subgroup order ℓ.
var edOrder = func() *big.Int {
	c := twistededwards.GetEdwardsCurve()
	return new(big.Int).Set(&c.Order)
}()

// edCofactorCheck reports whether [8]q is the identity.
func edCofactorCheck(q *edExt) bool {
	r := *q
	r.double()
	r.double()
	r.double()
	return r.isIdentity()
}
