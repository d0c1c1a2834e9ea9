package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSetupStagesNoTerminal: keys setup on a redirected stderr logs its
// stages as plain lines (no \r frames), the setup one with the constraint
// count and an estimate.
func TestSetupStagesNoTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"--log-level", "info", "keys", "setup", "--window", "4", "--out", filepath.Join(t.TempDir(), "k")}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	logs := errb.String()
	if strings.Contains(logs, "\r") {
		t.Fatalf("\\r in redirected output:\n%q", logs)
	}
	for _, want := range []string{"stage=compile", "stage=setup", "constraints: about", "estimate", "stage=write"} {
		if !strings.Contains(logs, want) {
			t.Errorf("stage log lacks %q:\n%s", want, logs)
		}
	}
}

func TestSetupEstimate(t *testing.T) {
	// README's W=256 row: 32,957 constraints, 6.16 s of setup.
	if d := setupEstimate(32957); d < 5*time.Second || d > 7*time.Second {
		t.Fatalf("estimate %s for the W=256 circuit", d)
	}
}
