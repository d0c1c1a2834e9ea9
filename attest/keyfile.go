package attest

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Key files are walked here before gnark parses them. gnark's decoders trust
// every length prefix (a verifying key claiming 2^32-1 points in K makes it
// allocate 256 GiB: CVE-2024-50354's class), so every count is checked
// against the bytes that remain in the file and against the shape the
// manifest names; only a file whose whole layout adds up to its exact size
// reaches gnark. The layout is gnark v0.16.3's groth16/bn254 raw encoding
// (WriteRawTo), which Save writes: every point uncompressed.

// Sizes of the raw encodings.
const (
	g1Size = 64
	g2Size = 128
	frSize = 32
	// A domain: cardinality, five field elements, a precompute flag.
	domainSize = 8 + 5*frSize + 1
	// maxCommitments bounds Pedersen commitments in a key; ByteCount has
	// none, gnark's Solidity export supports at most one.
	maxCommitments = 1
	// maxDomainLog is BN254's scalar field 2-adicity: no FFT domain is larger.
	maxDomainLog = 28
	// maxVerifyingKeySize bounds verifying.key before it is read: the raw
	// layout below with NumPublic inputs and maxCommitments commitments.
	maxVerifyingKeySize = 6*g1Size + 6*g2Size + 4 + (NumPublic+1+maxCommitments)*g1Size +
		4 + maxCommitments*(4+8*NumPublic) + 4 + maxCommitments*2*g2Size
	// minConstraintsPerChunk is a floor under the circuit's size (it has more
	// than 90 constraints per chunk): a manifest claiming a big window must
	// also carry a proving key of matching size before anything is compiled
	// for that window.
	minConstraintsPerChunk = 32
)

// KeyFileError is a key file whose layout does not fit its size or the key
// set's shape. It wraps ErrKeys.
type KeyFileError struct {
	File   string
	Offset int    // byte offset where the walk stopped
	Reason string // what did not fit
}

func (e *KeyFileError) Error() string {
	if e.Offset == 0 {
		return fmt.Sprintf("%s: %s: %s", ErrKeys, e.File, e.Reason)
	}
	return fmt.Sprintf("%s: %s: %s (at byte %d)", ErrKeys, e.File, e.Reason, e.Offset)
}

func (e *KeyFileError) Unwrap() error { return ErrKeys }

// keyCursor walks a key file's bytes without allocating.
type keyCursor struct {
	file string
	b    []byte
	off  int
}

func (c *keyCursor) fail(format string, a ...any) error {
	return &KeyFileError{File: c.file, Offset: c.off, Reason: fmt.Sprintf(format, a...)}
}

func (c *keyCursor) left() int { return len(c.b) - c.off }

func (c *keyCursor) skip(n int, what string) error {
	if n < 0 || n > c.left() {
		return c.fail("%s needs %d bytes, %d left", what, n, c.left())
	}
	c.off += n
	return nil
}

func (c *keyCursor) u32(what string) (uint32, error) {
	if c.left() < 4 {
		return 0, c.fail("%s: file ends early", what)
	}
	v := binary.BigEndian.Uint32(c.b[c.off:])
	c.off += 4
	return v, nil
}

func (c *keyCursor) u64(what string) (uint64, error) {
	if c.left() < 8 {
		return 0, c.fail("%s: file ends early", what)
	}
	v := binary.BigEndian.Uint64(c.b[c.off:])
	c.off += 8
	return v, nil
}

// point skips one uncompressed point of size bytes.
func (c *keyCursor) point(size int, what string) error {
	if c.left() < size {
		return c.fail("%s: file ends early", what)
	}
	// The top two bits are gnark's encoding flags; 00 is uncompressed, the
	// only form Save writes and the only one whose size is fixed.
	if c.b[c.off]>>6 != 0 {
		return c.fail("%s is not an uncompressed point", what)
	}
	c.off += size
	return nil
}

// points reads a point slice's length prefix and skips its points. The count
// is checked against the bytes left before anything else, so it can never
// exceed the file's size divided by the point size.
func (c *keyCursor) points(size int, what string) (int, error) {
	n, err := c.u32(what + " length")
	if err != nil {
		return 0, err
	}
	if uint64(n) > uint64(c.left()/size) {
		return 0, c.fail("%s claims %d points, the file has room for %d", what, n, c.left()/size)
	}
	for i := 0; i < int(n); i++ {
		if err := c.point(size, what); err != nil {
			return 0, err
		}
	}
	return int(n), nil
}

func (c *keyCursor) end() error {
	if c.left() != 0 {
		return c.fail("%d trailing bytes", c.left())
	}
	return nil
}

// checkVerifyingKeyLayout walks a raw verifying key: six points, K (one
// point per public input, the constant 1 and each commitment), the public
// inputs each commitment covers, and the commitment keys.
func checkVerifyingKeyLayout(b []byte, nbPublic int) error {
	c := &keyCursor{file: VerifyingKeyFile, b: b}
	for _, p := range []struct {
		size int
		name string
	}{{g1Size, "[α]₁"}, {g1Size, "[β]₁"}, {g2Size, "[β]₂"}, {g2Size, "[γ]₂"}, {g1Size, "[δ]₁"}, {g2Size, "[δ]₂"}} {
		if err := c.point(p.size, p.name); err != nil {
			return err
		}
	}
	nK, err := c.points(g1Size, "K")
	if err != nil {
		return err
	}
	nCommitted, err := c.u32("commitment list length")
	if err != nil {
		return err
	}
	if nCommitted > maxCommitments {
		return c.fail("%d commitment lists, at most %d", nCommitted, maxCommitments)
	}
	for i := range int(nCommitted) {
		n, err := c.u32("committed public inputs")
		if err != nil {
			return err
		}
		if int64(n) > int64(nbPublic) {
			return c.fail("commitment %d covers %d public inputs, the circuit has %d", i, n, nbPublic)
		}
		if err := c.skip(8*int(n), "committed public input indices"); err != nil {
			return err
		}
	}
	nCommitments, err := c.u32("commitment key count")
	if err != nil {
		return err
	}
	if nCommitments != nCommitted {
		return c.fail("%d commitment keys for %d commitment lists", nCommitments, nCommitted)
	}
	if want := nbPublic + 1 + int(nCommitments); nK != want {
		return c.fail("K has %d points, %d public inputs and %d commitments need %d", nK, nbPublic, nCommitments, want)
	}
	for i := range int(nCommitments) {
		if err := c.point(g2Size, fmt.Sprintf("commitment key %d G", i)); err != nil {
			return err
		}
		if err := c.point(g2Size, fmt.Sprintf("commitment key %d G^-σ", i)); err != nil {
			return err
		}
	}
	return c.end()
}

// provingKeyLayout is what a proving key's length prefixes say.
type provingKeyLayout struct {
	Cardinality          uint64 // FFT domain size
	A, B, Z, K, G2B      int    // point counts
	Wires                uint64
	InfinityA, InfinityB uint64
	Commitments          []int // basis size of each commitment key
}

// checkProvingKeyLayout walks a raw proving key. wantCardinality is the
// FFT domain the manifest's constraint count needs: the domain decoder
// precomputes that many twiddles, so it is fixed before anything else.
func checkProvingKeyLayout(b []byte, wantCardinality uint64) (*provingKeyLayout, error) {
	c := &keyCursor{file: ProvingKeyFile, b: b}
	l := &provingKeyLayout{}
	var err error
	if l.Cardinality, err = c.u64("domain cardinality"); err != nil {
		return nil, err
	}
	if l.Cardinality != wantCardinality {
		return nil, c.fail("domain of %d points, the manifest's constraint count needs %d", l.Cardinality, wantCardinality)
	}
	if err := c.skip(5*frSize, "domain constants"); err != nil {
		return nil, err
	}
	if c.left() < 1 || c.b[c.off] > 1 {
		return nil, c.fail("domain precompute flag is not a boolean")
	}
	c.off++
	for _, name := range []string{"[α]₁", "[β]₁", "[δ]₁"} {
		if err := c.point(g1Size, name); err != nil {
			return nil, err
		}
	}
	for _, s := range []struct {
		n    *int
		name string
	}{{&l.A, "A"}, {&l.B, "B"}, {&l.Z, "Z"}, {&l.K, "K"}} {
		if *s.n, err = c.points(g1Size, s.name); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"[β]₂", "[δ]₂"} {
		if err := c.point(g2Size, name); err != nil {
			return nil, err
		}
	}
	if l.G2B, err = c.points(g2Size, "B₂"); err != nil {
		return nil, err
	}
	if l.Wires, err = c.u64("wire count"); err != nil {
		return nil, err
	}
	if l.InfinityA, err = c.u64("infinity count A"); err != nil {
		return nil, err
	}
	if l.InfinityB, err = c.u64("infinity count B"); err != nil {
		return nil, err
	}
	// Two flags per wire follow: the wire count cannot exceed half the rest.
	if l.Wires > uint64(c.left()/2) {
		return nil, c.fail("%d wires, the file has room for %d", l.Wires, c.left()/2)
	}
	if l.InfinityA > l.Wires || l.InfinityB > l.Wires {
		return nil, c.fail("%d and %d wires at infinity out of %d", l.InfinityA, l.InfinityB, l.Wires)
	}
	w := int(l.Wires)
	switch {
	case l.A != w-int(l.InfinityA):
		return nil, c.fail("A has %d points, %d wires less %d at infinity need %d", l.A, w, l.InfinityA, w-int(l.InfinityA))
	case l.B != w-int(l.InfinityB) || l.G2B != l.B:
		return nil, c.fail("B has %d and %d points, %d wires less %d at infinity need %d", l.B, l.G2B, w, l.InfinityB, w-int(l.InfinityB))
	case uint64(l.Z) != l.Cardinality-1:
		return nil, c.fail("Z has %d points, a domain of %d needs %d", l.Z, l.Cardinality, l.Cardinality-1)
	case l.K > w:
		return nil, c.fail("K has %d points for %d wires", l.K, w)
	}
	for _, f := range []struct {
		want uint64
		name string
	}{{l.InfinityA, "infinity flags A"}, {l.InfinityB, "infinity flags B"}} {
		if c.left() < w {
			return nil, c.fail("%s: file ends early", f.name)
		}
		var set uint64
		for _, v := range c.b[c.off : c.off+w] {
			if v > 1 {
				return nil, c.fail("%s: %d is not a boolean", f.name, v)
			}
			set += uint64(v)
		}
		if set != f.want {
			return nil, c.fail("%s: %d set, the header says %d", f.name, set, f.want)
		}
		c.off += w
	}
	n, err := c.u32("commitment key count")
	if err != nil {
		return nil, err
	}
	if n > maxCommitments {
		return nil, c.fail("%d commitment keys, at most %d", n, maxCommitments)
	}
	for i := range int(n) {
		basis, err := c.points(g1Size, fmt.Sprintf("commitment key %d basis", i))
		if err != nil {
			return nil, err
		}
		sigma, err := c.points(g1Size, fmt.Sprintf("commitment key %d σ basis", i))
		if err != nil {
			return nil, err
		}
		if basis != sigma || basis > w {
			return nil, c.fail("commitment key %d has %d and %d points for %d wires", i, basis, sigma, w)
		}
		l.Commitments = append(l.Commitments, basis)
	}
	return l, c.end()
}

// domainFor is the FFT domain gnark's setup uses for n constraints.
func domainFor(n int) (uint64, error) {
	if n < 1 || bits.Len(uint(n-1)) > maxDomainLog {
		return 0, fmt.Errorf("%w: %d constraints: no FFT domain fits", ErrKeys, n)
	}
	return 1 << bits.Len(uint(n-1)), nil
}

// maxProvingKeySize bounds proving.key before it is read. A raw proving key
// holds four G1 slices and a G2 slice, each at most one point per wire (or
// per domain point), and two flags per wire; the circuit has fewer wires
// than its domain has points, and twice that is left as headroom.
func maxProvingKeySize(cardinality uint64) int64 {
	wires := 2 * int64(cardinality)
	return domainSize + 5*g1Size + 4*g2Size + 64 +
		(3*wires+int64(cardinality))*g1Size + wires*g2Size + 2*wires +
		maxCommitments*(8+2*wires*g1Size)
}
