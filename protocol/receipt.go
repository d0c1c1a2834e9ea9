package protocol

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
)

// ReceiptKey is a client's BN254 twisted-Edwards EdDSA key for receipts.
type ReceiptKey struct{ sk *eddsa.PrivateKey }

// PublicKey is a compressed receipt public key.
type PublicKey [32]byte

// GenerateReceiptKey makes a new key from r (crypto/rand if nil).
func GenerateReceiptKey(r io.Reader) (*ReceiptKey, error) {
	if r == nil {
		r = rand.Reader
	}
	sk, err := eddsa.GenerateKey(r)
	if err != nil {
		return nil, fmt.Errorf("receipt key: %w", err)
	}
	return &ReceiptKey{sk: sk}, nil
}

// ReceiptKeyFromBytes loads a key written by Bytes.
func ReceiptKeyFromBytes(b []byte) (*ReceiptKey, error) {
	sk := new(eddsa.PrivateKey)
	if _, err := sk.SetBytes(b); err != nil {
		return nil, fmt.Errorf("receipt key: %w", err)
	}
	return &ReceiptKey{sk: sk}, nil
}

// Bytes serialises the private key (keep it secret).
func (k *ReceiptKey) Bytes() []byte { return k.sk.Bytes() }

// Public returns the compressed public key.
func (k *ReceiptKey) Public() PublicKey {
	var p PublicKey
	copy(p[:], k.sk.PublicKey.Bytes())
	return p
}

// Point returns the public key's affine coordinates. It refuses what
// CheckPoint refuses and the identity (under which anyone could sign).
func (p PublicKey) Point() (x, y Element, err error) {
	a, err := p.point()
	if err != nil {
		return x, y, err
	}
	return elementOf(a.X), elementOf(a.Y), nil
}

func (p PublicKey) point() (twistededwards.PointAffine, error) {
	a, err := decodePoint(p, "receipt public key")
	if err == nil && a.IsZero() {
		err = &PointError{What: "receipt public key", Reason: "identity"}
	}
	if err != nil {
		return a, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return a, nil
}

// PointError is a compressed curve point that protocol refuses, with
// what it was and why. It unwraps to ErrBadPoint.
type PointError struct {
	What   string // "receipt public key", "signature R"
	Reason string
}

func (e *PointError) Error() string { return fmt.Sprintf("%s: %s", e.What, e.Reason) }
func (e *PointError) Unwrap() error { return ErrBadPoint }

// CheckPoint decodes a compressed point of the BN254 twisted Edwards
// curve as protocol accepts it for receipt keys and signature R: the one
// canonical encoding (y < r, no sign bit on x = 0), on the curve, in the
// prime-order subgroup.
//
// The circuit's EdDSA check (gnark std/signature/eddsa) is cofactored,
// [8]([S]B - [h]A - R) = 0, and checks A and R only for being on the
// curve: a key or R with a small-order component satisfies it as well
// (and so do several encodings of one point, since the circuit sees only
// coordinates). Protocol refuses all of these, so that the miner accepts
// one receipt per signature and nothing the circuit treats differently
// from gnark-crypto's verifier; the differential test in circuits pins
// these rules as the only ones the constraints do not also enforce.
func CheckPoint(b [32]byte) error {
	_, err := decodePoint(b, "point")
	return err
}

func decodePoint(b [32]byte, what string) (twistededwards.PointAffine, error) {
	var p twistededwards.PointAffine
	if _, err := p.SetBytes(b[:]); err != nil {
		return p, &PointError{What: what, Reason: err.Error()}
	}
	switch {
	case !p.IsOnCurve():
		return p, &PointError{What: what, Reason: "not on the curve"}
	case p.Bytes() != b:
		return p, &PointError{What: what, Reason: "not canonically encoded"}
	case !p.IsInSubGroup():
		return p, &PointError{What: what, Reason: "not in the prime-order subgroup"}
	}
	return p, nil
}

// Hash is the key hash the circuit exposes as a public input and the
// channel contract stores: H_key(A.x, A.y).
func (p PublicKey) Hash() (Element, error) {
	x, y, err := p.Point()
	if err != nil {
		return Element{}, err
	}
	return HashElements(DomainKey, x, y)
}

// Receipt is the client's signed statement that, in channel ChannelID at
// voucher Nonce, it has received CumulativeBytes in total, with the chunk
// transcript whose root is Root.
type Receipt struct {
	ChannelID       Element
	Nonce           uint64
	CumulativeBytes uint64
	Root            Element
	PublicKey       PublicKey
	Signature       [64]byte // R (compressed) || S, gnark-crypto layout
}

// Message is the field element the receipt's signature covers.
func (r *Receipt) Message() (Element, error) {
	return HashElements(DomainMessage, r.ChannelID, ElementFromUint64(r.Nonce),
		ElementFromUint64(r.CumulativeBytes), r.Root)
}

// Sign fills PublicKey and Signature with k.
func (r *Receipt) Sign(k *ReceiptKey) error {
	msg, err := r.Message()
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	sig, err := k.sk.Sign(msg[:], newEdDSAHasher())
	if err != nil {
		return fmt.Errorf("receipt: sign: %w", err)
	}
	r.PublicKey = k.Public()
	copy(r.Signature[:], sig)
	return nil
}

// SignatureParts returns the signature's R point and scalar S, refusing
// an R that CheckPoint refuses and an S outside [1, group order) (the
// circuit asserts S < order; S = 0 is never produced by signing).
func (r *Receipt) SignatureParts() (rx, ry Element, s *big.Int, err error) {
	rp, sv, err := r.signatureParts()
	if err != nil {
		return rx, ry, nil, err
	}
	return elementOf(rp.X), elementOf(rp.Y), sv, nil
}

func (r *Receipt) signatureParts() (twistededwards.PointAffine, *big.Int, error) {
	s := new(big.Int).SetBytes(r.Signature[32:])
	if curve := twistededwards.GetEdwardsCurve(); s.Cmp(&curve.Order) >= 0 {
		return twistededwards.PointAffine{}, nil, fmt.Errorf("%w: s >= group order", ErrMalleableSignature)
	}
	if s.Sign() == 0 {
		return twistededwards.PointAffine{}, nil, fmt.Errorf("%w: s = 0", ErrBadSignature)
	}
	rp, err := decodePoint([32]byte(r.Signature[:32]), "signature R")
	if err != nil {
		return rp, nil, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return rp, s, nil
}

// Verify checks the signature with exactly the circuit's equation,
// [8]([S]B - [h]A - R) = identity with h = H_eddsa(R, A, msg), after
// refusing what Point and SignatureParts refuse. (With A and R in the
// prime-order subgroup the cofactor changes nothing; it is kept so the
// equation reads as the circuit's.) To verify many receipts of one key,
// KeyVerifier decodes the key once and is several times faster.
func (r *Receipt) Verify() error {
	return r.verify(nil)
}

// verify is Verify, with the key's decoding and table from kv if not nil
// (kv.key must be r.PublicKey).
func (r *Receipt) verify(kv *KeyVerifier) error {
	if !r.ChannelID.Valid() || !r.Root.Valid() {
		return fmt.Errorf("receipt: %w", ErrNotInField)
	}
	rp, s, err := r.signatureParts()
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	var a twistededwards.PointAffine
	if kv != nil {
		a = kv.a
	} else if a, err = r.PublicKey.point(); err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	msg, err := r.Message()
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	if !verifyEdDSA(a, rp, s, msg.mustFr(), kv) {
		return fmt.Errorf("receipt: %w", ErrBadSignature)
	}
	return nil
}

// verifyEdDSA is the circuit's equation (see Verify) on decoded parts: A
// and R in the prime-order subgroup, s in [1, ℓ). With A in the subgroup,
// [h]A = [h mod ℓ]A, so h is reduced to fit the 252-bit tables.
func verifyEdDSA(a, rp twistededwards.PointAffine, s *big.Int, msg fr.Element, kv *KeyVerifier) bool {
	h := Hash(DomainEdDSA, rp.X, rp.Y, a.X, a.Y, msg)
	var hb big.Int
	h.BigInt(&hb)
	hb.Mod(&hb, edOrder)
	// q = [S]B - [h]A - R
	var q edExt
	q.fromAffine(&rp)
	q.X.Neg(&q.X)
	q.T.Neg(&q.T)
	edBaseTable().mulAdd(&q, s, false)
	if kv != nil {
		kv.table.mulAdd(&q, &hb, true)
	} else {
		edVarMulAdd(&q, &a, &hb, true)
	}
	return edCofactorCheck(&q)
}

// KeyVerifier verifies the receipts of one public key (a channel's, which
// never changes): it decodes and checks the key once (what Point refuses)
// and keeps a fixed-base table of its multiples (~48 KiB), so a
// verification is 128 table additions instead of ~250 doublings. Safe
// for concurrent use.
type KeyVerifier struct {
	key   PublicKey
	a     twistededwards.PointAffine
	table *edTable
}

// NewKeyVerifier checks p as Point does and builds its table.
func NewKeyVerifier(p PublicKey) (*KeyVerifier, error) {
	a, err := p.point()
	if err != nil {
		return nil, fmt.Errorf("receipt: %w", err)
	}
	return &KeyVerifier{key: p, a: a, table: newEdTable(&a)}, nil
}

// Key is the public key kv verifies.
func (kv *KeyVerifier) Key() PublicKey { return kv.key }

// Verify is r.Verify() for a receipt that names kv's key; a receipt
// naming another key is refused with ErrBadSignature.
func (kv *KeyVerifier) Verify(r *Receipt) error {
	if r.PublicKey != kv.key {
		return fmt.Errorf("receipt: %w: signed by another key", ErrBadSignature)
	}
	return r.verify(kv)
}

// ReceiptSize is the exact size of an encoded receipt.
const ReceiptSize = HeaderSize + 32 + 8 + 8 + 32 + 32 + 64

// Encode returns the canonical encoding.
func (r *Receipt) Encode() []byte {
	e := NewEncoder(KindReceipt)
	e.Fixed(r.ChannelID[:])
	e.U64(r.Nonce)
	e.U64(r.CumulativeBytes)
	e.Fixed(r.Root[:])
	e.Fixed(r.PublicKey[:])
	e.Fixed(r.Signature[:])
	return e.Bytes()
}

// DecodeReceipt decodes (it does not verify the signature).
func DecodeReceipt(data []byte) (Receipt, error) {
	var r Receipt
	d, err := NewDecoder(data, KindReceipt, ReceiptSize)
	if err != nil {
		return r, err
	}
	r.ChannelID = d.Element("receipt channel id")
	r.Nonce = d.U64("receipt nonce")
	r.CumulativeBytes = d.U64("receipt cumulative bytes")
	r.Root = d.Element("receipt root")
	d.Fixed(r.PublicKey[:], "receipt public key")
	d.Fixed(r.Signature[:], "receipt signature")
	return r, d.Finish()
}
