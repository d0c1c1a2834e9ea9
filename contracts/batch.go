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

// Settlement encodes voucher v as a withdrawBatch entry: the counters word
// (amount·2^128 + nonce·2^64 + bytes) and the EIP-2098 signature.
func Settlement(v *protocol.Voucher) (channelmanager.ChannelManagerSettlement, error) {
	amount := v.CumulativeAmount
	if amount == nil {
		amount = new(big.Int)
	}
	if amount.Sign() < 0 || amount.BitLen() > 128 {
		return channelmanager.ChannelManagerSettlement{}, fmt.Errorf("settlement: amount %v does not fit 128 bits", amount)
	}
	sig := v.Signature
	if sig[64] != 27 && sig[64] != 28 {
		return channelmanager.ChannelManagerSettlement{}, fmt.Errorf("settlement: signature v = %d", sig[64])
	}
	var r, vs [32]byte
	copy(r[:], sig[:32])
	copy(vs[:], sig[32:64])
	if vs[0]&0x80 != 0 {
		return channelmanager.ChannelManagerSettlement{}, fmt.Errorf("settlement: signature s is not low")
	}
	if sig[64] == 28 {
		vs[0] |= 0x80
	}
	counters := new(big.Int).Lsh(amount, 128)
	counters.Or(counters, protocol.PackCounters(v.Nonce, v.CumulativeBytes).Big())
	return channelmanager.ChannelManagerSettlement{ChannelId: v.ChannelID.Big(), Counters: counters, R: r, Vs: vs}, nil
}

// WithdrawBatch settles vouchers (in the proof's slot order) with one
// Batch proof (the 256-byte Solidity layout) and pays their common payee
// once; key pays the gas.
func (m *Manager) WithdrawBatch(ctx context.Context, key *ecdsa.PrivateKey, vouchers []*protocol.Voucher, proof []byte) (*types.Receipt, error) {
	batch := make([]channelmanager.ChannelManagerSettlement, len(vouchers))
	for i, v := range vouchers {
		s, err := Settlement(v)
		if err != nil {
			return nil, fmt.Errorf("withdraw batch: voucher %d: %w", i, err)
		}
		batch[i] = s
	}
	data, err := m.cm.TryPackWithdrawBatch(batch, proof)
	if err != nil {
		return nil, fmt.Errorf("withdraw batch: %w", err)
	}
	return m.transact(ctx, key, nil, "withdraw batch", data)
}

// WithdrawBatchAttestation withdraws vouchers with the proof in a, after
// checking that a proves exactly them, slot by slot.
func (m *Manager) WithdrawBatchAttestation(ctx context.Context, key *ecdsa.PrivateKey, vouchers []*protocol.Voucher, a *attest.BatchAttestation) (*types.Receipt, error) {
	if err := a.Matches(vouchers); err != nil {
		return nil, fmt.Errorf("withdraw batch: %w: %w", ErrMismatch, err)
	}
	proof, err := a.SolidityProof()
	if err != nil {
		return nil, fmt.Errorf("withdraw batch: %w", err)
	}
	return m.WithdrawBatch(ctx, key, vouchers, proof)
}

// DeployBatch compiles and deploys the ByteCount verifier, the Batch
// verifier of slots slots (both gnark exports) and a ChannelManager using
// both.
func DeployBatch(ctx context.Context, chain *Chain, key *ecdsa.PrivateKey, c *solc.Compiler, verifierSource, batchSource []byte, slots int) (*Deployment, *Verifier, error) {
	art, err := solc.CompileVerifier(ctx, c, verifierSource)
	if err != nil {
		return nil, nil, err
	}
	bart, err := solc.CompileVerifier(ctx, c, batchSource)
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
