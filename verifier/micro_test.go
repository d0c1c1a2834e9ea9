package verifier

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/micro"
)

// microStats asks what `nats micro stats bwproof-verifier` asks.
func microStats(t *testing.T, e *env) map[string]*micro.EndpointStats {
	t.Helper()
	m, err := e.nc.Request("$SRV.STATS."+ServiceName, nil, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var st micro.Stats
	if err := json.Unmarshal(m.Data, &st); err != nil {
		t.Fatal(err)
	}
	if st.Type != micro.StatsResponseType || st.Name != ServiceName || st.ID != e.svc.ID() {
		t.Fatalf("stats identity: %s", m.Data)
	}
	out := map[string]*micro.EndpointStats{}
	for _, ep := range st.Endpoints {
		out[ep.Name] = ep
	}
	return out
}

// TestMicroStatsCountRepliesWhenSent: the micro statistics count a request
// when its reply goes out (handlers run concurrently, replies come later):
// an error reply is an error with its code, and the processing time spans
// the whole request, verification included.
func TestMicroStatsCountRepliesWhenSent(t *testing.T) {
	a := realProof(t, 7, 0)
	e := newEnv(t, nil)
	ctx := ctxT(t)

	_, err := e.c.ChannelState(ctx, a.ChannelID())
	mustReason(t, err, ReasonNotFound)
	if _, err := e.c.SubmitAttestation(ctx, a, newKey(t)); err != nil {
		t.Fatal(err)
	}
	// A rejected verdict is a normal reply, not an error.
	_, err = e.c.SubmitAttestation(ctx, rerandomize(t, testKeys(t), a), newKey(t))
	mustReason(t, err, ReasonWrongMiner)

	st := microStats(t, e)
	q := st["query_channel"]
	if q == nil || q.NumRequests != 1 || q.NumErrors != 1 || !strings.HasPrefix(q.LastError, "404:not_found") ||
		q.QueueGroup != microQueueGroup || q.Subject != SubjectQueryChannel {
		t.Fatalf("query_channel stats: %+v", q)
	}
	s := st["submit_attestation"]
	if s == nil || s.NumRequests != 2 || s.NumErrors != 0 || s.LastError != "" {
		t.Fatalf("submit_attestation stats: %+v", s)
	}
	if !strings.Contains(string(s.Data), `"accepted":1`) {
		t.Fatalf("submit_attestation data: %s", s.Data)
	}
	// The accepted request waited for its proof's verification: its time
	// covers the batch's, which the framework's count taken when a
	// handler returns (before the reply) would not.
	_, batchSecs := e.svc.Metrics().HistogramCount(mBatchSeconds)
	if batch := time.Duration(batchSecs * float64(time.Second)); batch <= 0 || s.ProcessingTime < batch ||
		s.AverageProcessingTime != s.ProcessingTime/2 {
		t.Fatalf("submit_attestation processing %s (average %s), verification %s", s.ProcessingTime, s.AverageProcessingTime, batch)
	}

	// Discovery answers on every verb and subject form.
	for _, subj := range []string{"$SRV.PING", "$SRV.PING." + ServiceName, "$SRV.INFO." + ServiceName + "." + e.svc.ID()} {
		m, err := e.nc.Request(subj, nil, 5*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", subj, err)
		}
		var id micro.ServiceIdentity
		if err := json.Unmarshal(m.Data, &id); err != nil || id.Name != ServiceName || id.ID != e.svc.ID() || id.Version != ServiceVersion {
			t.Fatalf("%s: %s %v", subj, m.Data, err)
		}
	}
}
