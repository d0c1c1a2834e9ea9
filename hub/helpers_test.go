package hub

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/internal/testnats"
	"github.com/bwproof/bwproof/protocol"
)

// Dev key indices of the parties.
const (
	deployerIdx = iota
	clientIdx
	hubXIdx
	hubYIdx
	minerIdx
	otherIdx
	nParties
)

// env is a simulated chain with the ChannelManager deployed and an
// embedded NATS server.
type env struct {
	t      testing.TB
	ctx    context.Context
	sim    *contracts.Simulated
	m      *contracts.Manager
	chain  Chain
	domain protocol.ChainDomain
	keys   [nParties]*ecdsa.PrivateKey
	url    string
	clock  *clock
}

// clock is a settable clock (the hubs' and the router's Now).
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.off += d; c.mu.Unlock() }

// stubVerifierCode is creation code of a contract whose runtime code is a
// single STOP: the ChannelManager only requires code at the verifier
// address when it is deployed, and nothing in this package withdraws (the
// proof-locked withdrawals are the contracts' and node's tests).
var stubVerifierCode = common.FromHex("600060005360016000f3")

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), clock: &clock{}}
	alloc := types.GenesisAlloc{}
	for i := range e.keys {
		k, acct := contracts.DevKey(uint64(i))
		e.keys[i] = k
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = acct
	}
	var err error
	if e.sim, err = contracts.NewSimulated(e.ctx, contracts.SimulatedOptions{Alloc: alloc}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.sim.Close() })
	v, _, err := e.sim.Chain.Deploy(e.ctx, e.keys[deployerIdx], "stub verifier", stubVerifierCode, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.m, _, err = contracts.DeployManager(e.ctx, e.sim.Chain, e.keys[deployerIdx], v); err != nil {
		t.Fatal(err)
	}
	e.chain = ManagerChain{M: e.m}
	e.domain = e.m.Domain()
	e.url = testnats.Start(t)
	return e
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

func (e *env) addr(i int) common.Address { return addrOf(e.keys[i]) }

// open opens a channel from party from to address to.
func (e *env) open(from int, to common.Address, deposit, price *big.Int, period time.Duration) protocol.Element {
	e.t.Helper()
	id, _, err := e.m.Open(e.ctx, e.keys[from], contracts.OpenParams{Miner: to, KeyHash: protocol.ElementFromUint64(7),
		PricePerByte: price, ChallengePeriod: period, Deposit: deposit})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) connect() *nats.Conn {
	e.t.Helper()
	nc, err := nats.Connect(e.url, nats.Name(e.t.Name()))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(nc.Close)
	return nc
}

// hub opens a hub for party i with a fresh journal (or dir's).
func (e *env) hub(i int, fee Fee, out []protocol.Element, nc *nats.Conn, dir string) *Hub {
	e.t.Helper()
	if dir == "" {
		dir = e.t.TempDir()
	}
	h, err := Open(Options{Key: e.keys[i], Domain: e.domain, Chain: e.chain, JournalPath: filepath.Join(dir, "journal"),
		Fee: fee, ExpiryDelta: time.Minute, MinOutRemaining: 30 * time.Second, OutChannels: out, NC: nc,
		RequestTimeout: 2 * time.Second, Now: e.clock.Now})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { h.Close() })
	return h
}

// serve serves h on NATS without periodic announcements (tests announce
// explicitly, so what the directory holds is deterministic).
func (e *env) serve(h *Hub, nc *nats.Conn) *Service {
	e.t.Helper()
	s, err := NewService(ServiceOptions{NC: nc, Hub: h, Workers: 4, AnnounceInterval: -1})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { s.Stop() })
	return s
}

func (e *env) directory() *Directory {
	e.t.Helper()
	d, err := NewDirectory(DirectoryOptions{Chain: e.chain, Domain: e.domain, Now: e.clock.Now})
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// announce makes d accept h's current announcement.
func (e *env) announce(d *Directory, h *Hub) {
	e.t.Helper()
	a, err := h.Announcement(e.ctx, uint64(time.Now().UnixNano()))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := d.Accept(e.ctx, a.Encode()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) router(i int, nc *nats.Conn, d *Directory, channels ...protocol.Element) *Router {
	e.t.Helper()
	r, err := NewRouter(RouterOptions{NC: nc, Key: e.keys[i], Domain: e.domain, Chain: e.chain, Directory: d,
		Channels: channels, Lifetime: 5 * time.Minute, RequestTimeout: 3 * time.Second, Now: e.clock.Now})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func eth(n int64) *big.Int  { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }
func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }

func randomTarget(t testing.TB, seed uint64) (protocol.Element, common.Hash) {
	var pre [32]byte
	pre[0], pre[31] = byte(seed), byte(seed>>8)
	pre[15] = 0x5a
	return protocol.ElementFromUint64(1000 + seed), protocol.HashLockOf(pre)
}
