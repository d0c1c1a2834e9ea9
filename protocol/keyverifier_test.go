package protocol_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// TestKeyVerifierAgreesWithVerify: a KeyVerifier accepts and refuses
// exactly what Receipt.Verify does, for honest receipts and for each
// mutation of the signed fields and of the signature, and Step.CheckWith
// agrees with Step.Check over a whole session.
func TestKeyVerifierAgreesWithVerify(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 40_000, 1000, 6)
	kv, err := protocol.NewKeyVerifier(f.ReceiptKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	if kv.Key() != f.ReceiptKey.Public() {
		t.Fatal("key")
	}
	for i := range f.Session.Steps {
		st := &f.Session.Steps[i]
		if err := st.CheckWith(f.Shape, kv); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	r := f.Latest(t).Receipt
	order := twistededwards.GetEdwardsCurve().Order
	t8 := smallOrder(t)
	var rp, rT twistededwards.PointAffine
	if _, err := rp.SetBytes(r.Signature[:32]); err != nil {
		t.Fatal(err)
	}
	rT.Add(&rp, &t8)
	setS := func(m *protocol.Receipt, s *big.Int) { s.FillBytes(m.Signature[32:]) }
	sOf := func(m *protocol.Receipt) *big.Int { return new(big.Int).SetBytes(m.Signature[32:]) }
	for _, c := range []struct {
		name string
		mut  func(*protocol.Receipt)
		want error // nil: accepted
	}{
		{"honest", func(*protocol.Receipt) {}, nil},
		{"nonce", func(m *protocol.Receipt) { m.Nonce++ }, protocol.ErrBadSignature},
		{"bytes", func(m *protocol.Receipt) { m.CumulativeBytes++ }, protocol.ErrBadSignature},
		{"root", func(m *protocol.Receipt) { m.Root[31] ^= 1 }, protocol.ErrBadSignature},
		{"channel", func(m *protocol.Receipt) { m.ChannelID[31] ^= 1 }, protocol.ErrBadSignature},
		{"root not in field", func(m *protocol.Receipt) { m.Root = protocol.Element{0xff} }, protocol.ErrNotInField},
		{"S + 1", func(m *protocol.Receipt) { setS(m, sOf(m).Add(sOf(m), big.NewInt(1))) }, protocol.ErrBadSignature},
		{"S - 1", func(m *protocol.Receipt) { setS(m, sOf(m).Sub(sOf(m), big.NewInt(1))) }, protocol.ErrBadSignature},
		{"S + order", func(m *protocol.Receipt) { setS(m, sOf(m).Add(sOf(m), &order)) }, protocol.ErrMalleableSignature},
		{"S = 0", func(m *protocol.Receipt) { clear(m.Signature[32:]) }, protocol.ErrBadSignature},
		{"R + order-8 point", func(m *protocol.Receipt) { b := rT.Bytes(); copy(m.Signature[:32], b[:]) }, protocol.ErrBadPoint},
		{"R negated", func(m *protocol.Receipt) {
			var n twistededwards.PointAffine
			n.Neg(&rp)
			b := n.Bytes()
			copy(m.Signature[:32], b[:])
		}, protocol.ErrBadSignature},
		{"R = base", func(m *protocol.Receipt) {
			base := twistededwards.GetEdwardsCurve().Base
			b := base.Bytes()
			copy(m.Signature[:32], b[:])
		}, protocol.ErrBadSignature},
	} {
		m := r
		c.mut(&m)
		errV, errK := m.Verify(), kv.Verify(&m)
		if c.want == nil {
			if errV != nil || errK != nil {
				t.Errorf("%s: Verify %v, KeyVerifier %v", c.name, errV, errK)
			}
			continue
		}
		if !errors.Is(errV, c.want) || !errors.Is(errK, c.want) {
			t.Errorf("%s: Verify %v, KeyVerifier %v, want %v", c.name, errV, errK, c.want)
		}
	}
	// A receipt of another key is refused even though it verifies alone.
	other := prototest.NewFixture(t, protocol.ShapeFor(4), 1000, 1000, 7)
	or := other.Latest(t).Receipt
	if err := or.Verify(); err != nil {
		t.Fatal(err)
	}
	if err := kv.Verify(&or); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("other key: %v", err)
	}
	if err := other.Latest(t).CheckWith(other.Shape, kv); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("step of another key: %v", err)
	}
}

// TestKeyVerifierRefusesBadKeys: NewKeyVerifier refuses what Point does.
func TestKeyVerifierRefusesBadKeys(t *testing.T) {
	t8 := smallOrder(t)
	var id twistededwards.PointAffine
	id.Y.SetOne()
	var a, keyT twistededwards.PointAffine
	a.ScalarMultiplicationBase(big.NewInt(12345))
	keyT.Add(&a, &t8)
	for name, k := range map[string][32]byte{
		"order 8":     t8.Bytes(),
		"identity":    id.Bytes(),
		"key + t8":    keyT.Bytes(),
		"not a point": {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f},
	} {
		_, err := protocol.NewKeyVerifier(k)
		if !errors.Is(err, protocol.ErrBadSignature) || !errors.Is(err, protocol.ErrBadPoint) {
			t.Errorf("%s: %v", name, err)
		}
		if _, _, perr := protocol.PublicKey(k).Point(); perr == nil {
			t.Errorf("%s: Point accepts it", name)
		}
	}
}

func BenchmarkReceiptVerify(b *testing.B) {
	f := prototest.NewFixture(b, protocol.ShapeFor(4), 1000, 1000, 8)
	r := f.Latest(b).Receipt
	b.Run("Verify", func(b *testing.B) {
		for b.Loop() {
			if err := r.Verify(); err != nil {
				b.Fatal(err)
			}
		}
	})
	kv, err := protocol.NewKeyVerifier(r.PublicKey)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("KeyVerifier", func(b *testing.B) {
		for b.Loop() {
			if err := kv.Verify(&r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("NewKeyVerifier", func(b *testing.B) {
		for b.Loop() {
			protocol.NewKeyVerifier(r.PublicKey)
		}
	})
}
