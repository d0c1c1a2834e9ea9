package circuits

import (
	"fmt"
	"math/bits"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"
	gbits "github.com/consensys/gnark/std/math/bits"
	"github.com/consensys/gnark/std/selector"
	"github.com/consensys/gnark/test"
)

// handMux is the binary multiplexer the probe lookup used before
// std/selector.Mux (len(xs) a power of two; the bit decomposition also
// bounds idx). It stays here as the reference the comparison below pins.
func handMux(api frontend.API, idx frontend.Variable, xs []frontend.Variable) frontend.Variable {
	n := bits.TrailingZeros(uint(len(xs)))
	ib := gbits.ToBinary(api, idx, gbits.WithNbDigits(n))
	level := xs
	for _, b := range ib {
		next := make([]frontend.Variable, len(level)/2)
		for i := range next {
			next[i] = api.Select(b, level[2*i+1], level[2*i])
		}
		level = next
	}
	return level[0]
}

// muxCircuit selects Xs[Idx] with handMux or gnark's std/selector.Mux, so
// both compile on the same inputs.
type muxCircuit struct {
	Xs  []frontend.Variable
	Idx frontend.Variable
	Out frontend.Variable `gnark:",public"`
	std bool
}

func (c *muxCircuit) Define(api frontend.API) error {
	var got frontend.Variable
	if c.std {
		got = selector.Mux(api, c.Idx, c.Xs...)
	} else {
		got = handMux(api, c.Idx, c.Xs)
	}
	api.AssertIsEqual(got, c.Out)
	return nil
}

func muxCounts(n int, std bool) (r1csN, scsN int, err error) {
	c := &muxCircuit{Xs: make([]frontend.Variable, n), std: std}
	r, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		return 0, 0, err
	}
	s, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, c)
	if err != nil {
		return 0, 0, err
	}
	return r.GetNbConstraints(), s.GetNbConstraints(), nil
}

// Example_handMuxVsSelectorMux pins why the probe lookup uses gnark's
// std/selector.Mux: for the window sizes ByteCount uses it costs exactly
// what the hand-written mux cost, both with the index bounded by its bit
// decomposition. R1CS is what Groth16 proves; PLONK's SCS is for context.
func Example_handMuxVsSelectorMux() {
	for _, n := range []int{4, 16, 64, 256} {
		ours, oursSCS, err := muxCounts(n, false)
		if err != nil {
			panic(err)
		}
		std, stdSCS, err := muxCounts(n, true)
		if err != nil {
			panic(err)
		}
		fmt.Printf("W=%d: hand mux %d R1CS / %d SCS, selector.Mux %d R1CS / %d SCS\n", n, ours, oursSCS, std, stdSCS)
	}
	// Output:
	// W=4: hand mux 7 R1CS / 14 SCS, selector.Mux 7 R1CS / 14 SCS
	// W=16: hand mux 21 R1CS / 54 SCS, selector.Mux 21 R1CS / 54 SCS
	// W=64: hand mux 71 R1CS / 202 SCS, selector.Mux 71 R1CS / 202 SCS
	// W=256: hand mux 265 R1CS / 782 SCS, selector.Mux 265 R1CS / 782 SCS
}

// TestMuxes checks both muxes select every index, and that an index out
// of the window or a wrong output is refused.
func TestMuxes(t *testing.T) {
	const n = 8
	xs := make([]frontend.Variable, n)
	for i := range xs {
		xs[i] = 1000 + 7*i
	}
	for _, std := range []bool{false, true} {
		for i := 0; i < n; i++ {
			w := &muxCircuit{Xs: xs, Idx: i, Out: 1000 + 7*i}
			if err := test.IsSolved(&muxCircuit{Xs: make([]frontend.Variable, n), std: std}, w, ecc.BN254.ScalarField()); err != nil {
				t.Fatalf("std=%v idx %d: %v", std, i, err)
			}
		}
		for name, w := range map[string]*muxCircuit{
			"index past the window": {Xs: xs, Idx: n, Out: xs[0]},
			"wrong output":          {Xs: xs, Idx: 3, Out: 1000 + 7*4},
			"negative index":        {Xs: xs, Idx: -1, Out: xs[n-1]},
		} {
			if err := test.IsSolved(&muxCircuit{Xs: make([]frontend.Variable, n), std: std}, w, ecc.BN254.ScalarField()); err == nil {
				t.Fatalf("std=%v: %s accepted", std, name)
			}
		}
	}
}
