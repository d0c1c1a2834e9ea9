package circuits

import (
	"fmt"

	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/selector"
	"github.com/consensys/gnark/std/signature/eddsa"

	"github.com/bwproof/bwproof/protocol"
)

// Slot is one channel's latest receipt, as ByteCount proves it and as each
// slot of a Batch proves it. ChannelID, Counters and KeyHash are what the
// slot is checked against: ByteCount makes them public inputs, Batch binds
// them to its packed public inputs.
type Slot struct {
	ChannelID frontend.Variable
	Counters  frontend.Variable
	KeyHash   frontend.Variable

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

// newSlot returns a slot of the given shape, for compiling.
func newSlot(s protocol.Shape) Slot {
	return Slot{
		Lengths: make([]frontend.Variable, s.Chunks),
		Digests: make([]frontend.Variable, s.Chunks),
		Probes:  make([]ProbeVar, s.Probes),
	}
}

// shape returns the slot's window shape.
func (s *Slot) shape() protocol.Shape {
	return protocol.Shape{Chunks: len(s.Lengths), Probes: len(s.Probes)}
}

// gadgets are the hash and the curve a circuit's slots share.
type gadgets struct {
	sp    *sponge
	curve twistededwards.Curve
}

func newGadgets(api frontend.API) (*gadgets, error) {
	sp, err := newSponge(api)
	if err != nil {
		return nil, err
	}
	curve, err := twistededwards.NewEdCurve(api, tedwards.BN254)
	if err != nil {
		return nil, fmt.Errorf("edwards curve: %w", err)
	}
	return &gadgets{sp: sp, curve: curve}, nil
}

// define declares one slot's constraints:
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
//
// The order of the constraints is ByteCount's since the first release:
// ByteCount's count is pinned (ExampleByteCount).
func (s *Slot) define(api frontend.API, g *gadgets) error {
	shape := s.shape()
	sp, curve := g.sp, g.curve

	// 1. The key.
	curve.AssertIsOnCurve(s.PublicKey.A)
	api.AssertIsEqual(sp.hash(protocol.DomainKey, s.PublicKey.A.X, s.PublicKey.A.Y), s.KeyHash)

	// 2. The byte count. Both counters are < 2^64, so their packing into
	// Counters is unique.
	assertCounter(api, s.Nonce)
	assertCounter(api, s.PrevBytes)
	assertCounter(api, s.CumulativeBytes)
	api.AssertIsEqual(s.Counters, api.Add(api.Mul(s.Nonce, pow2(protocol.CounterShift)), s.CumulativeBytes))
	total := frontend.Variable(0)
	packed := make([]frontend.Variable, shape.LengthElements())
	for i := range packed {
		packed[i] = 0
	}
	for i, l := range s.Lengths {
		lbits := assertChunkLength(api, l)
		total = api.Add(total, l)
		// Pack from the range check's bits: free in R1CS, injective since
		// each length has exactly LengthBits bits.
		j, k := i/protocol.LengthsPerElement, i%protocol.LengthsPerElement
		for b, bit := range lbits {
			packed[j] = api.Add(packed[j], api.Mul(bit, pow2(k*protocol.LengthBits+b)))
		}
	}
	api.AssertIsEqual(s.CumulativeBytes, api.Add(s.PrevBytes, total))

	// 3. The transcript root.
	in := make([]frontend.Variable, 0, shape.Chunks+len(packed)+3*shape.Probes)
	in = append(in, s.Digests...)
	in = append(in, packed...)
	for _, p := range s.Probes {
		in = append(in, p.Index, p.Challenge, p.Answer)
	}
	windowRoot := sp.hash(protocol.DomainWindow, in...)
	root := sp.hash(protocol.DomainChain, s.PrevRoot, windowRoot)

	// 4. The client's signature.
	msg := sp.hash(protocol.DomainMessage, s.ChannelID, s.Nonce, s.CumulativeBytes, root)
	curve.AssertIsOnCurve(s.Signature.R)
	if err := eddsa.Verify(curve, s.Signature, msg, s.PublicKey, &fieldHasher{s: sp, d: protocol.DomainEdDSA}); err != nil {
		return fmt.Errorf("eddsa: %w", err)
	}

	// 5. The probes.
	for _, p := range s.Probes {
		// selector.Mux decomposes the index into log2(W) bits, which also
		// bounds it to the window, and costs the same W-1 R1CS selects as
		// the hand-written mux it replaced (Example_handMuxVsSelectorMux).
		digest := selector.Mux(api, p.Index, s.Digests...)
		answer := sp.hash(protocol.DomainProbe, p.Challenge, digest)
		used := api.Sub(1, api.IsZero(p.Challenge))
		api.AssertIsEqual(api.Mul(used, api.Sub(p.Answer, answer)), 0)
	}
	return nil
}
