package hub

import (
	"math/big"

	"github.com/prometheus/client_golang/prometheus"
)

// hubCollector exposes what the hub holds, read from Routes at scrape time
// (nothing to keep in step with the hub's own bookkeeping).
type hubCollector struct {
	h                                          *Hub
	routes, reserved, forwarded, inWei, outWei *prometheus.Desc
	inWithdrawn, outWithdrawn, forwardedBytes  *prometheus.Desc
}

// NewCollector returns a Prometheus collector of h: bwproof_hub_routes
// {state="live"|"released"}, bwproof_hub_reserved_wei,
// bwproof_hub_forwarded_vouchers_total, bwproof_hub_forwarded_bytes_total,
// bwproof_hub_inbound_promised_wei_total / outbound (the latest cumulative
// amounts signed to it and by it: their difference is the fees earned once
// claimed), bwproof_hub_inbound_withdrawn_wei_total / outbound (what the
// chain paid on the route lanes, as last noted). Every series is present
// from start.
func NewCollector(h *Hub) prometheus.Collector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("bwproof_hub_"+name, help, labels, nil)
	}
	return &hubCollector{h: h,
		routes:         d("routes", "Routes the hub holds, live (reserving outbound capacity or still claimable) or released.", "state"),
		reserved:       d("reserved_wei", "Outbound deposit the live routes still reserve."),
		forwarded:      d("forwarded_vouchers_total", "Outbound lane vouchers signed (the nonces of the routes' outbound lanes)."),
		forwardedBytes: d("forwarded_bytes_total", "Cumulative bytes of the latest outbound voucher of every route."),
		inWei:          d("inbound_promised_wei_total", "Latest cumulative amount of every route's inbound voucher."),
		outWei:         d("outbound_promised_wei_total", "Latest cumulative amount of every route's outbound voucher."),
		inWithdrawn:    d("inbound_withdrawn_wei_total", "What the chain paid the hub on its routes' inbound lanes (as last noted)."),
		outWithdrawn:   d("outbound_withdrawn_wei_total", "What the chain paid out of the hub's outbound lanes (as last noted)."),
	}
}

func (c *hubCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.routes, c.reserved, c.forwarded, c.forwardedBytes, c.inWei, c.outWei, c.inWithdrawn, c.outWithdrawn} {
		ch <- d
	}
}

func (c *hubCollector) Collect(ch chan<- prometheus.Metric) {
	var live, released, vouchers, bytes float64
	reserved, inWei, outWei, inW, outW := new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int)
	for _, r := range c.h.Routes() {
		if r.Released {
			released++
		} else {
			live++
		}
		reserved.Add(reserved, orZero(r.OutReserved))
		inW.Add(inW, orZero(r.InWithdrawn))
		outW.Add(outW, orZero(r.OutWithdrawn))
		if r.LastOut != nil {
			vouchers += float64(r.LastOut.Nonce)
			bytes += float64(r.LastOut.CumulativeBytes)
			outWei.Add(outWei, orZero(r.LastOut.CumulativeAmount))
		}
		if r.LastIn != nil {
			inWei.Add(inWei, orZero(r.LastIn.CumulativeAmount))
		}
	}
	f := func(b *big.Int) float64 { v, _ := new(big.Float).SetInt(b).Float64(); return v }
	ch <- prometheus.MustNewConstMetric(c.routes, prometheus.GaugeValue, live, "live")
	ch <- prometheus.MustNewConstMetric(c.routes, prometheus.GaugeValue, released, "released")
	ch <- prometheus.MustNewConstMetric(c.reserved, prometheus.GaugeValue, f(reserved))
	ch <- prometheus.MustNewConstMetric(c.forwarded, prometheus.CounterValue, vouchers)
	ch <- prometheus.MustNewConstMetric(c.forwardedBytes, prometheus.CounterValue, bytes)
	ch <- prometheus.MustNewConstMetric(c.inWei, prometheus.CounterValue, f(inWei))
	ch <- prometheus.MustNewConstMetric(c.outWei, prometheus.CounterValue, f(outWei))
	ch <- prometheus.MustNewConstMetric(c.inWithdrawn, prometheus.CounterValue, f(inW))
	ch <- prometheus.MustNewConstMetric(c.outWithdrawn, prometheus.CounterValue, f(outW))
}
