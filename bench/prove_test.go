package bench

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// TestMeasureProve checks the measurement itself on the smallest window.
func TestMeasureProve(t *testing.T) {
	opts := ProveOptions{Runs: 1, ChunkSize: 1024}
	if c, err := solc.NewCompiler(solc.Options{}); err == nil {
		opts.Solc = c
	} else if os.Getenv("CI") != "" {
		t.Fatalf("solc is needed for the withdraw-gas column: %v", err)
	}
	r, err := MeasureProve(context.Background(), protocol.ShapeFor(4), opts)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Solc != nil && (r.WithdrawGas < 200_000 || r.WithdrawGas > 300_000) {
		t.Fatalf("withdraw gas %d", r.WithdrawGas)
	}
	if len(r.ProveRuns) != opts.Runs || len(r.VerifyRuns) != opts.Runs {
		t.Fatalf("%d prove and %d verify runs recorded, want %d", len(r.ProveRuns), len(r.VerifyRuns), opts.Runs)
	}
	if r.Constraints == 0 || r.Prove <= 0 || r.Verify <= 0 || r.ProofBytes == 0 || r.PeakHeap == 0 {
		t.Fatalf("incomplete result %+v", r)
	}
	var b strings.Builder
	if err := WriteProveTable(&b, []ProveResult{r}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| 4 ") {
		t.Fatalf("table:\n%s", b.String())
	}
}

// BenchmarkProve reports the proving cost of the window sizes in
// BWPROOF_BENCH_WINDOWS (default 16,64,256): one setup per size, then the
// benchmark loop proves a full window.
//
//	go test -run '^$' -bench Prove -benchtime 3x ./bench/
func BenchmarkProve(b *testing.B) {
	ws := os.Getenv("BWPROOF_BENCH_WINDOWS")
	if ws == "" {
		ws = "16,64,256"
	}
	for _, s := range strings.Split(ws, ",") {
		var w int
		if _, err := fmt.Sscan(s, &w); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("W=%d", w), func(b *testing.B) {
			r, err := MeasureProve(context.Background(), protocol.ShapeFor(w), ProveOptions{Runs: b.N})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(r.Constraints), "constraints")
			b.ReportMetric(r.PerChunk(), "constraints/chunk")
			b.ReportMetric(r.Setup.Seconds(), "setup-s")
			b.ReportMetric(float64(r.Prove.Milliseconds()), "prove-ms")
			b.ReportMetric(float64(r.Verify.Microseconds())/1000, "verify-ms")
			b.ReportMetric(float64(r.ProofBytes), "proof-bytes")
			b.ReportMetric(float64(r.PeakHeap)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(0, "ns/op") // the whole setup+runs is not a per-op time
		})
	}
}
