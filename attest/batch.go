package attest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"golang.org/x/crypto/sha3"

	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
)

// BatchKeys is a compiled Batch circuit (K slots of one window shape) with
// its Groth16 key pair. Batch key sets are made in process (SetupBatch);
// they have no key directory format yet.
type BatchKeys struct {
	Shape     protocol.Shape
	Slots     int // K
	CircuitID CircuitID
	CS        constraint.ConstraintSystem
	PK        groth16.ProvingKey
	VK        groth16.VerifyingKey
	Origin    string
}

// CompileBatch compiles the Batch circuit for k slots of shape.
func CompileBatch(shape protocol.Shape, k int) (constraint.ConstraintSystem, error) {
	c, err := circuits.NewBatch(shape, k)
	if err != nil {
		return nil, err
	}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		return nil, fmt.Errorf("compile batch K=%d W=%d: %w", k, shape.Chunks, err)
	}
	return cs, nil
}

// SetupBatch compiles the Batch circuit and runs a single-party Groth16
// setup (development and benchmarks, like Setup).
func SetupBatch(ctx context.Context, shape protocol.Shape, k int, opts SetupOptions) (*BatchKeys, error) {
	log := opts.log()
	start := time.Now()
	cs, err := runStage(ctx, &opts, "compile batch", func() (constraint.ConstraintSystem, error) { return CompileBatch(shape, k) })
	if err != nil {
		return nil, err
	}
	log.Info("batch circuit compiled", "slots", k, "window", shape.Chunks, "constraints", cs.GetNbConstraints(),
		"elapsed", time.Since(start).Round(time.Millisecond))
	type pair struct {
		pk groth16.ProvingKey
		vk groth16.VerifyingKey
	}
	p, err := runStage(ctx, &opts, "groth16 batch setup", func() (pair, error) {
		pk, vk, err := groth16.Setup(cs)
		return pair{pk, vk}, err
	})
	if err != nil {
		return nil, err
	}
	id, err := circuitIDOf(p.vk)
	if err != nil {
		return nil, err
	}
	log.Info("batch setup done", "circuit_id", id, "elapsed", time.Since(start).Round(time.Millisecond))
	return &BatchKeys{Shape: shape, Slots: k, CircuitID: id, CS: cs, PK: p.pk, VK: p.vk, Origin: "dev-setup"}, nil
}

// ExportSolidity writes the Solidity verifier of the batch key set:
// verifyProof(bytes, uint256[K]).
func (k *BatchKeys) ExportSolidity(w io.Writer) error {
	if err := k.VK.ExportSolidity(w, solidity.WithHashToFieldFunction(sha3.NewLegacyKeccak256())); err != nil {
		return fmt.Errorf("export batch solidity: %w", err)
	}
	return nil
}

// BatchSlot is what one used slot of a batch proof shows: the channel, its
// client's receipt key hash and the voucher counters.
type BatchSlot struct {
	ChannelID       protocol.Element
	KeyHash         protocol.Element
	Nonce           uint64
	CumulativeBytes uint64
}

// BatchAttestation is one proof for up to K channels' latest receipts:
// slot i is Slots[i], slots len(Slots) to K-1 are padding. The slots' data
// is not trusted on its own: Verify recomputes the public inputs from it,
// so a proof that verifies vouches for exactly these slots.
type BatchAttestation struct {
	CircuitID CircuitID
	Shape     protocol.Shape
	K         int
	Slots     []BatchSlot
	Proof     []byte // gnark's compressed Groth16 proof encoding
}

// Inputs returns the K public inputs: circuits.BatchInput of each slot's
// tag and counters, then zeros.
func (a *BatchAttestation) Inputs() ([]*big.Int, error) {
	if a.K < 1 || a.K > circuits.MaxBatchSlots || len(a.Slots) < 1 || len(a.Slots) > a.K {
		return nil, fmt.Errorf("%w: %d channels in %d slots", ErrInvalidProof, len(a.Slots), a.K)
	}
	seen := make(map[protocol.Element]bool, len(a.Slots))
	out := make([]*big.Int, a.K)
	for i := range out {
		out[i] = new(big.Int)
	}
	for i, s := range a.Slots {
		if seen[s.ChannelID] {
			return nil, fmt.Errorf("%w: channel %s in two slots", ErrInvalidProof, s.ChannelID)
		}
		seen[s.ChannelID] = true
		tag, err := circuits.BatchTag(s.ChannelID, s.KeyHash)
		if err != nil {
			return nil, fmt.Errorf("%w: slot %d: %w", ErrInvalidProof, i, err)
		}
		out[i] = circuits.BatchInput(tag, s.Nonce, s.CumulativeBytes)
	}
	return out, nil
}

func (a *BatchAttestation) publicWitness() (witness.Witness, error) {
	inputs, err := a.Inputs()
	if err != nil {
		return nil, err
	}
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	ch := make(chan any, len(inputs))
	for _, in := range inputs {
		var f fr.Element
		f.SetBigInt(in) // < 2^253: canonical
		ch <- f
	}
	close(ch)
	if err := w.Fill(len(inputs), 0, ch); err != nil {
		return nil, fmt.Errorf("public witness: %w", err)
	}
	return w, nil
}

func (a *BatchAttestation) groth16Proof() (*groth16bn254.Proof, error) { return decodeProof(a.Proof) }

// Verify checks the proof against vk for the attestation's slots. It
// returns an error wrapping ErrInvalidProof when it does not verify, and
// ErrKeyMismatch when vk is not the key the attestation names.
func (a *BatchAttestation) Verify(vk groth16.VerifyingKey) error {
	id, err := circuitIDOf(vk)
	if err != nil {
		return err
	}
	if id != a.CircuitID {
		return fmt.Errorf("%w: batch attestation for circuit %s, key is %s", ErrKeyMismatch, a.CircuitID, id)
	}
	if vk.NbPublicWitness() != a.K {
		return fmt.Errorf("%w: key has %d slots, attestation %d", ErrKeyMismatch, vk.NbPublicWitness(), a.K)
	}
	proof, err := a.groth16Proof()
	if err != nil {
		return err
	}
	pw, err := a.publicWitness()
	if err != nil {
		return err
	}
	return verifyProof(proof, vk, pw)
}

// SolidityProof returns the proof in the 256-byte layout of the exported
// verifier.
func (a *BatchAttestation) SolidityProof() ([]byte, error) {
	p, err := a.groth16Proof()
	if err != nil {
		return nil, err
	}
	return p.MarshalSolidity(), nil
}

// Matches checks that the slots are vouchers' channels, nonces and byte
// counts, in order.
func (a *BatchAttestation) Matches(vouchers []*protocol.Voucher) error {
	if len(vouchers) != len(a.Slots) {
		return fmt.Errorf("%d vouchers for %d slots", len(vouchers), len(a.Slots))
	}
	for i, v := range vouchers {
		s := a.Slots[i]
		if s.ChannelID != v.ChannelID || s.Nonce != v.Nonce || s.CumulativeBytes != v.CumulativeBytes {
			return fmt.Errorf("slot %d proves channel %s nonce %d bytes %d, voucher channel %s nonce %d bytes %d",
				i, s.ChannelID, s.Nonce, s.CumulativeBytes, v.ChannelID, v.Nonce, v.CumulativeBytes)
		}
	}
	return nil
}

// ProveBatch proves steps (1 to K, distinct channels) in one batch proof,
// checked against keys' verifying key before it is returned. Like Prove,
// it returns at once on cancellation and lets the proof finish in the
// background.
func ProveBatch(ctx context.Context, keys *BatchKeys, steps []*protocol.Step) (*BatchAttestation, error) {
	return proveBatch(ctx, keys, steps, func() {})
}

func proveBatch(ctx context.Context, keys *BatchKeys, steps []*protocol.Step, release func()) (*BatchAttestation, error) {
	started := false
	defer func() {
		if !started {
			release()
		}
	}()
	if keys == nil || keys.CS == nil || keys.PK == nil {
		return nil, fmt.Errorf("%w: no batch proving key", ErrKeys)
	}
	assignment, err := circuits.AssignBatch(keys.Shape, keys.Slots, steps)
	if err != nil {
		return nil, err
	}
	a := &BatchAttestation{CircuitID: keys.CircuitID, Shape: keys.Shape, K: keys.Slots, Slots: make([]BatchSlot, len(steps))}
	for i, st := range steps {
		kh, err := st.Receipt.PublicKey.Hash()
		if err != nil {
			return nil, err
		}
		a.Slots[i] = BatchSlot{ChannelID: st.Receipt.ChannelID, KeyHash: kh, Nonce: st.Receipt.Nonce, CumulativeBytes: st.Receipt.CumulativeBytes}
	}
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		p   groth16.Proof
		err error
	}
	done := make(chan result, 1)
	started = true
	go func() {
		defer release()
		p, err := groth16.Prove(keys.CS, keys.PK, w, proverOptions()...)
		done <- result{p, err}
	}()
	var proof groth16.Proof
	select {
	case r := <-done:
		if r.err != nil {
			return nil, fmt.Errorf("prove batch: %w", r.err)
		}
		proof = r.p
	case <-ctx.Done():
		return nil, fmt.Errorf("prove batch: %w", ctx.Err())
	}
	var buf bytes.Buffer
	if _, err := proof.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode proof: %w", err)
	}
	a.Proof = buf.Bytes()
	if err := a.Verify(keys.VK); err != nil {
		return nil, fmt.Errorf("self-check of the new batch proof: %w", err)
	}
	return a, nil
}
