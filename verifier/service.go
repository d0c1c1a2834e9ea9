package verifier

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// ServiceName is the NATS micro service name (`nats micro info bwproof-verifier`).
const ServiceName = "bwproof-verifier"

// ServiceVersion is the micro service version; the API version is the v1
// in the subjects.
const ServiceVersion = "1.0.0"

// Options configures a Service. Zero values take the documented defaults.
type Options struct {
	// Conn is the NATS connection (required). The service does not close it.
	Conn *nats.Conn
	// Keys are the verifying keys, indexed by their circuit id (required).
	Keys []*attest.Keys
	// BatchKeys are the batch key sets whose batch attestations the
	// service accepts (only their verifying keys are used; none: batch
	// submissions are refused as unknown_circuit).
	BatchKeys []*attest.BatchKeys
	// Replicas of the JetStream streams and buckets: 1 on a single server,
	// 3 on a cluster (default 1).
	Replicas int
	// EpochLength is the accounting epoch for rewards (default 1h).
	EpochLength time.Duration
	// Workers verify proofs in parallel (default GOMAXPROCS).
	Workers int
	// MaxBatch is the largest verification batch (default 64).
	MaxBatch int
	// MaxInFlight bounds requests being processed; beyond it requests are
	// answered "overloaded" at once (default 512).
	MaxInFlight int
	// RequestTimeout bounds one request's work (default 10s).
	RequestTimeout time.Duration
	// Per-miner attestation rate (per second) and burst (default 20, 40);
	// a negative rate disables the limit.
	AttestationRate  float64
	AttestationBurst int
	// Per-reporter report rate and burst (default 1, 10).
	ReportRate  float64
	ReportBurst int
	// Per-credential request rate and burst over all endpoints (default
	// 50, 100): a requester's NATS account, which the server stamps on
	// every request that comes through an account import (with an access
	// layout, every request of a miner, client or ops user). It is checked
	// before anything else, so throwaway miner keys on one credential cost
	// no more than this. Requests from the verifier account itself (and
	// from anyone on a server without an access layout) carry no
	// credential and are not limited here.
	CredentialRate  float64
	CredentialBurst int
	// ComplaintThreshold: distinct complainants that flag a party
	// (default 5). Proven faults flag at once.
	ComplaintThreshold int
	// MaxReportAge and MaxClockSkew bound a report's time (default 7 days
	// in the past, 10 minutes in the future).
	MaxReportAge time.Duration
	MaxClockSkew time.Duration
	// Chain binds attestations to a ChannelManager: one is accepted only
	// if its channel is on that contract, its signer is the channel's
	// miner (or the channel's payee, the miner's Owner) and its proof's
	// receipt key hash is the channel's; the channel's bytes count for
	// its on-chain miner. If Chain also implements ChainWatcher, its
	// events refresh the cache. Either Chain or AllowOffchain is required.
	Chain ChainSource
	// ChainCacheTTL bounds how long a channel read is trusted without an
	// event (default DefaultChainCacheTTL); ChainTimeout bounds one read
	// (default DefaultChainTimeout).
	ChainCacheTTL time.Duration
	ChainTimeout  time.Duration
	// AllowOffchain, without Chain, accepts attestations on channels
	// nobody checked on chain (development and tests): they are recorded
	// as off-chain, attributed to their first miner, and counted apart
	// from the epoch totals. It cannot be combined with Chain.
	AllowOffchain bool
	// Metrics receives the service's metrics (default: a new set, see
	// Service.Metrics).
	Metrics *Metrics
	Log     *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (o *Options) defaults() error {
	if o.Conn == nil {
		return fmt.Errorf("%w: a NATS connection is required", ErrConfig)
	}
	if len(o.Keys) == 0 {
		return fmt.Errorf("%w: at least one verifying key is required", ErrConfig)
	}
	switch {
	case o.Chain == nil && !o.AllowOffchain:
		return fmt.Errorf("%w: a chain source is required to bind attestations to channels (AllowOffchain only for development and tests)", ErrConfig)
	case o.Chain != nil && o.AllowOffchain:
		return fmt.Errorf("%w: AllowOffchain and a chain source exclude each other", ErrConfig)
	}
	if o.ChainCacheTTL <= 0 {
		o.ChainCacheTTL = DefaultChainCacheTTL
	}
	if o.ChainTimeout <= 0 {
		o.ChainTimeout = DefaultChainTimeout
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.EpochLength <= 0 {
		o.EpochLength = time.Hour
	}
	if o.EpochLength < time.Second {
		return fmt.Errorf("%w: epoch length %s below one second", ErrConfig, o.EpochLength)
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 64
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 512
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 10 * time.Second
	}
	if o.AttestationRate == 0 {
		o.AttestationRate, o.AttestationBurst = 20, max(o.AttestationBurst, 40)
	}
	if o.ReportRate == 0 {
		o.ReportRate, o.ReportBurst = 1, max(o.ReportBurst, 10)
	}
	if o.CredentialRate == 0 {
		o.CredentialRate, o.CredentialBurst = 50, max(o.CredentialBurst, 100)
	}
	if o.ComplaintThreshold <= 0 {
		o.ComplaintThreshold = 5
	}
	if o.MaxReportAge <= 0 {
		o.MaxReportAge = 7 * 24 * time.Hour
	}
	if o.MaxClockSkew <= 0 {
		o.MaxClockSkew = 10 * time.Minute
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}

// Service is one verifier process. Several on one NATS cluster form one
// service (queue group "q" of the micro framework); all their state is in
// JetStream.
type Service struct {
	opts Options
	log  *slog.Logger
	keys map[attest.CircuitID]*preparedKey
	// batchKeys: the batch verifying keys by circuit id.
	batchKeys map[attest.CircuitID]*attest.BatchKeys
	store     *store
	batch     *batcher
	svc       *microService
	metrics   *Metrics
	chain     *chainCache // nil: off-chain mode

	attLimit    *limiter
	reportLimit *limiter
	credLimit   *limiter
	sem         chan struct{}
	settled     settledCache

	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup // in-flight requests
	bg       sync.WaitGroup // the chain watcher
	stopMu   sync.RWMutex   // orders wg.Add in handlers before wg.Wait in Stop
	stopping bool

	stopOnce sync.Once
	solMu    sync.Mutex
	sol      map[attest.CircuitID][]byte
}

// New creates (or binds to) the JetStream assets, starts the verification
// workers and registers the micro service. A background pass settles
// records a crashed verifier left half done (see Reconcile).
func New(ctx context.Context, opts Options) (*Service, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	s := &Service{opts: opts, log: opts.Log, keys: map[attest.CircuitID]*preparedKey{}, metrics: opts.Metrics,
		attLimit:    newLimiter(opts.AttestationRate, opts.AttestationBurst, opts.Now),
		reportLimit: newLimiter(opts.ReportRate, opts.ReportBurst, opts.Now),
		credLimit:   newLimiter(opts.CredentialRate, opts.CredentialBurst, opts.Now),
		sem:         make(chan struct{}, opts.MaxInFlight), sol: map[attest.CircuitID][]byte{}}
	if opts.Chain != nil {
		s.chain = newChainCache(opts.Chain, opts.ChainCacheTTL, opts.ChainTimeout, opts.Now)
	}
	for _, k := range opts.Keys {
		p, err := prepareKey(k)
		if err != nil {
			return nil, err
		}
		s.keys[k.CircuitID] = p
	}
	s.batchKeys = map[attest.CircuitID]*attest.BatchKeys{}
	for _, k := range opts.BatchKeys {
		if k == nil || k.VK == nil {
			return nil, fmt.Errorf("%w: a batch key set without a verifying key", ErrConfig)
		}
		s.batchKeys[k.CircuitID] = k
	}
	// A cluster that is still electing its JetStream leaders refuses to
	// create streams for a while: retry until ctx ends.
	for attempt := 0; ; attempt++ {
		st, err := openStore(ctx, opts.Conn, storeConfig{Replicas: opts.Replicas})
		if err == nil {
			s.store = st
			break
		}
		if attempt%8 == 0 {
			s.log.Info("waiting for JetStream", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (gave up: %w)", err, ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.batch = newBatcher(opts.Workers, opts.MaxBatch, opts.MaxInFlight, s.metrics)
	s.metrics.setInflight(func() float64 { return float64(len(s.sem)) })
	if err := s.register(); err != nil {
		s.batch.stop()
		s.cancel()
		return nil, err
	}
	if w, ok := opts.Chain.(ChainWatcher); ok {
		s.bg.Add(1)
		go s.watchChain(w)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		rctx, cancel := context.WithTimeout(s.ctx, 5*time.Minute)
		defer cancel()
		if err := s.Reconcile(rctx); err != nil && s.ctx.Err() == nil {
			s.log.Warn("startup reconciliation incomplete", "err", err)
		}
	}()
	ids := make([]string, 0, len(s.keys))
	for id := range s.keys {
		ids = append(ids, id.String()[:16])
	}
	s.log.Info("verifier service started", "service", ServiceName, "id", s.svc.id,
		"circuits", strings.Join(ids, ","), "replicas", opts.Replicas, "workers", opts.Workers, "onchain", opts.Chain != nil)
	return s, nil
}

// Metrics returns the service's metrics.
func (s *Service) Metrics() *Metrics { return s.metrics }

// ID is the micro service instance id.
func (s *Service) ID() string { return s.svc.id }

// Stop stops taking requests, lets those in flight finish (up to ctx) and
// stops the workers. It does not close the NATS connection.
func (s *Service) Stop(ctx context.Context) error {
	var err error
	s.stopOnce.Do(func() {
		err = s.svc.stop()
		s.stopMu.Lock()
		s.stopping = true
		s.stopMu.Unlock()
		done := make(chan struct{})
		go func() { s.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			s.cancel() // abandon the rest: nothing unacknowledged is lost
			<-done
		}
		s.cancel()
		s.bg.Wait()
		s.batch.stop()
		s.log.Info("verifier service stopped")
	})
	return err
}

func (s *Service) register() error {
	md := map[string]string{"api": "v1"}
	var circuits []string
	for id := range s.keys {
		circuits = append(circuits, id.String())
	}
	md["circuits"] = strings.Join(circuits, ",")
	s.svc = newMicroService(s.opts.Conn, ServiceName, ServiceVersion,
		"bwproof verifier: Groth16 byte-count attestations, misbehavior reports, standings", md, s.endpointStats)
	eps := []struct {
		name, subject string
		h             func(context.Context, []byte) (*response, error)
	}{
		{"submit_attestation", SubjectSubmitAttestation, s.json(s.submitAttestation)},
		{"submit_batch", SubjectSubmitBatch, s.json(s.submitBatch)},
		{"submit_report", SubjectSubmitReport, s.json(s.submitReport)},
		{"query_channel", SubjectQueryChannel, s.json(s.queryChannel)},
		{"query_standing", SubjectQueryStanding, s.json(s.queryStanding)},
		{"query_epoch", SubjectQueryEpoch, s.json(s.queryEpoch)},
		{"export_solidity", SubjectExportSolidity, s.exportSolidity},
	}
	for _, ep := range eps {
		s.metrics.initEndpoint(ep.name)
		if err := s.svc.addEndpoint(ep.name, ep.subject, map[string]string{"format": endpointFormat(ep.name)}, s.endpoint(ep.h)); err != nil {
			s.svc.stop()
			return fmt.Errorf("%w: endpoint %s: %w", ErrUnavailable, ep.name, err)
		}
	}
	if err := s.svc.start(); err != nil {
		s.svc.stop()
		return fmt.Errorf("%w: micro service: %w", ErrUnavailable, err)
	}
	// The endpoints serve once the server has the subscriptions.
	if err := s.opts.Conn.FlushTimeout(10 * time.Second); err != nil {
		s.svc.stop()
		return fmt.Errorf("%w: flush subscriptions: %w", ErrUnavailable, err)
	}
	return nil
}

func endpointFormat(name string) string {
	switch name {
	case "submit_attestation", "submit_report":
		return "binary or json request, json reply"
	case "submit_batch":
		return "binary request, json reply"
	case "export_solidity":
		return "json request, solidity source reply"
	}
	return "json request, json reply"
}

// response is an endpoint's successful answer.
type response struct {
	body   []byte
	header nats.Header
	result string // for metrics: accepted, duplicate, proven, complaint, ok
}

func (s *Service) json(h func(context.Context, []byte) (*Reply, string, error)) func(context.Context, []byte) (*response, error) {
	return func(ctx context.Context, data []byte) (*response, error) {
		r, result, err := h(ctx, data)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(r)
		if err != nil {
			return nil, reject(ReasonInternal, "marshal reply: %v", err)
		}
		return &response{body: b, result: result}, nil
	}
}

// endpoint returns the handler of an endpoint's subscription: it refuses
// what can be refused at once and processes each request in its own
// goroutine, so that many requests are in flight and proofs batch. The
// reply is counted in the micro statistics when it is published.
//
// Before any work: a reply subject that cannot be a reply (a $ subject:
// JetStream, KV, system; or one of the service's own subjects) is dropped
// unprocessed, and the requester's credential must be within its rate.
func (s *Service) endpoint(h func(context.Context, []byte) (*response, error)) func(*microEndpoint, *nats.Msg) {
	return func(ep *microEndpoint, msg *nats.Msg) {
		start := time.Now()
		name, reply, data := ep.name, msg.Reply, msg.Data
		if !replySubjectAllowed(reply) {
			s.metrics.add(mReplyRefused, 1, "endpoint", name)
			s.log.Warn("request with a foreign reply subject dropped", "endpoint", name, "reply", truncate(reply, 80))
			s.svc.done(ep, time.Since(start), "400:reply subject refused")
			return
		}
		if who := requester(msg.Header); who != "" && !s.credLimit.allow(who) {
			s.finish(ep, reply, nil, reject(ReasonRateLimited, "credential %s over %g requests/s", truncate(who, 64), s.opts.CredentialRate), start)
			return
		}
		s.stopMu.RLock()
		if s.stopping {
			s.stopMu.RUnlock()
			s.finish(ep, reply, nil, reject(ReasonUnavailable, "verifier stopping"), start)
			return
		}
		select {
		case s.sem <- struct{}{}:
		default:
			s.stopMu.RUnlock()
			s.finish(ep, reply, nil, reject(ReasonOverloaded, "%d requests in flight", cap(s.sem)), start)
			return
		}
		s.wg.Add(1)
		s.stopMu.RUnlock()
		go func() {
			defer s.wg.Done()
			defer func() { <-s.sem }()
			ctx, cancel := context.WithTimeout(s.ctx, s.opts.RequestTimeout)
			defer cancel()
			resp, err := s.safely(ctx, name, h, data)
			s.finish(ep, reply, resp, err, start)
		}()
	}
}

// replySubjectAllowed refuses reply subjects no requester's inbox can
// have: $-subjects (JetStream, KV, system, discovery) and the service's
// own namespace. With an access layout the server already confines every
// reply to the requester's own account; this keeps a server without one
// from being turned against its own store by the reply subject alone.
func replySubjectAllowed(reply string) bool {
	return !strings.HasPrefix(reply, "$") && !strings.HasPrefix(reply, SubjectPrefix+".") && reply != SubjectPrefix
}

// maxRequestInfoSize bounds the server-set identity header we parse.
const maxRequestInfoSize = 8 << 10

// requester returns the credential a request came with: the account the
// server stamped in Nats-Request-Info when the request crossed an account
// import ("" for a request from within the verifier's own account, or
// without an access layout). The server replaces that header on import,
// so a client cannot choose it.
func requester(h nats.Header) string {
	v := h.Get(server.ClientInfoHdr)
	if v == "" || len(v) > maxRequestInfoSize {
		return ""
	}
	var ci struct {
		Account string `json:"acc"`
	}
	if err := json.Unmarshal([]byte(v), &ci); err != nil || ci.Account == "" || ci.Account == VerifierAccount {
		return ""
	}
	return ci.Account
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func (s *Service) safely(ctx context.Context, name string, h func(context.Context, []byte) (*response, error), data []byte) (resp *response, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("handler panic", "endpoint", name, "panic", p)
			resp, err = nil, reject(ReasonInternal, "handler panic")
		}
	}()
	return h(ctx, data)
}

// verdictReasons are rejections of a well-formed submission: they get a
// normal reply with status "rejected". Other reasons are error replies
// (micro error headers, status "error").
var verdictReasons = map[Reason]bool{
	ReasonInvalidProof: true, ReasonBadSignature: true, ReasonStaleNonce: true, ReasonWrongMiner: true,
	ReasonBadEvidence: true, ReasonBadTime: true, ReasonShapeMismatch: true, ReasonUnknownCircuit: true,
	ReasonOffchainChannel: true, ReasonWrongKeyHash: true,
}

// finish publishes the reply and counts it (metrics, micro statistics).
func (s *Service) finish(ep *microEndpoint, reply string, resp *response, err error, start time.Time) {
	endpoint := ep.name
	msg := &nats.Msg{Subject: reply}
	errText := ""
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Reason: ReasonOf(err), Detail: err.Error()}
		}
		s.metrics.add(mRejected, 1, "endpoint", endpoint, "reason", string(e.Reason))
		switch endpoint {
		case "submit_attestation":
			s.metrics.add(mAttestations, 1, "result", "rejected", "reason", string(e.Reason))
		case "submit_report":
			s.metrics.add(mReports, 1, "result", "rejected", "reason", string(e.Reason))
		}
		lvl := slog.LevelDebug
		if e.Reason == ReasonInternal || e.Reason == ReasonUnavailable {
			lvl = slog.LevelWarn
		}
		s.log.Log(s.ctx, lvl, "request refused", "endpoint", endpoint, "reason", e.Reason, "detail", e.Detail)
		status := StatusError
		if verdictReasons[e.Reason] {
			status = StatusRejected
		} else {
			desc := string(e.Reason) + ": " + e.Detail
			msg.Header = nats.Header{micro.ErrorHeader: []string{desc}, micro.ErrorCodeHeader: []string{e.Reason.statusCode()}}
			errText = e.Reason.statusCode() + ":" + desc
		}
		msg.Data, _ = json.Marshal(&Reply{Status: status, Reason: e.Reason, Detail: e.Detail})
	} else {
		msg.Data, msg.Header = resp.body, resp.header
		switch endpoint {
		case "submit_attestation":
			s.metrics.add(mAttestations, 1, "result", resp.result, "reason", "")
		case "submit_report":
			s.metrics.add(mReports, 1, "result", resp.result, "reason", "")
		}
	}
	if reply != "" { // else a publish without a reply subject: processed, nobody to tell
		if err := s.opts.Conn.PublishMsg(msg); err != nil {
			s.log.Warn("reply failed", "endpoint", endpoint, "err", err)
			errText = "500:reply failed: " + err.Error()
		}
	}
	elapsed := time.Since(start)
	s.metrics.observe(mRequestSecs, elapsed.Seconds(), "endpoint", endpoint)
	s.svc.done(ep, elapsed, errText)
}

func (s *Service) endpointStats(name string) any {
	m := s.metrics
	n, sum := m.HistogramCount(mRequestSecs, "endpoint", name)
	out := map[string]any{"requests_completed": n}
	if n > 0 {
		out["average_latency_ms"] = math.Round(sum/float64(n)*1e6) / 1e3
	}
	switch name {
	case "submit_attestation":
		out["accepted"] = m.Counter(mAttestations, "result", "accepted", "reason", "")
		out["duplicate"] = m.Counter(mAttestations, "result", "duplicate", "reason", "")
		out["proofs_valid"] = m.Counter(mProofs, "result", "valid")
		out["proofs_invalid"] = m.Counter(mProofs, "result", "invalid")
		bn, bsum := m.HistogramCount(mBatchSize)
		if bn > 0 {
			out["average_batch"] = math.Round(bsum/float64(bn)*100) / 100
		}
	case "submit_report":
		out["proven"] = m.Counter(mReports, "result", "proven", "reason", "")
		out["complaints"] = m.Counter(mReports, "result", "complaint", "reason", "")
	}
	rejected := map[string]float64{}
	for r := range reasonErrs {
		if v := m.Counter(mRejected, "endpoint", name, "reason", string(r)); v > 0 {
			rejected[string(r)] = v
		}
	}
	out["rejected"] = rejected
	return out
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

func (s *Service) epochOf(t time.Time) uint64 {
	return uint64(t.Unix()) / uint64(s.opts.EpochLength/time.Second)
}

// Attestations.

// compare checks a candidate against the channel's current record: a
// duplicate (same attestation), or a reason to reject it, or neither. An
// off-chain record (from a verifier run without a chain) binds nothing
// for an attestation checked on chain: the chain says whose channel it is.
func compare(cur, cand *channelRecord) (dup bool, err error) {
	if cand.OnChain && !cur.OnChain {
		return false, nil
	}
	switch {
	case cur.Hash == cand.Hash:
		return true, nil
	case !strings.EqualFold(cur.Miner, cand.Miner):
		return false, reject(ReasonWrongMiner, "channel %s is attributed to %s", cur.Channel, cur.Miner)
	}
	// The one voucher rule the verifier can check on counters.
	if err := protocol.CheckAdvance(protocol.VoucherState{Nonce: cur.Nonce, Bytes: cur.Bytes},
		protocol.VoucherState{Nonce: cand.Nonce, Bytes: cand.Bytes}); err != nil {
		return false, &Error{Reason: ReasonStaleNonce, Detail: err.Error(), cause: err}
	}
	return false, nil
}

func (s *Service) submitAttestation(ctx context.Context, data []byte) (*Reply, string, error) {
	// Cheapest first: what needs no cryptography, then the signature
	// (one ecrecover), the miner's rate, the proof's points (curve and
	// subgroup checks), the stored record (one read); the pairing last.
	// Until its proof is queued (or it is refused), this request is on
	// its way to the batcher: a worker may wait for it (see batcher).
	s.batch.coming.Add(1)
	coming := true
	defer func() {
		if coming {
			s.batch.coming.Add(-1)
		}
	}()
	sub, att, err := DecodeAttestationSubmission(data)
	if err != nil {
		return nil, "", err
	}
	key := s.keys[att.CircuitID]
	if key == nil {
		return nil, "", reject(ReasonUnknownCircuit, "no verifying key for circuit %s", att.CircuitID)
	}
	if att.Shape != key.keys.Shape {
		return nil, "", reject(ReasonShapeMismatch, "attestation shape %v, key %v", att.Shape, key.keys.Shape)
	}
	if _, _, ok := protocol.UnpackCounters(att.Public[1]); !ok {
		return nil, "", reject(ReasonInvalidProof, "packed nonce and byte count above 2^128")
	}
	if err := sub.CheckSignature(); err != nil {
		return nil, "", reject(ReasonBadSignature, "%v", err)
	}
	if !s.attLimit.allow(addrKey(sub.Miner)) {
		return nil, "", reject(ReasonRateLimited, "miner %s over %g attestations/s", sub.Miner.Hex(), s.opts.AttestationRate)
	}
	cand := &channelRecord{Channel: elementHex(att.ChannelID()), Nonce: att.Nonce(), Bytes: att.CumulativeBytes(),
		Miner: sub.Miner.Hex(), Circuit: att.CircuitID.String(), Hash: hashHex(sub.Attestation), Submission: sub.Encode()}
	// The chain (one cached read) after the signature and the miner's
	// rate, so that unsigned junk costs no RPC; before any pairing.
	if s.chain != nil {
		miner, err := s.checkOnChain(ctx, att.ChannelID(), sub.Miner, att.KeyHash())
		if err != nil {
			return nil, "", err
		}
		cand.Miner, cand.OnChain = miner.Hex(), true
	}
	// Replays and stale nonces are answered before the proof is checked:
	// they cost one read, not a pairing. The read is in flight while the
	// proof's points are decoded.
	type read struct {
		cur *channelRecord
		rev uint64
		err error
	}
	rc := make(chan read, 1)
	go func() {
		cur, rev, err := s.store.channel(ctx, cand.key())
		rc <- read{cur, rev, err}
	}()
	item, err := newProofItem(key, att)
	r := <-rc
	if err != nil {
		return nil, "", err
	}
	if r.err != nil {
		return nil, "", r.err
	}
	if r.cur != nil {
		dup, err := compare(r.cur, cand)
		if err != nil {
			return nil, "", err
		}
		if dup {
			if _, err := s.settleKnown(ctx, r.cur); err != nil {
				return nil, "", err
			}
			return &Reply{Status: StatusAccepted, Duplicate: true, Channel: r.cur.info(r.rev)}, "duplicate", nil
		}
	}
	s.batch.coming.Add(-1)
	coming = false
	if err := s.batch.verify(ctx, item); err != nil {
		return nil, "", err
	}
	rec, rev, dup, err := s.commit(ctx, cand, r.cur, r.rev)
	if err != nil {
		return nil, "", err
	}
	result := "accepted"
	if dup {
		result = "duplicate"
	} else {
		s.log.Info("attestation accepted", "channel", rec.Channel, "nonce", rec.Nonce, "bytes", rec.Bytes,
			"miner", rec.Miner, "onchain", rec.OnChain, "epoch", rec.Epoch, "revision", rev)
	}
	return &Reply{Status: StatusAccepted, Duplicate: dup, Channel: rec.info(rev)}, result, nil
}

// commit accepts a verified candidate with compare-and-set on the
// channel's key, settling the record it replaces first and itself after.
// cur and rev are the channel's record as read before the verification:
// the first compare-and-set is against them, a conflict re-reads.
func (s *Service) commit(ctx context.Context, cand, cur *channelRecord, rev uint64) (*channelRecord, uint64, bool, error) {
	ck := cand.key()
	for attempt := 0; attempt < maxCASAttempts; attempt++ {
		if attempt > 0 {
			var err error
			if cur, rev, err = s.store.channel(ctx, ck); err != nil {
				return nil, 0, false, err
			}
		}
		rec := *cand
		rec.AcceptedAt = s.now()
		rec.Epoch = s.epochOf(rec.AcceptedAt)
		// A channel's first record starts an empty history.
		var histSeq uint64
		if cur != nil {
			dup, err := compare(cur, cand)
			if err != nil {
				return nil, 0, false, err
			}
			if dup { // another verifier accepted this very attestation meanwhile
				if _, err := s.settleKnown(ctx, cur); err != nil {
					return nil, 0, false, err
				}
				return cur, rev, true, nil
			}
			if histSeq, err = s.settleKnown(ctx, cur); err != nil {
				return nil, 0, false, err
			}
			if cur.OnChain == rec.OnChain { // on-chain accounting starts afresh
				rec.PrevBytes = cur.Bytes
			}
		}
		data, err := json.Marshal(&rec)
		if err != nil {
			return nil, 0, false, reject(ReasonInternal, "marshal record: %v", err)
		}
		nrev, err := s.store.kvSet(ctx, s.store.channels, ck, data, rev)
		if err == nil {
			// Accepted. It is settled before the reply; if that fails the
			// client retries and gets a duplicate that settles it.
			seq, err := s.store.settleWith(ctx, &rec, data, cur, histSeq, true)
			if err != nil {
				return nil, 0, false, err
			}
			s.settled.put(ck, rec.Hash, seq)
			return &rec, nrev, false, nil
		}
		if !isConflict(err) {
			return nil, 0, false, unavailable("kv commit", err)
		}
		if err := backoff(ctx, attempt); err != nil {
			return nil, 0, false, unavailable("kv commit", err)
		}
	}
	return nil, 0, false, reject(ReasonUnavailable, "channel %s: too much contention", cand.Channel)
}

// settleKnown settles rec unless this process already did, and returns
// its history subject's last sequence.
func (s *Service) settleKnown(ctx context.Context, rec *channelRecord) (uint64, error) {
	ck := rec.key()
	if seq, ok := s.settled.get(ck, rec.Hash); ok {
		return seq, nil
	}
	seq, err := s.store.settleWith(ctx, rec, nil, rec, 0, false)
	if err != nil {
		return 0, err
	}
	s.settled.put(ck, rec.Hash, seq)
	return seq, nil
}

// settledCache remembers the records this process settled (by channel:
// the record's hash and its history sequence), so that a channel's next
// attestation does not settle its predecessor again. A settled record
// stays settled: the history and accounting refuse deletes and only move
// forward. Bounded; it forgets everything when full.
type settledCache struct {
	mu sync.Mutex
	m  map[string]settledEntry
}

type settledEntry struct {
	hash string
	seq  uint64
}

const maxSettledCache = 1 << 16

func (c *settledCache) get(ck, hash string) (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[ck]
	return e.seq, ok && e.hash == hash
}

func (c *settledCache) put(ck, hash string, seq uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxSettledCache {
		c.m = make(map[string]settledEntry)
	}
	c.m[ck] = settledEntry{hash, seq}
}

// Reports.

func (s *Service) submitReport(ctx context.Context, data []byte) (*Reply, string, error) {
	r, raw, err := DecodeReportSubmission(data)
	if err != nil {
		return nil, "", err
	}
	proven, err := r.Verify()
	if err != nil {
		switch {
		case errors.Is(err, protocol.ErrBadSignature), errors.Is(err, protocol.ErrMalleableSignature):
			if errors.Is(err, protocol.ErrEvidence) {
				return nil, "", reject(ReasonBadEvidence, "%v", err)
			}
			return nil, "", reject(ReasonBadSignature, "%v", err)
		case errors.Is(err, protocol.ErrEvidence):
			return nil, "", reject(ReasonBadEvidence, "%v", err)
		case errors.Is(err, protocol.ErrEncoding):
			return nil, "", reject(ReasonMalformed, "%v", err)
		}
		return nil, "", reject(ReasonBadEvidence, "%v", err)
	}
	now := s.now()
	if r.Time > math.MaxInt64 {
		return nil, "", reject(ReasonBadTime, "report time %d", r.Time)
	}
	rt := time.Unix(int64(r.Time), 0)
	if rt.After(now.Add(s.opts.MaxClockSkew)) || rt.Before(now.Add(-s.opts.MaxReportAge)) {
		return nil, "", reject(ReasonBadTime, "report time %s, now %s", rt.UTC().Format(time.RFC3339), now.Format(time.RFC3339))
	}
	if !s.reportLimit.allow(addrKey(r.Reporter)) {
		return nil, "", reject(ReasonRateLimited, "reporter %s over %g reports/s", r.Reporter.Hex(), s.opts.ReportRate)
	}
	rr := &reportRecord{Hash: hashHex(raw), Kind: r.Kind.String(), Reporter: r.Reporter.Hex(), Accused: r.Accused.Hex(),
		Channel: elementHex(r.ChannelID), Proven: proven, ReceivedAt: now, Report: raw}
	if proven {
		h := r.Chunk.SigningHash()
		rr.Evidence = hex.EncodeToString(h[:])
	}
	ak := addrKey(r.Accused)
	seq, dup, err := s.store.appendReport(ctx, rr, ak)
	if err != nil {
		return nil, "", err
	}
	st, err := s.store.fold(ctx, ak, seq, foldPolicy{ComplaintThreshold: s.opts.ComplaintThreshold})
	if err != nil {
		return nil, "", err
	}
	v := &Verdict{Report: rr.Hash, Kind: rr.Kind, Reporter: rr.Reporter, Accused: rr.Accused, Channel: rr.Channel,
		Proven: proven, Sequence: seq}
	vb, _ := json.Marshal(v)
	if _, err := s.store.publish(ctx, subjectVerdictEvents+"."+ak, vb, jsMsgID("verdict-"+rr.Hash)); err != nil {
		return nil, "", unavailable("verdict event", err)
	}
	if st.Flagged && !st.FlagPublished {
		if err := s.publishFlag(ctx, ak, st); err != nil {
			return nil, "", err
		}
	}
	standing := st.standing()
	if standing.BytesAttested, standing.BytesAttestedOffchain, err = s.store.bytesAttested(ctx, ak); err != nil {
		return nil, "", err
	}
	result := "complaint"
	if proven {
		result = "proven"
	}
	if !dup {
		s.log.Info("report accepted", "kind", rr.Kind, "accused", rr.Accused, "reporter", rr.Reporter,
			"proven", proven, "flagged", st.Flagged)
	}
	return &Reply{Status: StatusAccepted, Duplicate: dup, Verdict: v, Standing: standing}, result, nil
}

func (s *Service) publishFlag(ctx context.Context, ak string, st *standingRecord) error {
	ev := FlagEvent{Party: common.HexToAddress(ak).Hex(), Reason: st.FlagReason, Standing: *st.standing(), At: s.now()}
	if st.FlaggedAt != nil {
		ev.At = *st.FlaggedAt
	}
	b, _ := json.Marshal(ev)
	if _, err := s.store.publish(ctx, subjectFlagEvents+"."+ak, b, jsMsgID("flag-"+ak)); err != nil {
		return unavailable("flag event", err)
	}
	s.metrics.add(mFlags, 1)
	s.log.Warn("party flagged", "party", ev.Party, "reason", st.FlagReason)
	return s.store.markFlagPublished(ctx, ak)
}

// Queries.

func (s *Service) queryChannel(ctx context.Context, data []byte) (*Reply, string, error) {
	ch, err := DecodeChannelQuery(data)
	if err != nil {
		return nil, "", err
	}
	rec, rev, err := s.store.channel(ctx, elemKey(ch))
	if err != nil {
		return nil, "", err
	}
	if rec == nil {
		return nil, "", reject(ReasonNotFound, "no accepted attestation for channel %s", elementHex(ch))
	}
	return &Reply{Status: StatusOK, Channel: rec.info(rev)}, "ok", nil
}

func (s *Service) queryStanding(ctx context.Context, data []byte) (*Reply, string, error) {
	party, err := DecodeStandingQuery(data)
	if err != nil {
		return nil, "", err
	}
	k := addrKey(party)
	st, err := s.store.getStanding(ctx, k)
	if err != nil {
		return nil, "", err
	}
	out := st.standing()
	out.Party = party.Hex()
	if out.BytesAttested, out.BytesAttestedOffchain, err = s.store.bytesAttested(ctx, k); err != nil {
		return nil, "", err
	}
	return &Reply{Status: StatusOK, Standing: out}, "ok", nil
}

func (s *Service) queryEpoch(ctx context.Context, data []byte) (*Reply, string, error) {
	ep, miner, err := DecodeEpochQuery(data)
	if err != nil {
		return nil, "", err
	}
	epoch := s.epochOf(s.now())
	if ep != nil {
		epoch = *ep
	}
	mk := "*"
	if miner != (common.Address{}) {
		mk = addrKey(miner)
	}
	miners, err := s.store.epochBytes(ctx, epoch, mk)
	if err != nil {
		return nil, "", err
	}
	for i := range miners {
		miners[i].Miner = common.HexToAddress(miners[i].Miner).Hex()
	}
	return &Reply{Status: StatusOK, Epoch: &EpochBytes{Epoch: epoch, EpochSeconds: uint64(s.opts.EpochLength / time.Second),
		Miners: miners}}, "ok", nil
}

// exportSolidity answers with the Solidity verifier source of a circuit.
func (s *Service) exportSolidity(_ context.Context, data []byte) (*response, error) {
	id, err := DecodeSolidityQuery(data)
	if err != nil {
		return nil, err
	}
	key := s.keys[id]
	if key == nil {
		return nil, reject(ReasonNotFound, "no verifying key for circuit %s", id)
	}
	s.solMu.Lock()
	defer s.solMu.Unlock()
	src, ok := s.sol[id]
	if !ok {
		var buf bytes.Buffer
		if err := key.keys.ExportSolidity(&buf); err != nil {
			return nil, reject(ReasonInternal, "%v", err)
		}
		src = buf.Bytes()
		s.sol[id] = src
	}
	return &response{body: src, header: nats.Header{"Content-Type": []string{"text/x-solidity"}}, result: "ok"}, nil
}

// Reconcile settles every channel's latest record and publishes pending
// flag events: it finishes what a verifier that crashed between the
// compare-and-set and the reply left undone. It runs at startup in the
// background and is idempotent; operators may run it any time.
func (s *Service) Reconcile(ctx context.Context) error {
	start := time.Now()
	keys, err := s.store.listKeys(ctx, s.store.channels, ">", time.Minute)
	if err != nil {
		return err
	}
	for _, k := range keys {
		rec, _, err := s.store.channel(ctx, k)
		if err != nil {
			return err
		}
		if rec == nil {
			continue
		}
		if err := s.store.settle(ctx, rec); err != nil {
			return err
		}
	}
	parties, err := s.store.listKeys(ctx, s.store.standing, ">", time.Minute)
	if err != nil {
		return err
	}
	flags := 0
	for _, k := range parties {
		st, err := s.store.getStanding(ctx, k)
		if err != nil {
			return err
		}
		if st.Flagged && !st.FlagPublished {
			if err := s.publishFlag(ctx, k, st); err != nil {
				return err
			}
			flags++
		}
	}
	s.log.Info("reconciled", "channels", len(keys), "parties", len(parties), "flags_published", flags,
		"elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}
