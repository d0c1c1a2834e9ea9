package protocol

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// TestPermutationMatchesGnark pins perm16 to gnark-crypto's permutation
// (which the circuit's sponge also matches: circuits/TestSpongeMatchesProtocol).
func TestPermutationMatchesGnark(t *testing.T) {
	ref := poseidon2.NewPermutation(SpongeWidth, SpongeFull, SpongePartial)
	for n := range 64 {
		var s [SpongeWidth]fr.Element
		for i := range s {
			switch n {
			case 0: // all zero
			case 1:
				s[i].SetOne()
				s[i].Neg(&s[i]) // all r-1
			default:
				s[i].MustSetRandom()
			}
		}
		want := s
		if err := ref.Permutation(want[:]); err != nil {
			t.Fatal(err)
		}
		sponge16.permute(&s)
		if s != want {
			t.Fatalf("case %d: permutation differs from gnark-crypto", n)
		}
	}
}

func BenchmarkPermutation(b *testing.B) {
	var s [SpongeWidth]fr.Element
	s[0].SetUint64(1)
	b.Run("protocol", func(b *testing.B) {
		for b.Loop() {
			sponge16.permute(&s)
		}
	})
	ref := poseidon2.NewPermutation(SpongeWidth, SpongeFull, SpongePartial)
	b.Run("gnark", func(b *testing.B) {
		for b.Loop() {
			ref.Permutation(s[:])
		}
	})
}
