package attest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	"github.com/consensys/gnark/constraint"
	cs "github.com/consensys/gnark/constraint/bn254"

	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/protocol"
)

// A ceremony makes production keys without a trusted dealer: gnark's
// two-phase Groth16 MPC. Phase 1 (powers of tau) and phase 2 (circuit
// specific) each take any number of contributions; each contribution proves
// it extends the previous one, and the keys are safe if any one contributor
// destroyed its randomness. A public random beacon seals each phase.
//
// The directory holds ceremony.json, circuit.r1cs, phase1-NNNN.bin,
// commons.bin (after phase 1 is closed) and phase2-NNNN.bin.

const (
	ceremonyFile = "ceremony.json"
	commonsFile  = "commons.bin"
)

// CeremonyState is the ceremony's progress.
type CeremonyState struct {
	Version       int    `json:"version"`
	Window        int    `json:"window"`
	Probes        int    `json:"probes"`
	DomainSize    uint64 `json:"domain_size"`
	Phase         int    `json:"phase"` // 1 or 2
	Phase1        int    `json:"phase1_contributions"`
	Phase2        int    `json:"phase2_contributions"`
	Phase1Beacon  string `json:"phase1_beacon,omitempty"`
	CircuitSHA256 string `json:"circuit_sha256"`
}

// CeremonyOptions configures ceremony steps.
type CeremonyOptions struct {
	Log *slog.Logger
}

func (o CeremonyOptions) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

// InitCeremony compiles the circuit into dir and opens phase 1.
func InitCeremony(dir string, shape protocol.Shape, opts CeremonyOptions) (*CeremonyState, error) {
	if _, err := os.Stat(filepath.Join(dir, ceremonyFile)); err == nil {
		return nil, fmt.Errorf("%w: %s already holds a ceremony", ErrCeremony, dir)
	}
	ccs, err := Compile(shape)
	if err != nil {
		return nil, err
	}
	return initCeremony(dir, shape, ccs, opts)
}

// initCeremony opens a ceremony for an already compiled circuit.
func initCeremony(dir string, shape protocol.Shape, ccs constraint.ConstraintSystem, opts CeremonyOptions) (*CeremonyState, error) {
	if _, err := os.Stat(filepath.Join(dir, ceremonyFile)); err == nil {
		return nil, fmt.Errorf("%w: %s already holds a ceremony", ErrCeremony, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("ceremony dir: %w", err)
	}
	ent, err := writeAtomic(filepath.Join(dir, CircuitFile), ccs.WriteTo)
	if err != nil {
		return nil, err
	}
	st := &CeremonyState{Version: 1, Window: shape.Chunks, Probes: shape.Probes, Phase: 1,
		DomainSize: ecc.NextPowerOfTwo(uint64(ccs.GetNbConstraints())), CircuitSHA256: ent.SHA256}
	opts.log().Info("ceremony opened", "dir", dir, "window", shape.Chunks, "constraints", ccs.GetNbConstraints(), "domain", st.DomainSize)
	return st, saveState(dir, st)
}

func saveState(dir string, st *CeremonyState) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	_, err = writeAtomic(filepath.Join(dir, ceremonyFile), func(w io.Writer) (int64, error) {
		n, err := w.Write(append(b, '\n'))
		return int64(n), err
	})
	return err
}

// LoadCeremony reads a ceremony's state.
func LoadCeremony(dir string) (*CeremonyState, error) {
	b, err := fsutil.ReadFileLimit(filepath.Join(dir, ceremonyFile), maxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCeremony, err)
	}
	var st CeremonyState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%w: state: %w", ErrCeremony, err)
	}
	if st.Version != 1 || (st.Phase != 1 && st.Phase != 2) {
		return nil, fmt.Errorf("%w: unsupported state (version %d, phase %d)", ErrCeremony, st.Version, st.Phase)
	}
	return &st, nil
}

func contributionFile(phase, i int) string { return fmt.Sprintf("phase%d-%04d.bin", phase, i) }

func (st *CeremonyState) loadCircuit(dir string) (*cs.R1CS, error) {
	b, err := os.ReadFile(filepath.Join(dir, CircuitFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCeremony, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != st.CircuitSHA256 {
		return nil, fmt.Errorf("%w: circuit file does not match the ceremony", ErrCeremony)
	}
	ccs := groth16.NewCS(ecc.BN254)
	if _, err := ccs.ReadFrom(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("%w: circuit: %w", ErrCeremony, err)
	}
	r, ok := ccs.(*cs.R1CS)
	if !ok {
		return nil, fmt.Errorf("%w: circuit is not a BN254 R1CS", ErrCeremony)
	}
	return r, nil
}

func readInto(path string, v io.ReaderFrom) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCeremony, err)
	}
	defer f.Close()
	if _, err := v.ReadFrom(f); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCeremony, filepath.Base(path), err)
	}
	return nil
}

// Contribution is the result of one Contribute call.
type Contribution struct {
	Phase  int
	Index  int
	File   string
	SHA256 string // publish it: the next contributor and the verifier see it
}

// Contribute adds one contribution to the ceremony's open phase, with fresh
// randomness from crypto/rand (gnark's mpcsetup), and writes it atomically.
func Contribute(ctx context.Context, dir string, opts CeremonyOptions) (*Contribution, error) {
	st, err := LoadCeremony(dir)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var out io.WriterTo
	idx := 0
	switch st.Phase {
	case 1:
		p := new(mpcsetup.Phase1)
		if st.Phase1 == 0 {
			p.Initialize(st.DomainSize)
		} else if err := readInto(filepath.Join(dir, contributionFile(1, st.Phase1)), p); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.Contribute()
		out, idx = p, st.Phase1+1
	case 2:
		p := new(mpcsetup.Phase2)
		if st.Phase2 == 0 {
			r1cs, err := st.loadCircuit(dir)
			if err != nil {
				return nil, err
			}
			var commons mpcsetup.SrsCommons
			if err := readInto(filepath.Join(dir, commonsFile), &commons); err != nil {
				return nil, err
			}
			p.Initialize(r1cs, &commons)
		} else if err := readInto(filepath.Join(dir, contributionFile(2, st.Phase2)), p); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.Contribute()
		out, idx = p, st.Phase2+1
	}
	name := contributionFile(st.Phase, idx)
	ent, err := writeAtomic(filepath.Join(dir, name), out.WriteTo)
	if err != nil {
		return nil, err
	}
	if st.Phase == 1 {
		st.Phase1 = idx
	} else {
		st.Phase2 = idx
	}
	if err := saveState(dir, st); err != nil {
		return nil, err
	}
	opts.log().Info("contribution written", "phase", st.Phase, "index", idx, "file", name,
		"sha256", ent.SHA256, "elapsed", time.Since(start).Round(time.Millisecond))
	return &Contribution{Phase: st.Phase, Index: idx, File: name, SHA256: ent.SHA256}, nil
}

func readPhase1(dir string, st *CeremonyState) ([]*mpcsetup.Phase1, error) {
	ps := make([]*mpcsetup.Phase1, st.Phase1)
	for i := range ps {
		ps[i] = new(mpcsetup.Phase1)
		if err := readInto(filepath.Join(dir, contributionFile(1, i+1)), ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// ClosePhase1 verifies every phase-1 contribution, seals the phase with
// the beacon and opens phase 2.
func ClosePhase1(dir string, beacon []byte, opts CeremonyOptions) error {
	st, err := LoadCeremony(dir)
	if err != nil {
		return err
	}
	if st.Phase != 1 || st.Phase1 == 0 {
		return fmt.Errorf("%w: phase 1 is not open or has no contribution", ErrCeremony)
	}
	if len(beacon) == 0 {
		return fmt.Errorf("%w: a beacon is required", ErrCeremony)
	}
	ps, err := readPhase1(dir, st)
	if err != nil {
		return err
	}
	commons, err := mpcsetup.VerifyPhase1(st.DomainSize, beacon, ps...)
	if err != nil {
		return fmt.Errorf("%w: phase 1 does not verify: %w", ErrCeremony, err)
	}
	if _, err := writeAtomic(filepath.Join(dir, commonsFile), commons.WriteTo); err != nil {
		return err
	}
	st.Phase, st.Phase1Beacon = 2, hex.EncodeToString(beacon)
	opts.log().Info("phase 1 closed", "contributions", st.Phase1)
	return saveState(dir, st)
}

// VerifyCeremony re-verifies both phases from the contributions alone
// (phase 1 with its recorded beacon, phase 2 sealed with beacon), and
// returns the key set. Anyone can run it; it involves no secret.
func VerifyCeremony(ctx context.Context, dir string, beacon []byte, opts CeremonyOptions) (*Keys, error) {
	st, err := LoadCeremony(dir)
	if err != nil {
		return nil, err
	}
	if st.Phase != 2 || st.Phase2 == 0 {
		return nil, fmt.Errorf("%w: phase 2 has no contribution yet", ErrCeremony)
	}
	if len(beacon) == 0 {
		return nil, fmt.Errorf("%w: a beacon is required", ErrCeremony)
	}
	beacon1, err := hex.DecodeString(st.Phase1Beacon)
	if err != nil {
		return nil, fmt.Errorf("%w: phase 1 beacon: %w", ErrCeremony, err)
	}
	r1cs, err := st.loadCircuit(dir)
	if err != nil {
		return nil, err
	}
	p1, err := readPhase1(dir, st)
	if err != nil {
		return nil, err
	}
	commons, err := mpcsetup.VerifyPhase1(st.DomainSize, beacon1, p1...)
	if err != nil {
		return nil, fmt.Errorf("%w: phase 1 does not verify: %w", ErrCeremony, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p2 := make([]*mpcsetup.Phase2, st.Phase2)
	for i := range p2 {
		p2[i] = new(mpcsetup.Phase2)
		if err := readInto(filepath.Join(dir, contributionFile(2, i+1)), p2[i]); err != nil {
			return nil, err
		}
	}
	pk, vk, err := mpcsetup.VerifyPhase2(r1cs, &commons, beacon, p2...)
	if err != nil {
		return nil, fmt.Errorf("%w: phase 2 does not verify: %w", ErrCeremony, err)
	}
	shape := protocol.Shape{Chunks: st.Window, Probes: st.Probes}
	var ccs constraint.ConstraintSystem = r1cs
	k, err := newKeys(shape, ccs, pk, vk, "ceremony")
	if err != nil {
		return nil, err
	}
	opts.log().Info("ceremony verified", "phase1", st.Phase1, "phase2", st.Phase2, "circuit_id", k.CircuitID)
	return k, nil
}
