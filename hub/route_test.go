package hub

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

const (
	testMaxBytes = 1 << 20
	hour         = time.Hour
)

var (
	minerPrice = big.NewInt(1000) // wei per byte
	feeX       = Fee{Base: big.NewInt(1000), PPM: 1000}
	feeY       = Fee{Base: big.NewInt(5000), PPM: 5000}
)

// checkAsMiner judges a miner-facing voucher the way the miner does.
func (e *env) checkAsMiner(v *protocol.LaneVoucher, info RouteInfo, prev protocol.LaneState) {
	e.t.Helper()
	ch, err := e.chain.Channel(e.ctx, info.MinerChannel)
	if err != nil {
		e.t.Fatal(err)
	}
	last := info.Hops[len(info.Hops)-1].Hub
	err = protocol.CheckLaneVoucher(v, protocol.LaneContext{Prev: prev,
		Terms: protocol.ChannelTerms{ID: info.MinerChannel, Client: last, Miner: info.Miner, PricePerByte: ch.PricePerByte, Domain: e.domain},
		Lane:  info.MinerLane, Target: info.Target, TargetKeyHash: info.TargetKeyHash, HashLock: info.HashLock,
		MinPrice: minerPrice, Accept: &e.domain, Chain: ch, Now: e.clock.Now()})
	if err != nil {
		e.t.Fatalf("miner refuses the voucher: %v", err)
	}
}

// TestRouteAroundDryHub: the cheaper route's hub (X) has announced more
// capacity than it has left (another route took it since); the client's
// attempt through X is refused with insufficient capacity, the route
// through Y succeeds, and X's refusal is reported.
func TestRouteAroundDryHub(t *testing.T) {
	e := newEnv(t)
	miner := e.addr(minerIdx)
	xMiner := e.open(hubXIdx, miner, big.NewInt(1_500_000_000), minerPrice, hour)
	yMiner := e.open(hubYIdx, miner, eth(1), minerPrice, hour)
	clientX := e.open(clientIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)
	clientY := e.open(clientIdx, e.addr(hubYIdx), eth(1), big.NewInt(2000), hour)
	otherX := e.open(otherIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)

	ncX, ncY, ncC, ncO := e.connect(), e.connect(), e.connect(), e.connect()
	hx := e.hub(hubXIdx, feeX, []protocol.Element{xMiner}, ncX, "")
	hy := e.hub(hubYIdx, feeY, []protocol.Element{yMiner}, ncY, "")
	e.serve(hx, ncX)
	e.serve(hy, ncY)
	d := e.directory()
	e.announce(d, hx)
	e.announce(d, hy)

	// Another client takes most of X's outbound capacity.
	budget := Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice}
	other := e.router(otherIdx, ncO, d, otherX)
	t1, l1 := randomTarget(t, 1)
	po, err := other.Setup(e.ctx, miner, t1, protocol.ElementFromUint64(8), l1, budget)
	if err != nil {
		t.Fatal(err)
	}
	if got := po.Route().Hops[0].Hub; got != e.addr(hubXIdx) {
		t.Fatalf("other client routed through %s, want the cheaper hub X", got)
	}

	// The directory still holds X's announcement from before.
	client := e.router(clientIdx, ncC, d, clientX, clientY)
	t2, l2 := randomTarget(t, 2)
	p, err := client.Setup(e.ctx, miner, t2, protocol.ElementFromUint64(9), l2, budget)
	if err != nil {
		t.Fatal(err)
	}
	info := p.Route()
	if info.Hops[0].Hub != e.addr(hubYIdx) || info.MinerChannel != yMiner || info.OwnChannel != clientY {
		t.Fatalf("route through %s on %s, want hub Y", info.Hops[0].Hub, info.MinerChannel)
	}
	if len(info.Failures) != 1 {
		t.Fatalf("failures %v, want X's refusal", info.Failures)
	}
	f := info.Failures[0]
	if f.Hop != 1 || f.Hub != e.addr(hubXIdx) || f.Reason != ReasonInsufficientCapacity || !errors.Is(f, ErrInsufficientCapacity) {
		t.Fatalf("first failure %v, want hop 1 at X with insufficient capacity", f)
	}
	t.Logf("first failure reported: %v", f)

	// Pay two windows through Y: the miner gets exactly bytes × price,
	// Y keeps its fee, the client pays both.
	var prev protocol.LaneState
	for i, b := range []uint64{4096, 8192} {
		v, err := p.Pay(e.ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		e.checkAsMiner(v, info, prev)
		if want := new(big.Int).Mul(new(big.Int).SetUint64(b), minerPrice); v.CumulativeAmount.Cmp(want) != 0 || v.Nonce != uint64(i+1) {
			t.Fatalf("window %d: miner-facing %s wei nonce %d, want %s nonce %d", i, v.CumulativeAmount, v.Nonce, want, i+1)
		}
		prev = protocol.LaneState{Nonce: v.Nonce, Amount: v.CumulativeAmount, Bytes: v.CumulativeBytes}
	}
	rs := hy.Routes()
	if len(rs) != 1 || rs[0].LastIn == nil {
		t.Fatalf("hub Y routes %+v", rs)
	}
	in, out := rs[0].LastIn.CumulativeAmount, rs[0].LastOut.CumulativeAmount
	if kept := new(big.Int).Sub(in, out); kept.Cmp(feeY.On(out)) != 0 {
		t.Fatalf("hub Y keeps %s, want its fee %s", kept, feeY.On(out))
	}
}

// twoHops is client → X → Y → miner on fresh channels, both hubs served
// and announced.
type twoHops struct {
	miner      common.Address
	xy, yMiner protocol.Element // X's channel to Y, Y's to the miner
	hx, hy     *Hub
	sy         *Service // Y's
	client     *Router
}

func (e *env) twoHops() twoHops {
	w := twoHops{miner: e.addr(minerIdx)}
	w.xy = e.open(hubXIdx, e.addr(hubYIdx), eth(1), big.NewInt(1500), hour)
	w.yMiner = e.open(hubYIdx, w.miner, eth(1), minerPrice, hour)
	clientX := e.open(clientIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)
	ncX, ncY, ncC := e.connect(), e.connect(), e.connect()
	w.hx = e.hub(hubXIdx, feeX, []protocol.Element{w.xy}, ncX, "")
	w.hy = e.hub(hubYIdx, feeY, []protocol.Element{w.yMiner}, ncY, "")
	e.serve(w.hx, ncX)
	w.sy = e.serve(w.hy, ncY)
	d := e.directory()
	e.announce(d, w.hx)
	e.announce(d, w.hy)
	w.client = e.router(clientIdx, ncC, d, clientX)
	return w
}

// TestTwoHopForward: client → X → Y → miner; each hop's amounts add up to
// the wei (the client pays the miner's amount plus both fees), the
// miner-facing voucher is Y's, and every hub holds one lane per route.
func TestTwoHopForward(t *testing.T) {
	e := newEnv(t)
	w := e.twoHops()
	miner, yMiner, hx, hy, client := w.miner, w.yMiner, w.hx, w.hy, w.client
	target, lock := randomTarget(t, 3)
	p, err := client.Setup(e.ctx, miner, target, protocol.ElementFromUint64(9), lock, Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice})
	if err != nil {
		t.Fatal(err)
	}
	info := p.Route()
	if len(info.Hops) != 2 || info.MinerChannel != yMiner || len(info.Failures) != 0 {
		t.Fatalf("route %+v", info)
	}
	if info.Hops[0].OutValidUntil != info.Hops[1].OutValidUntil+60 || info.OwnValidUntil != info.Hops[0].OutValidUntil+60 {
		t.Fatalf("expiries %d %d %d do not step by the hubs' delta", info.OwnValidUntil, info.Hops[0].OutValidUntil, info.Hops[1].OutValidUntil)
	}
	const b = 100_003
	v, err := p.Pay(e.ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	e.checkAsMiner(v, info, protocol.LaneState{})
	a0 := hx.Routes()[0].LastIn.CumulativeAmount
	a1 := hx.Routes()[0].LastOut.CumulativeAmount
	a1y := hy.Routes()[0].LastIn.CumulativeAmount
	a2 := v.CumulativeAmount
	want := Amounts(b, minerPrice, []Fee{feeX, feeY})
	if a0.Cmp(want[0]) != 0 || a1.Cmp(want[1]) != 0 || a1y.Cmp(a1) != 0 || a2.Cmp(want[2]) != 0 {
		t.Fatalf("amounts %s %s %s, want %v", a0, a1, a2, want)
	}
	sum := new(big.Int).Add(a2, new(big.Int).Sub(a0, a1))
	sum.Add(sum, new(big.Int).Sub(a1, a2))
	if sum.Cmp(a0) != 0 || new(big.Int).Sub(a0, a1).Cmp(feeX.On(a1)) != 0 || new(big.Int).Sub(a1, a2).Cmp(feeY.On(a2)) != 0 {
		t.Fatalf("fees do not add up: client %s, X keeps %s, Y keeps %s, miner %s", a0, new(big.Int).Sub(a0, a1), new(big.Int).Sub(a1, a2), a2)
	}
	// Paying the same count again returns the same voucher.
	again, err := p.Pay(e.ctx, b)
	if err != nil || again.Signature != v.Signature {
		t.Fatalf("repeat pay: %v", err)
	}
}

// TestHubDisappears: the second hub stops answering. At setup the first
// hub reports it unavailable (hop 2) and keeps nothing reserved; mid-route
// a payment fails with the same typed reason, and the first hub's
// reservation is released once the route expires.
func TestHubDisappears(t *testing.T) {
	e := newEnv(t)
	w := e.twoHops()
	miner, xy, hx, client := w.miner, w.xy, w.hx, w.client
	budget := Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice}

	target, lock := randomTarget(t, 4)
	p, err := client.Setup(e.ctx, miner, target, protocol.ElementFromUint64(9), lock, budget)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Pay(e.ctx, 1000); err != nil {
		t.Fatal(err)
	}
	if err := w.sy.Stop(); err != nil {
		t.Fatal(err)
	}
	_, err = p.Pay(e.ctx, 2000)
	var re *RouteError
	if !errors.As(err, &re) || re.Hop != 2 || re.Hub != e.addr(hubYIdx) || re.Reason != ReasonUnavailable {
		t.Fatalf("pay with hub Y gone: %v, want hop 2 unavailable", err)
	}
	if hx.Reserved(xy).Sign() == 0 {
		t.Fatal("hub X released its reservation before the route expired")
	}

	// A new route through the vanished hub: refused at setup, nothing
	// left reserved at X.
	target2, lock2 := randomTarget(t, 5)
	_, err = client.Setup(e.ctx, miner, target2, protocol.ElementFromUint64(9), lock2, budget)
	var nr *NoRouteError
	if !errors.As(err, &nr) || len(nr.Failures) != 1 || nr.Failures[0].Hop != 2 || nr.Failures[0].Reason != ReasonUnavailable {
		t.Fatalf("setup through a vanished hub: %v", err)
	}
	for _, r := range hx.Routes() {
		if r.Target == target2 {
			t.Fatalf("hub X keeps the refused route %+v", r)
		}
	}

	// After the route's expiry the sweep releases X's reservation.
	e.clock.Advance(time.Until(time.Unix(int64(p.Route().OwnValidUntil), 0)) + 2*time.Second)
	if n := hx.Sweep(); n != 1 {
		t.Fatalf("sweep released %d routes, want 1", n)
	}
	if r := hx.Reserved(xy); r.Sign() != 0 {
		t.Fatalf("hub X still reserves %s wei after expiry", r)
	}
}
