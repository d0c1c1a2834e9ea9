package verifier

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// TestChecksKeepTheirOrder: the reply is the first failing check in the
// documented order (signature, the miner's rate, then the proof), and
// nothing is recorded or verified for a refused submission.
func TestChecksKeepTheirOrder(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AttestationRate, o.AttestationBurst = 0.001, 1 })
	ctx := ctxT(t)
	miner, other := newKey(t), newKey(t)
	garbage := *realProof(t, 3, 0)
	garbage.Proof = bytes.Repeat([]byte{0xff}, len(garbage.Proof))

	// Garbage proof under a wrong signature: the signature decides.
	sub, err := NewAttestationSubmission(&garbage, miner)
	if err != nil {
		t.Fatal(err)
	}
	sub.Miner = addrOf(other)
	_, err = e.c.Submit(ctx, sub)
	mustReason(t, err, ReasonBadSignature)

	// Signed garbage: the proof decides, and it costs the miner its token.
	sub, err = NewAttestationSubmission(&garbage, miner)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.c.Submit(ctx, sub)
	mustReason(t, err, ReasonInvalidProof)
	// Again: over the miner's rate, refused before the proof.
	_, err = e.c.Submit(ctx, sub)
	mustReason(t, err, ReasonRateLimited)

	if _, err := e.c.ChannelState(ctx, garbage.ChannelID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused submission left state: %v", err)
	}
	if v := e.svc.Metrics().Counter(mProofs, "result", "valid") + e.svc.Metrics().Counter(mProofs, "result", "invalid"); v != 0 {
		t.Fatalf("%v pairings for refused submissions", v)
	}
	// A good one from another miner is accepted as usual.
	good := realProof(t, 3, 0)
	if acc, err := e.c.SubmitAttestation(ctx, good, other); err != nil || acc.Duplicate {
		t.Fatalf("accepted %+v, %v", acc, err)
	}
}

// TestAccountingUpdatesWithoutReads: a channel's next record updates its
// accounting keys against the revisions this process remembers, without
// reading them; a record already covered writes nothing; and when another
// verifier moved a key meanwhile, the stale compare-and-set fails, the key
// is read, and the accounting is the same as with no memory at all.
func TestAccountingUpdatesWithoutReads(t *testing.T) {
	srv := startServer(t, "", nil)
	ctx := ctxT(t)
	st1, err := openStore(ctx, connect(t, srv.ClientURL(), nil), storeConfig{Replicas: 1})
	if err != nil {
		t.Fatal(err)
	}
	st2, err := openStore(ctx, connect(t, srv.ClientURL(), nil), storeConfig{Replicas: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Count what reaches the accounting bucket: reads (direct or API
	// gets) and writes. Channel subscriptions: the connection's reader
	// queues each message before it handles the PONG of a flush.
	watch := connect(t, srv.ClientURL(), nil)
	readCh, writeCh := make(chan *nats.Msg, 64), make(chan *nats.Msg, 64)
	for subj, ch := range map[string]chan *nats.Msg{
		"$JS.API.DIRECT.GET.KV_" + BucketAccounting + ".>": readCh,
		"$JS.API.DIRECT.GET.KV_" + BucketAccounting:        readCh,
		"$JS.API.STREAM.MSG.GET.KV_" + BucketAccounting:    readCh,
		"$KV." + BucketAccounting + ".>":                   writeCh,
	} {
		if _, err := watch.ChanSubscribe(subj, ch); err != nil {
			t.Fatal(err)
		}
	}
	if err := watch.Flush(); err != nil {
		t.Fatal(err)
	}
	drain := func(ch chan *nats.Msg) (n int) {
		for {
			select {
			case <-ch:
				n++
			default:
				return n
			}
		}
	}
	// counts returns the reads and writes since its last call. The
	// stores' requests were answered, so the server routed them to the
	// watcher before the watcher's flush.
	counts := func() (int, int) {
		if err := watch.Flush(); err != nil {
			t.Fatal(err)
		}
		return drain(readCh), drain(writeCh)
	}

	miner := addrOf(newKey(t)).Hex()
	ch := elementHex(randomElement(t))
	const epoch = 1000
	rec := func(nonce, prev, bytes uint64) *channelRecord {
		return &channelRecord{Channel: ch, Nonce: nonce, Bytes: bytes, PrevBytes: prev, Miner: miner, Epoch: epoch,
			Circuit: "c", Hash: hashHex([]byte{byte(nonce)}), AcceptedAt: time.Now().UTC(), OnChain: true}
	}
	settle := func(st *store, r, prev *channelRecord) {
		t.Helper()
		if _, err := st.settleWith(ctx, r, nil, prev, 0, false); err != nil {
			t.Fatal(err)
		}
	}
	ek, tk := rec(1, 0, 0).accountingKeys()
	check := func(start, end, latest uint64) {
		t.Helper()
		e, err := st1.accounting.Get(ctx, ek)
		if err != nil {
			t.Fatal(err)
		}
		var rg epochRange
		if err := json.Unmarshal(e.Value(), &rg); err != nil || rg.Start != start || rg.End != end {
			t.Fatalf("epoch range %s, want [%d, %d]", e.Value(), start, end)
		}
		l, err := st1.accounting.Get(ctx, tk)
		if err != nil || string(l.Value()) != strconv.FormatUint(latest, 10) {
			t.Fatalf("latest %s %v, want %d", l.Value(), err, latest)
		}
		counts()
	}

	r1 := rec(1, 0, 100)
	settle(st1, r1, nil) // a first record: both keys created unread
	if r, w := counts(); r != 0 || w != 2 {
		t.Fatalf("first record: %d reads, %d writes", r, w)
	}
	r2 := rec(2, 100, 250)
	settle(st1, r2, r1) // the next one: updated against the remembered revisions
	if r, w := counts(); r != 0 || w != 2 {
		t.Fatalf("next record: %d reads, %d writes", r, w)
	}
	check(0, 250, 250)
	settle(st1, r2, r2) // settling it again (a duplicate): nothing to write
	if r, w := counts(); r != 0 || w != 0 {
		t.Fatalf("settled again: %d reads, %d writes", r, w)
	}
	// Another verifier moves both keys; this one's memory is stale.
	r3 := rec(3, 250, 400)
	settle(st2, r3, r2)
	counts()
	r4 := rec(4, 400, 550)
	settle(st1, r4, r3)
	if r, w := counts(); r != 2 || w != 4 {
		t.Fatalf("after a foreign update: %d reads, %d writes (one refused update and one read per key, then the update)", r, w)
	}
	check(0, 550, 550)
	// An older record settled late (a crash recovered): nothing moves back.
	settle(st2, r3, r3)
	check(0, 550, 550)
	settle(st1, r4, r4)
	if r, w := counts(); r != 0 || w != 0 {
		t.Fatalf("covered record: %d reads, %d writes", r, w)
	}
}
