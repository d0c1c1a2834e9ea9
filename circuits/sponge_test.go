package circuits

import (
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/bwproof/bwproof/protocol"
)

type spongeCircuit struct {
	In  []frontend.Variable
	Out frontend.Variable `gnark:",public"`
}

func (c *spongeCircuit) Define(api frontend.API) error {
	s, err := newSponge(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(s.hash(protocol.DomainWindow, c.In...), c.Out)
	return nil
}

// The in-circuit sponge must equal protocol.Hash at every block boundary.
func TestSpongeMatchesProtocol(t *testing.T) {
	for _, n := range []int{0, 1, 14, 15, 16, 30, 31} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			in := make([]fr.Element, n)
			a := &spongeCircuit{In: make([]frontend.Variable, n)}
			for i := range in {
				in[i].SetUint64(uint64(1000*n + i))
				a.In[i] = in[i]
			}
			a.Out = protocol.Hash(protocol.DomainWindow, in...)
			c := &spongeCircuit{In: make([]frontend.Variable, n)}
			if err := test.IsSolved(c, a, ecc.BN254.ScalarField()); err != nil {
				t.Fatal(err)
			}
			// A different domain must give a different hash.
			a.Out = protocol.Hash(protocol.DomainChain, in...)
			if err := test.IsSolved(c, a, ecc.BN254.ScalarField()); err == nil {
				t.Fatal("domains collide")
			}
		})
	}
}
