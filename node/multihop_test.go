package node

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/internal/testnats"
	"github.com/bwproof/bwproof/protocol"
)

// multiHop is client → hub 1 → hub 2 → miner on a simulated chain with
// the real verifier, hubs on an in-process NATS server, the miner on
// loopback TCP. The client has no channel with the miner.
type multiHop struct {
	t                               testing.TB
	ctx                             context.Context
	sim                             *contracts.Simulated
	m                               *contracts.Manager
	dom                             protocol.ChainDomain
	deployer, client, miner         *ecdsa.PrivateKey
	hub1Key, hub2Key                *ecdsa.PrivateKey
	clientHub1, hub1Hub2, hub2Miner protocol.Element
	hub1, hub2                      *hub.Hub
	fee1, fee2                      hub.Fee
	minerPrice                      *big.Int
	data                            []byte
	obj                             protocol.ObjectID
	ledger                          *challenge.Ledger
	settler                         *Settler
	minerAddr                       string
	minerNode                       *challenge.Miner
	router                          *hub.Router
	dir                             string
}

const (
	mhPeriod   = time.Hour
	mhDeposit  = 1_000_000_000 // wei per channel
	mhObjBytes = 10 << 10
)

// newMultiHop builds the network; hub2, when given, builds hub 2 in place
// of a bare hub.Hub and its service (e.g. a HubNode) on its own connection.
func newMultiHop(t *testing.T, hub2 ...func(h *multiHop, nc *nats.Conn) *hub.Hub) *multiHop {
	s := getShared(t)
	h := &multiHop{t: t, ctx: context.Background(), dir: t.TempDir(), minerPrice: big.NewInt(1000),
		fee1: hub.Fee{Base: big.NewInt(7), PPM: 2500}, fee2: hub.Fee{Base: big.NewInt(3), PPM: 1000}}
	alloc := types.GenesisAlloc{}
	keys := []**ecdsa.PrivateKey{&h.deployer, &h.client, &h.miner, &h.hub1Key, &h.hub2Key}
	for i, k := range keys {
		key, acct := contracts.DevKey(uint64(i))
		*k = key
		alloc[crypto.PubkeyToAddress(key.PublicKey)] = acct
	}
	var err error
	if h.sim, err = contracts.NewSimulated(h.ctx, contracts.SimulatedOptions{Alloc: alloc}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.sim.Close() })
	v, _, err := contracts.DeployVerifier(h.ctx, h.sim.Chain, h.deployer, s.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if h.m, _, err = contracts.DeployManager(h.ctx, h.sim.Chain, h.deployer, v.Address()); err != nil {
		t.Fatal(err)
	}
	h.dom = h.m.Domain()
	open := func(from *ecdsa.PrivateKey, to *ecdsa.PrivateKey, price int64) protocol.Element {
		id, _, err := h.m.Open(h.ctx, from, contracts.OpenParams{Miner: addrOf(to), KeyHash: protocol.ElementFromUint64(7),
			PricePerByte: big.NewInt(price), ChallengePeriod: mhPeriod, Deposit: big.NewInt(mhDeposit)})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	h.clientHub1 = open(h.client, h.hub1Key, 2000)
	h.hub1Hub2 = open(h.hub1Key, h.hub2Key, 1500)
	h.hub2Miner = open(h.hub2Key, h.miner, 1000)

	url := testnats.Start(t)
	conn := func() *nats.Conn {
		nc, err := nats.Connect(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		return nc
	}
	chain := hub.ManagerChain{M: h.m}
	newHub := func(key *ecdsa.PrivateKey, fee hub.Fee, out protocol.Element, name string) *hub.Hub {
		nc := conn()
		hb, err := hub.Open(hub.Options{Key: key, Domain: h.dom, Chain: chain, JournalPath: filepath.Join(h.dir, name+"-journal"),
			Fee: fee, ExpiryDelta: time.Minute, MinOutRemaining: 30 * time.Second, OutChannels: []protocol.Element{out}, NC: nc,
			RequestTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { hb.Close() })
		svc, err := hub.NewService(hub.ServiceOptions{NC: nc, Hub: hb, AnnounceInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { svc.Stop() })
		return hb
	}
	h.hub1 = newHub(h.hub1Key, h.fee1, h.hub1Hub2, "hub1")
	if len(hub2) > 0 {
		h.hub2 = hub2[0](h, conn())
	} else {
		h.hub2 = newHub(h.hub2Key, h.fee2, h.hub2Miner, "hub2")
	}
	dir, err := hub.NewDirectory(hub.DirectoryOptions{Chain: chain, Domain: h.dom})
	if err != nil {
		t.Fatal(err)
	}
	for _, hb := range []*hub.Hub{h.hub1, h.hub2} {
		a, err := hb.Announcement(h.ctx, uint64(time.Now().UnixNano()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dir.Accept(h.ctx, a.Encode()); err != nil {
			t.Fatal(err)
		}
	}
	if h.router, err = hub.NewRouter(hub.RouterOptions{NC: conn(), Key: h.client, Domain: h.dom, Chain: chain, Directory: dir,
		Channels: []protocol.Element{h.clientHub1}, Lifetime: 10 * time.Minute, RequestTimeout: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}

	// The miner: its store, ledger, on-chain admission (virtual sessions
	// on their paying lane), settler.
	store, err := challenge.OpenStore(filepath.Join(h.dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h.data = make([]byte, mhObjBytes)
	for i := range h.data {
		h.data[i] = byte(i*7 + i>>8)
	}
	if h.obj, err = store.Add(bytes.NewReader(h.data), 1024); err != nil {
		t.Fatal(err)
	}
	if h.ledger, err = challenge.OpenLedger(filepath.Join(h.dir, "ledger")); err != nil {
		t.Fatal(err)
	}
	chans, err := NewChainChannels(ChainChannelsOptions{Manager: h.m, Miner: addrOf(h.miner), Ledger: h.ledger,
		MinChallengePeriod: 30 * time.Minute, LaneMargin: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if h.settler, err = NewSettler(SettlerOptions{Manager: h.m, Key: h.miner, Ledger: h.ledger, Keys: s.keys, Channels: chans,
		StateDir: filepath.Join(h.dir, "settler"), Policy: AutoSettle{SettleThreshold: big.NewInt(1)}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.settler.Close() })
	if h.minerNode, err = challenge.NewMiner(challenge.MinerOptions{Store: store, Ledger: h.ledger, Key: h.miner,
		CheckChannel: chans.CheckChannel, Domain: &h.dom, MinPrice: h.minerPrice, PaymentTimeout: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(h.ctx)
	go h.minerNode.Serve(ctx, ln)
	t.Cleanup(func() { cancel(); h.minerNode.Close() })
	h.minerAddr = ln.Addr().String()
	return h
}

// fetch fetches the object through the hubs; it returns what arrived and
// the routes used.
func (h *multiHop) fetch(rkSeed byte) ([]byte, *challenge.FetchResult, []hub.RouteInfo, error) {
	t := h.t
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := challenge.OpenPaymentRecord(filepath.Join(h.dir, "client", string('a'+rkSeed)))
	if err != nil {
		t.Fatal(err)
	}
	var via *ViaHubs
	c, err := challenge.NewClient(challenge.ClientOptions{Key: h.client, ReceiptKey: rk, Record: rec, Domain: h.dom, Shape: testShape,
		ProbeDeadline: 5 * time.Second, IdleTimeout: 20 * time.Second,
		Route: func(ctx context.Context, addr string) (*challenge.VirtualRoute, error) { return via.Route(ctx, addr) }})
	if err != nil {
		t.Fatal(err)
	}
	if via, err = NewViaHubs(ViaHubsOptions{Router: h.router, Domain: h.dom, Client: c.Address(), KeyHash: c.ReceiptKeyHash(),
		Miners: map[string]MinerTerms{h.minerAddr: {Address: addrOf(h.miner), PricePerByte: h.minerPrice}}, MaxBytes: mhObjBytes}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(h.dir, "out-"+string('a'+rkSeed))
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(h.ctx, 2*time.Minute)
	defer cancel()
	res, ferr := c.Fetch(ctx, h.obj, []string{h.minerAddr}, f)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return got, res, via.Routes(), ferr
}

// claimer is a hub's LaneClaimer over its latest inbound vouchers; gas
// is paid by the deployer so the hub's balance moves by its claims only.
func (h *multiHop) claimer(hb *hub.Hub, name string) *LaneClaimer {
	c, err := NewLaneClaimer(LaneClaimerOptions{Manager: h.m, Key: h.deployer, StateDir: filepath.Join(h.dir, name+"-claims"),
		Claims: func(context.Context) ([]protocol.LaneVoucher, error) {
			var out []protocol.LaneVoucher
			for _, r := range hb.Routes() {
				if r.LastIn != nil {
					out = append(out, *r.LastIn)
				}
			}
			return out, nil
		}})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { c.Close() })
	return c
}

func (h *multiHop) channel(id protocol.Element) *contracts.Channel {
	h.t.Helper()
	ch, err := h.m.Channel(h.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return ch
}

func (h *multiHop) balance(k *ecdsa.PrivateKey) *big.Int {
	h.t.Helper()
	b, err := h.sim.Balance(h.ctx, addrOf(k))
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// TestMultiHopFetch: client → hub 1 → hub 2 → miner, the client with no
// channel to the miner. The object arrives verified; the miner withdraws
// its lane voucher with the proof of the client's receipts and the
// preimage; each hub then claims its inbound voucher with no proof of its
// own (the target is proven on chain, the preimage public); every amount
// is the route's to the wei, fees included, and each payee's balance moves
// by exactly its claim.
func TestMultiHopFetch(t *testing.T) {
	h := newMultiHop(t)
	minerBefore, hub1Before, hub2Before := h.balance(h.miner), h.balance(h.hub1Key), h.balance(h.hub2Key)
	got, res, routes, err := h.fetch(0)
	if err != nil || !bytes.Equal(got, h.data) {
		t.Fatalf("fetch through hubs: %v", err)
	}
	if len(routes) != 1 || len(routes[0].Hops) != 2 || routes[0].MinerChannel != h.hub2Miner || res.Miners[0].Err != nil {
		t.Fatalf("route %+v, outcome %+v", routes, res.Miners)
	}
	route := routes[0]
	if err := h.settler.Step(h.ctx); err != nil {
		t.Fatalf("miner settles: %v", err)
	}
	c2, c1 := h.claimer(h.hub2, "hub2"), h.claimer(h.hub1, "hub1")
	for _, c := range []*LaneClaimer{c2, c1} {
		if err := c.Step(h.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if c1.Claimed() != 1 || c2.Claimed() != 1 {
		t.Fatalf("hub claims: hub1 %d, hub2 %d", c1.Claimed(), c2.Claimed())
	}
	want := hub.Amounts(mhObjBytes, h.minerPrice, []hub.Fee{h.fee1, h.fee2}) // A_0 (client), A_1, A_2 (miner)
	for i, id := range []protocol.Element{h.clientHub1, h.hub1Hub2, h.hub2Miner} {
		ch := h.channel(id)
		if ch.LaneWithdrawn.Cmp(want[i]) != 0 || ch.Withdrawn.Sign() != 0 {
			t.Fatalf("leg %d paid %s on lanes (%s direct), want %s", i, ch.LaneWithdrawn, ch.Withdrawn, want[i])
		}
	}
	if new(big.Int).Sub(want[0], want[1]).Cmp(h.fee1.On(want[1])) != 0 || new(big.Int).Sub(want[1], want[2]).Cmp(h.fee2.On(want[2])) != 0 ||
		want[2].Cmp(new(big.Int).Mul(big.NewInt(mhObjBytes), h.minerPrice)) != 0 {
		t.Fatalf("amounts %v do not carry the fees", want)
	}
	// Balances: the hubs paid no gas (the claimers' gas payer did); the
	// miner paid its withdrawal's gas, journaled.
	jr, err := ReadJournal(filepath.Join(h.dir, "settler"))
	if err != nil {
		t.Fatal(err)
	}
	vcid := route.Target
	gas, ok := new(big.Int).SetString(jr[vcid].GasWei, 10)
	if !ok || jr[vcid].Phase != PhaseDone {
		t.Fatalf("miner's journal for the vcid: %+v", jr[vcid])
	}
	deltas := []struct {
		name          string
		before, after *big.Int
		want          *big.Int
	}{
		{"miner", minerBefore, h.balance(h.miner), new(big.Int).Sub(want[2], gas)},
		{"hub 2", hub2Before, h.balance(h.hub2Key), want[1]},
		{"hub 1", hub1Before, h.balance(h.hub1Key), want[0]},
	}
	for _, d := range deltas {
		if got := new(big.Int).Sub(d.after, d.before); got.Cmp(d.want) != 0 {
			t.Fatalf("%s's balance moved by %s, want %s", d.name, got, d.want)
		}
	}
	// What each hub kept is its fee: hub 1 got A_0 and paid A_1, hub 2 got
	// A_1 and paid A_2 (from their deposits).
	for i, id := range []protocol.Element{h.hub1Hub2, h.hub2Miner} {
		if rem := h.channel(id).Remaining(); rem.Cmp(new(big.Int).Sub(big.NewInt(mhDeposit), want[i+1])) != 0 {
			t.Fatalf("hub %d's channel has %s left", i+1, rem)
		}
	}
	if rem := h.channel(h.clientHub1).Remaining(); rem.Cmp(new(big.Int).Sub(big.NewInt(mhDeposit), want[0])) != 0 {
		t.Fatalf("client's channel has %s left", rem)
	}
}

// TestMultiHopAtomic: (a) hub 2 withholds the preimage and never claims:
// hub 1 reads the preimage from the chain (the miner's claim revealed
// it) and claims from the client; hub 2 loses only its own claim, which
// cannot be made after its expiry. (b) the miner delivers but never
// proves: nobody can withdraw any lane, after the expiries nothing on
// those lanes ever pays, and closing refunds every deposit in full.
func TestMultiHopAtomic(t *testing.T) {
	t.Run("withheld preimage", func(t *testing.T) {
		h := newMultiHop(t)
		got, _, routes, err := h.fetch(0)
		if err != nil || !bytes.Equal(got, h.data) {
			t.Fatalf("fetch: %v", err)
		}
		if err := h.settler.Step(h.ctx); err != nil {
			t.Fatal(err)
		}
		c1 := h.claimer(h.hub1, "hub1") // hub 2 runs no claimer and tells hub 1 nothing
		if err := c1.Step(h.ctx); err != nil || c1.Claimed() != 1 {
			t.Fatalf("hub 1 claims with the preimage from the chain: %d claims, %v", c1.Claimed(), err)
		}
		want := hub.Amounts(mhObjBytes, h.minerPrice, []hub.Fee{h.fee1, h.fee2})
		if a, b, c := h.channel(h.clientHub1).LaneWithdrawn, h.channel(h.hub1Hub2).LaneWithdrawn, h.channel(h.hub2Miner).LaneWithdrawn; a.Cmp(want[0]) != 0 || b.Sign() != 0 || c.Cmp(want[2]) != 0 {
			t.Fatalf("paid: client→hub1 %s, hub1→hub2 %s, hub2→miner %s; want %s, 0, %s", a, b, c, want[0], want[2])
		}
		// Past its expiry, hub 2's claim is gone: only hub 2 lost.
		var in *protocol.LaneVoucher
		for _, r := range h.hub2.Routes() {
			in = r.LastIn
		}
		if err := h.sim.AdjustTime(time.Duration(in.ValidUntil-uint64(time.Now().Unix()))*time.Second + time.Minute); err != nil {
			t.Fatal(err)
		}
		pre, _, _ := h.ledger.Virtual(routes[0].Target)
		if _, err := h.m.WithdrawLane(h.ctx, h.hub2Key, in, pre.Preimage, protocol.Element{}, nil); !errors.Is(err, contracts.ErrExpired) {
			t.Fatalf("hub 2's late claim: %v, want Expired", err)
		}
	})
	t.Run("miner never proves", func(t *testing.T) {
		h := newMultiHop(t)
		if got, _, _, err := h.fetch(0); err != nil || !bytes.Equal(got, h.data) {
			t.Fatalf("fetch: %v", err)
		}
		c1, c2 := h.claimer(h.hub1, "hub1"), h.claimer(h.hub2, "hub2")
		for _, c := range []*LaneClaimer{c1, c2} {
			if err := c.Step(h.ctx); err != nil || c.Claimed() != 0 {
				t.Fatalf("a claim without a proof: %d, %v", c.Claimed(), err)
			}
		}
		var in *protocol.LaneVoucher
		for _, r := range h.hub1.Routes() {
			in = r.LastIn
		}
		if _, err := h.m.WithdrawLane(h.ctx, h.hub1Key, in, [32]byte{}, protocol.Element{}, nil); err == nil {
			t.Fatal("hub 1 withdrew an unproven voucher")
		}
		// After every expiry nothing on those lanes can pay; closes refund
		// every deposit in full.
		if err := h.sim.AdjustTime(time.Duration(in.ValidUntil-uint64(time.Now().Unix()))*time.Second + time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := h.settler.Step(h.ctx); err != nil { // too late: the settler alarms, sends nothing
			t.Fatal(err)
		}
		funders := map[protocol.Element]*ecdsa.PrivateKey{h.clientHub1: h.client, h.hub1Hub2: h.hub1Key, h.hub2Miner: h.hub2Key}
		before := map[protocol.Element]*big.Int{}
		gas := map[protocol.Element]*big.Int{}
		for id, k := range funders {
			before[id] = h.balance(k)
			r, err := h.m.StartClose(h.ctx, k, id)
			if err != nil {
				t.Fatal(err)
			}
			gas[id] = fee(r)
		}
		if err := h.sim.AdjustTime(mhPeriod + time.Minute); err != nil {
			t.Fatal(err)
		}
		for id, k := range funders {
			r, err := h.m.Finalize(h.ctx, k, id)
			if err != nil {
				t.Fatal(err)
			}
			gas[id].Add(gas[id], fee(r))
			ch := h.channel(id)
			if ch.LaneWithdrawn.Sign() != 0 || ch.Withdrawn.Sign() != 0 {
				t.Fatalf("channel %s paid %s on lanes", id, ch.LaneWithdrawn)
			}
			want := new(big.Int).Sub(big.NewInt(mhDeposit), gas[id])
			if got := new(big.Int).Sub(h.balance(k), before[id]); got.Cmp(want) != 0 {
				t.Fatalf("funder of %s got back %s, want the deposit less gas %s", id, got, want)
			}
		}
	})
}
