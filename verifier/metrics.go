package verifier

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"sort"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
)

// Metric names (verifier/README.md lists them; dashboards depend on them).
const (
	mProofs       = "bwproof_verifier_proofs_verified_total"
	mAttestations = "bwproof_verifier_attestations_total"
	mReports      = "bwproof_verifier_reports_total"
	mRejected     = "bwproof_verifier_rejected_total"
	mFlags        = "bwproof_verifier_flags_published_total"
	mBatchSize    = "bwproof_verifier_batch_size"
	mBatchSeconds = "bwproof_verifier_batch_seconds"
	mRequestSecs  = "bwproof_verifier_request_seconds"
	mInflight     = "bwproof_verifier_requests_in_flight"
	mReplyRefused = "bwproof_verifier_reply_subjects_refused_total"
)

// Metrics holds a service's Prometheus metrics in a registry of its own
// (no global registry: two services in one process keep apart), with the
// Go runtime and process collectors and bwproof_build_info.
type Metrics struct {
	reg      *prometheus.Registry
	counters map[string]*prometheus.CounterVec
	hists    map[string]*prometheus.HistogramVec
	inflight atomic.Pointer[func() float64]
	handler  http.Handler
}

// NewRuntimeRegistry returns a registry with the Go runtime and process
// collectors and bwproof_build_info: what every bwproof role exposes.
func NewRuntimeRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), buildInfo())
	return reg
}

// buildInfo is a constant gauge of 1 labelled with the binary's module
// version, VCS revision and Go version.
func buildInfo() prometheus.Collector {
	version, revision, goversion := "unknown", "unknown", runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goversion = bi.GoVersion
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && revision != "unknown" {
			revision += "-dirty"
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "bwproof_build_info",
		Help:        "Always 1; the labels say which build is running.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goversion}})
	g.Set(1)
	return g
}

// NewMetrics returns the service's metrics, every label set that can occur
// already at zero (dashboards show 0, not "no data"; endpoint-labelled
// series start when the service adds its endpoints).
func NewMetrics() *Metrics {
	m := &Metrics{reg: NewRuntimeRegistry(), counters: map[string]*prometheus.CounterVec{}, hists: map[string]*prometheus.HistogramVec{}}
	m.counter(mProofs, "Groth16 proofs verified, by result (valid, invalid).", "result")
	m.counter(mAttestations, "Attestation submissions, by result (accepted, duplicate, rejected) and reason.", "result", "reason")
	m.counter(mReports, "Report submissions, by result (proven, complaint, rejected) and reason.", "result", "reason")
	m.counter(mRejected, "Requests rejected or failed, by endpoint and reason.", "endpoint", "reason")
	m.counter(mFlags, "Flag events published.")
	m.counter(mReplyRefused, "Requests dropped unprocessed because their reply subject is not a reply subject, by endpoint.", "endpoint")
	m.histogram(mBatchSize, "Proofs per verification batch.", []float64{1, 2, 4, 8, 16, 32, 64, 128})
	m.histogram(mBatchSeconds, "Time to verify one batch.", prometheus.ExponentialBuckets(0.0005, 2, 14))
	m.histogram(mRequestSecs, "Request latency, by endpoint.", prometheus.ExponentialBuckets(0.0005, 2, 16), "endpoint")
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: mInflight, Help: "Requests being processed."}, func() float64 {
		if f := m.inflight.Load(); f != nil {
			return (*f)()
		}
		return 0
	}))

	for _, r := range []string{"valid", "invalid"} {
		m.counters[mProofs].WithLabelValues(r)
	}
	for _, r := range []string{"accepted", "duplicate"} {
		m.counters[mAttestations].WithLabelValues(r, "")
	}
	for _, r := range []string{"proven", "complaint"} {
		m.counters[mReports].WithLabelValues(r, "")
	}
	for _, r := range allReasons() {
		m.counters[mAttestations].WithLabelValues("rejected", r)
		m.counters[mReports].WithLabelValues("rejected", r)
	}
	m.counters[mFlags].WithLabelValues()
	m.hists[mBatchSize].WithLabelValues()
	m.hists[mBatchSeconds].WithLabelValues()
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// allReasons lists every reason code, sorted.
func allReasons() []string {
	rs := make([]string, 0, len(reasonErrs))
	for r := range reasonErrs {
		rs = append(rs, string(r))
	}
	sort.Strings(rs)
	return rs
}

// sortedKeys returns a map's keys in order (store.go lists miners with it).
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// initEndpoint starts an endpoint's series at zero.
func (m *Metrics) initEndpoint(name string) {
	for _, r := range allReasons() {
		m.counters[mRejected].WithLabelValues(name, r)
	}
	m.counters[mReplyRefused].WithLabelValues(name)
	m.hists[mRequestSecs].WithLabelValues(name)
}

func (m *Metrics) counter(name, help string, labels ...string) {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	m.reg.MustRegister(v)
	m.counters[name] = v
}

func (m *Metrics) histogram(name, help string, buckets []float64, labels ...string) {
	v := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	m.reg.MustRegister(v)
	m.hists[name] = v
}

// setInflight sets the function the in-flight gauge reads at scrape time.
func (m *Metrics) setInflight(f func() float64) { m.inflight.Store(&f) }

func (m *Metrics) add(name string, v float64, kv ...string) {
	if m == nil {
		return
	}
	m.counters[name].With(labelMap(kv)).Add(v)
}

func (m *Metrics) observe(name string, v float64, kv ...string) {
	if m == nil {
		return
	}
	m.hists[name].With(labelMap(kv)).Observe(v)
}

// Counter returns a counter's value (for tests and the stats endpoint).
func (m *Metrics) Counter(name string, kv ...string) float64 {
	c, ok := m.counters[name]
	if !ok {
		return 0
	}
	ctr, err := c.GetMetricWith(labelMap(kv))
	if err != nil {
		return 0
	}
	var d dto.Metric
	if err := ctr.Write(&d); err != nil {
		return 0
	}
	return d.GetCounter().GetValue()
}

// HistogramCount returns a histogram's observation count and sum.
func (m *Metrics) HistogramCount(name string, kv ...string) (uint64, float64) {
	h, ok := m.hists[name]
	if !ok {
		return 0, 0
	}
	o, err := h.GetMetricWith(labelMap(kv))
	if err != nil {
		return 0, 0
	}
	var d dto.Metric
	if err := o.(prometheus.Metric).Write(&d); err != nil {
		return 0, 0
	}
	return d.GetHistogram().GetSampleCount(), d.GetHistogram().GetSampleSum()
}

func labelMap(kv []string) prometheus.Labels {
	l := prometheus.Labels{}
	for i := 0; i+1 < len(kv); i += 2 {
		l[kv[i]] = kv[i+1]
	}
	return l
}

func (m *Metrics) observeBatch(n int, d time.Duration, errs []error) {
	if m == nil {
		return
	}
	m.observe(mBatchSize, float64(n))
	m.observe(mBatchSeconds, d.Seconds())
	for _, err := range errs {
		if err == nil {
			m.add(mProofs, 1, "result", "valid")
		} else {
			m.add(mProofs, 1, "result", "invalid")
		}
	}
}

// Registry is the registry the metrics are in, to add collectors to.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ServeHTTP serves /metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }

// MetricsServer serves /metrics on a TCP address.
type MetricsServer struct {
	srv *http.Server
	ln  net.Listener
}

// ServeMetrics listens on addr (e.g. 127.0.0.1:9464; port 0 picks one)
// and serves h (a *Metrics, or promhttp.HandlerFor a registry) at
// /metrics until Close.
func ServeMetrics(addr string, h http.Handler, log *slog.Logger) (*MetricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	s := &MetricsServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}, ln: ln}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	return s, nil
}

// Addr is the address the metrics server listens on.
func (s *MetricsServer) Addr() string { return s.ln.Addr().String() }

// Close stops the metrics server.
func (s *MetricsServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
