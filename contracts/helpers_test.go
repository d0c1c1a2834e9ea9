package contracts

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

var testShape = protocol.ShapeFor(4)

// shared is what every test in the binary reuses: one Groth16 setup, its
// exported verifier compiled once, and a cache of proofs.
type shared struct {
	keys     *attest.Keys
	compiler *solc.Compiler
	verifier *solc.Artifact

	mu     sync.Mutex
	proofs map[string][]byte
}

var (
	sharedOnce sync.Once
	sharedVal  *shared
	sharedErr  error
)

// testCompiler finds solcjs; without contracts/node_modules the test is
// skipped on a developer machine but fails under CI=true.
func testCompiler(t testing.TB) *solc.Compiler {
	t.Helper()
	c, err := solc.NewCompiler(solc.Options{})
	if errors.Is(err, solc.ErrNoSolc) && os.Getenv("CI") == "" {
		t.Skipf("%v (run `npm ci` in contracts/; CI fails instead of skipping)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func getShared(t testing.TB) *shared {
	t.Helper()
	c := testCompiler(t)
	sharedOnce.Do(func() {
		ctx := context.Background()
		s := &shared{compiler: c, proofs: map[string][]byte{}}
		if s.keys, sharedErr = attest.Setup(ctx, testShape, attest.SetupOptions{}); sharedErr != nil {
			return
		}
		var src bytes.Buffer
		if sharedErr = s.keys.ExportSolidity(&src); sharedErr != nil {
			return
		}
		if s.verifier, sharedErr = solc.CompileVerifier(ctx, c, src.Bytes()); sharedErr != nil {
			return
		}
		sharedVal = s
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedVal
}

// proof returns the Solidity proof of step, proving it once per binary.
// Channel ids are deterministic (same chain, deployer and call order give
// the same ids), so tests on fresh chains share proofs.
func (s *shared) proof(t testing.TB, step *protocol.Step) []byte {
	t.Helper()
	key := fmt.Sprintf("%x/%x/%x", step.Voucher.ChannelID, step.Receipt.Root, step.Voucher.Nonce)
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.proofs[key]; ok {
		return p
	}
	a, err := attest.Prove(context.Background(), s.keys, step)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.SolidityProof()
	if err != nil {
		t.Fatal(err)
	}
	s.proofs[key] = p
	return p
}

// env is a fresh simulated chain with ChannelManager deployed and funded
// parties. Everything is deterministic, including channel ids.
type env struct {
	t    testing.TB
	ctx  context.Context
	s    *shared
	sim  *Simulated
	dep  *Deployment
	m    *Manager
	rkey *protocol.ReceiptKey

	deployer, client, miner, owner, other *ecdsa.PrivateKey
	deployReceipts                        [2]*types.Receipt
}

func newEnv(t testing.TB) *env { t.Helper(); return newEnvConfig(t, nil, nil) }

// newEnvConfig is newEnv with a fork schedule (nil: MainnetRules) and a
// hook on the node's configuration.
func newEnvConfig(t testing.TB, cfg *params.ChainConfig, hook func(*node.Config, *ethconfig.Config)) *env {
	t.Helper()
	s := getShared(t)
	ctx := context.Background()
	e := &env{t: t, ctx: ctx, s: s}
	alloc := types.GenesisAlloc{}
	keys := []**ecdsa.PrivateKey{&e.deployer, &e.client, &e.miner, &e.owner, &e.other}
	for i, k := range keys {
		key, acct := DevKey(uint64(i))
		*k = key
		alloc[crypto.PubkeyToAddress(key.PublicKey)] = acct
	}
	sim, err := NewSimulated(ctx, SimulatedOptions{Alloc: alloc, Config: cfg, hook: hook})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	e.sim = sim
	v, vr, err := DeployVerifier(ctx, sim.Chain, e.deployer, s.verifier)
	if err != nil {
		t.Fatal(err)
	}
	m, mr, err := DeployManager(ctx, sim.Chain, e.deployer, v.Address())
	if err != nil {
		t.Fatal(err)
	}
	e.deployReceipts = [2]*types.Receipt{vr, mr}
	e.dep = &Deployment{Verifier: v, Manager: m}
	e.m = m
	if e.rkey, err = protocol.GenerateReceiptKey(prototest.NewSeeded(7)); err != nil {
		t.Fatal(err)
	}
	return e
}

func addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

func (e *env) keyHash() protocol.Element {
	h, err := e.rkey.Public().Hash()
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

var (
	gwei     = big.NewInt(1_000_000_000)
	testHour = time.Hour
)

// open opens a channel from the client to the miner: price wei per byte.
func (e *env) open(deposit, price *big.Int) protocol.Element {
	e.t.Helper()
	id, _, err := e.m.Open(e.ctx, e.client, OpenParams{Miner: addr(e.miner), KeyHash: e.keyHash(),
		PricePerByte: price, ChallengePeriod: testHour, Deposit: deposit})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// session simulates an honest client receiving n bytes in 1 KiB chunks on
// channel id (4 KiB per window, so one step per 4 KiB).
func (e *env) session(id protocol.Element, n uint64, price *big.Int) *protocol.Session {
	e.t.Helper()
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{
		Shape: testShape, Bytes: n, ChunkSize: 1024, ChannelID: id, Domain: e.m.Domain(),
		PricePerByte: price, Client: e.client, ReceiptKey: e.rkey, Rand: prototest.NewSeeded(99),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return sess
}

func (e *env) proof(step *protocol.Step) []byte { return e.s.proof(e.t, step) }

func (e *env) balance(a common.Address) *big.Int {
	e.t.Helper()
	b, err := e.sim.Balance(e.ctx, a)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// fee is what a receipt's sender paid for gas.
func fee(r *types.Receipt) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
}

// advance moves the chain's clock forward.
func (e *env) advance(d time.Duration) {
	e.t.Helper()
	if err := e.sim.AdjustTime(d); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) channel(id protocol.Element) *Channel {
	e.t.Helper()
	c, err := e.m.Channel(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// wantRevert checks that err is the contract error want.
func wantRevert(t testing.TB, err error, want *RevertError) {
	t.Helper()
	if err == nil {
		t.Fatalf("want revert %s, got success", want.Name)
	}
	if !errors.Is(err, want) {
		t.Fatalf("want revert %s, got %v", want.Name, err)
	}
}

// resign returns a copy of v with the given fields, signed by key.
func resign(t testing.TB, d protocol.ChainDomain, v protocol.Voucher, key *ecdsa.PrivateKey, nonce uint64, amount *big.Int, n uint64) *protocol.Voucher {
	t.Helper()
	v.Nonce, v.CumulativeAmount, v.CumulativeBytes = nonce, amount, n
	if err := v.Sign(d, key); err != nil {
		t.Fatal(err)
	}
	return &v
}

func isErr(err, target error) bool { return err != nil && errors.Is(err, target) }

type typesTx = types.Transaction

func protocolElement(v uint64) protocol.Element { return protocol.ElementFromUint64(v) }
