package node

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// The test binary doubles as the miner node process: with this variable
// set, TestMain runs settlerHelperMain instead of the tests.
const helperEnv = "BWPROOF_NODE_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "settler" {
		os.Exit(settlerHelperMain())
	}
	os.Exit(m.Run())
}

// settlerHelperMain is a miner node's settler against the chain at
// $RPC: it runs until the journal says the channel is done. With
// $KILLPOINT (intent or sent) it prints "AT <point>" when it gets there
// and waits to be killed.
func settlerHelperMain() int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "helper:", err); return 2 }
	ctx := context.Background()
	chain, err := contracts.Dial(ctx, os.Getenv("RPC"), contracts.ChainOptions{PollInterval: 20 * time.Millisecond})
	if err != nil {
		return fail(err)
	}
	defer chain.Close()
	m, err := contracts.NewManager(ctx, chain, common.HexToAddress(os.Getenv("CONTRACT")))
	if err != nil {
		return fail(err)
	}
	keys, err := attest.LoadKeys(os.Getenv("KEYS"))
	if err != nil {
		return fail(err)
	}
	ledger, err := challenge.OpenLedger(os.Getenv("LEDGER"))
	if err != nil {
		return fail(err)
	}
	key, _ := contracts.DevKey(minerIdx)
	stop := func(point string) func(protocol.Element, uint64) {
		if os.Getenv("KILLPOINT") != point {
			return nil
		}
		return func(protocol.Element, uint64) {
			fmt.Printf("AT %s\n", point)
			select {} // until SIGKILL
		}
	}
	s, err := NewSettler(SettlerOptions{Manager: m, Key: key, Ledger: ledger, Keys: keys, StateDir: os.Getenv("STATE"),
		PollInterval: 50 * time.Millisecond, Hooks: &SettlerHooks{AfterIntent: stop("intent"), AfterSend: stop("sent")}})
	if err != nil {
		return fail(err)
	}
	v, ok := new(big.Int).SetString(os.Getenv("CHANNEL"), 0)
	if !ok {
		return fail(fmt.Errorf("CHANNEL %q", os.Getenv("CHANNEL")))
	}
	id, err := protocol.ElementFromBig(v)
	if err != nil {
		return fail(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if err := s.Step(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "helper step:", err)
		}
		if r, ok := s.j.get(id); ok && r.Phase == PhaseDone {
			st := s.Status()
			fmt.Printf("DONE withdrawals=%d proofs=%d\n", st.Withdrawals, st.Proofs)
			return 0
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fail(fmt.Errorf("channel %s not settled in time", id))
}

func TestSettlerSurvivesRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the miner node as separate processes")
	}
	e := newEnv(t, true)
	price := big.NewInt(2)
	deposit := big.NewInt(500_000)
	id := e.open(deposit, price, time.Hour)
	sess := e.session(id, 8192, price)
	latest := &sess.Steps[1]
	e.accept(e.info(id, price), sess.Steps...)
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	run := func(killpoint string) string {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"=settler", "RPC="+e.url, "CONTRACT="+e.m.Address().Hex(),
			"KEYS="+e.s.keysDir, "LEDGER="+e.ledger.Dir(), "STATE="+state, "CHANNEL="+id.String(), "KILLPOINT="+killpoint)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 16)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		want := "DONE"
		if killpoint != "" {
			want = "AT " + killpoint
		}
		timeout := time.After(2 * time.Minute)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					err := cmd.Wait()
					t.Fatalf("helper (%s) exited without %q: %v", killpoint, want, err)
				}
				if !strings.HasPrefix(l, want) {
					continue
				}
				if killpoint != "" {
					// kill -9: no deferred cleanup, no flush, as in a crash.
					if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
						t.Fatal(err)
					}
					go io.Copy(io.Discard, out)
				}
				err := cmd.Wait()
				if killpoint == "" && err != nil {
					t.Fatalf("helper: %v", err)
				}
				return l
			case <-timeout:
				cmd.Process.Kill()
				t.Fatalf("helper (%s): no %q in time", killpoint, want)
			}
		}
	}
	// 1: killed once the close is journaled, before any proof or send.
	run("intent")
	jr, err := ReadJournal(state)
	if err != nil {
		t.Fatal(err)
	}
	if r := jr[id]; r.Phase != PhaseIntent || r.Nonce != latest.Voucher.Nonce || r.ClosesAt.IsZero() {
		t.Fatalf("after the first kill: journal %+v", r)
	}
	if ch := e.channel(id); ch.Nonce != 0 {
		t.Fatalf("settled before the first kill: nonce %d", ch.Nonce)
	}
	// 2: restarted, it proves and withdraws; killed before it journals done.
	run("sent")
	if jr, _ = ReadJournal(state); jr[id].Phase != PhaseSent {
		t.Fatalf("after the second kill: journal %+v", jr[id])
	}
	// 3: restarted again, it finds the withdrawal on chain and sends nothing.
	done := run("")
	if !strings.Contains(done, "withdrawals=0") {
		t.Fatalf("the last run withdrew again: %s", done)
	}
	jr, err = ReadJournal(state)
	if err != nil {
		t.Fatal(err)
	}
	if r := jr[id]; r.Phase != PhaseDone || r.Nonce != latest.Voucher.Nonce {
		t.Fatalf("journal %+v", r)
	}
	ch := e.channel(id)
	if ch.Nonce != latest.Voucher.Nonce || ch.Withdrawn.Cmp(latest.Voucher.CumulativeAmount) != 0 {
		t.Fatalf("on chain: nonce %d withdrawn %s", ch.Nonce, ch.Withdrawn)
	}
	if n := e.withdrawEvents(id, latest.Voucher.Nonce); n != 1 {
		t.Fatalf("%d Withdrawn events for nonce %d, want exactly 1", n, latest.Voucher.Nonce)
	}
}
