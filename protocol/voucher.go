package protocol

import (
	"crypto/ecdsa"
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

// Separator is the EIP-712 domain separator.
func (d ChainDomain) Separator() common.Hash {
	return crypto.Keccak256Hash(
		domainTypeHash[:],
		crypto.Keccak256([]byte(EIP712Name)),
		crypto.Keccak256([]byte(EIP712Version)),
		common.LeftPadBytes(d.ChainID.Bytes(), 32),
		common.LeftPadBytes(d.Contract.Bytes(), 32),
	)
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
	amount := v.CumulativeAmount
	if amount == nil {
		amount = new(big.Int)
	}
	structHash := crypto.Keccak256(
		voucherTypeHash[:],
		v.ChannelID[:],
		common.LeftPadBytes(new(big.Int).SetUint64(v.Nonce).Bytes(), 32),
		common.LeftPadBytes(amount.Bytes(), 32),
		common.LeftPadBytes(new(big.Int).SetUint64(v.CumulativeBytes).Bytes(), 32),
	)
	sep := d.Separator()
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], structHash)
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
