package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/bwproof/bwproof/demo"
)

func init() {
	register(command{Name: "demo", Summary: "run the whole network in one process and check every step", Run: runDemoCmd})
}

// runDemoCmd is flags around demo.Run.
func runDemoCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "deploy the contracts on an embedded chain, start an in-process NATS verifier bound to it, two miners (one corrupts a chunk; "+
		"the other is a miner node that settles by itself) and a client; fetch, probe, pay, report, auto-settle, buy more, start a stale close "+
		"that the miner node answers alone, finalize; exit 0 only if every step checked out, to the wei")
	o := demo.Options{Log: e.Log, Out: e.Stdout}
	fs.StringVar(&o.Dir, "dir", envOr("BWPROOF_DEMO_DIR", ""), "working directory to keep (default: a temporary one, removed at the end)")
	fs.StringVar(&o.Keys, "keys", envOr("BWPROOF_KEYS", ""), "existing key set (default: a fresh development setup)")
	fs.IntVar(&o.Window, "window", demo.DefaultWindow, "chunks per window when making fresh keys")
	fs.IntVar(&o.ObjectSize, "size", demo.DefaultObjectSize, "object size in bytes")
	fs.IntVar(&o.ChunkSize, "chunk", demo.DefaultChunkSize, "chunk size in bytes")
	fs.Uint64Var(&o.CorruptAt, "corrupt-chunk", 20, "object chunk the faulty miner corrupts")
	fs.IntVar(&o.SecondSize, "second-size", 0, "bytes bought from the honest miner after its auto-settlement (default half a window)")
	fs.IntVar(&o.SettleWindows, "settle-windows", demo.DefaultSettleWindows, "the honest miner node's --settle-threshold, in windows' worth of wei")
	verbose := fs.Bool("verbose", false, "show the components' logs (by default only errors: the summary says what happened)")
	asJSON := fs.Bool("json", false, "print the summary as JSON on stdout (the stages go to stderr)")
	viaHub := viaHubValue(0)
	fs.Var(&viaHub, "via-hub", fmt.Sprintf("instead, run client → N hub nodes → miner node (--via-hub[=N], N in 1..%d, default %d): "+
		"a fetch paid through hubs with proof-locked lane vouchers, every hop settled on chain, a per-hop table to the wei", demo.MaxViaHubs, demo.DefaultViaHubs))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*verbose {
		o.Log = slog.New(minLevel{e.Log.Handler(), slog.LevelError})
	}
	if *asJSON || e.JSON {
		o.Out = e.Stderr
	}
	if viaHub > 0 {
		return runDemoViaHub(ctx, e, fs, o, int(viaHub), *asJSON || e.JSON)
	}
	sum, err := demo.Run(ctx, o)
	if *asJSON && sum != nil {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(sum); err == nil {
			err = jerr
		}
	}
	return err
}

// runDemoViaHub is `demo --via-hub`: demo.RunViaHub with the flags that
// apply to it (an object size not given is the via-hub default).
func runDemoViaHub(ctx context.Context, e *env, fs *flag.FlagSet, o demo.Options, hubs int, asJSON bool) error {
	vo := demo.ViaHubOptions{Hubs: hubs, Dir: o.Dir, Keys: o.Keys, Window: o.Window, Log: o.Log, Out: o.Out}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "size":
			vo.ObjectSize = o.ObjectSize
		case "chunk":
			vo.ChunkSize = o.ChunkSize
		}
	})
	sum, err := demo.RunViaHub(ctx, vo)
	if asJSON && sum != nil {
		if jerr := writeJSON(e, sum); err == nil {
			err = jerr
		}
	}
	return err
}

// viaHubValue is --via-hub[=N]: a flag that may go without its value
// (then the default number of hubs), as a bool flag does.
type viaHubValue int

func (v *viaHubValue) String() string   { return strconv.Itoa(int(*v)) }
func (v *viaHubValue) Get() any         { return int(*v) }
func (v *viaHubValue) IsBoolFlag() bool { return true }

func (v *viaHubValue) Set(s string) error {
	switch s {
	case "true":
		*v = demo.DefaultViaHubs
		return nil
	case "false":
		*v = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > demo.MaxViaHubs {
		return fmt.Errorf("%q: want a number of hubs in 1..%d (0: off)", s, demo.MaxViaHubs)
	}
	*v = viaHubValue(n)
	return nil
}

// minLevel drops records below a level whatever the handler's own level.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (m minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= m.min && m.Handler.Enabled(ctx, l)
}

func (m minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{m.Handler.WithAttrs(as), m.min}
}

func (m minLevel) WithGroup(g string) slog.Handler { return minLevel{m.Handler.WithGroup(g), m.min} }
