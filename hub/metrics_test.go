package hub

import (
	"math/big"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/bwproof/bwproof/protocol"
)

// TestHubMetrics: every series is present before the first route, and
// after one forwarded payment they show the route, its reservation, the
// voucher and the amounts the hub holds.
func TestHubMetrics(t *testing.T) {
	e := newEnv(t)
	miner := e.addr(minerIdx)
	xMiner := e.open(hubXIdx, miner, eth(1), minerPrice, hour)
	clientX := e.open(clientIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)
	ncX, ncC := e.connect(), e.connect()
	hx := e.hub(hubXIdx, feeX, []protocol.Element{xMiner}, ncX, "")
	e.serve(hx, ncX)
	d := e.directory()
	e.announce(d, hx)

	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(NewCollector(hx)); err != nil {
		t.Fatal(err)
	}
	if n, err := testutil.GatherAndCount(reg); err != nil || n != 9 {
		t.Fatalf("series before any route: %d, %v (want 9)", n, err)
	}

	client := e.router(clientIdx, ncC, d, clientX)
	target, lock := randomTarget(t, 5)
	p, err := client.Setup(e.ctx, miner, target, protocol.ElementFromUint64(9), lock, Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice})
	if err != nil {
		t.Fatal(err)
	}
	const b = 50_000
	if _, err := p.Pay(e.ctx, b); err != nil {
		t.Fatal(err)
	}
	r := hx.Routes()[0]
	want := strings.NewReader(`
# HELP bwproof_hub_forwarded_bytes_total Cumulative bytes of the latest outbound voucher of every route.
# TYPE bwproof_hub_forwarded_bytes_total counter
bwproof_hub_forwarded_bytes_total 50000
# HELP bwproof_hub_forwarded_vouchers_total Outbound lane vouchers signed (the nonces of the routes' outbound lanes).
# TYPE bwproof_hub_forwarded_vouchers_total counter
bwproof_hub_forwarded_vouchers_total 1
# HELP bwproof_hub_routes Routes the hub holds, live (reserving outbound capacity or still claimable) or released.
# TYPE bwproof_hub_routes gauge
bwproof_hub_routes{state="live"} 1
bwproof_hub_routes{state="released"} 0
`)
	if err := testutil.GatherAndCompare(reg, want, "bwproof_hub_forwarded_bytes_total", "bwproof_hub_forwarded_vouchers_total", "bwproof_hub_routes"); err != nil {
		t.Fatal(err)
	}
	f := func(b *big.Int) float64 { v, _ := new(big.Float).SetInt(b).Float64(); return v }
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		if m := mf.GetMetric(); len(m) == 1 {
			if c := m[0].GetCounter(); c != nil {
				got[mf.GetName()] = c.GetValue()
			} else {
				got[mf.GetName()] = m[0].GetGauge().GetValue()
			}
		}
	}
	for name, v := range map[string]float64{
		"bwproof_hub_reserved_wei":                f(r.OutReserved),
		"bwproof_hub_inbound_promised_wei_total":  f(r.LastIn.CumulativeAmount),
		"bwproof_hub_outbound_promised_wei_total": f(r.LastOut.CumulativeAmount),
	} {
		if got[name] != v || v == 0 {
			t.Errorf("%s = %v, want %v (not zero)", name, got[name], v)
		}
	}
}
