package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"
)

var updateFlags = flag.Bool("update-flags", false, "rewrite testdata/cli-flags.golden from the current command tree")

// TestFlagSurface pins every command's flags: name, env variables and
// default, as --help shows them and scripts, configs and the README rely
// on. A change to the command tree (a port to another way of declaring
// flags included) must keep them or update the golden file on purpose
// (go test -run TestFlagSurface -update-flags).
func TestFlagSurface(t *testing.T) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "BWPROOF_") {
			t.Setenv(k, "") // defaults, not this shell's values
			os.Unsetenv(k)
		}
	}
	root, err := buildApp(context.Background(), io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(path string, c *cli.Command)
	walk = func(path string, c *cli.Command) {
		for _, f := range c.Flags {
			df, ok := f.(cli.DocGenerationFlag)
			if !ok {
				t.Fatalf("%s: flag %v has no docs", path, f.Names())
			}
			fmt.Fprintf(&b, "%s\t--%s\tenv=%s\tdefault=%s\n", path, strings.Join(f.Names(), ",--"),
				strings.Join(df.GetEnvVars(), ","), strings.Trim(df.GetValue(), `"`)) // a StringFlag quotes its value
		}
		for _, s := range c.Commands {
			if s.Name == "help" || s.Name == "completion" {
				continue
			}
			walk(strings.TrimSpace(path+" "+s.Name), s)
		}
	}
	walk("bwproof", root)
	golden := filepath.Join("testdata", "cli-flags.golden")
	if *updateFlags {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update-flags)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("flag surface differs from %s at line %d:\n got  %q\n want %q", golden, i+1, g, w)
			}
		}
	}
}

// TestFlagUsageReadable: every flag's help text reads cleanly once its env
// variables moved to the [$NAME] suffix: no "env NAME" left in it and no
// punctuation the move left behind ("(; empty: …)", "()").
func TestFlagUsageReadable(t *testing.T) {
	root, err := buildApp(context.Background(), io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(path string, c *cli.Command)
	n := 0
	walk = func(path string, c *cli.Command) {
		for _, f := range c.Flags {
			df, ok := f.(cli.DocGenerationFlag)
			if !ok {
				continue
			}
			u := df.GetUsage()
			n++
			for _, bad := range []string{"(; ", "()", "( ", " )", "; )", ";;", "env BWPROOF_"} {
				if strings.Contains(u, bad) {
					t.Errorf("%s --%s: usage %q contains %q", path, f.Names()[0], u, bad)
				}
			}
		}
		for _, s := range c.Commands {
			walk(strings.TrimSpace(path+" "+s.Name), s)
		}
	}
	walk("bwproof", root)
	if n < 100 {
		t.Fatalf("only %d flags walked", n)
	}
}
