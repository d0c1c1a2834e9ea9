package hub

import (
	"math/big"
	"testing"

	"github.com/bwproof/bwproof/protocol"
)

// TestReservationShrinks: once the chain paid part of a route's outbound
// lane (NoteWithdrawn), the channel's remaining deposit already lost it,
// so the route holds only what its lane can still pay; a reorg that undid
// the withdrawal restores the full hold. Lanes that are not the hub's are
// ignored.
func TestReservationShrinks(t *testing.T) {
	e := newEnv(t)
	miner := e.addr(minerIdx)
	out := e.open(hubXIdx, miner, eth(1), minerPrice, hour)
	in := e.open(clientIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)
	nc := e.connect()
	hx := e.hub(hubXIdx, feeX, []protocol.Element{out}, nc, "")
	e.serve(hx, nc)
	d := e.directory()
	e.announce(d, hx)
	target, lock := randomTarget(t, 1)
	p, err := e.router(clientIdx, e.connect(), d, in).Setup(e.ctx, miner, target, protocol.ElementFromUint64(9), lock,
		Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice})
	if err != nil {
		t.Fatal(err)
	}
	info := p.Route()
	budget := Amounts(testMaxBytes, minerPrice, nil)[0]
	if got := hx.Reserved(out); got.Cmp(budget) != 0 {
		t.Fatalf("reserved %s, want the budget %s", got, budget)
	}
	paid := big.NewInt(123_456)
	if !hx.NoteWithdrawn(out, info.MinerLane, paid) {
		t.Fatal("the route's outbound lane not recognized")
	}
	if got, want := hx.Reserved(out), new(big.Int).Sub(budget, paid); got.Cmp(want) != 0 {
		t.Fatalf("reserved %s after %s paid, want %s", got, paid, want)
	}
	if rs := hx.Routes(); len(rs) != 1 || rs[0].OutWithdrawn.Cmp(paid) != 0 || rs[0].OutReserved.Cmp(new(big.Int).Sub(budget, paid)) != 0 {
		t.Fatalf("route state %+v", rs)
	}
	if hx.NoteWithdrawn(out, info.MinerLane+1, paid) {
		t.Fatal("a lane of no route recognized")
	}
	hx.NoteWithdrawn(out, info.MinerLane, new(big.Int)) // a reorg undid it
	if got := hx.Reserved(out); got.Cmp(budget) != 0 {
		t.Fatalf("reserved %s after the reorg, want %s", got, budget)
	}
}

// TestInboundUpTo: when the chain proved fewer bytes than the latest
// forwarded voucher (the miner withdrew an older one), the hub finds the
// latest inbound voucher the proof covers; it pays at least what the hub
// paid out for those bytes plus its fee. Also after a restart (the
// journal brings every inbound voucher back).
func TestInboundUpTo(t *testing.T) {
	e := newEnv(t)
	miner := e.addr(minerIdx)
	out := e.open(hubXIdx, miner, eth(1), minerPrice, hour)
	in := e.open(clientIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)
	nc := e.connect()
	dir := t.TempDir()
	hx := e.hub(hubXIdx, feeX, []protocol.Element{out}, nc, dir)
	svc := e.serve(hx, nc)
	d := e.directory()
	e.announce(d, hx)
	target, lock := randomTarget(t, 2)
	p, err := e.router(clientIdx, e.connect(), d, in).Setup(e.ctx, miner, target, protocol.ElementFromUint64(9), lock,
		Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Route().ID
	var outs []*protocol.LaneVoucher
	for _, b := range []uint64{4096, 8192, 12288} {
		v, err := p.Pay(e.ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, v)
	}
	check := func(h *Hub) {
		t.Helper()
		if v := h.InboundUpTo(id, 4095); v != nil {
			t.Fatalf("a voucher under the first window: %+v", v)
		}
		for _, c := range []struct {
			proven uint64
			want   int
		}{{4096, 0}, {8191, 0}, {8192, 1}, {1 << 30, 2}} {
			v := h.InboundUpTo(id, c.proven)
			if v == nil || v.CumulativeBytes != outs[c.want].CumulativeBytes || v.Nonce != uint64(c.want+1) {
				t.Fatalf("proven %d: %+v, want the voucher for %d bytes", c.proven, v, outs[c.want].CumulativeBytes)
			}
			if min := new(big.Int).Add(outs[c.want].CumulativeAmount, feeX.On(outs[c.want].CumulativeAmount)); v.CumulativeAmount.Cmp(min) < 0 {
				t.Fatalf("inbound %s below outbound %s + fee", v.CumulativeAmount, outs[c.want].CumulativeAmount)
			}
		}
	}
	check(hx)
	if v := hx.InboundUpTo(RouteID{1}, 1<<30); v != nil {
		t.Fatal("a voucher of an unknown route")
	}
	svc.Stop()
	if err := hx.Close(); err != nil {
		t.Fatal(err)
	}
	check(e.hub(hubXIdx, feeX, []protocol.Element{out}, nil, dir))
}
