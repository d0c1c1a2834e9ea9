package protocol_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// Each decoder must never panic, must respect its limit, and whatever it
// accepts must re-encode to the same bytes (one canonical encoding).

func seedSession(f *testing.F) *protocol.Session {
	fx := prototest.NewFixture(f, protocol.ShapeFor(4), 5000, 1000, 7)
	return fx.Session
}

func FuzzDecodeVoucher(f *testing.F) {
	s := seedSession(f)
	f.Add(s.Steps[0].Voucher.Encode())
	f.Add([]byte("bw\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := protocol.DecodeVoucher(data)
		if err == nil && !bytes.Equal(v.Encode(), data) {
			t.Fatal("non-canonical voucher accepted")
		}
	})
}

func FuzzDecodeReceipt(f *testing.F) {
	s := seedSession(f)
	f.Add(s.Steps[0].Receipt.Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := protocol.DecodeReceipt(data)
		if err == nil {
			if !bytes.Equal(r.Encode(), data) {
				t.Fatal("non-canonical receipt accepted")
			}
			_ = r.Verify() // must not panic on any decoded receipt
		}
	})
}

func FuzzDecodeWindow(f *testing.F) {
	s := seedSession(f)
	f.Add(s.Steps[0].Window.Encode())
	f.Add([]byte("bw\x01\x03\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := protocol.DecodeWindow(data)
		if err == nil {
			if !bytes.Equal(w.Encode(), data) {
				t.Fatal("non-canonical window accepted")
			}
			_, _ = w.Root(protocol.ShapeFor(4))
		}
	})
}

func FuzzDecodeStep(f *testing.F) {
	s := seedSession(f)
	f.Add(s.Steps[0].Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := protocol.DecodeStep(data)
		if err == nil {
			if !bytes.Equal(st.Encode(), data) {
				t.Fatal("non-canonical step accepted")
			}
			_ = st.Check(protocol.ShapeFor(4))
		}
	})
}

func FuzzDecodeSession(f *testing.F) {
	s := seedSession(f)
	f.Add(s.Encode())
	f.Add([]byte("bw\x01\x05\x00\x00\x00\x04\x00\x00\x00\x01\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ss, err := protocol.DecodeSession(data)
		if err == nil {
			if !bytes.Equal(ss.Encode(), data) {
				t.Fatal("non-canonical session accepted")
			}
			_ = ss.Check()
		}
	})
}

func FuzzDecodeReport(f *testing.F) {
	r := &protocol.Report{Kind: protocol.ReportBadChunk, Detail: "x",
		Chunk: &protocol.SignedChunk{Path: [][32]byte{{1}, {2}}}}
	f.Add(r.Encode())
	f.Add((&protocol.Report{Kind: protocol.ReportMissingVoucher, UnpaidTo: 5}).Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		rr, err := protocol.DecodeReport(data)
		if err == nil {
			if !bytes.Equal(rr.Encode(), data) {
				t.Fatal("non-canonical report accepted")
			}
			_, _ = rr.Verify()
		}
	})
}

func FuzzDecodeSignedChunk(f *testing.F) {
	f.Add((&protocol.SignedChunk{Path: [][32]byte{{3}}}).Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := protocol.DecodeSignedChunk(data)
		if err == nil {
			if !bytes.Equal(sc.Encode(), data) {
				t.Fatal("non-canonical signed chunk accepted")
			}
			_ = sc.PathValid()
			_, _ = sc.Signer()
		}
	})
}

// FuzzCheckPoint: CheckPoint is the decoder of receipt keys and signature
// R. Whatever it accepts is on the curve, has order dividing the group
// order (checked by multiplication, independently of gnark-crypto's
// subgroup test) and is the one encoding of its point.
func FuzzCheckPoint(f *testing.F) {
	s := seedSession(f)
	r := s.Steps[0].Receipt
	f.Add(r.PublicKey[:])
	f.Add(r.Signature[:32])
	f.Add(make([]byte, 32))
	f.Add(bytes.Repeat([]byte{0xff}, 32))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) != 32 {
			return
		}
		b := [32]byte(data)
		err := protocol.CheckPoint(b)
		var p twistededwards.PointAffine
		_, _ = p.SetBytes(b[:])
		if err != nil {
			if !errors.Is(err, protocol.ErrBadPoint) {
				t.Fatalf("error %v is not ErrBadPoint", err)
			}
			return
		}
		curve := twistededwards.GetEdwardsCurve()
		var q twistededwards.PointAffine
		q.ScalarMultiplication(&p, &curve.Order)
		if !p.IsOnCurve() || !q.IsZero() || p.Bytes() != b {
			t.Fatalf("accepted %x: on curve %v, [order]P = 0 %v, canonical %v", b, p.IsOnCurve(), q.IsZero(), p.Bytes() == b)
		}
		// A key and a receipt built around it decode the same way.
		var rc protocol.Receipt
		rc.PublicKey = protocol.PublicKey(b)
		if _, _, err := rc.PublicKey.Point(); err != nil && !p.IsZero() {
			t.Fatalf("CheckPoint accepts %x, Point refuses: %v", b, err)
		}
	})
}
