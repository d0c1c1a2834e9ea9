package verifier

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Metrics holds the service's Prometheus metrics and writes them in the
// text exposition format (version 0.0.4) without a client library.
type Metrics struct {
	mu       sync.Mutex
	counters map[string]*counterVec
	hists    map[string]*histVec
	gauges   map[string]func() float64
	order    []string
	help     map[string]string
	kind     map[string]string
}

type counterVec struct{ vals map[string]float64 }

type histVec struct {
	buckets []float64
	series  map[string]*histSeries
}

type histSeries struct {
	counts []uint64
	sum    float64
	count  uint64
}

// Metric names.
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

// NewMetrics returns an empty metric set with the service's metrics declared.
func NewMetrics() *Metrics {
	m := &Metrics{counters: map[string]*counterVec{}, hists: map[string]*histVec{},
		gauges: map[string]func() float64{}, help: map[string]string{}, kind: map[string]string{}}
	m.counter(mProofs, "Groth16 proofs verified, by result (valid, invalid).")
	m.counter(mAttestations, "Attestation submissions, by result (accepted, duplicate, rejected) and reason.")
	m.counter(mReports, "Report submissions, by result (proven, complaint, rejected) and reason.")
	m.counter(mRejected, "Requests rejected or failed, by endpoint and reason.")
	m.counter(mFlags, "Flag events published.")
	m.counter(mReplyRefused, "Requests dropped unprocessed because their reply subject is not a reply subject, by endpoint.")
	m.histogram(mBatchSize, "Proofs per verification batch.", []float64{1, 2, 4, 8, 16, 32, 64, 128})
	m.histogram(mBatchSeconds, "Time to verify one batch.", expBuckets(0.0005, 2, 14))
	m.histogram(mRequestSecs, "Request latency, by endpoint.", expBuckets(0.0005, 2, 16))
	return m
}

func expBuckets(start, factor float64, n int) []float64 {
	b := make([]float64, n)
	for i := range b {
		b[i] = start * math.Pow(factor, float64(i))
	}
	return b
}

func (m *Metrics) declare(name, kind, help string) {
	m.order = append(m.order, name)
	m.help[name] = help
	m.kind[name] = kind
}

func (m *Metrics) counter(name, help string) {
	m.declare(name, "counter", help)
	m.counters[name] = &counterVec{vals: map[string]float64{}}
}

func (m *Metrics) histogram(name, help string, buckets []float64) {
	m.declare(name, "histogram", help)
	m.hists[name] = &histVec{buckets: buckets, series: map[string]*histSeries{}}
}

// gauge declares a gauge read at scrape time.
func (m *Metrics) gauge(name, help string, f func() float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.gauges[name]; !ok {
		m.declare(name, "gauge", help)
	}
	m.gauges[name] = f
}

// labels renders label pairs (k1, v1, k2, v2, ...) as {k1="v1",...}.
func labels(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kv[i])
		b.WriteString(`="`)
		b.WriteString(labelEscaper.Replace(kv[i+1]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// labelEscaper escapes a Prometheus label value (built once: a Replacer
// builds its tables on first use).
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func (m *Metrics) add(name string, v float64, kv ...string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counters[name].vals[labels(kv...)] += v
}

func (m *Metrics) observe(name string, v float64, kv ...string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hists[name]
	l := labels(kv...)
	s := h.series[l]
	if s == nil {
		s = &histSeries{counts: make([]uint64, len(h.buckets))}
		h.series[l] = s
	}
	for i, ub := range h.buckets {
		if v <= ub {
			s.counts[i]++
		}
	}
	s.sum += v
	s.count++
}

// Counter returns a counter's value (for tests and the stats endpoint).
func (m *Metrics) Counter(name string, kv ...string) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.counters[name]; ok {
		return c.vals[labels(kv...)]
	}
	return 0
}

// HistogramCount returns a histogram's observation count and sum.
func (m *Metrics) HistogramCount(name string, kv ...string) (uint64, float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h, ok := m.hists[name]; ok {
		if s := h.series[labels(kv...)]; s != nil {
			return s.count, s.sum
		}
	}
	return 0, 0
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

func withLabel(series, k, v string) string {
	extra := k + `="` + v + `"`
	if series == "" {
		return "{" + extra + "}"
	}
	return series[:len(series)-1] + "," + extra + "}"
}

func fmtFloat(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// WriteTo writes every metric in the Prometheus text format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	bw := bufio.NewWriter(w)
	cw := &countWriter{w: bw}
	for _, name := range m.order {
		fmt.Fprintf(cw, "# HELP %s %s\n# TYPE %s %s\n", name, m.help[name], name, m.kind[name])
		switch m.kind[name] {
		case "counter":
			vals := m.counters[name].vals
			for _, l := range sortedKeys(vals) {
				fmt.Fprintf(cw, "%s%s %s\n", name, l, fmtFloat(vals[l]))
			}
		case "gauge":
			fmt.Fprintf(cw, "%s %s\n", name, fmtFloat(m.gauges[name]()))
		case "histogram":
			h := m.hists[name]
			for _, l := range sortedKeys(h.series) {
				s := h.series[l]
				for i, ub := range h.buckets {
					fmt.Fprintf(cw, "%s_bucket%s %d\n", name, withLabel(l, "le", fmtFloat(ub)), s.counts[i])
				}
				fmt.Fprintf(cw, "%s_bucket%s %d\n", name, withLabel(l, "le", "+Inf"), s.count)
				fmt.Fprintf(cw, "%s_sum%s %s\n", name, l, fmtFloat(s.sum))
				fmt.Fprintf(cw, "%s_count%s %d\n", name, l, s.count)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// ServeHTTP serves /metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	if _, err := m.WriteTo(w); err != nil {
		return // the scraper went away
	}
}

// MetricsServer serves /metrics on a TCP address.
type MetricsServer struct {
	srv *http.Server
	ln  net.Listener
}

// ServeMetrics listens on addr (e.g. 127.0.0.1:9464; port 0 picks one)
// and serves m at /metrics until Close.
func ServeMetrics(addr string, m *Metrics, log *slog.Logger) (*MetricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", m)
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
