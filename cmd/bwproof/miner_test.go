package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/node"
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

// waitAddr polls the output (every 10ms, tries times) for the address
// pattern's first group, failing the test with what if it never appears.
func (s *syncBuffer) waitAddr(t *testing.T, pattern string, tries int, what string) string {
	t.Helper()
	re := regexp.MustCompile(pattern)
	for range tries {
		if m := re.FindStringSubmatch(s.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s did not start: %s", what, s.String())
	return ""
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
	addr := sout.waitAddr(t, `listening on (\S+)`, 200, "miner")

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
	code, stdout, stderr = runCLI(t, "client", "fetch", "--miner", addr, id, "--out", out+".2",
		"--state", filepath.Join(dir, "client2"), "--window", "8", "--json")
	var fetched clientFetchJSON
	if err := json.Unmarshal([]byte(stdout), &fetched); code != 0 || err != nil || fetched.Object != id ||
		fetched.Received != uint64(len(data)) || len(fetched.Miners) != 1 || !fetched.Miners[0].Completed || strings.Contains(stderr, "\r") {
		t.Fatalf("client fetch --json: exit %d, %v: %s %q", code, err, stdout, stderr)
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
	var listed []minerExportChannelJSON
	if code, stdout, _ = runCLI(t, "miner", "export", "--ledger", ledger, "--json"); code != 0 || json.Unmarshal([]byte(stdout), &listed) != nil ||
		len(listed) != 2 || listed[0].CumulativeAmountWei == "" {
		t.Fatalf("miner export --json: exit %d: %s", code, stdout)
	}
	var inited clientInitJSON
	if code, stdout, _ = runCLI(t, "client", "init", "--state", filepath.Join(dir, "client"), "--json"); code != 0 ||
		json.Unmarshal([]byte(stdout), &inited) != nil || !strings.HasPrefix(inited.Client, "0x") || inited.ReceiptKeyHash == "" {
		t.Fatalf("client init --json: exit %d: %s", code, stdout)
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
	code, help, _ := runCLI(t, "miner", "serve", "--help")
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

	_, addr := startMinerServe(t, "--max-conns-per-ip", "1", "--max-unpaid", "8M")
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

// TestMinerNodeCLI: `miner serve --rpc` is a miner node. It refuses a
// channel with a short challenge period before any byte (the client reads
// why), serves one that the chain backs, and, left alone, withdraws the
// latest voucher when the client starts a close; `miner status` shows it.
func TestMinerNodeCLI(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := func(p string) string { return filepath.Join(dir, p) }
	c := newCLIChain(t, dir)
	rpc, keyFile, devKey, keys, dep := c.rpc, c.keyFile, c.devKey, c.keys, c.dep
	must := mustCLI(t)
	data := make([]byte, 16<<10)
	rand.Read(data)
	if err := os.WriteFile(path("in.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	store, ledger := path("store"), path("ledger")
	obj, err := parseObjectID(strings.TrimSpace(must("miner", "add", "--store", store, path("in.bin"), "--chunk-size", "1K")))
	if err != nil {
		t.Fatal(err)
	}
	nodeArgs := []string{"--store", store, "--ledger", ledger, "--listen", "127.0.0.1:0", "--key", keyFile[2],
		"--rpc", rpc, "--contract", dep.ChannelManager, "--keys", keys, "--min-challenge-period", "10m",
		"--settle-margin", "5m", "--settle-poll", "50ms", "--max-gas-price", "1000gwei"}
	// A wrong chain id is refused before anything runs.
	if code, _, errs := runCLI(t, append([]string{"miner", "serve", "--chain-id", "5"}, nodeArgs...)...); code != 2 || !strings.Contains(errs, "--chain-id 5") {
		t.Fatalf("wrong chain id: exit %d: %s", code, errs)
	}
	sctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	var sout syncBuffer
	e := &env{Stdout: &sout, Stderr: &sout, Log: slog.New(slog.NewTextHandler(&sout, nil))}
	go func() {
		served <- minerServe(sctx, e, append([]string{"--chain-id", dep.ChainID}, nodeArgs...))
	}()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("miner serve: %v", err)
		}
	}()
	addr := sout.waitAddr(t, `miner node \S+ listening on (\S+)`, 500, "miner node")

	chain, err := contracts.Dial(ctx, rpc, contracts.ChainOptions{PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	m, err := contracts.NewManager(ctx, chain, common.HexToAddress(dep.ChannelManager))
	if err != nil {
		t.Fatal(err)
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	kh, err := rk.Public().Hash()
	if err != nil {
		t.Fatal(err)
	}
	minerAddr := crypto.PubkeyToAddress(devKey[2].PublicKey)
	open := func(period time.Duration) challenge.ChannelInfo {
		id, _, err := m.Open(ctx, devKey[1], contracts.OpenParams{Miner: minerAddr, KeyHash: kh, PricePerByte: big.NewInt(2),
			ChallengePeriod: period, Deposit: big.NewInt(1 << 20)})
		if err != nil {
			t.Fatal(err)
		}
		return challenge.ChannelInfo{ID: id, Client: crypto.PubkeyToAddress(devKey[1].PublicKey), Miner: minerAddr,
			ReceiptKey: rk.Public(), PricePerByte: big.NewInt(2), Domain: m.Domain(), Shape: protocol.ShapeFor(4)}
	}
	fetch := func(info challenge.ChannelInfo) (*challenge.FetchResult, error) {
		rec, err := challenge.OpenPaymentRecord(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		c, err := challenge.NewClient(challenge.ClientOptions{Key: devKey[1], ReceiptKey: rk, Record: rec, Shape: info.Shape,
			Channel: func(context.Context, string) (challenge.ChannelInfo, error) { return info, nil }})
		if err != nil {
			t.Fatal(err)
		}
		return c.Fetch(ctx, obj, []string{addr}, &memWriterAt{})
	}
	res, err := fetch(open(time.Minute))
	if err == nil || challenge.RefusalReason(err) != string(node.ReasonShortPeriod) || res.Received != 0 {
		t.Fatalf("short challenge period: %v (%d bytes)", err, res.Received)
	}
	info := open(time.Hour)
	if res, err := fetch(info); err != nil || res.Received != uint64(len(data)) {
		t.Fatalf("fetch on a good channel: %v", err)
	}
	if _, err := m.StartClose(ctx, devKey[1], info.ID); err != nil {
		t.Fatal(err)
	}
	want := big.NewInt(2 * int64(len(data)))
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		ch, err := m.Channel(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Withdrawn.Cmp(want) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the node did not withdraw: %+v\n%s", ch, sout.String())
		}
	}
	if !strings.Contains(sout.String(), "settlement decision") || !strings.Contains(sout.String(), "unsettled_wei=") {
		t.Fatalf("no decision logged with its numbers:\n%s", sout.String())
	}
	var st struct {
		Proofs      int `json:"proofs"`
		Withdrawals int `json:"withdrawals"`
		Channels    []struct {
			WithdrawnWei *wei   `json:"withdrawn_wei"`
			BytesServed  uint64 `json:"bytes_served"`
			ProvenBytes  uint64 `json:"proven_bytes"`
		} `json:"channels"`
	}
	for deadline := time.Now().Add(10 * time.Second); st.Withdrawals == 0; time.Sleep(20 * time.Millisecond) {
		out := must("miner", "status", "--ledger", ledger, "--rpc", rpc, "--contract", dep.ChannelManager, "--json")
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatalf("status --json: %v\n%s", err, out)
		}
		if time.Now().After(deadline) {
			t.Fatalf("status shows no withdrawal: %s", out)
		}
	}
	if len(st.Channels) != 1 || st.Channels[0].WithdrawnWei.Cmp(want) != 0 || st.Channels[0].BytesServed != uint64(len(data)) ||
		st.Channels[0].ProvenBytes != uint64(len(data)) || st.Proofs != 1 {
		t.Fatalf("status %+v", st)
	}
	text := must("miner", "status", "--ledger", ledger)
	if !strings.Contains(text, "1 proofs made, 1 withdrawals") || !strings.Contains(text, "chain not read") {
		t.Fatalf("status text:\n%s", text)
	}
	t.Logf("miner status:\n%s", text)
}

// memWriterAt is an in-memory io.WriterAt.
type memWriterAt struct{ b []byte }

func (m *memWriterAt) WriteAt(p []byte, off int64) (int, error) {
	if need := int(off) + len(p); need > len(m.b) {
		m.b = append(m.b, make([]byte, need-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

// startMinerServe runs `miner serve` in process on a free port with a
// fresh store and ledger plus args, until the test ends; it returns the
// command's output and the miner's address.
func startMinerServe(t *testing.T, args ...string) (*syncBuffer, string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	sout := new(syncBuffer)
	e := &env{Stdout: sout, Stderr: sout, Log: slog.New(slog.DiscardHandler)}
	go func() {
		served <- minerServe(ctx, e, append([]string{"--store", filepath.Join(dir, "store"), "--ledger", filepath.Join(dir, "ledger"),
			"--listen", "127.0.0.1:0"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("miner serve: %v", err)
		}
	})
	return sout, sout.waitAddr(t, `listening on (\S+)`, 200, "miner")
}
