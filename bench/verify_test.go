package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/internal/testkeys"
	"github.com/bwproof/bwproof/protocol"
)

// w4 runs one dev setup of the window-4 circuit per test binary.
func w4(t testing.TB) *attest.Keys {
	t.Helper()
	shape := protocol.ShapeFor(4)
	return testkeys.Shared(t, shape, func(ctx context.Context) (*attest.Keys, error) {
		return attest.Setup(ctx, shape, attest.SetupOptions{})
	})
}

// TestMeasureVerify checks the measurement on a few attestations: every
// one is accepted and verified once per round in each mode, and the
// numbers are consistent (no timing assertions). The second run reuses
// the cached submissions.
func TestMeasureVerify(t *testing.T) {
	const n, rounds = 4, 2
	cache := t.TempDir()
	opts := VerifyOptions{Rounds: rounds, Dir: t.TempDir(), Cache: cache, Rate: 200}
	r, err := MeasureVerify(context.Background(), w4(t), n, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.N != n || r.Prove <= 0 || len(r.Runs) != len(VerifyModes) {
		t.Fatalf("incomplete result %+v", r)
	}
	for _, run := range r.Runs {
		// In-process runs twice per round, around the batched run.
		k := rounds
		if run.Mode == ModeInProcess {
			k = 2 * rounds
		}
		if run.Rounds != k || run.N != n*k || run.Verified != uint64(n*k) ||
			run.Elapsed <= 0 || run.Batches == 0 || run.Batches > uint64(n*k) || run.PerSecond() <= 0 || run.MeanBatch() < 1 {
			t.Fatalf("%s: inconsistent run %+v", run.Mode, run)
		}
		if run.Mode != ModeInProcess && (len(run.latencies) != n*rounds || run.P50 <= 0 || run.P99 < run.P50) {
			t.Fatalf("%s: latencies %+v", run.Mode, run)
		}
	}
	if single := r.Run(ModeSingle); single.Batches != n*rounds {
		t.Fatalf("sequential submissions were batched: %+v", single)
	}
	if rate := r.Run(ModeRate); rate.Offered != 200 {
		t.Fatalf("open loop: %+v", rate)
	}
	if r.ThroughputRatio() <= 0 || r.SingleRatio() <= 0 {
		t.Fatalf("ratios %v %v", r.ThroughputRatio(), r.SingleRatio())
	}
	var b strings.Builder
	if err := WriteVerifyTable(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| single ", "| batched ", "| in-process ", "| one-verify ", "| rate 200/s ", "× in-process", "× one verification"} {
		if !strings.Contains(b.String(), want) {
			t.Fatalf("table lacks %q:\n%s", want, b.String())
		}
	}
	if _, err := RunVerify(context.Background(), &Submissions{Keys: w4(t)}, "sideways", VerifyOptions{}); err == nil {
		t.Fatal("unknown mode accepted")
	}

	// The cache holds the keys and the submissions: nothing is proved again.
	again, err := LoadOrMakeSubmissions(context.Background(), cache, nil, n, nil)
	if err != nil || len(again.Subs) != n || again.Keys.CircuitID != r.CircuitID {
		t.Fatalf("cache: %v", err)
	}
	if _, err := loadSubmissions(cache, nil, n+1); err == nil {
		t.Fatal("cache with too few submissions used")
	}
}

func TestPercentile(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(100 - i)
	}
	if p := percentile(ds, 0.5); p != 50 {
		t.Fatalf("p50 %d", p)
	}
	if p := percentile(ds, 0.99); p != 99 {
		t.Fatalf("p99 %d", p)
	}
	if p := percentile(ds[:1], 0.99); p != 100 {
		t.Fatalf("p99 of one %d", p)
	}
	if p := percentile(nil, 0.5); p != 0 {
		t.Fatalf("empty %d", p)
	}
}

// BenchmarkVerifyNATS submits BWPROOF_BENCH_VERIFY_N (default 32) real
// window-4 attestations through NATS to a verifier service, one at a time
// (single), all at once (batched) or open loop at 1,000/s (rate), and
// verifies them in process (in-process). Each iteration is a round against a
// fresh server; server start is not timed. ns/op is per attestation.
//
//	go test -run '^$' -bench VerifyNATS -benchtime 5x ./bench/
func BenchmarkVerifyNATS(b *testing.B) {
	n := 32
	if s := os.Getenv("BWPROOF_BENCH_VERIFY_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			b.Fatalf("BWPROOF_BENCH_VERIFY_N=%q", s)
		}
	}
	// BWPROOF_BENCH_CACHE: reuse the keys and proofs of an earlier run.
	var keys *attest.Keys
	cache := os.Getenv("BWPROOF_BENCH_CACHE")
	if cache == "" {
		keys = w4(b)
	}
	subs, err := LoadOrMakeSubmissions(context.Background(), cache, keys, n, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{ModeSingle, ModeBatched, ModeRate, ModeInProcess} {
		b.Run(mode, func(b *testing.B) {
			all := VerifyRun{Mode: mode}
			for i := 0; i < b.N; i++ {
				r, err := RunVerify(context.Background(), subs, mode, VerifyOptions{Dir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				all.merge(r)
			}
			b.ReportMetric(float64(all.Elapsed.Nanoseconds())/float64(all.N), "ns/op")
			b.ReportMetric(all.PerSecond(), "attestations/s")
			b.ReportMetric(float64(all.P50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(all.P99.Microseconds())/1000, "p99-ms")
			b.ReportMetric(all.MeanBatch(), "proofs/batch")
		})
	}
}
