package verifier

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

var (
	batchKeysOnce sync.Once
	batchKeysVal  *attest.BatchKeys
	batchKeysErr  error
)

// testBatchKeys runs one batch setup (K = 2, the test window) per test binary.
func testBatchKeys(t testing.TB) *attest.BatchKeys {
	t.Helper()
	batchKeysOnce.Do(func() {
		batchKeysVal, batchKeysErr = attest.SetupBatch(context.Background(), testShape, 2, attest.SetupOptions{})
	})
	if batchKeysErr != nil {
		t.Fatal(batchKeysErr)
	}
	return batchKeysVal
}

// TestSubmitBatch: a real batch proof of two channels is accepted (each
// channel's record updated), its resubmission is a duplicate, a batch
// with a stale slot is refused whole (the other channel stays unrecorded),
// and a batch whose slot counters were changed does not verify.
func TestSubmitBatch(t *testing.T) {
	bk := testBatchKeys(t)
	// Proving is slow on a loaded machine: more than ctxT's 30 s.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv := startServer(t, "", nil)
	nc := connect(t, srv.ClientURL(), nil)
	startService(t, nc, func(o *Options) { o.BatchKeys = []*attest.BatchKeys{bk} })
	c := NewClient(nc, ClientOptions{})
	miner := newKey(t)

	var fs []*prototest.Fixture
	for seed := uint64(60); seed < 63; seed++ {
		fs = append(fs, prototest.NewFixture(t, testShape, fixtureBytes, fixtureChunk, seed))
	}
	a, err := attest.ProveBatch(ctx, bk, []*protocol.Step{fs[0].Latest(t), fs[1].Latest(t)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.SubmitBatch(ctx, a, miner)
	if err != nil {
		t.Fatal(err)
	}
	if res.Duplicate || len(res.Slots) != 2 {
		t.Fatalf("first submission: %+v", res)
	}
	for i, f := range fs[:2] {
		sl := res.Slots[i]
		st := f.Latest(t)
		if sl.Status != StatusAccepted || sl.Duplicate || sl.Channel == nil || sl.Channel.Nonce != st.Receipt.Nonce ||
			sl.Channel.Bytes != st.Receipt.CumulativeBytes || sl.Channel.Channel != elementHex(f.Channel) {
			t.Fatalf("slot %d: %+v", i, sl)
		}
		info, err := c.ChannelState(ctx, f.Channel)
		if err != nil || info.Nonce != st.Receipt.Nonce || info.Revision != sl.Channel.Revision {
			t.Fatalf("channel %d state %+v, %v", i, info, err)
		}
	}

	again, err := c.SubmitBatch(ctx, a, miner)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Duplicate || again.Slots[0].Channel.Revision != res.Slots[0].Channel.Revision ||
		again.Slots[1].Channel.Revision != res.Slots[1].Channel.Revision {
		t.Fatalf("resubmission: %+v", again)
	}

	// Channel 0's first step is older than its recorded one: the batch is
	// refused and channel 2, valid on its own, is not recorded.
	stale, err := attest.ProveBatch(ctx, bk, []*protocol.Step{fs[2].Latest(t), &fs[0].Session.Steps[0]})
	if err != nil {
		t.Fatal(err)
	}
	res, err = c.SubmitBatch(ctx, stale, miner)
	mustReason(t, err, ReasonStaleNonce)
	if !errors.Is(err, ErrStaleNonce) || res == nil || res.Slots[1].Reason != ReasonStaleNonce || res.Slots[0].Status != StatusRejected {
		t.Fatalf("stale batch: %+v, %v", res, err)
	}
	if _, err := c.ChannelState(ctx, fs[2].Channel); !errors.Is(err, ErrNotFound) {
		t.Fatalf("channel of a refused batch recorded: %v", err)
	}

	// Slot data the proof does not vouch for.
	forged := *stale
	forged.Slots = append([]attest.BatchSlot(nil), stale.Slots...)
	forged.Slots[1] = attest.BatchSlot{ChannelID: fs[1].Channel, KeyHash: a.Slots[1].KeyHash, Nonce: 1 << 20, CumulativeBytes: 1 << 40}
	_, err = c.SubmitBatch(ctx, &forged, miner)
	mustReason(t, err, ReasonInvalidProof)
	if _, err := c.ChannelState(ctx, fs[2].Channel); !errors.Is(err, ErrNotFound) {
		t.Fatalf("channel of a forged batch recorded: %v", err)
	}

	// Another miner's signature over the same batch: the records are
	// attributed to the first miner.
	_, err = c.SubmitBatch(ctx, a, newKey(t))
	mustReason(t, err, ReasonWrongMiner)
}

func TestBatchSubmissionEncoding(t *testing.T) {
	s := fuzzBatchSubmission(t)
	got, err := DecodeBatchSubmission(s.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip: %+v", got)
	}
	if err := got.CheckSignature(); err != nil {
		t.Fatal(err)
	}
	b := s.Encode()
	b[30] ^= 1 // circuit id
	if got, err := DecodeBatchSubmission(b); err != nil || !errors.Is(got.CheckSignature(), ErrBadSignature) {
		t.Fatalf("changed circuit id: %v", err)
	}
	big := append(s.Encode(), make([]byte, MaxBatchSubmissionSize)...)
	if _, err := DecodeBatchSubmission(big); ReasonOf(err) != ReasonTooLarge {
		t.Fatalf("oversized: %v", err)
	}
	more := s.Encode()
	more[protocol.HeaderSize+20+32+8+4+3] = 3 // three channels in two slots
	if _, err := DecodeBatchSubmission(more); ReasonOf(err) != ReasonTooLarge {
		t.Fatalf("more channels than slots: %v", err)
	}
}

func fuzzBatchSubmission(t testing.TB) *BatchSubmission {
	key, err := crypto.ToECDSA(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	a := &attest.BatchAttestation{CircuitID: attest.CircuitID{1}, Shape: protocol.ShapeFor(4), K: 2, Proof: make([]byte, 128),
		Slots: []attest.BatchSlot{{ChannelID: protocol.ElementFromUint64(5), KeyHash: protocol.ElementFromUint64(6), Nonce: 3, CumulativeBytes: 4096}}}
	s, err := NewBatchSubmission(a, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func FuzzDecodeBatchSubmission(f *testing.F) {
	s := fuzzBatchSubmission(f)
	f.Add(s.Encode())
	f.Add([]byte("bw\x01\xa2"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := DecodeBatchSubmission(b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(got.Attestation.Slots) == 0 || len(got.Attestation.Slots) > got.Attestation.K {
			t.Fatalf("%d slots of %d accepted", len(got.Attestation.Slots), got.Attestation.K)
		}
		if !bytes.Equal(got.Encode(), b) {
			t.Fatal("decoding is not canonical")
		}
	})
}

// TestSubmitBatchOnChain: with a chain, every slot is bound to the chain
// before the pairing: a batch with a slot on a channel that is not on the
// contract is refused whole (its on-chain slot unrecorded); a batch of two
// on-chain channels is accepted and counted for the channels' miner.
func TestSubmitBatchOnChain(t *testing.T) {
	bk := testBatchKeys(t)
	e := newChainEnv(t, func(o *Options) { o.BatchKeys = []*attest.BatchKeys{bk} })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // proving on a loaded machine
	defer cancel()
	e.ctx = ctx // the env's helpers too
	latest := func(id protocol.Element) *protocol.Step {
		sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: testShape, Bytes: 4 << 10, ChunkSize: 1024, ChannelID: id,
			Domain: e.m.Domain(), PricePerByte: big.NewInt(1), Client: e.client, ReceiptKey: e.rkey, Rand: prototest.NewSeeded(8)})
		if err != nil {
			t.Fatal(err)
		}
		return &sess.Steps[len(sess.Steps)-1]
	}
	kh := keyHashOf(t, e.rkey)
	a, b := e.open(kh), e.open(kh)
	offchain, err := attest.ProveBatch(ctx, bk, []*protocol.Step{latest(a), latest(randomElement(t))})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.c.SubmitBatch(ctx, offchain, e.miner)
	mustReason(t, err, ReasonOffchainChannel)
	if res == nil || res.Slots[1].Reason != ReasonOffchainChannel {
		t.Fatalf("slots %+v", res)
	}
	if _, err := e.c.ChannelState(ctx, a); !errors.Is(err, ErrNotFound) {
		t.Fatalf("on-chain slot of a refused batch recorded: %v", err)
	}
	good, err := attest.ProveBatch(ctx, bk, []*protocol.Step{latest(a), latest(b)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.c.SubmitBatch(ctx, good, e.other)
	mustReason(t, err, ReasonWrongMiner)
	res, err = e.c.SubmitBatch(ctx, good, e.miner)
	if err != nil {
		t.Fatal(err)
	}
	for i, sl := range res.Slots {
		if sl.Status != StatusAccepted || sl.Channel == nil || !sl.Channel.OnChain || sl.Channel.Bytes != 4<<10 {
			t.Fatalf("slot %d: %+v", i, sl)
		}
	}
	if on, _, _ := e.epochTotals(); on != 8<<10 {
		t.Fatalf("epoch on-chain bytes %d", on)
	}
}
