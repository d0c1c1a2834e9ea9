package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bwproof/bwproof/attest"
)

// cliHelperEnv makes the test binary run the CLI instead of the tests, so a
// command can run as its own process and its peak memory be measured.
const cliHelperEnv = "BWPROOF_TEST_CLI_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(cliHelperEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// maxRSS is the memory bound a refused hostile file must stay under.
const maxRSS = 256 << 20

// runProcess runs the CLI in a child process and returns its exit code,
// stderr and peak resident memory in bytes.
func runProcess(t *testing.T, args ...string) (int, string, int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"--log-level", "warn"}, args...)...)
	cmd.Env = append(os.Environ(), cliHelperEnv+"=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("%v: %v", args, err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatalf("no rusage for %v", args)
	}
	return cmd.ProcessState.ExitCode(), errb.String(), ru.Maxrss << 10 // Linux reports KiB
}

// craftKeyFile copies a key set, writes v at off in one of its files and
// fixes the manifest's size and checksum, as a hostile distributor would.
func craftKeyFile(t *testing.T, good, name string, off int, v uint32) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{attest.ManifestFile, attest.CircuitFile, attest.ProvingKeyFile, attest.VerifyingKeyFile} {
		b, err := os.ReadFile(filepath.Join(good, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == name {
			binary.BigEndian.PutUint32(b[off:], v)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := attest.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, name))
	sum := sha256.Sum256(b)
	m.Files[name] = attest.FileEntry{Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
	mb, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, attest.ManifestFile), mb, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Every command that loads keys refuses a key set whose files claim 2^32-1
// points (manifest fixed up to match): one line on stderr naming the file,
// a non-zero exit, and a peak RSS under 256 MiB. Unchecked, gnark's decoder
// tried to allocate 256 GiB and the process died with "out of memory".
func TestCraftedKeySetsRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "keys")
	if code, _, errs := runCLI(t, "keys", "setup", "--window", "4", "--out", good); code != 0 {
		t.Fatal(errs)
	}
	sess := filepath.Join(dir, "s.bin")
	if code, _, errs := runCLI(t, "attest", "simulate", "--keys", good, "--bytes", "20000", "--chunk", "4096", "--out", sess); code != 0 {
		t.Fatal(errs)
	}
	// A well-formed attestation for the key set: verify must get as far as
	// loading the keys.
	k, err := attest.LoadVerifyingKey(good)
	if err != nil {
		t.Fatal(err)
	}
	att := filepath.Join(dir, "a.bin")
	a := &attest.Attestation{CircuitID: k.CircuitID, Shape: k.Shape, Proof: make([]byte, 128)}
	if err := os.WriteFile(att, a.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	const (
		vkK = 3*64 + 3*128        // after α β₁ β₂ γ₂ δ₁ δ₂
		pkA = 8 + 5*32 + 1 + 3*64 // after the domain and α β δ in G1
	)
	crafted := []struct {
		name, file string
		off        int
	}{
		{"verifying key K", attest.VerifyingKeyFile, vkK},
		{"verifying key commitments", attest.VerifyingKeyFile, vkK + 4 + (attest.NumPublic+1)*64},
		{"proving key A", attest.ProvingKeyFile, pkA},
	}
	commands := []struct {
		name  string
		args  func(keys string) []string
		vkToo bool // loads only the verifying key
	}{
		{"keys info", func(k string) []string { return []string{"keys", "info", "--keys", k} }, false},
		{"keys solidity", func(k string) []string {
			return []string{"keys", "solidity", "--keys", k, "--out", filepath.Join(dir, "v.sol")}
		}, true},
		{"attest verify", func(k string) []string { return []string{"attest", "verify", "--keys", k, att} }, true},
		{"attest prove", func(k string) []string {
			return []string{"attest", "prove", "--keys", k, "--receipts", sess, "--out", filepath.Join(dir, "out.bin")}
		}, false},
		{"bench verify", func(k string) []string { return []string{"bench", "verify", "--keys", k, "--n", "1", "--rounds", "1"} }, false},
		{"verifier serve", func(k string) []string { return []string{"verifier", "serve", "--keys", k} }, true},
	}
	for _, c := range crafted {
		keys := craftKeyFile(t, good, c.file, c.off, 0xFFFFFFFF)
		for _, cmd := range commands {
			if c.file == attest.ProvingKeyFile && cmd.vkToo {
				continue // these never read the proving key
			}
			t.Run(c.name+"/"+cmd.name, func(t *testing.T) {
				code, errs, rss := runProcess(t, cmd.args(keys)...)
				line := strings.TrimSpace(errs)
				if code == 0 || strings.Contains(line, "\n") || !strings.Contains(line, c.file) || !strings.Contains(line, "bad key set") {
					t.Fatalf("exit %d, stderr:\n%s", code, errs)
				}
				if rss > maxRSS {
					t.Fatalf("peak RSS %d MiB", rss>>20)
				}
				t.Logf("exit %d, %d MiB: %s", code, rss>>20, line)
			})
		}
	}
}

// A 1 GiB sparse file handed to attest verify or attest prove --receipts is
// refused from its size, before it is read: peak RSS stays small.
func TestHugeInputFilesRefused(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.bin")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// The files are refused before the key set is opened, so none is needed.
	keys := filepath.Join(dir, "no-keys")
	for name, args := range map[string][]string{
		"attest verify": {"attest", "verify", "--keys", keys, huge},
		"attest prove":  {"attest", "prove", "--keys", keys, "--receipts", huge, "--out", filepath.Join(dir, "a.bin")},
	} {
		t.Run(name, func(t *testing.T) {
			code, errs, rss := runProcess(t, args...)
			line := strings.TrimSpace(errs)
			if code == 0 || strings.Contains(line, "\n") || !strings.Contains(line, "the limit is") {
				t.Fatalf("exit %d, stderr:\n%s", code, errs)
			}
			if rss > maxRSS {
				t.Fatalf("peak RSS %d MiB", rss>>20)
			}
			t.Logf("exit %d, %d MiB: %s", code, rss>>20, line)
		})
	}
	// Just over the attestation limit is refused as well (not only huge).
	over := filepath.Join(dir, "over.bin")
	if err := os.WriteFile(over, make([]byte, attest.MaxAttestationSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "attest", "verify", "--keys", keys, over); code == 0 || !strings.Contains(errs, "the limit is") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
