package circuits

import (
	"fmt"

	"github.com/consensys/gnark/frontend"
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

// Define declares the constraints of one slot (see Slot.define) with the
// key hash and the counters public.
func (c *ByteCount) Define(api frontend.API) error {
	shape := c.Shape()
	if err := shape.Check(); err != nil {
		return fmt.Errorf("%w: %w", ErrShape, err)
	}
	g, err := newGadgets(api)
	if err != nil {
		return err
	}
	s := Slot{ChannelID: c.ChannelID, Counters: c.Counters, KeyHash: c.KeyHash, Nonce: c.Nonce,
		CumulativeBytes: c.CumulativeBytes, PublicKey: c.PublicKey, Signature: c.Signature,
		PrevBytes: c.PrevBytes, PrevRoot: c.PrevRoot, Lengths: c.Lengths, Digests: c.Digests, Probes: c.Probes}
	return s.define(api, g)
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
