package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bwproof/bwproof/attest"
)

// fixture is one small key set and one valid attestation, made once per
// test binary for the CLI-surface tests.
var fixture struct {
	once sync.Once
	err  string
	dir  string // key set
	att  string // attestation file
}

func keysAndAttestation(t *testing.T) (keys, att string) {
	t.Helper()
	fixture.once.Do(func() {
		dir, err := os.MkdirTemp("", "bwproof-cli-fixture")
		if err != nil {
			fixture.err = err.Error()
			return
		}
		keys, sess, att := filepath.Join(dir, "k"), filepath.Join(dir, "s.bin"), filepath.Join(dir, "a.bin")
		for _, s := range [][]string{
			{"keys", "setup", "--window", "4", "--out", keys},
			{"attest", "simulate", "--keys", keys, "--bytes", "20000", "--chunk", "4096", "--out", sess},
			{"attest", "prove", "--keys", keys, "--receipts", sess, "--out", att},
		} {
			if code, out, errs := runCLI(t, s...); code != 0 {
				fixture.err = strings.Join(s, " ") + ": " + out + errs
				return
			}
		}
		fixture.dir, fixture.att = keys, att
	})
	if fixture.err != "" {
		t.Fatal(fixture.err)
	}
	return fixture.dir, fixture.att
}

func TestMistypedFlagShort(t *testing.T) {
	for _, args := range [][]string{
		{"keys", "info", "--kyes", "x"},
		{"miner", "serve", "--max-conns", "many"},
		{"--log-levle", "debug", "keys", "info"},
		{"keys", "infoo"},
		{"nope"},
	} {
		code, out, errs := runCLI(t, args...)
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != 2 || len(lines) > 3 || out != "" || !strings.Contains(errs, "--help") {
			t.Errorf("%v: exit %d, %d lines on stderr, stdout %q:\n%s", args, code, len(lines), out, errs)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, errs := runCLI(t, "version")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"go1.", "gnark", "go_ethereum", "nats_go", "nats_server"} {
		if !strings.Contains(out, f) {
			t.Errorf("version lacks %s:\n%s", f, out)
		}
	}
	code, out, errs = runCLI(t, "version", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v versionInfo
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("version --json: %v\n%s", err, out)
	}
	if v.Module == "" || v.GoVersion == "" || v.Deps["gnark"] != "v0.16.3" || v.Deps["go_ethereum"] == "" ||
		v.Deps["nats_go"] == "" || v.Deps["nats_server"] == "" {
		t.Fatalf("version --json: %+v", v)
	}
}

func TestKeysInfoJSON(t *testing.T) {
	keys, _ := keysAndAttestation(t)
	m, err := attest.ReadManifest(keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"keys", "info", "--keys", keys, "--json"},
		{"--json", "keys", "info", "--keys", keys},
		{"version", "--keys", keys, "--json"},
	} {
		code, out, errs := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var got struct {
			CircuitID string `json:"circuit_id"`
			Window    int    `json:"window"`
			Keys      *struct {
				CircuitID string `json:"circuit_id"`
			} `json:"keys"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if got.Keys != nil {
			got.CircuitID = got.Keys.CircuitID
		}
		if got.CircuitID != m.CircuitID {
			t.Fatalf("%v: circuit id %q, want %q", args, got.CircuitID, m.CircuitID)
		}
	}
}

func TestExitCodes(t *testing.T) {
	keys, att := keysAndAttestation(t)
	dir := t.TempDir()
	b, err := os.ReadFile(att)
	if err != nil {
		t.Fatal(err)
	}
	a, err := attest.DecodeAttestation(b)
	if err != nil {
		t.Fatal(err)
	}
	a.Public[2][31] ^= 1 // another key hash: decodes, does not verify
	invalid := filepath.Join(dir, "invalid.bin")
	garbage := filepath.Join(dir, "garbage.bin")
	empty := filepath.Join(dir, "empty.bin")
	for p, data := range map[string][]byte{invalid: a.Encode(), garbage: []byte("not an attestation"), empty: nil} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"attest", "verify", "--keys", keys, att}, 0, ""},
		{[]string{"attest", "verify", "--keys", keys, invalid}, 1, "invalid"},
		{[]string{"attest", "verify", "--keys", keys, garbage}, 3, "unreadable attestation"},
		{[]string{"attest", "verify", "--keys", keys, empty}, 3, "unreadable attestation"},
		{[]string{"attest", "verify", "--keys", keys, filepath.Join(dir, "missing.bin")}, 3, "unreadable attestation"},
		{[]string{"keys", "info", "--keys", filepath.Join(dir, "nokeys")}, 3, "manifest"},
		{[]string{"attest", "verify", "--keys", keys}, 2, "--help"},
		{[]string{"attest", "verify", "--bogus", keys, att}, 2, "--help"},
	} {
		code, _, errs := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, want %d with %q: %s", c.args, code, c.code, c.msg, errs)
		}
	}
}

func TestDumpConfig(t *testing.T) {
	dir := t.TempDir()
	code, dump, errs := runCLI(t, "miner", "dumpconfig", "--listen", "127.0.0.1:9999", "--max-conns", "7", "--unpaid-hold", "90s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`listen = "127.0.0.1:9999"`, "max-conns = 7", `unpaid-hold = "1m30s"`} {
		if !strings.Contains(dump, want) {
			t.Fatalf("dump lacks %s:\n%s", want, dump)
		}
	}
	cfg := filepath.Join(dir, "miner.toml")
	if err := os.WriteFile(cfg, []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	code, again, errs := runCLI(t, "miner", "dumpconfig", "--config", cfg)
	if code != 0 || again != dump {
		t.Fatalf("round trip: exit %d: %s\nfirst:\n%s\nagain:\n%s", code, errs, dump, again)
	}
	// Env beats the file, flags beat env.
	t.Setenv("BWPROOF_MINER_MAX_CONNS", "9")
	if _, out, _ := runCLI(t, "miner", "dumpconfig", "--config", cfg); !strings.Contains(out, "max-conns = 9") {
		t.Fatalf("env over file:\n%s", out)
	}
	if _, out, _ := runCLI(t, "miner", "dumpconfig", "--config", cfg, "--max-conns", "11"); !strings.Contains(out, "max-conns = 11") {
		t.Fatalf("flag over env:\n%s", out)
	}
	// The verifier's serve has the same.
	if code, out, errs := runCLI(t, "verifier", "dumpconfig"); code != 0 || !strings.Contains(out, "workers") {
		t.Fatalf("verifier dumpconfig: exit %d: %s%s", code, out, errs)
	}
	for name, body := range map[string]string{
		"unknown.toml": "listen = \"127.0.0.1:1\"\nlisten-addr = \"x\"\n",
		"table.toml":   "[listen]\nx = 1\n",
		"badval.toml":  "max-window = \"many\"\n",
		"syntax.toml":  "listen = \n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCLI(t, "miner", "dumpconfig", "--config", p)
		if code != 3 {
			t.Errorf("%s: exit %d, want 3: %s", name, code, errs)
		}
		if name == "unknown.toml" && !strings.Contains(errs, `"listen-addr"`) {
			t.Errorf("unknown key not named: %s", errs)
		}
	}
}

func TestGlobalFlagAnyPosition(t *testing.T) {
	keys, _ := keysAndAttestation(t)
	for _, args := range [][]string{
		{"--log-level", "debug", "keys", "info", "--keys", keys},
		{"keys", "--log-level", "debug", "info", "--keys", keys},
		{"keys", "info", "--log-level", "debug", "--keys", keys},
		{"keys", "info", "--keys", keys, "--log-level", "debug"},
	} {
		if code, _, errs := runCLI(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
	}
	if code, out, errs := runCLI(t, "keys", "info", "--keys", keys, "--json"); code != 0 || !json.Valid([]byte(out)) {
		t.Errorf("--json after the command: exit %d: %s%s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "keys", "info", "--keys", keys, "--log-level", "loud"); code != 2 {
		t.Errorf("bad --log-level: exit %d, want 2", code)
	}
	t.Setenv("BWPROOF_KEYS", keys)
	if code, out, errs := runCLI(t, "keys", "info"); code != 0 || !strings.Contains(out, "circuit id") {
		t.Errorf("--keys from env: exit %d: %s%s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "completion", "bash"); code != 0 || !strings.Contains(out, "bwproof") {
		t.Errorf("completion bash: exit %d", code)
	}
}
