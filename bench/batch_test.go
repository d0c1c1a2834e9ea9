package bench

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// TestMeasureBatch checks the measurement itself on the smallest batch
// (two slots of window 4), with the gas when solc is installed.
func TestMeasureBatch(t *testing.T) {
	opts := BatchOptions{Runs: 1, ChunkSize: 1024}
	if c, err := solc.NewCompiler(solc.Options{}); err == nil {
		opts.Solc = c
	} else if os.Getenv("CI") != "" {
		t.Fatalf("solc is needed for the gas columns: %v", err)
	}
	r, err := MeasureBatch(context.Background(), protocol.ShapeFor(4), 2, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Constraints == 0 || r.Single <= 0 || r.Prove <= 0 || r.Verify <= 0 || r.ProofBytes == 0 {
		t.Fatalf("incomplete result %+v", r)
	}
	if opts.Solc != nil && (r.TxGas < 200_000 || r.TxGas > 400_000) {
		t.Fatalf("withdrawBatch gas %d", r.TxGas)
	}
	var b strings.Builder
	if err := WriteBatchTable(&b, []BatchResult{r}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| 2 ") || !strings.Contains(b.String(), "gas per channel") {
		t.Fatalf("table:\n%s", b.String())
	}
}
