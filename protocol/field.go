package protocol

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Element is a BN254 scalar field element in its canonical 32-byte
// big-endian form. The zero value is the field's zero.
type Element [32]byte

// Modulus returns the BN254 scalar field modulus r.
func Modulus() *big.Int { return fr.Modulus() }

// ElementFromBig returns v as an Element; v must be in [0, r).
func ElementFromBig(v *big.Int) (Element, error) {
	var e Element
	if v == nil || v.Sign() < 0 || v.Cmp(fr.Modulus()) >= 0 {
		return e, fmt.Errorf("%w: %v", ErrNotInField, v)
	}
	v.FillBytes(e[:])
	return e, nil
}

// ElementFromUint64 returns v as an Element.
func ElementFromUint64(v uint64) Element {
	var f fr.Element
	f.SetUint64(v)
	return Element(f.Bytes())
}

// Big returns e as a big integer.
func (e Element) Big() *big.Int { return new(big.Int).SetBytes(e[:]) }

// Valid reports whether e is < r (a canonical field element).
func (e Element) Valid() bool { return e.Big().Cmp(fr.Modulus()) < 0 }

// Fr returns e as a gnark-crypto field element; e must be Valid.
func (e Element) Fr() (fr.Element, error) {
	var f fr.Element
	if err := f.SetBytesCanonical(e[:]); err != nil {
		return f, fmt.Errorf("%w: %x", ErrNotInField, e[:])
	}
	return f, nil
}

// mustFr is Fr for values the package itself produced.
func (e Element) mustFr() fr.Element {
	f, err := e.Fr()
	if err != nil {
		panic(err)
	}
	return f
}

func elementOf(f fr.Element) Element { return Element(f.Bytes()) }

// String returns e in hex.
func (e Element) String() string { return fmt.Sprintf("0x%x", e[:]) }
