package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/bwproof/bwproof/challenge"
)

// fetchProgress shows a fetch's progress: a bar on a terminal, otherwise
// a plain log line at most every logEvery (no \r frames in a file).
type fetchProgress struct {
	e        *env
	bar      *progressbar.ProgressBar // nil: not a terminal
	mu       sync.Mutex
	lastLog  time.Time
	logEvery time.Duration
}

func newFetchProgress(e *env, enabled bool) *fetchProgress {
	p := &fetchProgress{e: e, logEvery: 5 * time.Second}
	if !enabled {
		return p
	}
	if e.Terminal {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(e.Stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(24),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetDescription("fetch"),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionUseANSICodes(true)) // clears the line: no stale characters
		return p
	}
	p.lastLog = time.Now()
	return p
}

func (p *fetchProgress) update(pr challenge.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		if pr.Size > 0 && p.bar.GetMax64() != int64(pr.Size) {
			p.bar.ChangeMax64(int64(pr.Size))
		}
		p.bar.Describe(fmt.Sprintf("%s  vouchers %d (acked %d)  probes %d/%d", pr.Miner, pr.Vouchers, pr.Acked,
			pr.ProbesPassed, pr.ProbesPassed+pr.ProbesFailed))
		_ = p.bar.Set64(int64(pr.Received))
		return
	}
	if p.lastLog.IsZero() || time.Since(p.lastLog) < p.logEvery {
		return
	}
	p.lastLog = time.Now()
	p.e.Log.Info("fetching", "miner", pr.Miner, "received", pr.Received, "size", pr.Size,
		"vouchers", pr.Vouchers, "probes_passed", pr.ProbesPassed, "probes_failed", pr.ProbesFailed)
}

func (p *fetchProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// setupRate is the Groth16 setup speed the estimate assumes, in
// constraints per second: README's `bench prove` table (2 cores: 10,620
// constraints in 1.66 s, 32,957 in 6.16 s) is about 5,400/s. It is an
// estimate; another machine is faster or slower.
const setupRate = 5400

// setupEstimate is the expected duration of a dev setup of n constraints.
func setupEstimate(n int) time.Duration {
	return (time.Duration(n) * time.Second / setupRate).Round(time.Second / 10)
}

// setupStages shows the stages of keys setup (compile, setup, write): a
// spinner with the stage and its estimate on a terminal, log lines
// otherwise. It learns the constraint count from the library's "circuit
// compiled" record, so it wraps the log handler given to attest.Setup.
type setupStages struct {
	e     *env
	bar   *progressbar.ProgressBar
	start time.Time
}

func newSetupStages(e *env) *setupStages {
	s := &setupStages{e: e, start: time.Now()}
	if e.Terminal {
		s.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(e.Stderr),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionUseANSICodes(true))
		// The spinner moves only when added to: tick it in the background.
		go func() {
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for range t.C {
				if s.bar.IsFinished() {
					return
				}
				_ = s.bar.Add(1)
			}
		}()
	}
	s.stage("compile", "")
	return s
}

func (s *setupStages) stage(name, detail string) {
	if s.bar != nil {
		s.bar.Describe(name + " " + detail)
		return
	}
	s.e.Log.Info("keys setup", "stage", name, "detail", detail, "elapsed", time.Since(s.start).Round(time.Millisecond))
}

func (s *setupStages) done() {
	if s.bar != nil {
		_ = s.bar.Finish()
	}
}

// logger is the logger to give attest.Setup: the command's, plus a watch
// for the end of the compile stage.
func (s *setupStages) logger() *slog.Logger {
	return slog.New(stageHandler{Handler: s.e.Log.Handler(), s: s})
}

type stageHandler struct {
	slog.Handler
	s *setupStages
}

func (h stageHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l == slog.LevelInfo || h.Handler.Enabled(ctx, l)
}

func (h stageHandler) Handle(ctx context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "constraints" && a.Value.Kind() == slog.KindInt64 {
			n := int(a.Value.Int64())
			h.s.stage("setup", fmt.Sprintf("(%d constraints: about %s, an estimate from README's 2-core numbers)", n, setupEstimate(n)))
			return false
		}
		return true
	})
	if !h.Handler.Enabled(ctx, r.Level) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h stageHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return stageHandler{Handler: h.Handler.WithAttrs(as), s: h.s}
}

func (h stageHandler) WithGroup(g string) slog.Handler {
	return stageHandler{Handler: h.Handler.WithGroup(g), s: h.s}
}
