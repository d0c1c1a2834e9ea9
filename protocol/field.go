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

// CounterBits is the width of nonces and byte counts: uint64 here, and
// the circuit range-checks them to exactly this many bits, so every uint64
// the native code accepts is one the circuit accepts and nothing wider.
const CounterBits = 64

// CounterShift is where the nonce sits in the packed counters element.
const CounterShift = CounterBits

// PackCounters packs a voucher's nonce and cumulative byte count (both
// uint64) into one field element, nonce·2^64 + bytes, so that the proof has
// one public input fewer (one ecMul + ecAdd less in the Solidity verifier).
func PackCounters(nonce, bytes uint64) Element {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(nonce), CounterShift)
	v.Or(v, new(big.Int).SetUint64(bytes))
	var e Element
	v.FillBytes(e[:])
	return e
}

// UnpackCounters splits a packed counters element; ok is false when it
// is not below 2^128 (no nonce and byte count pack to it).
func UnpackCounters(e Element) (nonce, bytes uint64, ok bool) {
	v := e.Big()
	if v.BitLen() > 2*CounterShift {
		return 0, 0, false
	}
	mask := new(big.Int).SetUint64(^uint64(0))
	return new(big.Int).Rsh(v, CounterShift).Uint64(), new(big.Int).And(v, mask).Uint64(), true
}
