package circuits

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/bwproof/bwproof/internal/testkeys"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// raw is a window and receipt in field elements, so tests can sign values
// the protocol package would refuse (a malicious or colluding client) and
// check that the circuit still refuses them.
type raw struct {
	shape     protocol.Shape
	channel   *big.Int
	nonce     *big.Int
	cum       *big.Int
	prevBytes *big.Int
	prevRoot  *big.Int
	lengths   []*big.Int
	digests   []*big.Int
	probes    [][3]*big.Int // index, challenge, answer
}

func fe(v *big.Int) fr.Element {
	var f fr.Element
	f.SetBigInt(v)
	return f
}

func rawFromStep(s protocol.Shape, st *protocol.Step) *raw {
	leaves, probes := st.Window.Padded(s)
	r := &raw{shape: s, channel: st.Receipt.ChannelID.Big(), nonce: new(big.Int).SetUint64(st.Receipt.Nonce),
		cum: new(big.Int).SetUint64(st.Receipt.CumulativeBytes), prevBytes: new(big.Int).SetUint64(st.PrevBytes),
		prevRoot: st.PrevRoot.Big()}
	for _, l := range leaves {
		r.lengths = append(r.lengths, big.NewInt(int64(l.Length)))
		r.digests = append(r.digests, l.DigestElement().Big())
	}
	for _, p := range probes {
		r.probes = append(r.probes, [3]*big.Int{big.NewInt(int64(p.Index)), p.Challenge.Big(), p.Answer.Big()})
	}
	return r
}

func (r *raw) clone() *raw {
	c := *r
	for _, p := range []**big.Int{&c.channel, &c.nonce, &c.cum, &c.prevBytes, &c.prevRoot} {
		*p = new(big.Int).Set(*p)
	}
	cp := func(xs []*big.Int) []*big.Int {
		out := make([]*big.Int, len(xs))
		for i, x := range xs {
			out[i] = new(big.Int).Set(x)
		}
		return out
	}
	c.lengths, c.digests = cp(r.lengths), cp(r.digests)
	c.probes = make([][3]*big.Int, len(r.probes))
	for i, p := range r.probes {
		c.probes[i] = [3]*big.Int{new(big.Int).Set(p[0]), new(big.Int).Set(p[1]), new(big.Int).Set(p[2])}
	}
	return &c
}

// root recomputes the transcript root exactly as the circuit does, with
// lengths packed as field elements (so wrapped values pack as they are).
func (r *raw) root() *big.Int {
	var in []fr.Element
	for _, d := range r.digests {
		in = append(in, fe(d))
	}
	for j := 0; j < r.shape.LengthElements(); j++ {
		acc := new(big.Int)
		for i := 0; i < protocol.LengthsPerElement; i++ {
			if k := j*protocol.LengthsPerElement + i; k < len(r.lengths) {
				acc.Add(acc, new(big.Int).Lsh(r.lengths[k], uint(i*protocol.LengthBits)))
			}
		}
		in = append(in, fe(acc))
	}
	for _, p := range r.probes {
		in = append(in, fe(p[0]), fe(p[1]), fe(p[2]))
	}
	wr := protocol.Hash(protocol.DomainWindow, in...)
	root := protocol.Hash(protocol.DomainChain, fe(r.prevRoot), wr)
	var out big.Int
	root.BigInt(&out)
	return &out
}

// sign has key sign the message over r's values and returns the assignment.
func (r *raw) sign(t *testing.T, key *protocol.ReceiptKey) *ByteCount {
	t.Helper()
	var rootE protocol.Element
	r.root().FillBytes(rootE[:])
	var ch protocol.Element
	r.channel.FillBytes(ch[:])
	rc := protocol.Receipt{ChannelID: ch, Nonce: r.nonce.Uint64(), CumulativeBytes: r.cum.Uint64(), Root: rootE}
	if err := rc.Sign(key); err != nil {
		t.Fatal(err)
	}
	return r.assign(t, &rc)
}

func (r *raw) assign(t *testing.T, rc *protocol.Receipt) *ByteCount {
	t.Helper()
	c, err := NewByteCount(r.shape)
	if err != nil {
		t.Fatal(err)
	}
	kh, err := rc.PublicKey.Hash()
	if err != nil {
		t.Fatal(err)
	}
	ax, ay, err := rc.PublicKey.Point()
	if err != nil {
		t.Fatal(err)
	}
	rx, ry, s, err := rc.SignatureParts()
	if err != nil {
		t.Fatal(err)
	}
	c.ChannelID, c.Nonce, c.CumulativeBytes, c.KeyHash = r.channel, r.nonce, r.cum, kh.Big()
	c.Counters = packed(r.nonce, r.cum)
	c.PublicKey.A.X, c.PublicKey.A.Y = ax.Big(), ay.Big()
	c.Signature.R.X, c.Signature.R.Y, c.Signature.S = rx.Big(), ry.Big(), s
	c.PrevBytes, c.PrevRoot = r.prevBytes, r.prevRoot
	for i := range r.lengths {
		c.Lengths[i], c.Digests[i] = r.lengths[i], r.digests[i]
	}
	for i, p := range r.probes {
		c.Probes[i] = ProbeVar{Index: p[0], Challenge: p[1], Answer: p[2]}
	}
	return c
}

// packed is the public counters for nonce and bytes (as big integers, so
// tests can pack values that do not fit a uint64).
func packed(nonce, bytes *big.Int) *big.Int {
	return new(big.Int).Add(new(big.Int).Lsh(nonce, protocol.CounterShift), bytes)
}

func probeAnswer(ch, digest *big.Int) *big.Int {
	a := protocol.Hash(protocol.DomainProbe, fe(ch), fe(digest))
	var out big.Int
	a.BigInt(&out)
	return &out
}

// byteCountCases returns honest witnesses and one witness per cheat of
// ByteCount, for shape 4; TestBatchCheats puts each into a batch slot.
func byteCountCases(t *testing.T) (shape protocol.Shape, valid, invalid map[string]*ByteCount) {
	t.Helper()
	shape = protocol.ShapeFor(4)
	f := prototest.NewFixture(t, shape, 9_000, 2_000, 11) // 5 chunks: two windows, the last one padded
	st := f.Latest(t)
	honest := rawFromStep(shape, st)
	key := f.ReceiptKey
	mod := ecc.BN254.ScalarField()
	edCurve := twistededwards.GetEdwardsCurve()
	order := new(big.Int).Set(&edCurve.Order)

	valid = map[string]*ByteCount{}
	invalid = map[string]*ByteCount{}

	a, err := Assign(shape, st)
	if err != nil {
		t.Fatal(err)
	}
	valid["honest step via Assign"] = a
	valid["honest step re-signed from raw values"] = honest.sign(t, key)

	// A chunk of exactly MaxChunkSize is allowed (the bound is inclusive).
	edge := honest.clone()
	edge.cum.Add(edge.cum, big.NewInt(protocol.MaxChunkSize-edge.lengths[1].Int64()))
	edge.lengths[1] = big.NewInt(protocol.MaxChunkSize)
	valid["chunk of exactly MaxChunkSize"] = edge.sign(t, key)

	// Inflated total: the public count no longer matches what was signed.
	infl := honest.clone()
	c := infl.sign(t, key)
	c.CumulativeBytes = new(big.Int).Add(infl.cum, big.NewInt(1000))
	c.PrevBytes = new(big.Int).Add(infl.prevBytes, big.NewInt(1000))
	c.Counters = packed(infl.nonce, c.CumulativeBytes.(*big.Int))
	invalid["inflated total (sum and counters kept consistent)"] = c
	c = infl.sign(t, key)
	c.Counters = packed(infl.nonce, new(big.Int).Add(infl.cum, big.NewInt(1)))
	invalid["inflated public total"] = c
	c = infl.sign(t, key)
	c.Counters = new(big.Int).Add(packed(infl.nonce, infl.cum), new(big.Int).Lsh(big.NewInt(1), 128))
	invalid["counters above 2^128"] = c
	// Bytes borrowed from the nonce: the same packed value, split
	// differently, needs a byte count of 2^64 or more.
	c = infl.sign(t, key)
	c.Nonce = new(big.Int).Sub(infl.nonce, big.NewInt(1))
	c.CumulativeBytes = new(big.Int).Add(infl.cum, new(big.Int).Lsh(big.NewInt(1), 64))
	c.PrevBytes = new(big.Int).Add(infl.prevBytes, new(big.Int).Lsh(big.NewInt(1), 64))
	invalid["byte count borrowed from the nonce"] = c

	// Lengths out of range, even when the client signed them.
	over := honest.clone()
	over.lengths[0] = big.NewInt(protocol.MaxChunkSize + 1)
	over.cum = new(big.Int).Add(over.cum, big.NewInt(protocol.MaxChunkSize+1-honest.lengths[0].Int64()))
	invalid["chunk length above the maximum"] = over.sign(t, key)

	big21 := honest.clone()
	big21.lengths[0] = new(big.Int).Lsh(big.NewInt(1), 40)
	big21.cum = new(big.Int).Add(big21.cum, new(big.Int).Sub(big21.lengths[0], honest.lengths[0]))
	invalid["chunk length of 2^40"] = big21.sign(t, key)

	wrap := honest.clone()
	wrap.lengths[0] = new(big.Int).Sub(mod, big.NewInt(5)) // -5 in the field
	wrap.lengths[1] = new(big.Int).Add(wrap.lengths[1], big.NewInt(5)).Add(wrap.lengths[1], honest.lengths[0])
	invalid["negative length wrapping the field"] = wrap.sign(t, key)

	prevWrap := honest.clone()
	prevWrap.prevBytes = new(big.Int).Sub(mod, big.NewInt(100))
	prevWrap.cum = new(big.Int).Sub(new(big.Int).Sub(honest.cum, honest.prevBytes), big.NewInt(100))
	invalid["previous bytes wrapping the field"] = prevWrap.sign(t, key)

	// A leaf changed after the client signed.
	c = honest.sign(t, key)
	c.Digests[1] = new(big.Int).Xor(honest.digests[1], big.NewInt(1))
	invalid["digest changed after signing"] = c
	c = honest.sign(t, key)
	c.Lengths[0] = new(big.Int).Sub(honest.lengths[0], big.NewInt(1))
	c.PrevBytes = new(big.Int).Add(honest.prevBytes, big.NewInt(1))
	invalid["length changed after signing"] = c
	c = honest.sign(t, key)
	c.PrevRoot = new(big.Int).Add(honest.prevRoot, big.NewInt(1))
	invalid["previous root changed"] = c

	// Another client's key.
	other := prototest.NewFixture(t, shape, 1000, 1000, 12).ReceiptKey
	c = honest.sign(t, other)
	c.KeyHash = honest.sign(t, key).KeyHash
	invalid["another client's key, channel's key hash"] = c
	c = honest.sign(t, other)
	good := honest.sign(t, key)
	c.PublicKey, c.KeyHash = good.PublicKey, good.KeyHash
	invalid["another client's signature under the channel's key"] = c

	// Forged and malleable signatures.
	c = honest.sign(t, key)
	c.Signature.S = new(big.Int).Add(c.Signature.S.(*big.Int), big.NewInt(1))
	invalid["forged signature scalar"] = c
	c = honest.sign(t, key)
	c.Signature.R.X, c.Signature.R.Y = good.PublicKey.A.X, good.PublicKey.A.Y
	invalid["forged signature point"] = c
	c = honest.sign(t, key)
	c.Signature.S = new(big.Int).Add(c.Signature.S.(*big.Int), order)
	invalid["malleable signature (s + group order)"] = c

	// Wrong nonce.
	c = honest.sign(t, key)
	c.Nonce = new(big.Int).Add(honest.nonce, big.NewInt(1))
	c.Counters = packed(c.Nonce.(*big.Int), honest.cum)
	invalid["wrong nonce"] = c
	c = honest.sign(t, key)
	c.Counters = packed(new(big.Int).Add(honest.nonce, big.NewInt(1)), honest.cum)
	invalid["wrong public nonce"] = c
	c = honest.sign(t, key)
	c.ChannelID = new(big.Int).Add(honest.channel, big.NewInt(1))
	invalid["wrong channel"] = c

	// Probes: a wrong answer the client signed anyway, and an index out of
	// the window.
	wp := honest.clone()
	wp.probes[0][2] = new(big.Int).Add(wp.probes[0][2], big.NewInt(1))
	invalid["wrong probe answer"] = wp.sign(t, key)
	op := honest.clone()
	op.probes[0][0] = big.NewInt(int64(shape.Chunks))
	op.probes[0][2] = probeAnswer(op.probes[0][1], big.NewInt(0))
	invalid["probe index outside the window"] = op.sign(t, key)
	sp := honest.clone()
	idx := (sp.probes[0][0].Int64() + 1) % int64(shape.Chunks)
	sp.probes[0][0] = big.NewInt(idx)
	invalid["probe answered from another chunk"] = sp.sign(t, key)

	return shape, valid, invalid
}

// TestByteCountCheats runs real Groth16 setup and proving: the honest
// witnesses must prove and verify, every cheat must fail to prove.
func TestByteCountCheats(t *testing.T) {
	shape, valid, invalid := byteCountCases(t)
	circuit, _ := NewByteCount(shape)
	var opts []test.TestingOption
	opts = append(opts, test.WithCurves(ecc.BN254), test.WithBackends(backend.GROTH16),
		test.NoFuzzing(), test.NoSolidityChecks(), test.NoSerializationChecks(), test.WithoutSmallfieldCheck())
	for _, v := range valid {
		opts = append(opts, test.WithValidAssignment(v))
	}
	for _, v := range invalid {
		opts = append(opts, test.WithInvalidAssignment(v))
	}
	// Each cheat alone must also fail the solver, so a passing case is named.
	solveCases(t, circuit, valid, invalid)
	test.NewAssert(t).CheckCircuit(circuit, opts...)

	// gnark's default test profile stops at the solver; run the real
	// Groth16 prover too: valid witnesses prove and verify, cheats do not.
	proveCases(t, circuit, valid, invalid)
}

// solveCases runs the solver on each assignment alone: every cheat must
// fail it, every valid one pass, each named when it does not.
func solveCases[C frontend.Circuit](t *testing.T, circuit frontend.Circuit, valid, invalid map[string]C) {
	t.Helper()
	mod := ecc.BN254.ScalarField()
	for name, v := range invalid {
		if err := test.IsSolved(circuit, v, mod); err == nil {
			t.Errorf("cheat %q satisfies the circuit", name)
		}
	}
	for name, v := range valid {
		if err := test.IsSolved(circuit, v, mod); err != nil {
			t.Errorf("valid %q: %v", name, err)
		}
	}
}

// proveCases runs real Groth16 setup and proving on circuit: every valid
// assignment proves and verifies, every cheat fails to prove. The setup is
// testkeys' shared one, keyed by the test (one circuit per test).
func proveCases[C frontend.Circuit](t *testing.T, circuit frontend.Circuit, valid, invalid map[string]C) {
	t.Helper()
	mod := ecc.BN254.ScalarField()
	keys := testkeys.Groth16(t, t.Name(), circuit)
	cs, pk, vk := keys.CS, keys.PK, keys.VK
	for name, v := range valid {
		w, err := frontend.NewWitness(v, mod)
		if err != nil {
			t.Fatal(err)
		}
		proof, err := groth16.Prove(cs, pk, w)
		if err != nil {
			t.Fatalf("valid %q: prove: %v", name, err)
		}
		pub, _ := w.Public()
		if err := groth16.Verify(proof, vk, pub); err != nil {
			t.Fatalf("valid %q: verify: %v", name, err)
		}
	}
	for name, v := range invalid {
		w, err := frontend.NewWitness(v, mod)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := groth16.Prove(cs, pk, w); err == nil {
			t.Errorf("cheat %q proved", name)
		}
	}
}
