package contracts

import (
	"bytes"
	"errors"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	groth16_bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"golang.org/x/crypto/sha3"

	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// commitCircuit has ByteCount's three public inputs (channel id, packed
// counters, key hash) and a Pedersen commitment (api.Commit), which gnark's
// verifier handles with extra proof bytes and a keccak256 hash-to-field.
type commitCircuit struct {
	ChannelID, Counters, KeyHash frontend.Variable `gnark:",public"`
	Nonce, Bytes                 frontend.Variable
	Root                         frontend.Variable // Bytes = Root²
}

func (c *commitCircuit) Define(api frontend.API) error {
	committer, ok := api.(frontend.Committer)
	if !ok {
		return errors.New("builder cannot commit")
	}
	cm, err := committer.Commit(c.Root, c.Nonce, c.ChannelID)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(cm, 0)
	api.AssertIsEqual(api.Mul(c.Root, c.Root), c.Bytes)
	api.AssertIsEqual(c.Counters, api.Add(api.Mul(c.Nonce, new(big.Int).Lsh(big.NewInt(1), protocol.CounterShift)), c.Bytes))
	api.AssertIsDifferent(api.Add(c.ChannelID, c.KeyHash), 0)
	return nil
}

// TestCircuitWithCommitments: should ByteCount ever use commitments, the
// export (keccak256 hash-to-field), the proof layout (MarshalSolidity with
// commitments) and ChannelManager's calldata (proof as bytes) still work.
func TestCircuitWithCommitments(t *testing.T) {
	e := newEnv(t)
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &commitCircuit{})
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(vk.(*groth16_bn254.VerifyingKey).PublicAndCommitmentCommitted); n != 1 {
		t.Fatalf("%d commitments, want 1", n)
	}
	var src bytes.Buffer
	if err := vk.ExportSolidity(&src, solidity.WithHashToFieldFunction(sha3.NewLegacyKeccak256())); err != nil {
		t.Fatal(err)
	}
	art, err := solc.CompileVerifier(e.ctx, e.s.compiler, src.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := DeployVerifier(e.ctx, e.sim.Chain, e.deployer, art)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := DeployManager(e.ctx, e.sim.Chain, e.deployer, v.Address())
	if err != nil {
		t.Fatal(err)
	}
	kh := e.keyHash()
	id, _, err := m.Open(e.ctx, e.client, OpenParams{Miner: addr(e.miner), KeyHash: kh, PricePerByte: testPrice,
		ChallengePeriod: testHour, Deposit: bigMul(gwei, 1_000_000)})
	if err != nil {
		t.Fatal(err)
	}
	const n = 4096
	w, err := frontend.NewWitness(&commitCircuit{ChannelID: id.Big(), Counters: protocol.PackCounters(1, n).Big(), Nonce: 1, Bytes: n, KeyHash: kh.Big(), Root: 64}, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	proof, err := groth16.Prove(ccs, pk, w, backend.WithProverHashToFieldFunction(sha3.NewLegacyKeccak256()))
	if err != nil {
		t.Fatal(err)
	}
	sp := proof.(*groth16_bn254.Proof).MarshalSolidity()
	if len(sp) != 256+2*64 {
		t.Fatalf("proof with one commitment is %d bytes, want 384", len(sp))
	}
	in := [3]*big.Int{id.Big(), protocol.PackCounters(1, n).Big(), kh.Big()}
	if err := v.VerifyProof(e.ctx, sp, in); err != nil {
		t.Fatalf("verifier refuses the proof: %v", err)
	}
	voucher := &protocol.Voucher{ChannelID: id, Nonce: 1, CumulativeAmount: new(big.Int).Mul(big.NewInt(n), testPrice), CumulativeBytes: n}
	if err := voucher.Sign(m.Domain(), e.client); err != nil {
		t.Fatal(err)
	}
	// A tampered commitment is refused; the real proof pays.
	bad := bytes.Clone(sp)
	bad[256+63] ^= 1
	_, err = m.Withdraw(e.ctx, e.miner, voucher, bad)
	wantRevert(t, err, ErrInvalidProof)
	r, err := m.Withdraw(e.ctx, e.miner, voucher, sp)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("withdraw with a one-commitment proof: %d gas", r.GasUsed)
}
