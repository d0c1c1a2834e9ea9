// Command bwproof is the single binary of bwproof. It only parses flags and
// calls the library packages; each role lives in its own file here and
// registers itself with register(). cli.go turns the registered roles into
// a urfave/cli command tree (help, env variables, completion, config files).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// command is one top-level role (`bwproof keys`, `bwproof miner`, ...).
// Run gets the arguments after the role name.
type command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets from main: output streams, a logger and
// the global output mode.
type env struct {
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
	// JSON is --json: commands that print data print one JSON document.
	JSON bool
	// Terminal is whether Stderr is a terminal (progress bars are drawn
	// only then).
	Terminal bool

	// declare, when set, makes a command record its subcommands or flags
	// instead of running: see declareCommand.
	declare *declaration
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

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// subcommand is one verb under a role (`bwproof keys setup`).
type subcommand struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, e *env, args []string) error
}

// dispatch runs the subcommand named by args[0]. The cli layer has already
// resolved the name and handled --help; dispatch only routes.
func dispatch(ctx context.Context, e *env, role, summary string, subs []subcommand, args []string) error {
	if e.declare != nil {
		e.declare.summary, e.declare.subs = summary, subs
		return errDeclared
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: missing subcommand", errUsage)
	}
	for _, s := range subs {
		if s.Name == args[0] {
			return s.Run(ctx, e, args[1:])
		}
	}
	return fmt.Errorf("%w: unknown subcommand %q", errUsage, args[0])
}

// newFlags returns the flag set of a subcommand. Flags may be given an
// environment-variable default with envOr; the cli layer adds one to the
// others. When e is declaring, the set is recorded and parseFlags stops
// the command before it does anything.
func newFlags(e *env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if e.declare != nil {
		e.declare.summary, e.declare.fs = summary, fs
		fs.SetOutput(declareOutput{})
	}
	return fs
}

// declareOutput marks a flag set made while declaring.
type declareOutput struct{ io.Writer }

func declaring(fs *flag.FlagSet) bool {
	_, ok := fs.Output().(declareOutput)
	return ok
}

// parseFlags parses args; a parse error is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if declaring(fs) {
		return errDeclared
	}
	if err := fs.Parse(args); err != nil {
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
