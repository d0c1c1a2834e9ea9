package protocol

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"

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

// Point returns the public key's affine coordinates.
func (p PublicKey) Point() (x, y Element, err error) {
	var pk eddsa.PublicKey
	if _, err := pk.SetBytes(p[:]); err != nil {
		return x, y, fmt.Errorf("%w: receipt public key: %v", ErrBadSignature, err)
	}
	return elementOf(pk.A.X), elementOf(pk.A.Y), nil
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

// SignatureParts returns the signature's R point and scalar S.
func (r *Receipt) SignatureParts() (rx, ry Element, s *big.Int, err error) {
	var sig eddsa.Signature
	if _, err := sig.SetBytes(r.Signature[:]); err != nil {
		return rx, ry, nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return elementOf(sig.R.X), elementOf(sig.R.Y), new(big.Int).SetBytes(r.Signature[32:]), nil
}

// Verify checks the signature, refusing a malleable S (>= group order).
func (r *Receipt) Verify() error {
	if !r.ChannelID.Valid() || !r.Root.Valid() {
		return fmt.Errorf("receipt: %w", ErrNotInField)
	}
	s := new(big.Int).SetBytes(r.Signature[32:])
	if curve := twistededwards.GetEdwardsCurve(); s.Cmp(&curve.Order) >= 0 {
		return fmt.Errorf("receipt: %w: s >= group order", ErrMalleableSignature)
	}
	var pk eddsa.PublicKey
	if _, err := pk.SetBytes(r.PublicKey[:]); err != nil {
		return fmt.Errorf("receipt: %w: public key: %v", ErrBadSignature, err)
	}
	msg, err := r.Message()
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	ok, err := pk.Verify(r.Signature[:], msg[:], newEdDSAHasher())
	if err != nil {
		return fmt.Errorf("receipt: %w: %v", ErrBadSignature, err)
	}
	if !ok {
		return fmt.Errorf("receipt: %w", ErrBadSignature)
	}
	return nil
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
