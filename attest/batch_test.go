package attest

import (
	"context"
	"errors"
	"testing"

	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// TestAttestorProveBatch: the attestor proves the channels due in batches
// of K (the last one padded), each batch verifies, and a batch attestation
// whose slots were changed does not.
func TestAttestorProveBatch(t *testing.T) {
	ctx := context.Background()
	k := testKeys(t)
	bk := testBatchKeys(t, 2)
	var fs []*prototest.Fixture
	for seed := uint64(40); seed < 43; seed++ {
		fs = append(fs, prototest.NewFixture(t, testShape, 5_000, 1000, seed))
	}
	if _, err := NewAttestor(AttestorOptions{Keys: k, Domain: fs[0].Domain, BatchKeys: &BatchKeys{Shape: protocol.ShapeFor(8), PK: bk.PK}}); !errors.Is(err, ErrKeys) {
		t.Fatalf("batch keys of another window: %v", err)
	}
	at, err := NewAttestor(AttestorOptions{Keys: k, Domain: fs[0].Domain, BatchKeys: bk})
	if err != nil {
		t.Fatal(err)
	}
	var due []protocol.Element
	for _, f := range fs {
		if err := at.Record(*f.Latest(t), f.ClientAddr); err != nil {
			t.Fatal(err)
		}
		due = append(due, f.Channel)
	}
	if _, err := at.ProveBatch(ctx, []protocol.Element{due[0], due[0]}); !errors.Is(err, circuits.ErrAssignment) {
		t.Fatal("a channel named twice was proved")
	}
	if _, err := at.ProveBatch(ctx, []protocol.Element{due[0], protocol.ElementFromUint64(1)}); !errors.Is(err, ErrNothingToProve) {
		t.Fatalf("unrecorded channel: %v", err)
	}
	atts, err := at.ProveBatch(ctx, due)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 2 || len(atts[0].Slots) != 2 || len(atts[1].Slots) != 1 {
		t.Fatalf("%d batches", len(atts))
	}
	for i, a := range atts {
		if err := a.Verify(bk.VK); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
	}
	var vs []*protocol.Voucher
	for _, f := range fs[:2] {
		vs = append(vs, &f.Latest(t).Voucher)
	}
	if err := atts[0].Matches(vs); err != nil {
		t.Fatal(err)
	}
	if err := atts[0].Matches([]*protocol.Voucher{vs[1], vs[0]}); err == nil {
		t.Fatal("vouchers in the wrong order match")
	}
	for i, f := range fs {
		kh, _ := f.ReceiptKey.Public().Hash()
		want, _ := circuits.BatchTag(f.Channel, kh)
		if got, err := at.BatchTag(f.Channel); err != nil || got.Cmp(want) != 0 {
			t.Fatalf("channel %d: tag %v, %v", i, got, err)
		}
	}

	a := atts[0]
	tamper := map[string]func(b *BatchAttestation){
		"nonce":              func(b *BatchAttestation) { b.Slots[1].Nonce++ },
		"bytes":              func(b *BatchAttestation) { b.Slots[0].CumulativeBytes-- },
		"key hash":           func(b *BatchAttestation) { b.Slots[0].KeyHash = b.Slots[1].KeyHash },
		"channel":            func(b *BatchAttestation) { b.Slots[1].ChannelID = protocol.ElementFromUint64(9) },
		"slots swapped":      func(b *BatchAttestation) { b.Slots[0], b.Slots[1] = b.Slots[1], b.Slots[0] },
		"slot dropped":       func(b *BatchAttestation) { b.Slots = b.Slots[:1] },
		"same channel twice": func(b *BatchAttestation) { b.Slots[1] = b.Slots[0] },
		"proof":              func(b *BatchAttestation) { b.Proof = atts[1].Proof },
	}
	for name, f := range tamper {
		b := *a
		b.Slots = append([]BatchSlot(nil), a.Slots...)
		f(&b)
		if err := b.Verify(bk.VK); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("%s: %v", name, err)
		}
	}
	b := *a
	b.K = 3
	if err := b.Verify(bk.VK); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("wrong K: %v", err)
	}
	if err := a.Verify(k.VK); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("ByteCount key: %v", err)
	}
}
