package circuits

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark/frontend"
	gbits "github.com/consensys/gnark/std/math/bits"

	"github.com/bwproof/bwproof/protocol"
)

// DomainBatchTag separates a channel's batch tag from protocol's hashes
// (protocol's domains are 1 to 6).
const DomainBatchTag protocol.Domain = 7

// TagBits is the width of a batch tag: a tag and the 128 bits of packed
// counters fill one public input (253 bits, below the field modulus).
const TagBits = 125

// inputShift is where the tag sits in a slot's public input.
const inputShift = 2 * protocol.CounterShift

// MaxBatchSlots bounds K.
const MaxBatchSlots = 256

// Batch proves K channels' latest receipts at once. Each used slot carries
// ByteCount's guarantees (Slot.define); its public input is
//
//	tag·2^128 + nonce·2^64 + cumulativeBytes,  tag = H_batch(channel id, key hash) mod 2^125
//
// and an unused (padding) slot's input is 0. The tag is what the channel's
// client registered on chain (ChannelManager.setBatchTag), so one input
// binds the channel, its key and its counters: K inputs for K channels
// instead of 3K (README, "Batch settlement").
type Batch struct {
	Inputs []frontend.Variable `gnark:",public"`
	Used   []frontend.Variable // 1 for a channel, 0 for padding
	Slots  []Slot
}

// NewBatch returns a batch circuit of k slots of shape s, for compiling.
func NewBatch(s protocol.Shape, k int) (*Batch, error) {
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrShape, err)
	}
	if k < 1 || k > MaxBatchSlots {
		return nil, fmt.Errorf("%w: %d slots, want 1 to %d", ErrShape, k, MaxBatchSlots)
	}
	b := &Batch{Inputs: make([]frontend.Variable, k), Used: make([]frontend.Variable, k), Slots: make([]Slot, k)}
	for i := range b.Slots {
		b.Slots[i] = newSlot(s)
	}
	return b, nil
}

// Shape returns the window shape of the batch's slots.
func (b *Batch) Shape() protocol.Shape {
	if len(b.Slots) == 0 {
		return protocol.Shape{}
	}
	return b.Slots[0].shape()
}

// Define declares, for every slot i, Slot.define, Used[i] ∈ {0, 1} and
// Inputs[i] = Used[i]·(tag_i·2^128 + Counters_i) with the tag taken from
// the canonical bits of H_batch(ChannelID_i, KeyHash_i); and for every pair
// of used slots, different channel ids (a channel is settled once per
// batch).
func (b *Batch) Define(api frontend.API) error {
	k := len(b.Slots)
	if k < 1 || k > MaxBatchSlots || len(b.Inputs) != k || len(b.Used) != k {
		return fmt.Errorf("%w: %d slots, %d inputs, %d used flags", ErrShape, k, len(b.Inputs), len(b.Used))
	}
	shape := b.Shape()
	if err := shape.Check(); err != nil {
		return fmt.Errorf("%w: %w", ErrShape, err)
	}
	g, err := newGadgets(api)
	if err != nil {
		return err
	}
	for i := range b.Slots {
		s := &b.Slots[i]
		if s.shape() != shape {
			return fmt.Errorf("%w: slot %d has shape %v, slot 0 %v", ErrShape, i, s.shape(), shape)
		}
		if err := s.define(api, g); err != nil {
			return fmt.Errorf("slot %d: %w", i, err)
		}
		api.AssertIsBoolean(b.Used[i])
		// ToBinary over the full width checks the bits are the canonical
		// representation, so the tag is a function of the hash.
		hbits := gbits.ToBinary(api, g.sp.hash(DomainBatchTag, s.ChannelID, s.KeyHash))
		tag := gbits.FromBinary(api, hbits[:TagBits], gbits.WithUnconstrainedInputs()) // bits already boolean
		packed := api.Add(api.Mul(tag, pow2(inputShift)), s.Counters)
		api.AssertIsEqual(b.Inputs[i], api.Mul(b.Used[i], packed))
	}
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			// both ? id_i - id_j : 1 must be invertible.
			both := api.Mul(b.Used[i], b.Used[j])
			d := api.Sub(b.Slots[i].ChannelID, b.Slots[j].ChannelID)
			api.AssertIsDifferent(api.Add(api.Mul(both, api.Sub(d, 1)), 1), 0)
		}
	}
	return nil
}

// BatchTag is a channel's batch tag: H_batch(channel id, key hash) mod
// 2^TagBits, the value its client registers on chain.
func BatchTag(channelID, keyHash protocol.Element) (*big.Int, error) {
	h, err := protocol.HashElements(DomainBatchTag, channelID, keyHash)
	if err != nil {
		return nil, fmt.Errorf("batch tag: %w", err)
	}
	return new(big.Int).And(h.Big(), new(big.Int).Sub(pow2(TagBits), big.NewInt(1))), nil
}

// BatchInput is a used slot's public input for a channel's tag and
// counters.
func BatchInput(tag *big.Int, nonce, cumulativeBytes uint64) *big.Int {
	in := new(big.Int).Lsh(tag, inputShift)
	return in.Add(in, protocol.PackCounters(nonce, cumulativeBytes).Big())
}

// BatchPublicInputs returns a batch's K public inputs for steps (slots 0
// to len(steps)-1, the rest padding).
func BatchPublicInputs(k int, steps []*protocol.Step) ([]*big.Int, error) {
	if len(steps) < 1 || len(steps) > k {
		return nil, fmt.Errorf("%w: %d channels for %d slots", ErrAssignment, len(steps), k)
	}
	out := make([]*big.Int, k)
	for i := range out {
		out[i] = new(big.Int)
	}
	for i, st := range steps {
		kh, err := st.Receipt.PublicKey.Hash()
		if err != nil {
			return nil, fmt.Errorf("%w: slot %d: %w", ErrAssignment, i, err)
		}
		tag, err := BatchTag(st.Receipt.ChannelID, kh)
		if err != nil {
			return nil, err
		}
		out[i] = BatchInput(tag, st.Receipt.Nonce, st.Receipt.CumulativeBytes)
	}
	return out, nil
}

// AssignBatch builds a full witness for k slots of shape s from steps, in
// order; the remaining slots are padding. Every step must pass Step.Check
// and name a different channel.
func AssignBatch(s protocol.Shape, k int, steps []*protocol.Step) (*Batch, error) {
	b, err := NewBatch(s, k)
	if err != nil {
		return nil, err
	}
	inputs, err := BatchPublicInputs(k, steps)
	if err != nil {
		return nil, err
	}
	seen := make(map[protocol.Element]int, len(steps))
	for i, st := range steps {
		if j, dup := seen[st.Receipt.ChannelID]; dup {
			return nil, fmt.Errorf("%w: slots %d and %d are both channel %s", ErrAssignment, j, i, st.Receipt.ChannelID)
		}
		seen[st.Receipt.ChannelID] = i
	}
	pad, err := paddingStep(s)
	if err != nil {
		return nil, err
	}
	for i := range b.Slots {
		st, used := pad, 0
		if i < len(steps) {
			st, used = steps[i], 1
		}
		a, err := Assign(s, st)
		if err != nil {
			return nil, fmt.Errorf("slot %d: %w", i, err)
		}
		b.Slots[i] = a.slot()
		b.Used[i] = used
		b.Inputs[i] = inputs[i]
	}
	return b, nil
}

// slot returns c's variables as a Slot.
func (c *ByteCount) slot() Slot {
	return Slot{ChannelID: c.ChannelID, Counters: c.Counters, KeyHash: c.KeyHash, Nonce: c.Nonce,
		CumulativeBytes: c.CumulativeBytes, PublicKey: c.PublicKey, Signature: c.Signature,
		PrevBytes: c.PrevBytes, PrevRoot: c.PrevRoot, Lengths: c.Lengths, Digests: c.Digests, Probes: c.Probes}
}

var padding sync.Map // protocol.Shape → *protocol.Step

// paddingStep is the witness of an unused slot: an empty window at nonce 0
// of channel 0, signed by a key anyone can derive. It satisfies the slot's
// constraints and binds nothing: its input is 0 whatever it holds.
func paddingStep(s protocol.Shape) (*protocol.Step, error) {
	if st, ok := padding.Load(s); ok {
		return st.(*protocol.Step), nil
	}
	key, err := protocol.GenerateReceiptKey(&seedReader{seed: sha256.Sum256([]byte("bwproof batch padding key"))})
	if err != nil {
		return nil, fmt.Errorf("%w: padding key: %w", ErrAssignment, err)
	}
	wr, err := protocol.Window{}.Root(s)
	if err != nil {
		return nil, fmt.Errorf("%w: padding window: %w", ErrAssignment, err)
	}
	root, err := protocol.ChainRoot(protocol.Element{}, wr)
	if err != nil {
		return nil, fmt.Errorf("%w: padding root: %w", ErrAssignment, err)
	}
	st := &protocol.Step{Receipt: protocol.Receipt{Root: root}, Voucher: protocol.Voucher{CumulativeAmount: new(big.Int)}}
	if err := st.Receipt.Sign(key); err != nil {
		return nil, fmt.Errorf("%w: padding receipt: %w", ErrAssignment, err)
	}
	padding.Store(s, st)
	return st, nil
}

// seedReader is a deterministic byte stream: SHA-256(seed || counter).
type seedReader struct {
	seed [32]byte
	n    uint64
	buf  []byte
}

func (r *seedReader) Read(p []byte) (int, error) {
	for i := range p {
		if len(r.buf) == 0 {
			var c [40]byte
			copy(c[:], r.seed[:])
			binary.BigEndian.PutUint64(c[32:], r.n)
			r.n++
			h := sha256.Sum256(c[:])
			r.buf = h[:]
		}
		p[i], r.buf = r.buf[0], r.buf[1:]
	}
	return len(p), nil
}

// A slot's input must stay below the field modulus (2^253 < r < 2^254).
const _ = uint(253 - TagBits - inputShift)
