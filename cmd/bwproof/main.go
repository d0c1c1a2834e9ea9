// Command bwproof is the single binary of bwproof. It only parses flags and
// calls the library packages; each role lives in its own file here and
// registers itself with register().
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	gnarklog "github.com/consensys/gnark/logger"
)

// command is one top-level role (`bwproof keys`, `bwproof miner`, ...).
// Run gets the arguments after the role name.
type command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets from main: output streams and a logger.
type env struct {
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.Name]; dup {
		panic("bwproof: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// errUsage marks an error the user can fix by reading --help; main exits 2.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "bwproof: verifiable paid bandwidth: probes, vouchers, zero-knowledge byte-count proofs.")
	fmt.Fprintln(w, "\nUsage: bwproof [--log-level debug|info|warn|error] [--log-json] <command> [subcommand] [flags]")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w, "\nRun 'bwproof <command> --help' for a command's subcommands and flags.")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	global := flag.NewFlagSet("bwproof", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.Usage = func() { usage(stderr) }
	level := global.String("log-level", envOr("BWPROOF_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env BWPROOF_LOG_LEVEL)")
	jsonLogs := global.Bool("log-json", os.Getenv("BWPROOF_LOG_JSON") != "", "log as JSON lines (env BWPROOF_LOG_JSON)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := global.Args()
	if len(rest) == 0 || rest[0] == "help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "bwproof: unknown command %q\n\n", rest[0])
		usage(stderr)
		return 2
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "bwproof: bad --log-level %q\n", *level)
		return 2
	}
	if lv > slog.LevelDebug {
		gnarklog.Disable() // gnark's own zerolog output, unless debugging
	}
	opts := &slog.HandlerOptions{Level: lv}
	var h slog.Handler = slog.NewTextHandler(stderr, opts)
	if *jsonLogs {
		h = slog.NewJSONHandler(stderr, opts)
	}
	e := &env{Stdout: stdout, Stderr: stderr, Log: slog.New(h)}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd.Run(ctx, e, rest[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "bwproof %s: %v\n", cmd.Name, err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// subcommand is one verb under a role (`bwproof keys setup`).
type subcommand struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, e *env, args []string) error
}

// dispatch runs the subcommand named by args[0], with a generated --help.
func dispatch(ctx context.Context, e *env, role, summary string, subs []subcommand, args []string) error {
	help := func(w io.Writer) {
		fmt.Fprintf(w, "bwproof %s: %s\n\nSubcommands:\n", role, summary)
		for _, s := range subs {
			fmt.Fprintf(w, "  %-16s %s\n", s.Name, s.Summary)
		}
		fmt.Fprintf(w, "\nRun 'bwproof %s <subcommand> --help' for its flags.\n", role)
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		help(e.Stdout)
		if len(args) == 0 {
			return fmt.Errorf("%w: missing subcommand", errUsage)
		}
		return nil
	}
	for _, s := range subs {
		if s.Name == args[0] {
			return s.Run(ctx, e, args[1:])
		}
	}
	help(e.Stderr)
	return fmt.Errorf("%w: unknown subcommand %q", errUsage, args[0])
}

// newFlags returns a flag set whose --help prints the summary and flags.
// Flags may be given an environment-variable default with envOr.
func newFlags(e *env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "bwproof %s: %s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; a parse error is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return nil
}

// envOr returns the environment variable key, or def when it is unset.
func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && strings.TrimSpace(v) != "" {
		return v
	}
	return def
}
