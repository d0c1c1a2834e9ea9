package attest

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/witness"
	"golang.org/x/crypto/sha3"

	"github.com/consensys/gnark/backend"

	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
)

// CircuitID names a circuit and key set: the SHA-256 of the verifying key's
// raw encoding. Two key sets for the same circuit have different ids.
type CircuitID [32]byte

func (c CircuitID) String() string { return fmt.Sprintf("%x", c[:]) }

// NumPublic is the number of public inputs of ByteCount.
const NumPublic = circuits.NumPublic

// Attestation is a proof that a client signed a receipt for
// CumulativeBytes at voucher Nonce in ChannelID, with the key whose hash is
// KeyHash. It names the key set it needs (CircuitID) and the window shape.
type Attestation struct {
	CircuitID CircuitID
	Shape     protocol.Shape
	// Public inputs: channel id, counters (nonce·2^64 + cumulative bytes,
	// protocol.PackCounters), key hash.
	Public [NumPublic]protocol.Element
	Proof  []byte // gnark's compressed Groth16 proof encoding
}

// ChannelID is the channel the proof is for.
func (a *Attestation) ChannelID() protocol.Element { return a.Public[0] }

// Nonce is the voucher nonce the proof is tied to.
func (a *Attestation) Nonce() uint64 {
	n, _, _ := protocol.UnpackCounters(a.Public[1])
	return n
}

// CumulativeBytes is the byte count the proof shows.
func (a *Attestation) CumulativeBytes() uint64 {
	_, b, _ := protocol.UnpackCounters(a.Public[1])
	return b
}

// KeyHash is the hash of the client's receipt key.
func (a *Attestation) KeyHash() protocol.Element { return a.Public[2] }

// Size limits for decoding.
const (
	MaxProofSize       = 1024
	MaxAttestationSize = protocol.HeaderSize + 32 + 8 + NumPublic*32 + 4 + MaxProofSize
)

// Encode returns the canonical encoding.
func (a *Attestation) Encode() []byte {
	e := protocol.NewEncoder(protocol.KindAttestation)
	e.Fixed(a.CircuitID[:])
	e.U32(uint32(a.Shape.Chunks))
	e.U32(uint32(a.Shape.Probes))
	for _, p := range a.Public {
		e.Fixed(p[:])
	}
	e.Var(a.Proof)
	return e.Bytes()
}

// DecodeAttestation decodes untrusted bytes: size-limited, public inputs
// must be canonical field elements. It does not verify the proof.
func DecodeAttestation(data []byte) (*Attestation, error) {
	d, err := protocol.NewDecoder(data, protocol.KindAttestation, MaxAttestationSize)
	if err != nil {
		return nil, err
	}
	a := &Attestation{}
	d.Fixed(a.CircuitID[:], "attestation circuit id")
	a.Shape.Chunks = d.Count(protocol.MaxWindowChunks, "attestation window chunks")
	a.Shape.Probes = d.Count(protocol.MaxWindowProbes, "attestation window probes")
	for i := range a.Public {
		a.Public[i] = d.Element(fmt.Sprintf("attestation public input %d", i))
	}
	a.Proof = d.Var(MaxProofSize, "attestation proof")
	if err := d.Finish(); err != nil {
		return nil, err
	}
	if err := a.Shape.Check(); err != nil {
		return nil, fmt.Errorf("attestation: %w", err)
	}
	if _, _, ok := protocol.UnpackCounters(a.Public[1]); !ok {
		return nil, fmt.Errorf("%w: attestation counters above 2^128", protocol.ErrEncoding)
	}
	return a, nil
}

// groth16Proof parses the proof bytes (subgroup-checked).
func (a *Attestation) groth16Proof() (*groth16bn254.Proof, error) { return decodeProof(a.Proof) }

// decodeProof parses a proof in gnark's raw encoding, refusing one above
// MaxProofSize or with trailing bytes (single and batch attestations).
func decodeProof(b []byte) (*groth16bn254.Proof, error) {
	if len(b) > MaxProofSize {
		return nil, fmt.Errorf("%w: %d proof bytes", ErrInvalidProof, len(b))
	}
	p := new(groth16bn254.Proof)
	n, err := p.ReadFrom(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: proof encoding: %w", ErrInvalidProof, err)
	}
	if int(n) != len(b) {
		return nil, fmt.Errorf("%w: %d trailing proof bytes", ErrInvalidProof, len(b)-int(n))
	}
	return p, nil
}

// verifyProof runs the Groth16 check; every failure wraps ErrInvalidProof.
func verifyProof(proof groth16.Proof, vk groth16.VerifyingKey, pw witness.Witness) error {
	if err := groth16.Verify(proof, vk, pw, verifierOptions()...); err != nil {
		if errors.Is(err, ErrInvalidProof) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	return nil
}

// PublicWitness returns the public inputs as a gnark witness.
func (a *Attestation) PublicWitness() (witness.Witness, error) {
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	ch := make(chan any, NumPublic)
	for _, p := range a.Public {
		var f fr.Element
		if err := f.SetBytesCanonical(p[:]); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidProof, protocol.ErrNotInField)
		}
		ch <- f
	}
	close(ch)
	if err := w.Fill(NumPublic, 0, ch); err != nil {
		return nil, fmt.Errorf("public witness: %w", err)
	}
	return w, nil
}

// Verify checks the proof against vk. It returns an error wrapping
// ErrInvalidProof when the proof does not verify, and ErrKeyMismatch when
// vk is not the key the attestation names.
func (a *Attestation) Verify(vk groth16.VerifyingKey) error {
	id, err := circuitIDOf(vk)
	if err != nil {
		return err
	}
	if id != a.CircuitID {
		return fmt.Errorf("%w: attestation for circuit %s, key is %s", ErrKeyMismatch, a.CircuitID, id)
	}
	proof, err := a.groth16Proof()
	if err != nil {
		return err
	}
	pw, err := a.PublicWitness()
	if err != nil {
		return err
	}
	return verifyProof(proof, vk, pw)
}

// SolidityProof returns the proof in the 256-byte layout the exported
// Solidity verifier's verifyProof takes.
func (a *Attestation) SolidityProof() ([]byte, error) {
	p, err := a.groth16Proof()
	if err != nil {
		return nil, err
	}
	return p.MarshalSolidity(), nil
}

// SolidityInputs returns the public inputs as uint256s for the contract.
func (a *Attestation) SolidityInputs() [NumPublic]*big.Int {
	var out [NumPublic]*big.Int
	for i, p := range a.Public {
		out[i] = p.Big()
	}
	return out
}

// The exported Solidity verifier hashes commitments to the field with
// keccak256; prover and verifier use the same function so that the key set
// stays valid if the circuit ever gains commitments.
func proverOptions() []backend.ProverOption {
	return []backend.ProverOption{backend.WithProverHashToFieldFunction(sha3.NewLegacyKeccak256())}
}

func verifierOptions() []backend.VerifierOption {
	return []backend.VerifierOption{backend.WithVerifierHashToFieldFunction(sha3.NewLegacyKeccak256())}
}
