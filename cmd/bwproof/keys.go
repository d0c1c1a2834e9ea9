package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "keys", Summary: "circuit keys: dev setup, multi-party ceremony, Solidity export", Run: runKeys})
}

func runKeys(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "keys", "compile the ByteCount circuit and make, check and export its Groth16 keys", []subcommand{
		{"setup", "single-party setup for a window size (development and benchmarks)", keysSetup},
		{"info", "print a key set's manifest", keysInfo},
		{"solidity", "write the Solidity verifier of a key set", keysSolidity},
		{"ceremony-init", "open a multi-party setup ceremony in a directory", keysCeremonyInit},
		{"contribute", "add your contribution to the ceremony's open phase", keysContribute},
		{"close-phase1", "verify phase 1, seal it with a public beacon, open phase 2", keysClosePhase1},
		{"verify-ceremony", "verify every contribution, seal phase 2, write the key set", keysVerifyCeremony},
	}, args)
}

func shapeFlags(fs interface {
	IntVar(*int, string, int, string)
}, w, p *int) {
	fs.IntVar(w, "window", 16, "chunks per proof (a power of two)")
	fs.IntVar(p, "probes", 0, "probe slots per window (0: window/32, at least 1)")
}

func shapeOf(w, p int) (protocol.Shape, error) {
	s := protocol.ShapeFor(w)
	if p > 0 {
		s.Probes = p
	}
	if err := s.Check(); err != nil {
		return s, fmt.Errorf("%w: %w", errUsage, err)
	}
	return s, nil
}

// shapeOrKeys is the window shape of --window/--probes, or, when keys
// names a key set, the shape of its circuit (so the receipts can be proved).
func shapeOrKeys(w, p int, keys string) (protocol.Shape, error) {
	shape, err := shapeOf(w, p)
	if err != nil {
		return shape, err
	}
	if keys != "" {
		m, err := attest.ReadManifest(keys)
		if err != nil {
			return shape, err
		}
		shape = protocol.Shape{Chunks: m.Window, Probes: m.Probes}
	}
	return shape, nil
}

func keysSetup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys setup", "compile the circuit and run a single-party Groth16 setup; whoever runs it could forge proofs, so use a ceremony for production keys")
	var w, p int
	shapeFlags(fs, &w, &p)
	out := fs.String("out", envOr("BWPROOF_KEYS", ""), "directory to write the key set to (env BWPROOF_KEYS)")
	force := fs.Bool("force", false, "overwrite an existing key set")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	if _, err := os.Stat(*out + "/" + attest.ManifestFile); err == nil && !*force {
		return fmt.Errorf("%w: %s already holds a key set (use --force to replace it)", errUsage, *out)
	}
	shape, err := shapeOf(w, p)
	if err != nil {
		return err
	}
	stages := newSetupStages(e)
	k, err := attest.Setup(ctx, shape, attest.SetupOptions{Log: stages.logger()})
	if err != nil {
		stages.done()
		return err
	}
	stages.stage("write", *out)
	err = k.Save(*out)
	stages.done()
	if err != nil {
		return err
	}
	if e.JSON {
		return writeJSON(e, keysSetupJSON{Dir: *out, CircuitID: k.CircuitID.String(), Window: shape.Chunks, Probes: shape.Probes, Constraints: k.CS.GetNbConstraints()})
	}
	fmt.Fprintf(e.Stdout, "key set written to %s\ncircuit id %s\nwindow %d chunks, %d probe slots, %d constraints\n",
		*out, k.CircuitID, shape.Chunks, shape.Probes, k.CS.GetNbConstraints())
	return nil
}

func keysInfo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys info", "print a key set's manifest after checking its files")
	dir := fs.String("keys", envOr("BWPROOF_KEYS", ""), "key set directory (env BWPROOF_KEYS)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --keys is required", errUsage)
	}
	if _, err := attest.LoadKeys(*dir); err != nil {
		return err
	}
	m, err := attest.ReadManifest(*dir)
	if err != nil {
		return err
	}
	if e.JSON {
		return writeJSON(e, keysInfoJSON{Dir: *dir, Circuit: m.Circuit, CircuitID: m.CircuitID, Window: m.Window, Probes: m.Probes,
			Constraints: m.Constraints, Origin: m.Origin})
	}
	fmt.Fprintf(e.Stdout, "circuit     %s\ncircuit id  %s\nwindow      %d chunks, %d probe slots\nconstraints %d\norigin      %s\n",
		m.Circuit, m.CircuitID, m.Window, m.Probes, m.Constraints, m.Origin)
	return nil
}

func keysSolidity(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys solidity", "write gnark's Groth16 Solidity verifier for a key set (keccak256 hash-to-field)")
	dir := fs.String("keys", envOr("BWPROOF_KEYS", ""), "key set directory (env BWPROOF_KEYS)")
	out := fs.String("out", "", "file to write (default: standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --keys is required", errUsage)
	}
	k, err := attest.LoadVerifyingKey(*dir)
	if err != nil {
		return err
	}
	if *out == "" {
		return k.ExportSolidity(e.Stdout)
	}
	var b strings.Builder
	if err := k.ExportSolidity(&b); err != nil {
		return err
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Solidity verifier for circuit %s written to %s\n", k.CircuitID, *out)
	return nil
}

func keysCeremonyInit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys ceremony-init", "compile the circuit into DIR and open phase 1 of a multi-party setup")
	var w, p int
	shapeFlags(fs, &w, &p)
	dir := fs.String("dir", "", "ceremony directory (shared with the contributors)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --dir is required", errUsage)
	}
	shape, err := shapeOf(w, p)
	if err != nil {
		return err
	}
	st, err := attest.InitCeremony(*dir, shape, attest.CeremonyOptions{Log: e.Log})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "ceremony opened in %s (window %d, domain %d); next: bwproof keys contribute --dir %s\n", *dir, st.Window, st.DomainSize, *dir)
	return nil
}

func keysContribute(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys contribute", "add one contribution (fresh randomness, then forgotten) to the open phase")
	dir := fs.String("dir", "", "ceremony directory")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --dir is required", errUsage)
	}
	c, err := attest.Contribute(ctx, *dir, attest.CeremonyOptions{Log: e.Log})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "phase %d contribution %d written to %s\nsha256 %s (publish it)\n", c.Phase, c.Index, c.File, c.SHA256)
	return nil
}

func beaconFlag(fs interface {
	StringVar(*string, string, string, string)
}, b *string) {
	fs.StringVar(b, "beacon", "", "public random beacon, hex (0x...) or text, drawn after the last contribution")
}

func beaconBytes(s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: --beacon is required", errUsage)
	}
	if strings.HasPrefix(s, "0x") {
		b, err := hex.DecodeString(s[2:])
		if err != nil {
			return nil, fmt.Errorf("%w: --beacon: %w", errUsage, err)
		}
		return b, nil
	}
	return []byte(s), nil
}

func keysClosePhase1(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys close-phase1", "verify every phase-1 contribution, seal phase 1 with the beacon, open phase 2")
	dir := fs.String("dir", "", "ceremony directory")
	var beacon string
	beaconFlag(fs, &beacon)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b, err := beaconBytes(beacon)
	if err != nil {
		return err
	}
	if err := attest.ClosePhase1(*dir, b, attest.CeremonyOptions{Log: e.Log}); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "phase 1 closed; phase 2 contributions: bwproof keys contribute --dir %s\n", *dir)
	return nil
}

func keysVerifyCeremony(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys verify-ceremony", "re-verify both phases from the contributions, seal phase 2 with the beacon, write the key set")
	dir := fs.String("dir", "", "ceremony directory")
	out := fs.String("out", "", "directory to write the key set to")
	var beacon string
	beaconFlag(fs, &beacon)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" || *out == "" {
		return fmt.Errorf("%w: --dir and --out are required", errUsage)
	}
	b, err := beaconBytes(beacon)
	if err != nil {
		return err
	}
	k, err := attest.VerifyCeremony(ctx, *dir, b, attest.CeremonyOptions{Log: e.Log})
	if err != nil {
		return err
	}
	if err := k.Save(*out); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "ceremony verified; key set %s written to %s\n", k.CircuitID, *out)
	return nil
}

// keysSetupJSON is `keys setup --json`.
type keysSetupJSON struct {
	Dir         string `json:"dir"`
	CircuitID   string `json:"circuit_id"`
	Window      int    `json:"window"`
	Probes      int    `json:"probes"`
	Constraints int    `json:"constraints"`
}

// keysInfoJSON is `keys info --json`.
type keysInfoJSON struct {
	Dir         string `json:"dir"`
	Circuit     string `json:"circuit"`
	CircuitID   string `json:"circuit_id"`
	Window      int    `json:"window"`
	Probes      int    `json:"probes"`
	Constraints int    `json:"constraints"`
	Origin      string `json:"origin"`
}
