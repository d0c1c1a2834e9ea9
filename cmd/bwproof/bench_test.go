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
