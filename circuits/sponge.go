package circuits

import (
	"fmt"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/permutation/poseidon2"

	"github.com/bwproof/bwproof/protocol"
)

// sponge is the in-circuit twin of protocol.Hash: a fixed-length Poseidon2
// sponge (t=16, rate 15) whose capacity starts at the domain/length tag.
type sponge struct {
	api  frontend.API
	perm *poseidon2.Permutation
}

func newSponge(api frontend.API) (*sponge, error) {
	perm, err := poseidon2.NewPoseidon2FromParameters(api, protocol.SpongeWidth, protocol.SpongeFull, protocol.SpongePartial)
	if err != nil {
		return nil, fmt.Errorf("poseidon2: %w", err)
	}
	return &sponge{api: api, perm: perm}, nil
}

// hash computes protocol.Hash(d, in...).
func (s *sponge) hash(d protocol.Domain, in ...frontend.Variable) frontend.Variable {
	state := make([]frontend.Variable, protocol.SpongeWidth)
	for i := range state {
		state[i] = 0
	}
	state[protocol.SpongeRate] = protocol.SpongeTag(d, len(in))
	for b := 0; b < protocol.SpongeBlocks(len(in)); b++ {
		for i := 0; i < protocol.SpongeRate && b*protocol.SpongeRate+i < len(in); i++ {
			state[i] = s.api.Add(state[i], in[b*protocol.SpongeRate+i])
		}
		if err := s.perm.Permutation(state); err != nil {
			panic(err) // the state has the permutation's width by construction
		}
	}
	return state[0]
}

// fieldHasher adapts the sponge to gnark's hash.FieldHasher for EdDSA: it
// buffers what is written and hashes it in domain d at Sum.
type fieldHasher struct {
	s   *sponge
	d   protocol.Domain
	buf []frontend.Variable
}

func (h *fieldHasher) Write(data ...frontend.Variable) { h.buf = append(h.buf, data...) }
func (h *fieldHasher) Reset()                          { h.buf = nil }
func (h *fieldHasher) Sum() frontend.Variable          { return h.s.hash(h.d, h.buf...) }
