package protocol

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Sponge parameters. One wide Poseidon2 permutation (t = 16, rate 15,
// capacity 1 element ≈ 127-bit security) absorbs 15 field elements per call,
// so hashing a window costs ~38 R1CS constraints per element instead of
// ~370 for the 2-to-1 Merkle–Damgård compression. Round numbers are the
// ones gnark-crypto ships for t=16 (HorizenLabs script, 128-bit, margin on).
const (
	SpongeWidth    = 16
	SpongeRate     = SpongeWidth - 1
	SpongeFull     = 8
	SpongePartial  = 57
	domainTagShift = 32
)

// Domain separates the uses of the sponge so that a hash computed for one
// purpose can never be replayed as another.
type Domain uint32

// The sponge domains. Their values are part of the protocol.
const (
	DomainKey     Domain = 1 // hash of a client's EdDSA public key
	DomainMessage Domain = 2 // the message a receipt signs
	DomainWindow  Domain = 3 // root of one window's leaves and probes
	DomainChain   Domain = 4 // transcript root chaining windows
	DomainProbe   Domain = 5 // a possession-probe answer
	DomainEdDSA   Domain = 6 // EdDSA challenge H(R, A, M)
)

// SpongeTag is the initial capacity element: the domain and the input
// length, so inputs of different lengths never share a padded block.
func SpongeTag(d Domain, n int) uint64 { return uint64(d)<<domainTagShift | uint64(uint32(n)) }

// SpongeBlocks is the number of permutations Hash runs for n inputs
// (at least one, so the empty input is hashed too).
func SpongeBlocks(n int) int { return max(1, (n+SpongeRate-1)/SpongeRate) }

// Hash is the protocol's field hash: a fixed-length Poseidon2 sponge over
// elems in domain d. The circuit computes the same function.
func Hash(d Domain, elems ...fr.Element) fr.Element {
	var state [SpongeWidth]fr.Element
	state[SpongeRate].SetUint64(SpongeTag(d, len(elems)))
	for b := 0; b < SpongeBlocks(len(elems)); b++ {
		for i := 0; i < SpongeRate && b*SpongeRate+i < len(elems); i++ {
			state[i].Add(&state[i], &elems[b*SpongeRate+i])
		}
		sponge16.permute(&state)
	}
	return state[0]
}

// HashElements is Hash on Elements; they must be valid field elements.
func HashElements(d Domain, elems ...Element) (Element, error) {
	fs := make([]fr.Element, len(elems))
	for i, e := range elems {
		f, err := e.Fr()
		if err != nil {
			return Element{}, fmt.Errorf("hash input %d: %w", i, err)
		}
		fs[i] = f
	}
	return elementOf(Hash(d, fs...)), nil
}

// eddsaHasher adapts Hash(DomainEdDSA, ...) to the hash.Hash interface that
// gnark-crypto's EdDSA uses for its challenge. It takes 32-byte big-endian
// field elements; anything else is an error at Write.
type eddsaHasher struct {
	buf   []fr.Element
	carry []byte
	err   error
}

func newEdDSAHasher() *eddsaHasher { return &eddsaHasher{} }

func (h *eddsaHasher) Write(p []byte) (int, error) {
	n := len(p)
	p = append(h.carry, p...)
	for len(p) >= fr.Bytes {
		var f fr.Element
		if err := f.SetBytesCanonical(p[:fr.Bytes]); err != nil {
			h.err = fmt.Errorf("%w: eddsa hash input", ErrNotInField)
			return 0, h.err
		}
		h.buf = append(h.buf, f)
		p = p[fr.Bytes:]
	}
	h.carry = append([]byte(nil), p...)
	return n, nil
}

func (h *eddsaHasher) Sum(b []byte) []byte {
	out := Hash(DomainEdDSA, h.buf...)
	bs := out.Bytes()
	return append(b, bs[:]...)
}

func (h *eddsaHasher) Reset()         { h.buf, h.carry, h.err = nil, nil, nil }
func (h *eddsaHasher) Size() int      { return fr.Bytes }
func (h *eddsaHasher) BlockSize() int { return fr.Bytes }
