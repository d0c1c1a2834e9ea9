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
	"github.com/bwproof/bwproof/internal/fsutil"
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

// maxManifestSize bounds manifest.json before it is read: it is a few
// hundred bytes of JSON.
const maxManifestSize = 64 << 10

// keyFiles are the files a manifest must list, and nothing else.
var keyFiles = []string{CircuitFile, ProvingKeyFile, VerifyingKeyFile}

// ReadManifest reads and checks a key directory's manifest: bounded read,
// strict JSON (no unknown fields, nothing after the object), and every field
// in range, before any key file is opened.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := fsutil.ReadFileLimit(filepath.Join(dir, ManifestFile), maxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, ManifestFile, err)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, ManifestFile, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: %s: data after the JSON object", ErrKeys, ManifestFile)
	}
	if m.Version != manifestVersion || m.Circuit != circuitName {
		return nil, fmt.Errorf("%w: %s for %q version %d, want %q version %d", ErrKeys, ManifestFile, m.Circuit, m.Version, circuitName, manifestVersion)
	}
	if err := (protocol.Shape{Chunks: m.Window, Probes: m.Probes}).Check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, ManifestFile, err)
	}
	if id, err := hex.DecodeString(m.CircuitID); err != nil || len(id) != len(CircuitID{}) {
		return nil, fmt.Errorf("%w: %s: circuit_id %q is not 32 bytes of hex", ErrKeys, ManifestFile, m.CircuitID)
	}
	if _, err := domainFor(m.Constraints); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, ManifestFile, err)
	}
	if m.Constraints < minConstraintsPerChunk*m.Window {
		return nil, fmt.Errorf("%w: %s: %d constraints is too few for a window of %d chunks", ErrKeys, ManifestFile, m.Constraints, m.Window)
	}
	if len(m.Files) != len(keyFiles) {
		return nil, fmt.Errorf("%w: %s lists %d files, want %v", ErrKeys, ManifestFile, len(m.Files), keyFiles)
	}
	for _, name := range keyFiles {
		ent, ok := m.Files[name]
		if !ok {
			return nil, fmt.Errorf("%w: %s lists no %s", ErrKeys, ManifestFile, name)
		}
		if sum, err := hex.DecodeString(ent.SHA256); err != nil || len(sum) != sha256.Size || ent.Size <= 0 {
			return nil, fmt.Errorf("%w: %s: bad entry for %s", ErrKeys, ManifestFile, name)
		}
	}
	return &m, nil
}

// readChecked reads a file named in the manifest, refusing it before any
// byte is read if the manifest's size is above limit or the file's size is
// not the manifest's, then checks the SHA-256 before anything parses it.
func readChecked(dir string, m *Manifest, name string, limit int64) ([]byte, error) {
	ent := m.Files[name] // ReadManifest checked it is there
	if ent.Size > limit {
		return nil, &KeyFileError{File: name, Reason: fmt.Sprintf("manifest says %d bytes, at most %d fit the key set's shape", ent.Size, limit)}
	}
	b, err := fsutil.ReadFileLimit(filepath.Join(dir, name), ent.Size)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w (manifest says %d bytes)", ErrKeys, name, err, ent.Size)
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
	b, _ := hex.DecodeString(m.CircuitID) // checked in ReadManifest and loadVK
	copy(id[:], b)
	return id
}

func loadVK(dir string, m *Manifest) (groth16.VerifyingKey, error) {
	b, err := readChecked(dir, m, VerifyingKeyFile, maxVerifyingKeySize)
	if err != nil {
		return nil, err
	}
	if err := checkVerifyingKeyLayout(b, NumPublic); err != nil {
		return nil, err
	}
	vk := groth16.NewVerifyingKey(ecc.BN254)
	n, err := vk.ReadFrom(io.LimitReader(bytes.NewReader(b), int64(len(b))))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, VerifyingKeyFile, err)
	}
	if n != int64(len(b)) {
		return nil, fmt.Errorf("%w: %s: %d of %d bytes parsed", ErrKeys, VerifyingKeyFile, n, len(b))
	}
	id, err := circuitIDOf(vk)
	if err != nil {
		return nil, err
	}
	if id.String() != m.CircuitID {
		return nil, fmt.Errorf("%w: %s hashes to %s, manifest says %s", ErrKeys, VerifyingKeyFile, id, m.CircuitID)
	}
	if vk.NbPublicWitness() != NumPublic {
		return nil, fmt.Errorf("%w: %s has %d public inputs, want %d", ErrKeys, VerifyingKeyFile, vk.NbPublicWitness(), NumPublic)
	}
	return vk, nil
}

// LoadKeys loads a full key set for proving. Every file is size-bounded and
// checksummed against the manifest, and the proving key's layout is walked,
// before gnark parses anything; the proving key can then be read with
// gnark's fast raw decoder (no subgroup checks on millions of points).
//
// circuit.r1cs is never parsed: gnark's constraint-system decoder trusts its
// length prefixes and compressed block headers, so the circuit is compiled
// from the manifest's shape instead, and the file must be byte for byte that
// compilation (which also refuses a key set made by another version of the
// circuit).
func LoadKeys(dir string) (*Keys, error) {
	k, m, err := loadVerifying(dir)
	if err != nil {
		return nil, err
	}
	card, err := domainFor(m.Constraints)
	if err != nil {
		return nil, err
	}
	pkb, err := readChecked(dir, m, ProvingKeyFile, maxProvingKeySize(card))
	if err != nil {
		return nil, err
	}
	layout, err := checkProvingKeyLayout(pkb, card)
	if err != nil {
		return nil, err
	}
	cs, err := compiledCircuit(dir, m)
	if err != nil {
		return nil, err
	}
	if err := layoutMatches(layout, cs); err != nil {
		return nil, err
	}
	pk := groth16.NewProvingKey(ecc.BN254)
	n, err := pk.UnsafeReadFrom(io.LimitReader(bytes.NewReader(pkb), int64(len(pkb))))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, ProvingKeyFile, err)
	}
	if n != int64(len(pkb)) {
		return nil, fmt.Errorf("%w: %s: %d of %d bytes parsed", ErrKeys, ProvingKeyFile, n, len(pkb))
	}
	if err := matchPair(pk, k.VK); err != nil {
		return nil, err
	}
	k.CS, k.PK = cs, pk
	return k, nil
}

// compiledCircuit compiles the circuit for the manifest's shape and checks
// that circuit.r1cs and its manifest entry are exactly that compilation.
func compiledCircuit(dir string, m *Manifest) (constraint.ConstraintSystem, error) {
	ent := m.Files[CircuitFile]
	path := filepath.Join(dir, CircuitFile)
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeys, err)
	}
	if st.Size() != ent.Size {
		return nil, fmt.Errorf("%w: %s is %d bytes, manifest says %d (truncated?)", ErrKeys, CircuitFile, st.Size(), ent.Size)
	}
	cs, err := Compile(protocol.Shape{Chunks: m.Window, Probes: m.Probes})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeys, err)
	}
	if cs.GetNbConstraints() != m.Constraints {
		return nil, fmt.Errorf("%w: %s: manifest says %d constraints, this build's circuit for window %d/%d has %d",
			ErrKeys, CircuitFile, m.Constraints, m.Window, m.Probes, cs.GetNbConstraints())
	}
	h := sha256.New()
	n, err := cs.WriteTo(h)
	if err != nil {
		return nil, fmt.Errorf("%w: hash circuit: %w", ErrKeys, err)
	}
	want := hex.EncodeToString(h.Sum(nil))
	if n != ent.Size || want != ent.SHA256 {
		return nil, fmt.Errorf("%w: %s is not this build's circuit for window %d/%d (key set made by another version?)",
			ErrKeys, CircuitFile, m.Window, m.Probes)
	}
	// The file itself, hashed as a stream: it is the circuit the manifest
	// names, not just a file of the right size.
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeys, err)
	}
	defer f.Close()
	fh := sha256.New()
	if _, err := io.Copy(fh, io.LimitReader(f, ent.Size)); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeys, CircuitFile, err)
	}
	if hex.EncodeToString(fh.Sum(nil)) != want {
		return nil, fmt.Errorf("%w: %s checksum mismatch (corrupt?)", ErrKeys, CircuitFile)
	}
	return cs, nil
}

// layoutMatches checks a proving key's counts against the compiled circuit.
func layoutMatches(l *provingKeyLayout, cs constraint.ConstraintSystem) error {
	wires := cs.GetNbInternalVariables() + cs.GetNbPublicVariables() + cs.GetNbSecretVariables()
	commitments := 0
	if c := cs.GetCommitments(); c != nil {
		commitments = len(c.CommitmentIndexes())
	}
	card, err := domainFor(cs.GetNbConstraints())
	if err != nil {
		return err
	}
	fail := func(format string, a ...any) error {
		return &KeyFileError{File: ProvingKeyFile, Reason: fmt.Sprintf(format, a...)}
	}
	switch {
	case l.Wires != uint64(wires):
		return fail("%d wires, the circuit has %d", l.Wires, wires)
	case l.Cardinality != card:
		return fail("domain of %d points, the circuit needs %d", l.Cardinality, card)
	case len(l.Commitments) != commitments:
		return fail("%d commitment keys, the circuit has %d commitments", len(l.Commitments), commitments)
	case commitments == 0 && l.K != wires-cs.GetNbPublicVariables():
		return fail("K has %d points, the circuit has %d private wires", l.K, wires-cs.GetNbPublicVariables())
	}
	return nil
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
