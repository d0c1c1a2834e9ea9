//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMultiProcess runs the network of 'bwproof demo' as separate
// processes of the real binary that find each other only through the
// chain's RPC URL and the NATS URL they print, as a user would in four
// terminals: chain dev, verifier serve, two miner serve (one corrupting a
// chunk provably; the other a miner node on chain with --rpc, --keys and
// --nats), then the client as one-shot commands. It checks the demo's
// outcome: the file is byte-identical, the faulty miner is flagged, the
// honest miner's attestation (made by hand) is accepted and its on-chain
// balance grows by exactly the voucher's amount; then the client buys more
// and starts a stale close, which the miner node answers without a manual
// step (its withdrawal of the latest voucher appears on chain), and the
// client's finalize refunds exactly the rest. Every server exits 0 on
// SIGTERM.
func TestMultiProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs seven processes")
	}
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	n := &network{t: t, ctx: ctx, dir: t.TempDir(), bin: buildBinary(t)}
	t.Logf("binary built in %s", time.Since(started).Round(100*time.Millisecond))
	path := func(p ...string) string { return filepath.Join(append([]string{n.dir}, p...)...) }

	// Terminal 1: the chain. The key set is made meanwhile.
	rpc, keys, contract := n.devChain()
	deployer, clientKey := path("dev", "dev0.key"), path("dev", "dev3.key")

	// Terminal 2: the verifier; terminals 3 and 4: the miners, the first
	// corrupting chunk 9 of the object, the second a miner node that
	// settles by itself (it pays its gas: a funded dev key).
	ver := n.serve("verifier", regexp.MustCompile(`serving on (nats://\S+)`),
		"verifier", "serve", "--keys", keys, "--data", path("verifier"), "--listen", "127.0.0.1:0", "--rpc", rpc, "--contract", contract)
	content := make([]byte, 500<<10)
	if _, err := rand.Read(content); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path("object"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	var obj string
	minerRe := regexp.MustCompile(`miner (?:node )?(0x[0-9a-fA-F]{40}) listening on (\S+)`)
	nats := ver.wait()[1]
	var miners [2]*proc
	for i, extra := range [][]string{{"--fault-corrupt-chunk", "9"}, {"--rpc", rpc, "--keys", keys, "--key", path("dev", "dev2.key"),
		"--nats", nats, "--min-challenge-period", challengePeriod, "--settle-margin", "3s", "--settle-poll", "200ms"}} {
		m := fmt.Sprintf("miner%d", i)
		obj = strings.TrimSpace(n.run("miner", "add", "--store", path(m, "store"), "--chunk-size", "16K", path("object")))
		args := append([]string{"miner", "serve", "--store", path(m, "store"), "--ledger", path(m, "ledger"),
			"--listen", "127.0.0.1:0", "--chain-id", "1337", "--contract", contract}, extra...)
		miners[i] = n.serve(m, minerRe, args...)
	}
	faulty, honest := miners[0].wait(), miners[1].wait()
	faultyEth, faultyAddr, honestEth, honestAddr := faulty[1], faulty[2], honest[1], honest[2]

	// The client: keys, a channel per miner on chain, the fetch.
	state := path("client")
	out := n.run("client", "init", "--state", state, "--key", clientKey)
	if !strings.Contains(out, "receipt key hash 0x") {
		t.Fatalf("client init: %s", out)
	}
	channelRe := regexp.MustCompile(`(?m)^channel (0x[0-9a-f]{64})$`)
	var channels [2]string
	for i, eth := range []string{faultyEth, honestEth} {
		out := n.run("channel", "open", "--rpc", rpc, "--contract", contract, "--key", clientKey, "--miner", eth,
			"--receipt-key", filepath.Join(state, "receipt.key"), "--price", "1gwei", "--deposit", "1ether", "--challenge-period", challengePeriod)
		m := channelRe.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("channel open printed no id: %s", out)
		}
		channels[i] = m[1]
	}
	got := path("fetched")
	out = n.run("client", "fetch", "--state", state, "--key", clientKey, "--keys", keys, "--rpc", rpc, "--contract", contract,
		"--nats", nats, "--progress=false", "--miner", faultyAddr+"@"+faultyEth+","+honestAddr,
		"--channel", faultyEth+"="+channels[0]+","+honestAddr+"="+channels[1], obj, "--out", got)
	if b, err := os.ReadFile(got); err != nil || !bytes.Equal(b, content) {
		t.Fatalf("fetched file differs from the object (err %v)\n%s", err, out)
	}
	for _, want := range []string{
		"verdict: bad-chunk report against " + faultyEth + ": proven",
		"1 failovers",
		"channel " + channels[1] + ": received",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("client fetch output lacks %q:\n%s", want, out)
		}
	}
	// Submitting the recorded reports again is harmless: the verifier knows them.
	if out := n.run("client", "report", "--state", state, "--nats", nats); !strings.Contains(out, "proven (already known)") {
		t.Fatalf("client report:\n%s", out)
	}
	var standing struct {
		Flagged      bool   `json:"flagged"`
		ProvenFaults uint64 `json:"proven_faults"`
	}
	n.runJSON(&standing, "verifier", "standing", "--nats", nats, "--party", faultyEth)
	if !standing.Flagged || standing.ProvenFaults != 1 {
		t.Fatalf("faulty miner's standing: %+v", standing)
	}
	n.runJSON(&standing, "verifier", "standing", "--nats", nats, "--party", honestEth)
	if standing.Flagged {
		t.Fatalf("honest miner flagged: %+v", standing)
	}

	// The honest miner settles by hand, one command per step, while it
	// still serves (its node settles open channels only at a threshold,
	// and it has none).
	ledger := path("miner1", "ledger")
	out = n.run("miner", "export", "--ledger", ledger)
	m := regexp.MustCompile(strings.TrimPrefix(channels[1], "0x") + `  nonce (\d+)  (\d+) bytes  (\d+) wei`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("miner export lists no steps on channel %s:\n%s", channels[1], out)
	}
	nonce, cumBytes := m[1], m[2]
	amount, _ := new(big.Int).SetString(m[3], 10)
	if want := new(big.Int).Mul(mustBig(t, cumBytes), big.NewInt(1e9)); amount.Cmp(want) != 0 {
		t.Fatalf("voucher amount %s for %s bytes at 1 gwei", amount, cumBytes)
	}
	n.run("miner", "export", "--ledger", ledger, "--channel", channels[1], "--out", path("session"))
	n.run("attest", "prove", "--keys", keys, "--receipts", path("session"), "--out", path("attestation"))
	n.run("verifier", "submit", "--nats", nats, "--attestation", path("attestation"), "--key", path("dev", "dev2.key"))
	var accepted struct {
		Nonce uint64 `json:"nonce"`
		Bytes uint64 `json:"bytes"`
		Miner string `json:"miner"`
	}
	n.runJSON(&accepted, "verifier", "channel", "--nats", nats, "--channel", channels[1])
	if fmt.Sprint(accepted.Nonce) != nonce || fmt.Sprint(accepted.Bytes) != cumBytes || !strings.EqualFold(accepted.Miner, honestEth) {
		t.Fatalf("verifier holds %+v, want nonce %s, %s bytes by %s", accepted, nonce, cumBytes, honestEth)
	}
	before := n.balance(rpc, honestEth)
	// The deployer pays the gas, so the miner's balance moves by the payout only.
	n.run("channel", "withdraw", "--rpc", rpc, "--contract", contract, "--key", deployer,
		"--attestation", path("attestation"), "--session", path("session"))
	after := n.balance(rpc, honestEth)
	if paid := new(big.Int).Sub(after, before); paid.Cmp(amount) != 0 {
		t.Fatalf("honest miner's balance grew by %s wei, the voucher says %s", paid, amount)
	}
	var shown channelJSON
	n.runJSON(&shown, "channel", "show", "--rpc", rpc, "--contract", contract, "--channel", channels[1], "--json")
	if shown.WithdrawnWei != amount.String() || fmt.Sprint(shown.SettledNonce) != nonce {
		t.Fatalf("channel show: withdrawn %s nonce %d, want %s and %s", shown.WithdrawnWei, shown.SettledNonce, amount, nonce)
	}

	// The client fetches again on the channel it recorded (the miner
	// continues it from the nonce it settled), and a second client opens
	// its channel itself with --deposit.
	fetchAgain := func(state, key string, extra ...string) string {
		os.Remove(got)
		args := append([]string{"client", "fetch", "--state", state, "--key", key, "--keys", keys, "--rpc", rpc,
			"--contract", contract, "--progress=false", obj, "--out", got}, extra...)
		out := n.run(args...)
		if b, err := os.ReadFile(got); err != nil || !bytes.Equal(b, content) {
			t.Fatalf("fetched file differs from the object (err %v)\n%s", err, out)
		}
		return out
	}
	if out := fetchAgain(state, clientKey, "--miner", honestAddr); !strings.Contains(out, "channel "+channels[1]+" with miner "+honestEth+" at "+honestAddr+" (used before)") {
		t.Fatalf("second fetch did not continue channel %s:\n%s", channels[1], out)
	}
	staleClose(t, n, staleCloseArgs{rpc: rpc, contract: contract, nats: nats, state: state, clientKey: clientKey, ledger: ledger,
		channel: channels[1], miner: honestEth, settledNonce: nonce, settled: amount, deposit: big.NewInt(1e18)})
	// A channel whose key hash is not the client's receipt key's is refused
	// before any voucher is signed.
	client2 := path("dev", "dev4.key")
	m = channelRe.FindStringSubmatch(n.run("channel", "open", "--rpc", rpc, "--contract", contract, "--key", client2,
		"--miner", honestEth, "--key-hash", "0x01", "--deposit", "0.01ether"))
	if m == nil {
		t.Fatal("channel open printed no id")
	}
	code, stderr := n.runFail("client", "fetch", "--state", path("client2"), "--key", client2, "--keys", keys, "--rpc", rpc,
		"--contract", contract, "--progress=false", "--miner", honestAddr, "--channel", honestAddr+"="+m[1], obj, "--out", got)
	if code != 1 || !strings.Contains(stderr, "expects receipt key hash 0x0000000000000000000000000000000000000000000000000000000000000001") {
		t.Fatalf("fetch on a channel of another receipt key: exit %d\n%s", code, stderr)
	}
	out = fetchAgain(path("client2"), client2, "--miner", honestAddr+"@"+honestEth, "--deposit", "0.01ether", "--price", "2gwei")
	if !regexp.MustCompile(`channel 0x[0-9a-f]{64} with miner ` + honestEth + ` at \S+ \(opened now, tx 0x[0-9a-f]{64}\): 2000000000 wei/byte, deposit 0\.01 ETH \(10000000 gwei\)`).MatchString(out) {
		t.Fatalf("second client opened no channel:\n%s", out)
	}
	t.Logf("network of %d processes checked in %s", 4, time.Since(started).Round(100*time.Millisecond))
	// t.Cleanup stops the servers with SIGTERM and checks they exit 0.
}

// challengePeriod is the channels' challenge period in TestMultiProcess:
// long enough for the miner node to prove and withdraw under load, short
// enough for the client's finalize to wait it out.
const challengePeriod = "20s"

type staleCloseArgs struct {
	rpc, contract, state, clientKey, ledger, nats string
	channel, miner, settledNonce                  string
	settled, deposit                              *big.Int
}

// staleClose: the miner node holds a newer voucher than the one settled
// on chain; the client starts a close and nobody touches the miner. Its
// settler proves the latest voucher, submits it and withdraws it before
// the period ends; the client's finalize then refunds exactly the rest.
func staleClose(t *testing.T, n *network, a staleCloseArgs) {
	t.Helper()
	m := regexp.MustCompile(strings.TrimPrefix(a.channel, "0x") + `  nonce (\d+)  (\d+) bytes  (\d+) wei`).FindStringSubmatch(n.run("miner", "export", "--ledger", a.ledger))
	if m == nil || m[1] == a.settledNonce {
		t.Fatalf("the miner holds no voucher newer than nonce %s on %s: %v", a.settledNonce, a.channel, m)
	}
	latestNonce, latest := m[1], mustBig(t, m[3])
	before := n.balance(a.rpc, a.miner)
	started := time.Now()
	var closed struct {
		ClosesAt  time.Time `json:"closes_at"`
		Withdrawn *wei      `json:"withdrawn_wei"`
	}
	n.runJSON(&closed, "client", "close", "--state", a.state, "--key", a.clientKey, "--rpc", a.rpc, "--contract", a.contract,
		"--channel", a.channel, "--json")
	if closed.Withdrawn.Cmp(a.settled) != 0 {
		t.Fatalf("close started with %s wei withdrawn, want the stale %s", closed.Withdrawn, a.settled)
	}
	// Left alone, the miner node withdraws the latest voucher: the chain
	// shows it settled, the node's journal shows it done (with its gas).
	var st struct {
		Proofs      int  `json:"proofs"`
		Withdrawals int  `json:"withdrawals"`
		GasWei      *wei `json:"gas_wei"`
		Channels    []struct {
			Channel      string `json:"channel"`
			SettledNonce uint64 `json:"settled_nonce"`
			WithdrawnWei *wei   `json:"withdrawn_wei"`
			Journal      string `json:"journal"`
		} `json:"channels"`
	}
	for done := false; !done; {
		n.runJSON(&st, "miner", "status", "--ledger", a.ledger, "--rpc", a.rpc, "--contract", a.contract, "--json")
		for _, c := range st.Channels {
			done = done || (c.Channel == a.channel && fmt.Sprint(c.SettledNonce) == latestNonce && c.Journal == "done")
		}
		if !done && time.Now().After(closed.ClosesAt) {
			t.Fatalf("the challenge period ended and the miner node did not withdraw nonce %s: %+v", latestNonce, st)
		}
		if !done {
			time.Sleep(200 * time.Millisecond)
		}
	}
	t.Logf("stale close answered by the miner node in %s", time.Since(started).Round(10*time.Millisecond))
	var shown channelJSON
	n.runJSON(&shown, "channel", "show", "--rpc", a.rpc, "--contract", a.contract, "--channel", a.channel, "--json")
	if shown.WithdrawnWei != latest.String() || fmt.Sprint(shown.SettledNonce) != latestNonce {
		t.Fatalf("channel show: withdrawn %s nonce %d, want %s and %s", shown.WithdrawnWei, shown.SettledNonce, latest, latestNonce)
	}
	// Its balance grew by the rest of the latest voucher, less the gas
	// its settler paid (from its journal): exactly once.
	if st.Withdrawals != 1 || st.Proofs != 1 {
		t.Fatalf("miner status: %+v", st)
	}
	paid := new(big.Int).Sub(n.balance(a.rpc, a.miner), before)
	paid.Add(paid, &st.GasWei.Int)
	if want := new(big.Int).Sub(latest, a.settled); paid.Cmp(want) != 0 {
		t.Fatalf("miner received %s wei net of gas, want %s (latest %s − settled %s)", paid, want, latest, a.settled)
	}
	// The settler gave the verifier the proof before it withdrew.
	var rec struct {
		Nonce   uint64 `json:"nonce"`
		OnChain bool   `json:"onchain"`
	}
	n.runJSON(&rec, "verifier", "channel", "--nats", a.nats, "--channel", a.channel)
	if fmt.Sprint(rec.Nonce) != latestNonce || !rec.OnChain {
		t.Fatalf("verifier holds %+v, want nonce %s on chain", rec, latestNonce)
	}
	// After the period, the client's refund is the rest, to the wei.
	var fin struct {
		Refund    *wei `json:"refund_wei"`
		MinerPaid *wei `json:"miner_paid_wei"`
	}
	n.runJSON(&fin, "client", "finalize", "--state", a.state, "--key", a.clientKey, "--rpc", a.rpc, "--contract", a.contract,
		"--channel", a.channel, "--watch", "--poll", "250ms", "--json")
	if want := new(big.Int).Sub(a.deposit, latest); fin.Refund.Cmp(want) != 0 || fin.MinerPaid.Cmp(latest) != 0 {
		t.Fatalf("finalize: refund %s, miner paid %s; want %s and %s", fin.Refund, fin.MinerPaid, want, latest)
	}
}

// network runs the binary for one test.
type network struct {
	t   *testing.T
	ctx context.Context
	dir string
	bin string
}

// devChain starts `chain dev` (its funded keys in dir/dev, dev0 the
// deployer), makes a key set in dir/keys meanwhile and deploys the
// ChannelManager: how every multi-process network starts.
func (n *network) devChain() (rpc, keys, contract string) {
	chain := n.serve("chain", regexp.MustCompile(`dev chain \d+ on (http://\S+)`),
		"chain", "dev", "--listen", "127.0.0.1:0", "--key-dir", filepath.Join(n.dir, "dev"), "--block-time", "500ms")
	keys = filepath.Join(n.dir, "keys")
	n.run("keys", "setup", "--window", "4", "--out", keys)
	rpc = chain.wait()[1]
	var dep struct {
		ChannelManager string `json:"channel_manager"`
	}
	out := filepath.Join(n.dir, "deployment.json")
	n.run("chain", "deploy", "--rpc", rpc, "--key", filepath.Join(n.dir, "dev", "dev0.key"), "--keys", keys, "--out", out)
	readJSON(n.t, out, &dep)
	return rpc, keys, dep.ChannelManager
}

func (n *network) command(args ...string) *exec.Cmd {
	cmd := exec.Command(n.bin, args...)
	cmd.Dir = n.dir
	// Only the flags configure the processes, not the developer's BWPROOF_* settings.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BWPROOF_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// The servers die with the test binary, even if it is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

// run runs a one-shot command and returns its stdout; it must exit 0.
func (n *network) run(args ...string) string {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(n.ctx, 2*time.Minute)
	defer cancel()
	cmd := n.command(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	stop := context.AfterFunc(ctx, func() { cmd.Process.Kill() })
	err := cmd.Wait()
	stop()
	if err != nil {
		n.t.Fatalf("bwproof %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out.String(), tail(errb.String(), 40))
	}
	n.t.Logf("bwproof %s %s: %s", args[0], args[1], time.Since(start).Round(10*time.Millisecond))
	return out.String()
}

// runFail runs a command that must fail and returns its exit code and stderr.
func (n *network) runFail(args ...string) (int, string) {
	n.t.Helper()
	cmd := n.command(args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		n.t.Fatalf("bwproof %s: want a failure, got %v", strings.Join(args, " "), err)
	}
	return ee.ExitCode(), errb.String()
}

func (n *network) runJSON(v any, args ...string) {
	n.t.Helper()
	out := n.run(args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		n.t.Fatalf("bwproof %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// The on-chain flags of client fetch, refused before anything runs.
func TestClientChainFlags(t *testing.T) {
	obj := strings.Repeat("ab", 32)
	state := t.TempDir()
	for _, args := range [][]string{
		{"--miner", "127.0.0.1:1", "--channel", "127.0.0.1:1=0x01"},                                                 // --channel needs --rpc
		{"--miner", "127.0.0.1:1", "--deposit", "1ether"},                                                           // so does --deposit
		{"--miner", "127.0.0.1:1", "--rpc", "http://127.0.0.1:1"},                                                   // --rpc needs --keys
		{"--miner", "127.0.0.1:1@0xnot", "--rpc", "http://127.0.0.1:1"},                                             // bad miner address
		{"--miner", "127.0.0.1:1,127.0.0.1:1"},                                                                      // twice
		{"--miner", "nohostport"},                                                                                   // not host:port
		{"--miner", "127.0.0.1:1", "--keys", state, "--rpc", "http://127.0.0.1:1", "--channel", "127.0.0.1:2=0x01"}, // unknown miner
		{"--miner", "127.0.0.1:1", "--keys", state, "--rpc", "http://127.0.0.1:1", "--channel", "127.0.0.1:1"},      // not MINER=ID
	} {
		args = append([]string{"client", "fetch", "--state", state, obj, "--out", filepath.Join(state, "out")}, args...)
		if code, out, errs := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s%s", args, code, out, errs)
		}
	}
}

func (n *network) balance(rpc, addr string) *big.Int {
	n.t.Helper()
	var bs []struct {
		Address    string `json:"address"`
		BalanceWei string `json:"balance_wei"`
	}
	n.runJSON(&bs, "chain", "balance", "--rpc", rpc, addr, "--json")
	if len(bs) != 1 || !strings.EqualFold(bs[0].Address, addr) {
		n.t.Fatalf("chain balance: %+v", bs)
	}
	return mustBig(n.t, bs[0].BalanceWei)
}

// proc is a long-running command.
type proc struct {
	n     *network
	name  string
	ready *regexp.Regexp
	match chan []string
	out   syncBuffer // stdout
	errb  syncBuffer // stderr
	exit  chan error
	cmd   *exec.Cmd
}

// serve starts a long-running command; wait returns the submatches of the
// first stdout line matching ready. t.Cleanup stops it with SIGTERM and
// checks that it exits 0.
func (n *network) serve(name string, ready *regexp.Regexp, args ...string) *proc {
	n.t.Helper()
	p := &proc{n: n, name: name, ready: ready, match: make(chan []string, 1), exit: make(chan error, 1), cmd: n.command(args...)}
	p.cmd.Stderr = &p.errb
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		n.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stdout)
		found := false
		for sc.Scan() {
			line := sc.Text()
			p.out.Write([]byte(line + "\n"))
			if m := ready.FindStringSubmatch(line); m != nil && !found {
				found = true
				p.match <- m
			}
		}
	}()
	go func() {
		<-copied // Wait closes the pipe: read it all first
		p.exit <- p.cmd.Wait()
	}()
	n.t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-p.exit:
			if err != nil {
				n.t.Errorf("%s did not exit cleanly on SIGTERM: %v\nstderr:\n%s", name, err, tail(p.errb.String(), 30))
			}
		case <-time.After(30 * time.Second):
			p.cmd.Process.Kill()
			<-p.exit
			n.t.Errorf("%s did not stop within 30s of SIGTERM\nstderr:\n%s", name, tail(p.errb.String(), 30))
		}
	})
	return p
}

// wait returns the ready line's submatches; the process must print it
// within a minute and not exit before.
func (p *proc) wait() []string {
	p.n.t.Helper()
	select {
	case m := <-p.match:
		p.match <- m // later waits get it too
		return m
	case err := <-p.exit:
		p.exit <- err
		p.n.t.Fatalf("%s exited before it was ready: %v\nstdout:\n%s\nstderr:\n%s", p.name, err, p.out.String(), tail(p.errb.String(), 40))
	case <-time.After(time.Minute):
		p.n.t.Fatalf("%s printed no line matching %q within a minute\nstdout:\n%s\nstderr:\n%s", p.name, p.ready, p.out.String(), tail(p.errb.String(), 40))
	case <-p.n.ctx.Done():
		p.n.t.Fatalf("%s: %v", p.name, p.n.ctx.Err())
	}
	return nil
}

// buildBinary builds bwproof from this package, the binary a user runs.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bwproof")
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// wei is an amount in --json output: wei as a decimal string.
type wei struct{ big.Int }

func (w *wei) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("amount %s: want wei as a decimal string: %w", b, err)
	}
	if _, ok := w.SetString(s, 10); !ok {
		return fmt.Errorf("amount %q is not a decimal number", s)
	}
	return nil
}

func mustBig(t testing.TB, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	return v
}

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
