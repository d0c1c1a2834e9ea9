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
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"golang.org/x/crypto/sha3"

	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
)

// File names inside a key directory.
const (
	ManifestFile     = "manifest.json"
	CircuitFile      = "circuit.r1cs"
	ProvingKeyFile   = "proving.key"
	VerifyingKeyFile = "verifying.key"
	manifestVersion  = 1
	circuitName      = "bytecount"
)

// Keys is a compiled ByteCount circuit with its Groth16 key pair.
type Keys struct {
	Shape     protocol.Shape
	CircuitID CircuitID
	CS        constraint.ConstraintSystem // nil when loaded for verification only
	PK        groth16.ProvingKey          // nil when loaded for verification only
	VK        groth16.VerifyingKey
	Origin    string // "dev-setup" (single party) or "ceremony"
}

// Manifest describes a key directory: what circuit, which shape, and a
// checksum of every file so a corrupt or mixed-up set is refused at load.
type Manifest struct {
	Version     int                  `json:"version"`
	Circuit     string               `json:"circuit"`
	CircuitID   string               `json:"circuit_id"`
	Window      int                  `json:"window"`
	Probes      int                  `json:"probes"`
	Constraints int                  `json:"constraints"`
	Origin      string               `json:"origin"`
	Files       map[string]FileEntry `json:"files"`
}

// FileEntry is one file's size and SHA-256.
type FileEntry struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// SetupOptions configures Setup.
type SetupOptions struct {
	Log *slog.Logger // progress; nil discards
	// ProgressEvery is how often a long stage logs that it is still running
	// (default 10 s).
	ProgressEvery time.Duration
}

func (o *SetupOptions) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

// Compile compiles the ByteCount circuit for shape into an R1CS.
func Compile(shape protocol.Shape) (constraint.ConstraintSystem, error) {
	c, err := circuits.NewByteCount(shape)
	if err != nil {
		return nil, err
	}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		return nil, fmt.Errorf("compile bytecount W=%d: %w", shape.Chunks, err)
	}
	return cs, nil
}

// Setup compiles the circuit and runs a single-party Groth16 setup. The
// party that runs it could forge proofs: use it for development and
// benchmarks; production keys come from a ceremony (see Ceremony).
func Setup(ctx context.Context, shape protocol.Shape, opts SetupOptions) (*Keys, error) {
	log := opts.log()
	start := time.Now()
	cs, err := runStage(ctx, &opts, "compile", func() (constraint.ConstraintSystem, error) { return Compile(shape) })
	if err != nil {
		return nil, err
	}
	log.Info("circuit compiled", "window", shape.Chunks, "probes", shape.Probes,
		"constraints", cs.GetNbConstraints(), "elapsed", time.Since(start).Round(time.Millisecond))
	type pair struct {
		pk groth16.ProvingKey
		vk groth16.VerifyingKey
	}
	p, err := runStage(ctx, &opts, "groth16 setup", func() (pair, error) {
		pk, vk, err := groth16.Setup(cs)
		return pair{pk, vk}, err
	})
	if err != nil {
		return nil, err
	}
	k, err := newKeys(shape, cs, p.pk, p.vk, "dev-setup")
	if err != nil {
		return nil, err
	}
	log.Info("setup done", "circuit_id", k.CircuitID, "elapsed", time.Since(start).Round(time.Millisecond))
	return k, nil
}

// runStage runs f in the background, logs while it runs, and returns early
// with ctx's error on cancellation (f's result is then dropped).
func runStage[T any](ctx context.Context, opts *SetupOptions, name string, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	every := opts.ProgressEvery
	if every <= 0 {
		every = 10 * time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	start := time.Now()
	for {
		select {
		case r := <-done:
			if r.err != nil {
				var zero T
				return zero, fmt.Errorf("%s: %w", name, r.err)
			}
			return r.v, nil
		case <-tick.C:
			opts.log().Info("still running", "stage", name, "elapsed", time.Since(start).Round(time.Second))
		case <-ctx.Done():
			var zero T
			return zero, fmt.Errorf("%s: %w", name, ctx.Err())
		}
	}
}

func newKeys(shape protocol.Shape, cs constraint.ConstraintSystem, pk groth16.ProvingKey, vk groth16.VerifyingKey, origin string) (*Keys, error) {
	id, err := circuitIDOf(vk)
	if err != nil {
		return nil, err
	}
	return &Keys{Shape: shape, CircuitID: id, CS: cs, PK: pk, VK: vk, Origin: origin}, nil
}

// circuitIDOf hashes the verifying key's raw encoding.
func circuitIDOf(vk groth16.VerifyingKey) (CircuitID, error) {
	h := sha256.New()
	if _, err := vk.WriteRawTo(h); err != nil {
		return CircuitID{}, fmt.Errorf("%w: hash verifying key: %w", ErrKeys, err)
	}
	var id CircuitID
	copy(id[:], h.Sum(nil))
	return id, nil
}

// Save writes the key set to dir: each file atomically, the manifest last,
// so a crash leaves either the old set or a set that refuses to load.
func (k *Keys) Save(dir string) error {
	if k.CS == nil || k.PK == nil {
		return fmt.Errorf("%w: cannot save a verification-only key set", ErrKeys)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("key dir: %w", err)
	}
	m := Manifest{Version: manifestVersion, Circuit: circuitName, CircuitID: k.CircuitID.String(),
		Window: k.Shape.Chunks, Probes: k.Shape.Probes, Constraints: k.CS.GetNbConstraints(),
		Origin: k.Origin, Files: map[string]FileEntry{}}
	files := []struct {
		name string
		w    func(io.Writer) (int64, error)
	}{
		{CircuitFile, k.CS.WriteTo},
		{ProvingKeyFile, k.PK.WriteRawTo},
		{VerifyingKeyFile, k.VK.WriteRawTo},
	}
	for _, f := range files {
		ent, err := writeAtomic(filepath.Join(dir, f.name), f.w)
		if err != nil {
			return err
		}
		m.Files[f.name] = ent
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = writeAtomic(filepath.Join(dir, ManifestFile), func(w io.Writer) (int64, error) {
		n, err := w.Write(append(mb, '\n'))
		return int64(n), err
	})
	return err
}

// writeAtomic writes via a temp file, fsyncs, and renames into place.
func writeAtomic(path string, write func(io.Writer) (int64, error)) (FileEntry, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return FileEntry{}, fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := write(io.MultiWriter(tmp, h))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return FileEntry{}, fmt.Errorf("write %s: %w", path, err)
	}
	return FileEntry{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// ReadManifest reads and checks a key directory's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeys, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: manifest: %w", ErrKeys, err)
	}
	if m.Version != manifestVersion || m.Circuit != circuitName {
		return nil, fmt.Errorf("%w: manifest for %q version %d, want %q version %d", ErrKeys, m.Circuit, m.Version, circuitName, manifestVersion)
	}
	if err := (protocol.Shape{Chunks: m.Window, Probes: m.Probes}).Check(); err != nil {
		return nil, fmt.Errorf("%w: manifest: %w", ErrKeys, err)
	}
	return &m, nil
}

// readChecked reads a file named in the manifest and checks size and hash
// before anything parses it.
func readChecked(dir string, m *Manifest, name string) ([]byte, error) {
	ent, ok := m.Files[name]
	if !ok {
		return nil, fmt.Errorf("%w: manifest lists no %s", ErrKeys, name)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeys, err)
	}
	if int64(len(b)) != ent.Size {
		return nil, fmt.Errorf("%w: %s is %d bytes, manifest says %d (truncated?)", ErrKeys, name, len(b), ent.Size)
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != ent.SHA256 {
		return nil, fmt.Errorf("%w: %s checksum mismatch (corrupt?)", ErrKeys, name)
	}
	return b, nil
}

// LoadVerifyingKey loads only what verification needs.
func LoadVerifyingKey(dir string) (*Keys, error) {
	k, _, err := loadVerifying(dir)
	return k, err
}

func loadVerifying(dir string) (*Keys, *Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, nil, err
	}
	vk, err := loadVK(dir, m)
	if err != nil {
		return nil, nil, err
	}
	return &Keys{Shape: protocol.Shape{Chunks: m.Window, Probes: m.Probes}, CircuitID: mustID(m), VK: vk, Origin: m.Origin}, m, nil
}

func mustID(m *Manifest) CircuitID {
	var id CircuitID
	b, _ := hex.DecodeString(m.CircuitID) // checked in loadVK
	copy(id[:], b)
	return id
}

func loadVK(dir string, m *Manifest) (groth16.VerifyingKey, error) {
	b, err := readChecked(dir, m, VerifyingKeyFile)
	if err != nil {
		return nil, err
	}
	vk := groth16.NewVerifyingKey(ecc.BN254)
	if _, err := vk.ReadFrom(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("%w: verifying key: %w", ErrKeys, err)
	}
	id, err := circuitIDOf(vk)
	if err != nil {
		return nil, err
	}
	if id.String() != m.CircuitID {
		return nil, fmt.Errorf("%w: verifying key hashes to %s, manifest says %s", ErrKeys, id, m.CircuitID)
	}
	if vk.NbPublicWitness() != NumPublic {
		return nil, fmt.Errorf("%w: verifying key has %d public inputs, want %d", ErrKeys, vk.NbPublicWitness(), NumPublic)
	}
	return vk, nil
}

// LoadKeys loads a full key set for proving. Files are checksummed against
// the manifest first, so the proving key can then be read with gnark's fast
// raw decoder (no subgroup checks on millions of points).
func LoadKeys(dir string) (*Keys, error) {
	k, m, err := loadVerifying(dir)
	if err != nil {
		return nil, err
	}
	csb, err := readChecked(dir, m, CircuitFile)
	if err != nil {
		return nil, err
	}
	cs := groth16.NewCS(ecc.BN254)
	if _, err := cs.ReadFrom(bytes.NewReader(csb)); err != nil {
		return nil, fmt.Errorf("%w: circuit: %w", ErrKeys, err)
	}
	if cs.GetNbConstraints() != m.Constraints || cs.GetNbPublicVariables() != NumPublic+1 {
		return nil, fmt.Errorf("%w: circuit has %d constraints and %d public variables, manifest says %d constraints",
			ErrKeys, cs.GetNbConstraints(), cs.GetNbPublicVariables(), m.Constraints)
	}
	pkb, err := readChecked(dir, m, ProvingKeyFile)
	if err != nil {
		return nil, err
	}
	pk := groth16.NewProvingKey(ecc.BN254)
	if _, err := pk.UnsafeReadFrom(bytes.NewReader(pkb)); err != nil {
		return nil, fmt.Errorf("%w: proving key: %w", ErrKeys, err)
	}
	if err := matchPair(pk, k.VK); err != nil {
		return nil, err
	}
	k.CS, k.PK = cs, pk
	return k, nil
}

// matchPair refuses a proving key from another setup than the verifying key.
func matchPair(pk groth16.ProvingKey, vk groth16.VerifyingKey) error {
	p, ok1 := pk.(*groth16bn254.ProvingKey)
	v, ok2 := vk.(*groth16bn254.VerifyingKey)
	if !ok1 || !ok2 {
		return fmt.Errorf("%w: keys are not BN254", ErrKeys)
	}
	if !p.G1.Alpha.Equal(&v.G1.Alpha) || !p.G1.Beta.Equal(&v.G1.Beta) || !p.G1.Delta.Equal(&v.G1.Delta) {
		return fmt.Errorf("%w: proving key and verifying key come from different setups", ErrKeys)
	}
	return nil
}

// ExportSolidity writes the Solidity verifier for the verifying key, with
// keccak256 as hash-to-field (matching the prover's option).
func (k *Keys) ExportSolidity(w io.Writer) error {
	if err := k.VK.ExportSolidity(w, solidity.WithHashToFieldFunction(sha3.NewLegacyKeccak256())); err != nil {
		return fmt.Errorf("export solidity: %w", err)
	}
	return nil
}
