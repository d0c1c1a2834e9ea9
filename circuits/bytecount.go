package circuits

import (
	"fmt"
	"math/bits"

	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	gbits "github.com/consensys/gnark/std/math/bits"
	"github.com/consensys/gnark/std/signature/eddsa"

	"github.com/bwproof/bwproof/protocol"
)

// CounterBits bounds nonces and byte counts: they are uint64 in the
// protocol, and the range check keeps prev + window from wrapping the field.
// It is protocol's constant, so native and circuit share one bound.
const CounterBits = protocol.CounterBits

// ProbeVar is one probe slot of a window.
type ProbeVar struct {
	Index     frontend.Variable
	Challenge frontend.Variable
	Answer    frontend.Variable
}

// ByteCount proves a receipt's byte count for a window of W chunks with P
// probe slots. Public inputs, in order: channel id, the voucher's counters
// (nonce·2^64 + cumulative bytes, see protocol.PackCounters), hash of the
// client's receipt key. Packing the two 64-bit counters saves the Solidity
// verifier one public input (~6k gas per withdrawal).
type ByteCount struct {
	ChannelID frontend.Variable `gnark:",public"`
	Counters  frontend.Variable `gnark:",public"`
	KeyHash   frontend.Variable `gnark:",public"`

	Nonce           frontend.Variable
	CumulativeBytes frontend.Variable

	PublicKey eddsa.PublicKey
	Signature eddsa.Signature
	PrevBytes frontend.Variable
	PrevRoot  frontend.Variable
	Lengths   []frontend.Variable // W chunk lengths, 0 for padding
	Digests   []frontend.Variable // W digest elements, 0 for padding
	Probes    []ProbeVar          // P probe slots, zero challenge = unused
}

// NewByteCount returns a circuit of the given shape, for compiling.
func NewByteCount(s protocol.Shape) (*ByteCount, error) {
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrShape, err)
	}
	return &ByteCount{
		Lengths: make([]frontend.Variable, s.Chunks),
		Digests: make([]frontend.Variable, s.Chunks),
		Probes:  make([]ProbeVar, s.Probes),
	}, nil
}

// Shape returns the circuit's window shape.
func (c *ByteCount) Shape() protocol.Shape {
	return protocol.Shape{Chunks: len(c.Lengths), Probes: len(c.Probes)}
}

// Define declares the constraints:
//
//  1. H_key(A) = KeyHash: the key is the channel's client key.
//  2. Every length is in [0, MaxChunkSize]; PrevBytes, Nonce and
//     CumulativeBytes are < 2^64 and Counters = Nonce·2^64 + CumulativeBytes;
//     CumulativeBytes = PrevBytes + Σ lengths (no field wrap-around is
//     possible with these bounds).
//  3. The window root is the sponge over the digests, the lengths packed 12
//     to an element and the probe slots; root = H_chain(PrevRoot, window root).
//  4. The EdDSA signature (S < group order) is valid under A on
//     H_msg(ChannelID, Nonce, CumulativeBytes, root). gnark's check is
//     cofactored and tests A and R only for being on the curve; protocol
//     refuses the rest natively (protocol.CheckPoint, TestNativeMatchesCircuit).
//  5. Every used probe slot's answer is H_probe(challenge, digest[index]).
func (c *ByteCount) Define(api frontend.API) error {
	shape := c.Shape()
	if err := shape.Check(); err != nil {
		return fmt.Errorf("%w: %w", ErrShape, err)
	}
	sp, err := newSponge(api)
	if err != nil {
		return err
	}
	curve, err := twistededwards.NewEdCurve(api, tedwards.BN254)
	if err != nil {
		return fmt.Errorf("edwards curve: %w", err)
	}

	// 1. The key.
	curve.AssertIsOnCurve(c.PublicKey.A)
	api.AssertIsEqual(sp.hash(protocol.DomainKey, c.PublicKey.A.X, c.PublicKey.A.Y), c.KeyHash)

	// 2. The byte count. Both counters are < 2^64, so their packing into
	// the public Counters is unique.
	assertCounter(api, c.Nonce)
	assertCounter(api, c.PrevBytes)
	assertCounter(api, c.CumulativeBytes)
	api.AssertIsEqual(c.Counters, api.Add(api.Mul(c.Nonce, pow2(protocol.CounterShift)), c.CumulativeBytes))
	total := frontend.Variable(0)
	packed := make([]frontend.Variable, shape.LengthElements())
	for i := range packed {
		packed[i] = 0
	}
	for i, l := range c.Lengths {
		lbits := assertChunkLength(api, l)
		total = api.Add(total, l)
		// Pack from the range check's bits: free in R1CS, injective since
		// each length has exactly LengthBits bits.
		j, k := i/protocol.LengthsPerElement, i%protocol.LengthsPerElement
		for b, bit := range lbits {
			packed[j] = api.Add(packed[j], api.Mul(bit, pow2(k*protocol.LengthBits+b)))
		}
	}
	api.AssertIsEqual(c.CumulativeBytes, api.Add(c.PrevBytes, total))

	// 3. The transcript root.
	in := make([]frontend.Variable, 0, shape.Chunks+len(packed)+3*shape.Probes)
	in = append(in, c.Digests...)
	in = append(in, packed...)
	for _, p := range c.Probes {
		in = append(in, p.Index, p.Challenge, p.Answer)
	}
	windowRoot := sp.hash(protocol.DomainWindow, in...)
	root := sp.hash(protocol.DomainChain, c.PrevRoot, windowRoot)

	// 4. The client's signature.
	msg := sp.hash(protocol.DomainMessage, c.ChannelID, c.Nonce, c.CumulativeBytes, root)
	curve.AssertIsOnCurve(c.Signature.R)
	if err := eddsa.Verify(curve, c.Signature, msg, c.PublicKey, &fieldHasher{s: sp, d: protocol.DomainEdDSA}); err != nil {
		return fmt.Errorf("eddsa: %w", err)
	}

	// 5. The probes.
	for _, p := range c.Probes {
		digest := selectByIndex(api, p.Index, c.Digests)
		answer := sp.hash(protocol.DomainProbe, p.Challenge, digest)
		used := api.Sub(1, api.IsZero(p.Challenge))
		api.AssertIsEqual(api.Mul(used, api.Sub(p.Answer, answer)), 0)
	}
	return nil
}

// assertCounter constrains v < 2^CounterBits.
func assertCounter(api frontend.API, v frontend.Variable) {
	gbits.ToBinary(api, v, gbits.WithNbDigits(CounterBits))
}

// assertChunkLength constrains l to [0, MaxChunkSize] and returns its
// LengthBits bits. MaxChunkSize = 2^(LengthBits-1), so the top bit may be
// set only when every lower bit is zero: one constraint on top of the
// bit decomposition.
func assertChunkLength(api frontend.API, l frontend.Variable) []frontend.Variable {
	lb := gbits.ToBinary(api, l, gbits.WithNbDigits(protocol.LengthBits))
	top := lb[protocol.LengthBits-1]
	lower := api.Sub(l, api.Mul(top, protocol.MaxChunkSize))
	api.AssertIsEqual(api.Mul(top, lower), 0)
	return lb
}

// selectByIndex returns xs[idx] for len(xs) a power of two, with a binary
// multiplexer (len(xs)-1 selects); the bit decomposition also bounds idx.
func selectByIndex(api frontend.API, idx frontend.Variable, xs []frontend.Variable) frontend.Variable {
	n := bits.TrailingZeros(uint(len(xs)))
	ib := gbits.ToBinary(api, idx, gbits.WithNbDigits(n))
	level := xs
	for _, b := range ib {
		next := make([]frontend.Variable, len(level)/2)
		for i := range next {
			next[i] = api.Select(b, level[2*i+1], level[2*i])
		}
		level = next
	}
	return level[0]
}
