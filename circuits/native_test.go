package circuits

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	tedwards "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// The differential test between the miner's native acceptance
// (protocol.Step.Check: what challenge's payment, the ledger and attest
// use) and the circuit's solver. Per step:
//
//   - native: Step.Check accepts;
//   - bare: the solver accepts the most lenient witness the bytes could
//     name (points decoded without any validation, S as its 256-bit
//     integer, probes as sent, public inputs from the voucher as the
//     contract passes them): what the constraints alone enforce;
//   - nativeOnly: the named rule of protocol's encoding that refuses the
//     step on purpose although the constraints could not tell (canonical
//     encodings, prime-order points, redundant receipt fields), or "".
//
// The test asserts native == bare && nativeOnly == "" on every case, and
// that whatever native accepts the miner's own prover path (Assign) turns
// into a witness that solves.

// diff is one compiled circuit shared by every case of the test binary.
type diff struct {
	shape protocol.Shape
	ccs   constraint.ConstraintSystem
	mod   *big.Int
}

func newDiff(t testing.TB, s protocol.Shape) *diff {
	t.Helper()
	c, err := NewByteCount(s)
	if err != nil {
		t.Fatal(err)
	}
	mod := ecc.BN254.ScalarField()
	ccs, err := frontend.Compile(mod, r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	return &diff{shape: s, ccs: ccs, mod: mod}
}

// solves reports whether a satisfies the compiled circuit.
func (d *diff) solves(a *ByteCount) bool {
	w, err := frontend.NewWitness(a, d.mod)
	if err != nil {
		return false
	}
	return d.ccs.IsSolved(w) == nil
}

var errNoFit = errors.New("window does not fit the circuit's slots")

// bareAssignment is the most lenient witness for st: whatever the bytes
// name, decoded without validation, public inputs as the contract would
// pass them (the voucher's channel and counters, the key's hash).
func bareAssignment(s protocol.Shape, st *protocol.Step) (*ByteCount, error) {
	if len(st.Window.Leaves) > s.Chunks || len(st.Window.Probes) > s.Probes {
		return nil, errNoFit
	}
	var a, r tedwards.PointAffine
	if _, err := a.SetBytes(st.Receipt.PublicKey[:]); err != nil {
		return nil, err
	}
	if _, err := r.SetBytes(st.Receipt.Signature[:32]); err != nil {
		return nil, err
	}
	c, err := NewByteCount(s)
	if err != nil {
		return nil, err
	}
	kh := protocol.Hash(protocol.DomainKey, a.X, a.Y)
	c.ChannelID = st.Voucher.ChannelID.Big()
	c.Counters = protocol.PackCounters(st.Voucher.Nonce, st.Voucher.CumulativeBytes).Big()
	c.KeyHash = frBig(kh)
	c.Nonce, c.CumulativeBytes = st.Receipt.Nonce, st.Receipt.CumulativeBytes
	c.PublicKey.A.X, c.PublicKey.A.Y = frBig(a.X), frBig(a.Y)
	c.Signature.R.X, c.Signature.R.Y = frBig(r.X), frBig(r.Y)
	c.Signature.S = new(big.Int).SetBytes(st.Receipt.Signature[32:])
	c.PrevBytes, c.PrevRoot = st.PrevBytes, st.PrevRoot.Big()
	raw := rawFromStep(s, st)
	for i := range raw.lengths {
		c.Lengths[i], c.Digests[i] = raw.lengths[i], raw.digests[i]
	}
	for i, p := range raw.probes {
		c.Probes[i] = ProbeVar{Index: p[0], Challenge: p[1], Answer: p[2]}
	}
	return c, nil
}

func frBig(f fr.Element) *big.Int {
	var b big.Int
	f.BigInt(&b)
	return &b
}

type verdict struct {
	native, bare, prove bool
	nativeErr           error
}

func (d *diff) judge(st *protocol.Step) verdict {
	var v verdict
	v.nativeErr = st.Check(d.shape)
	v.native = v.nativeErr == nil
	if v.native {
		a, err := Assign(d.shape, st)
		v.prove = err == nil && d.solves(a)
	}
	if a, err := bareAssignment(d.shape, st); err == nil {
		v.bare = d.solves(a)
	}
	return v
}

// nativeOnly names the rule of protocol's shared decoding that refuses st
// although the bare constraints would accept it, or "" if there is none.
// Each is a deliberate choice (documented on protocol.CheckPoint,
// SignatureParts, Window.Check and Step.Check): one encoding per receipt,
// probes naming real chunks.
func nativeOnly(st *protocol.Step) string {
	var a, r tedwards.PointAffine
	_, _ = a.SetBytes(st.Receipt.PublicKey[:])
	_, _ = r.SetBytes(st.Receipt.Signature[:32])
	curve := tedwards.GetEdwardsCurve()
	order := &curve.Order
	sv := new(big.Int).SetBytes(st.Receipt.Signature[32:])
	switch {
	case a.IsZero() || !a.IsInSubGroup():
		return "key outside the prime-order subgroup (the circuit verifies cofactored)"
	case !r.IsInSubGroup():
		return "R outside the prime-order subgroup (the circuit verifies cofactored)"
	case a.Bytes() != st.Receipt.PublicKey:
		return "non-canonical key encoding"
	case [32]byte(st.Receipt.Signature[:32]) != r.Bytes():
		return "non-canonical R encoding"
	case sv.Cmp(order) >= 0:
		return "S not below the group order as bytes (the circuit sees S mod r)"
	case sv.Sign() == 0:
		return "zero S"
	}
	if st.Receipt.ChannelID != st.Voucher.ChannelID {
		return "the receipt's copy of the channel id is not the one signed and proven"
	}
	if s := protocol.ShapeFor(4); len(st.Window.Leaves) <= s.Chunks && len(st.Window.Probes) <= s.Probes {
		var root protocol.Element
		rawFromStep(s, st).root().FillBytes(root[:])
		if root != st.Receipt.Root {
			return "the receipt's copy of the root is not the one signed and proven"
		}
	}
	for _, p := range st.Window.Probes {
		switch {
		case p.Challenge == (protocol.Element{}):
			return "probe slot sent with a zero challenge"
		case int(p.Index) >= len(st.Window.Leaves):
			return "probe names a padding slot"
		}
	}
	return ""
}

// ---------------------------------------------------------------- signing

// signer signs receipts with chosen R and key points, so that tests can
// produce what a hostile client could send.
type signer struct {
	a   *big.Int             // secret scalar
	pub tedwards.PointAffine // [a]B
	rng *rand.Rand
	// zeroNonce signs with R = identity (S = h·a): valid, if unusual.
	zeroNonce bool
}

func newSigner(t testing.TB, k *protocol.ReceiptKey) *signer {
	t.Helper()
	b := k.Bytes()
	s := &signer{a: new(big.Int).SetBytes(b[32:64]), rng: rand.New(rand.NewPCG(1, 2))}
	s.pub.ScalarMultiplicationBase(s.a)
	if s.pub.Bytes() != k.Public() {
		t.Fatal("receipt key layout: scalar does not give the public key")
	}
	return s
}

// sig is a signature in parts, to be tampered with before encoding.
type sig struct {
	r tedwards.PointAffine
	s *big.Int
}

func (g sig) bytes() [64]byte {
	var out [64]byte
	rb := g.r.Bytes()
	copy(out[:32], rb[:])
	g.s.FillBytes(out[32:])
	return out
}

// signAs signs r's message under key (which must be [a]B plus torsion),
// with nonce point [k]B + rTorsion: the hash covers the points as sent.
func (g *signer) signAs(t testing.TB, rc *protocol.Receipt, key tedwards.PointAffine, a *big.Int, rTorsion *tedwards.PointAffine) sig {
	t.Helper()
	msg, err := rc.Message()
	if err != nil {
		t.Fatal(err)
	}
	curve := tedwards.GetEdwardsCurve()
	order := &curve.Order
	k := new(big.Int).Mod(new(big.Int).SetBytes(randBytes(g.rng, 48)), order)
	if g.zeroNonce {
		k.SetInt64(0) // R is the identity
	}
	var R tedwards.PointAffine
	R.ScalarMultiplicationBase(k)
	if rTorsion != nil {
		R.Add(&R, rTorsion)
	}
	m, _ := msg.Fr()
	h := protocol.Hash(protocol.DomainEdDSA, R.X, R.Y, key.X, key.Y, m)
	s := new(big.Int).Mul(frBig(h), a)
	s.Add(s, k).Mod(s, order)
	rc.PublicKey = key.Bytes()
	return sig{r: R, s: s}
}

func randBytes(r *rand.Rand, n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(r.Uint32())
	}
	return p
}

// resign makes st internally consistent again after a tamper: the receipt's
// root as the circuit computes it from the (possibly invalid) window, the
// voucher naming the receipt's channel and counters, then a signature by
// the honest key.
func (g *signer) resign(t testing.TB, s protocol.Shape, st *protocol.Step) {
	t.Helper()
	g.resignWith(t, s, st, g.pub, g.a, nil, nil)
}

func (g *signer) resignWith(t testing.TB, s protocol.Shape, st *protocol.Step, key tedwards.PointAffine, a *big.Int,
	rTorsion *tedwards.PointAffine, tamper func(*sig)) {
	t.Helper()
	if len(st.Window.Leaves) <= s.Chunks && len(st.Window.Probes) <= s.Probes {
		rawFromStep(s, st).root().FillBytes(st.Receipt.Root[:])
	}
	st.Voucher.ChannelID, st.Voucher.Nonce, st.Voucher.CumulativeBytes =
		st.Receipt.ChannelID, st.Receipt.Nonce, st.Receipt.CumulativeBytes
	sg := g.signAs(t, &st.Receipt, key, a, rTorsion)
	if tamper != nil {
		tamper(&sg)
	}
	st.Receipt.Signature = sg.bytes()
}

// torsion returns points of order 2, 4 and 8.
func torsion(t testing.TB) (o2, o4, o8 tedwards.PointAffine) {
	t.Helper()
	curve := tedwards.GetEdwardsCurve()
	order := &curve.Order
	for y := int64(2); ; y++ {
		var p tedwards.PointAffine
		p.Y.SetInt64(y)
		var buf [32]byte
		b := p.Y.Bytes()
		for i := range b {
			buf[i] = b[31-i]
		}
		if _, err := p.SetBytes(buf[:]); err != nil || !p.IsOnCurve() {
			continue
		}
		var q, t4, t2 tedwards.PointAffine
		q.ScalarMultiplication(&p, order)
		t4.Double(&q)
		t2.Double(&t4)
		if !t2.IsZero() {
			return t2, t4, q // q has order 8 exactly
		}
	}
}

// offCurveY returns a y for which no x is on the curve.
func offCurveY(t testing.TB) [32]byte {
	t.Helper()
	for y := int64(2); ; y++ {
		var p tedwards.PointAffine
		p.Y.SetInt64(y)
		b := p.Y.Bytes()
		var buf [32]byte
		for i := range b {
			buf[i] = b[31-i]
		}
		if _, err := p.SetBytes(buf[:]); err == nil && !p.IsOnCurve() {
			return buf
		}
	}
}

// ---------------------------------------------------------------- the test

func cloneStep(st *protocol.Step) *protocol.Step {
	c := *st
	c.Window.Leaves = append([]protocol.ChunkLeaf(nil), st.Window.Leaves...)
	c.Window.Probes = append([]protocol.Probe(nil), st.Window.Probes...)
	return &c
}

func TestNativeMatchesCircuit(t *testing.T) {
	shape := protocol.ShapeFor(4)
	d := newDiff(t, shape)
	f := prototest.NewFixture(t, shape, 10_000, 1000, 1) // 4+4+2 chunks: the last window is half padding
	honest := f.Latest(t)
	g := newSigner(t, f.ReceiptKey)
	t2, t4, t8 := torsion(t)
	curve := tedwards.GetEdwardsCurve()
	order := new(big.Int).Set(&curve.Order)
	mod := fr.Modulus()
	if len(honest.Window.Leaves) != 2 || len(honest.Window.Probes) != 1 {
		t.Fatalf("fixture: want 2 leaves and 1 probe, got %d, %d", len(honest.Window.Leaves), len(honest.Window.Probes))
	}

	type tc struct {
		name string
		mut  func(st *protocol.Step)
		// want is the native verdict (equal to the circuit's by the test);
		// bare is what the bare constraints say.
		want, bare bool
	}
	addKey := func(tt tedwards.PointAffine) func(*protocol.Step) {
		return func(st *protocol.Step) {
			var k tedwards.PointAffine
			k.Add(&g.pub, &tt)
			g.resignWith(t, shape, st, k, g.a, nil, nil)
		}
	}
	addR := func(tt tedwards.PointAffine) func(*protocol.Step) {
		return func(st *protocol.Step) { g.resignWith(t, shape, st, g.pub, g.a, &tt, nil) }
	}
	tamperS := func(fn func(s *big.Int) *big.Int) func(*protocol.Step) {
		return func(st *protocol.Step) {
			g.resignWith(t, shape, st, g.pub, g.a, nil, func(sg *sig) { sg.s = fn(sg.s) })
		}
	}
	setLen := func(i int, n uint32) func(*protocol.Step) {
		return func(st *protocol.Step) {
			st.Receipt.CumulativeBytes += uint64(n) - uint64(st.Window.Leaves[i].Length)
			st.Window.Leaves[i].Length = n
			g.resign(t, shape, st)
		}
	}
	cases := []tc{
		{"honest", func(*protocol.Step) {}, true, true},
		{"honest re-signed", func(st *protocol.Step) { g.resign(t, shape, st) }, true, true},

		// Keys.
		{"key + point of order 2", addKey(t2), false, true},
		{"key + point of order 4", addKey(t4), false, true},
		{"key + point of order 8", addKey(t8), false, true},
		{"key of order 8, forged without a secret", func(st *protocol.Step) {
			g.resignWith(t, shape, st, t8, big.NewInt(0), nil, nil)
		}, false, true},
		{"identity key, forged without a secret", func(st *protocol.Step) {
			var id tedwards.PointAffine
			id.X.SetZero()
			id.Y.SetOne()
			g.resignWith(t, shape, st, id, big.NewInt(0), nil, nil)
		}, false, true},
		{"key off the curve", func(st *protocol.Step) { st.Receipt.PublicKey = offCurveY(t) }, false, false},
		{"key with the other sign", func(st *protocol.Step) { st.Receipt.PublicKey[31] ^= 0x80 }, false, false},
		{"key negated, re-signed", func(st *protocol.Step) {
			var k tedwards.PointAffine
			k.Neg(&g.pub)
			g.resignWith(t, shape, st, k, new(big.Int).Sub(order, g.a), nil, nil)
		}, true, true},
		{"key y not reduced (y + r)", func(st *protocol.Step) {
			y := new(big.Int).Add(frBig(g.pub.Y), mod)
			st.Receipt.PublicKey = leBytes(y, g.pub.Bytes()[31]&0x80)
		}, false, true},

		// Signature scalar.
		{"S + order", tamperS(func(s *big.Int) *big.Int { return s.Add(s, order) }), false, false},
		{"S + r", tamperS(func(s *big.Int) *big.Int { return s.Add(s, mod) }), false, true},
		{"S + 5r (≥ 2^255)", tamperS(func(s *big.Int) *big.Int { return s.Add(s, new(big.Int).Mul(mod, big.NewInt(5))) }), false, true},
		{"S + 2^253", tamperS(func(s *big.Int) *big.Int { return s.Add(s, new(big.Int).Lsh(big.NewInt(1), 253)) }), false, false},
		{"S = order - 1 (forged)", tamperS(func(*big.Int) *big.Int { return new(big.Int).Sub(order, big.NewInt(1)) }), false, false},
		{"S = 0", tamperS(func(*big.Int) *big.Int { return new(big.Int) }), false, false},
		{"S + 1", tamperS(func(s *big.Int) *big.Int { return s.Add(s, big.NewInt(1)) }), false, false},

		// Signature point.
		{"R + point of order 2", addR(t2), false, true},
		{"R + point of order 4", addR(t4), false, true},
		{"R + point of order 8", addR(t8), false, true},
		{"R = identity", func(st *protocol.Step) {
			g.zeroNonce = true
			defer func() { g.zeroNonce = false }()
			g.resign(t, shape, st)
		}, true, true},
		{"R = identity with the sign bit set", func(st *protocol.Step) {
			g.zeroNonce = true
			defer func() { g.zeroNonce = false }()
			g.resign(t, shape, st)
			st.Receipt.Signature[31] |= 0x80
		}, false, true},
		{"R y not reduced (y + r)", func(st *protocol.Step) {
			var r tedwards.PointAffine
			if _, err := r.SetBytes(st.Receipt.Signature[:32]); err != nil {
				t.Fatal(err)
			}
			b := leBytes(new(big.Int).Add(frBig(r.Y), mod), st.Receipt.Signature[31]&0x80)
			copy(st.Receipt.Signature[:32], b[:])
		}, false, true},
		{"R off the curve", func(st *protocol.Step) {
			copy(st.Receipt.Signature[:32], func() []byte { b := offCurveY(t); return b[:] }())
		}, false, false},
		{"R = key", func(st *protocol.Step) { pk := st.Receipt.PublicKey; copy(st.Receipt.Signature[:32], pk[:]) }, false, false},

		// Lengths at their bound.
		{"chunk of MaxChunkSize", setLen(0, protocol.MaxChunkSize), true, true},
		{"chunk of MaxChunkSize+1", setLen(0, protocol.MaxChunkSize+1), false, false},
		{"chunk of 2^21", setLen(1, 1<<protocol.LengthBits), false, false},
		{"chunk of 2^32-1", setLen(1, ^uint32(0)), false, false},
		{"empty chunk", setLen(1, 0), true, true},

		// Counters at their bound.
		{"cumulative bytes exactly 2^64-1", func(st *protocol.Step) {
			st.PrevBytes = ^uint64(0) - st.Window.Bytes()
			st.Receipt.CumulativeBytes = ^uint64(0)
			g.resign(t, shape, st)
		}, true, true},
		{"cumulative bytes wrapping 2^64", func(st *protocol.Step) {
			st.PrevBytes = ^uint64(0) - st.Window.Bytes() + 5
			st.Receipt.CumulativeBytes = st.PrevBytes + st.Window.Bytes() // wraps to 4
			g.resign(t, shape, st)
		}, false, false},
		{"nonce 2^64-1", func(st *protocol.Step) { st.Receipt.Nonce = ^uint64(0); g.resign(t, shape, st) }, true, true},
		{"nonce 0", func(st *protocol.Step) { st.Receipt.Nonce = 0; g.resign(t, shape, st) }, true, true},
		{"voucher nonce differs", func(st *protocol.Step) { st.Voucher.Nonce++ }, false, false},
		{"voucher bytes differ", func(st *protocol.Step) { st.Voucher.CumulativeBytes++ }, false, false},
		{"voucher channel differs", func(st *protocol.Step) { st.Voucher.ChannelID[31] ^= 1 }, false, false},
		{"receipt bytes one more than the window", func(st *protocol.Step) {
			st.Receipt.CumulativeBytes++
			g.resign(t, shape, st)
		}, false, false},
		{"previous bytes one less (re-signed)", func(st *protocol.Step) { st.PrevBytes--; g.resign(t, shape, st) }, false, false},

		// Chaining.
		{"previous root changed", func(st *protocol.Step) { st.PrevRoot[31] ^= 1 }, false, false},
		{"previous root changed and re-signed", func(st *protocol.Step) { st.PrevRoot[31] ^= 1; g.resign(t, shape, st) }, true, true},
		{"receipt root not the chained root", func(st *protocol.Step) {
			g.resign(t, shape, st)
			st.Receipt.Root[31] ^= 1
			sg := g.signAs(t, &st.Receipt, g.pub, g.a, nil)
			st.Receipt.Signature = sg.bytes()
		}, false, false},
		{"digest changed", func(st *protocol.Step) { st.Window.Leaves[0].Digest[0] ^= 1 }, false, false},
		{"digest's last byte changed (outside the field element)", func(st *protocol.Step) {
			st.Window.Leaves[0].Digest[31] ^= 1
		}, true, true},

		// Probes.
		{"probe index = W", func(st *protocol.Step) { probeAt(st, shape.Chunks); g.resign(t, shape, st) }, false, false},
		{"probe index = 2^32-1", func(st *protocol.Step) { probeAt(st, -1); g.resign(t, shape, st) }, false, false},
		{"probe index into padding", func(st *protocol.Step) { probeAt(st, len(st.Window.Leaves)); g.resign(t, shape, st) }, false, true},
		{"probe index of the other chunk", func(st *protocol.Step) {
			st.Window.Probes[0].Index ^= 1
			g.resign(t, shape, st)
		}, false, false},
		{"probe with zero challenge", func(st *protocol.Step) {
			st.Window.Probes[0].Challenge = protocol.Element{}
			g.resign(t, shape, st)
		}, false, true},
		{"probe answer off by one", func(st *protocol.Step) {
			st.Window.Probes[0].Answer[31] ^= 1
			g.resign(t, shape, st)
		}, false, false},

		// Window slots.
		{"W+1 chunks", func(st *protocol.Step) {
			for len(st.Window.Leaves) <= shape.Chunks {
				st.Window.Leaves = append(st.Window.Leaves, protocol.ChunkLeaf{Length: 1})
				st.Receipt.CumulativeBytes++
			}
			g.resign(t, shape, st)
		}, false, false},
		{"P+1 probes", func(st *protocol.Step) {
			st.Window.Probes = append(st.Window.Probes, st.Window.Probes[0])
			g.resign(t, shape, st)
		}, false, false},
		{"empty window", func(st *protocol.Step) {
			st.Window = protocol.Window{}
			st.Receipt.CumulativeBytes = st.PrevBytes
			g.resign(t, shape, st)
		}, true, true},
	}

	for _, c := range cases {
		st := cloneStep(honest)
		c.mut(st)
		v := d.judge(st)
		agree(t, c.name, st, v)
		if v.native != c.want {
			t.Errorf("%s: native %v (%v), want %v", c.name, v.native, v.nativeErr, c.want)
		}
		if v.bare != c.bare {
			t.Errorf("%s: bare constraints %v, want %v", c.name, v.bare, c.bare)
		}
	}

	// Randomised: bit flips in an honest step's encoding (the miner sees
	// the decoded result), half of them re-signed so the signature does not
	// hide what the flip broke.
	rng := rand.New(rand.NewPCG(15, 15))
	enc := honest.Encode()
	var decoded, accepted int
	for i := 0; i < 300; i++ {
		b := append([]byte(nil), enc...)
		for n := 1 + rng.IntN(3); n > 0; n-- {
			j := 4 + rng.IntN(len(b)-4) // keep the header: a broken header is a decoding test
			b[j] ^= 1 << rng.IntN(8)
		}
		st, err := protocol.DecodeStep(b)
		if err != nil {
			continue
		}
		decoded++
		if i%2 == 1 {
			g.resign(t, shape, &st)
		}
		v := d.judge(&st)
		agree(t, fmt.Sprintf("flip %d", i), &st, v)
		if v.native {
			accepted++
		}
	}
	t.Logf("%d table cases, %d random flips decoded, %d of them accepted", len(cases), decoded, accepted)

	// Randomised: one to three of the table's kinds of tamper at random
	// magnitudes, combined, then (mostly) re-signed with the key as sent.
	tampers := []func(*protocol.Step, *rand.Rand) (key *tedwards.PointAffine, rT *tedwards.PointAffine, sOff *big.Int){
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			k := pick(r, t2, t4, t8)
			k.Add(&k, &g.pub)
			return &k, nil, nil
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			rt := pick(r, t2, t4, t8)
			return nil, &rt, nil
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			off := new(big.Int).Mul(big.NewInt(int64(r.IntN(6))), pickBig(r, order, mod))
			return nil, nil, off.Add(off, big.NewInt(int64(r.IntN(3))-1))
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			i := r.IntN(len(st.Window.Leaves))
			n := []uint32{0, 1, protocol.MaxChunkSize - 1, protocol.MaxChunkSize, protocol.MaxChunkSize + 1,
				1<<protocol.LengthBits - 1, 1 << protocol.LengthBits, ^uint32(0), r.Uint32()}[r.IntN(9)]
			st.Receipt.CumulativeBytes += uint64(n) - uint64(st.Window.Leaves[i].Length)
			st.Window.Leaves[i].Length = n
			return nil, nil, nil
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			w := st.Window.Bytes()
			st.PrevBytes = ^uint64(0) - w - 3 + uint64(r.IntN(8)) // sums of 2^64-4 .. 2^64+3
			st.Receipt.CumulativeBytes = st.PrevBytes + w + uint64(r.IntN(2))
			return nil, nil, nil
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			st.Receipt.Nonce = ^uint64(0) - uint64(r.IntN(3))
			return nil, nil, nil
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			p := &st.Window.Probes[0]
			switch r.IntN(4) {
			case 0:
				probeAt(st, r.IntN(shape.Chunks+3))
			case 1:
				p.Challenge = protocol.Element{}
			case 2:
				p.Index = uint32(r.IntN(len(st.Window.Leaves)))
			default:
				p.Answer[31] ^= byte(1 + r.IntN(255))
			}
			return nil, nil, nil
		},
		func(st *protocol.Step, r *rand.Rand) (*tedwards.PointAffine, *tedwards.PointAffine, *big.Int) {
			switch r.IntN(3) {
			case 0:
				st.Voucher.Nonce += uint64(r.IntN(2))
			case 1:
				st.PrevRoot[31] ^= byte(r.IntN(2))
			default:
				st.Window.Leaves = append(st.Window.Leaves, protocol.ChunkLeaf{Length: uint32(r.IntN(3))})
				st.Receipt.CumulativeBytes += uint64(st.Window.Leaves[len(st.Window.Leaves)-1].Length)
			}
			return nil, nil, nil
		},
	}
	accepted = 0
	const mutations = 250
	for i := 0; i < mutations; i++ {
		st := cloneStep(honest)
		key, rT := g.pub, (*tedwards.PointAffine)(nil)
		sOff := new(big.Int)
		for n := 1 + rng.IntN(3); n > 0; n-- {
			k, rt, so := tampers[rng.IntN(len(tampers))](st, rng)
			if k != nil {
				key = *k
			}
			if rt != nil {
				rT = rt
			}
			if so != nil {
				sOff.Add(sOff, so)
			}
		}
		if rng.IntN(8) != 0 {
			sync := st.Voucher.Nonce == st.Receipt.Nonce
			g.resignWith(t, shape, st, key, g.a, rT, func(sg *sig) { sg.s.Add(sg.s, sOff); sg.s.Mod(sg.s, twoTo256) })
			if !sync {
				st.Voucher.Nonce++
			}
		}
		v := d.judge(st)
		agree(t, fmt.Sprintf("mutation %d", i), st, v)
		if v.native {
			accepted++
		}
	}
	t.Logf("%d random mutations, %d of them accepted", mutations, accepted)
}

var twoTo256 = new(big.Int).Lsh(big.NewInt(1), 256)

func pick(r *rand.Rand, ps ...tedwards.PointAffine) tedwards.PointAffine { return ps[r.IntN(len(ps))] }

func pickBig(r *rand.Rand, xs ...*big.Int) *big.Int { return xs[r.IntN(len(xs))] }

// agree asserts that native accepts exactly what the constraints accept
// minus the named native-only rules, and that the miner can prove what
// native accepts.
func agree(t *testing.T, name string, st *protocol.Step, v verdict) {
	t.Helper()
	rule := nativeOnly(st)
	if v.native != (v.bare && rule == "") {
		t.Errorf("%s: native %v (%v), constraints %v, native-only rule %q", name, v.native, v.nativeErr, v.bare, rule)
	}
	if v.native && !v.prove {
		t.Errorf("%s: native accepts, the miner's Assign cannot prove it", name)
	}
}

// probeAt points the window's first probe at chunk idx (-1: 2^32-1) with
// the answer a padding slot would give.
func probeAt(st *protocol.Step, idx int) {
	p := &st.Window.Probes[0]
	p.Index = uint32(idx)
	a, _ := protocol.ProbeAnswer(p.Challenge, protocol.ChunkLeaf{})
	p.Answer = a
}

// leBytes encodes y (< 2^255) little-endian with flag in the top bit, as a
// compressed point.
func leBytes(y *big.Int, flag byte) [32]byte {
	var be, out [32]byte
	y.FillBytes(be[:])
	for i := range be {
		out[i] = be[31-i]
	}
	out[31] |= flag
	return out
}
