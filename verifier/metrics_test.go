package verifier

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// scrape GETs /metrics from a real HTTP server serving h.
func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	ms, err := ServeMetrics("127.0.0.1:0", h, testLogger(t, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer ms.Close()
	resp, err := http.Get("http://" + ms.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %v", resp.StatusCode, err)
	}
	return string(body)
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Fatalf("metrics lack %q:\n%s", w, body)
		}
	}
}

// A running verifier exposes the runtime collectors, its build, and every
// series at zero before any request; two services in one process keep
// separate registries.
func TestMetricsHTTP(t *testing.T) {
	testKeys(t)
	e := newEnv(t, nil)
	// On a server of its own: in the same queue group it could take the request.
	other := startService(t, connect(t, startServer(t, "", nil).ClientURL(), nil), nil)

	body := scrape(t, e.svc.Metrics())
	mustContain(t, body,
		"\ngo_goroutines ", "\nprocess_resident_memory_bytes ", "\nbwproof_build_info{goversion=\"go",
		`bwproof_verifier_proofs_verified_total{result="invalid"} 0`,
		`bwproof_verifier_proofs_verified_total{result="valid"} 0`,
		`bwproof_verifier_attestations_total{reason="",result="accepted"} 0`,
		`bwproof_verifier_attestations_total{reason="stale_nonce",result="rejected"} 0`,
		`bwproof_verifier_reports_total{reason="",result="complaint"} 0`,
		`bwproof_verifier_rejected_total{endpoint="query_channel",reason="not_found"} 0`,
		`bwproof_verifier_reply_subjects_refused_total{endpoint="submit_batch"} 0`,
		`bwproof_verifier_request_seconds_count{endpoint="submit_attestation"} 0`,
		"\nbwproof_verifier_flags_published_total 0",
		"\nbwproof_verifier_batch_size_count 0",
		"\nbwproof_verifier_requests_in_flight 0",
	)

	_, err := e.c.ChannelState(ctxT(t), randomElement(t))
	mustReason(t, err, ReasonNotFound)
	mustContain(t, scrape(t, e.svc.Metrics()),
		`bwproof_verifier_rejected_total{endpoint="query_channel",reason="not_found"} 1`,
		`bwproof_verifier_request_seconds_count{endpoint="query_channel"} 1`)
	mustContain(t, scrape(t, other.Metrics()),
		`bwproof_verifier_rejected_total{endpoint="query_channel",reason="not_found"} 0`, "\ngo_goroutines ")
}
