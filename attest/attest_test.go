package attest

import (
	"context"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/bwproof/bwproof/internal/testkeys"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

var testShape = protocol.ShapeFor(4)

// testKeys runs one Groth16 setup per test binary.
func testKeys(t testing.TB) *Keys {
	t.Helper()
	return testkeys.Shared(t, testShape, func(ctx context.Context) (*Keys, error) {
		return Setup(ctx, testShape, SetupOptions{})
	})
}

// testBatchKeys runs one batch setup (K slots of testShape) per test binary.
func testBatchKeys(t testing.TB, k int) *BatchKeys {
	t.Helper()
	return testkeys.Shared(t, k, func(ctx context.Context) (*BatchKeys, error) {
		return SetupBatch(ctx, testShape, k, SetupOptions{})
	})
}

var (
	attOnce sync.Once
	attVal  *Attestation
	attErr  error
)

func testAttestation(t testing.TB) (*prototest.Fixture, *Attestation) {
	t.Helper()
	k := testKeys(t)
	f := prototest.NewFixture(t, testShape, 20_000, 1500, 3)
	attOnce.Do(func() { attVal, attErr = Prove(context.Background(), k, f.Latest(t)) })
	if attErr != nil {
		t.Fatal(attErr)
	}
	return f, attVal
}

func TestProveVerify(t *testing.T) {
	f, a := testAttestation(t)
	k := testKeys(t)
	if err := a.Verify(k.VK); err != nil {
		t.Fatal(err)
	}
	st := f.Latest(t)
	if a.ChannelID() != f.Channel || a.Nonce() != st.Voucher.Nonce || a.CumulativeBytes() != 20_000 {
		t.Fatalf("public inputs: channel %s nonce %d bytes %d", a.ChannelID(), a.Nonce(), a.CumulativeBytes())
	}
	kh, _ := st.Receipt.PublicKey.Hash()
	if a.KeyHash() != kh {
		t.Fatal("key hash public input differs from the client's key hash")
	}
	// Round trip through the encoding.
	b, err := DecodeAttestation(a.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Verify(k.VK); err != nil {
		t.Fatal(err)
	}
	if sp, err := a.SolidityProof(); err != nil || len(sp) != 256 {
		t.Fatalf("solidity proof: %d bytes, %v", len(sp), err)
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	_, a := testAttestation(t)
	k := testKeys(t)
	for i := range a.Proof {
		bad := *a
		bad.Proof = append([]byte(nil), a.Proof...)
		bad.Proof[i] ^= 0x01
		if err := bad.Verify(k.VK); err == nil {
			t.Fatalf("flipped bit in proof byte %d still verifies", i)
		} else if !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("byte %d: %v is not ErrInvalidProof", i, err)
		}
	}
	for i := range a.Public {
		bad := *a
		v := new(big.Int).Add(a.Public[i].Big(), big.NewInt(1))
		bad.Public[i], _ = protocol.ElementFromBig(v)
		if err := bad.Verify(k.VK); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("changed public input %d: got %v", i, err)
		}
	}
	bad := *a
	bad.CircuitID[0] ^= 1
	if err := bad.Verify(k.VK); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("wrong circuit id: got %v", err)
	}
}

func TestProveRefusesBadStep(t *testing.T) {
	k := testKeys(t)
	f := prototest.NewFixture(t, testShape, 5000, 1000, 4)
	st := *f.Latest(t)
	st.Receipt.CumulativeBytes++ // inflated claim: signature no longer matches
	if _, err := Prove(context.Background(), k, &st); err == nil {
		t.Fatal("proved an inflated step")
	}
	other := prototest.NewFixture(t, protocol.ShapeFor(8), 5000, 1000, 4)
	if _, err := Prove(context.Background(), k, other.Latest(t)); err == nil {
		t.Fatal("proved a step of another window shape")
	}
}

func TestKeysSaveLoad(t *testing.T) {
	k := testKeys(t)
	_, a := testAttestation(t)
	dir := t.TempDir()
	if err := k.Save(dir); err != nil {
		t.Fatal(err)
	}
	l, err := LoadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.CircuitID != k.CircuitID || l.Shape != k.Shape {
		t.Fatalf("loaded %s %v, saved %s %v", l.CircuitID, l.Shape, k.CircuitID, k.Shape)
	}
	if err := a.Verify(l.VK); err != nil {
		t.Fatal(err)
	}
	v, err := LoadVerifyingKey(dir)
	if err != nil || v.PK != nil {
		t.Fatalf("verify-only load: %v", err)
	}
	// The loaded proving key proves.
	f := prototest.NewFixture(t, testShape, 3000, 1000, 9)
	if _, err := Prove(context.Background(), l, f.Latest(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := Prove(context.Background(), v, f.Latest(t)); !errors.Is(err, ErrKeys) {
		t.Fatalf("prove with verify-only keys: %v", err)
	}
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestLoadRefusesBadKeySets(t *testing.T) {
	k := testKeys(t)
	good := t.TempDir()
	if err := k.Save(good); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(dir string){
		"truncated proving key": func(dir string) {
			p := filepath.Join(dir, ProvingKeyFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
		},
		"corrupt verifying key": func(dir string) {
			p := filepath.Join(dir, VerifyingKeyFile)
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0xff
			os.WriteFile(p, b, 0o644)
		},
		"missing circuit":  func(dir string) { os.Remove(filepath.Join(dir, CircuitFile)) },
		"missing manifest": func(dir string) { os.Remove(filepath.Join(dir, ManifestFile)) },
		"garbage manifest": func(dir string) { os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{"), 0o644) },
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			dir := copyDir(t, good)
			breakIt(dir)
			if _, err := LoadKeys(dir); !errors.Is(err, ErrKeys) {
				t.Fatalf("LoadKeys: %v, want ErrKeys", err)
			}
		})
	}
	t.Run("keys from another setup", func(t *testing.T) {
		k2, err := Setup(context.Background(), testShape, SetupOptions{})
		if err != nil {
			t.Fatal(err)
		}
		other := t.TempDir()
		if err := k2.Save(other); err != nil {
			t.Fatal(err)
		}
		// A proving key from one setup with the manifest and verifying key
		// of another: checksums are fixed up, the pair check must refuse.
		dir := copyDir(t, good)
		m, _ := ReadManifest(other)
		b, _ := os.ReadFile(filepath.Join(other, ProvingKeyFile))
		os.WriteFile(filepath.Join(dir, ProvingKeyFile), b, 0o644)
		gm, _ := ReadManifest(dir)
		gm.Files[ProvingKeyFile] = m.Files[ProvingKeyFile]
		writeManifest(t, dir, gm)
		if _, err := LoadKeys(dir); !errors.Is(err, ErrKeys) {
			t.Fatalf("LoadKeys: %v, want ErrKeys", err)
		}
	})
}

func TestAttestor(t *testing.T) {
	k := testKeys(t)
	f := prototest.NewFixture(t, testShape, 12_000, 1000, 5)
	at, err := NewAttestor(AttestorOptions{Keys: k, Domain: f.Domain})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := at.Prove(context.Background(), f.Channel); !errors.Is(err, ErrNothingToProve) {
		t.Fatalf("prove with nothing recorded: %v", err)
	}
	for _, st := range f.Session.Steps {
		if err := at.Record(st, f.ClientAddr); err != nil {
			t.Fatal(err)
		}
	}
	if err := at.Record(f.Session.Steps[0], f.ClientAddr); !errors.Is(err, ErrStale) || !errors.Is(err, protocol.ErrStaleNonce) {
		t.Fatalf("replayed older step: %v", err)
	}
	other := prototest.NewFixture(t, testShape, 1000, 1000, 6)
	if err := at.Record(other.Session.Steps[0], f.ClientAddr); !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("voucher from another client: %v", err)
	}
	// Concurrent proofs for the same channel are serialised and all valid.
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := at.Prove(context.Background(), f.Channel)
			if err == nil {
				err = a.Verify(k.VK)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := at.Prove(ctx, f.Channel); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled prove: %v", err)
	}
}
