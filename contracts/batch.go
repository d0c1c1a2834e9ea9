package contracts

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/contracts/channelmanager"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// SetBatchTag registers the channel's batch tag (client or funder, once,
// while open): circuits.BatchTag of its id and client proof key hash.
func (m *Manager) SetBatchTag(ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element, tag *big.Int) (*types.Receipt, error) {
	data, err := m.cm.TryPackSetBatchTag(id.Big(), tag)
	if err != nil {
		return nil, fmt.Errorf("set batch tag: %w", err)
	}
	return m.transact(ctx, key, nil, "set batch tag", data)
}

// BatchTag returns the channel's registered batch tag (0: none).
func (m *Manager) BatchTag(ctx context.Context, id protocol.Element) (*big.Int, error) {
	return call(ctx, m, "batch tag", m.cm.PackBatchTagOf(id.Big()), m.cm.UnpackBatchTagOf)
}

// BatchSlots returns K of the contract's batch verifier (0: no batch
// settlement).
func (m *Manager) BatchSlots(ctx context.Context) (int, error) {
	v, err := call(ctx, m, "batch slots", m.cm.PackBatchSlots(), m.cm.UnpackBatchSlots)
	if err != nil {
		return 0, err
	}
	if !v.IsInt64() || v.Int64() > circuits.MaxBatchSlots {
		return 0, fmt.Errorf("batch slots: %v out of range", v)
	}
	return int(v.Int64()), nil
}

// WithdrawBatch settles slots (in the proof's slot order: each the
// channel, nonce and byte count of the receipt the proof shows) with one
// Batch proof (the 256-byte Solidity layout); each channel pays bytes ×
// price, and their common payee receives the sum once. key pays the gas.
func (m *Manager) WithdrawBatch(ctx context.Context, key *ecdsa.PrivateKey, slots []attest.BatchSlot, proof []byte) (*types.Receipt, error) {
	batch := make([]channelmanager.ChannelManagerSettlement, len(slots))
	for i, s := range slots {
		batch[i] = channelmanager.ChannelManagerSettlement{ChannelId: s.ChannelID.Big(),
			Counters: protocol.PackCounters(s.Nonce, s.CumulativeBytes).Big()}
	}
	data, err := m.cm.TryPackWithdrawBatch(batch, proof)
	if err != nil {
		return nil, fmt.Errorf("withdraw batch: %w", err)
	}
	return m.transact(ctx, key, nil, "withdraw batch", data)
}

// WithdrawBatchAttestation settles the channels a proves.
func (m *Manager) WithdrawBatchAttestation(ctx context.Context, key *ecdsa.PrivateKey, a *attest.BatchAttestation) (*types.Receipt, error) {
	proof, err := a.SolidityProof()
	if err != nil {
		return nil, fmt.Errorf("withdraw batch: %w", err)
	}
	return m.WithdrawBatch(ctx, key, a.Slots, proof)
}

// DeployBatch deploys the ByteCount verifier, the Batch verifier of slots
// slots (both gnark exports; see VerifierArtifact: c nil needs no solc)
// and a ChannelManager using both.
func DeployBatch(ctx context.Context, chain *Chain, key *ecdsa.PrivateKey, c *solc.Compiler, verifierSource, batchSource []byte, slots int) (*Deployment, *Verifier, error) {
	art, err := VerifierArtifact(ctx, c, verifierSource)
	if err != nil {
		return nil, nil, err
	}
	bart, err := VerifierArtifact(ctx, c, batchSource)
	if err != nil {
		return nil, nil, fmt.Errorf("batch verifier: %w", err)
	}
	v, vr, err := DeployVerifier(ctx, chain, key, art)
	if err != nil {
		return nil, nil, err
	}
	bv, _, err := DeployVerifier(ctx, chain, key, bart)
	if err != nil {
		return nil, nil, fmt.Errorf("batch verifier: %w", err)
	}
	m, mr, err := DeployManagerBatch(ctx, chain, key, v.Address(), bv.Address(), slots)
	if err != nil {
		return nil, nil, err
	}
	return &Deployment{Verifier: v, Manager: m, VerifierReceipt: vr, ManagerReceipt: mr}, bv, nil
}
