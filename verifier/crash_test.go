package verifier

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// A verifier that crashed after the compare-and-set of an acceptance but
// before settling it (history, accounting), and one that crashed after
// flagging a party but before publishing the flag: the restarted service
// finishes both.
func TestReconcileFinishesCrashedWork(t *testing.T) {
	a := realProof(t, 1, 2)
	srv := startServer(t, "", nil)
	url := srv.ClientURL()
	ctx := ctxT(t)
	st, err := openStore(ctx, connect(t, url, nil), storeConfig{Replicas: 1})
	if err != nil {
		t.Fatal(err)
	}
	miner := newKey(t)
	sub, err := NewAttestationSubmission(a, miner)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	rec := &channelRecord{Channel: elementHex(a.ChannelID()), Nonce: a.Nonce(), Bytes: a.CumulativeBytes(),
		Miner: addrOf(miner).Hex(), Epoch: uint64(now.Unix()) / 3600, Circuit: a.CircuitID.String(),
		Hash: hashHex(sub.Attestation), AcceptedAt: now, Submission: sub.Encode()}
	b, _ := json.Marshal(rec)
	if _, err := st.channels.Create(ctx, rec.key(), b); err != nil {
		t.Fatal(err)
	}
	party := addrOf(newKey(t))
	sr := &standingRecord{Party: party.Hex(), Proven: 1, Flagged: true, FlagReason: "proven fault: bad-chunk", FlaggedAt: &now}
	b, _ = json.Marshal(sr)
	if _, err := st.standing.Create(ctx, addrKey(party), b); err != nil {
		t.Fatal(err)
	}

	nc := connect(t, url, nil)
	flags := make(chan *FlagEvent, 2)
	c := NewClient(nc, ClientOptions{})
	if _, err := c.SubscribeFlags(func(ev *FlagEvent) { flags <- ev }); err != nil {
		t.Fatal(err)
	}
	nc.Flush()
	startService(t, connect(t, url, nil), nil)

	select {
	case ev := <-flags:
		if ev.Party != party.Hex() {
			t.Fatalf("flag for %s", ev.Party)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("pending flag not published")
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		eb, err := c.EpochBytes(ctx, &rec.Epoch, addrOf(miner))
		if err != nil {
			t.Fatal(err)
		}
		if len(eb.Miners) == 1 && eb.Miners[0].OffchainBytes == rec.Bytes {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("accepted record not settled: %+v", eb)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if info, err := st.attLog.Info(ctx); err != nil || info.State.Msgs != 1 {
		t.Fatalf("history: %+v %v", info, err)
	}
	// The acknowledged nonce is not accepted again.
	_, err = c.SubmitAttestation(ctx, rerandomize(t, testKeys(t), a), miner)
	mustReason(t, err, ReasonStaleNonce)
	acc, err := c.SubmitAttestation(ctx, a, miner)
	if err != nil || !acc.Duplicate {
		t.Fatalf("resubmission: %+v %v", acc, err)
	}
}

// The helper process: an embedded server and a verifier in one process, as
// `bwproof verifier serve` runs them, to be killed with SIGKILL.
func TestHelperVerifierProcess(t *testing.T) {
	dir := os.Getenv("BWPROOF_VERIFIER_HELPER")
	if dir == "" {
		t.Skip("helper process for TestKillAndRestart")
	}
	keys, err := attest.LoadVerifyingKey(filepath.Join(dir, "keys"))
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	var slogger *slog.Logger
	if os.Getenv("BWPROOF_VERIFIER_HELPER_LOG") != "" {
		slogger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := StartServer(ServerOptions{DataDir: filepath.Join(dir, "data"), Port: -1, Log: slogger})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	nc, err := Connect(ConnectOptions{URL: srv.ClientURL()})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	if _, err := New(context.Background(), Options{Conn: nc, Keys: []*attest.Keys{keys},
		AttestationRate: -1, ReportRate: -1, AllowOffchain: true, Log: slogger}); err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println("URL", srv.ClientURL())
	select {}
}

type helperProc struct {
	cmd *exec.Cmd
	url string
}

func startHelper(t *testing.T, dir string) *helperProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperVerifierProcess$", "-test.v=false")
	cmd.Env = append(os.Environ(), "BWPROOF_VERIFIER_HELPER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "URL ") || strings.HasPrefix(l, "ERR ") {
				lines <- l
				return
			}
		}
		close(lines)
	}()
	select {
	case l, ok := <-lines:
		if !ok || !strings.HasPrefix(l, "URL ") {
			t.Fatalf("helper process: %q", l)
		}
		return &helperProc{cmd: cmd, url: strings.TrimPrefix(l, "URL ")}
	case <-time.After(60 * time.Second):
		t.Fatal("helper process did not start")
	}
	return nil
}

// A verifier killed with SIGKILL while requests are in flight and
// restarted on the same data directory keeps every record it
// acknowledged, and accepts no replay of an acknowledged nonce.
func TestKillAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	k := testKeys(t)
	dir := t.TempDir()
	if err := k.Save(filepath.Join(dir, "keys")); err != nil {
		t.Fatal(err)
	}
	steps := [][]*attest.Attestation{
		{realProof(t, 1, 0), realProof(t, 1, 1), realProof(t, 1, 2)},
		{realProof(t, 2, 0)},
	}
	miner, client := newKey(t), newKey(t)

	p := startHelper(t, dir)
	nc := connect(t, p.url, nil)
	c := NewClient(nc, ClientOptions{Timeout: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// One acknowledged before the kill, for sure.
	if _, err := c.SubmitAttestation(ctx, steps[0][0], miner); err != nil {
		t.Fatal(err)
	}
	// The rest race with the kill.
	var mu sync.Mutex
	ackedNonce := map[protocol.Element]uint64{steps[0][0].ChannelID(): steps[0][0].Nonce()}
	var ackedReports []string
	var wg sync.WaitGroup
	for _, chain := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range chain {
				if _, err := c.SubmitAttestation(ctx, a, miner); err == nil {
					mu.Lock()
					ackedNonce[a.ChannelID()] = max(ackedNonce[a.ChannelID()], a.Nonce())
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := report(t, protocol.ReportTimeout, client, addrOf(miner), fmt.Sprint("timeout ", i))
			if res, err := c.SubmitReport(ctx, r); err == nil {
				mu.Lock()
				ackedReports = append(ackedReports, res.Verdict.Report)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(15 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	wg.Wait()
	nc.Close()
	t.Logf("acknowledged before the kill: %d channels, %d reports", len(ackedNonce), len(ackedReports))

	p2 := startHelper(t, dir)
	ctx = ctxT(t)
	c2 := NewClient(connect(t, p2.url, nil), ClientOptions{Timeout: 10 * time.Second})
	for ch, nonce := range ackedNonce {
		st, err := c2.ChannelState(ctx, ch)
		if err != nil || st.Nonce < nonce {
			t.Fatalf("channel %s: acknowledged nonce %d, after restart %+v %v", elementHex(ch), nonce, st, err)
		}
		// No replay of an acknowledged nonce.
		for _, chain := range steps {
			for _, a := range chain {
				if a.ChannelID() == ch && a.Nonce() <= st.Nonce {
					_, err := c2.SubmitAttestation(ctx, rerandomize(t, k, a), miner)
					mustReason(t, err, ReasonStaleNonce)
				}
			}
		}
	}
	sd, err := c2.Standing(ctx, addrOf(miner))
	if err != nil || sd.Complaints < uint64(len(ackedReports)) {
		t.Fatalf("standing after restart %+v (acknowledged %d reports): %v", sd, len(ackedReports), err)
	}
	// The service works on: everything left is accepted now.
	for _, chain := range steps {
		for _, a := range chain {
			if _, err := c2.SubmitAttestation(ctx, a, miner); err != nil && !errors.Is(err, ErrStaleNonce) {
				t.Fatal(err)
			}
		}
	}
	for _, chain := range steps {
		last := chain[len(chain)-1]
		st, err := c2.ChannelState(ctx, last.ChannelID())
		if err != nil || st.Nonce != last.Nonce() {
			t.Fatalf("final state %+v %v", st, err)
		}
	}
	// Every byte attested is accounted exactly once (the total does not
	// depend on the epoch boundaries).
	var want uint64
	for _, chain := range steps {
		want += chain[len(chain)-1].CumulativeBytes()
	}
	if sd, err := c2.Standing(ctx, addrOf(miner)); err != nil || sd.BytesAttestedOffchain != want {
		t.Fatalf("bytes attested %+v, want %d: %v", sd, want, err)
	}
}
