package bench

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

// The verify benchmark submits real attestations to a real verifier
// service over an embedded nats-server with JetStream (file storage, every
// record stored before the reply), in three modes: one at a time (each
// waits for its reply, so the service never has two proofs to batch), all
// at once (the service's batcher takes what has queued), and open loop
// (submissions sent on a clock at an offered rate, whatever the replies
// do). Every attestation is for its own channel and signed by its own
// miner, so none is a duplicate and no per-miner rate limit is reached;
// each round runs against a fresh server and data directory. Beside them,
// in the same rounds (the same background load), the same attestations
// are verified in process: batched over the service's workers (the rate
// the service is held to) and one at a time (the latency a lone request
// is held to).

// Verify modes.
const (
	ModeSingle    = "single"     // sequential: one submission in flight
	ModeBatched   = "batched"    // concurrent: all submissions in flight
	ModeRate      = "rate"       // open loop at VerifyOptions.Rate
	ModeInProcess = "in-process" // verifier.VerifyAttestations, no NATS, no storage
	ModeOneVerify = "one-verify" // in process, one attestation at a time
)

// DefaultVerifyRate is the offered rate of the open-loop mode.
const DefaultVerifyRate = 1000

// Verifier metric names read back from the service (see verifier/README.md).
const (
	metricBatchSize = "bwproof_verifier_batch_size"
	metricProofs    = "bwproof_verifier_proofs_verified_total"
)

// Submissions are signed attestations ready to submit, each for a
// distinct channel.
type Submissions struct {
	Keys  *attest.Keys
	Subs  []*verifier.AttestationSubmission
	Prove time.Duration // total time spent proving them
}

// MakeSubmissions simulates n one-window sessions on channels 1..n,
// proves each with keys and signs each with a fresh miner key. keys must
// hold a proving key. Progress (optional) gets a line per proof.
func MakeSubmissions(ctx context.Context, keys *attest.Keys, n int, progress func(string)) (*Submissions, error) {
	if n <= 0 {
		return nil, fmt.Errorf("bench: %d attestations", n)
	}
	if progress == nil {
		progress = func(string) {}
	}
	client, rk, err := benchKeys()
	if err != nil {
		return nil, err
	}
	out := &Submissions{Keys: keys}
	// The smallest honest session: one full window of 1 KiB chunks. The
	// proof costs the same whatever the chunk size.
	const chunk = 1024
	for i := 0; i < n; i++ {
		sess, err := protocol.SimulateSession(protocol.SimulateOptions{
			Shape: keys.Shape, Bytes: uint64(keys.Shape.Chunks) * chunk, ChunkSize: chunk,
			ChannelID: protocol.ElementFromUint64(uint64(i + 1)), Domain: benchDomain, Client: client, ReceiptKey: rk,
		})
		if err != nil {
			return nil, err
		}
		step, _ := sess.Latest()
		progress(fmt.Sprintf("prove %d/%d", i+1, n))
		t0 := time.Now()
		a, err := attest.Prove(ctx, keys, step)
		if err != nil {
			return nil, err
		}
		out.Prove += time.Since(t0)
		miner, err := crypto.GenerateKey()
		if err != nil {
			return nil, err
		}
		sub, err := verifier.NewAttestationSubmission(a, miner)
		if err != nil {
			return nil, err
		}
		out.Subs = append(out.Subs, sub)
	}
	return out, nil
}

// VerifyOptions configures RunVerify and MeasureVerify.
type VerifyOptions struct {
	// Rounds per mode in MeasureVerify, each on a fresh server (default
	// 3); their runs are merged.
	Rounds int
	// Workers and MaxBatch of the service (0: its defaults, GOMAXPROCS
	// and 64).
	Workers  int
	MaxBatch int
	// Dir is where each round's JetStream data directory is made (and
	// removed); empty: the system temp dir.
	Dir string
	// Log receives the service's and the server's logs (nil: discarded).
	Log *slog.Logger
	// Cache, when set, keeps the keys and proved submissions for the next
	// run (see LoadOrMakeSubmissions).
	Cache string
	// Rate is the open-loop mode's offered rate in attestations per second
	// (default DefaultVerifyRate).
	Rate float64
}

func (o VerifyOptions) rate() float64 {
	if o.Rate > 0 {
		return o.Rate
	}
	return DefaultVerifyRate
}

func (o VerifyOptions) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (o VerifyOptions) maxBatch() int {
	if o.MaxBatch > 0 {
		return o.MaxBatch
	}
	return 64
}

// VerifyRun is one round of submissions in one mode.
type VerifyRun struct {
	Mode     string
	N        int
	Elapsed  time.Duration // first request sent to last reply received
	P50, P99 time.Duration // per-request latency (open loop: from the time it was due)
	Offered  float64       // open loop: offered attestations per second
	Batches  uint64        // verification batches the service ran
	Verified uint64        // proofs it found valid
	Rounds   int           // rounds merged into this run

	latencies []time.Duration
	paired    []time.Duration // single: the in-process verification before each submission
}

// merge adds round o (same mode and submissions) to r: times and counts
// add up, percentiles are over every request of both.
func (r *VerifyRun) merge(o VerifyRun) {
	r.N += o.N
	r.Elapsed += o.Elapsed
	r.Batches += o.Batches
	r.Verified += o.Verified
	r.Rounds += o.Rounds
	r.Offered = o.Offered
	r.latencies = append(r.latencies, o.latencies...)
	r.P50, r.P99 = percentile(r.latencies, 0.50), percentile(r.latencies, 0.99)
}

// PerSecond is attestations verified per second of wall time.
func (r VerifyRun) PerSecond() float64 { return float64(r.N) / r.Elapsed.Seconds() }

// MeanBatch is the average number of proofs per verification batch.
func (r VerifyRun) MeanBatch() float64 {
	if r.Batches == 0 {
		return 0
	}
	return float64(r.Verified) / float64(r.Batches)
}

// RunVerify starts an embedded nats-server (random loopback port, fresh
// data directory) and a verifier service, submits every submission in
// mode and stops both. Every submission must be accepted as new.
func RunVerify(ctx context.Context, subs *Submissions, mode string, opts VerifyOptions) (res VerifyRun, err error) {
	res = VerifyRun{Mode: mode, N: len(subs.Subs), Rounds: 1}
	switch mode {
	case ModeInProcess:
		return runInProcess(subs, opts)
	case ModeOneVerify:
		return runOneVerify(subs)
	case ModeSingle, ModeBatched:
	case ModeRate:
		res.Offered = opts.rate()
	default:
		return res, fmt.Errorf("bench: unknown verify mode %q", mode)
	}
	dir, err := os.MkdirTemp(opts.Dir, "bwproof-bench-verify-")
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv, err := verifier.StartServer(verifier.ServerOptions{DataDir: dir, Port: -1, Log: opts.Log})
	if err != nil {
		return res, err
	}
	defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
	// The service beside its embedded server, as `bwproof verifier serve`
	// runs it; the miners over loopback TCP.
	svcConn, err := verifier.Connect(verifier.ConnectOptions{URL: srv.ClientURL(), Name: "bench-verifier", Log: log, InProcess: srv})
	if err != nil {
		return res, err
	}
	defer svcConn.Close()
	// The limits are per miner and every attestation has its own miner,
	// so the defaults stay in the path without ever refusing one.
	svc, err := verifier.New(ctx, verifier.Options{Conn: svcConn, Keys: []*attest.Keys{subs.Keys},
		Workers: opts.Workers, MaxBatch: opts.MaxBatch, MaxInFlight: max(512, 2*len(subs.Subs)), AllowOffchain: true, Log: log})
	if err != nil {
		return res, err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = errors.Join(err, svc.Stop(sctx))
	}()
	cliConn, err := verifier.Connect(verifier.ConnectOptions{URL: srv.ClientURL(), Name: "bench-miners", Log: log})
	if err != nil {
		return res, err
	}
	defer cliConn.Close()
	cli := verifier.NewClient(cliConn, verifier.ClientOptions{Timeout: 60 * time.Second})

	// Warm up the request path and the channel bucket (a query for a
	// channel nobody submitted) so the first timed request pays no setup.
	if _, err := cli.ChannelState(ctx, protocol.ElementFromUint64(0)); err != nil && !errors.Is(err, verifier.ErrNotFound) {
		return res, fmt.Errorf("bench: warm-up query: %w", err)
	}

	lat := make([]time.Duration, len(subs.Subs))
	submit := func(i int, t0 time.Time) error {
		acc, err := cli.Submit(ctx, subs.Subs[i])
		lat[i] = time.Since(t0)
		if err != nil {
			return fmt.Errorf("bench: submission %d: %w", i, err)
		}
		if acc.Duplicate {
			return fmt.Errorf("bench: submission %d accepted as a duplicate", i)
		}
		return nil
	}
	start := time.Now()
	switch mode {
	case ModeSingle:
		// Each submission follows an in-process verification of the same
		// attestation, timed: the two are measured under the same load.
		atts, err := attestations(subs)
		if err != nil {
			return res, err
		}
		keys := []*attest.Keys{subs.Keys}
		var inproc time.Duration
		for i := range subs.Subs {
			t0 := time.Now()
			errs, err := verifier.VerifyAttestations(keys, atts[i:i+1], 1, 1)
			d := time.Since(t0)
			if err == nil {
				err = errs[0]
			}
			if err != nil {
				return res, fmt.Errorf("bench: one verification: %w", err)
			}
			res.paired = append(res.paired, d)
			inproc += d
			if err := submit(i, time.Now()); err != nil {
				return res, err
			}
		}
		start = start.Add(inproc) // Elapsed: the submissions only
	case ModeBatched:
		var wg sync.WaitGroup
		errs := make([]error, len(subs.Subs))
		for i := range subs.Subs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = submit(i, time.Now()) }()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return res, err
		}
	case ModeRate:
		// Open loop: submission i is due at start + i/rate and is sent
		// then, however many are still waiting for replies; its latency
		// counts from when it was due, so a sender that falls behind
		// shows as latency instead of hiding it.
		var wg sync.WaitGroup
		errs := make([]error, len(subs.Subs))
		interval := time.Duration(float64(time.Second) / res.Offered)
		for i := range subs.Subs {
			due := start.Add(time.Duration(i) * interval)
			if d := time.Until(due); d > 0 {
				time.Sleep(d)
			}
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = submit(i, due) }()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return res, err
		}
	}
	res.Elapsed = time.Since(start)
	res.latencies = lat
	res.P50, res.P99 = percentile(lat, 0.50), percentile(lat, 0.99)
	m := svc.Metrics()
	res.Batches, _ = m.HistogramCount(metricBatchSize)
	res.Verified = uint64(m.Counter(metricProofs, "result", "valid"))
	if res.Verified != uint64(res.N) {
		return res, fmt.Errorf("bench: service verified %d proofs for %d submissions", res.Verified, res.N)
	}
	return res, nil
}

// attestations decodes the submissions' attestations (not timed).
func attestations(subs *Submissions) ([]*attest.Attestation, error) {
	atts := make([]*attest.Attestation, len(subs.Subs))
	for i, sub := range subs.Subs {
		a, err := attest.DecodeAttestation(sub.Attestation)
		if err != nil {
			return nil, fmt.Errorf("bench: submission %d: %w", i, err)
		}
		atts[i] = a
	}
	return atts, nil
}

// runInProcess verifies every attestation in process as the service's
// workers would with nothing else to do: proof points decoded, batches of
// MaxBatch, Workers at once.
func runInProcess(subs *Submissions, opts VerifyOptions) (VerifyRun, error) {
	res := VerifyRun{Mode: ModeInProcess, N: len(subs.Subs), Rounds: 1}
	atts, err := attestations(subs)
	if err != nil {
		return res, err
	}
	start := time.Now()
	errs, err := verifier.VerifyAttestations([]*attest.Keys{subs.Keys}, atts, opts.workers(), opts.maxBatch())
	res.Elapsed = time.Since(start)
	if err != nil {
		return res, err
	}
	if err := errors.Join(errs...); err != nil {
		return res, fmt.Errorf("bench: in-process verification: %w", err)
	}
	res.Verified = uint64(len(atts))
	res.Batches = uint64((len(atts) + opts.maxBatch() - 1) / opts.maxBatch())
	return res, nil
}

// runOneVerify verifies attestations in process one at a time (what a
// lone request costs the service in cryptography), each timed.
func runOneVerify(subs *Submissions) (VerifyRun, error) {
	res := VerifyRun{Mode: ModeOneVerify, Rounds: 1}
	atts, err := attestations(subs)
	if err != nil {
		return res, err
	}
	keys := []*attest.Keys{subs.Keys}
	for _, a := range atts {
		t0 := time.Now()
		errs, err := verifier.VerifyAttestations(keys, []*attest.Attestation{a}, 1, 1)
		d := time.Since(t0)
		if err == nil {
			err = errs[0]
		}
		if err != nil {
			return res, fmt.Errorf("bench: one verification: %w", err)
		}
		res.Elapsed += d
		res.latencies = append(res.latencies, d)
	}
	res.N, res.Verified, res.Batches = len(atts), uint64(len(atts)), uint64(len(atts))
	res.P50, res.P99 = percentile(res.latencies, 0.50), percentile(res.latencies, 0.99)
	return res, nil
}

// percentile returns the p-quantile (nearest rank) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// VerifyResult is the verify benchmark: every mode over the same
// attestations.
type VerifyResult struct {
	Shape     protocol.Shape
	CircuitID attest.CircuitID
	N         int           // distinct attestations, submitted once per round
	Prove     time.Duration // mean proving time per attestation (preparation)
	Runs      []VerifyRun   // one per mode, opts.Rounds rounds merged
}

// Run returns the merged run of mode (zero if it did not run).
func (r VerifyResult) Run(mode string) VerifyRun {
	for _, run := range r.Runs {
		if run.Mode == mode {
			return run
		}
	}
	return VerifyRun{}
}

// ThroughputRatio is the service's rate with all submissions in flight
// over the in-process batch verification rate.
func (r VerifyResult) ThroughputRatio() float64 {
	in := r.Run(ModeInProcess)
	if in.N == 0 {
		return 0
	}
	return r.Run(ModeBatched).PerSecond() / in.PerSecond()
}

// SingleRatio is a lone request's median latency over one in-process
// verification's median time.
func (r VerifyResult) SingleRatio() float64 {
	one := r.Run(ModeOneVerify)
	if one.P50 == 0 {
		return 0
	}
	return float64(r.Run(ModeSingle).P50) / float64(one.P50)
}

// VerifyModes are the rows of MeasureVerify's result; one-verify comes
// from the single mode (an in-process verification before each
// submission).
var VerifyModes = []string{ModeInProcess, ModeOneVerify, ModeSingle, ModeBatched, ModeRate}

// roundOrder is the order of the runs in each round. The in-process rate
// is measured right before and right after the service's, and the two
// runs are merged: on a machine whose background load changes from
// second to second, the ratio compares the same load.
var roundOrder = []string{ModeSingle, ModeInProcess, ModeBatched, ModeInProcess, ModeRate}

// MeasureVerify makes n submissions with keys (nil: a dev setup for
// protocol.ShapeFor(4), or the cached keys) and runs opts.Rounds rounds of
// every mode on them (in-process twice per round, see roundOrder).
func MeasureVerify(ctx context.Context, keys *attest.Keys, n int, opts VerifyOptions, progress func(string)) (VerifyResult, error) {
	if progress == nil {
		progress = func(string) {}
	}
	var res VerifyResult
	subs, err := LoadOrMakeSubmissions(ctx, opts.Cache, keys, n, progress)
	if err != nil {
		return res, err
	}
	keys = subs.Keys
	res.Shape, res.CircuitID, res.N = keys.Shape, keys.CircuitID, n
	res.Prove = subs.Prove / time.Duration(n)
	rounds := opts.Rounds
	if rounds <= 0 {
		rounds = 3
	}
	res.Runs = make([]VerifyRun, len(VerifyModes))
	for i, mode := range VerifyModes {
		res.Runs[i].Mode = mode
	}
	for round := 0; round < rounds; round++ {
		for _, mode := range roundOrder {
			progress(fmt.Sprintf("%s, round %d/%d", mode, round+1, rounds))
			r, err := RunVerify(ctx, subs, mode, opts)
			if err != nil {
				return res, err
			}
			res.Runs[slices.Index(VerifyModes, mode)].merge(r)
			if mode == ModeSingle {
				one := VerifyRun{Mode: ModeOneVerify, N: len(r.paired), Verified: uint64(len(r.paired)),
					Batches: uint64(len(r.paired)), Rounds: 1, latencies: r.paired}
				for _, d := range r.paired {
					one.Elapsed += d
				}
				res.Runs[slices.Index(VerifyModes, ModeOneVerify)].merge(one)
			}
		}
	}
	return res, nil
}

// WriteVerifyTable prints the runs as an aligned table (also valid
// Markdown) and the three ratios the service is held to.
func WriteVerifyTable(w io.Writer, r VerifyResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| mode\t rounds\t attestations\t wall time\t attestations/s\t p50 latency\t p99 latency\t batches\t mean batch\t")
	fmt.Fprintln(tw, "|---\t---\t---\t---\t---\t---\t---\t---\t---\t")
	lat := func(d time.Duration) string {
		if d == 0 {
			return "-"
		}
		return d.Round(10 * time.Microsecond).String()
	}
	for _, run := range r.Runs {
		mode := run.Mode
		if run.Offered > 0 {
			mode = fmt.Sprintf("%s %.0f/s", mode, run.Offered)
		}
		fmt.Fprintf(tw, "| %s\t %d\t %d\t %s\t %.0f\t %s\t %s\t %d\t %.1f\t\n", mode, run.Rounds, run.N,
			run.Elapsed.Round(time.Millisecond), run.PerSecond(), lat(run.P50), lat(run.P99), run.Batches, run.MeanBatch())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	in, b, rate := r.Run(ModeInProcess), r.Run(ModeBatched), r.Run(ModeRate)
	one, single := r.Run(ModeOneVerify), r.Run(ModeSingle)
	_, err := fmt.Fprintf(w, "\nthroughput: service %.0f/s with all in flight = %.2f× in-process %.0f/s\n"+
		"open loop: p50 %s, p99 %s at an offered %.0f/s\n"+
		"lone request: p50 %s = %.2f× one verification (p50 %s)\n",
		b.PerSecond(), r.ThroughputRatio(), in.PerSecond(), lat(rate.P50), lat(rate.P99), rate.Offered,
		lat(single.P50), r.SingleRatio(), lat(one.P50))
	return err
}

// Submission cache: proving dominates the benchmark's preparation
// (hundreds of ms per attestation on a busy machine), so a run may keep
// its keys and proved submissions in a directory and the next run reuse
// them. The file is read back with the same limits as any submission.
const (
	cacheKeysDir = "keys"
	cacheSubs    = "submissions.bin"
)

// LoadOrMakeSubmissions returns n submissions: from dir when it holds a key
// set (dir/keys) matching keys (any, when keys is nil) and at least n
// submissions for it, else made with MakeSubmissions (a dev setup of the
// window-4 circuit when keys is nil and dir has none) and saved in dir.
// An empty dir means no cache.
func LoadOrMakeSubmissions(ctx context.Context, dir string, keys *attest.Keys, n int, progress func(string)) (*Submissions, error) {
	if progress == nil {
		progress = func(string) {}
	}
	if dir != "" {
		if subs, err := loadSubmissions(dir, keys, n); err == nil {
			progress(fmt.Sprintf("reusing %d submissions from %s", n, dir))
			return subs, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			progress(fmt.Sprintf("cache %s not used: %v", dir, err))
		}
		if keys == nil {
			if k, err := attest.LoadKeys(filepath.Join(dir, cacheKeysDir)); err == nil {
				keys = k
			}
		}
	}
	if keys == nil {
		progress("dev setup W=4")
		var err error
		if keys, err = attest.Setup(ctx, protocol.ShapeFor(4), attest.SetupOptions{}); err != nil {
			return nil, err
		}
	}
	subs, err := MakeSubmissions(ctx, keys, n, progress)
	if err != nil || dir == "" {
		return subs, err
	}
	return subs, saveSubmissions(dir, subs)
}

func saveSubmissions(dir string, subs *Submissions) error {
	kd := filepath.Join(dir, cacheKeysDir)
	if k, err := attest.LoadVerifyingKey(kd); err != nil || k.CircuitID != subs.Keys.CircuitID {
		if err := os.RemoveAll(kd); err != nil {
			return err
		}
		if err := subs.Keys.Save(kd); err != nil {
			return err
		}
	}
	var b []byte
	b = binary.BigEndian.AppendUint64(b, uint64(subs.Prove/time.Duration(len(subs.Subs))))
	for _, s := range subs.Subs {
		e := s.Encode()
		b = binary.BigEndian.AppendUint32(b, uint32(len(e)))
		b = append(b, e...)
	}
	tmp := filepath.Join(dir, cacheSubs+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, cacheSubs))
}

// maxCachedSubmissions bounds what loadSubmissions reads.
const maxCachedSubmissions = 1 << 16

func loadSubmissions(dir string, keys *attest.Keys, n int) (*Submissions, error) {
	k, err := attest.LoadKeys(filepath.Join(dir, cacheKeysDir))
	if err != nil {
		return nil, err
	}
	if keys != nil && k.CircuitID != keys.CircuitID {
		return nil, fmt.Errorf("bench: cached keys are circuit %s, not %s", k.CircuitID, keys.CircuitID)
	}
	if n > maxCachedSubmissions {
		return nil, fmt.Errorf("bench: %d submissions, at most %d cached", n, maxCachedSubmissions)
	}
	f, err := os.Open(filepath.Join(dir, cacheSubs))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("bench: %s: %w", cacheSubs, err)
	}
	out := &Submissions{Keys: k}
	per := time.Duration(binary.BigEndian.Uint64(hdr[:]))
	for len(out.Subs) < n {
		var lb [4]byte
		if _, err := io.ReadFull(r, lb[:]); err != nil {
			return nil, fmt.Errorf("bench: %s holds %d submissions, want %d: %w", cacheSubs, len(out.Subs), n, err)
		}
		l := binary.BigEndian.Uint32(lb[:])
		if l > verifier.MaxSubmissionSize {
			return nil, fmt.Errorf("bench: %s: submission of %d bytes", cacheSubs, l)
		}
		e := make([]byte, l)
		if _, err := io.ReadFull(r, e); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", cacheSubs, err)
		}
		s, a, err := verifier.DecodeAttestationSubmission(e)
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %w", cacheSubs, err)
		}
		if a.CircuitID != k.CircuitID {
			return nil, fmt.Errorf("bench: %s: submission for circuit %s", cacheSubs, a.CircuitID)
		}
		out.Subs = append(out.Subs, s)
	}
	out.Prove = per * time.Duration(n)
	return out, nil
}
