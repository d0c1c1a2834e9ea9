package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/bwproof/bwproof/bench"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "bench", Summary: "measure proving cost per window size", Run: runBench})
}

func runBench(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "bench", "measure what bwproof costs on this machine", []subcommand{
		{"prove", "setup, prove and verify a full window for each size; print a table", benchProve},
	}, args)
}

func benchProve(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench prove", "for each window size: dev setup, simulate a full window of signed traffic, prove and verify it")
	windows := fs.String("windows", "16,64,256", "comma-separated window sizes (powers of two)")
	runs := fs.Int("runs", 3, "proofs per size (the median is reported)")
	out := fs.String("out", "", "also write the table (Markdown) to this file")
	chart := fs.String("chart", "prove-cost.png", "write a PNG chart of prove time and constraints to this file (empty: none)")
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
	var rs []bench.ProveResult
	for _, sh := range shapes {
		r, err := bench.MeasureProve(ctx, sh, bench.ProveOptions{Runs: *runs,
			Progress: func(msg string) { e.Log.Info("bench", "step", msg) }})
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "machine: %s/%s, %d CPUs, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	if err := bench.WriteProveTable(&b, rs); err != nil {
		return err
	}
	fmt.Fprint(e.Stdout, b.String())
	if *out != "" {
		if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	if *chart != "" {
		f, err := os.Create(*chart)
		if err != nil {
			return err
		}
		if err := bench.WriteProveChart(f, rs); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "\nchart written to %s\n", *chart)
	}
	return nil
}
