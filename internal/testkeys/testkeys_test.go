package testkeys

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
)

func TestSharedOnce(t *testing.T) {
	var calls atomic.Int32
	setup := func(context.Context) (*int, error) {
		calls.Add(1)
		v := 7
		return &v, nil
	}
	var wg sync.WaitGroup
	got := make([]*int, 8)
	for i := range got {
		wg.Go(func() { got[i] = Shared(t, "once", setup) })
	}
	wg.Wait()
	for _, p := range got {
		if p != got[0] {
			t.Fatal("callers got different key sets")
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("setup ran %d times", calls.Load())
	}
	// The same key with another result type is another key set.
	if s := Shared(t, "once", func(context.Context) (string, error) { return "other", nil }); s != "other" {
		t.Fatalf("got %q", s)
	}
}

// fatalTB records Fatalf and stops the goroutine as testing.T does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestSharedFailure(t *testing.T) {
	var calls atomic.Int32
	setup := func(context.Context) (int, error) {
		calls.Add(1)
		return 0, errors.New("no entropy")
	}
	for range 2 {
		f := &fatalTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Shared(f, "failing", setup)
			t.Error("Shared returned after a failed setup")
		}()
		<-done
		if f.msg != "testkeys: setup failing: no entropy" {
			t.Fatalf("message %q", f.msg)
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("failed setup ran %d times", calls.Load())
	}
}

type square struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *square) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

func TestGroth16(t *testing.T) {
	c := Groth16(t, "square", &square{})
	if again := Groth16(t, "square", &square{}); again != c {
		t.Fatal("second call ran another setup")
	}
	w, err := frontend.NewWitness(&square{X: 3, Y: 9}, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	proof, err := groth16.Prove(c.CS, c.PK, w)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := w.Public()
	if err != nil {
		t.Fatal(err)
	}
	if err := groth16.Verify(proof, c.VK, pub); err != nil {
		t.Fatal(err)
	}
	bad, _ := frontend.NewWitness(&square{X: 3, Y: 10}, ecc.BN254.ScalarField(), frontend.PublicOnly())
	if err := groth16.Verify(proof, c.VK, bad); err == nil {
		t.Fatal("proof verified against another public input")
	}
}
