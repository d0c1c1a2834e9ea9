package circuits_test

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
)

// The constraint counts are pinned: a change to a circuit shows here (and
// changes every key set).
func ExampleNewByteCount() {
	for _, w := range []int{4, 16, 64} {
		c, err := circuits.NewByteCount(protocol.ShapeFor(w))
		if err != nil {
			panic(err)
		}
		cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
		if err != nil {
			panic(err)
		}
		fmt.Printf("ByteCount W=%d: %d constraints, %d public inputs\n", w, cs.GetNbConstraints(), cs.GetNbPublicVariables()-1)
	}
	// Output:
	// ByteCount W=4: 9761 constraints, 3 public inputs
	// ByteCount W=16: 10620 constraints, 3 public inputs
	// ByteCount W=64: 14675 constraints, 3 public inputs
}

func ExampleNewBatch() {
	for _, k := range []int{1, 2, 4} {
		for _, w := range []int{4, 16} {
			c, err := circuits.NewBatch(protocol.ShapeFor(w), k)
			if err != nil {
				panic(err)
			}
			cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
			if err != nil {
				panic(err)
			}
			fmt.Printf("Batch K=%d W=%d: %d constraints, %d public inputs\n", k, w, cs.GetNbConstraints(), cs.GetNbPublicVariables()-1)
		}
	}
	// Output:
	// Batch K=1 W=4: 10827 constraints, 1 public inputs
	// Batch K=1 W=16: 11686 constraints, 1 public inputs
	// Batch K=2 W=4: 21657 constraints, 2 public inputs
	// Batch K=2 W=16: 23375 constraints, 2 public inputs
	// Batch K=4 W=4: 43326 constraints, 4 public inputs
	// Batch K=4 W=16: 46762 constraints, 4 public inputs
}
