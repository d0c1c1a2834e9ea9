package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// TestClientCloseFinalizeCLI: client close prints when the period ends;
// client finalize before then fails with the time left; with --watch it
// waits for the chain's clock and refunds the whole deposit (nothing was
// withdrawn) to the funder, to the wei.
func TestClientCloseFinalizeCLI(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := func(p string) string { return filepath.Join(dir, p) }
	c := newCLIChain(t, dir)
	sim, rpc, keyFile, dep := c.sim, c.rpc, c.keyFile, c.dep
	must := mustCLI(t)
	state := path("client")
	kh := regexp.MustCompile(`receipt key hash (0x[0-9a-f]+)`).FindStringSubmatch(must("client", "init", "--state", state, "--key", keyFile[1]))
	if kh == nil {
		t.Fatal("client init printed no key hash")
	}
	miner, _ := contracts.DevKey(2)
	out := must("channel", "open", "--rpc", rpc, "--contract", dep.ChannelManager, "--key", keyFile[1], "--miner",
		crypto.PubkeyToAddress(miner.PublicKey).Hex(), "--key-hash", kh[1], "--deposit", "123456789", "--challenge-period", "1h")
	id := regexp.MustCompile(`channel (0x[0-9a-f]+)`).FindStringSubmatch(out)[1]
	chainArgs := func(sub string, more ...string) []string {
		return append([]string{"client", sub, "--state", state, "--key", keyFile[1], "--rpc", rpc, "--contract", dep.ChannelManager, "--channel", id}, more...)
	}

	if code, _, errs := runCLI(t, chainArgs("finalize")...); code != 1 || !strings.Contains(errs, "not closing") {
		t.Fatalf("finalize of an open channel: exit %d: %s", code, errs)
	}
	var closed struct {
		ClosesAt time.Time `json:"closes_at"`
	}
	if err := json.Unmarshal([]byte(must(chainArgs("close", "--json")...)), &closed); err != nil || closed.ClosesAt.IsZero() {
		t.Fatalf("close --json: %v %+v", err, closed)
	}
	code, _, errs := runCLI(t, chainArgs("finalize")...)
	if code != 1 || !strings.Contains(errs, "challenge period not over") || !strings.Contains(errs, closed.ClosesAt.Format(time.RFC3339)) {
		t.Fatalf("finalize too early: exit %d: %s", code, errs)
	}

	ck, _ := contracts.DevKey(1)
	funder := crypto.PubkeyToAddress(ck.PublicKey)
	before, err := sim.Balance(ctx, funder)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := runCLI(t, chainArgs("finalize", "--watch", "--poll", "20ms", "--json")...)
		done <- result{code, out, errs}
	}()
	time.Sleep(200 * time.Millisecond) // let it see the period running (it would finalize at once otherwise, as well)
	if err := sim.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(time.Minute):
		t.Fatal("finalize --watch did not return")
	}
	if r.code != 0 {
		t.Fatalf("finalize --watch: exit %d\n%s%s", r.code, r.out, r.err)
	}
	var fin struct {
		TxHash string `json:"tx"`
		Funder string `json:"funder"`
		Refund *wei   `json:"refund_wei"`
	}
	if err := json.Unmarshal([]byte(r.out), &fin); err != nil {
		t.Fatal(err)
	}
	if fin.Refund.Cmp(big.NewInt(123456789)) != 0 || !strings.EqualFold(fin.Funder, funder.Hex()) {
		t.Fatalf("finalize: %+v", fin)
	}
	rcpt, err := sim.Backend().TransactionReceipt(ctx, common.HexToHash(fin.TxHash))
	if err != nil {
		t.Fatal(err)
	}
	after, err := sim.Balance(ctx, funder)
	if err != nil {
		t.Fatal(err)
	}
	got := new(big.Int).Sub(after, before)
	got.Add(got, new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), rcpt.EffectiveGasPrice))
	if got.Cmp(big.NewInt(123456789)) != 0 {
		t.Fatalf("funder's balance moved by %s wei (gas added back), want the deposit", got)
	}
}

// cliChain is a simulated chain served on loopback with dev accounts 0
// (deployer), 1 (client) and 2 (miner) funded and saved as key files, and a
// ChannelManager deployed by the CLI for a window-4 key set.
type cliChain struct {
	sim     *contracts.Simulated
	rpc     string
	keyFile map[int]string
	devKey  map[int]*ecdsa.PrivateKey
	keys    string // the key set directory
	dep     struct {
		ChainID        string `json:"chain_id"`
		ChannelManager string `json:"channel_manager"`
	}
}

func newCLIChain(t *testing.T, dir string) *cliChain {
	t.Helper()
	path := func(p string) string { return filepath.Join(dir, p) }
	c := &cliChain{keyFile: map[int]string{}, devKey: map[int]*ecdsa.PrivateKey{}, keys: path("keys")}
	alloc := types.GenesisAlloc{}
	for i := range 3 {
		k, acct := contracts.DevKey(uint64(i))
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = acct
		c.devKey[i], c.keyFile[i] = k, path(fmt.Sprintf("dev%d.key", i))
		if err := crypto.SaveECDSA(c.keyFile[i], k); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	c.sim, c.rpc, err = contracts.ServeSimulated(context.Background(), "127.0.0.1", 0, contracts.SimulatedOptions{Alloc: alloc, AutoMine: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.sim.Close() })
	must := mustCLI(t)
	must("keys", "setup", "--window", "4", "--out", c.keys)
	must("chain", "deploy", "--rpc", c.rpc, "--key", c.keyFile[0], "--keys", c.keys, "--out", path("dep.json"))
	readJSON(t, path("dep.json"), &c.dep)
	return c
}

// mustCLI runs the CLI in process and fails the test on a non-zero exit.
func mustCLI(t *testing.T) func(args ...string) string {
	return func(args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("bwproof %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
		}
		return out
	}
}

// TestStoredChannelContractMismatch: an off-chain channel kept in the
// state directory for another contract is refused when --contract names a
// different one, instead of silently paying in the stored domain.
func TestStoredChannelContractMismatch(t *testing.T) {
	state := t.TempDir()
	rec, err := challenge.OpenPaymentRecord(filepath.Join(state, "record"))
	if err != nil {
		t.Fatal(err)
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	stored := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	info := challenge.ChannelInfo{ID: protocol.ElementFromUint64(7), ReceiptKey: rk.Public(), PricePerByte: big.NewInt(1),
		Domain: protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: stored}, Shape: protocol.ShapeFor(8)}
	if err := rec.SaveChannel("127.0.0.1:1", info); err != nil {
		t.Fatal(err)
	}
	obj := strings.Repeat("ab", 32)
	fetch := func(more ...string) (int, string) {
		args := append([]string{"client", "fetch", "--state", state, "--miner", "127.0.0.1:1", "--progress=false", "--window", "8",
			"--idle-timeout", "1s", obj, "--out", filepath.Join(state, "out")}, more...)
		code, _, errs := runCLI(t, args...)
		return code, errs
	}
	code, errs := fetch("--contract", "0x00000000000000000000000000000000000000bb")
	if code != 2 || !strings.Contains(errs, "kept for miner 127.0.0.1:1 is on contract "+stored.Hex()) || strings.Count(errs, "\n") > 2 {
		t.Fatalf("mismatching --contract: exit %d: %s", code, errs)
	}
	// The stored contract itself gets past the check (and fails to connect).
	if code, errs := fetch("--contract", stored.Hex()); code == 2 || strings.Contains(errs, "kept for miner") {
		t.Fatalf("matching --contract: exit %d: %s", code, errs)
	}
}
