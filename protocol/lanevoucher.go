package protocol

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// LaneVoucherType is the EIP-712 type of a lane voucher. The channel
// contract hashes the same string (ChannelManager.LANE_VOUCHER_TYPEHASH).
const LaneVoucherType = "LaneVoucher(uint256 channelId,uint32 lane,uint64 nonce,uint256 cumulativeAmount,uint64 cumulativeBytes,uint64 validFrom,uint64 validUntil,bytes32 hashLock,uint256 target,uint256 targetKeyHash)"

// KindLaneVoucher is the encoding kind of a LaneVoucher.
const KindLaneVoucher Kind = 8

var laneVoucherTypeHash = crypto.Keccak256Hash([]byte(LaneVoucherType))

// LaneVoucher is a conditional, cumulative promise of payment on one lane
// of a channel: lane Lane (>= 1; lane 0 is the channel's direct Voucher)
// of channel ChannelID owes CumulativeAmount wei in total for
// CumulativeBytes, at Nonce (strictly increasing per lane).
//
// It pays only when all its locks open on chain:
//   - the time lock: ValidFrom <= block time <= ValidUntil (0: no bound
//     above; a hash-locked voucher must carry one);
//   - the proof lock (always): a Groth16 ByteCount proof that the key with
//     hash TargetKeyHash signed a receipt for at least CumulativeBytes in
//     channel Target. Target is usually a virtual channel between the end
//     client and the miner (VirtualChannelID), so every hop of a route is
//     paid for the same receipts; the contract remembers the largest count
//     proven per (Target, TargetKeyHash), so a proof is checked once for
//     all hops;
//   - the hash lock (when HashLock is not zero): the withdrawal reveals a
//     32-byte preimage with keccak256(preimage) == HashLock.
//
// Lanes of one channel settle independently; the contract keeps the sum
// of everything paid on all lanes and the direct voucher within the
// deposit.
type LaneVoucher struct {
	ChannelID        Element
	Lane             uint32
	Nonce            uint64
	CumulativeAmount *big.Int
	CumulativeBytes  uint64
	ValidFrom        uint64 // unix seconds, block time
	ValidUntil       uint64 // unix seconds, block time; 0: unbounded
	HashLock         common.Hash
	Target           Element
	TargetKeyHash    Element
	Signature        [65]byte // r || s || v, v in {27, 28}
}

// Digest is the EIP-712 digest the channel's client signs.
func (v *LaneVoucher) Digest(d ChainDomain) common.Hash {
	var buf [11 * 32]byte
	copy(buf[0:], laneVoucherTypeHash[:])
	copy(buf[32:], v.ChannelID[:])
	putU64(buf[64:96], uint64(v.Lane))
	putU64(buf[96:128], v.Nonce)
	putBig(buf[128:160], v.CumulativeAmount)
	putU64(buf[160:192], v.CumulativeBytes)
	putU64(buf[192:224], v.ValidFrom)
	putU64(buf[224:256], v.ValidUntil)
	copy(buf[256:], v.HashLock[:])
	copy(buf[288:], v.Target[:])
	copy(buf[320:], v.TargetKeyHash[:])
	return typedDigest(d, crypto.Keccak256Hash(buf[:]))
}

func (v *LaneVoucher) checkFields() error {
	switch {
	case v.Lane == 0:
		return fmt.Errorf("%w: lane 0 is the direct voucher's", ErrEncoding)
	case !v.ChannelID.Valid():
		return fmt.Errorf("lane voucher channel id: %w", ErrNotInField)
	case v.Target == (Element{}):
		return fmt.Errorf("%w: lane voucher without a proof target", ErrEncoding)
	case !v.Target.Valid():
		return fmt.Errorf("lane voucher target: %w", ErrNotInField)
	case !v.TargetKeyHash.Valid():
		return fmt.Errorf("lane voucher target key hash: %w", ErrNotInField)
	case v.CumulativeAmount == nil || v.CumulativeAmount.Sign() < 0 || v.CumulativeAmount.Cmp(maxUint256) > 0:
		return fmt.Errorf("%w: lane voucher amount out of uint256 range", ErrEncoding)
	case v.ValidUntil != 0 && v.ValidUntil < v.ValidFrom:
		return fmt.Errorf("%w: lane voucher valid until %d before valid from %d", ErrEncoding, v.ValidUntil, v.ValidFrom)
	case v.HashLock != (common.Hash{}) && v.ValidUntil == 0:
		return fmt.Errorf("%w: hash-locked lane voucher without an expiry", ErrEncoding)
	}
	return nil
}

// Sign signs the voucher with the channel client's secp256k1 key.
func (v *LaneVoucher) Sign(d ChainDomain, key *ecdsa.PrivateKey) error {
	if err := v.checkFields(); err != nil {
		return err
	}
	sig, err := SignHash(v.Digest(d), key)
	if err != nil {
		return fmt.Errorf("lane voucher: %w", err)
	}
	v.Signature = sig
	return nil
}

// Signer recovers the signer as the contract does (low s, v in {27, 28}).
func (v *LaneVoucher) Signer(d ChainDomain) (common.Address, error) {
	if err := v.checkFields(); err != nil {
		return common.Address{}, err
	}
	a, err := RecoverSigner(v.Digest(d), v.Signature)
	if err != nil {
		return common.Address{}, fmt.Errorf("lane voucher: %w", err)
	}
	return a, nil
}

// LaneVoucherSize is the exact size of an encoded lane voucher.
const LaneVoucherSize = HeaderSize + 32 + 4 + 8 + 32 + 8 + 8 + 8 + 32 + 32 + 32 + 65

// Encode returns the canonical encoding.
func (v *LaneVoucher) Encode() []byte {
	e := NewEncoder(KindLaneVoucher)
	e.Fixed(v.ChannelID[:])
	e.U32(v.Lane)
	e.U64(v.Nonce)
	e.Uint256(v.CumulativeAmount)
	e.U64(v.CumulativeBytes)
	e.U64(v.ValidFrom)
	e.U64(v.ValidUntil)
	e.Fixed(v.HashLock[:])
	e.Fixed(v.Target[:])
	e.Fixed(v.TargetKeyHash[:])
	e.Fixed(v.Signature[:])
	return e.Bytes()
}

// DecodeLaneVoucher decodes and checks the fields the contract cannot
// carry (it does not check the signature).
func DecodeLaneVoucher(data []byte) (LaneVoucher, error) {
	var v LaneVoucher
	d, err := NewDecoder(data, KindLaneVoucher, LaneVoucherSize)
	if err != nil {
		return v, err
	}
	v.ChannelID = d.Element("lane voucher channel id")
	v.Lane = d.U32("lane voucher lane")
	v.Nonce = d.U64("lane voucher nonce")
	v.CumulativeAmount = d.Uint256("lane voucher amount")
	v.CumulativeBytes = d.U64("lane voucher cumulative bytes")
	v.ValidFrom = d.U64("lane voucher valid from")
	v.ValidUntil = d.U64("lane voucher valid until")
	d.Fixed(v.HashLock[:], "lane voucher hash lock")
	v.Target = d.Element("lane voucher target")
	v.TargetKeyHash = d.Element("lane voucher target key hash")
	d.Fixed(v.Signature[:], "lane voucher signature")
	if err := d.Finish(); err != nil {
		return v, err
	}
	return v, v.checkFields()
}

// HashLockOf is the hash lock a preimage opens: keccak256 of its 32 bytes,
// as the contract computes it.
func HashLockOf(preimage [32]byte) common.Hash { return crypto.Keccak256Hash(preimage[:]) }

// VirtualChannelID names a virtual channel between client and miner, paid
// through hubs, in the domain of one contract: the Target of every lane
// voucher on its route and the channel id in the client's receipts.
// Salt makes each session's id fresh (a client picks it at random). The
// hash is domain-separated from the contract's channel ids (which hash
// abi.encode(chainId, contract, client, miner, counter)).
func VirtualChannelID(d ChainDomain, client, miner common.Address, salt [32]byte) Element {
	h := crypto.Keccak256([]byte("bwproof.virtual-channel.v1"), common.LeftPadBytes(orZero(d.ChainID).Bytes(), 32),
		d.Contract.Bytes(), client.Bytes(), miner.Bytes(), salt[:])
	return modR(h)
}

// LaneTarget is the proof target of a plain lane session on a channel's
// own receipts (no hub in between): distinct per (channel, lane), so
// receipts of one lane never open another's vouchers.
func LaneTarget(channelID Element, lane uint32) Element {
	h := crypto.Keccak256([]byte("bwproof.lane.v1"), channelID[:], common.LeftPadBytes(new(big.Int).SetUint64(uint64(lane)).Bytes(), 32))
	return modR(h)
}

// modR reduces a 32-byte hash into the field, as the contract's `% R`.
func modR(h []byte) Element {
	e, _ := ElementFromBig(new(big.Int).Mod(new(big.Int).SetBytes(h), fr.Modulus())) // below R: cannot fail
	return e
}
