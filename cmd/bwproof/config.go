package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/urfave/cli/v3"

	"github.com/bwproof/bwproof/internal/fsutil"
)

// maxConfigSize bounds a config file: it is read before anything checks it.
const maxConfigSize = 1 << 20

// addConfig gives a long-running role's serve (and its dumpconfig) a
// --config flag. Its keys are the flag names; precedence is defaults <
// file < env < flags. A role added later gets this by naming its
// subcommand "serve".
func addConfig(c *cli.Command, d *declaration) {
	role := ""
	if d.fs != nil {
		role = strings.Fields(d.fs.Name())[0]
	}
	c.Flags = append(c.Flags, &cli.StringFlag{
		Name:      "config",
		Usage:     "TOML file of flag values (keys are flag names; unknown keys are refused); env and flags override it",
		Sources:   cli.EnvVars("BWPROOF_" + strings.ToUpper(role) + "_CONFIG"),
		TakesFile: true,
		Local:     true,
	})
}

// loadConfig reads --config, if the command has one: bounded, strict (an
// unknown key or a nested table is an error naming it). The keys TOML
// itself sorts, so the dump is stable.
func loadConfig(cmd *cli.Command, fs *flag.FlagSet) (map[string]string, error) {
	path := ""
	for _, f := range cmd.Flags {
		if f.Names()[0] == "config" {
			path = cmd.String("config")
		}
	}
	if path == "" {
		return nil, nil
	}
	data, err := fsutil.ReadFileLimit(path, maxConfigSize)
	if err != nil {
		return nil, &inputError{What: "config", Path: path, Err: err}
	}
	var raw map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return nil, &inputError{What: "config", Path: path, Err: err}
	}
	cfg := make(map[string]string, len(raw))
	for k, v := range raw {
		if fs.Lookup(k) == nil {
			return nil, &inputError{What: "config", Path: path, Err: &unknownKeyError{Key: k}}
		}
		switch v := v.(type) {
		case string:
			cfg[k] = v
		case int64:
			cfg[k] = strconv.FormatInt(v, 10)
		case float64:
			cfg[k] = strconv.FormatFloat(v, 'g', -1, 64)
		case bool:
			cfg[k] = strconv.FormatBool(v)
		default:
			return nil, &inputError{What: "config", Path: path, Err: fmt.Errorf("key %q: want a string, number or boolean, got %T", k, v)}
		}
	}
	return cfg, nil
}

// errUnknownKey is wrapped by every *unknownKeyError.
var errUnknownKey = errors.New("unknown key")

// unknownKeyError is a config key that names no flag.
type unknownKeyError struct{ Key string }

func (e *unknownKeyError) Error() string {
	return fmt.Sprintf("unknown key %q (keys are the flag names of --help)", e.Key)
}
func (e *unknownKeyError) Unwrap() error { return errUnknownKey }

// dumpConfig prints the effective configuration as TOML that --config
// reads back to the same values.
func dumpConfig(w io.Writer, fs *flag.FlagSet, cmd *cli.Command, cfg map[string]string) error {
	vals := map[string]any{}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if !cmd.IsSet(f.Name) {
			if v, ok := cfg[f.Name]; ok {
				if serr := f.Value.Set(v); serr != nil && err == nil {
					err = &inputError{What: "config", Path: cmd.String("config"), Err: fmt.Errorf("key %q: %w", f.Name, serr)}
				}
			}
		}
		g, ok := f.Value.(flag.Getter)
		if !ok {
			vals[f.Name] = f.Value.String()
			return
		}
		switch v := g.Get().(type) {
		case bool:
			vals[f.Name] = v
		case int:
			vals[f.Name] = int64(v)
		case int64:
			vals[f.Name] = v
		case uint:
			vals[f.Name] = int64(v)
		case uint64:
			if v > 1<<63-1 {
				vals[f.Name] = strconv.FormatUint(v, 10)
			} else {
				vals[f.Name] = int64(v)
			}
		case float64:
			vals[f.Name] = v
		case time.Duration:
			vals[f.Name] = v.String()
		default:
			vals[f.Name] = f.Value.String()
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "# bwproof %s: effective configuration (defaults < --config < env < flags)\n", fs.Name())
	return toml.NewEncoder(w).Encode(vals)
}
