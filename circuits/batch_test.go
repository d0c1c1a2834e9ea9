package circuits

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// batchOf puts ByteCount witnesses into the slots of a batch of len(cs)
// slots, each slot's input computed from that witness's public values (so a
// cheat on a public value of ByteCount is a cheat on the batch input).
func batchOf(t *testing.T, shape protocol.Shape, cs ...*ByteCount) *Batch {
	t.Helper()
	b, err := NewBatch(shape, len(cs))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		b.Slots[i] = c.slot()
		b.Used[i] = 1
		b.Inputs[i] = rawInput(c.ChannelID.(*big.Int), c.KeyHash.(*big.Int), c.Counters.(*big.Int))
	}
	return b
}

func rawInput(ch, keyHash, counters *big.Int) *big.Int {
	h := protocol.Hash(DomainBatchTag, fe(ch), fe(keyHash))
	var hb big.Int
	h.BigInt(&hb)
	tag := new(big.Int).And(&hb, new(big.Int).Sub(pow2(TagBits), big.NewInt(1)))
	return new(big.Int).Add(new(big.Int).Lsh(tag, inputShift), counters)
}

func cloneBatch(b *Batch) *Batch {
	c := &Batch{Inputs: append([]frontend.Variable(nil), b.Inputs...), Used: append([]frontend.Variable(nil), b.Used...),
		Slots: append([]Slot(nil), b.Slots...)}
	return c
}

// TestBatchCheats runs real Groth16 setup and proving on a batch of two
// W=4 slots: every cheat of ByteCount, in either slot next to an honest
// channel, and the batch's own cheats must fail the solver and the prover;
// honest batches (full, with padding, in either order) must prove and
// verify. A slot for another miner's channel is refused by the contract,
// which knows the payees (TestWithdrawBatchReverts).
func TestBatchCheats(t *testing.T) {
	shape, bcValid, bcInvalid := byteCountCases(t)
	other := prototest.NewFixture(t, shape, 6_000, 1_500, 21)
	otherStep := other.Latest(t)
	otherBC, err := Assign(shape, otherStep)
	if err != nil {
		t.Fatal(err)
	}
	honestBC := bcValid["honest step via Assign"]

	valid := map[string]*Batch{}
	invalid := map[string]*Batch{}

	steps := []*protocol.Step{other.Latest(t)}
	f := prototest.NewFixture(t, shape, 9_000, 2_000, 11)
	steps = append(steps, f.Latest(t))
	a, err := AssignBatch(shape, 2, steps)
	if err != nil {
		t.Fatal(err)
	}
	valid["two channels via AssignBatch"] = a
	a, err = AssignBatch(shape, 2, []*protocol.Step{steps[1], steps[0]})
	if err != nil {
		t.Fatal(err)
	}
	valid["two channels, other order"] = a
	pad, err := AssignBatch(shape, 2, steps[:1])
	if err != nil {
		t.Fatal(err)
	}
	valid["one channel and a padding slot"] = pad
	for name, c := range bcValid {
		valid["slot 1: "+name] = batchOf(t, shape, otherBC, c)
	}

	for name, c := range bcInvalid {
		invalid["slot 0: "+name] = batchOf(t, shape, c, otherBC)
		invalid["slot 1: "+name] = batchOf(t, shape, otherBC, c)
	}

	// The same channel twice: the same receipt, and two receipts of it at
	// different nonces.
	invalid["same receipt in both slots"] = batchOf(t, shape, honestBC, honestBC)
	if _, err := AssignBatch(shape, 2, []*protocol.Step{steps[1], steps[1]}); err == nil {
		t.Error("AssignBatch accepted the same channel twice")
	}
	first, err := Assign(shape, &f.Session.Steps[0])
	if err != nil {
		t.Fatal(err)
	}
	invalid["same channel at two nonces"] = batchOf(t, shape, first, honestBC)

	// Padding that pays: an unused slot with a channel's input.
	b := cloneBatch(valid["two channels via AssignBatch"])
	b.Used[1] = 0
	invalid["unused slot with a channel's input"] = b
	b = cloneBatch(pad)
	b.Inputs[1] = valid["two channels via AssignBatch"].Inputs[1]
	invalid["padding slot with a channel's input"] = b
	b = cloneBatch(pad)
	b.Inputs[1] = big.NewInt(1)
	invalid["padding slot with input 1"] = b
	b = cloneBatch(valid["two channels via AssignBatch"])
	b.Used[1] = 2
	b.Inputs[1] = new(big.Int).Mul(b.Inputs[1].(*big.Int), big.NewInt(2))
	invalid["used flag 2, input doubled"] = b

	// Slots reordered against the public inputs.
	b = cloneBatch(valid["two channels via AssignBatch"])
	b.Inputs[0], b.Inputs[1] = b.Inputs[1], b.Inputs[0]
	invalid["inputs swapped"] = b
	b = cloneBatch(valid["two channels via AssignBatch"])
	b.Slots[0], b.Slots[1] = b.Slots[1], b.Slots[0]
	invalid["slots swapped"] = b

	// A tag that is not the channel's: the hash's high bits, or the tag of
	// the same key on another channel.
	b = cloneBatch(valid["two channels via AssignBatch"])
	b.Inputs[1] = new(big.Int).Add(b.Inputs[1].(*big.Int), new(big.Int).Lsh(big.NewInt(1), 252))
	invalid["input with a bit above the tag"] = b
	b = cloneBatch(valid["two channels via AssignBatch"])
	b.Inputs[1] = rawInput(new(big.Int).Add(honestBC.ChannelID.(*big.Int), big.NewInt(1)), honestBC.KeyHash.(*big.Int), honestBC.Counters.(*big.Int))
	invalid["tag of another channel with the same key"] = b

	circuit, _ := NewBatch(shape, 2)
	solveCases(t, circuit, valid, invalid)
	if t.Failed() {
		return
	}
	proveCases(t, circuit, valid, invalid)
}

// TestBatchInputsMatchCircuit checks the native inputs (what the contract
// computes from a registered tag) against the circuit's.
func TestBatchInputsMatchCircuit(t *testing.T) {
	shape := protocol.ShapeFor(4)
	f := prototest.NewFixture(t, shape, 3_000, 1_000, 5)
	st := f.Latest(t)
	b, err := AssignBatch(shape, 3, []*protocol.Step{st})
	if err != nil {
		t.Fatal(err)
	}
	circuit, _ := NewBatch(shape, 3)
	if err := test.IsSolved(circuit, b, ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
	kh, _ := st.Receipt.PublicKey.Hash()
	tag, err := BatchTag(st.Receipt.ChannelID, kh)
	if err != nil {
		t.Fatal(err)
	}
	if tag.BitLen() > TagBits || tag.Sign() == 0 {
		t.Fatalf("tag %x", tag)
	}
	if want := BatchInput(tag, st.Receipt.Nonce, st.Receipt.CumulativeBytes); want.Cmp(b.Inputs[0].(*big.Int)) != 0 {
		t.Fatalf("input %x, want %x", b.Inputs[0], want)
	}
	if b.Inputs[1].(*big.Int).Sign() != 0 || b.Inputs[2].(*big.Int).Sign() != 0 {
		t.Fatal("padding inputs are not 0")
	}
}
