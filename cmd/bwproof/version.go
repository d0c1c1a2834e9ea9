package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v3"

	"github.com/bwproof/bwproof/attest"
)

// versionInfo is `bwproof version --json`.
type versionInfo struct {
	Module       string            `json:"module"`
	Version      string            `json:"version"`
	Revision     string            `json:"vcs_revision,omitempty"`
	RevisionTime string            `json:"vcs_time,omitempty"`
	Modified     bool              `json:"vcs_modified"`
	GoVersion    string            `json:"go_version"`
	Deps         map[string]string `json:"deps"`
	Keys         *keysVersion      `json:"keys,omitempty"`
}

type keysVersion struct {
	Dir       string `json:"dir"`
	Circuit   string `json:"circuit"`
	CircuitID string `json:"circuit_id"`
}

// versionDeps are the dependencies whose versions decide what the binary
// proves, verifies and speaks, by short name.
var versionDeps = []struct{ name, path string }{
	{"gnark", "github.com/consensys/gnark"},
	{"gnark_crypto", "github.com/consensys/gnark-crypto"},
	{"go_ethereum", "github.com/ethereum/go-ethereum"},
	{"nats_go", "github.com/nats-io/nats.go"},
	{"nats_server", "github.com/nats-io/nats-server/v2"},
}

func buildVersion() versionInfo {
	v := versionInfo{Module: "github.com/bwproof/bwproof", Version: "(unknown)", Deps: map[string]string{}}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.GoVersion = bi.GoVersion
	if bi.Main.Path != "" {
		v.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.RevisionTime = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	for _, want := range versionDeps {
		v.Deps[want.name] = "(not linked)"
		for _, d := range bi.Deps {
			if d.Path == want.path {
				if d.Replace != nil {
					d = d.Replace
				}
				v.Deps[want.name] = d.Version
			}
		}
	}
	return v
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:         "version",
		Usage:        "print the module version, VCS revision, Go and dependency versions; with --keys, the circuit id",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "keys", Usage: "also print the circuit id of this key set", Sources: cli.EnvVars("BWPROOF_KEYS"), TakesFile: true, Local: true},
		},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			e, err := newEnv(cmd)
			if err != nil {
				return err
			}
			v := buildVersion()
			if dir := cmd.String("keys"); dir != "" {
				m, err := attest.ReadManifest(dir)
				if err != nil {
					return &cmdError{Cmd: cmd.FullName(), Err: err}
				}
				v.Keys = &keysVersion{Dir: dir, Circuit: m.Circuit, CircuitID: m.CircuitID}
			}
			if e.JSON {
				return writeJSON(e, v)
			}
			fmt.Fprintf(e.Stdout, "bwproof %s (%s)\n", v.Version, v.Module)
			if v.Revision != "" {
				mod := ""
				if v.Modified {
					mod = " (modified)"
				}
				fmt.Fprintf(e.Stdout, "revision     %s %s%s\n", v.Revision, v.RevisionTime, mod)
			}
			fmt.Fprintf(e.Stdout, "go           %s\n", v.GoVersion)
			for _, d := range versionDeps {
				fmt.Fprintf(e.Stdout, "%-12s %s\n", d.name, v.Deps[d.name])
			}
			if v.Keys != nil {
				fmt.Fprintf(e.Stdout, "circuit      %s %s (%s)\n", v.Keys.Circuit, v.Keys.CircuitID, v.Keys.Dir)
			}
			return nil
		},
	}
}

// writeJSON prints v as one indented JSON document.
func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
