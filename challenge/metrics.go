package challenge

import "github.com/prometheus/client_golang/prometheus"

// minerCollector exposes a Miner's Stats, read at scrape time (no counter
// to keep in step with the miner's own bookkeeping).
type minerCollector struct {
	stats                            func() MinerStats
	conns, unpaid, exposure, refused *prometheus.Desc
}

// NewMinerCollector returns a Prometheus collector of m.Stats():
// bwproof_miner_connections_open, bwproof_miner_unpaid_bytes,
// bwproof_miner_exposure_bytes and bwproof_miner_connections_refused_total.
func NewMinerCollector(m *Miner) prometheus.Collector {
	return &minerCollector{stats: m.Stats,
		conns:    prometheus.NewDesc("bwproof_miner_connections_open", "Open client connections.", nil, nil),
		unpaid:   prometheus.NewDesc("bwproof_miner_unpaid_bytes", "Bytes sent and not covered by an accepted voucher (open connections, and ended ones until the unpaid hold ends).", nil, nil),
		exposure: prometheus.NewDesc("bwproof_miner_exposure_bytes", "What channels not verified on chain hold against the max-unpaid cap: debts and reserved credit.", nil, nil),
		refused:  prometheus.NewDesc("bwproof_miner_connections_refused_total", "Connections closed at accept for a connection cap.", nil, nil),
	}
}

func (c *minerCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.conns
	ch <- c.unpaid
	ch <- c.exposure
	ch <- c.refused
}

func (c *minerCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.stats()
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(st.Conns))
	ch <- prometheus.MustNewConstMetric(c.unpaid, prometheus.GaugeValue, float64(st.Unpaid))
	ch <- prometheus.MustNewConstMetric(c.exposure, prometheus.GaugeValue, float64(st.Exposure))
	ch <- prometheus.MustNewConstMetric(c.refused, prometheus.CounterValue, float64(st.Refused))
}
