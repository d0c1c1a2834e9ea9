package protocol

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
)

// typedDomain is the EIP-712 domain as go-ethereum's signer (the code
// wallets use for eth_signTypedData_v4) describes it.
func typedDomain(d ChainDomain) apitypes.TypedDataDomain {
	return apitypes.TypedDataDomain{Name: EIP712Name, Version: EIP712Version,
		ChainId: (*math.HexOrDecimal256)(d.ChainID), VerifyingContract: d.Contract.Hex()}
}

var eip712DomainFields = []apitypes.Type{{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
	{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"}}

// TestVoucherDigestMatchesTypedData: the hand-packed digests equal
// go-ethereum's generic EIP-712 encoder for the same types, including
// zero, one-word and full-width values.
func TestVoucherDigestMatchesTypedData(t *testing.T) {
	max256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	domains := []ChainDomain{
		{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")},
		{ChainID: max256, Contract: common.Address{}},
	}
	for _, d := range domains {
		for _, amount := range []*big.Int{big.NewInt(0), big.NewInt(123456789), max256} {
			v := Voucher{ChannelID: ElementFromUint64(77), Nonce: ^uint64(0), CumulativeAmount: amount, CumulativeBytes: 1 << 40}
			td := apitypes.TypedData{
				Types: apitypes.Types{"EIP712Domain": eip712DomainFields, "Voucher": {
					{Name: "channelId", Type: "uint256"}, {Name: "nonce", Type: "uint64"},
					{Name: "cumulativeAmount", Type: "uint256"}, {Name: "cumulativeBytes", Type: "uint64"}}},
				PrimaryType: "Voucher", Domain: typedDomain(d),
				Message: apitypes.TypedDataMessage{"channelId": new(big.Int).SetBytes(v.ChannelID[:]),
					"nonce": new(big.Int).SetUint64(v.Nonce), "cumulativeAmount": amount,
					"cumulativeBytes": new(big.Int).SetUint64(v.CumulativeBytes)},
			}
			want, _, err := apitypes.TypedDataAndHash(td)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Digest(d); got != common.BytesToHash(want) {
				t.Fatalf("voucher digest %x, typed data %x", got, want)
			}

			lv := LaneVoucher{ChannelID: ElementFromUint64(9), Lane: 7, Nonce: 3, CumulativeAmount: amount,
				CumulativeBytes: 99, ValidFrom: 1, ValidUntil: ^uint64(0), HashLock: common.HexToHash("0xabcd"),
				Target: ElementFromUint64(5), TargetKeyHash: ElementFromUint64(6)}
			ltd := apitypes.TypedData{
				Types: apitypes.Types{"EIP712Domain": eip712DomainFields, "LaneVoucher": {
					{Name: "channelId", Type: "uint256"}, {Name: "lane", Type: "uint32"}, {Name: "nonce", Type: "uint64"},
					{Name: "cumulativeAmount", Type: "uint256"}, {Name: "cumulativeBytes", Type: "uint64"},
					{Name: "validFrom", Type: "uint64"}, {Name: "validUntil", Type: "uint64"},
					{Name: "hashLock", Type: "bytes32"}, {Name: "target", Type: "uint256"}, {Name: "targetKeyHash", Type: "uint256"}}},
				PrimaryType: "LaneVoucher", Domain: typedDomain(d),
				Message: apitypes.TypedDataMessage{"channelId": new(big.Int).SetBytes(lv.ChannelID[:]),
					"lane": big.NewInt(int64(lv.Lane)), "nonce": new(big.Int).SetUint64(lv.Nonce), "cumulativeAmount": amount,
					"cumulativeBytes": new(big.Int).SetUint64(lv.CumulativeBytes), "validFrom": new(big.Int).SetUint64(lv.ValidFrom),
					"validUntil": new(big.Int).SetUint64(lv.ValidUntil), "hashLock": lv.HashLock[:],
					"target": new(big.Int).SetBytes(lv.Target[:]), "targetKeyHash": new(big.Int).SetBytes(lv.TargetKeyHash[:])},
			}
			want, _, err = apitypes.TypedDataAndHash(ltd)
			if err != nil {
				t.Fatal(err)
			}
			if got := lv.Digest(d); got != common.BytesToHash(want) {
				t.Fatalf("lane voucher digest %x, typed data %x", got, want)
			}
		}
	}
}

// BenchmarkVoucherDigest is the EIP-712 digest every voucher check and
// signature computes (the hub computes two per forwarded payment).
func BenchmarkVoucherDigest(b *testing.B) {
	d := ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	v := Voucher{ChannelID: ElementFromUint64(77), Nonce: 5, CumulativeAmount: big.NewInt(1e18), CumulativeBytes: 1 << 30}
	lv := LaneVoucher{ChannelID: ElementFromUint64(9), Lane: 1, Nonce: 3, CumulativeAmount: big.NewInt(1e18)}
	b.Run("voucher", func(b *testing.B) {
		for b.Loop() {
			v.Digest(d)
		}
	})
	b.Run("lane", func(b *testing.B) {
		for b.Loop() {
			lv.Digest(d)
		}
	})
}
