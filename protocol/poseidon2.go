package protocol

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// perm16 is gnark-crypto's Poseidon2 permutation for t = 16 (the same
// round keys and internal diagonal, taken from its parameters), written
// on a fixed-size array: no slice bounds checks, no width switches, the
// partial rounds' single round key and S-box inlined. The sponge runs it
// ~11 times per window check, where it was ~70 % of the time;
// TestPermutationMatchesGnark pins it to gnark-crypto's.
type perm16 struct {
	full    [SpongeFull][SpongeWidth]fr.Element // full rounds' keys, first half then second
	partial [SpongePartial]fr.Element           // partial rounds' keys
	diag    [SpongeWidth]fr.Element             // internal matrix diagonal minus one
}

func newPerm16() *perm16 {
	params := poseidon2.NewParameters(SpongeWidth, SpongeFull, SpongePartial)
	p := new(perm16)
	half := SpongeFull / 2
	for r := range half {
		copy(p.full[r][:], params.RoundKeys[r])
		copy(p.full[half+r][:], params.RoundKeys[half+SpongePartial+r])
	}
	for r := range SpongePartial {
		p.partial[r] = params.RoundKeys[half+r][0]
	}
	copy(p.diag[:], params.DiagM1)
	return p
}

var sponge16 = newPerm16()

// sbox5 sets x to x^5.
func sbox5(x *fr.Element) {
	var t fr.Element
	t.Square(x)
	t.Square(&t)
	x.Mul(x, &t)
}

// external is M_E: circ(2 M4, M4, M4, M4), as in gnark-crypto.
func external(s *[SpongeWidth]fr.Element) {
	for i := 0; i < SpongeWidth; i += 4 {
		m4(&s[i], &s[i+1], &s[i+2], &s[i+3])
	}
	var s0, s1, s2, s3 fr.Element
	s0.Add(&s[0], &s[4]).Add(&s0, &s[8]).Add(&s0, &s[12])
	s1.Add(&s[1], &s[5]).Add(&s1, &s[9]).Add(&s1, &s[13])
	s2.Add(&s[2], &s[6]).Add(&s2, &s[10]).Add(&s2, &s[14])
	s3.Add(&s[3], &s[7]).Add(&s3, &s[11]).Add(&s3, &s[15])
	for i := 0; i < SpongeWidth; i += 4 {
		s[i].Add(&s[i], &s0)
		s[i+1].Add(&s[i+1], &s1)
		s[i+2].Add(&s[i+2], &s2)
		s[i+3].Add(&s[i+3], &s3)
	}
}

// m4 is the 4x4 MDS block (5 7 1 3; 4 6 1 1; 1 3 5 7; 1 1 4 6).
func m4(a, b, c, d *fr.Element) {
	var t0, t1, t2, t3, t4, t5 fr.Element
	t0.Add(a, b)
	t1.Add(c, d)
	t2.Double(b).Add(&t2, &t1)
	t3.Double(d).Add(&t3, &t0)
	t4.Double(&t1).Double(&t4).Add(&t4, &t3)
	t5.Double(&t0).Double(&t5).Add(&t5, &t2)
	a.Add(&t3, &t5)
	b.Set(&t5)
	c.Add(&t2, &t4)
	d.Set(&t4)
}

func (p *perm16) fullRound(s *[SpongeWidth]fr.Element, keys *[SpongeWidth]fr.Element) {
	for i := range s {
		s[i].Add(&s[i], &keys[i])
		sbox5(&s[i])
	}
	external(s)
}

// permute applies the permutation to s in place.
func (p *perm16) permute(s *[SpongeWidth]fr.Element) {
	external(s)
	half := SpongeFull / 2
	for r := range half {
		p.fullRound(s, &p.full[r])
	}
	for r := range p.partial {
		s[0].Add(&s[0], &p.partial[r])
		sbox5(&s[0])
		// M_I = diag(p.diag) + all-ones: s_i <- diag_i*s_i + sum(s).
		var sum fr.Element
		sum.Add(&s[0], &s[1])
		for i := 2; i < SpongeWidth; i++ {
			sum.Add(&sum, &s[i])
		}
		for i := range s {
			s[i].Mul(&s[i], &p.diag[i])
			s[i].Add(&s[i], &sum)
		}
	}
	for r := range half {
		p.fullRound(s, &p.full[half+r])
	}
}
