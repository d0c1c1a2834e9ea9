package circuits

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

func TestConstraintCount(t *testing.T) {
	for _, w := range []int{4, 16, 64, 256} {
		c, err := NewByteCount(protocol.ShapeFor(w))
		if err != nil {
			t.Fatal(err)
		}
		cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("W=%d P=%d constraints=%d per chunk=%.1f", w, protocol.DefaultProbes(w), cs.GetNbConstraints(), float64(cs.GetNbConstraints())/float64(w))
	}
}

func TestByteCountSolves(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 1)
	a, err := Assign(f.Shape, f.Latest(t))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := NewByteCount(f.Shape)
	if err := test.IsSolved(c, a, ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
}
