package protocol

import (
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// EIP-712 type strings. The channel contract hashes the same strings.
const (
	EIP712DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
	VoucherType      = "Voucher(uint256 channelId,uint64 nonce,uint256 cumulativeAmount,uint64 cumulativeBytes)"
	EIP712Name       = "bwproof"
	EIP712Version    = "1"
)

var (
	domainTypeHash  = crypto.Keccak256Hash([]byte(EIP712DomainType))
	nameHash        = crypto.Keccak256Hash([]byte(EIP712Name))
	versionHash     = crypto.Keccak256Hash([]byte(EIP712Version))
	voucherTypeHash = crypto.Keccak256Hash([]byte(VoucherType))
	secp256k1N      = crypto.S256().Params().N
	secp256k1HalfN  = new(big.Int).Rsh(secp256k1N, 1)
	maxUint256      = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
)

// ChainDomain is the EIP-712 domain of a channel contract deployment.
type ChainDomain struct {
	ChainID  *big.Int
	Contract common.Address
}

// Separator is the EIP-712 domain separator. Every voucher digest
// computes it, so the constant parts are hashed once (nameHash,
// versionHash) and the words are written in place: one Keccak, no
// allocations beyond the hasher's.
func (d ChainDomain) Separator() common.Hash {
	var buf [5 * 32]byte
	copy(buf[0:], domainTypeHash[:])
	copy(buf[32:], nameHash[:])
	copy(buf[64:], versionHash[:])
	putBig(buf[96:128], d.ChainID)
	copy(buf[128+12:], d.Contract[:])
	return crypto.Keccak256Hash(buf[:])
}

// putBig writes x as a 32-byte big-endian word (nil is 0). Callers check
// the range first; a wider x keeps its low 256 bits, as the words of
// common.LeftPadBytes would not, so checkFields refuses those.
func putBig(w []byte, x *big.Int) {
	if x == nil {
		clear(w)
		return
	}
	if x.BitLen() > 256 {
		x = new(big.Int).And(x, maxUint256)
	}
	x.FillBytes(w)
}

// putU64 writes x as a 32-byte big-endian word.
func putU64(w []byte, x uint64) {
	clear(w[:24])
	binary.BigEndian.PutUint64(w[24:], x)
}

// typedDigest is keccak256(0x19 0x01 ‖ separator ‖ structHash).
func typedDigest(d ChainDomain, structHash common.Hash) common.Hash {
	var buf [2 + 32 + 32]byte
	buf[0], buf[1] = 0x19, 0x01
	sep := d.Separator()
	copy(buf[2:], sep[:])
	copy(buf[34:], structHash[:])
	return crypto.Keccak256Hash(buf[:])
}

// Voucher is the client's cumulative promise of payment: in channel
// ChannelID, at Nonce (strictly increasing), it owes CumulativeAmount wei
// in total for CumulativeBytes in total.
type Voucher struct {
	ChannelID        Element
	Nonce            uint64
	CumulativeAmount *big.Int
	CumulativeBytes  uint64
	Signature        [65]byte // r || s || v, v in {27, 28}
}

// Digest is the EIP-712 digest the client signs.
func (v *Voucher) Digest(d ChainDomain) common.Hash {
	var buf [5 * 32]byte
	copy(buf[0:], voucherTypeHash[:])
	copy(buf[32:], v.ChannelID[:])
	putU64(buf[64:96], v.Nonce)
	putBig(buf[96:128], v.CumulativeAmount)
	putU64(buf[128:160], v.CumulativeBytes)
	return typedDigest(d, crypto.Keccak256Hash(buf[:]))
}

func (v *Voucher) checkFields() error {
	if !v.ChannelID.Valid() {
		return fmt.Errorf("voucher channel id: %w", ErrNotInField)
	}
	if v.CumulativeAmount == nil || v.CumulativeAmount.Sign() < 0 || v.CumulativeAmount.Cmp(maxUint256) > 0 {
		return fmt.Errorf("%w: voucher amount out of uint256 range", ErrEncoding)
	}
	return nil
}

// Sign signs the voucher with the client's secp256k1 key. go-ethereum's
// signer always produces low-s signatures.
func (v *Voucher) Sign(d ChainDomain, key *ecdsa.PrivateKey) error {
	if err := v.checkFields(); err != nil {
		return err
	}
	sig, err := SignHash(v.Digest(d), key)
	if err != nil {
		return fmt.Errorf("voucher: %w", err)
	}
	v.Signature = sig
	return nil
}

// Signer recovers the address that signed the voucher, refusing high-s
// (malleable) signatures and recovery ids other than 27/28, exactly as
// the channel contract does.
func (v *Voucher) Signer(d ChainDomain) (common.Address, error) {
	if err := v.checkFields(); err != nil {
		return common.Address{}, err
	}
	a, err := RecoverSigner(v.Digest(d), v.Signature)
	if err != nil {
		return common.Address{}, fmt.Errorf("voucher: %w", err)
	}
	return a, nil
}

// VerifyFrom checks that want signed the voucher.
func (v *Voucher) VerifyFrom(d ChainDomain, want common.Address) error {
	got, err := v.Signer(d)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("voucher: %w: signed by %s, want %s", ErrBadSignature, got, want)
	}
	return nil
}

// VoucherSize is the exact size of an encoded voucher.
const VoucherSize = HeaderSize + 32 + 8 + 32 + 8 + 65

// Encode returns the canonical encoding.
func (v *Voucher) Encode() []byte {
	e := NewEncoder(KindVoucher)
	e.Fixed(v.ChannelID[:])
	e.U64(v.Nonce)
	e.Uint256(v.CumulativeAmount)
	e.U64(v.CumulativeBytes)
	e.Fixed(v.Signature[:])
	return e.Bytes()
}

// DecodeVoucher decodes (it does not check the signature).
func DecodeVoucher(data []byte) (Voucher, error) {
	var v Voucher
	d, err := NewDecoder(data, KindVoucher, VoucherSize)
	if err != nil {
		return v, err
	}
	v.ChannelID = d.Element("voucher channel id")
	v.Nonce = d.U64("voucher nonce")
	v.CumulativeAmount = d.Uint256("voucher amount")
	v.CumulativeBytes = d.U64("voucher cumulative bytes")
	d.Fixed(v.Signature[:], "voucher signature")
	return v, d.Finish()
}
