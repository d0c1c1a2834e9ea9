package attest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
)

var (
	savedOnce sync.Once
	savedDir  string
	savedErr  error
)

// savedKeys saves the shared test key set once per test binary; tests copy
// it before changing anything.
func savedKeys(t testing.TB) string {
	t.Helper()
	k := testKeys(t)
	savedOnce.Do(func() {
		savedDir, savedErr = os.MkdirTemp("", "bwproof-keys-")
		if savedErr == nil {
			savedErr = k.Save(savedDir)
		}
	})
	if savedErr != nil {
		t.Fatal(savedErr)
	}
	return savedDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if savedDir != "" {
		os.RemoveAll(savedDir)
	}
	os.Exit(code)
}

// craft copies the saved key set, rewrites one file with mutate, and fixes
// the manifest's size and checksum to match, as an attacker would.
func craft(t *testing.T, name string, mutate func([]byte) []byte) string {
	t.Helper()
	dir := copyDir(t, savedKeys(t))
	p := filepath.Join(dir, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = mutate(b)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	m.Files[name] = FileEntry{Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
	writeManifest(t, dir, m)
	return dir
}

func putU32(at int, v uint32) func([]byte) []byte {
	return func(b []byte) []byte { binary.BigEndian.PutUint32(b[at:], v); return b }
}

func putU64(at int, v uint64, order binary.ByteOrder) func([]byte) []byte {
	return func(b []byte) []byte { order.PutUint64(b[at:], v); return b }
}

// Offsets in the raw encodings (see keyfile.go).
const (
	vkKOffset       = 3*g1Size + 3*g2Size // α β₁ β₂ γ₂ δ₁ δ₂
	pkAOffset       = domainSize + 3*g1Size
	vkNbPublic      = NumPublic + 1
	vkCommittedOff  = vkKOffset + 4 + vkNbPublic*g1Size
	vkCommitmentOff = vkCommittedOff + 4
)

// Crafted key files with huge length prefixes, their manifest fixed up to
// match, are refused with ErrKeys naming the file, without allocating what
// the prefixes claim. On the unchecked loader each of these was a fatal
// "runtime: out of memory".
func TestLoadRefusesCraftedCounts(t *testing.T) {
	dir := savedKeys(t)
	pkSize := func() int {
		st, err := os.Stat(filepath.Join(dir, ProvingKeyFile))
		if err != nil {
			t.Fatal(err)
		}
		return int(st.Size())
	}()
	// In a W=4 key set the wire count sits after the G2 slice; find it from
	// the layout rather than hard-coding it.
	pkb, err := os.ReadFile(filepath.Join(dir, ProvingKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	card, _ := domainFor(m.Constraints)
	l, err := checkProvingKeyLayout(pkb, card)
	if err != nil {
		t.Fatal(err)
	}
	wiresOff := pkSize - 4 - 2*int(l.Wires) - 3*8
	cases := []struct {
		name, file string
		mutate     func([]byte) []byte
		verifyOnly bool // refused by LoadVerifyingKey too
	}{
		{"vk K count", VerifyingKeyFile, putU32(vkKOffset, 0xFFFFFFFF), true},
		{"vk commitment lists", VerifyingKeyFile, putU32(vkCommittedOff, 0xFFFFFFFF), true},
		{"vk commitment keys", VerifyingKeyFile, putU32(vkCommitmentOff, 0xFFFFFFFF), true},
		{"vk K count with the room it claims", VerifyingKeyFile, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[vkKOffset:], 1<<16)
			return append(b, make([]byte, 1<<16*g1Size)...)
		}, true},
		{"pk domain", ProvingKeyFile, putU64(0, 1<<40, binary.BigEndian), false},
		{"pk A count", ProvingKeyFile, putU32(pkAOffset, 0xFFFFFFFF), false},
		{"pk wire count", ProvingKeyFile, putU64(wiresOff, 1<<40, binary.BigEndian), false},
		{"pk trailing bytes", ProvingKeyFile, func(b []byte) []byte { return append(b, 0) }, false},
		// The r1cs total length is little-endian in gnark's encoding.
		{"r1cs total length", CircuitFile, putU64(0, 1<<62, binary.LittleEndian), false},
		{"r1cs level count", CircuitFile, putU64(32+32, 1<<40, binary.LittleEndian), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := craft(t, c.file, c.mutate)
			loaders := map[string]func(string) (*Keys, error){"LoadKeys": LoadKeys}
			if c.verifyOnly {
				loaders["LoadVerifyingKey"] = LoadVerifyingKey
			}
			for lname, load := range loaders {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				_, err := load(d)
				runtime.ReadMemStats(&after)
				if !errors.Is(err, ErrKeys) || !strings.Contains(err.Error(), c.file) {
					t.Fatalf("%s: %v, want ErrKeys naming %s", lname, err, c.file)
				}
				if strings.Count(err.Error(), "\n") != 0 {
					t.Fatalf("%s: multi-line error %q", lname, err)
				}
				// The r1cs cases compile the W=4 circuit (tens of MiB of
				// allocation); everything else stops after the file read.
				if d := after.TotalAlloc - before.TotalAlloc; d > 256<<20 {
					t.Fatalf("%s: allocated %d MiB to refuse the file", lname, d>>20)
				}
				t.Logf("%s: %v", lname, err)
			}
		})
	}
}

// A manifest that lies about sizes or shape is refused before the key files
// are read.
func TestReadManifestStrict(t *testing.T) {
	good := savedKeys(t)
	m, err := ReadManifest(good)
	if err != nil {
		t.Fatal(err)
	}
	type mut func(m *Manifest)
	cases := map[string]mut{
		"huge window":           func(m *Manifest) { m.Window = 1 << 20 },
		"window not power of 2": func(m *Manifest) { m.Window = 6 },
		"no probes":             func(m *Manifest) { m.Probes = 0 },
		"constraints too few":   func(m *Manifest) { m.Constraints = 10 },
		"constraints beyond any domain": func(m *Manifest) {
			m.Constraints = 1<<maxDomainLog + 1
		},
		"extra file":      func(m *Manifest) { m.Files["x"] = m.Files[CircuitFile] },
		"missing file":    func(m *Manifest) { delete(m.Files, CircuitFile) },
		"bad checksum":    func(m *Manifest) { e := m.Files[CircuitFile]; e.SHA256 = "zz"; m.Files[CircuitFile] = e },
		"negative size":   func(m *Manifest) { e := m.Files[CircuitFile]; e.Size = -1; m.Files[CircuitFile] = e },
		"bad circuit id":  func(m *Manifest) { m.CircuitID = "abcd" },
		"another version": func(m *Manifest) { m.Version = 2 },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			dir := copyDir(t, good)
			mm := *m
			mm.Files = map[string]FileEntry{}
			for k, v := range m.Files {
				mm.Files[k] = v
			}
			f(&mm)
			writeManifest(t, dir, &mm)
			if _, err := ReadManifest(dir); !errors.Is(err, ErrKeys) || !strings.Contains(err.Error(), ManifestFile) {
				t.Fatalf("%v, want ErrKeys naming the manifest", err)
			}
		})
	}
	for name, raw := range map[string]string{
		"unknown field": `{"version":1,"extra":1}`,
		"two objects":   `{"version":1} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyDir(t, good)
			os.WriteFile(filepath.Join(dir, ManifestFile), []byte(raw), 0o644)
			if _, err := ReadManifest(dir); !errors.Is(err, ErrKeys) {
				t.Fatalf("%v, want ErrKeys", err)
			}
		})
	}
	t.Run("huge sparse manifest", func(t *testing.T) {
		dir := copyDir(t, good)
		if err := os.Truncate(filepath.Join(dir, ManifestFile), 1<<30); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(dir); !errors.Is(err, ErrKeys) {
			t.Fatalf("%v, want ErrKeys", err)
		}
	})
	t.Run("manifest size above the shape's bound", func(t *testing.T) {
		// A 1 GiB sparse verifying key with a manifest claiming that size.
		dir := copyDir(t, good)
		p := filepath.Join(dir, VerifyingKeyFile)
		if err := os.Truncate(p, 1<<30); err != nil {
			t.Fatal(err)
		}
		mm, _ := ReadManifest(dir)
		e := mm.Files[VerifyingKeyFile]
		e.Size = 1 << 30
		mm.Files[VerifyingKeyFile] = e
		writeManifest(t, dir, mm)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := LoadVerifyingKey(dir)
		runtime.ReadMemStats(&after)
		var kf *KeyFileError
		if !errors.As(err, &kf) || kf.File != VerifyingKeyFile {
			t.Fatalf("%v, want a KeyFileError for %s", err, VerifyingKeyFile)
		}
		if d := after.TotalAlloc - before.TotalAlloc; d > 16<<20 {
			t.Fatalf("allocated %d MiB", d>>20)
		}
	})
}

// The walker accepts exactly what Save writes.
func TestKeyLayoutOfSavedKeys(t *testing.T) {
	dir := savedKeys(t)
	vkb, _ := os.ReadFile(filepath.Join(dir, VerifyingKeyFile))
	if err := checkVerifyingKeyLayout(vkb, NumPublic); err != nil {
		t.Fatal(err)
	}
	if len(vkb) > maxVerifyingKeySize {
		t.Fatalf("verifying key of %d bytes above the bound %d", len(vkb), maxVerifyingKeySize)
	}
	m, _ := ReadManifest(dir)
	card, _ := domainFor(m.Constraints)
	pkb, _ := os.ReadFile(filepath.Join(dir, ProvingKeyFile))
	l, err := checkProvingKeyLayout(pkb, card)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(pkb)) > maxProvingKeySize(card) {
		t.Fatalf("proving key of %d bytes above the bound %d", len(pkb), maxProvingKeySize(card))
	}
	if err := layoutMatches(l, testKeys(t).CS); err != nil {
		t.Fatal(err)
	}
	if _, err := checkProvingKeyLayout(pkb, card*2); err == nil {
		t.Fatal("accepted a domain other than the manifest's")
	}
}

func FuzzVerifyingKeyLayout(f *testing.F) {
	k := testKeys(f)
	var buf bytes.Buffer
	if _, err := k.VK.WriteRawTo(&buf); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(good)
	f.Add(good[:vkKOffset+4])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxVerifyingKeySize {
			return
		}
		if err := checkVerifyingKeyLayout(data, NumPublic); err != nil {
			var kf *KeyFileError
			if !errors.As(err, &kf) || !errors.Is(err, ErrKeys) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// What the walker accepts, gnark reads within its size.
		vk := groth16.NewVerifyingKey(ecc.BN254)
		if n, err := vk.ReadFrom(bytes.NewReader(data)); err == nil && n != int64(len(data)) {
			t.Fatalf("gnark read %d of %d accepted bytes", n, len(data))
		}
	})
}

func FuzzProvingKeyLayout(f *testing.F) {
	dir := savedKeys(f)
	pkb, err := os.ReadFile(filepath.Join(dir, ProvingKeyFile))
	if err != nil {
		f.Fatal(err)
	}
	card := binary.BigEndian.Uint64(pkb)
	f.Add(pkb, card)
	f.Add(pkb[:pkAOffset+4], card)
	f.Add([]byte{}, uint64(1))
	f.Fuzz(func(t *testing.T, data []byte, card uint64) {
		l, err := checkProvingKeyLayout(data, card)
		if err != nil {
			var kf *KeyFileError
			if !errors.As(err, &kf) || !errors.Is(err, ErrKeys) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// Every count the walker accepted is paid for by bytes in the file.
		need := uint64(l.A+l.B+l.Z+l.K)*g1Size + uint64(l.G2B)*g2Size + 2*l.Wires
		for _, c := range l.Commitments {
			need += 2 * uint64(c) * g1Size
		}
		if need > uint64(len(data)) {
			t.Fatalf("counts need %d bytes, the file has %d", need, len(data))
		}
	})
}
