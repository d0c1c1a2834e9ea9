package contracts

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestDevChainOverRPC: a simulated chain served over loopback HTTP and
// mining on its own is driven through Dial like a real node (the --rpc
// path of the CLI).
func TestDevChainOverRPC(t *testing.T) {
	s := getShared(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	key, acct := DevKey(0)
	client, cacct := DevKey(1)
	port := freePort(t)
	dev, err := NewSimulated(ctx, SimulatedOptions{
		Alloc:    types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): acct, crypto.PubkeyToAddress(client.PublicKey): cacct},
		HTTPPort: port, AutoMine: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()

	chain, err := Dial(ctx, fmt.Sprintf("http://127.0.0.1:%d", port), ChainOptions{PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	if chain.ChainID().Int64() != 1337 {
		t.Fatalf("chain id %v", chain.ChainID())
	}
	v, _, err := DeployVerifier(ctx, chain, key, s.verifier)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := DeployManager(ctx, chain, key, v.Address())
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := m.Open(ctx, client, OpenParams{Miner: crypto.PubkeyToAddress(key.PublicKey), KeyHash: protocolElement(7),
		PricePerByte: gwei, ChallengePeriod: time.Hour, Deposit: gwei})
	if err != nil {
		t.Fatal(err)
	}
	// The in-process view sees what the RPC client did.
	m2, err := NewManager(ctx, dev.Chain, m.Address())
	if err != nil {
		t.Fatal(err)
	}
	ch, err := m2.Channel(ctx, id)
	if err != nil || ch.Deposit.Cmp(gwei) != 0 || ch.Client != crypto.PubkeyToAddress(client.PublicKey) {
		t.Fatalf("channel %+v, %v", ch, err)
	}
	if _, err := NewManager(ctx, chain, crypto.PubkeyToAddress(client.PublicKey)); !isErr(err, ErrNoCode) {
		t.Fatalf("manager at an account: %v", err)
	}
}
