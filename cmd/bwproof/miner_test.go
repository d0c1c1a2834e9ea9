package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net"
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

// TestMinerServeLimitFlags: the hostile-client limits are documented in
// --help, checked, and applied: with --max-conns-per-ip 1 a second
// connection from the same address is closed at once.
func TestMinerServeLimitFlags(t *testing.T) {
	code, _, help := runCLI(t, "miner", "serve", "--help")
	for _, f := range []string{"-max-unpaid", "-unpaid-hold", "-max-conns", "-max-conns-per-ip", "-progress-timeout"} {
		if code != 0 || !strings.Contains(help, f) {
			t.Errorf("miner serve --help (exit %d) lacks %s", code, f)
		}
	}
	for _, args := range [][]string{
		{"--max-unpaid", "lots"}, {"--max-unpaid", "0"}, {"--max-conns", "0"}, {"--max-conns-per-ip", "-1"},
		{"--progress-timeout", "0s"}, {"--unpaid-hold", "-1m"},
	} {
		if code, _, _ := runCLI(t, append([]string{"miner", "serve"}, args...)...); code != 2 {
			t.Errorf("miner serve %v: exit %d, want 2", args, code)
		}
	}

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	var sout syncBuffer
	e := &env{Stdout: &sout, Stderr: &sout, Log: slog.New(slog.DiscardHandler)}
	go func() {
		served <- minerServe(ctx, e, []string{"--store", filepath.Join(dir, "store"), "--ledger", filepath.Join(dir, "ledger"),
			"--listen", "127.0.0.1:0", "--max-conns-per-ip", "1", "--max-unpaid", "8M"})
	}()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("miner serve: %v", err)
		}
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
	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	// The first connection is held (silent, within the idle timeout) ...
	first.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := first.Read(make([]byte, 1)); !isTimeout(err) {
		t.Fatalf("first connection: %v, want it held open", err)
	}
	// ... a second from the same address is closed without a word.
	second, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	second.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := second.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Fatalf("second connection from one address: %v, want it closed", err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
