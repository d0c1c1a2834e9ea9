package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The data path from the command line: add a file, serve it, fetch it,
// export the miner's ledger as a session file.
func TestMinerClientFlow(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.bin"), filepath.Join(dir, "out.bin")
	data := make([]byte, 1<<20+333)
	rand.Read(data)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	store, ledger := filepath.Join(dir, "store"), filepath.Join(dir, "ledger")
	code, stdout, stderr := runCLI(t, "miner", "add", "--store", store, in, "--chunk-size", "16K")
	if code != 0 {
		t.Fatalf("miner add: %d %s", code, stderr)
	}
	id := strings.TrimSpace(stdout)
	if len(id) != 64 {
		t.Fatalf("object id %q", id)
	}

	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	var sout syncBuffer
	e := &env{Stdout: &sout, Stderr: &sout, Log: slog.New(slog.DiscardHandler)}
	go func() {
		served <- minerServe(ctx, e, []string{"--store", store, "--ledger", ledger, "--listen", "127.0.0.1:0", "--credit", "512K"})
	}()
	re := regexp.MustCompile(`listening on (\S+)`)
	var addr string
	for i := 0; i < 200 && addr == ""; i++ {
		if m := re.FindStringSubmatch(sout.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("miner did not start: %s", sout.String())
	}

	code, stdout, stderr = runCLI(t, "client", "fetch", "--miner", addr, id, "--out", out,
		"--state", filepath.Join(dir, "client"), "--window", "8", "--progress=false")
	if code != 0 {
		t.Fatalf("client fetch: %d %s %s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
		t.Fatal("fetched file differs")
	}
	if !strings.Contains(stdout, "fetched "+id) {
		t.Fatalf("fetch output: %s", stdout)
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("miner serve: %v", err)
	}

	code, stdout, _ = runCLI(t, "miner", "export", "--ledger", ledger)
	fields := strings.Fields(stdout)
	if code != 0 || len(fields) < 4 || fields[3] != strconv.Itoa(len(data)) {
		t.Fatalf("miner export list: %d %q", code, stdout)
	}
	sessFile := filepath.Join(dir, "session.bin")
	if code, _, stderr := runCLI(t, "miner", "export", "--ledger", ledger, "--channel", fields[0], "--out", sessFile); code != 0 {
		t.Fatalf("miner export: %s", stderr)
	}
	raw, _ := os.ReadFile(sessFile)
	sess, err := protocol.DecodeSession(raw)
	if err != nil || sess.Check() != nil || sess.Shape.Chunks != 8 {
		t.Fatalf("exported session: %v", err)
	}
}

func TestDataPathHelp(t *testing.T) {
	for _, args := range [][]string{
		{"miner", "--help"}, {"miner", "serve", "--help"}, {"miner", "add", "--help"}, {"miner", "export", "--help"},
		{"client", "--help"}, {"client", "fetch", "--help"},
	} {
		if code, _, _ := runCLI(t, args...); code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
	for _, args := range [][]string{
		{"client", "fetch"},
		{"client", "fetch", "--miner", "127.0.0.1:1", "nothex", "--out", "x"},
		{"client", "fetch", "--miner", "127.0.0.1:1", strings.Repeat("ab", 32)},
		{"miner", "add", "--store", t.TempDir()},
		{"miner", "add", "--store", t.TempDir(), "--chunk-size", "2M", "x"},
		{"miner", "serve", "--credit", "lots"},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
