package attest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// cubic is gnark's example circuit: x³ + x + 5 = y. The ceremony code does
// not depend on the circuit, and phase 1 for ByteCount's 2^14 domain takes
// minutes on two cores, so the multi-party flow is tested on a small one.
type cubic struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *cubic) Define(api frontend.API) error {
	api.AssertIsEqual(c.Y, api.Add(api.Mul(c.X, c.X, c.X), c.X, 5))
	return nil
}

func TestCeremony(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	opts := CeremonyOptions{}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &cubic{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := initCeremony(dir, testShape, ccs, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := initCeremony(dir, testShape, ccs, opts); !errors.Is(err, ErrCeremony) {
		t.Fatalf("second init: %v", err)
	}
	if err := ClosePhase1(dir, []byte("beacon-1"), opts); !errors.Is(err, ErrCeremony) {
		t.Fatalf("closing an empty phase 1: %v", err)
	}
	if _, err := VerifyCeremony(ctx, dir, []byte("beacon-2"), opts); !errors.Is(err, ErrCeremony) {
		t.Fatalf("verifying during phase 1: %v", err)
	}
	for i := 0; i < 3; i++ {
		if _, err := Contribute(ctx, dir, opts); err != nil {
			t.Fatal(err)
		}
	}
	if err := ClosePhase1(dir, []byte("beacon-1"), opts); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		c, err := Contribute(ctx, dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		if c.Phase != 2 || c.Index != i+1 || len(c.SHA256) != 64 {
			t.Fatalf("contribution %+v", c)
		}
	}
	k, err := VerifyCeremony(ctx, dir, []byte("beacon-2"), opts)
	if err != nil {
		t.Fatal(err)
	}
	// The ceremony's keys prove and verify.
	w, err := frontend.NewWitness(&cubic{X: 3, Y: 35}, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	proof, err := groth16.Prove(k.CS, k.PK, w)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := w.Public()
	if err := groth16.Verify(proof, k.VK, pub); err != nil {
		t.Fatal(err)
	}
	// Another beacon gives other keys (the seal is bound to the beacon).
	k2, err := VerifyCeremony(ctx, dir, []byte("beacon-X"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if k2.CircuitID == k.CircuitID {
		t.Fatal("beacon does not affect the keys")
	}

	// A tampered or missing contribution is refused.
	for _, name := range []string{contributionFile(2, 2), contributionFile(1, 2)} {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bad := append([]byte(nil), b...)
		bad[len(bad)-40] ^= 0x01
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := VerifyCeremony(ctx, dir, []byte("beacon-2"), opts); !errors.Is(err, ErrCeremony) {
			t.Fatalf("tampered %s: %v", name, err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(dir, contributionFile(2, 3)))
	if _, err := VerifyCeremony(ctx, dir, []byte("beacon-2"), opts); !errors.Is(err, ErrCeremony) {
		t.Fatalf("missing contribution: %v", err)
	}
}
