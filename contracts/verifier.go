package contracts

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/contracts/verifierbin"
)

// Verifier is a deployed gnark Groth16 verifier (its ABI comes from the
// compiler output, since it depends on the key set when the circuit has
// commitments).
type Verifier struct {
	inst *bind.BoundContract
	abi  abi.ABI
	dec  *revertDecoder
}

// VerifierArtifact returns the verifier of gnark's export for a key set
// (`bwproof keys solidity`): with c nil, from the committed templates
// (verifierbin.FromSource: no solc, no node); with a compiler, compiled
// from the source (the developer path).
func VerifierArtifact(ctx context.Context, c *solc.Compiler, verifierSource []byte) (*solc.Artifact, error) {
	if c == nil {
		return verifierbin.FromSource(verifierSource)
	}
	return solc.CompileVerifier(ctx, c, verifierSource)
}

// DeployVerifier deploys a verifier (VerifierArtifact).
func DeployVerifier(ctx context.Context, chain *Chain, key *ecdsa.PrivateKey, art *solc.Artifact) (*Verifier, *types.Receipt, error) {
	parsed, err := abi.JSON(bytes.NewReader(art.ABI))
	if err != nil {
		return nil, nil, fmt.Errorf("verifier abi: %w", err)
	}
	if _, ok := parsed.Methods["verifyProof"]; !ok {
		return nil, nil, fmt.Errorf("%w: %s has no verifyProof", solc.ErrCompile, art.Name)
	}
	dec, err := newRevertDecoder(parsed)
	if err != nil {
		return nil, nil, err
	}
	addr, rcpt, err := chain.Deploy(ctx, key, "Verifier", art.Bin, nil, dec.decode)
	if err != nil {
		return nil, rcpt, err
	}
	return &Verifier{inst: bind.NewBoundContract(addr, parsed, chain.backend, chain.backend, chain.backend), abi: parsed, dec: dec}, rcpt, nil
}

// Address returns the verifier's address.
func (v *Verifier) Address() common.Address { return v.inst.Address() }

// VerifyProof calls verifyProof(proof, input) (an eth_call): nil when the
// proof verifies, a *RevertError (ProofInvalid, PublicInputNotInField, ...)
// when it does not.
func (v *Verifier) VerifyProof(ctx context.Context, proof []byte, input [attest.NumPublic]*big.Int) error {
	data, err := v.abi.Pack("verifyProof", proof, input)
	if err != nil {
		return fmt.Errorf("verifyProof: %w", err)
	}
	if _, err := v.inst.CallRaw(&bind.CallOpts{Context: ctx}, data); err != nil {
		return fmt.Errorf("verifyProof: %w", v.dec.decode(err))
	}
	return nil
}

// Deployment is a verifier and the ChannelManager that uses it.
type Deployment struct {
	Verifier        *Verifier
	Manager         *Manager
	VerifierReceipt *types.Receipt
	ManagerReceipt  *types.Receipt
}

// Deploy deploys the verifier of verifierSource (gnark's export for the
// key set; see VerifierArtifact: c nil needs no solc) and ChannelManager
// on top of it.
func Deploy(ctx context.Context, chain *Chain, key *ecdsa.PrivateKey, c *solc.Compiler, verifierSource []byte) (*Deployment, error) {
	art, err := VerifierArtifact(ctx, c, verifierSource)
	if err != nil {
		return nil, err
	}
	v, vr, err := DeployVerifier(ctx, chain, key, art)
	if err != nil {
		return nil, err
	}
	m, mr, err := DeployManager(ctx, chain, key, v.Address())
	if err != nil {
		return nil, err
	}
	return &Deployment{Verifier: v, Manager: m, VerifierReceipt: vr, ManagerReceipt: mr}, nil
}
