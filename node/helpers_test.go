package node

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

var testShape = protocol.ShapeFor(4)

// shared is one Groth16 setup per test binary, saved to disk (for the
// subprocess) and its verifier compiled once.
type shared struct {
	keys     *attest.Keys
	keysDir  string
	verifier *solc.Artifact
}

var (
	sharedOnce sync.Once
	sharedVal  *shared
	sharedErr  error
)

func getShared(t testing.TB) *shared {
	t.Helper()
	c, err := solc.NewCompiler(solc.Options{})
	if errors.Is(err, solc.ErrNoSolc) && os.Getenv("CI") == "" {
		t.Skipf("%v (run `npm ci` in contracts/; CI fails instead of skipping)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	sharedOnce.Do(func() {
		ctx := context.Background()
		s := &shared{}
		if s.keys, sharedErr = attest.Setup(ctx, testShape, attest.SetupOptions{}); sharedErr != nil {
			return
		}
		if s.keysDir, sharedErr = os.MkdirTemp("", "bwproof-node-keys-"); sharedErr != nil {
			return
		}
		if sharedErr = s.keys.Save(s.keysDir); sharedErr != nil {
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

// Dev key indices of the parties.
const (
	deployerIdx = 0
	clientIdx   = 1
	minerIdx    = 2
	otherIdx    = 3
)

// env is a simulated chain with the contracts deployed, a miner's ledger
// and a client with a channel to it.
type env struct {
	t   testing.TB
	ctx context.Context
	s   *shared
	sim *contracts.Simulated
	url string // JSON-RPC URL when served over HTTP
	m   *contracts.Manager

	deployer, client, miner, other *ecdsa.PrivateKey
	rkey                           *protocol.ReceiptKey
	ledger                         *challenge.Ledger
	dir                            string
}

func newEnv(t testing.TB, serve bool) *env {
	t.Helper()
	s := getShared(t)
	e := &env{t: t, ctx: context.Background(), s: s, dir: t.TempDir()}
	alloc := types.GenesisAlloc{}
	for i, k := range []**ecdsa.PrivateKey{&e.deployer, &e.client, &e.miner, &e.other} {
		key, acct := contracts.DevKey(uint64(i))
		*k = key
		alloc[crypto.PubkeyToAddress(key.PublicKey)] = acct
	}
	var err error
	if serve {
		// Another process sends transactions: seal them as they come.
		e.sim, e.url, err = contracts.ServeSimulated(e.ctx, "127.0.0.1", 0, contracts.SimulatedOptions{Alloc: alloc, AutoMine: 20 * time.Millisecond})
	} else {
		e.sim, err = contracts.NewSimulated(e.ctx, contracts.SimulatedOptions{Alloc: alloc})
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.sim.Close() })
	v, _, err := contracts.DeployVerifier(e.ctx, e.sim.Chain, e.deployer, s.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if e.m, _, err = contracts.DeployManager(e.ctx, e.sim.Chain, e.deployer, v.Address()); err != nil {
		t.Fatal(err)
	}
	if e.rkey, err = protocol.GenerateReceiptKey(prototest.NewSeeded(11)); err != nil {
		t.Fatal(err)
	}
	if e.ledger, err = challenge.OpenLedger(filepath.Join(e.dir, "ledger")); err != nil {
		t.Fatal(err)
	}
	return e
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

func (e *env) keyHash() protocol.Element {
	h, err := e.rkey.Public().Hash()
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

// open opens a channel from the client to the miner at price wei/byte.
func (e *env) open(deposit, price *big.Int, period time.Duration) protocol.Element {
	e.t.Helper()
	id, _, err := e.m.Open(e.ctx, e.client, contracts.OpenParams{Miner: addrOf(e.miner), KeyHash: e.keyHash(),
		PricePerByte: price, ChallengePeriod: period, Deposit: deposit})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) info(id protocol.Element, price *big.Int) challenge.ChannelInfo {
	return challenge.ChannelInfo{ID: id, Client: addrOf(e.client), Miner: addrOf(e.miner), ReceiptKey: e.rkey.Public(),
		PricePerByte: price, Domain: e.m.Domain(), Shape: testShape}
}

// session is what an honest client signs for n bytes in 1 KiB chunks: one
// step per 4 KiB window.
func (e *env) session(id protocol.Element, n uint64, price *big.Int) *protocol.Session {
	e.t.Helper()
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: testShape, Bytes: n, ChunkSize: 1024, ChannelID: id,
		Domain: e.m.Domain(), PricePerByte: price, Client: e.client, ReceiptKey: e.rkey, Rand: prototest.NewSeeded(5)})
	if err != nil {
		e.t.Fatal(err)
	}
	return sess
}

// accept stores steps in the miner's ledger, as the miner does when the
// client pays: each checked by the one voucher check first.
func (e *env) accept(info challenge.ChannelInfo, steps ...protocol.Step) {
	e.t.Helper()
	if _, ok, err := e.ledger.Channel(info.ID); err != nil {
		e.t.Fatal(err)
	} else if !ok {
		if err := e.ledger.SaveChannel(info); err != nil {
			e.t.Fatal(err)
		}
	}
	for i := range steps {
		prev := protocol.VoucherState{}
		if l, err := e.ledger.Latest(info.ID); err != nil {
			e.t.Fatal(err)
		} else if l != nil {
			prev = protocol.StateOf(l)
		}
		c := protocol.VoucherContext{Prev: prev, Terms: protocol.ChannelTerms{ID: info.ID, Client: info.Client, Miner: info.Miner,
			PricePerByte: info.PricePerByte, Domain: info.Domain, ReceiptKey: info.ReceiptKey}, Accept: ptr(e.m.Domain())}
		if err := protocol.CheckStep(&steps[i], info.Shape, c); err != nil {
			e.t.Fatal(err)
		}
		if err := e.ledger.Append(&steps[i]); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *env) channel(id protocol.Element) *contracts.Channel {
	e.t.Helper()
	ch, err := e.m.Channel(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return ch
}

func (e *env) balance(a common.Address) *big.Int {
	e.t.Helper()
	b, err := e.sim.Balance(e.ctx, a)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func fee(r *types.Receipt) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
}

// withdrawEvents counts the Withdrawn events of channel id at nonce.
func (e *env) withdrawEvents(id protocol.Element, nonce uint64) int {
	e.t.Helper()
	evs, err := e.m.Watch(contracts.WatchOptions{}).Poll(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Kind == contracts.EventWithdrawn && ev.Channel == id && ev.Nonce == nonce {
			n++
		}
	}
	return n
}

func (e *env) settler(opts SettlerOptions) *Settler {
	e.t.Helper()
	opts.Manager, opts.Key, opts.Ledger, opts.Keys = e.m, e.miner, e.ledger, e.s.keys
	if opts.StateDir == "" {
		opts.StateDir = filepath.Join(e.dir, "settler")
	}
	s, err := NewSettler(opts)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { s.Close() })
	return s
}

// fixedGas is a gas price source a test sets.
type fixedGas struct {
	mu    sync.Mutex
	price *big.Int
}

func (g *fixedGas) set(p *big.Int) { g.mu.Lock(); g.price = p; g.mu.Unlock() }

func (g *fixedGas) SuggestGasPrice(context.Context) (*big.Int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return new(big.Int).Set(g.price), nil
}
