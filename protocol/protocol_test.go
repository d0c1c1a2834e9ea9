package protocol_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

func TestSessionIsConsistentAndRoundTrips(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 50_000, 3000, 1)
	if err := f.Session.Check(); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Session.Steps); n != 5 { // 17 chunks in windows of 4
		t.Fatalf("%d steps", n)
	}
	enc := f.Session.Encode()
	got, err := protocol.DecodeSession(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Encode(), enc) {
		t.Fatal("session does not round-trip")
	}
	if err := got.Check(); err != nil {
		t.Fatal(err)
	}
	last, _ := got.Latest()
	if last.Receipt.CumulativeBytes != 50_000 || last.Voucher.CumulativeAmount.Int64() != 50_000 {
		t.Fatalf("last step: %d bytes, amount %s", last.Receipt.CumulativeBytes, last.Voucher.CumulativeAmount)
	}
}

func TestStepCheckRefusesInconsistency(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 2)
	shape := f.Shape
	mutate := map[string]func(s *protocol.Step){
		"voucher nonce":   func(s *protocol.Step) { s.Voucher.Nonce++ },
		"voucher bytes":   func(s *protocol.Step) { s.Voucher.CumulativeBytes++ },
		"voucher channel": func(s *protocol.Step) { s.Voucher.ChannelID = protocol.ElementFromUint64(1) },
		"prev bytes":      func(s *protocol.Step) { s.PrevBytes++ },
		"prev root":       func(s *protocol.Step) { s.PrevRoot = protocol.ElementFromUint64(1) },
		"leaf digest":     func(s *protocol.Step) { s.Window.Leaves[0].Digest[0] ^= 1 },
		"probe answer":    func(s *protocol.Step) { s.Window.Probes[0].Answer = protocol.ElementFromUint64(5) },
		"receipt bytes":   func(s *protocol.Step) { s.Receipt.CumulativeBytes++ },
	}
	for name, m := range mutate {
		st := *f.Latest(t)
		st.Window = protocol.Window{Leaves: append([]protocol.ChunkLeaf(nil), st.Window.Leaves...),
			Probes: append([]protocol.Probe(nil), st.Window.Probes...)}
		m(&st)
		if err := st.Check(shape); err == nil {
			t.Errorf("%s: inconsistent step accepted", name)
		}
	}
}

func TestVoucherSignatures(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 1000, 1000, 3)
	v := f.Latest(t).Voucher
	if err := v.VerifyFrom(f.Domain, f.ClientAddr); err != nil {
		t.Fatal(err)
	}
	// Another domain (chain or contract) gives another signer.
	d2 := f.Domain
	d2.ChainID = big.NewInt(1)
	if err := v.VerifyFrom(d2, f.ClientAddr); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("other domain: %v", err)
	}
	// The malleable twin (n - s, flipped v) must be refused as high-s.
	m := v
	s := new(big.Int).SetBytes(v.Signature[32:64])
	s.Sub(crypto.S256().Params().N, s)
	s.FillBytes(m.Signature[32:64])
	m.Signature[64] ^= 1 // 27 <-> 28
	if _, err := m.Signer(f.Domain); !errors.Is(err, protocol.ErrMalleableSignature) {
		t.Fatalf("malleable voucher signature: %v", err)
	}
	m = v
	m.Signature[64] = 1
	if _, err := m.Signer(f.Domain); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("recovery id 1: %v", err)
	}
	m = v
	m.CumulativeAmount = new(big.Int).Add(v.CumulativeAmount, big.NewInt(1))
	if err := m.VerifyFrom(f.Domain, f.ClientAddr); err == nil {
		t.Fatal("changed amount still verifies")
	}
}

func TestReceiptSignatures(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 1000, 1000, 4)
	r := f.Latest(t).Receipt
	if err := r.Verify(); err != nil {
		t.Fatal(err)
	}
	m := r
	s := new(big.Int).SetBytes(r.Signature[32:])
	curve := twistededwards.GetEdwardsCurve()
	s.Add(s, &curve.Order)
	s.FillBytes(m.Signature[32:])
	if err := m.Verify(); !errors.Is(err, protocol.ErrMalleableSignature) {
		t.Fatalf("s + order: %v", err)
	}
	m = r
	m.Nonce++
	if err := m.Verify(); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("changed nonce: %v", err)
	}
	other := prototest.NewFixture(t, protocol.ShapeFor(4), 1000, 1000, 5)
	m = r
	m.PublicKey = other.ReceiptKey.Public()
	if err := m.Verify(); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("other key: %v", err)
	}
}

func TestWindowLimits(t *testing.T) {
	s := protocol.ShapeFor(4)
	for _, bad := range []protocol.Shape{{Chunks: 3, Probes: 1}, {Chunks: 0, Probes: 0}, {Chunks: 4, Probes: 5}, {Chunks: 1 << 20, Probes: 1}} {
		if err := bad.Check(); !errors.Is(err, protocol.ErrWindow) {
			t.Errorf("shape %+v: %v", bad, err)
		}
	}
	w := protocol.Window{Leaves: []protocol.ChunkLeaf{{Length: protocol.MaxChunkSize + 1}}}
	if _, err := w.Root(s); !errors.Is(err, protocol.ErrChunkTooLarge) {
		t.Fatalf("oversized chunk: %v", err)
	}
	w = protocol.Window{Leaves: make([]protocol.ChunkLeaf, 5)}
	if _, err := w.Root(s); !errors.Is(err, protocol.ErrWindow) {
		t.Fatalf("too many chunks: %v", err)
	}
}

func TestMerklePaths(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 8, 13} {
		chunk := uint32(100)
		size := uint64(n)*uint64(chunk) - 7
		digests := make([][32]byte, n)
		for i := range digests {
			digests[i] = sha256.Sum256([]byte{byte(i), byte(n)})
		}
		tree, err := protocol.BuildMerkleTree(size, chunk, digests)
		if err != nil {
			t.Fatal(err)
		}
		id := tree.ID()
		for i := range digests {
			p, err := tree.Path(uint64(i))
			if err != nil {
				t.Fatal(err)
			}
			if !protocol.VerifyMerklePath(id, size, chunk, uint64(i), digests[i], p) {
				t.Fatalf("n=%d: path %d does not verify", n, i)
			}
			if protocol.VerifyMerklePath(id, size, chunk, uint64(i), sha256.Sum256(nil), p) {
				t.Fatalf("n=%d: wrong digest verifies at %d", n, i)
			}
			if n > 1 && protocol.VerifyMerklePath(id, size, chunk, uint64((i+1)%n), digests[i], p) {
				t.Fatalf("n=%d: digest %d verifies at another index", n, i)
			}
			if protocol.VerifyMerklePath(id, size+1000, chunk, uint64(i), digests[i], p) {
				t.Fatalf("n=%d: verifies under another size", n)
			}
		}
	}
}

func TestReportEvidence(t *testing.T) {
	miner, _ := crypto.GenerateKey()
	client, _ := crypto.GenerateKey()
	minerAddr := crypto.PubkeyToAddress(miner.PublicKey)
	digests := [][32]byte{sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b")), sha256.Sum256([]byte("c"))}
	tree, _ := protocol.BuildMerkleTree(300, 100, digests)
	path, _ := tree.Path(1)
	honest := &protocol.SignedChunk{Header: protocol.ChunkHeader{Object: tree.ID(), ObjectSize: 300, ChunkSize: 100,
		Index: 1, Length: 100, Digest: digests[1]}, Path: path}
	if err := honest.Sign(miner); err != nil {
		t.Fatal(err)
	}
	bad := *honest
	bad.Header.Digest = sha256.Sum256([]byte("corrupt"))
	if err := bad.Sign(miner); err != nil {
		t.Fatal(err)
	}
	report := func(sc *protocol.SignedChunk) *protocol.Report {
		r := &protocol.Report{Kind: protocol.ReportBadChunk, Accused: minerAddr, ChannelID: protocol.ElementFromUint64(9),
			Time: 1, Detail: "chunk 1 corrupt", Chunk: sc}
		if err := r.Sign(client); err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := report(&bad)
	if proven, err := r.Verify(); err != nil || !proven {
		t.Fatalf("bad chunk: proven=%v err=%v", proven, err)
	}
	dec, err := protocol.DecodeReport(r.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if proven, err := dec.Verify(); err != nil || !proven {
		t.Fatalf("decoded bad chunk: proven=%v err=%v", proven, err)
	}
	// A consistent header proves nothing: the report is a complaint.
	if proven, err := report(honest).Verify(); err != nil || proven {
		t.Fatalf("consistent header: proven=%v err=%v", proven, err)
	}
	// A header the client forged (signed by someone else than the accused).
	forged := bad
	if err := forged.Sign(client); err != nil {
		t.Fatal(err)
	}
	if _, err := report(&forged).Verify(); !errors.Is(err, protocol.ErrEvidence) {
		t.Fatalf("forged header: %v", err)
	}
	// A report changed after signing.
	r2 := report(&bad)
	r2.Accused[0] ^= 1
	if _, err := r2.Verify(); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("tampered report: %v", err)
	}
	// A missing-voucher report is a complaint, not a proof.
	mv := &protocol.Report{Kind: protocol.ReportMissingVoucher, Accused: crypto.PubkeyToAddress(client.PublicKey),
		ChannelID: protocol.ElementFromUint64(9), UnpaidFrom: 10, UnpaidTo: 20}
	if err := mv.Sign(miner); err != nil {
		t.Fatal(err)
	}
	if proven, err := mv.Verify(); err != nil || proven {
		t.Fatalf("missing voucher: proven=%v err=%v", proven, err)
	}
	sc, err := protocol.DecodeSignedChunk(bad.Encode())
	if err != nil || sc.SigningHash() != bad.SigningHash() {
		t.Fatalf("signed chunk round trip: %v", err)
	}
}

// smallOrder returns a point of order 8 (a generator of the torsion).
func smallOrder(t *testing.T) twistededwards.PointAffine {
	t.Helper()
	curve := twistededwards.GetEdwardsCurve()
	for y := int64(2); ; y++ {
		var p twistededwards.PointAffine
		var buf [32]byte
		big.NewInt(y).FillBytes(buf[:])
		for i, j := 0, 31; i < j; i, j = i+1, j-1 {
			buf[i], buf[j] = buf[j], buf[i]
		}
		if _, err := p.SetBytes(buf[:]); err != nil || !p.IsOnCurve() {
			continue
		}
		var q, q4 twistededwards.PointAffine
		q.ScalarMultiplication(&p, &curve.Order)
		q4.Double(&q)
		q4.Double(&q4)
		if !q4.IsZero() {
			return q
		}
	}
}

// The native rules the circuit does not also enforce (see CheckPoint):
// each is refused as a *PointError inside ErrBadSignature.
func TestReceiptRefusesBadPoints(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 1000, 1000, 4)
	r := f.Latest(t).Receipt
	t8 := smallOrder(t)
	var a, rp twistededwards.PointAffine
	if _, err := a.SetBytes(r.PublicKey[:]); err != nil {
		t.Fatal(err)
	}
	if _, err := rp.SetBytes(r.Signature[:32]); err != nil {
		t.Fatal(err)
	}
	mod := protocol.Modulus()
	nonCanonical := func(p twistededwards.PointAffine) [32]byte {
		var y big.Int
		p.Y.BigInt(&y)
		y.Add(&y, mod)
		var be, out [32]byte
		y.FillBytes(be[:])
		for i := range be {
			out[i] = be[31-i]
		}
		out[31] |= p.Bytes()[31] & 0x80
		return out
	}
	var keyT, rT, id twistededwards.PointAffine
	keyT.Add(&a, &t8)
	rT.Add(&rp, &t8)
	id.Y.SetOne()
	idSigned := id.Bytes()
	idSigned[31] |= 0x80
	for _, c := range []struct {
		name string
		mut  func(*protocol.Receipt)
	}{
		{"key + order-8 point", func(m *protocol.Receipt) { m.PublicKey = keyT.Bytes() }},
		{"key of order 8", func(m *protocol.Receipt) { m.PublicKey = t8.Bytes() }},
		{"identity key", func(m *protocol.Receipt) { m.PublicKey = id.Bytes() }},
		{"key y + r", func(m *protocol.Receipt) { m.PublicKey = nonCanonical(a) }},
		{"R + order-8 point", func(m *protocol.Receipt) { b := rT.Bytes(); copy(m.Signature[:32], b[:]) }},
		{"R y + r", func(m *protocol.Receipt) { b := nonCanonical(rp); copy(m.Signature[:32], b[:]) }},
		{"R identity with the sign bit", func(m *protocol.Receipt) { copy(m.Signature[:32], idSigned[:]) }},
	} {
		m := r
		c.mut(&m)
		err := m.Verify()
		var pe *protocol.PointError
		if !errors.Is(err, protocol.ErrBadSignature) || !errors.Is(err, protocol.ErrBadPoint) || !errors.As(err, &pe) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	m := r
	clear(m.Signature[32:])
	if err := m.Verify(); !errors.Is(err, protocol.ErrBadSignature) {
		t.Errorf("S = 0: %v", err)
	}
}
