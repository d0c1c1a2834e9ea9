package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/consensys/gnark"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// ProveResult is the proving cost of one window size.
type ProveResult struct {
	Shape       protocol.Shape
	Constraints int
	Setup       time.Duration
	Prove       time.Duration   // median of ProveRuns
	Verify      time.Duration   // median of VerifyRuns
	ProveRuns   []time.Duration // each run, in order; the chart's spread and the CSV's rows
	VerifyRuns  []time.Duration
	ProofBytes  int
	PeakHeap    uint64 // bytes, highest heap in use while proving
	Runs        int
	WithdrawGas uint64 // gas of ChannelManager.withdraw with this proof; 0: not measured
}

// PerChunk is constraints per chunk slot.
func (r ProveResult) PerChunk() float64 { return float64(r.Constraints) / float64(r.Shape.Chunks) }

// ProveOptions configures MeasureProve.
type ProveOptions struct {
	Runs      int // proofs to time (median reported); default 3
	ChunkSize int // bytes per simulated chunk; default 64 KiB
	Progress  func(msg string)
	// Gas also measures the gas of withdrawing with the proof on an
	// embedded chain, with the key set's verifier made from the committed
	// templates (no solc; see MeasureWithdrawGas).
	Gas bool
	// Solc, when set, measures the gas too, with the verifier compiled
	// from the key set's source instead (development).
	Solc *solc.Compiler
}

// MeasureProve runs a dev setup for shape, simulates a full window of
// signed traffic and times proving and verifying it.
func MeasureProve(ctx context.Context, shape protocol.Shape, opts ProveOptions) (ProveResult, error) {
	if opts.Runs <= 0 {
		opts.Runs = 3
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 64 << 10
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	res := ProveResult{Shape: shape, Runs: opts.Runs}
	progress(fmt.Sprintf("W=%d: setup", shape.Chunks))
	start := time.Now()
	keys, err := attest.Setup(ctx, shape, attest.SetupOptions{})
	if err != nil {
		return res, err
	}
	res.Setup = time.Since(start)
	res.Constraints = keys.CS.GetNbConstraints()
	sess, err := simulate(shape, opts.ChunkSize)
	if err != nil {
		return res, err
	}
	step, _ := sess.Latest()
	var proves, verifies []time.Duration
	for i := 0; i < opts.Runs; i++ {
		progress(fmt.Sprintf("W=%d: prove %d/%d", shape.Chunks, i+1, opts.Runs))
		stop := sampleHeap()
		t0 := time.Now()
		a, err := attest.Prove(ctx, keys, step)
		if err != nil {
			stop()
			return res, err
		}
		proves = append(proves, time.Since(t0))
		res.PeakHeap = max(res.PeakHeap, stop())
		t0 = time.Now()
		if err := a.Verify(keys.VK); err != nil {
			return res, err
		}
		verifies = append(verifies, time.Since(t0))
		res.ProofBytes = len(a.Proof)
	}
	res.ProveRuns, res.VerifyRuns = proves, verifies
	res.Prove, res.Verify = median(proves), median(verifies)
	if opts.Gas || opts.Solc != nil {
		progress(fmt.Sprintf("W=%d: withdraw gas", shape.Chunks))
		if res.WithdrawGas, err = MeasureWithdrawGas(ctx, keys, opts.Solc, opts.ChunkSize); err != nil {
			return res, fmt.Errorf("withdraw gas: %w", err)
		}
	}
	return res, nil
}

func simulate(shape protocol.Shape, chunk int) (*protocol.Session, error) {
	client, rk, err := benchKeys()
	if err != nil {
		return nil, err
	}
	return protocol.SimulateSession(protocol.SimulateOptions{
		Shape: shape, Bytes: uint64(shape.Chunks) * uint64(chunk), ChunkSize: chunk,
		ChannelID: protocol.ElementFromUint64(1), Domain: benchDomain, Client: client, ReceiptKey: rk,
	})
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// proveRuns is the per-run prove times; a result built without them (by
// hand, or by an older caller) counts as one run of its median.
func (r ProveResult) proveRuns() []time.Duration {
	if len(r.ProveRuns) > 0 {
		return r.ProveRuns
	}
	return []time.Duration{r.Prove}
}

// ProveSpread is the fastest, median and slowest prove time across runs.
func (r ProveResult) ProveSpread() (lo, mid, hi time.Duration) {
	runs := r.proveRuns()
	return slices.Min(runs), median(runs), slices.Max(runs)
}

// sampleHeap samples the Go heap every 5 ms until the returned stop is
// called, which returns the highest value seen.
func sampleHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// WriteProveTable prints results as an aligned table (also valid Markdown).
func WriteProveTable(w io.Writer, rs []ProveResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| W (chunks)\t P (probes)\t constraints\t per chunk\t setup\t prove\t verify\t proof bytes\t peak heap MiB\t withdraw gas\t")
	fmt.Fprintln(tw, "|---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t")
	for _, r := range rs {
		gas := "-"
		if r.WithdrawGas > 0 {
			gas = fmt.Sprint(r.WithdrawGas)
		}
		fmt.Fprintf(tw, "| %d\t %d\t %d\t %.1f\t %s\t %s\t %s\t %d\t %.0f\t %s\t\n", r.Shape.Chunks, r.Shape.Probes,
			r.Constraints, r.PerChunk(), r.Setup.Round(10*time.Millisecond), r.Prove.Round(time.Millisecond),
			r.Verify.Round(10*time.Microsecond), r.ProofBytes, float64(r.PeakHeap)/(1<<20), gas)
	}
	return tw.Flush()
}

// Machine says where benchmark numbers come from; the chart and the CSV
// carry it so a result is never read without its context.
type Machine struct {
	CPU    string // model name; the architecture when the OS does not say
	Cores  int
	OS     string
	Arch   string
	Go     string
	Gnark  string // the gnark version compiled into this binary
	Commit string // bwproof VCS revision, "+dirty" when modified; "unknown" when neither the build nor git says
}

// DetectMachine describes this machine and build. The commit comes from
// the build info (vcs.revision) and, when the binary was built without it
// (go test, -buildvcs=false), from git in the working directory.
func DetectMachine(ctx context.Context) Machine {
	m := Machine{CPU: cpuModel(), Cores: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		Go: runtime.Version(), Gnark: "v" + gnark.Version.String(), Commit: buildCommit(ctx)}
	if m.CPU == "" {
		m.CPU = runtime.GOARCH
	}
	return m
}

// String is one line: CPU, cores, platform, Go, gnark, commit.
func (m Machine) String() string {
	return fmt.Sprintf("%s, %d cores, %s/%s, %s, gnark %s, commit %s", m.CPU, m.Cores, m.OS, m.Arch, m.Go, m.Gnark, m.Commit)
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(b)) {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}

func buildCommit(ctx context.Context) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			return rev[:min(12, len(rev))] + dirty
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += "+dirty"
	}
	return rev
}
