package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/bench"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "bench", Summary: "measure proving, verification and transfer costs", Run: runBench})
}

func runBench(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "bench", "measure what bwproof costs on this machine", []subcommand{
		{"prove", "setup, prove and verify a full window for each size; print a table", benchProve},
		{"verify", "attestations/s through a NATS verifier, one at a time vs all in flight; print a table", benchVerify},
		{"batch", "one proof and one transaction for K channels: constraints, setup, prove, verify, gas per channel; print a table", benchBatch},
		{"transfer", "the data path (challenge fetch) against a raw TCP copy, on loopback or an emulated link (--rtt, --rate); print a table", benchTransfer},
	}, args)
}

func benchProve(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench prove", "for each window size: dev setup, simulate a full window of signed traffic, prove and verify it")
	windows := fs.String("windows", "16,64,256", "comma-separated window sizes (powers of two)")
	runs := fs.Int("runs", 3, "proofs per size (the median is reported)")
	out := fs.String("out", "", "also write the table (Markdown) to this file")
	gas := fs.Bool("gas", true, "also measure ChannelManager.withdraw gas with each proof on an embedded chain")
	chart := fs.String("chart", "prove-cost.png", "write the chart (per-chunk constraints, prove time min/median/max) as PNG and SVG and the raw runs as CSV next to this path (empty: none)")
	solcDir, node := solcFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var shapes []protocol.Shape
	for _, s := range strings.Split(*windows, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%w: --windows: %q is not a number", errUsage, s)
		}
		sh, err := shapeOf(w, 0)
		if err != nil {
			return err
		}
		shapes = append(shapes, sh)
	}
	var compiler *solc.Compiler
	if *gas {
		c, err := devCompiler(*solcDir, *node)
		if err != nil {
			return err
		}
		compiler = c
	}
	var rs []bench.ProveResult
	for _, sh := range shapes {
		r, err := bench.MeasureProve(ctx, sh, bench.ProveOptions{Runs: *runs, Gas: *gas, Solc: compiler,
			Progress: func(msg string) { e.Log.Info("bench", "step", msg) }})
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	var b strings.Builder
	b.WriteString(machineLine())
	if err := bench.WriteProveTable(&b, rs); err != nil {
		return err
	}
	if *out != "" {
		if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	var files []string
	if *chart != "" {
		var err error
		if files, err = bench.WriteProveFiles(*chart, rs, bench.DetectMachine(ctx)); err != nil {
			return err
		}
	}
	if e.JSON {
		res := benchProveJSON{Machine: machineJSON(bench.DetectMachine(ctx)), Files: files}
		for _, r := range rs {
			res.Results = append(res.Results, benchProveResultJSON{Window: r.Shape.Chunks, Probes: r.Shape.Probes,
				Constraints: r.Constraints, ConstraintsPerChunk: r.PerChunk(), SetupNs: r.Setup.Nanoseconds(),
				ProveNs: r.Prove.Nanoseconds(), VerifyNs: r.Verify.Nanoseconds(), ProveRunsNs: nanos(r.ProveRuns),
				VerifyRunsNs: nanos(r.VerifyRuns), ProofBytes: r.ProofBytes, PeakHeapBytes: r.PeakHeap, WithdrawGas: r.WithdrawGas})
		}
		return writeJSON(e, res)
	}
	fmt.Fprint(e.Stdout, b.String())
	if len(files) > 0 {
		fmt.Fprintf(e.Stdout, "\nchart and raw runs written to %s\n", strings.Join(files, ", "))
	}
	return nil
}

func benchBatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench batch", "for each K: dev setup of the Batch circuit (K slots of one window), prove and verify K full windows "+
		"in one proof, and settle them with one withdrawBatch on an embedded chain with the generated verifiers")
	ks := fs.String("k", "1,4,16,32", "comma-separated slot counts K")
	window := fs.Int("window", 16, "chunks per window (a power of two)")
	runs := fs.Int("runs", 3, "proofs per K (the median is reported)")
	gas := fs.Bool("gas", true, "measure withdrawBatch gas on an embedded chain")
	solcDir, node := solcFlags(fs)
	out := fs.String("out", "", "also write the table (Markdown) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sh, err := shapeOf(*window, 0)
	if err != nil {
		return err
	}
	if *runs <= 0 {
		return fmt.Errorf("%w: --runs must be positive", errUsage)
	}
	var slots []int
	for _, s := range strings.Split(*ks, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 1 || k > circuits.MaxBatchSlots {
			return fmt.Errorf("%w: --k: %q is not a slot count in 1..%d", errUsage, s, circuits.MaxBatchSlots)
		}
		slots = append(slots, k)
	}
	var compiler *solc.Compiler
	if *gas {
		if compiler, err = devCompiler(*solcDir, *node); err != nil {
			return err
		}
	}
	progress := func(msg string) { e.Log.Info("bench", "step", msg) }
	var rs []bench.BatchResult
	for _, k := range slots {
		r, err := bench.MeasureBatch(ctx, sh, k, bench.BatchOptions{Runs: *runs, Gas: *gas, Solc: compiler, Progress: progress})
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	head := fmt.Sprintf("batch: window %d (%d probes), 64 KiB chunks, %d runs per K (median); each run proves one ByteCount window, then the batch\n\n",
		sh.Chunks, sh.Probes, *runs)
	res := benchBatchJSON{Machine: machineJSON(bench.DetectMachine(ctx))}
	for _, r := range rs {
		res.Results = append(res.Results, benchBatchResultJSON{K: r.K, Window: r.Shape.Chunks, Probes: r.Shape.Probes,
			Constraints: r.Constraints, SetupNs: r.Setup.Nanoseconds(), ProveNs: r.Prove.Nanoseconds(),
			ProvePerChannelNs: r.ProvePerChannel().Nanoseconds(), SingleProveNs: r.Single.Nanoseconds(),
			VerifyNs: r.Verify.Nanoseconds(), ProofBytes: r.ProofBytes, TxGas: r.TxGas, GasPerChannel: r.GasPerChannel(), Runs: r.Runs})
	}
	return printTable(e, *out, head, res, func(b *strings.Builder) error { return bench.WriteBatchTable(b, rs) })
}

// solcFlags are the development flags that compile the generated
// verifiers with solcjs instead of using the committed templates.
func solcFlags(fs *flag.FlagSet) (dir, node *string) {
	dir = fs.String("solc", envOr("BWPROOF_SOLC", ""), "development: compile the verifiers with the solc npm package in this directory instead of using the templates (env BWPROOF_SOLC)")
	node = fs.String("node", envOr("BWPROOF_NODE", "node"), "development: node executable that runs --solc (env BWPROOF_NODE)")
	return dir, node
}

// machineLine says where the numbers come from (printed above each table).
func machineLine() string {
	return fmt.Sprintf("machine: %s/%s, %d CPUs, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
}

// printTable prints head and the table written by table to stdout (or,
// with --json, asJSON), and to out when set.
func printTable(e *env, out, head string, asJSON any, table func(*strings.Builder) error) error {
	var b strings.Builder
	b.WriteString(machineLine())
	b.WriteString(head)
	if err := table(&b); err != nil {
		return err
	}
	if out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	if e.JSON {
		return writeJSON(e, asJSON)
	}
	fmt.Fprint(e.Stdout, b.String())
	return nil
}

func benchVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench verify", "prove N attestations (one channel and one miner each), then submit them to a verifier "+
		"service on an embedded nats-server with JetStream, one at a time (no batching possible), all at once (batched) and "+
		"open loop at --rate; each round of each mode runs on a fresh server and data directory. In the same rounds the same "+
		"attestations are verified in process, batched and one at a time; the table ends with the service's rate over the "+
		"in-process rate, the open-loop percentiles and a lone request's latency over one verification")
	n := fs.Int("n", envInt("BWPROOF_BENCH_VERIFY_N", 32), "attestations to prove and submit (env BWPROOF_BENCH_VERIFY_N)")
	rounds := fs.Int("rounds", envInt("BWPROOF_BENCH_ROUNDS", 3), "rounds per mode, each on a fresh server, merged in the table (env BWPROOF_BENCH_ROUNDS)")
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "key set directory with a proving key (env BWPROOF_KEYS; empty: a dev setup of the window-4 circuit)")
	workers := fs.Int("workers", envInt("BWPROOF_VERIFIER_WORKERS", 0), "the service's verification workers (env BWPROOF_VERIFIER_WORKERS; 0: one per core)")
	maxBatch := fs.Int("max-batch", envInt("BWPROOF_VERIFIER_MAX_BATCH", 64), "the service's largest verification batch (env BWPROOF_VERIFIER_MAX_BATCH)")
	dir := fs.String("dir", envOr("BWPROOF_BENCH_DIR", ""), "parent of the temporary JetStream directories (env BWPROOF_BENCH_DIR; empty: the system temp dir)")
	out := fs.String("out", envOr("BWPROOF_BENCH_OUT", ""), "also write the table (Markdown) to this file (env BWPROOF_BENCH_OUT)")
	cache := fs.String("cache", envOr("BWPROOF_BENCH_CACHE", ""), "keep keys and proved submissions in this directory and reuse them in later runs (env BWPROOF_BENCH_CACHE; empty: prove afresh)")
	rate := fs.Float64("rate", envFloat("BWPROOF_BENCH_VERIFY_RATE", bench.DefaultVerifyRate), "offered attestations/s of the open-loop mode (env BWPROOF_BENCH_VERIFY_RATE)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n <= 0 || *rounds <= 0 || !(*rate > 0) {
		return fmt.Errorf("%w: --n, --rounds and --rate must be positive", errUsage)
	}
	if *workers < 0 || *maxBatch <= 0 {
		return fmt.Errorf("%w: --workers must be at least 0 and --max-batch positive", errUsage)
	}
	var k *attest.Keys
	if *keys != "" {
		start := time.Now()
		var err error
		if k, err = attest.LoadKeys(*keys); err != nil {
			return err
		}
		e.Log.Info("keys loaded", "circuit_id", k.CircuitID, "elapsed", time.Since(start).Round(time.Millisecond))
	}
	r, err := bench.MeasureVerify(ctx, k, *n, bench.VerifyOptions{Rounds: *rounds, Workers: *workers, MaxBatch: *maxBatch, Dir: *dir, Cache: *cache, Rate: *rate},
		func(msg string) { e.Log.Info("bench", "step", msg) })
	if err != nil {
		return err
	}
	w := *workers
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	head := fmt.Sprintf("verifier: window %d (%d probes), circuit %s, %d workers, max batch %d; mean prove time %s per attestation (not in the table)\n\n",
		r.Shape.Chunks, r.Shape.Probes, r.CircuitID.String()[:16], w, *maxBatch, r.Prove.Round(time.Millisecond))
	res := benchVerifyJSON{Machine: machineJSON(bench.DetectMachine(ctx)), Window: r.Shape.Chunks, Probes: r.Shape.Probes,
		CircuitID: r.CircuitID.String(), N: r.N, Workers: w, MaxBatch: *maxBatch, MeanProveNs: r.Prove.Nanoseconds(),
		ThroughputRatio: r.ThroughputRatio(), SingleRatio: r.SingleRatio()}
	for _, run := range r.Runs {
		res.Runs = append(res.Runs, benchVerifyRunJSON{Mode: run.Mode, N: run.N, ElapsedNs: run.Elapsed.Nanoseconds(),
			PerSecond: run.PerSecond(), P50Ns: run.P50.Nanoseconds(), P99Ns: run.P99.Nanoseconds(), Offered: run.Offered,
			Batches: run.Batches, Verified: run.Verified, Rounds: run.Rounds})
	}
	return printTable(e, *out, head, res, func(b *strings.Builder) error { return bench.WriteVerifyTable(b, r) })
}

func benchTransfer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench transfer", "copy N MiB over a raw loopback TCP connection, then fetch an object of the same size "+
		"from a miner on loopback (verified chunks, probes, a signed voucher and receipt per window); compare MB/s")
	sizeMiB := fs.Int("size-mib", envInt("BWPROOF_BENCH_TRANSFER_MIB", 32), "MiB transferred per round (env BWPROOF_BENCH_TRANSFER_MIB)")
	rounds := fs.Int("rounds", envInt("BWPROOF_BENCH_ROUNDS", 3), "transfers of each kind; the median is reported (env BWPROOF_BENCH_ROUNDS)")
	chunk := fs.String("chunk-size", envOr("BWPROOF_CHUNK_SIZE", strconv.Itoa(challenge.DefaultChunkSize)), "chunk size of the object, at most 1 MiB (env BWPROOF_CHUNK_SIZE)")
	window := fs.Int("window", envInt("BWPROOF_BENCH_WINDOW", challenge.DefaultWindowChunks), "chunks per window (a power of two; env BWPROOF_BENCH_WINDOW)")
	credit := fs.String("credit", envOr("BWPROOF_MINER_CREDIT", strconv.Itoa(challenge.DefaultCreditLimit)), "the miner's credit limit in bytes (env BWPROOF_MINER_CREDIT)")
	dir := fs.String("dir", envOr("BWPROOF_BENCH_DIR", ""), "parent of the temporary miner and client directories (env BWPROOF_BENCH_DIR; empty: the system temp dir)")
	out := fs.String("out", envOr("BWPROOF_BENCH_OUT", ""), "also write the table (Markdown) to this file (env BWPROOF_BENCH_OUT)")
	rtt := fs.Duration("rtt", 0, "emulate a link with this round-trip time (RTT/2 each way) for both paths; 0 and no --rate: plain loopback")
	rate := fs.String("rate", "", "emulated link rate per direction, e.g. 1Gbit, 100Mbit, 125MB (empty: unlimited)")
	queue := fs.String("queue", "", "emulated bottleneck queue in bytes (empty: 25 ms at --rate)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var link *bench.LinkOptions
	if *rtt != 0 || *rate != "" || *queue != "" {
		rb, err := bench.ParseRate(*rate)
		if err != nil {
			return fmt.Errorf("%w: --rate: %w", errUsage, err)
		}
		if *rtt < 0 || *rtt > time.Minute {
			return fmt.Errorf("%w: --rtt must be in [0, 1m]", errUsage)
		}
		link = &bench.LinkOptions{RTT: *rtt, Rate: rb, Log: e.Log}
		if *queue != "" {
			q, err := parseSize(*queue)
			if err != nil || q == 0 || q > 1<<30 {
				return fmt.Errorf("%w: --queue %q: want 1 byte..1 GiB", errUsage, *queue)
			}
			link.Queue = int(q)
		}
	}
	if *sizeMiB <= 0 || *sizeMiB > 4096 {
		return fmt.Errorf("%w: --size-mib must be 1..4096", errUsage)
	}
	if *rounds <= 0 {
		return fmt.Errorf("%w: --rounds must be positive", errUsage)
	}
	cs, err := parseSize(*chunk)
	if err != nil || cs == 0 || cs > protocol.MaxChunkSize {
		return fmt.Errorf("%w: --chunk-size %q: want 1..%d bytes", errUsage, *chunk, protocol.MaxChunkSize)
	}
	if _, err := shapeOf(*window, 0); err != nil {
		return fmt.Errorf("--window: %w", err)
	}
	cl, err := parseSize(*credit)
	if err != nil || cl == 0 {
		return fmt.Errorf("%w: --credit %q: want a positive byte count", errUsage, *credit)
	}
	r, err := bench.MeasureTransfer(ctx, bench.TransferOptions{Size: *sizeMiB << 20, Rounds: *rounds, ChunkSize: uint32(cs),
		Window: *window, CreditLimit: cl, Dir: *dir, Link: link, Progress: func(msg string) { e.Log.Info("bench", "step", msg) }})
	if err != nil {
		return err
	}
	path := "loopback"
	if r.Link != "" {
		path = "both paths through an emulated link (" + r.Link + ")"
	}
	head := fmt.Sprintf("transfer: %s, %d rounds after one untimed warm-up, each a raw copy then a fetch (medians; per round: median of the rounds' ratios), miner credit %d MiB; fetch probes = possession + latency probes passed\n\n",
		path, r.Rounds, cl>>20)
	res := benchTransferJSON{Machine: machineJSON(bench.DetectMachine(ctx)), SizeBytes: r.Size, ChunkSize: r.ChunkSize,
		Window: r.Window, Rounds: r.Rounds, Link: r.Link, RawNs: r.Raw.Nanoseconds(), FetchNs: r.Fetch.Nanoseconds(),
		RawMBps: r.RawMBps(), FetchMBps: r.FetchMBps(), RoundRatio: r.RoundRatio, Vouchers: r.Vouchers, Acked: r.Acked,
		ProbesPassed: r.ProbesPassed, ProbesFailed: r.ProbesFailed}
	return printTable(e, *out, head, res, func(b *strings.Builder) error { return bench.WriteTransferTable(b, r) })
}

// The --json forms of the bench results: durations in nanoseconds
// (fields ending in _ns), gas in gas units; the machine they ran on.

type benchMachineJSON struct {
	CPU    string `json:"cpu"`
	Cores  int    `json:"cores"`
	OS     string `json:"os"`
	Arch   string `json:"arch"`
	Go     string `json:"go"`
	Gnark  string `json:"gnark"`
	Commit string `json:"commit"`
}

func machineJSON(m bench.Machine) benchMachineJSON {
	return benchMachineJSON{CPU: m.CPU, Cores: m.Cores, OS: m.OS, Arch: m.Arch, Go: m.Go, Gnark: m.Gnark, Commit: m.Commit}
}

type benchProveJSON struct {
	Machine benchMachineJSON       `json:"machine"`
	Results []benchProveResultJSON `json:"results"`
	Files   []string               `json:"files,omitempty"`
}

type benchProveResultJSON struct {
	Window              int     `json:"window"`
	Probes              int     `json:"probes"`
	Constraints         int     `json:"constraints"`
	ConstraintsPerChunk float64 `json:"constraints_per_chunk"`
	SetupNs             int64   `json:"setup_ns"`
	ProveNs             int64   `json:"prove_ns"`
	VerifyNs            int64   `json:"verify_ns"`
	ProveRunsNs         []int64 `json:"prove_runs_ns"`
	VerifyRunsNs        []int64 `json:"verify_runs_ns"`
	ProofBytes          int     `json:"proof_bytes"`
	PeakHeapBytes       uint64  `json:"peak_heap_bytes"`
	WithdrawGas         uint64  `json:"withdraw_gas,omitempty"`
}

func nanos(ds []time.Duration) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.Nanoseconds()
	}
	return out
}

type benchBatchJSON struct {
	Machine benchMachineJSON       `json:"machine"`
	Results []benchBatchResultJSON `json:"results"`
}

type benchBatchResultJSON struct {
	K                 int    `json:"k"`
	Window            int    `json:"window"`
	Probes            int    `json:"probes"`
	Constraints       int    `json:"constraints"`
	SetupNs           int64  `json:"setup_ns"`
	ProveNs           int64  `json:"prove_ns"`
	ProvePerChannelNs int64  `json:"prove_per_channel_ns"`
	SingleProveNs     int64  `json:"single_prove_ns"`
	VerifyNs          int64  `json:"verify_ns"`
	ProofBytes        int    `json:"proof_bytes"`
	TxGas             uint64 `json:"tx_gas,omitempty"`
	GasPerChannel     uint64 `json:"gas_per_channel,omitempty"`
	Runs              int    `json:"runs"`
}

type benchVerifyJSON struct {
	Machine         benchMachineJSON     `json:"machine"`
	Window          int                  `json:"window"`
	Probes          int                  `json:"probes"`
	CircuitID       string               `json:"circuit_id"`
	N               int                  `json:"n"`
	Workers         int                  `json:"workers"`
	MaxBatch        int                  `json:"max_batch"`
	MeanProveNs     int64                `json:"mean_prove_ns"`
	ThroughputRatio float64              `json:"throughput_ratio"`
	SingleRatio     float64              `json:"single_ratio"`
	Runs            []benchVerifyRunJSON `json:"runs"`
}

type benchVerifyRunJSON struct {
	Mode      string  `json:"mode"`
	N         int     `json:"n"`
	ElapsedNs int64   `json:"elapsed_ns"`
	PerSecond float64 `json:"per_second"`
	P50Ns     int64   `json:"p50_ns"`
	P99Ns     int64   `json:"p99_ns"`
	Offered   float64 `json:"offered_per_second,omitempty"`
	Batches   uint64  `json:"batches"`
	Verified  uint64  `json:"verified"`
	Rounds    int     `json:"rounds"`
}

type benchTransferJSON struct {
	Machine      benchMachineJSON `json:"machine"`
	SizeBytes    int              `json:"size_bytes"`
	ChunkSize    uint32           `json:"chunk_size"`
	Window       int              `json:"window"`
	Rounds       int              `json:"rounds"`
	Link         string           `json:"link,omitempty"`
	RawNs        int64            `json:"raw_ns"`
	FetchNs      int64            `json:"fetch_ns"`
	RawMBps      float64          `json:"raw_mbps"`
	FetchMBps    float64          `json:"fetch_mbps"`
	RoundRatio   float64          `json:"round_ratio"`
	Vouchers     int              `json:"vouchers"`
	Acked        int              `json:"acked"`
	ProbesPassed int              `json:"probes_passed"`
	ProbesFailed int              `json:"probes_failed"`
}
