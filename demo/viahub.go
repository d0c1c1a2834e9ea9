package demo

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

// Defaults of ViaHubOptions.
const (
	DefaultViaHubs       = 2
	DefaultViaHubObject  = 1 << 20
	DefaultHubFeePPM     = 2500
	MaxViaHubs           = 4
	viaHubDepositObjects = 4 // each channel's deposit covers this many objects
)

// DefaultHubFeeBase is each demo hub's base fee (wei per forwarded amount).
var DefaultHubFeeBase = big.NewInt(1_000_000)

// ViaHubOptions configures RunViaHub. The zero value runs the default.
type ViaHubOptions struct {
	Hubs       int    // hubs on the route (default DefaultViaHubs)
	Dir        string // working directory (default: a temporary one)
	Keys       string // key set directory (default: fresh dev keys cached in Dir/keys)
	Window     int    // chunks per window of fresh keys (default DefaultWindow)
	ObjectSize int    // default DefaultViaHubObject
	ChunkSize  int    // default DefaultChunkSize
	// Price is the miner's wei per byte (default DefaultPrice); each hub
	// charges FeeBase wei + FeePPM per million of what it forwards.
	Price           *big.Int
	FeeBase         *big.Int
	FeePPM          uint32
	ChallengePeriod time.Duration // of every channel (default DefaultChallengePeriod)
	Log             *slog.Logger
	Out             io.Writer
}

// ViaHubSummary is what RunViaHub checked.
type ViaHubSummary struct {
	Bytes         uint64   `json:"bytes"`
	FileIdentical bool     `json:"file_identical"`
	Hubs          []string `json:"hubs"`
	Target        string   `json:"target"` // the virtual channel id
	// Hops are the route's legs, the client's first, the miner's last.
	Hops []HopSettlement `json:"hops"`
	// ClientPaidWei = FeesWei + MinerGotWei, to the wei.
	ClientPaidWei string        `json:"client_paid_wei"`
	FeesWei       string        `json:"fees_wei"`
	MinerGotWei   string        `json:"miner_got_wei"`
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// CheckAmounts checks the summary's amounts against each other, as a
// reader of its JSON can: every leg's payee withdrew what the leg paid,
// each leg paid the next one plus the fee its payee kept, the fees add up
// to FeesWei, and the client's first leg paid the fees plus the miner's
// share, to the wei. A mismatch is ErrCheck.
func (s *ViaHubSummary) CheckAmounts() error {
	if len(s.Hops) == 0 {
		return fmt.Errorf("%w: no hops", ErrCheck)
	}
	wei := func(what, v string) (*big.Int, error) {
		x, ok := new(big.Int).SetString(v, 10)
		if !ok {
			return nil, fmt.Errorf("%w: %s %q is not an amount in wei", ErrCheck, what, v)
		}
		return x, nil
	}
	paid, fee := make([]*big.Int, len(s.Hops)), make([]*big.Int, len(s.Hops))
	fees := new(big.Int)
	for i, h := range s.Hops {
		var err error
		if paid[i], err = wei("paid", h.PaidWei); err != nil {
			return err
		}
		if fee[i], err = wei("fee", h.FeeWei); err != nil {
			return err
		}
		if h.PaidWei != h.WithdrawnWei {
			return fmt.Errorf("%w: hop %d paid %s, its payee withdrew %s", ErrCheck, i+1, h.PaidWei, h.WithdrawnWei)
		}
		fees.Add(fees, fee[i])
	}
	for i := range len(s.Hops) - 1 {
		if paid[i].Cmp(new(big.Int).Add(paid[i+1], fee[i])) != 0 {
			return fmt.Errorf("%w: hop %d paid %s, not the next hop's %s + fee %s", ErrCheck, i+1, paid[i], paid[i+1], fee[i])
		}
	}
	client, err := wei("client paid", s.ClientPaidWei)
	if err != nil {
		return err
	}
	miner, err := wei("miner got", s.MinerGotWei)
	if err != nil {
		return err
	}
	if s.Hops[0].PaidWei != s.ClientPaidWei || s.FeesWei != fees.String() || client.Cmp(new(big.Int).Add(fees, miner)) != 0 {
		return fmt.Errorf("%w: client paid %s (first hop %s), fees %s (hops' %s), miner %s", ErrCheck,
			s.ClientPaidWei, s.Hops[0].PaidWei, s.FeesWei, fees, s.MinerGotWei)
	}
	return nil
}

// HopSettlement is one leg of the route after settlement.
type HopSettlement struct {
	Payer   string `json:"payer"`
	Payee   string `json:"payee"`
	Channel string `json:"channel"`
	Lane    uint32 `json:"lane"`
	// PaidWei is what the leg's lane paid on chain; FeeWei what the payee
	// kept (a hub: its inbound less its outbound; the miner: none);
	// WithdrawnWei the payee's balance change (gas excluded).
	PaidWei      string `json:"paid_wei"`
	FeeWei       string `json:"fee_wei"`
	WithdrawnWei string `json:"withdrawn_wei"`
}

func (o *ViaHubOptions) defaults() {
	if o.Hubs == 0 {
		o.Hubs = DefaultViaHubs
	}
	if o.ObjectSize == 0 {
		o.ObjectSize = DefaultViaHubObject
	}
	if o.FeeBase == nil {
		o.FeeBase = DefaultHubFeeBase
	}
	if o.FeePPM == 0 {
		o.FeePPM = DefaultHubFeePPM
	}
	networkDefaults(&o.Window, &o.ChunkSize, &o.Price, &o.ChallengePeriod, &o.Out, &o.Log)
}

// Dev key indices of RunViaHub's parties (hub i is viaHubIdx+i).
const (
	viaDeployerIdx = 0
	viaMinerIdx    = 1
	viaClientIdx   = 2
	viaHubIdx      = 3
)

// RunViaHub runs client → hub 1 → … → hub n → miner on the embedded
// chain: the client has one channel, to hub 1; each hub is a
// node.HubNode that opens its channel to the next hop; the miner is a
// node.MinerNode. The client fetches an object through a virtual session
// paid with lane vouchers; the miner withdraws its lane with the proof of
// the client's receipts and the preimage, and each hub node claims its
// inbound lane by itself from what that put on chain. It returns an error
// (a *CheckError for a check) unless the object arrived intact, every leg
// paid exactly the route's amount, every payee's balance moved by exactly
// that, and the client's payment is the hubs' fees plus the miner's
// amount to the wei.
func RunViaHub(ctx context.Context, o ViaHubOptions) (*ViaHubSummary, error) {
	started := time.Now()
	o.defaults()
	if o.Hubs < 1 || o.Hubs > MaxViaHubs || o.ObjectSize < 1 || o.ChunkSize < 1 || o.Price.Sign() <= 0 || o.FeeBase.Sign() < 0 ||
		o.ChallengePeriod < 30*time.Minute {
		// The period must outlast the client leg's expiry: the route's
		// lifetime (10 min) plus every hub's expiry delta.
		return nil, fmt.Errorf("demo: %d hubs (1..%d), object %d, chunk %d, price %s, fee base %s, period %s: want positive sizes and price and a period of at least 30 minutes",
			o.Hubs, MaxViaHubs, o.ObjectSize, o.ChunkSize, o.Price, o.FeeBase, o.ChallengePeriod)
	}
	if o.Dir == "" {
		d, err := os.MkdirTemp("", "bwproof-demo-viahub-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		o.Dir = d
	}
	for _, d := range []string{"viahub", "nats-viahub"} {
		if err := os.RemoveAll(filepath.Join(o.Dir, d)); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	v := &viaHub{o: &o, sum: &ViaHubSummary{}, run: run{o: &Options{Dir: o.Dir, Keys: o.Keys, Window: o.Window, Log: o.Log, Out: o.Out}}}
	fmt.Fprintf(o.Out, "bwproof demo via %d hub(s) (working directory %s)\n", o.Hubs, o.Dir)
	err := v.all(ctx)
	v.sum.Elapsed = time.Since(started)
	v.run.close()
	if err != nil {
		return v.sum, err
	}
	fmt.Fprintf(o.Out, "\nall checks passed in %s: %d bytes through %d hub(s), every leg settled on chain with its proof-locked voucher\n",
		v.sum.Elapsed.Round(100*time.Millisecond), v.sum.Bytes, o.Hubs)
	return v.sum, nil
}

type viaHub struct {
	run // keys, closers
	o   *ViaHubOptions
	sum *ViaHubSummary

	dir      string
	dom      protocol.ChainDomain
	deployer *ecdsa.PrivateKey
	client   *ecdsa.PrivateKey
	miner    *ecdsa.PrivateKey
	hubKeys  []*ecdsa.PrivateKey
	hubs     []*node.HubNode
	nc       func() (*nats.Conn, error)
	dirHubs  *hub.Directory
	chClient protocol.Element // client → hub 1
	minerAt  string
	settler  *node.MinerNode
	content  []byte
	obj      protocol.ObjectID
	before   map[common.Address]*big.Int
	route    hub.RouteInfo
}

func (v *viaHub) all(ctx context.Context) error {
	v.dir = filepath.Join(v.o.Dir, "viahub")
	for _, f := range []func(context.Context) error{
		v.setupKeys, v.chain, v.network, v.minerNode, v.fetch, v.settle,
	} {
		if err := f(ctx); err != nil {
			return err
		}
	}
	v.printHops()
	return nil
}

func (v *viaHub) chain(ctx context.Context) error {
	s := v.run.o.stage("chain + contracts")
	dep, err := v.startChain(ctx, viaHubIdx+v.o.Hubs, viaDeployerIdx)
	if err != nil {
		return err
	}
	v.deployer, _ = contracts.DevKey(viaDeployerIdx)
	v.miner, _ = contracts.DevKey(viaMinerIdx)
	v.client, _ = contracts.DevKey(viaClientIdx)
	for i := range v.o.Hubs {
		k, _ := contracts.DevKey(uint64(viaHubIdx + i))
		v.hubKeys = append(v.hubKeys, k)
	}
	v.mgr, v.dom = dep.Manager, dep.Manager.Domain()
	s.done("ChannelManager %s, verifier %s", short(v.mgr.Address()), short(dep.Verifier.Address()))
	return nil
}

// legPrice is the channel price of leg i (0: the client's): above what the
// leg carries per byte with the fees downstream, so each voucher stays
// under its channel's cap amount <= bytes × price.
func (v *viaHub) legPrice(i int) *big.Int {
	if i == v.o.Hubs {
		return v.o.Price
	}
	return new(big.Int).Mul(v.o.Price, big.NewInt(2))
}

func (v *viaHub) deposit(i int) *big.Int {
	return new(big.Int).Mul(big.NewInt(int64(viaHubDepositObjects*v.o.ObjectSize)), v.legPrice(i))
}

// network starts NATS and the hub nodes (each opens its channel to the
// next hop) and the client's channel to hub 1, and waits until the
// directory holds every hub's checked announcement.
func (v *viaHub) network(ctx context.Context) error {
	s := v.run.o.stage("NATS + hub nodes")
	ns, err := verifier.StartServer(verifier.ServerOptions{DataDir: filepath.Join(v.o.Dir, "nats-viahub"), Port: -1})
	if err != nil {
		return err
	}
	v.defer_(func() { ns.Shutdown(); ns.WaitForShutdown() })
	v.nc = func() (*nats.Conn, error) {
		nc, err := verifier.Connect(verifier.ConnectOptions{URL: ns.ClientURL(), Name: "demo-viahub"})
		if err == nil {
			v.defer_(nc.Close)
		}
		return nc, err
	}
	chain := hub.ManagerChain{M: v.mgr}
	if v.dirHubs, err = hub.NewDirectory(hub.DirectoryOptions{Chain: chain, Domain: v.dom, Log: v.o.Log}); err != nil {
		return err
	}
	dnc, err := v.nc()
	if err != nil {
		return err
	}
	if err := v.dirHubs.Subscribe(dnc); err != nil {
		return err
	}
	v.defer_(func() { v.dirHubs.Close() })
	fee := hub.Fee{Base: v.o.FeeBase, PPM: v.o.FeePPM}
	for i, k := range v.hubKeys {
		next := crypto.PubkeyToAddress(v.miner.PublicKey)
		if i+1 < len(v.hubKeys) {
			next = crypto.PubkeyToAddress(v.hubKeys[i+1].PublicKey)
		}
		nc, err := v.nc()
		if err != nil {
			return err
		}
		// The deployer pays the claims' gas, so a hub's balance moves by
		// what it claims and nothing else (the table checks it).
		n, err := node.NewHubNode(node.HubNodeOptions{Key: k, Manager: v.mgr, NC: nc, StateDir: filepath.Join(v.dir, fmt.Sprintf("hub%d", i+1)),
			Fee: fee, ExpiryDelta: time.Minute, MinOutRemaining: 30 * time.Second, GasKey: v.deployer, Log: v.o.Log,
			EnsureOut: []contracts.OpenParams{{Miner: next, PricePerByte: v.legPrice(i + 1), ChallengePeriod: v.o.ChallengePeriod,
				Deposit: v.deposit(i + 1)}},
			Watch: contracts.WatchOptions{PollInterval: 50 * time.Millisecond}, ClaimInterval: 100 * time.Millisecond})
		if err != nil {
			return err
		}
		if err := v.serve(ctx, fmt.Sprintf("hub %d", i+1), n.Run); err != nil {
			return err
		}
		select {
		case <-n.Ready():
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Minute):
			return fmt.Errorf("hub %d did not start", i+1)
		}
		v.hubs = append(v.hubs, n)
		v.sum.Hubs = append(v.sum.Hubs, n.Address().Hex())
	}
	if v.chClient, _, err = v.mgr.Open(ctx, v.client, contracts.OpenParams{Miner: crypto.PubkeyToAddress(v.hubKeys[0].PublicKey),
		PricePerByte: v.legPrice(0), ChallengePeriod: v.o.ChallengePeriod, Deposit: v.deposit(0)}); err != nil {
		return err
	}
	// Announcements go out at start and on every capacity change; wait
	// until the directory checked them all against the chain.
	if err := waitFor(ctx, time.Minute, func() (bool, error) {
		for _, n := range v.hubs {
			if _, ok := v.dirHubs.Hub(n.Address()); !ok {
				return false, nil
			}
		}
		return true, nil
	}); err != nil {
		return failed("hub nodes", "announcements not in the directory: %v", err)
	}
	// Balances from here on move only by the route's payments (and the
	// miner's gas): the hubs' deposits and opening gas are behind.
	v.before = map[common.Address]*big.Int{}
	for _, k := range append([]*ecdsa.PrivateKey{v.miner}, v.hubKeys...) {
		a := crypto.PubkeyToAddress(k.PublicKey)
		if v.before[a], err = v.sim.Balance(ctx, a); err != nil {
			return err
		}
	}
	s.done("%d hub node(s) (fee %s each), client → hub 1 channel %s…", len(v.hubs), fee, v.chClient.String()[:10])
	return nil
}

// serve runs f until the demo ends.
func (v *viaHub) serve(ctx context.Context, name string, f func(context.Context) error) error {
	sctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := f(sctx); err != nil && sctx.Err() == nil {
			v.o.Log.Error("stopped", "part", name, "err", err)
		}
	}()
	v.defer_(func() { stop(); <-done })
	return nil
}

func (v *viaHub) minerNode(ctx context.Context) error {
	s := v.run.o.stage("miner node")
	v.content = make([]byte, v.o.ObjectSize)
	if _, err := rand.Read(v.content); err != nil {
		return err
	}
	dir := filepath.Join(v.dir, "miner")
	store, obj, ledger, err := v.minerFiles(dir, v.content, v.o.ChunkSize)
	if err != nil {
		return err
	}
	v.obj = obj
	n, err := node.NewMinerNode(node.MinerNodeOptions{Manager: v.mgr, Log: v.o.Log,
		Miner:    challenge.MinerOptions{Store: store, Ledger: ledger, Key: v.miner, MinPrice: v.o.Price, Log: v.o.Log},
		Channels: node.ChainChannelsOptions{MinChallengePeriod: v.o.ChallengePeriod, LaneMargin: time.Minute},
		Settler: node.SettlerOptions{Keys: v.keys, StateDir: filepath.Join(dir, "settler"),
			Policy: node.AutoSettle{SettleThreshold: big.NewInt(1)}, PollInterval: 50 * time.Millisecond}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	v.minerAt, v.settler = ln.Addr().String(), n
	if err := v.serve(ctx, "miner", func(ctx context.Context) error { defer n.Close(); return n.Run(ctx, ln) }); err != nil {
		return err
	}
	s.done("object %x… (%d bytes) at %s, miner %s, %s wei/byte", v.obj[:6], v.o.ObjectSize, v.minerAt, short(n.Miner().Address()), v.o.Price)
	return nil
}

// fetch: the client routes through the hubs and fetches over a virtual
// session with the miner, paying every window with lane vouchers.
func (v *viaHub) fetch(ctx context.Context) error {
	s := v.run.o.stage("fetch via hubs")
	const st = "fetch via hubs"
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return err
	}
	record, err := challenge.OpenPaymentRecord(filepath.Join(v.dir, "client", "payments"))
	if err != nil {
		return err
	}
	rnc, err := v.nc()
	if err != nil {
		return err
	}
	router, err := hub.NewRouter(hub.RouterOptions{NC: rnc, Key: v.client, Domain: v.dom, Chain: hub.ManagerChain{M: v.mgr},
		Directory: v.dirHubs, Channels: []protocol.Element{v.chClient}, MaxHops: v.o.Hubs, Lifetime: 10 * time.Minute, Log: v.o.Log})
	if err != nil {
		return err
	}
	var via *node.ViaHubs
	c, err := challenge.NewClient(challenge.ClientOptions{Key: v.client, ReceiptKey: rk, Record: record, Domain: v.dom,
		PricePerByte: v.o.Price, Shape: v.keys.Shape, Log: v.o.Log,
		Route: func(ctx context.Context, addr string) (*challenge.VirtualRoute, error) { return via.Route(ctx, addr) }})
	if err != nil {
		return err
	}
	if via, err = node.NewViaHubs(node.ViaHubsOptions{Router: router, Domain: v.dom, Client: c.Address(), KeyHash: c.ReceiptKeyHash(),
		Miners:   map[string]node.MinerTerms{v.minerAt: {Address: crypto.PubkeyToAddress(v.miner.PublicKey), PricePerByte: v.o.Price}},
		MaxBytes: uint64(v.o.ObjectSize)}); err != nil {
		return err
	}
	v.defer_(via.Close)
	path := filepath.Join(v.dir, "client", "object.out")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	res, err := c.Fetch(ctx, v.obj, []string{v.minerAt}, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fetch via hubs: %w", err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	v.sum.Bytes, v.sum.FileIdentical = res.Received, bytes.Equal(got, v.content)
	if !v.sum.FileIdentical {
		return failed(st, "the fetched file differs from the object")
	}
	routes := via.Routes()
	if len(routes) != 1 || len(routes[0].Hops) != v.o.Hubs {
		return failed(st, "%d routes used, want one through %d hub(s)", len(routes), v.o.Hubs)
	}
	v.route = routes[0]
	v.sum.Target = v.route.Target.String()
	s.done("%d bytes byte-identical over %d vouchers; virtual channel %s…", res.Received, res.Vouchers, v.sum.Target[:10])
	return nil
}

// legs returns each leg's channel, lane, payer and payee, client first.
func (v *viaHub) legs() (chans []protocol.Element, lanes []uint32, payers, payees []common.Address) {
	chans = append([]protocol.Element{v.route.OwnChannel}, make([]protocol.Element, v.o.Hubs)...)
	lanes = append([]uint32{v.route.OwnLane}, v.route.Lanes...)
	payers = append(payers, crypto.PubkeyToAddress(v.client.PublicKey))
	for i, h := range v.route.Hops {
		chans[i+1] = h.OutChannel
		payees = append(payees, h.Hub)
		payers = append(payers, h.Hub)
	}
	payees = append(payees, crypto.PubkeyToAddress(v.miner.PublicKey))
	return chans, lanes, payers, payees
}

// settle waits for the miner's withdrawal and every hub's claim, then
// checks every leg and every payee's balance to the wei.
func (v *viaHub) settle(ctx context.Context) error {
	s := v.run.o.stage("settle every hop")
	const st = "settle every hop"
	chans, lanes, payers, payees := v.legs()
	want := hub.Amounts(v.sum.Bytes, v.o.Price, v.route.Fees())
	if err := waitFor(ctx, 2*time.Minute, func() (bool, error) {
		for i, id := range chans {
			l, err := v.mgr.LaneOf(ctx, id, lanes[i])
			if err != nil {
				return false, err
			}
			if l.Withdrawn.Cmp(want[i]) < 0 {
				return false, nil
			}
		}
		return true, nil
	}); err != nil {
		return failed(st, "not every leg settled: %v", err)
	}
	gasMiner, err := v.minerGas(ctx)
	if err != nil {
		return err
	}
	fees := new(big.Int)
	for i, id := range chans {
		ch, err := v.mgr.Channel(ctx, id)
		if err != nil {
			return err
		}
		if ch.LaneWithdrawn.Cmp(want[i]) != 0 || ch.Withdrawn.Sign() != 0 {
			return failed(st, "leg %d paid %s on lanes and %s directly, want %s", i+1, ch.LaneWithdrawn, ch.Withdrawn, want[i])
		}
		after, err := v.sim.Balance(ctx, payees[i])
		if err != nil {
			return err
		}
		got := new(big.Int).Sub(after, v.before[payees[i]])
		fee := new(big.Int)
		if i < len(v.route.Hops) {
			fee.Sub(want[i], want[i+1])
			if fee.Cmp(v.route.Hops[i].Fee.On(want[i+1])) != 0 {
				return failed(st, "hub %d kept %s, its fee on %s is %s", i+1, fee, want[i+1], v.route.Hops[i].Fee.On(want[i+1]))
			}
			fees.Add(fees, fee)
		} else {
			got.Add(got, gasMiner) // the miner paid its withdrawal's gas itself
		}
		if got.Cmp(want[i]) != 0 {
			return failed(st, "%s's balance moved by %s, want %s", short(payees[i]), got, want[i])
		}
		v.sum.Hops = append(v.sum.Hops, HopSettlement{Payer: payers[i].Hex(), Payee: payees[i].Hex(), Channel: id.String(), Lane: lanes[i],
			PaidWei: want[i].String(), FeeWei: fee.String(), WithdrawnWei: got.String()})
	}
	miner := want[len(want)-1]
	if new(big.Int).Add(fees, miner).Cmp(want[0]) != 0 || miner.Cmp(new(big.Int).Mul(new(big.Int).SetUint64(v.sum.Bytes), v.o.Price)) != 0 {
		return failed(st, "client paid %s, fees %s + miner %s", want[0], fees, miner)
	}
	v.sum.ClientPaidWei, v.sum.FeesWei, v.sum.MinerGotWei = want[0].String(), fees.String(), miner.String()
	s.done("miner withdrew with the proof and preimage; %d hub(s) claimed with no proof of their own", len(v.hubs))
	return nil
}

// minerGas is the gas the miner's settler paid (its lane withdrawal).
func (v *viaHub) minerGas(ctx context.Context) (*big.Int, error) {
	_, fees, _, err := v.txsOf(ctx, crypto.PubkeyToAddress(v.miner.PublicKey))
	return fees, err
}

func (v *viaHub) printHops() {
	w := v.o.Out
	name := func(i int) string {
		switch {
		case i == 0:
			return "client"
		case i > len(v.hubs):
			return "miner"
		}
		return fmt.Sprintf("hub %d", i)
	}
	fmt.Fprintf(w, "\n  %-3s %-16s %-22s %20s %16s %20s\n", "hop", "payer → payee", "channel / lane", "paid (wei)", "fee kept (wei)", "withdrawn (wei)")
	for i, h := range v.sum.Hops {
		fmt.Fprintf(w, "  %-3d %-16s %-22s %20s %16s %20s\n", i+1, name(i)+" → "+name(i+1), fmt.Sprintf("%s… / %d", h.Channel[:10], h.Lane),
			h.PaidWei, h.FeeWei, h.WithdrawnWei)
	}
	fmt.Fprintf(w, "  client paid %s wei = hubs' fees %s + miner's %s (%d bytes × %s wei)\n",
		v.sum.ClientPaidWei, v.sum.FeesWei, v.sum.MinerGotWei, v.sum.Bytes, v.o.Price)
}
