package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/verifier"
)

// The verifier from the command line: credentials, an embedded server
// enforcing them, a miner submitting, a client querying, and the Solidity
// export.
func TestVerifierCLI(t *testing.T) {
	dir := t.TempDir()
	keys, sess, att := filepath.Join(dir, "k"), filepath.Join(dir, "s.bin"), filepath.Join(dir, "a.bin")
	creds := filepath.Join(dir, "creds")
	for _, s := range [][]string{
		{"keys", "setup", "--window", "4", "--out", keys},
		{"attest", "simulate", "--keys", keys, "--bytes", "9000", "--chunk", "1000", "--out", sess},
		{"attest", "prove", "--keys", keys, "--receipts", sess, "--out", att},
		{"verifier", "creds", "--dir", creds, "--role", "verifier"},
		{"verifier", "creds", "--dir", creds, "--role", "miner", "--name", "miner-1"},
		{"verifier", "creds", "--dir", creds, "--role", "client"},
	} {
		if code, out, errs := runCLI(t, s...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", s, code, out, errs)
		}
	}
	if code, _, _ := runCLI(t, "verifier", "creds", "--dir", creds, "--role", "admin"); code != 2 {
		t.Fatalf("unknown role: exit %d", code)
	}
	code, conf, _ := runCLI(t, "verifier", "creds", "--dir", creds, "--server-config")
	if code != 0 || !strings.Contains(conf, "accounts {") || !strings.Contains(conf, verifier.VerifierAccount+" {") ||
		!strings.Contains(conf, "allow_responses") || strings.Count(conf, "nkey:") != 3 {
		t.Fatalf("server config: %d\n%s", code, conf)
	}

	// Bound to a chain unless told explicitly to take off-chain channels.
	if code, _, errs := runCLI(t, "verifier", "serve", "--keys", keys, "--data", filepath.Join(dir, "data"),
		"--listen", "127.0.0.1:0"); code != 2 || !strings.Contains(errs, "--rpc") || !strings.Contains(errs, "--allow-offchain") {
		t.Fatalf("serve without a chain: %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "verifier", "serve", "--keys", keys, "--rpc", "http://127.0.0.1:1", "--allow-offchain"); code != 2 {
		t.Fatalf("serve with --rpc and --allow-offchain: %d %s", code, errs)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sout syncBuffer
	e := &env{Stdout: &sout, Stderr: &sout, Log: slog.New(slog.DiscardHandler)}
	served := make(chan error, 1)
	go func() {
		served <- verifierServe(ctx, e, []string{"--keys", keys, "--data", filepath.Join(dir, "data"),
			"--listen", "127.0.0.1:0", "--auth", filepath.Join(creds, verifier.AuthFile),
			"--nkey", filepath.Join(creds, "verifier.nk"), "--metrics", "127.0.0.1:0", "--allow-offchain"})
	}()
	re := regexp.MustCompile(`serving on (\S+)`)
	var url string
	for i := 0; i < 3000 && url == ""; i++ {
		if m := re.FindStringSubmatch(sout.String()); m != nil {
			url = m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("verifier did not start: %s", sout.String())
	}

	minerKey, _ := crypto.GenerateKey()
	keyFile := filepath.Join(dir, "miner.key")
	if err := crypto.SaveECDSA(keyFile, minerKey); err != nil {
		t.Fatal(err)
	}
	miner := []string{"--nats", url, "--nkey", filepath.Join(creds, "miner-1.nk")}
	client := []string{"--nats", url, "--nkey", filepath.Join(creds, "client.nk")}
	code, out, errs := runCLI(t, append([]string{"verifier", "submit", "--attestation", att, "--key", keyFile}, miner...)...)
	if code != 0 {
		t.Fatalf("submit: %d %s %s", code, out, errs)
	}
	var acc verifier.Acceptance
	if err := json.Unmarshal([]byte(out), &acc); err != nil || acc.Duplicate || acc.Channel.Bytes != 9000 {
		t.Fatalf("submit output %q: %v", out, err)
	}
	code, out, _ = runCLI(t, append([]string{"verifier", "submit", "--json", "--attestation", att, "--key", keyFile}, miner...)...)
	if code != 0 || !strings.Contains(out, `"duplicate": true`) {
		t.Fatalf("resubmit: %d %s", code, out)
	}
	// An unreadable key set or key file is bad input: exit 3, not usage.
	badKeys := t.TempDir()
	if err := os.WriteFile(filepath.Join(badKeys, attest.ManifestFile), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "verifier", "serve", "--keys", badKeys, "--allow-offchain", "--listen", "127.0.0.1:0", "--data", t.TempDir()); code != 3 {
		t.Fatalf("serve with a bad key set: exit %d: %s", code, errs)
	}
	badKey := filepath.Join(t.TempDir(), "bad.key")
	if err := os.WriteFile(badKey, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, append([]string{"verifier", "submit", "--attestation", att, "--key", badKey}, miner...)...); code != 3 || strings.Contains(errs, "--help") {
		t.Fatalf("submit with a bad key file: exit %d: %s", code, errs)
	}
	// A client credential may not submit attestations.
	if code, _, _ := runCLI(t, append([]string{"verifier", "submit", "--timeout", "1s", "--attestation", att, "--key", keyFile}, client...)...); code == 0 {
		t.Fatal("a client credential submitted an attestation")
	}
	code, out, errs = runCLI(t, append([]string{"verifier", "channel", "--channel", acc.Channel.Channel}, client...)...)
	if code != 0 || !strings.Contains(out, `"bytes": 9000`) || !strings.Contains(out, `"onchain": false`) {
		t.Fatalf("channel: %d %s %s", code, out, errs)
	}
	code, _, errs = runCLI(t, append([]string{"verifier", "channel", "--channel", "0x1234"}, client...)...)
	if code != 1 || !strings.Contains(errs, "not_found") {
		t.Fatalf("unknown channel: %d %s", code, errs)
	}
	code, out, _ = runCLI(t, append([]string{"verifier", "standing", "--party", crypto.PubkeyToAddress(minerKey.PublicKey).Hex()}, client...)...)
	// Off chain: counted apart, never in the totals rewards are based on.
	if code != 0 || !strings.Contains(out, `"bytes_attested": 0`) || !strings.Contains(out, `"bytes_attested_offchain": 9000`) {
		t.Fatalf("standing: %d %s", code, out)
	}
	code, out, _ = runCLI(t, append([]string{"verifier", "epoch"}, client...)...)
	if code != 0 || !strings.Contains(out, `"bytes": 0`) || !strings.Contains(out, `"offchain_bytes": 9000`) {
		t.Fatalf("epoch: %d %s", code, out)
	}
	k, err := attest.LoadVerifyingKey(keys)
	if err != nil {
		t.Fatal(err)
	}
	sol := filepath.Join(dir, "v.sol")
	if code, _, errs := runCLI(t, append([]string{"verifier", "solidity", "--circuit", hex.EncodeToString(k.CircuitID[:]), "--out", sol}, client...)...); code != 0 {
		t.Fatal(errs)
	}
	var want bytes.Buffer
	k.ExportSolidity(&want)
	if got, _ := os.ReadFile(sol); !bytes.Equal(got, want.Bytes()) {
		t.Fatal("the service's Solidity differs from 'keys solidity'")
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("serve: %v", err)
	}
}

func TestVerifierHelp(t *testing.T) {
	for _, args := range [][]string{
		{"verifier", "--help"}, {"verifier", "serve", "--help"}, {"verifier", "creds", "--help"},
		{"verifier", "submit", "--help"}, {"verifier", "channel", "--help"}, {"verifier", "standing", "--help"},
		{"verifier", "epoch", "--help"}, {"verifier", "solidity", "--help"},
	} {
		if code, _, _ := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
	}
	if code, _, errs := runCLI(t, "verifier", "serve"); code != 2 || !strings.Contains(errs, "--keys") {
		t.Fatalf("serve without keys: %d %s", code, errs)
	}
}
