package main

import (
	"strings"
	"testing"
)

func TestBenchTransferCommand(t *testing.T) {
	code, out, errs := runCLI(t, "bench", "transfer", "--size-mib", "1", "--rounds", "1", "--dir", t.TempDir())
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
