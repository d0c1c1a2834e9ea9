package contracts

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts/channelmanager"
	"github.com/bwproof/bwproof/protocol"
)

// maxCounters is 2^128: the contract's proof counters are a uint128
// (nonce·2^64 + bytes).
var maxCounters = new(big.Int).Lsh(big.NewInt(1), 128)

// laneVoucherArg is v as the contract's LaneVoucher struct.
func laneVoucherArg(v *protocol.LaneVoucher) channelmanager.ChannelManagerLaneVoucher {
	amount := v.CumulativeAmount
	if amount == nil {
		amount = new(big.Int)
	}
	return channelmanager.ChannelManagerLaneVoucher{ChannelId: v.ChannelID.Big(), Lane: v.Lane, Nonce: v.Nonce,
		CumulativeAmount: amount, CumulativeBytes: v.CumulativeBytes, ValidFrom: v.ValidFrom, ValidUntil: v.ValidUntil,
		HashLock: v.HashLock, Target: v.Target.Big(), TargetKeyHash: v.TargetKeyHash.Big()}
}

func countersArg(counters protocol.Element) (*big.Int, error) {
	c := counters.Big()
	if c.Cmp(maxCounters) >= 0 {
		return nil, fmt.Errorf("proof counters %s: %w", counters, ErrCountersRange)
	}
	return c, nil
}

// WithdrawLane settles lane voucher v (lane >= 1) and pays the channel's
// payee what the lane was not paid yet; key pays the gas (anyone may
// submit). preimage opens v's hash lock (ignored without one). counters
// (protocol.PackCounters(nonce, bytes)) and proof (the 256-byte Solidity
// layout) are the proof lock's ByteCount proof for (v.Target, counters,
// v.TargetKeyHash); both may be empty when ProvenBytes already covers
// v.CumulativeBytes (an earlier hop or ProveTarget proved it).
func (m *Manager) WithdrawLane(ctx context.Context, key *ecdsa.PrivateKey, v *protocol.LaneVoucher, preimage [32]byte, counters protocol.Element, proof []byte) (*types.Receipt, error) {
	c, err := countersArg(counters)
	if err != nil {
		return nil, fmt.Errorf("withdraw lane: %w", err)
	}
	if proof == nil {
		proof = []byte{}
	}
	data, err := m.cm.TryPackWithdrawLane(laneVoucherArg(v), v.Signature[:], preimage, c, proof)
	if err != nil {
		return nil, fmt.Errorf("withdraw lane: %w", err)
	}
	return m.transact(ctx, key, nil, "withdraw lane", data)
}

// WithdrawLaneAttestation withdraws v with the proof in a (nil: v's target
// is already proven on chain), after checking that a proves v's proof
// lock: target, key hash and at least v's byte count.
func (m *Manager) WithdrawLaneAttestation(ctx context.Context, key *ecdsa.PrivateKey, v *protocol.LaneVoucher, preimage [32]byte, a *attest.Attestation) (*types.Receipt, error) {
	if a == nil {
		return m.WithdrawLane(ctx, key, v, preimage, protocol.Element{}, nil)
	}
	if err := MatchLaneAttestation(v, a); err != nil {
		return nil, err
	}
	proof, err := a.SolidityProof()
	if err != nil {
		return nil, fmt.Errorf("withdraw lane: %w", err)
	}
	return m.WithdrawLane(ctx, key, v, preimage, a.Public[1], proof)
}

// MatchLaneAttestation checks that a opens v's proof lock: it proves v's
// target and target key hash for at least v's cumulative bytes.
func MatchLaneAttestation(v *protocol.LaneVoucher, a *attest.Attestation) error {
	switch {
	case a.ChannelID() != v.Target:
		return fmt.Errorf("%w: target %s, voucher %s", ErrMismatch, a.ChannelID(), v.Target)
	case a.KeyHash() != v.TargetKeyHash:
		return fmt.Errorf("%w: key hash %s, voucher %s", ErrMismatch, a.KeyHash(), v.TargetKeyHash)
	case a.CumulativeBytes() < v.CumulativeBytes:
		return fmt.Errorf("%w: %d bytes proven, voucher %d", ErrMismatch, a.CumulativeBytes(), v.CumulativeBytes)
	}
	return nil
}

// ProveTarget records on chain that the key with hash keyHash signed
// receipts for counters (protocol.PackCounters(nonce, bytes)) in target,
// with proof (the 256-byte Solidity layout), so that lane vouchers naming
// (target, keyHash) for up to those bytes pay without a proof of their
// own. Anyone may call it; ErrAlreadyProven when the chain already has
// as many bytes.
func (m *Manager) ProveTarget(ctx context.Context, key *ecdsa.PrivateKey, target, keyHash, counters protocol.Element, proof []byte) (*types.Receipt, error) {
	c, err := countersArg(counters)
	if err != nil {
		return nil, fmt.Errorf("prove target: %w", err)
	}
	if proof == nil {
		proof = []byte{}
	}
	data, err := m.cm.TryPackProveTarget(target.Big(), keyHash.Big(), c, proof)
	if err != nil {
		return nil, fmt.Errorf("prove target: %w", err)
	}
	return m.transact(ctx, key, nil, "prove target", data)
}

// ProveAttestation is ProveTarget with a's target, key hash, counters and
// proof.
func (m *Manager) ProveAttestation(ctx context.Context, key *ecdsa.PrivateKey, a *attest.Attestation) (*types.Receipt, error) {
	proof, err := a.SolidityProof()
	if err != nil {
		return nil, fmt.Errorf("prove target: %w", err)
	}
	return m.ProveTarget(ctx, key, a.ChannelID(), a.KeyHash(), a.Public[1], proof)
}

// RevealPreimage publishes preimage on chain (anyone may; only the first
// reveal of a hash lock is recorded, later ones change nothing).
func (m *Manager) RevealPreimage(ctx context.Context, key *ecdsa.PrivateKey, preimage [32]byte) (*types.Receipt, error) {
	return m.transact(ctx, key, nil, "reveal preimage", m.cm.PackRevealPreimage(preimage))
}

// LaneOf reads a lane's settled nonce and cumulative amount withdrawn
// (zero for a lane never withdrawn).
func (m *Manager) LaneOf(ctx context.Context, channelID protocol.Element, lane uint32) (*protocol.ChainLane, error) {
	l, err := call(ctx, m, "lane of", m.cm.PackLaneOf(channelID.Big(), lane), m.cm.UnpackLaneOf)
	if err != nil {
		return nil, err
	}
	return &protocol.ChainLane{Nonce: l.Nonce, Withdrawn: l.Withdrawn}, nil
}

// ProvenBytes reads the largest cumulative byte count proven on chain for
// (target, keyHash).
func (m *Manager) ProvenBytes(ctx context.Context, target, keyHash protocol.Element) (uint64, error) {
	return call(ctx, m, "proven bytes", m.cm.PackProvenBytesOf(target.Big(), keyHash.Big()), m.cm.UnpackProvenBytesOf)
}

// RevealedAt reads the block time hashLock's preimage was first revealed
// on chain; the zero time when it was not.
func (m *Manager) RevealedAt(ctx context.Context, hashLock common.Hash) (time.Time, error) {
	at, err := call(ctx, m, "revealed at", m.cm.PackRevealedAt(hashLock), m.cm.UnpackRevealedAt)
	if err != nil || at == 0 {
		return time.Time{}, err
	}
	return unixTime(at), nil
}

// LaneVoucherDigest asks the contract for a lane voucher's EIP-712 digest
// (to check protocol.LaneVoucher.Digest against it).
func (m *Manager) LaneVoucherDigest(ctx context.Context, v *protocol.LaneVoucher) (common.Hash, error) {
	d, err := call(ctx, m, "lane voucher digest", m.cm.PackLaneVoucherDigest(laneVoucherArg(v)), m.cm.UnpackLaneVoucherDigest)
	return common.Hash(d), err
}

// LaneState reads what protocol.CheckLaneVoucher judges a lane voucher
// against on chain: the channel and the lane.
func (m *Manager) LaneState(ctx context.Context, channelID protocol.Element, lane uint32) (*protocol.ChainChannel, *protocol.ChainLane, error) {
	ch, err := m.Channel(ctx, channelID)
	if err != nil {
		return nil, nil, err
	}
	l, err := m.LaneOf(ctx, channelID, lane)
	if err != nil {
		return nil, nil, err
	}
	return ch.OnChain(m.Domain()), l, nil
}

// unixTime is a block time as time.Time (UTC), saturating far beyond
// any real block.
func unixTime(s uint64) time.Time {
	if s > math.MaxInt64 {
		s = math.MaxInt64
	}
	return time.Unix(int64(s), 0).UTC()
}
