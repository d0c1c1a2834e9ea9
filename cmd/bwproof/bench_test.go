package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchTransferCommand(t *testing.T) {
	code, out, errs := runCLI(t, "bench", "transfer", "--size-mib", "1", "--rounds", "1", "--dir", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, js, errs := runCLI(t, "bench", "transfer", "--size-mib", "1", "--rounds", "1", "--dir", t.TempDir(), "--json")
	var tr benchTransferJSON
	if code != 0 || json.Unmarshal([]byte(js), &tr) != nil || tr.SizeBytes != 1<<20 || tr.FetchNs <= 0 {
		t.Fatalf("--json: exit %d: %s%s", code, js, errs)
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"raw TCP copy", "challenge fetch", "machine:"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestBenchBatchCommand(t *testing.T) {
	code, out, errs := runCLI(t, "bench", "batch", "--k", "1", "--window", "4", "--runs", "1", "--gas=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"gas per channel", "| 1 ", "machine:"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI(t, "bench", "batch", "--k", "0"); code == 0 {
		t.Fatal("--k 0 accepted")
	}
}

// TestBenchProveFiles: bench prove measures withdraw gas without solc
// (the verifier from the templates) and writes the chart as PNG and SVG
// with the raw runs as CSV.
func TestBenchProveFiles(t *testing.T) {
	dir := t.TempDir()
	chart := filepath.Join(dir, "cost.png")
	code, out, errs := runCLI(t, "bench", "prove", "--windows", "4", "--runs", "2", "--chart", chart, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got benchProveJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Results) != 1 || got.Results[0].Window != 4 || got.Results[0].WithdrawGas == 0 || len(got.Results[0].ProveRunsNs) != 2 {
		t.Fatalf("results %+v", got)
	}
	for _, ext := range []string{".png", ".svg", ".csv"} {
		if fi, err := os.Stat(filepath.Join(dir, "cost"+ext)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", ext, err)
		}
	}
}

// TestChainDeployNoSolc: a dry-run deploy on the embedded chain needs no
// solc, node or checkout.
func TestChainDeployNoSolc(t *testing.T) {
	keys, _ := keysAndAttestation(t)
	t.Setenv("PATH", t.TempDir())
	code, out, errs := runCLI(t, "chain", "deploy", "--keys", keys)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var d deployment
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d.Gas["verifier"] == 0 || d.Gas["channel_manager"] == 0 || !d.Embedded {
		t.Fatalf("deployment %+v", d)
	}
}
