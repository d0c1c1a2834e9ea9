package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
)

// TestRelayAttestWithdraw carries a relay session on an on-chain channel
// (both sides check it on chain), proves its latest step with attest (a
// small window key set) and withdraws it through the ChannelManager on
// the simulated chain: the same proof, the same contract as the data path.
func TestRelayAttestWithdraw(t *testing.T) {
	comp, err := solc.NewCompiler(solc.Options{})
	if errors.Is(err, solc.ErrNoSolc) && os.Getenv("CI") == "" {
		t.Skipf("%v (run `npm ci` in contracts/; CI fails instead of skipping)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	shape := protocol.ShapeFor(4)
	keys, err := attest.Setup(ctx, shape, attest.SetupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var src bytes.Buffer
	if err := keys.ExportSolidity(&src); err != nil {
		t.Fatal(err)
	}
	art, err := solc.CompileVerifier(ctx, comp, src.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	alloc := types.GenesisAlloc{}
	var deployer, client, miner *ecdsa.PrivateKey
	for i, k := range []**ecdsa.PrivateKey{&deployer, &client, &miner} {
		key, acct := contracts.DevKey(uint64(i))
		*k = key
		alloc[crypto.PubkeyToAddress(key.PublicKey)] = acct
	}
	sim, err := contracts.NewSimulated(ctx, contracts.SimulatedOptions{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	v, _, err := contracts.DeployVerifier(ctx, sim.Chain, deployer, art)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := contracts.DeployManager(ctx, sim.Chain, deployer, v.Address())
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
	minerAddr := crypto.PubkeyToAddress(miner.PublicKey)
	price := big.NewInt(1_000_000_000)
	id, _, err := m.Open(ctx, client, contracts.OpenParams{Miner: minerAddr, KeyHash: kh, PricePerByte: price,
		ChallengePeriod: 24 * time.Hour, Deposit: new(big.Int).Mul(big.NewInt(1e18), big.NewInt(1))})
	if err != nil {
		t.Fatal(err)
	}

	// The exit: the miner's ledger and key, channels checked on chain.
	led, err := challenge.OpenLedger(filepath.Join(t.TempDir(), "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	cc, err := node.NewChainChannels(node.ChainChannelsOptions{Manager: m, Miner: minerAddr, Ledger: led})
	if err != nil {
		t.Fatal(err)
	}
	dom := m.Domain()
	x, err := NewExit(ExitOptions{Ledger: led, Key: miner, Policy: loopbackPolicy(), Domain: &dom,
		CheckChannel: cc.CheckChannel, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); x.Serve(sctx, ln) }()
	defer func() { cancel(); <-done; x.Close() }()

	// The client pays on that channel, checking each voucher on chain.
	rec, err := challenge.OpenPaymentRecord(filepath.Join(t.TempDir(), "record"))
	if err != nil {
		t.Fatal(err)
	}
	exit := ln.Addr().String()
	ch, err := node.NewClientChannels(node.ClientChannelsOptions{Manager: m, Key: client, ReceiptKey: rk.Public(), Record: rec,
		Shape: shape, Given: map[string]protocol.Element{exit: id}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(ClientOptions{Key: client, ReceiptKey: rk, Record: rec, Exits: []string{exit}, Shape: shape,
		Domain: dom, Channel: ch.Channel, ChainState: ch.ChainState, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	srv := startContent(t, 300<<10)
	resp, err := httpVia(c).Get("http://127.0.0.1:" + srv.port + "/file")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(body, srv.blob) {
		t.Fatalf("got %d bytes", len(body))
	}
	if err := c.Flush(10 * time.Second); err != nil {
		t.Fatal(err)
	}

	// attest proves from the ledger as it does for the data path.
	sess, err := led.Session(id)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := sess.Latest()
	if err != nil {
		t.Fatal(err)
	}
	if latest.Receipt.CumulativeBytes < uint64(len(body)) {
		t.Fatalf("latest step covers %d bytes, %d received", latest.Receipt.CumulativeBytes, len(body))
	}
	a, err := attest.Prove(ctx, keys, latest)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Verify(keys.VK); err != nil {
		t.Fatal(err)
	}
	before, err := sim.Balance(ctx, minerAddr)
	if err != nil {
		t.Fatal(err)
	}
	// The deployer pays the gas: the miner's balance grows by the voucher.
	if _, err := m.WithdrawAttestation(ctx, deployer, &latest.Voucher, a); err != nil {
		t.Fatal(err)
	}
	after, err := sim.Balance(ctx, minerAddr)
	if err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(after, before); got.Cmp(latest.Voucher.CumulativeAmount) != 0 {
		t.Fatalf("miner got %s wei, the voucher is for %s", got, latest.Voucher.CumulativeAmount)
	}
	t.Logf("relay session: %d steps, %d bytes (file %d), withdrew %s wei with one proof", len(sess.Steps),
		latest.Receipt.CumulativeBytes, len(body), latest.Voucher.CumulativeAmount)
}
