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
	"regexp"
	"sort"
	"strings"
	"syscall"

	gnarklog "github.com/consensys/gnark/logger"
	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v3"
)

// The command files declare their flags with the standard flag package
// and parse them themselves (newFlags, parseFlags, dispatch); this file
// runs each of them once in "declare" mode to learn its flags, and builds
// from them a urfave/cli tree. The framework does the parsing (flags in
// any position, global flags inherited, env variables, config files,
// completion, help); the chosen subcommand is then run with the values it
// settled on, spelled out as canonical --name=value arguments.

// errDeclared stops a command run in declare mode at its flag parsing.
var errDeclared = errors.New("declared")

// declaration is what a command records in declare mode: a role's
// subcommands, or a leaf's flags.
type declaration struct {
	summary string
	subs    []subcommand
	fs      *flag.FlagSet
}

func declare(ctx context.Context, run func(ctx context.Context, e *env, args []string) error) (*declaration, error) {
	d := &declaration{}
	e := &env{Stdout: io.Discard, Stderr: io.Discard, Log: slog.New(slog.DiscardHandler), declare: d}
	if err := run(ctx, e, nil); !errors.Is(err, errDeclared) {
		return nil, fmt.Errorf("declaring a command: %v", err)
	}
	return d, nil
}

// Exit codes, documented in README and the root --help.
const (
	exitOK      = 0
	exitFailure = 1 // invalid proof, refused, failed
	exitUsage   = 2 // wrong flags or arguments
	exitInput   = 3 // an input file missing, too large or undecodable
)

const exitCodesHelp = `EXIT CODES:
   0  success
   1  failure (an invalid proof, a refusal, an error on the way)
   2  usage (unknown command or flag, missing or bad flag value)
   3  unreadable input (a file missing, too large or undecodable)`

// globalFlags are the root's persistent flags: they may be given before
// or after any command.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "log-level", Value: "info", Usage: "log level: debug, info, warn, error", Sources: cli.EnvVars("BWPROOF_LOG_LEVEL")},
		&cli.BoolFlag{Name: "log-json", Usage: "log as JSON lines", Sources: cli.EnvVars("BWPROOF_LOG_JSON")},
		&cli.BoolFlag{Name: "json", Usage: "print results as JSON (stable snake_case fields; amounts in wei as decimal strings)", Sources: cli.EnvVars("BWPROOF_JSON")},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := buildApp(ctx, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "bwproof: %v\n", err)
		return exitFailure
	}
	err = root.Run(ctx, append([]string{"bwproof"}, args...))
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "%s: %v\nsee '%s --help'\n", ue.Cmd, ue.Err, ue.Cmd)
		return code
	}
	name := "bwproof"
	var ce *cmdError
	if errors.As(err, &ce) {
		name, err = ce.Cmd, ce.Err
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	if code == exitUsage {
		fmt.Fprintf(stderr, "see '%s --help'\n", name)
	}
	return code
}

// usageError is a misuse caught by the framework (unknown flag, bad
// value, unknown command), reported as one line plus a hint.
type usageError struct {
	Cmd string
	Err error
}

func (e *usageError) Error() string { return e.Cmd + ": " + e.Err.Error() }
func (e *usageError) Unwrap() error { return e.Err }

// cmdError names the command whose action failed.
type cmdError struct {
	Cmd string
	Err error
}

func (e *cmdError) Error() string { return e.Cmd + ": " + e.Err.Error() }
func (e *cmdError) Unwrap() error { return e.Err }

func onUsageError(ctx context.Context, cmd *cli.Command, err error, _ bool) error {
	return &usageError{Cmd: cmd.FullName(), Err: err}
}

func buildApp(ctx context.Context, stdout, stderr io.Writer) (*cli.Command, error) {
	root := &cli.Command{
		Name:                  "bwproof",
		Usage:                 "verifiable paid bandwidth: probes, vouchers, zero-knowledge byte-count proofs",
		Description:           "Global flags (--log-level, --log-json, --json) may be given before or after any command.\n\n" + exitCodesHelp,
		Flags:                 globalFlags(),
		Writer:                stdout,
		ErrWriter:             stderr,
		EnableShellCompletion: true,
		Suggest:               true,
		OnUsageError:          onUsageError,
		// Errors are mapped to exit codes in run, never by os.Exit here.
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 0 {
				return &usageError{Cmd: "bwproof", Err: fmt.Errorf("unknown command %q", cmd.Args().First())}
			}
			return cli.ShowRootCommandHelp(cmd)
		},
	}
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c, err := buildRole(ctx, commands[n])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		root.Commands = append(root.Commands, c)
	}
	root.Commands = append(root.Commands, versionCommand())
	return root, nil
}

// buildRole turns a registered role into a cli command: a group of
// subcommands (dispatch), or a leaf with flags (demo).
func buildRole(ctx context.Context, c command) (*cli.Command, error) {
	d, err := declare(ctx, c.Run)
	if err != nil {
		return nil, err
	}
	if d.fs != nil {
		return buildLeaf(c.Name, "", c.Summary, d, func(ctx context.Context, e *env, args []string) error {
			return c.Run(ctx, e, args)
		}), nil
	}
	group := &cli.Command{
		Name:         c.Name,
		Usage:        c.Summary,
		Description:  d.summary,
		OnUsageError: onUsageError,
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 0 {
				return &usageError{Cmd: cmd.FullName(), Err: fmt.Errorf("unknown subcommand %q", cmd.Args().First())}
			}
			_ = cli.ShowSubcommandHelp(cmd)
			return &usageError{Cmd: cmd.FullName(), Err: errors.New("missing subcommand")}
		},
	}
	for _, s := range d.subs {
		sd, err := declare(ctx, s.Run)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		runSub := func(ctx context.Context, e *env, args []string) error {
			return c.Run(ctx, e, append([]string{s.Name}, args...))
		}
		leaf := buildLeaf(s.Name, c.Name, s.Summary, sd, runSub)
		group.Commands = append(group.Commands, leaf)
		if s.Name == "serve" {
			// Long-running roles take a config file; dumpconfig prints
			// the effective one (as geth does).
			addConfig(leaf, sd)
			dump := buildLeaf("dumpconfig", c.Name, "print the effective configuration of '"+c.Name+" serve' as TOML (defaults < --config file < env < flags)", sd, nil)
			addConfig(dump, sd)
			group.Commands = append(group.Commands, dump)
		}
	}
	return group, nil
}

// envInUsage finds the env variables a usage string names: "(env X)",
// "(env X; more)" and "…; env X". The help shows them as [$X] instead.
var envInUsage = regexp.MustCompile(`\s*\(env ([A-Z0-9_]+(?:, [A-Z0-9_]+)*)\)|\(env (BWPROOF_[A-Z0-9_]+); |;? ?env (BWPROOF_[A-Z0-9_]+)`)

// dropEnv removes what envInUsage matched, keeping the parenthesis of
// "(env X; more)".
func dropEnv(m string) string {
	if strings.HasPrefix(m, "(env ") && strings.HasSuffix(m, "; ") {
		return "("
	}
	return ""
}

// envName is the generated env variable of a flag that documents none:
// BWPROOF_<ROLE>_<FLAG> for a role's serve (the long-running roles, as
// verifier/README.md documents), BWPROOF_<ROLE>_<SUB>_<FLAG> otherwise.
func envName(role, sub, flagName string) string {
	parts := []string{"BWPROOF"}
	if role != "" {
		parts = append(parts, role)
	}
	if sub != "" && sub != "serve" && sub != "dumpconfig" {
		parts = append(parts, sub)
	}
	parts = append(parts, flagName)
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(strings.Join(parts, "_")))
}

// getter adapts a flag.Value without Get (all of the standard ones have it).
type getter struct{ flag.Value }

func (g getter) Get() any { return g.String() }

// cliFlags converts a declared flag set into cli flags bound to the same
// values, so what the framework parses lands in them.
func cliFlags(role, sub string, fs *flag.FlagSet) []cli.Flag {
	var out []cli.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "json" {
			return // the global --json, passed on by canonicalArgs
		}
		usage := f.Usage
		var envs []string
		if m := envInUsage.FindStringSubmatch(usage); m != nil {
			for _, g := range m[1:] {
				for _, n := range strings.Split(g, ",") {
					if n = strings.TrimSpace(n); n != "" {
						envs = append(envs, n)
					}
				}
			}
			usage = strings.TrimSpace(envInUsage.ReplaceAllStringFunc(usage, dropEnv))
		} else {
			envs = []string{envName(role, sub, f.Name)}
		}
		v, ok := f.Value.(cli.Value)
		if !ok {
			v = getter{f.Value}
		}
		out = append(out, &cli.GenericFlag{
			Name:        f.Name,
			Usage:       usage,
			Value:       v,
			DefaultText: f.DefValue,
			HideDefault: f.DefValue == "" || f.DefValue == "false",
			Sources:     cli.EnvVars(envs...),
			TakesFile:   takesFile(f.Name),
			Local:       true,
		})
	})
	return out
}

func takesFile(name string) bool {
	for _, s := range []string{"out", "keys", "key", "dir", "store", "ledger", "state", "receipts", "data", "config", "creds", "auth"} {
		if name == s || strings.HasSuffix(name, "-"+s) {
			return true
		}
	}
	return false
}

// buildLeaf makes the cli command of one subcommand. runFn runs it with
// canonical arguments; nil makes a dumpconfig.
func buildLeaf(name, role, summary string, d *declaration, runFn func(ctx context.Context, e *env, args []string) error) *cli.Command {
	usageText, desc := "", d.summary
	if strings.HasPrefix(desc, "bwproof ") {
		// A summary that starts with its synopsis.
		if i := strings.Index(desc, "\n\n"); i > 0 {
			usageText, desc = desc[:i], desc[i+2:]
		}
	}
	sub := name
	if role == "" {
		role, sub = name, ""
	}
	leaf := &cli.Command{
		Name:         name,
		Usage:        summary,
		UsageText:    usageText,
		Description:  desc,
		Flags:        cliFlags(role, sub, d.fs),
		OnUsageError: onUsageError,
	}
	leaf.Action = func(ctx context.Context, cmd *cli.Command) error {
		cfg, err := loadConfig(cmd, d.fs)
		if err != nil {
			return &cmdError{Cmd: cmd.FullName(), Err: err}
		}
		e, err := newEnv(cmd)
		if err != nil {
			return err
		}
		if runFn == nil {
			return dumpConfig(e.Stdout, d.fs, cmd, cfg)
		}
		args, err := canonicalArgs(d.fs, cmd, cfg)
		if err != nil {
			return &cmdError{Cmd: cmd.FullName(), Err: err}
		}
		if err := runFn(ctx, e, args); err != nil {
			return &cmdError{Cmd: cmd.FullName(), Err: err}
		}
		return nil
	}
	return leaf
}

// canonicalArgs spells out what the framework settled on: every flag set
// on the command line or by env, then from the config file, then the
// positional arguments after "--".
func canonicalArgs(fs *flag.FlagSet, cmd *cli.Command, cfg map[string]string) ([]string, error) {
	var args []string
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "json" {
			if cmd.Bool("json") {
				args = append(args, "--json=true")
			}
			return
		}
		if cmd.IsSet(f.Name) {
			args = append(args, "--"+f.Name+"="+f.Value.String())
			return
		}
		if v, ok := cfg[f.Name]; ok {
			if serr := f.Value.Set(v); serr != nil && err == nil {
				err = &inputError{What: "config", Path: cmd.String("config"), Err: fmt.Errorf("key %q: %w", f.Name, serr)}
			}
			args = append(args, "--"+f.Name+"="+f.Value.String())
		}
	})
	if err != nil {
		return nil, err
	}
	if pos := cmd.Args().Slice(); len(pos) > 0 {
		args = append(args, "--")
		args = append(args, pos...)
	}
	return args, nil
}

// newEnv makes the env of a command from the global flags.
func newEnv(cmd *cli.Command) (*env, error) {
	root := cmd.Root()
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(cmd.String("log-level"))); err != nil {
		return nil, &usageError{Cmd: cmd.FullName(), Err: fmt.Errorf("bad --log-level %q: want debug, info, warn or error", cmd.String("log-level"))}
	}
	if lv > slog.LevelDebug {
		gnarklog.Disable() // gnark's own zerolog output, unless debugging
	}
	opts := &slog.HandlerOptions{Level: lv}
	var h slog.Handler = slog.NewTextHandler(root.ErrWriter, opts)
	if cmd.Bool("log-json") {
		h = slog.NewJSONHandler(root.ErrWriter, opts)
	}
	e := &env{Stdout: root.Writer, Stderr: root.ErrWriter, Log: slog.New(h), JSON: cmd.Bool("json")}
	if f, ok := root.ErrWriter.(*os.File); ok {
		e.Terminal = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	return e, nil
}

// exitCode maps an error to the documented exit codes, in one place.
func exitCode(err error) int {
	var ue *usageError
	var ie *inputError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.Is(err, errUsage):
		return exitUsage
	case errors.As(err, &ie), isUnreadable(err):
		return exitInput
	}
	return exitFailure
}
