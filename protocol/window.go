package protocol

import (
	"crypto/rand"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

const (
	// LengthBits is the width of a chunk length in the circuit: 21 bits
	// hold MaxChunkSize = 2^20 exactly.
	LengthBits = 21
	// MaxChunkSize is the largest chunk a leaf may describe (1 MiB).
	MaxChunkSize = 1 << 20
	// LengthsPerElement is how many chunk lengths pack into one field
	// element: 12 × 21 = 252 bits < 254, so the packing is injective.
	LengthsPerElement = 12
	// DigestElementBytes is how much of a chunk's SHA-256 digest enters the
	// field: 31 bytes (248 bits) always fit below the modulus.
	DigestElementBytes = 31
	// MaxWindowChunks and MaxWindowProbes bound decoders and circuits.
	MaxWindowChunks = 1 << 14
	MaxWindowProbes = 1 << 10
)

// The circuit range-checks a length with LengthBits bits and allows the
// top bit only alone, which is [0, MaxChunkSize] exactly when MaxChunkSize
// = 2^(LengthBits-1); the packing is injective only while 12 lengths fit
// below the modulus. Both fail to compile if the constants drift apart.
const (
	_ = uint(MaxChunkSize - 1<<(LengthBits-1))
	_ = uint(1<<(LengthBits-1) - MaxChunkSize)
	_ = uint(253 - LengthsPerElement*LengthBits)
)

// ChunkLeaf describes one chunk the client received and checked: its
// length and the SHA-256 digest of its bytes. A zero leaf pads a window.
type ChunkLeaf struct {
	Length uint32
	Digest [32]byte
}

// DigestElement is the digest's field form: its first 31 bytes.
func (l ChunkLeaf) DigestElement() Element {
	var e Element
	copy(e[32-DigestElementBytes:], l.Digest[:DigestElementBytes])
	return e
}

// Check refuses a length the circuit could not carry.
func (l ChunkLeaf) Check() error {
	if l.Length > MaxChunkSize {
		return fmt.Errorf("%w: %d > %d", ErrChunkTooLarge, l.Length, MaxChunkSize)
	}
	return nil
}

// Probe is one possession probe of a window: the client named chunk Index
// and a fresh random Challenge; the miner answered Answer, which must be
// ProbeAnswer(Challenge, leaf). A zero Challenge marks an unused slot.
type Probe struct {
	Index     uint32
	Challenge Element
	Answer    Element
}

func randRead(b []byte) error {
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("randomness: %w", err)
	}
	return nil
}

// NewChallenge draws a fresh, unpredictable, non-zero challenge.
func NewChallenge() (Element, error) {
	for {
		var e Element
		if err := randRead(e[32-DigestElementBytes:]); err != nil {
			return e, fmt.Errorf("probe challenge: %w", err)
		}
		if e != (Element{}) {
			return e, nil
		}
	}
}

// ProbeAnswer is what a miner holding the chunk answers to a challenge.
func ProbeAnswer(challenge Element, leaf ChunkLeaf) (Element, error) {
	return HashElements(DomainProbe, challenge, leaf.DigestElement())
}

// Shape is a window's fixed size in the circuit: W chunk slots and P probe
// slots. Client and miner agree on it when the channel opens.
type Shape struct {
	Chunks int
	Probes int
}

// DefaultProbes is the number of probe slots a window of w chunks gets:
// one per 32 chunks keeps probe checks near a fifth of the circuit.
func DefaultProbes(w int) int { return max(1, w/32) }

// ShapeFor returns the default shape for w chunks.
func ShapeFor(w int) Shape { return Shape{Chunks: w, Probes: DefaultProbes(w)} }

// Check refuses shapes the circuit does not support: W a power of two in
// [2, MaxWindowChunks] (probe indices are bit-decomposed), P in [1, W].
func (s Shape) Check() error {
	if s.Chunks < 2 || s.Chunks > MaxWindowChunks || s.Chunks&(s.Chunks-1) != 0 {
		return fmt.Errorf("%w: window of %d chunks (need a power of two in [2, %d])", ErrWindow, s.Chunks, MaxWindowChunks)
	}
	if s.Probes < 1 || s.Probes > s.Chunks || s.Probes > MaxWindowProbes {
		return fmt.Errorf("%w: %d probe slots for %d chunks", ErrWindow, s.Probes, s.Chunks)
	}
	return nil
}

// LengthElements is the number of packed-length elements for W chunks.
func (s Shape) LengthElements() int {
	return (s.Chunks + LengthsPerElement - 1) / LengthsPerElement
}

// Window is what the client accepted between two receipts: up to W
// chunks and up to P probes.
type Window struct {
	Leaves []ChunkLeaf
	Probes []Probe
}

// Bytes is the sum of the window's chunk lengths.
func (w Window) Bytes() uint64 {
	var n uint64
	for _, l := range w.Leaves {
		n += uint64(l.Length)
	}
	return n
}

// Check refuses a window that does not fit s or whose probes are wrong.
func (w Window) Check(s Shape) error { return w.check(s, nil) }

// ProbeAnswers are answers a checker computed itself with ProbeAnswer,
// by challenge, for the chunk each probe of the window names (a miner
// remembers what it answered and matches each probe to its chunk): a
// probe whose answer is here is compared with it instead of hashed
// again. A probe missing from it is hashed as usual.
type ProbeAnswers map[Element]Element

func (w Window) check(s Shape, known ProbeAnswers) error {
	if err := s.Check(); err != nil {
		return err
	}
	if len(w.Leaves) > s.Chunks {
		return fmt.Errorf("%w: %d chunks in a window of %d", ErrWindow, len(w.Leaves), s.Chunks)
	}
	if len(w.Probes) > s.Probes {
		return fmt.Errorf("%w: %d probes in a window with %d slots", ErrWindow, len(w.Probes), s.Probes)
	}
	for i, l := range w.Leaves {
		if err := l.Check(); err != nil {
			return fmt.Errorf("leaf %d: %w", i, err)
		}
	}
	for i, p := range w.Probes {
		if p.Challenge == (Element{}) {
			return fmt.Errorf("%w: probe %d has a zero challenge", ErrWindow, i)
		}
		if int(p.Index) >= len(w.Leaves) {
			return fmt.Errorf("%w: probe %d names chunk %d of %d", ErrWindow, i, p.Index, len(w.Leaves))
		}
		want, ok := known[p.Challenge]
		if !ok {
			var err error
			if want, err = ProbeAnswer(p.Challenge, w.Leaves[p.Index]); err != nil {
				return fmt.Errorf("probe %d: %w", i, err)
			}
		}
		if want != p.Answer {
			return fmt.Errorf("%w: probe %d answer does not match chunk %d", ErrWindow, i, p.Index)
		}
	}
	return nil
}

// Padded returns the window's W leaves and P probes, zero-filled.
func (w Window) Padded(s Shape) ([]ChunkLeaf, []Probe) {
	leaves := make([]ChunkLeaf, s.Chunks)
	copy(leaves, w.Leaves)
	probes := make([]Probe, s.Probes)
	copy(probes, w.Probes)
	return leaves, probes
}

// PackLengths packs lengths 12 to an element, least significant first.
func PackLengths(leaves []ChunkLeaf, s Shape) []fr.Element {
	out := make([]fr.Element, s.LengthElements())
	for j := range out {
		acc := new(big.Int)
		for i := LengthsPerElement - 1; i >= 0; i-- {
			acc.Lsh(acc, LengthBits)
			if k := j*LengthsPerElement + i; k < len(leaves) {
				acc.Add(acc, new(big.Int).SetUint64(uint64(leaves[k].Length)))
			}
		}
		out[j].SetBigInt(acc)
	}
	return out
}

// Root is the window root: the sponge over the W digest elements, the
// packed lengths, and each probe slot's (index, challenge, answer). The
// window must pass Check(s).
func (w Window) Root(s Shape) (Element, error) { return w.root(s, nil) }

func (w Window) root(s Shape, known ProbeAnswers) (Element, error) {
	if err := w.check(s, known); err != nil {
		return Element{}, err
	}
	leaves, probes := w.Padded(s)
	in := make([]fr.Element, 0, s.Chunks+s.LengthElements()+3*s.Probes)
	for _, l := range leaves {
		in = append(in, l.DigestElement().mustFr())
	}
	in = append(in, PackLengths(leaves, s)...)
	for _, p := range probes {
		var idx fr.Element
		idx.SetUint64(uint64(p.Index))
		in = append(in, idx, p.Challenge.mustFr(), p.Answer.mustFr())
	}
	return elementOf(Hash(DomainWindow, in...)), nil
}

// ChainRoot is the transcript root after a window: H(prev, windowRoot).
func ChainRoot(prev, windowRoot Element) (Element, error) {
	return HashElements(DomainChain, prev, windowRoot)
}

// EncodeWindow returns the canonical encoding of w.
func (w Window) Encode() []byte {
	e := NewEncoder(KindWindow)
	w.encodeTo(e)
	return e.Bytes()
}

func (w Window) encodeTo(e *Encoder) {
	e.U32(uint32(len(w.Leaves)))
	for _, l := range w.Leaves {
		e.U32(l.Length)
		e.Fixed(l.Digest[:])
	}
	e.U32(uint32(len(w.Probes)))
	for _, p := range w.Probes {
		e.U32(p.Index)
		e.Fixed(p.Challenge[:])
		e.Fixed(p.Answer[:])
	}
}

// MaxWindowSize bounds an encoded window.
const MaxWindowSize = HeaderSize + 8 + MaxWindowChunks*36 + MaxWindowProbes*68

// DecodeWindow decodes an encoded window. It checks sizes and field
// elements, not probe answers (that needs the shape: see Check).
func DecodeWindow(data []byte) (Window, error) {
	d, err := NewDecoder(data, KindWindow, MaxWindowSize)
	if err != nil {
		return Window{}, err
	}
	w := decodeWindowFrom(d)
	if err := d.Finish(); err != nil {
		return Window{}, err
	}
	return w, nil
}

func decodeWindowFrom(d *Decoder) Window {
	var w Window
	n := d.Count(MaxWindowChunks, "window leaves")
	if n > 0 {
		w.Leaves = make([]ChunkLeaf, n)
	}
	for i := range w.Leaves {
		w.Leaves[i].Length = d.U32("leaf length")
		d.Fixed(w.Leaves[i].Digest[:], "leaf digest")
		if d.Err() == nil {
			if err := w.Leaves[i].Check(); err != nil {
				d.Fail(fmt.Errorf("leaf %d: %w", i, err))
			}
		}
	}
	m := d.Count(MaxWindowProbes, "window probes")
	if m > 0 {
		w.Probes = make([]Probe, m)
	}
	for i := range w.Probes {
		w.Probes[i].Index = d.U32("probe index")
		w.Probes[i].Challenge = d.Element("probe challenge")
		w.Probes[i].Answer = d.Element("probe answer")
	}
	return w
}
