//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestDemoWithoutNode is issue 11's first done-when: the built binary,
// run from a directory outside any checkout with nothing on PATH (no node,
// npm, solc or go), runs `bwproof demo` to exit 0. The verifier comes from
// the committed templates (contracts/verifierbin).
func TestDemoWithoutNode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs the demo")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "contracts", "package-lock.json")); err == nil {
			t.Fatalf("%s is inside a checkout (%s)", dir, d)
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	emptyPath := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	// The default demo, as a user runs it (the done-when of issue 11).
	cmd := exec.CommandContext(ctx, bin, "demo")
	cmd.Dir = dir
	// Only what the binary needs: a PATH with nothing in it, a home and a
	// temporary directory of its own.
	cmd.Env = []string{"PATH=" + emptyPath, "HOME=" + dir, "TMPDIR=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	t.Logf("\n%s", out)
	if err != nil {
		t.Fatalf("bwproof demo without node: %v", err)
	}
}
