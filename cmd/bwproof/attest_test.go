package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"--log-level", "warn"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// The flow: setup, simulate, prove, verify; a flipped byte fails.
func TestKeysAttestFlow(t *testing.T) {
	dir := t.TempDir()
	keys, sess, att := filepath.Join(dir, "k"), filepath.Join(dir, "s.bin"), filepath.Join(dir, "a.bin")
	steps := [][]string{
		{"keys", "setup", "--window", "4", "--out", keys},
		{"keys", "info", "--keys", keys},
		{"attest", "simulate", "--keys", keys, "--bytes", "100000", "--chunk", "4096", "--out", sess},
		{"attest", "prove", "--keys", keys, "--receipts", sess, "--out", att},
		{"attest", "verify", "--keys", keys, att},
	}
	for _, s := range steps {
		if code, out, errs := runCLI(t, s...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", s, code, out, errs)
		}
	}
	if code, _, _ := runCLI(t, "keys", "setup", "--window", "4", "--out", keys); code != 2 {
		t.Fatalf("setup over an existing key set: exit %d, want 2", code)
	}
	b, err := os.ReadFile(att)
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{len(b) - 1, len(b) - 100, 40} {
		bad := append([]byte(nil), b...)
		bad[off] ^= 0x04
		p := filepath.Join(dir, "bad.bin")
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCLI(t, "attest", "verify", "--keys", keys, p)
		if code == 0 || !strings.Contains(errs, "invalid") {
			t.Fatalf("flipped byte %d: exit %d, %q", off, code, errs)
		}
	}
	sol := filepath.Join(dir, "v.sol")
	if code, _, errs := runCLI(t, "keys", "solidity", "--keys", keys, "--out", sol); code != 0 {
		t.Fatal(errs)
	}
	if s, _ := os.ReadFile(sol); !bytes.Contains(s, []byte("function verifyProof")) {
		t.Fatal("solidity export has no verifyProof")
	}
}

func TestHelpAndUsageErrors(t *testing.T) {
	if code, out, _ := runCLI(t, "--help"); code != 0 && !strings.Contains(out, "keys") {
		t.Fatalf("--help: %d", code)
	}
	if code, out, _ := runCLI(t); code != 0 || !strings.Contains(out, "attest") {
		t.Fatalf("no args: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, "nope"); code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
	if code, _, _ := runCLI(t, "keys", "setup", "--window", "3", "--out", t.TempDir()); code != 2 {
		t.Fatalf("bad window: exit %d", code)
	}
	if code, _, _ := runCLI(t, "attest", "prove", "--help"); code != 0 {
		t.Fatalf("subcommand --help: exit %d", code)
	}
}
