package verifier

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// env is one embedded server with one verifier and a client.
type env struct {
	url string
	svc *Service
	c   *Client
	nc  *nats.Conn
}

func newEnv(t *testing.T, mod func(*Options)) *env {
	t.Helper()
	srv := startServer(t, "", nil)
	e := &env{url: srv.ClientURL()}
	e.svc = startService(t, connect(t, e.url, nil), mod)
	e.nc = connect(t, e.url, nil)
	e.c = NewClient(e.nc, ClientOptions{Timeout: 20 * time.Second})
	return e
}

// rawRequest sends body and decodes the reply into an error (or nil).
func (e *env) rawRequest(t *testing.T, subject string, body []byte) (*Reply, error) {
	t.Helper()
	return e.c.request(ctxT(t), subject, body)
}

func TestAttestationVerdicts(t *testing.T) {
	k := testKeys(t)
	a1, a2, a3 := realProof(t, 1, 0), realProof(t, 1, 1), realProof(t, 1, 2)
	realProof(t, 2, 0)
	e := newEnv(t, nil)
	ctx := ctxT(t)
	miner, other := newKey(t), newKey(t)

	acc, err := e.c.SubmitAttestation(ctx, a2, miner)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Duplicate || acc.Channel.Nonce != a2.Nonce() || acc.Channel.Bytes != a2.CumulativeBytes() ||
		acc.Channel.Miner != addrOf(miner).Hex() || acc.Channel.Channel != elementHex(a2.ChannelID()) {
		t.Fatalf("accepted: %+v", acc)
	}

	t.Run("resubmission is idempotent", func(t *testing.T) {
		again, err := e.c.SubmitAttestation(ctx, a2, miner)
		if err != nil || !again.Duplicate || again.Channel.Revision != acc.Channel.Revision {
			t.Fatalf("resubmit: %+v %v", again, err)
		}
		jc := NewClient(e.nc, ClientOptions{JSON: true})
		again, err = jc.SubmitAttestation(ctx, a2, miner)
		if err != nil || !again.Duplicate {
			t.Fatalf("resubmit as JSON: %+v %v", again, err)
		}
	})
	t.Run("replayed older nonce", func(t *testing.T) {
		_, err := e.c.SubmitAttestation(ctx, a1, miner)
		mustReason(t, err, ReasonStaleNonce)
	})
	t.Run("same nonce, another valid proof", func(t *testing.T) {
		_, err := e.c.SubmitAttestation(ctx, rerandomize(t, k, a2), miner)
		mustReason(t, err, ReasonStaleNonce)
	})
	t.Run("another miner on the channel", func(t *testing.T) {
		_, err := e.c.SubmitAttestation(ctx, a3, other)
		mustReason(t, err, ReasonWrongMiner)
	})
	t.Run("invalid proof", func(t *testing.T) {
		bad := *realProof(t, 2, 0)
		bad.Public[1] = protocol.PackCounters(bad.Nonce(), bad.CumulativeBytes()*2) // inflated byte count
		_, err := e.c.SubmitAttestation(ctx, &bad, miner)
		mustReason(t, err, ReasonInvalidProof)
		if _, err := e.c.ChannelState(ctx, bad.ChannelID()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("an invalid proof left state: %v", err)
		}
	})
	t.Run("out of field", func(t *testing.T) {
		bad := *realProof(t, 2, 0)
		var r protocol.Element
		protocol.Modulus().FillBytes(r[:])
		bad.Public[0] = r
		_, err := e.c.SubmitAttestation(ctx, &bad, miner)
		mustReason(t, err, ReasonOutOfField)
	})
	t.Run("bad miner signature", func(t *testing.T) {
		sub, err := NewAttestationSubmission(realProof(t, 2, 0), miner)
		if err != nil {
			t.Fatal(err)
		}
		sub.Miner = addrOf(other) // signed by miner, claims other
		_, err = e.c.Submit(ctx, sub)
		mustReason(t, err, ReasonBadSignature)
	})
	t.Run("unknown circuit", func(t *testing.T) {
		bad := *realProof(t, 2, 0)
		bad.CircuitID[0] ^= 1
		_, err := e.c.SubmitAttestation(ctx, &bad, miner)
		mustReason(t, err, ReasonUnknownCircuit)
	})
	t.Run("malformed", func(t *testing.T) {
		for name, body := range map[string][]byte{
			"empty":              nil,
			"garbage":            []byte("hello"),
			"binary truncated":   sub(t, a2, miner)[:40],
			"json unknown field": []byte(`{"miner":"0x0000000000000000000000000000000000000001","attestation":"","signature":"","x":1}`),
			"json bad base64":    []byte(`{"miner":"0x0000000000000000000000000000000000000001","attestation":"!!","signature":"00"}`),
			"report kind":        protocol.NewEncoder(protocol.KindEvidence).Bytes(),
		} {
			_, err := e.rawRequest(t, SubjectSubmitAttestation, body)
			mustReason(t, err, ReasonMalformed)
			_ = name
		}
	})
	t.Run("too large", func(t *testing.T) {
		_, err := e.rawRequest(t, SubjectSubmitAttestation, append([]byte("bw\x01\xa1"), make([]byte, MaxSubmissionSize)...))
		mustReason(t, err, ReasonTooLarge)
		_, err = e.rawRequest(t, SubjectSubmitAttestation, append([]byte("{"), bytes.Repeat([]byte(" "), MaxJSONSubmissionSize)...))
		mustReason(t, err, ReasonTooLarge)
	})

	// A newer nonce is accepted; the state and the accounting follow.
	acc3, err := e.c.SubmitAttestation(ctx, a3, miner)
	if err != nil || acc3.Duplicate || acc3.Channel.Nonce != a3.Nonce() {
		t.Fatalf("newer nonce: %+v %v", acc3, err)
	}
	st, err := e.c.ChannelState(ctx, a3.ChannelID())
	if err != nil || st.Nonce != a3.Nonce() || st.Bytes != fixtureBytes {
		t.Fatalf("channel state: %+v %v", st, err)
	}
	eb, err := e.c.EpochBytes(ctx, nil, addrOf(miner))
	// Off chain (this service has no chain): counted apart, not in the totals.
	if err != nil || len(eb.Miners) != 1 || eb.Miners[0].OffchainBytes != fixtureBytes || eb.Miners[0].OffchainChannels != 1 ||
		eb.Miners[0].Bytes != 0 || eb.Miners[0].Miner != addrOf(miner).Hex() || st.OnChain {
		t.Fatalf("epoch bytes: %+v %v", eb, err)
	}
	sd, err := e.c.Standing(ctx, addrOf(miner))
	if err != nil || sd.BytesAttestedOffchain != fixtureBytes || sd.BytesAttested != 0 || sd.Flagged {
		t.Fatalf("standing: %+v %v", sd, err)
	}
	// The history stream holds both accepted attestations, in order.
	hist, err := e.svc.store.attLog.Info(ctx)
	if err != nil || hist.State.Msgs != 2 {
		t.Fatalf("history: %+v %v", hist, err)
	}
	m := e.svc.Metrics()
	if got := m.Counter(mAttestations, "result", "accepted", "reason", ""); got != 2 {
		t.Fatalf("accepted counter %v", got)
	}
	if got := m.Counter(mAttestations, "result", "rejected", "reason", string(ReasonStaleNonce)); got != 2 {
		t.Fatalf("stale counter %v", got)
	}
}

func sub(t *testing.T, a *attest.Attestation, key *ecdsa.PrivateKey) []byte {
	t.Helper()
	s, err := NewAttestationSubmission(a, key)
	if err != nil {
		t.Fatal(err)
	}
	return s.Encode()
}

// badChunk returns a chunk header signed by miner whose path does not
// lead to its object (valid=false) or does (valid=true).
func badChunk(t *testing.T, miner *ecdsa.PrivateKey, valid bool) *protocol.SignedChunk {
	t.Helper()
	digests := [][32]byte{random32(t), random32(t), random32(t), random32(t)}
	tree, err := protocol.BuildMerkleTree(4000, 1000, digests)
	if err != nil {
		t.Fatal(err)
	}
	path, err := tree.Path(1)
	if err != nil {
		t.Fatal(err)
	}
	sc := &protocol.SignedChunk{Header: protocol.ChunkHeader{Object: tree.ID(), ObjectSize: 4000, ChunkSize: 1000,
		Index: 1, Length: 1000, Digest: digests[1]}, Path: path}
	if !valid {
		sc.Header.Digest = random32(t) // the bytes sent are not the object's chunk 1
	}
	if err := sc.Sign(miner); err != nil {
		t.Fatal(err)
	}
	return sc
}

func report(t *testing.T, kind protocol.ReportKind, reporter *ecdsa.PrivateKey, accused common.Address, detail string) *protocol.Report {
	t.Helper()
	r := &protocol.Report{Kind: kind, Accused: accused, ChannelID: protocol.ElementFromUint64(42),
		Time: uint64(time.Now().Unix()), Detail: detail}
	if kind == protocol.ReportMissingVoucher {
		r.UnpaidFrom, r.UnpaidTo = 1000, 5000
	}
	if err := r.Sign(reporter); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReportVerdicts(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ComplaintThreshold = 3 })
	ctx := ctxT(t)
	miner, client := newKey(t), newKey(t)

	flags := make(chan *FlagEvent, 8)
	fsub, err := e.c.SubscribeFlags(func(ev *FlagEvent) { flags <- ev })
	if err != nil {
		t.Fatal(err)
	}
	defer fsub.Unsubscribe()
	verdicts := make(chan *nats.Msg, 16)
	vsub, err := e.nc.ChanSubscribe(SubjectVerdicts+".*", verdicts)
	if err != nil {
		t.Fatal(err)
	}
	defer vsub.Unsubscribe()
	e.nc.Flush()

	t.Run("proven bad chunk flags the miner", func(t *testing.T) {
		r := report(t, protocol.ReportBadChunk, client, addrOf(miner), "digest mismatch")
		r.Chunk = badChunk(t, miner, false)
		if err := r.Sign(client); err != nil {
			t.Fatal(err)
		}
		res, err := e.c.SubmitReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Verdict.Proven || !res.Standing.Flagged || res.Standing.ProvenFaults != 1 || res.Duplicate {
			t.Fatalf("verdict %+v standing %+v", res.Verdict, res.Standing)
		}
		select {
		case ev := <-flags:
			if ev.Party != addrOf(miner).Hex() || !ev.Standing.Flagged {
				t.Fatalf("flag event %+v", ev)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no flag event")
		}
		select {
		case m := <-verdicts:
			if !strings.HasSuffix(m.Subject, addrKey(addrOf(miner))) {
				t.Fatalf("verdict on %s", m.Subject)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no verdict event")
		}
		// The same report again: same verdict, counted once.
		again, err := e.c.SubmitReport(ctx, r)
		if err != nil || !again.Duplicate || again.Standing.ProvenFaults != 1 {
			t.Fatalf("duplicate report: %+v %v", again, err)
		}
		// The same evidence from another reporter does not count twice either.
		r2 := report(t, protocol.ReportBadChunk, newKey(t), addrOf(miner), "me too")
		r2.Chunk = r.Chunk
		if err := r2.Sign(newKey(t)); err != nil {
			t.Fatal(err)
		}
		res2, err := e.c.SubmitReport(ctx, r2)
		if err != nil || res2.Standing.ProvenFaults != 1 {
			t.Fatalf("same evidence: %+v %v", res2, err)
		}
		select {
		case ev := <-flags:
			t.Fatalf("second flag event %+v", ev)
		case <-time.After(200 * time.Millisecond):
		}
	})
	t.Run("forged evidence", func(t *testing.T) {
		victim := newKey(t)
		// A header the accused never signed.
		r := report(t, protocol.ReportBadChunk, client, addrOf(victim), "forged")
		r.Chunk = badChunk(t, newKey(t), false)
		r.Sign(client)
		_, err := e.c.SubmitReport(ctx, r)
		mustReason(t, err, ReasonBadEvidence)
		// A header consistent with its object proves nothing (the bytes
		// under it may still have been wrong): a complaint.
		r = report(t, protocol.ReportBadChunk, client, addrOf(victim), "wrong bytes")
		r.Chunk = badChunk(t, victim, true)
		r.Sign(client)
		res, err := e.c.SubmitReport(ctx, r)
		if err != nil || res.Verdict.Proven || res.Standing.Flagged || res.Standing.Complaints != 1 {
			t.Fatalf("consistent header: %+v %v", res, err)
		}
		// No evidence at all.
		r = report(t, protocol.ReportBadChunk, client, addrOf(victim), "trust me")
		_, err = e.c.SubmitReport(ctx, r)
		mustReason(t, err, ReasonBadEvidence)
		// An empty unpaid range.
		r = report(t, protocol.ReportMissingVoucher, victim, addrOf(client), "")
		r.UnpaidTo = r.UnpaidFrom
		r.Sign(victim)
		_, err = e.c.SubmitReport(ctx, r)
		mustReason(t, err, ReasonBadEvidence)
		sd, err := e.c.Standing(ctx, addrOf(victim))
		if err != nil || sd.Flagged || sd.ProvenFaults != 0 || sd.Complaints != 1 {
			t.Fatalf("victim standing %+v %v", sd, err)
		}
	})
	t.Run("bad signature and time", func(t *testing.T) {
		r := report(t, protocol.ReportTimeout, client, addrOf(miner), "")
		r.Signature[7] ^= 1
		_, err := e.c.SubmitReport(ctx, r)
		mustReason(t, err, ReasonBadSignature)
		r = report(t, protocol.ReportTimeout, client, addrOf(miner), "")
		r.Time += 86400
		r.Sign(client)
		_, err = e.c.SubmitReport(ctx, r)
		mustReason(t, err, ReasonBadTime)
		_, err = e.rawRequest(t, SubjectSubmitReport, []byte(`{"report":"AAAA"}`))
		mustReason(t, err, ReasonMalformed)
	})
	t.Run("complaints are weighted by distinct reporters", func(t *testing.T) {
		accused := addrOf(newKey(t))
		for i := 0; i < 4; i++ { // one client complaining over and over
			res, err := e.c.SubmitReport(ctx, report(t, protocol.ReportFailedProbe, client, accused, fmt.Sprint("probe ", i)))
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict.Proven || res.Standing.Flagged || res.Standing.Complainants != 1 {
				t.Fatalf("complaint %d: %+v", i, res.Standing)
			}
		}
		jc := NewClient(e.nc, ClientOptions{JSON: true})
		for i := 0; i < 2; i++ {
			res, err := jc.SubmitReport(ctx, report(t, protocol.ReportTimeout, newKey(t), accused, ""))
			if err != nil {
				t.Fatal(err)
			}
			if want := i == 1; res.Standing.Flagged != want {
				t.Fatalf("after %d distinct complainants flagged=%v", i+2, res.Standing.Flagged)
			}
		}
		select {
		case ev := <-flags:
			if ev.Party != accused.Hex() {
				t.Fatalf("flag event for %s", ev.Party)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no flag event")
		}
		sd, err := e.c.Standing(ctx, accused)
		if err != nil || sd.Complaints != 6 || sd.Complainants != 3 || !sd.Flagged {
			t.Fatalf("standing %+v %v", sd, err)
		}
	})
	t.Run("a miner's complaint about a client", func(t *testing.T) {
		res, err := e.c.SubmitReport(ctx, report(t, protocol.ReportMissingVoucher, miner, addrOf(client), "unpaid"))
		if err != nil || res.Verdict.Proven || res.Standing.Complaints != 1 {
			t.Fatalf("%+v %v", res, err)
		}
	})
}

func TestQueriesExportAndObservability(t *testing.T) {
	k := testKeys(t)
	e := newEnv(t, nil)
	ctx := ctxT(t)

	_, err := e.c.ChannelState(ctx, randomElement(t))
	mustReason(t, err, ReasonNotFound)
	for subj, body := range map[string]string{
		SubjectQueryChannel:   `{"channel":"0x12"}`,
		SubjectQueryStanding:  `{"party":"nope"}`,
		SubjectQueryEpoch:     `{"epoch":"x"}`,
		SubjectExportSolidity: `{"circuit_id":"zz"}`,
	} {
		_, err := e.rawRequest(t, subj, []byte(body))
		mustReason(t, err, ReasonMalformed)
	}
	var big protocol.Element
	for i := range big {
		big[i] = 0xff
	}
	_, err = e.rawRequest(t, SubjectQueryChannel, []byte(`{"channel":"`+elementHex(big)+`"}`))
	mustReason(t, err, ReasonOutOfField)

	sol, err := e.c.ExportSolidity(ctx, k.CircuitID)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := k.ExportSolidity(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sol, want.Bytes()) || !bytes.Contains(sol, []byte("function verifyProof")) {
		t.Fatalf("solidity export differs from attest's (%d vs %d bytes)", len(sol), want.Len())
	}
	_, err = e.c.ExportSolidity(ctx, attest.CircuitID{1})
	mustReason(t, err, ReasonNotFound)

	ep := uint64(12345)
	eb, err := e.c.EpochBytes(ctx, &ep, common.Address{})
	if err != nil || eb.Epoch != ep || len(eb.Miners) != 0 || eb.EpochSeconds != 3600 {
		t.Fatalf("empty epoch: %+v %v", eb, err)
	}

	// Micro discovery: what `nats micro info bwproof-verifier` asks.
	m, err := e.nc.Request("$SRV.INFO."+ServiceName, nil, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var info micro.Info
	if err := json.Unmarshal(m.Data, &info); err != nil {
		t.Fatal(err)
	}
	if info.Name != ServiceName || len(info.Endpoints) != 7 {
		t.Fatalf("micro info: %+v", info)
	}
	m, err = e.nc.Request("$SRV.STATS."+ServiceName, nil, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var stats micro.Stats
	if err := json.Unmarshal(m.Data, &stats); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ep := range stats.Endpoints {
		if ep.Name == "query_channel" {
			found = ep.NumRequests >= 2 && strings.Contains(string(ep.Data), `"not_found":1`)
		}
	}
	if !found {
		t.Fatalf("micro stats: %s", m.Data)
	}

	// Prometheus.
	ms, err := ServeMetrics("127.0.0.1:0", e.svc.Metrics(), e.svc.log)
	if err != nil {
		t.Fatal(err)
	}
	defer ms.Close()
	resp, err := http.Get("http://" + ms.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`# TYPE bwproof_verifier_request_seconds histogram`,
		`bwproof_verifier_rejected_total{endpoint="query_channel",reason="not_found"} 1`,
		`bwproof_verifier_request_seconds_bucket{endpoint="export_solidity",le="+Inf"} 3`,
		`bwproof_verifier_requests_in_flight 0`,
		"\ngo_goroutines ", "\nprocess_resident_memory_bytes ", "\nbwproof_build_info{",
	} {
		if !strings.Contains(string(body), want) {
			t.Fatalf("metrics lack %q:\n%s", want, body)
		}
	}
}

func TestRateLimit(t *testing.T) {
	realProof(t, 1, 0)
	realProof(t, 1, 1)
	realProof(t, 2, 0)
	e := newEnv(t, func(o *Options) { o.AttestationRate, o.AttestationBurst = 0.001, 1 })
	ctx := ctxT(t)
	miner := newKey(t)
	if _, err := e.c.SubmitAttestation(ctx, realProof(t, 1, 0), miner); err != nil {
		t.Fatal(err)
	}
	_, err := e.c.SubmitAttestation(ctx, realProof(t, 1, 1), miner)
	mustReason(t, err, ReasonRateLimited)
	var te *Error
	if !errors.As(err, &te) || !te.Reason.Temporary() {
		t.Fatal("rate limit should be temporary")
	}
	// Another miner has its own bucket.
	if _, err := e.c.SubmitAttestation(ctx, realProof(t, 2, 0), newKey(t)); err != nil {
		t.Fatal(err)
	}
}

// Concurrent submissions batch, and all get their own verdict.
func TestConcurrentSubmissionsBatch(t *testing.T) {
	k := testKeys(t)
	base := realProof(t, 2, 0)
	e := newEnv(t, func(o *Options) { o.Workers = 1 })
	ctx := ctxT(t)
	miner := newKey(t)
	const n = 24
	var wg sync.WaitGroup
	results := make([]error, n)
	dups := make([]bool, n)
	for i := 0; i < n; i++ {
		a := rerandomize(t, k, base)
		if i%6 == 5 {
			b := *a
			b.Public[1] = protocol.PackCounters(b.Nonce(), 1) // invalid
			a = &b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc, err := e.c.SubmitAttestation(ctx, a, miner)
			results[i] = err
			dups[i] = err == nil && acc.Duplicate
		}()
	}
	wg.Wait()
	accepted := 0
	for i, err := range results {
		switch {
		case i%6 == 5:
			if !errors.Is(err, ErrInvalidProof) && !errors.Is(err, ErrStaleNonce) {
				t.Fatalf("invalid %d: %v", i, err)
			}
		case err == nil:
			accepted++
		case !errors.Is(err, ErrStaleNonce):
			t.Fatalf("valid %d: %v", i, err)
		}
	}
	if accepted != 1 {
		t.Fatalf("%d different proofs of one (channel, nonce) accepted", accepted)
	}
	// How much batching happened depends on scheduling; report it.
	nb, sum := e.svc.Metrics().HistogramCount(mBatchSize)
	t.Logf("%v proofs verified in %d batches", sum, nb)
}
