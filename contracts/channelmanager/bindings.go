// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package channelmanager

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// ChannelManagerChannel is an auto generated low-level Go binding around an user-defined struct.
type ChannelManagerChannel struct {
	Client             common.Address
	State              uint8
	ClosesAt           uint64
	Payee              common.Address
	PricePerByte       *big.Int
	Nonce              uint64
	Withdrawn          *big.Int
	Deposit            *big.Int
	ClientProofKeyHash *big.Int
	Funder             common.Address
	ChallengePeriod    uint64
	Miner              common.Address
	LaneWithdrawn      *big.Int
}

// ChannelManagerLaneVoucher is an auto generated low-level Go binding around an user-defined struct.
type ChannelManagerLaneVoucher struct {
	ChannelId        *big.Int
	Lane             uint32
	Nonce            uint64
	CumulativeAmount *big.Int
	CumulativeBytes  uint64
	ValidFrom        uint64
	ValidUntil       uint64
	HashLock         [32]byte
	Target           *big.Int
	TargetKeyHash    *big.Int
}

// ChannelManagerSettlement is an auto generated low-level Go binding around an user-defined struct.
type ChannelManagerSettlement struct {
	ChannelId *big.Int
	Counters  *big.Int
}

// ChannelManagerMetaData contains all meta data concerning the ChannelManager contract.
var ChannelManagerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIByteCountVerifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"batchVerifier_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"batchSlots_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"provenBytes\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"AlreadyProven\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawn\",\"type\":\"uint256\"}],\"name\":\"AmountBelowWithdrawn\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maxAmount\",\"type\":\"uint256\"}],\"name\":\"AmountExceedsBytes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"AmountExceedsDeposit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channels\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"BadBatchSize\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"BadBatchSlots\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"BadBatchTag\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"BadChallengePeriod\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"BadSignatureLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"name\":\"BadSignatureV\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"}],\"name\":\"BadTarget\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BatchDisabled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"BatchTagAlreadySet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"ChallengePeriodActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"ChallengePeriodOver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"ChannelIdTaken\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"DepositTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"validUntil\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"time\",\"type\":\"uint256\"}],\"name\":\"Expired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"hashLock\",\"type\":\"bytes32\"}],\"name\":\"HashLockWithoutExpiry\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"reason\",\"type\":\"bytes\"}],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"}],\"name\":\"KeyHashNotInField\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"LaneZero\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"MalleableSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"NoBatchTag\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOwnerOf\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"validFrom\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"time\",\"type\":\"uint256\"}],\"name\":\"NotYetValid\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"batchPayee\",\"type\":\"address\"}],\"name\":\"PayeeMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"provenBytes\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"ProofRequired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"provenBytes\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"ProvenTooFew\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Reentrancy\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"settled\",\"type\":\"uint64\"}],\"name\":\"StaleNonce\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"Unauthorized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"UnknownChannel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"}],\"name\":\"VerifierHasNoCode\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"hashLock\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"preimage\",\"type\":\"bytes32\"}],\"name\":\"WrongPreimage\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"}],\"name\":\"WrongSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"enumChannelManager.State\",\"name\":\"state\",\"type\":\"uint8\"}],\"name\":\"WrongState\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroPrice\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"BatchTagSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"channels\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"BatchWithdrawn\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"minerTotal\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"refund\",\"type\":\"uint256\"}],\"name\":\"ChannelClosed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"funder\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"ChannelOpened\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"CloseStarted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"lane\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"}],\"name\":\"LaneWithdrawn\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnerSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"PayeeChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"hashLock\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"preimage\",\"type\":\"bytes32\"}],\"name\":\"PreimageRevealed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint128\",\"name\":\"counters\",\"type\":\"uint128\"}],\"name\":\"Proven\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"ToppedUp\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_BATCH_SLOTS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CHALLENGE_PERIOD\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batchSlots\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"batchTagOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batchVerifier\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channelCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"cooperativeClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"finalize\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"getChannel\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"enumChannelManager.State\",\"name\":\"state\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint96\",\"name\":\"withdrawn\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"deposit\",\"type\":\"uint96\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"funder\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint96\",\"name\":\"laneWithdrawn\",\"type\":\"uint96\"}],\"internalType\":\"structChannelManager.Channel\",\"name\":\"ch\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"lane\",\"type\":\"uint32\"}],\"name\":\"laneOf\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint96\",\"name\":\"withdrawn\",\"type\":\"uint96\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"lane\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"validFrom\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"validUntil\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"hashLock\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"targetKeyHash\",\"type\":\"uint256\"}],\"internalType\":\"structChannelManager.LaneVoucher\",\"name\":\"v\",\"type\":\"tuple\"}],\"name\":\"laneVoucherDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"}],\"name\":\"nextChannelId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"open\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"openFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint128\",\"name\":\"counters\",\"type\":\"uint128\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"proveTarget\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"}],\"name\":\"provenBytesOf\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"refreshPayee\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"preimage\",\"type\":\"bytes32\"}],\"name\":\"revealPreimage\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"hashLock\",\"type\":\"bytes32\"}],\"name\":\"revealedAt\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"at\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"setBatchTag\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"setOwner\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"startClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"topUp\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractIByteCountVerifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"voucherDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"clientSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint128\",\"name\":\"counters\",\"type\":\"uint128\"}],\"internalType\":\"structChannelManager.Settlement[]\",\"name\":\"batch\",\"type\":\"tuple[]\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"withdrawBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"lane\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"validFrom\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"validUntil\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"hashLock\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"target\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"targetKeyHash\",\"type\":\"uint256\"}],\"internalType\":\"structChannelManager.LaneVoucher\",\"name\":\"v\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"clientSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"preimage\",\"type\":\"bytes32\"},{\"internalType\":\"uint128\",\"name\":\"proofCounters\",\"type\":\"uint128\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"withdrawLane\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "a93a038c526aa02701c2367d69104d5f38",
	Bin: "0x6101408060405234610264576060816139db80380380916100208285610268565b8339810103126102645780516001600160a01b03811691828203610264576020810151916001600160a01b03831691828403610264576040015193803b156102385750608052801561024a57813b1561023857508115801561022d575b61021a5761008a826102ba565b604051906100e56002603a846020808201957f76657269667950726f6f662862797465732c75696e743235365b00000000000087528051918291018484015e8101615d2960f01b838201520301601d19810185520183610268565b905190206001600160e01b03191660e0525b60a05260c052466101005260405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f69e2361cca7d3ca03a4d2fd007fe251b79d264680a421a5f05a8ee3733bf1e9c60408201527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a082015260a0815261019460c082610268565b5190206101205260405161361590816103c682396080518181816117060152612f51015260a051818181610b1f015281816117be0152611926015260c051818181610be801526117e5015260e051816118b60152610100518181816102de0152818161287b0152612a39015261012051818181610306015281816128a10152612a620152f35b5063441fb2b360e01b5f5260045260245ffd5b50610100821161007d565b63b3136e4760e01b5f5260045260245ffd5b5081156100f7575063441fb2b360e01b5f5260045260245ffd5b5f80fd5b601f909101601f19168101906001600160401b0382119082101761028b57604052565b634e487b7160e01b5f52604160045260245ffd5b6001600160401b03811161028b57601f01601f191660200190565b80156103a5575f9080805b61038c57506102d38261029f565b906102e16040519283610268565b828252601f196102f08461029f565b0136602084013781925b8091801561038557600a81066030019182603011610371578015610371575f190192845184101561035d57600a9260f81b7fff00000000000000000000000000000000000000000000000000000000000000165f1a908501601f015304906102fa565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b5050505090565b90915f198114610371576001019190600a9004806102c5565b506040516103b4604082610268565b60018152600360fc1b60208201529056fe60806040526004361015610011575f80fd5b5f3560e01c806305261aea146125a45780630d7cf4d6146125545780630fbd7c6b1461217057806310df54a014611f3757806313af403514611e9b57806314afd79e14611e5a5780631ee4ebf41461172a5780632b7ac3f3146116e7578063367d2e481461167f5780633b460fda14610d565780633fc5ba7414610d3a57806350017f3e14610c0b57806356c2a36f14610bd15780636adc799c14610b9d5780636b1a3b7114610b6157806380c1e70614610b435780638e1012d514610b00578063a1ca648c14610a3f578063a312dc3c146108d1578063a372e745146106ae578063a632a06c14610653578063acf8bf2a14610636578063b2a52a4914610603578063c62abf1f146105d9578063d7937fce1461045f578063d918401614610389578063ddad333c14610359578063f637ad091461033d578063f698da25146102cb5763f7c4702a14610163575f80fd5b346102c75760206003193601126102c75760043560ff5f5c1661029f57600160ff195f5c16175f5d61019481612b8c565b60ff815460a01c16600481101561027257600181141580610267575b61023257506001600160a01b03600582015416803314159081610212575b506101e6576101dc91612bdd565b60ff195f5c165f5d005b7f8e4a23d6000000000000000000000000000000000000000000000000000000005f523360045260245ffd5b90505f5260016020526001600160a01b0360405f2054163314155f6101ce565b61026290837f800b0615000000000000000000000000000000000000000000000000000000005f526004526126de565b60445ffd5b5060028114156101b0565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b7fab143c06000000000000000000000000000000000000000000000000000000005f5260045ffd5b5f80fd5b346102c7575f6003193601126102c757467f00000000000000000000000000000000000000000000000000000000000000000361032e5760207f00000000000000000000000000000000000000000000000000000000000000005b604051908152f35b60206103386130c5565b610326565b346102c7575f6003193601126102c75760206040516101008152f35b346102c75760206003193601126102c75760ff5f5c1661029f57600160ff195f5c16175f5d6101dc600435612ae3565b60a06003193601126102c75761039d6126ec565b6103a5612702565b90606435906bffffffffffffffffffffffff821682036102c7576084359267ffffffffffffffff841684036102c75760ff5f5c1661029f57600160ff195f5c16175f5d6001600160a01b038216805f5260016020526001600160a01b0360405f205416330361043057602061042086866044358633896131ec565b60ff195f5c165f5d604051908152f35b7f4fe68d08000000000000000000000000000000000000000000000000000000005f526004523360245260445ffd5b346102c75760206003193601126102c75760043560ff5f5c1661029f57600160ff195f5c16175f5d61049081612b8c565b90815460ff8160a01c166004811015610272576001810361023257506001600160a01b0316331415806105c2575b6101e65767ffffffffffffffff600483015460a01c1667ffffffffffffffff4216019167ffffffffffffffff83116105955780547fffffff000000000000000000ffffffffffffffffffffffffffffffffffffffff1660a884901b7cffffffffffffffff00000000000000000000000000000000000000000016177402000000000000000000000000000000000000000017905560405167ffffffffffffffff909216825233917f9991d9ae61580dd0ec900d2a4dcfa7681ce44ff03bd5ec59833347248312fc0290602090a360ff195f5c165f5d005b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b506001600160a01b036004830154163314156104be565b346102c75760206003193601126102c7576004355f526002602052602060405f2054604051908152f35b346102c75760806003193601126102c7576020610326610621612682565b610629612699565b9060443590600435612a25565b346102c7575f6003193601126102c7576020600354604051908152f35b60806003193601126102c7576106676126ec565b604435906bffffffffffffffffffffffff821682036102c757610688612699565b60ff5f5c1661029f5760209261042092600160ff195f5c16175f5d6024359033336131ec565b346102c75760806003193601126102c757600435602435906044356fffffffffffffffffffffffffffffffff8116908181036102c75760643567ffffffffffffffff81116102c7576107049036906004016126b0565b60ff5f5c1661029f57600160ff195f5c16175f5d841580156108a7575b61087b577f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f000000186101561084f5760405160208101908682528760408201526040815261076d60608261277e565b51902091825f52600560205267ffffffffffffffff60405f2054169367ffffffffffffffff8116948086111561081f57927f585b9b339483057c19e6dd7e737693b3d0adf4993ca0c6def12af378eb30a5b29694926107d29287602098968c8c612fec565b5f526005835267ffffffffffffffff60405f2091167fffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000825416179055604051908152a360ff195f5c165f5d005b85907f1e6522ff000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b857fdcc0410c000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b847f94f85395000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b507f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001851015610721565b346102c7576108df3661266c565b60ff5f5c1661029f57600160ff195f5c16175f5d6108fc82612b8c565b805460ff8160a01c1660048110156102725760018103610a0f57506001600160a01b031633141590816109f7575b506101e657801580156109eb575b6109c057815f52600260205260405f205480610991575060207f0932dd5afbbd274baade6a6b26da278b893d4b3a3f687cb5a5f99d275d27038991835f52600282528060405f2055604051908152a260ff195f5c165f5d005b827f9258cc46000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b7f85884458000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b5080607d1c1515610938565b6001600160a01b03915060040154163314158361092a565b61026290857f800b0615000000000000000000000000000000000000000000000000000000005f526004526126de565b346102c75760206003193601126102c75760043560ff5f5c1661029f57600160ff195f5c16175f5d610a7081612b8c565b60ff815460a01c16600481101561027257600381146102325750806001610aa46001600160a01b03600581950154166131bc565b91018282167fffffffffffffffffffffffff000000000000000000000000000000000000000082541617905516907f22178795f41268ec023f6a5c2fcb5d7098c4aadccddf002ae2cd25d569c20c0d5f80a360ff195f5c165f5d005b346102c7575f6003193601126102c75760206040516001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000168152f35b346102c7575f6003193601126102c75760206040516301e133808152f35b346102c75760406003193601126102c757610b7a6126ec565b610b82612702565b90600354600181018091116105955760209261032692613157565b346102c75760206003193601126102c7576004355f526006602052602067ffffffffffffffff60405f205416604051908152f35b346102c7575f6003193601126102c75760206040517f00000000000000000000000000000000000000000000000000000000000000008152f35b60206003193601126102c75760043560ff5f5c1661029f57600160ff195f5c16175f5d610c3781612b8c565b60ff815460a01c166004811015610272576001810361023257506001600160a01b0360048201541633036101e65760028101610c896005610c7d835460a01c3490612813565b93015460a01c83612813565b916bffffffffffffffffffffffff8311610d0e5781546001600160a01b031660a09190911b7fffffffffffffffffffffffff0000000000000000000000000000000000000000161790557f43aaaa1283a8e83fc06a9914af587a9e6c3daebd722d1d79903d997925b6522e906040908151903482526020820152a260ff195f5c165f5d005b827fff740679000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b346102c7576101406003193601126102c7576020610326612878565b346102c75760031936016101c081126102c757610140136102c7576101443567ffffffffffffffff81116102c757610d929036906004016126b0565b61018435916fffffffffffffffffffffffffffffffff831683036102c7576101a43567ffffffffffffffff81116102c757610dd19036906004016126b0565b909360ff5f5c1661029f57600160ff195f5c16175f5d6004355f525f60205260405f209081549560ff8760a01c16600481101561027257600181036115cf575b5063ffffffff610e1f612820565b16156115a75767ffffffffffffffff610e36612833565b1642106115665760c4359267ffffffffffffffff8416938481036102c757508315158061155d575b61152d576004355f52600460205260405f2063ffffffff610e7d612820565b165f5260205260405f2080549767ffffffffffffffff89168067ffffffffffffffff610ea761284a565b1611156114ed57506bffffffffffffffffffffffff8960401c16606435106114aa5767ffffffffffffffff610eda612861565b1699610eef600185019b8c5460a01c906127a1565b8060643511611479575060028401918254998a60a01c9a8b8d60401c6bffffffffffffffffffffffff1690610f2391612813565b9060401c6bffffffffffffffffffffffff16610f3e916127b4565b806064351161144857506101043515801561141b575b6113ec577f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f00000016101243510156113bd57610f9e926001600160a01b03610f97612878565b9116612ce4565b60e435965f9688611311575b50604051602081019061010435825261012435604082015260408152610fd160608261277e565b51902094855f52600560205260405f205467ffffffffffffffff1693610ff5612861565b9a8b9567ffffffffffffffff871681106110c89e6111589b60059b6111049a6bffffffffffffffffffffffff996110cd99611043978c9761126f575b50505050505060401c166064356127b4565b9c8d9267ffffffffffffffff61105761284a565b167fffffffffffffffffffffffffffffffffffffffffffffffff000000000000000082541617815585606435167fffffffffffffffffffffffff000000000000000000000000ffffffffffffffff73ffffffffffffffffffffffff000000000000000083549260401b169116179055565b6127b4565b82546001600160a01b0316911660a01b7fffffffffffffffffffffffff000000000000000000000000000000000000000016179055565b016111216bffffffffffffffffffffffff8716825460a01c6127c1565b6001600160a01b037fffffffffffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055565b6111fc575b50611166612820565b9061116f61284a565b7f6a1e941ac75424898c15f6ef6c6d5023417b185afb5a8da3d636fff6160cf78f604051806111d063ffffffff6101043597169560043595606435908491604091949367ffffffffffffffff91826060860197168552602085015216910152565b0390a4806111e25760ff195f5c165f5d005b6001600160a01b036111f5925416612f9a565b80806101dc565b805f52600660205260405f2067ffffffffffffffff804216167fffffffffffffffffffffffffffffffffffffffffffffffff00000000000000008254161790557f95637542c2f0ac62ff9bdf253cf4b8593247ddbd70b6e74103e41964b545e3a06020604051610164358152a28361115d565b6112829386916101243561010435612fec565b5f528b60205260405f2067ffffffffffffffff808316167fffffffffffffffffffffffffffffffffffffffffffffffff00000000000000008254161790556fffffffffffffffffffffffffffffffff6040519116815261012435907f585b9b339483057c19e6dd7e737693b3d0adf4993ca0c6def12af378eb30a5b260206101043592a35f8f80828080611031565b90965015611391578660405160208101906101643582526020815261133760408261277e565b5190200361135e57865f52600660205267ffffffffffffffff60405f20541615958b610faa565b867f3851b52e000000000000000000000000000000000000000000000000000000005f526004526101643560245260445ffd5b867f3f68f3e0000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fdcc0410c000000000000000000000000000000000000000000000000000000005f526101243560045260245ffd5b7f94f85395000000000000000000000000000000000000000000000000000000005f526101043560045260245ffd5b507f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001610104351015610f54565b7f99843c63000000000000000000000000000000000000000000000000000000005f5260643560045260245260445ffd5b7f085f597b000000000000000000000000000000000000000000000000000000005f5260643560045260245260445ffd5b6bffffffffffffffffffffffff897fc8d13b79000000000000000000000000000000000000000000000000000000005f5260643560045260401c1660245260445ffd5b67ffffffffffffffff6114fe61284a565b7faef79e28000000000000000000000000000000000000000000000000000000005f521660045260245260445ffd5b837f91cc37bc000000000000000000000000000000000000000000000000000000005f526004524260245260445ffd5b50834211610e5e565b67ffffffffffffffff611577612833565b7f3309565f000000000000000000000000000000000000000000000000000000005f52166004524260245260445ffd5b7fa221f05c000000000000000000000000000000000000000000000000000000005f5260045ffd5b8015611651576002810361161f575067ffffffffffffffff8760a81c16804210610e11575b7fd97b1351000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b610262907f800b0615000000000000000000000000000000000000000000000000000000005f526004356004526126de565b7f5bd937db000000000000000000000000000000000000000000000000000000005f5260043560045260245ffd5b346102c75760406003193601126102c75760243563ffffffff811681036102c7576004355f52600460205263ffffffff60405f2091165f526020526040805f20546bffffffffffffffffffffffff82519167ffffffffffffffff81168352831c166020820152f35b346102c7575f6003193601126102c75760206040516001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000168152f35b346102c75760406003193601126102c75760043567ffffffffffffffff81116102c757366023820112156102c75767ffffffffffffffff8160040135116102c757366024826004013560061b830101116102c75760243567ffffffffffffffff81116102c75761179e9036906004016126b0565b909160ff5f5c1661029f57600160ff195f5c16175f5d6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001615611e32577f00000000000000000000000000000000000000000000000000000000000000008160040135158015611e25575b611df257601f1961183a611824836127eb565b92611832604051948561277e565b8084526127eb565b013660208301375f935f935f5b846004013581106119fd575082519260018401809411610595577f07ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff84168403610595576040519260208401947fffffffff000000000000000000000000000000000000000000000000000000007f000000000000000000000000000000000000000000000000000000000000000016865260051b60248501526044840160208351919301905f5b8181106119e757505050602084848481611922955f9a988b9a9852858301370186838201520301601f19810183528261277e565b51907f00000000000000000000000000000000000000000000000000000000000000005afa61194f612e5a565b90156119ad5750604051906004013581528160208201527fe68a12c514b6d49822a9232130de32822ecc0c72af1a1db288a40f68b8f5939c60406001600160a01b03851692a2806119a45760ff195f5c165f5d005b6111f591612f9a565b6119e3906040519182917f824610e100000000000000000000000000000000000000000000000000000000835260048301612e99565b0390fd5b82518552602094850194909201916001016118ee565b9495611a1186866004013560248801612803565b35906020611a2788886004013560248a01612803565b0135976fffffffffffffffffffffffffffffffff891689036102c757825f525f60205260405f20805460ff8160a01c1660048110156102725760018103611d6b575b505060028101549267ffffffffffffffff84168067ffffffffffffffff8d60401c161115611d2f57506001820154611aaf8c67ffffffffffffffff8360a01c91166127a1565b918560a01c808411611d0057506bffffffffffffffffffffffff8660401c168310611cbf578b611c5f57506001600160a01b03169a5b855f52600260205260405f2054948515611c335789518c1015611c065760809590951b6fffffffffffffffffffffffffffffffff82161760058c901b8a0160200152600290920180547fffffffffffffffffffffffff000000000000000000000000000000000000000016604084811c67ffffffffffffffff16919091179083901b73ffffffffffffffffffffffff000000000000000016179055600194611bff94611bf9936bffffffffffffffffffffffff92907ff9ded050ed47512c063bbaff91610aa7a79b593ddcc0712c7fd53569be16ce2490611bec906040805167ffffffffffffffff83831c81168252602082018a9052909216908201529081906060820190565b0390a260401c16906127b4565b90612813565b9501611847565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b867f992b1db0000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b9b906001600160a01b038d1690816001600160a01b03821603611c83575050611ae5565b6001600160a01b0390887f33d93d68000000000000000000000000000000000000000000000000000000005f526004521660245260445260645ffd5b6bffffffffffffffffffffffff86847fc8d13b79000000000000000000000000000000000000000000000000000000005f5260045260401c1660245260445ffd5b837f99843c63000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b67ffffffffffffffff8c7faef79e28000000000000000000000000000000000000000000000000000000005f5260401c1660045260245260445ffd5b8015611dc65760028103611d96575067ffffffffffffffff9060a81c16804210156115f45780611a69565b61026290867f800b0615000000000000000000000000000000000000000000000000000000005f526004526126de565b857f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b907f77059593000000000000000000000000000000000000000000000000000000005f526004013560045260245260445ffd5b5080826004013511611811565b7ffbd2f061000000000000000000000000000000000000000000000000000000005f5260045ffd5b346102c75760206003193601126102c7576001600160a01b03611e7b6126ec565b165f52600160205260206001600160a01b0360405f205416604051908152f35b346102c75760206003193601126102c757611eb46126ec565b60ff5f5c1661029f576001600160a01b0390600160ff195f5c16175f5d335f52600160205260405f208282167fffffffffffffffffffffffff000000000000000000000000000000000000000082541617905516337f342827c97908e5e2f71151c08502a66d44b6f758e3ac2f1de95f02eb95f0a7355f80a360ff195f5c165f5d005b346102c75760206003193601126102c7575f610180604051611f5881612761565b8281528260208201528260408201528260608201528260808201528260a08201528260c08201528260e08201528261010082015282610120820152826101408201528261016082015201526004355f525f60205260405f20604051611fbc81612761565b81546001600160a01b038116825260ff8160a01c16602083019160048210156102725761018091835267ffffffffffffffff604085019160a81c16815260018501549460608501916001600160a01b0387168352608086019660a01c875260028201549460a087019367ffffffffffffffff8716855260c08801966bffffffffffffffffffffffff8160401c16885260a01c9360e089018581526003820154906101008b019182526004830154946bffffffffffffffffffffffff6120c88d60056101208201976001600160a01b038b16895267ffffffffffffffff61014084019b60a01c168b5201549a61016082019b6001600160a01b0381168d5260a01c9d8e92019d8e526127c1565b1682526001600160a01b036040519c51168c5251906004821015610272576bffffffffffffffffffffffff809b8d6101a09f67ffffffffffffffff6001600160a01b039d858f9b938c849f958560a097859d60208b01525116604089015251166060870152511660808501525116910152511660c08d0152511660e08b0152516101008a01525116610120880152511661014086015251166101608401525116610180820152f35b346102c75760c06003193601126102c75760043561218c612682565b604435612197612699565b9160843567ffffffffffffffff81116102c7576121b89036906004016126b0565b949060a43567ffffffffffffffff81116102c7576121da9036906004016126b0565b93909560ff5f5c1661029f57600160ff195f5c16175f5d835f525f60205260405f209081549860ff8a60a01c16600481101561027257600181036124a9575b506002830180549a67ffffffffffffffff8c169067ffffffffffffffff8716918083111561247a57508c60a01c808c1161244b575067ffffffffffffffff851693600187019a8c61226e8d5460a01c886127a1565b80911161241c57506bffffffffffffffffffffffff8d9e9f60409e9b9c9d9e1c169e8f8b106123ec5760036123b299612387988f957ff9ded050ed47512c063bbaff91610aa7a79b593ddcc0712c7fd53569be16ce249f908f918f996001600160a01b038f610f97906122e59661231c9e8e612a25565b604051956122f287612718565b86526fffffffffffffffff00000000000000008d60401b1617602086015201546040840152612ec3565b81547fffffffffffffffffffffffff000000000000000000000000ffffffffffffffff9091167fffffffffffffffffffffffff000000000000000000000000000000000000000090911617604087901b73ffffffffffffffffffffffff000000000000000016179055565b6040519384938491604091949367ffffffffffffffff91826060860197168552602085015216910152565b0390a28282116123c65760ff195f5c165f5d005b6123e4926001600160a01b036123de925416926127b4565b90612f9a565b8080806101dc565b8f8b7fc8d13b79000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b8d7f085f597b000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b8b7f99843c63000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b827faef79e28000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b801561252857600281036124f8575067ffffffffffffffff8a60a81c16804210612219577fd97b1351000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b61026290877f800b0615000000000000000000000000000000000000000000000000000000005f526004526126de565b867f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b346102c7576125623661266c565b604051906020820192835260408201526040815261258160608261277e565b5190205f526005602052602067ffffffffffffffff60405f205416604051908152f35b346102c75760206003193601126102c75760043560ff5f5c1661029f57600160ff195f5c16175f5d6125d581612b8c565b805460ff8160a01c166004811015610272576002810361263c575067ffffffffffffffff9060a81c1691824210612610576101dc9250612bdd565b827fdc77fd2a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b61026290847f800b0615000000000000000000000000000000000000000000000000000000005f526004526126de565b60031960409101126102c7576004359060243590565b6024359067ffffffffffffffff821682036102c757565b6064359067ffffffffffffffff821682036102c757565b9181601f840112156102c75782359167ffffffffffffffff83116102c757602083818601950101116102c757565b600481101561027257602452565b600435906001600160a01b03821682036102c757565b602435906001600160a01b03821682036102c757565b6060810190811067ffffffffffffffff82111761273457604052565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b6101a0810190811067ffffffffffffffff82111761273457604052565b90601f601f19910116810190811067ffffffffffffffff82111761273457604052565b8181029291811591840414171561059557565b9190820391821161059557565b906bffffffffffffffffffffffff809116911601906bffffffffffffffffffffffff821161059557565b67ffffffffffffffff81116127345760051b60200190565b9190811015611c065760061b0190565b9190820180921161059557565b60243563ffffffff811681036102c75790565b60a43567ffffffffffffffff811681036102c75790565b60443567ffffffffffffffff811681036102c75790565b60843567ffffffffffffffff811681036102c75790565b467f000000000000000000000000000000000000000000000000000000000000000003612a18577f00000000000000000000000000000000000000000000000000000000000000005b60243563ffffffff8116908181036102c7575060443567ffffffffffffffff8116908181036102c757506084359167ffffffffffffffff8316928381036102c7575060a4359167ffffffffffffffff8316928381036102c7575060c4359267ffffffffffffffff8416908185036102c757612a0495612a1295506040519360208501957f5b9c5addb0f10b555b02e9cf998a664886d3b0c8a67090da2cc1f15fd578bf68875260043560408701526060860152608085015260643560a085015260c084015260e083015261010082015260e435610120820152610104356101408201526101243561016082015261016081526129bf6101808261277e565b51902060405192839160208301958690916042927f19010000000000000000000000000000000000000000000000000000000000008352600283015260228201520190565b03601f19810183528261277e565b51902090565b612a206130c5565b6128c1565b612a129167ffffffffffffffff612a0494957f000000000000000000000000000000000000000000000000000000000000000046145f14612ad5577f0000000000000000000000000000000000000000000000000000000000000000965b826040519460208601967f390e0a28fbdcccfabbfd0eb08eae4d492bf96d5b4edc9d1ad3e0cb1f324fd3ed8852604087015216606085015260808401521660a082015260a081526129bf60c08261277e565b612add6130c5565b96612a83565b604051602081019082825260208152612afd60408261277e565b51902090815f52600660205267ffffffffffffffff60405f205416612b885760207f95637542c2f0ac62ff9bdf253cf4b8593247ddbd70b6e74103e41964b545e3a091835f526006825260405f2067ffffffffffffffff804216167fffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000825416179055604051908152a2565b5050565b90815f525f60205260405f209160ff835460a01c1660048110156102725715612bb25750565b7f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b6002820190612c9d612c0b612c8184546bffffffffffffffffffffffff8160401c169283809260a01c6127b4565b95740300000000000000000000000000000000000000007fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff895416178855906001600160a01b037fffffffffffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055565b60056001600160a01b0360048701541695015460a01c90612813565b906040519182528260208301527f3d07579ed4c9075f56ecdaf7e9d57323e94009a35fa238eca89bb2a26f8c829760403393a380612cd9575050565b612ce291612f9a565b565b9291909160418103612e2f575060208101359060408101355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a08311612e0757601b81141580612dfc575b612dd157925f9260809260209560405193845286840152356040830152606082015282805260015afa15612dc6576001600160a01b035f511680158015612db3575b612d7a575050565b6001600160a01b0392507f366d29f7000000000000000000000000000000000000000000000000000000005f526004521660245260445ffd5b506001600160a01b038216811415612d72565b6040513d5f823e3d90fd5b7f1f003d0a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b50601c811415612d30565b7ff0ad0d09000000000000000000000000000000000000000000000000000000005f5260045ffd5b7f7d1250fe000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b3d15612e94573d9067ffffffffffffffff82116127345760405191612e896020601f19601f840116018461277e565b82523d5f602084013e565b606090565b601f19601f602060409481855280519182918282880152018686015e5f8582860101520116010190565b90929192604051908060208301937ff219ed6f000000000000000000000000000000000000000000000000000000008552608060248501528160a485015260c48401375f60c48284010152604482015f905b60038210612f845750505f93945090612f4560c482601f19601f889796011681010301601f19810183528261277e565b51906001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000165afa612f7b612e5a565b90156119ad5750565b6020806001928951815201970191019095612f15565b5f80808085855af1612faa612e5a565b5015612fb4575050565b6001600160a01b03907f1c43b976000000000000000000000000000000000000000000000000000000005f521660045260245260445ffd5b94929091969593968415613076575067ffffffffffffffff8088169116908181106130485750506fffffffffffffffffffffffffffffffff612ce295966040519561303687612718565b86521660208501526040840152612ec3565b7f8e77314d000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b859167ffffffffffffffff8092608495604051957f02b9f57d00000000000000000000000000000000000000000000000000000000875260048701526024860152166044840152166064820152fd5b60405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f69e2361cca7d3ca03a4d2fd007fe251b79d264680a421a5f05a8ee3733bf1e9c60408201527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a082015260a08152612a1260c08261277e565b907f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001926001600160a01b036040519281602085019546875230604087015216606085015216608083015260a082015260a081526131b560c08261277e565b5190200690565b6001600160a01b0381165f5260016020526001600160a01b0360405f20541680155f146131e7575090565b905090565b9594929190936001600160a01b03871693841580156135ce575b6135a6577f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f000000184101561357a576bffffffffffffffffffffffff82169283156135525767ffffffffffffffff82169889158015613545575b613519576bffffffffffffffffffffffff34116134ed57600354907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8214610595578260016132b193019182600355613157565b98895f525f60205260405f209460ff865460a01c16966004881015610272578b976134c1576001600160a01b038960057f6bb992cbdccb225a315345c27c84befe3241446c6963157bfb2da52c69e267cb998d84996133b860c09c6133158c6131bc565b85547fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff9098167fffffffffffffffffffffff00000000000000000000000000000000000000000090981697909717740100000000000000000000000000000000000000001785556001600160a01b038888161660a09190911b7fffffffffffffffffffffffff000000000000000000000000000000000000000016176001850155565b6002830180546001600160a01b03163460a01b7fffffffffffffffffffffffff000000000000000000000000000000000000000016179055866003840155856004840192167fffffffffffffffffffffffff00000000000000000000000000000000000000008354161782557fffffffff0000000000000000ffffffffffffffffffffffffffffffffffffffff7bffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055018287167fffffffffffffffffffffffff0000000000000000000000000000000000000000825416179055816040519c168c521660208b015260408a0152606089015260808801523460a08801521694a4565b877fab94c549000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fff740679000000000000000000000000000000000000000000000000000000005f523460045260245ffd5b897f02164ec9000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b506301e133808a1161325d565b7f4dfba023000000000000000000000000000000000000000000000000000000005f5260045ffd5b837fdcc0410c000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fd92e233d000000000000000000000000000000000000000000000000000000005f5260045ffd5b506001600160a01b0383161561320656fea2646970667358221220a9bc7bd1005b206d2e2c85083c5f9e56362268ed3da1bcfae2048bc7aef9058764736f6c63430008250033",
}

// ChannelManager is an auto generated Go binding around an Ethereum contract.
type ChannelManager struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ChannelManager) GetABI() abi.ABI {
	return c.abi
}

// NewChannelManager creates a new instance of ChannelManager.
func NewChannelManager() *ChannelManager {
	parsed, err := ChannelManagerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ChannelManager{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ChannelManager) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address verifier_, address batchVerifier_, uint256 batchSlots_) returns()
func (channelManager *ChannelManager) PackConstructor(verifier_ common.Address, batchVerifier_ common.Address, batchSlots_ *big.Int) []byte {
	enc, err := channelManager.abi.Pack("", verifier_, batchVerifier_, batchSlots_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXBATCHSLOTS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf637ad09.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_BATCH_SLOTS() view returns(uint256)
func (channelManager *ChannelManager) PackMAXBATCHSLOTS() []byte {
	enc, err := channelManager.abi.Pack("MAX_BATCH_SLOTS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXBATCHSLOTS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf637ad09.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_BATCH_SLOTS() view returns(uint256)
func (channelManager *ChannelManager) TryPackMAXBATCHSLOTS() ([]byte, error) {
	return channelManager.abi.Pack("MAX_BATCH_SLOTS")
}

// UnpackMAXBATCHSLOTS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf637ad09.
//
// Solidity: function MAX_BATCH_SLOTS() view returns(uint256)
func (channelManager *ChannelManager) UnpackMAXBATCHSLOTS(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("MAX_BATCH_SLOTS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXCHALLENGEPERIOD is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x80c1e706.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CHALLENGE_PERIOD() view returns(uint64)
func (channelManager *ChannelManager) PackMAXCHALLENGEPERIOD() []byte {
	enc, err := channelManager.abi.Pack("MAX_CHALLENGE_PERIOD")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCHALLENGEPERIOD is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x80c1e706.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CHALLENGE_PERIOD() view returns(uint64)
func (channelManager *ChannelManager) TryPackMAXCHALLENGEPERIOD() ([]byte, error) {
	return channelManager.abi.Pack("MAX_CHALLENGE_PERIOD")
}

// UnpackMAXCHALLENGEPERIOD is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x80c1e706.
//
// Solidity: function MAX_CHALLENGE_PERIOD() view returns(uint64)
func (channelManager *ChannelManager) UnpackMAXCHALLENGEPERIOD(data []byte) (uint64, error) {
	out, err := channelManager.abi.Unpack("MAX_CHALLENGE_PERIOD", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackBatchSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56c2a36f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchSlots() view returns(uint256)
func (channelManager *ChannelManager) PackBatchSlots() []byte {
	enc, err := channelManager.abi.Pack("batchSlots")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56c2a36f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchSlots() view returns(uint256)
func (channelManager *ChannelManager) TryPackBatchSlots() ([]byte, error) {
	return channelManager.abi.Pack("batchSlots")
}

// UnpackBatchSlots is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x56c2a36f.
//
// Solidity: function batchSlots() view returns(uint256)
func (channelManager *ChannelManager) UnpackBatchSlots(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("batchSlots", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBatchTagOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc62abf1f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchTagOf(uint256 channelId) view returns(uint256 tag)
func (channelManager *ChannelManager) PackBatchTagOf(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("batchTagOf", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchTagOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc62abf1f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchTagOf(uint256 channelId) view returns(uint256 tag)
func (channelManager *ChannelManager) TryPackBatchTagOf(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("batchTagOf", channelId)
}

// UnpackBatchTagOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc62abf1f.
//
// Solidity: function batchTagOf(uint256 channelId) view returns(uint256 tag)
func (channelManager *ChannelManager) UnpackBatchTagOf(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("batchTagOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBatchVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8e1012d5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchVerifier() view returns(address)
func (channelManager *ChannelManager) PackBatchVerifier() []byte {
	enc, err := channelManager.abi.Pack("batchVerifier")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8e1012d5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchVerifier() view returns(address)
func (channelManager *ChannelManager) TryPackBatchVerifier() ([]byte, error) {
	return channelManager.abi.Pack("batchVerifier")
}

// UnpackBatchVerifier is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8e1012d5.
//
// Solidity: function batchVerifier() view returns(address)
func (channelManager *ChannelManager) UnpackBatchVerifier(data []byte) (common.Address, error) {
	out, err := channelManager.abi.Unpack("batchVerifier", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackChannelCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xacf8bf2a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function channelCount() view returns(uint256)
func (channelManager *ChannelManager) PackChannelCount() []byte {
	enc, err := channelManager.abi.Pack("channelCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChannelCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xacf8bf2a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function channelCount() view returns(uint256)
func (channelManager *ChannelManager) TryPackChannelCount() ([]byte, error) {
	return channelManager.abi.Pack("channelCount")
}

// UnpackChannelCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xacf8bf2a.
//
// Solidity: function channelCount() view returns(uint256)
func (channelManager *ChannelManager) UnpackChannelCount(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("channelCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCooperativeClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7c4702a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cooperativeClose(uint256 channelId) returns()
func (channelManager *ChannelManager) PackCooperativeClose(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("cooperativeClose", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCooperativeClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7c4702a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cooperativeClose(uint256 channelId) returns()
func (channelManager *ChannelManager) TryPackCooperativeClose(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("cooperativeClose", channelId)
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (channelManager *ChannelManager) PackDomainSeparator() []byte {
	enc, err := channelManager.abi.Pack("domainSeparator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (channelManager *ChannelManager) TryPackDomainSeparator() ([]byte, error) {
	return channelManager.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (channelManager *ChannelManager) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackFinalize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x05261aea.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function finalize(uint256 channelId) returns()
func (channelManager *ChannelManager) PackFinalize(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("finalize", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFinalize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x05261aea.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function finalize(uint256 channelId) returns()
func (channelManager *ChannelManager) TryPackFinalize(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("finalize", channelId)
}

// PackGetChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10df54a0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getChannel(uint256 channelId) view returns((address,uint8,uint64,address,uint96,uint64,uint96,uint96,uint256,address,uint64,address,uint96) ch)
func (channelManager *ChannelManager) PackGetChannel(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("getChannel", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10df54a0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getChannel(uint256 channelId) view returns((address,uint8,uint64,address,uint96,uint64,uint96,uint96,uint256,address,uint64,address,uint96) ch)
func (channelManager *ChannelManager) TryPackGetChannel(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("getChannel", channelId)
}

// UnpackGetChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x10df54a0.
//
// Solidity: function getChannel(uint256 channelId) view returns((address,uint8,uint64,address,uint96,uint64,uint96,uint96,uint256,address,uint64,address,uint96) ch)
func (channelManager *ChannelManager) UnpackGetChannel(data []byte) (ChannelManagerChannel, error) {
	out, err := channelManager.abi.Unpack("getChannel", data)
	if err != nil {
		return *new(ChannelManagerChannel), err
	}
	out0 := *abi.ConvertType(out[0], new(ChannelManagerChannel)).(*ChannelManagerChannel)
	return out0, nil
}

// PackLaneOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x367d2e48.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function laneOf(uint256 channelId, uint32 lane) view returns(uint64 nonce, uint96 withdrawn)
func (channelManager *ChannelManager) PackLaneOf(channelId *big.Int, lane uint32) []byte {
	enc, err := channelManager.abi.Pack("laneOf", channelId, lane)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLaneOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x367d2e48.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function laneOf(uint256 channelId, uint32 lane) view returns(uint64 nonce, uint96 withdrawn)
func (channelManager *ChannelManager) TryPackLaneOf(channelId *big.Int, lane uint32) ([]byte, error) {
	return channelManager.abi.Pack("laneOf", channelId, lane)
}

// LaneOfOutput serves as a container for the return parameters of contract
// method LaneOf.
type LaneOfOutput struct {
	Nonce     uint64
	Withdrawn *big.Int
}

// UnpackLaneOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x367d2e48.
//
// Solidity: function laneOf(uint256 channelId, uint32 lane) view returns(uint64 nonce, uint96 withdrawn)
func (channelManager *ChannelManager) UnpackLaneOf(data []byte) (LaneOfOutput, error) {
	out, err := channelManager.abi.Unpack("laneOf", data)
	outstruct := new(LaneOfOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Nonce = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.Withdrawn = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackLaneVoucherDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fc5ba74.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function laneVoucherDigest((uint256,uint32,uint64,uint256,uint64,uint64,uint64,bytes32,uint256,uint256) v) view returns(bytes32)
func (channelManager *ChannelManager) PackLaneVoucherDigest(v ChannelManagerLaneVoucher) []byte {
	enc, err := channelManager.abi.Pack("laneVoucherDigest", v)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLaneVoucherDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fc5ba74.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function laneVoucherDigest((uint256,uint32,uint64,uint256,uint64,uint64,uint64,bytes32,uint256,uint256) v) view returns(bytes32)
func (channelManager *ChannelManager) TryPackLaneVoucherDigest(v ChannelManagerLaneVoucher) ([]byte, error) {
	return channelManager.abi.Pack("laneVoucherDigest", v)
}

// UnpackLaneVoucherDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3fc5ba74.
//
// Solidity: function laneVoucherDigest((uint256,uint32,uint64,uint256,uint64,uint64,uint64,bytes32,uint256,uint256) v) view returns(bytes32)
func (channelManager *ChannelManager) UnpackLaneVoucherDigest(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("laneVoucherDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackNextChannelId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6b1a3b71.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextChannelId(address client, address miner) view returns(uint256)
func (channelManager *ChannelManager) PackNextChannelId(client common.Address, miner common.Address) []byte {
	enc, err := channelManager.abi.Pack("nextChannelId", client, miner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextChannelId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6b1a3b71.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextChannelId(address client, address miner) view returns(uint256)
func (channelManager *ChannelManager) TryPackNextChannelId(client common.Address, miner common.Address) ([]byte, error) {
	return channelManager.abi.Pack("nextChannelId", client, miner)
}

// UnpackNextChannelId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6b1a3b71.
//
// Solidity: function nextChannelId(address client, address miner) view returns(uint256)
func (channelManager *ChannelManager) UnpackNextChannelId(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("nextChannelId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOpen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa632a06c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function open(address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod) payable returns(uint256 channelId)
func (channelManager *ChannelManager) PackOpen(miner common.Address, clientProofKeyHash *big.Int, pricePerByte *big.Int, challengePeriod uint64) []byte {
	enc, err := channelManager.abi.Pack("open", miner, clientProofKeyHash, pricePerByte, challengePeriod)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOpen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa632a06c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function open(address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod) payable returns(uint256 channelId)
func (channelManager *ChannelManager) TryPackOpen(miner common.Address, clientProofKeyHash *big.Int, pricePerByte *big.Int, challengePeriod uint64) ([]byte, error) {
	return channelManager.abi.Pack("open", miner, clientProofKeyHash, pricePerByte, challengePeriod)
}

// UnpackOpen is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa632a06c.
//
// Solidity: function open(address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod) payable returns(uint256 channelId)
func (channelManager *ChannelManager) UnpackOpen(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("open", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOpenFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9184016.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function openFor(address client, address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod) payable returns(uint256 channelId)
func (channelManager *ChannelManager) PackOpenFor(client common.Address, miner common.Address, clientProofKeyHash *big.Int, pricePerByte *big.Int, challengePeriod uint64) []byte {
	enc, err := channelManager.abi.Pack("openFor", client, miner, clientProofKeyHash, pricePerByte, challengePeriod)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOpenFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9184016.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function openFor(address client, address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod) payable returns(uint256 channelId)
func (channelManager *ChannelManager) TryPackOpenFor(client common.Address, miner common.Address, clientProofKeyHash *big.Int, pricePerByte *big.Int, challengePeriod uint64) ([]byte, error) {
	return channelManager.abi.Pack("openFor", client, miner, clientProofKeyHash, pricePerByte, challengePeriod)
}

// UnpackOpenFor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd9184016.
//
// Solidity: function openFor(address client, address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod) payable returns(uint256 channelId)
func (channelManager *ChannelManager) UnpackOpenFor(data []byte) (*big.Int, error) {
	out, err := channelManager.abi.Unpack("openFor", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14afd79e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ownerOf(address peer) view returns(address owner)
func (channelManager *ChannelManager) PackOwnerOf(peer common.Address) []byte {
	enc, err := channelManager.abi.Pack("ownerOf", peer)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14afd79e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ownerOf(address peer) view returns(address owner)
func (channelManager *ChannelManager) TryPackOwnerOf(peer common.Address) ([]byte, error) {
	return channelManager.abi.Pack("ownerOf", peer)
}

// UnpackOwnerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x14afd79e.
//
// Solidity: function ownerOf(address peer) view returns(address owner)
func (channelManager *ChannelManager) UnpackOwnerOf(data []byte) (common.Address, error) {
	out, err := channelManager.abi.Unpack("ownerOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackProveTarget is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa372e745.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveTarget(uint256 target, uint256 keyHash, uint128 counters, bytes proof) returns()
func (channelManager *ChannelManager) PackProveTarget(target *big.Int, keyHash *big.Int, counters *big.Int, proof []byte) []byte {
	enc, err := channelManager.abi.Pack("proveTarget", target, keyHash, counters, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveTarget is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa372e745.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveTarget(uint256 target, uint256 keyHash, uint128 counters, bytes proof) returns()
func (channelManager *ChannelManager) TryPackProveTarget(target *big.Int, keyHash *big.Int, counters *big.Int, proof []byte) ([]byte, error) {
	return channelManager.abi.Pack("proveTarget", target, keyHash, counters, proof)
}

// PackProvenBytesOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0d7cf4d6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function provenBytesOf(uint256 target, uint256 keyHash) view returns(uint64)
func (channelManager *ChannelManager) PackProvenBytesOf(target *big.Int, keyHash *big.Int) []byte {
	enc, err := channelManager.abi.Pack("provenBytesOf", target, keyHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProvenBytesOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0d7cf4d6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function provenBytesOf(uint256 target, uint256 keyHash) view returns(uint64)
func (channelManager *ChannelManager) TryPackProvenBytesOf(target *big.Int, keyHash *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("provenBytesOf", target, keyHash)
}

// UnpackProvenBytesOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0d7cf4d6.
//
// Solidity: function provenBytesOf(uint256 target, uint256 keyHash) view returns(uint64)
func (channelManager *ChannelManager) UnpackProvenBytesOf(data []byte) (uint64, error) {
	out, err := channelManager.abi.Unpack("provenBytesOf", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRefreshPayee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa1ca648c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function refreshPayee(uint256 channelId) returns()
func (channelManager *ChannelManager) PackRefreshPayee(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("refreshPayee", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRefreshPayee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa1ca648c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function refreshPayee(uint256 channelId) returns()
func (channelManager *ChannelManager) TryPackRefreshPayee(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("refreshPayee", channelId)
}

// PackRevealPreimage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddad333c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revealPreimage(bytes32 preimage) returns()
func (channelManager *ChannelManager) PackRevealPreimage(preimage [32]byte) []byte {
	enc, err := channelManager.abi.Pack("revealPreimage", preimage)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevealPreimage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddad333c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revealPreimage(bytes32 preimage) returns()
func (channelManager *ChannelManager) TryPackRevealPreimage(preimage [32]byte) ([]byte, error) {
	return channelManager.abi.Pack("revealPreimage", preimage)
}

// PackRevealedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6adc799c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revealedAt(bytes32 hashLock) view returns(uint64 at)
func (channelManager *ChannelManager) PackRevealedAt(hashLock [32]byte) []byte {
	enc, err := channelManager.abi.Pack("revealedAt", hashLock)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevealedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6adc799c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revealedAt(bytes32 hashLock) view returns(uint64 at)
func (channelManager *ChannelManager) TryPackRevealedAt(hashLock [32]byte) ([]byte, error) {
	return channelManager.abi.Pack("revealedAt", hashLock)
}

// UnpackRevealedAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6adc799c.
//
// Solidity: function revealedAt(bytes32 hashLock) view returns(uint64 at)
func (channelManager *ChannelManager) UnpackRevealedAt(data []byte) (uint64, error) {
	out, err := channelManager.abi.Unpack("revealedAt", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSetBatchTag is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa312dc3c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setBatchTag(uint256 channelId, uint256 tag) returns()
func (channelManager *ChannelManager) PackSetBatchTag(channelId *big.Int, tag *big.Int) []byte {
	enc, err := channelManager.abi.Pack("setBatchTag", channelId, tag)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetBatchTag is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa312dc3c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setBatchTag(uint256 channelId, uint256 tag) returns()
func (channelManager *ChannelManager) TryPackSetBatchTag(channelId *big.Int, tag *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("setBatchTag", channelId, tag)
}

// PackSetOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x13af4035.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setOwner(address owner) returns()
func (channelManager *ChannelManager) PackSetOwner(owner common.Address) []byte {
	enc, err := channelManager.abi.Pack("setOwner", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x13af4035.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setOwner(address owner) returns()
func (channelManager *ChannelManager) TryPackSetOwner(owner common.Address) ([]byte, error) {
	return channelManager.abi.Pack("setOwner", owner)
}

// PackStartClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7937fce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function startClose(uint256 channelId) returns()
func (channelManager *ChannelManager) PackStartClose(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("startClose", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStartClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7937fce.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function startClose(uint256 channelId) returns()
func (channelManager *ChannelManager) TryPackStartClose(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("startClose", channelId)
}

// PackTopUp is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x50017f3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function topUp(uint256 channelId) payable returns()
func (channelManager *ChannelManager) PackTopUp(channelId *big.Int) []byte {
	enc, err := channelManager.abi.Pack("topUp", channelId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTopUp is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x50017f3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function topUp(uint256 channelId) payable returns()
func (channelManager *ChannelManager) TryPackTopUp(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("topUp", channelId)
}

// PackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifier() view returns(address)
func (channelManager *ChannelManager) PackVerifier() []byte {
	enc, err := channelManager.abi.Pack("verifier")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifier() view returns(address)
func (channelManager *ChannelManager) TryPackVerifier() ([]byte, error) {
	return channelManager.abi.Pack("verifier")
}

// UnpackVerifier is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b7ac3f3.
//
// Solidity: function verifier() view returns(address)
func (channelManager *ChannelManager) UnpackVerifier(data []byte) (common.Address, error) {
	out, err := channelManager.abi.Unpack("verifier", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackVoucherDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb2a52a49.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function voucherDigest(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes) view returns(bytes32)
func (channelManager *ChannelManager) PackVoucherDigest(channelId *big.Int, nonce uint64, cumulativeAmount *big.Int, cumulativeBytes uint64) []byte {
	enc, err := channelManager.abi.Pack("voucherDigest", channelId, nonce, cumulativeAmount, cumulativeBytes)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVoucherDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb2a52a49.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function voucherDigest(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes) view returns(bytes32)
func (channelManager *ChannelManager) TryPackVoucherDigest(channelId *big.Int, nonce uint64, cumulativeAmount *big.Int, cumulativeBytes uint64) ([]byte, error) {
	return channelManager.abi.Pack("voucherDigest", channelId, nonce, cumulativeAmount, cumulativeBytes)
}

// UnpackVoucherDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb2a52a49.
//
// Solidity: function voucherDigest(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes) view returns(bytes32)
func (channelManager *ChannelManager) UnpackVoucherDigest(data []byte) ([32]byte, error) {
	out, err := channelManager.abi.Unpack("voucherDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0fbd7c6b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes, bytes clientSig, bytes proof) returns()
func (channelManager *ChannelManager) PackWithdraw(channelId *big.Int, nonce uint64, cumulativeAmount *big.Int, cumulativeBytes uint64, clientSig []byte, proof []byte) []byte {
	enc, err := channelManager.abi.Pack("withdraw", channelId, nonce, cumulativeAmount, cumulativeBytes, clientSig, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0fbd7c6b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes, bytes clientSig, bytes proof) returns()
func (channelManager *ChannelManager) TryPackWithdraw(channelId *big.Int, nonce uint64, cumulativeAmount *big.Int, cumulativeBytes uint64, clientSig []byte, proof []byte) ([]byte, error) {
	return channelManager.abi.Pack("withdraw", channelId, nonce, cumulativeAmount, cumulativeBytes, clientSig, proof)
}

// PackWithdrawBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ee4ebf4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawBatch((uint256,uint128)[] batch, bytes proof) returns()
func (channelManager *ChannelManager) PackWithdrawBatch(batch []ChannelManagerSettlement, proof []byte) []byte {
	enc, err := channelManager.abi.Pack("withdrawBatch", batch, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ee4ebf4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawBatch((uint256,uint128)[] batch, bytes proof) returns()
func (channelManager *ChannelManager) TryPackWithdrawBatch(batch []ChannelManagerSettlement, proof []byte) ([]byte, error) {
	return channelManager.abi.Pack("withdrawBatch", batch, proof)
}

// PackWithdrawLane is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3b460fda.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawLane((uint256,uint32,uint64,uint256,uint64,uint64,uint64,bytes32,uint256,uint256) v, bytes clientSig, bytes32 preimage, uint128 proofCounters, bytes proof) returns()
func (channelManager *ChannelManager) PackWithdrawLane(v ChannelManagerLaneVoucher, clientSig []byte, preimage [32]byte, proofCounters *big.Int, proof []byte) []byte {
	enc, err := channelManager.abi.Pack("withdrawLane", v, clientSig, preimage, proofCounters, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawLane is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3b460fda.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawLane((uint256,uint32,uint64,uint256,uint64,uint64,uint64,bytes32,uint256,uint256) v, bytes clientSig, bytes32 preimage, uint128 proofCounters, bytes proof) returns()
func (channelManager *ChannelManager) TryPackWithdrawLane(v ChannelManagerLaneVoucher, clientSig []byte, preimage [32]byte, proofCounters *big.Int, proof []byte) ([]byte, error) {
	return channelManager.abi.Pack("withdrawLane", v, clientSig, preimage, proofCounters, proof)
}

// ChannelManagerBatchTagSet represents a BatchTagSet event raised by the ChannelManager contract.
type ChannelManagerBatchTagSet struct {
	ChannelId *big.Int
	Tag       *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const ChannelManagerBatchTagSetEventName = "BatchTagSet"

// ContractEventName returns the user-defined event name.
func (ChannelManagerBatchTagSet) ContractEventName() string {
	return ChannelManagerBatchTagSetEventName
}

// UnpackBatchTagSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchTagSet(uint256 indexed channelId, uint256 tag)
func (channelManager *ChannelManager) UnpackBatchTagSetEvent(log *types.Log) (*ChannelManagerBatchTagSet, error) {
	event := "BatchTagSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerBatchTagSet)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerBatchWithdrawn represents a BatchWithdrawn event raised by the ChannelManager contract.
type ChannelManagerBatchWithdrawn struct {
	Payee    common.Address
	Channels *big.Int
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const ChannelManagerBatchWithdrawnEventName = "BatchWithdrawn"

// ContractEventName returns the user-defined event name.
func (ChannelManagerBatchWithdrawn) ContractEventName() string {
	return ChannelManagerBatchWithdrawnEventName
}

// UnpackBatchWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchWithdrawn(address indexed payee, uint256 channels, uint256 amount)
func (channelManager *ChannelManager) UnpackBatchWithdrawnEvent(log *types.Log) (*ChannelManagerBatchWithdrawn, error) {
	event := "BatchWithdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerBatchWithdrawn)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerChannelClosed represents a ChannelClosed event raised by the ChannelManager contract.
type ChannelManagerChannelClosed struct {
	ChannelId  *big.Int
	By         common.Address
	MinerTotal *big.Int
	Refund     *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const ChannelManagerChannelClosedEventName = "ChannelClosed"

// ContractEventName returns the user-defined event name.
func (ChannelManagerChannelClosed) ContractEventName() string {
	return ChannelManagerChannelClosedEventName
}

// UnpackChannelClosedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChannelClosed(uint256 indexed channelId, address indexed by, uint256 minerTotal, uint256 refund)
func (channelManager *ChannelManager) UnpackChannelClosedEvent(log *types.Log) (*ChannelManagerChannelClosed, error) {
	event := "ChannelClosed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerChannelClosed)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerChannelOpened represents a ChannelOpened event raised by the ChannelManager contract.
type ChannelManagerChannelOpened struct {
	ChannelId          *big.Int
	Client             common.Address
	Miner              common.Address
	Funder             common.Address
	Payee              common.Address
	ClientProofKeyHash *big.Int
	PricePerByte       *big.Int
	ChallengePeriod    uint64
	Deposit            *big.Int
	Raw                *types.Log // Blockchain specific contextual infos
}

const ChannelManagerChannelOpenedEventName = "ChannelOpened"

// ContractEventName returns the user-defined event name.
func (ChannelManagerChannelOpened) ContractEventName() string {
	return ChannelManagerChannelOpenedEventName
}

// UnpackChannelOpenedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChannelOpened(uint256 indexed channelId, address indexed client, address indexed miner, address funder, address payee, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod, uint256 deposit)
func (channelManager *ChannelManager) UnpackChannelOpenedEvent(log *types.Log) (*ChannelManagerChannelOpened, error) {
	event := "ChannelOpened"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerChannelOpened)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerCloseStarted represents a CloseStarted event raised by the ChannelManager contract.
type ChannelManagerCloseStarted struct {
	ChannelId *big.Int
	By        common.Address
	ClosesAt  uint64
	Raw       *types.Log // Blockchain specific contextual infos
}

const ChannelManagerCloseStartedEventName = "CloseStarted"

// ContractEventName returns the user-defined event name.
func (ChannelManagerCloseStarted) ContractEventName() string {
	return ChannelManagerCloseStartedEventName
}

// UnpackCloseStartedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CloseStarted(uint256 indexed channelId, address indexed by, uint64 closesAt)
func (channelManager *ChannelManager) UnpackCloseStartedEvent(log *types.Log) (*ChannelManagerCloseStarted, error) {
	event := "CloseStarted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerCloseStarted)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerLaneWithdrawn represents a LaneWithdrawn event raised by the ChannelManager contract.
type ChannelManagerLaneWithdrawn struct {
	ChannelId        *big.Int
	Lane             uint32
	Nonce            uint64
	CumulativeAmount *big.Int
	CumulativeBytes  uint64
	Target           *big.Int
	Raw              *types.Log // Blockchain specific contextual infos
}

const ChannelManagerLaneWithdrawnEventName = "LaneWithdrawn"

// ContractEventName returns the user-defined event name.
func (ChannelManagerLaneWithdrawn) ContractEventName() string {
	return ChannelManagerLaneWithdrawnEventName
}

// UnpackLaneWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event LaneWithdrawn(uint256 indexed channelId, uint32 indexed lane, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes, uint256 indexed target)
func (channelManager *ChannelManager) UnpackLaneWithdrawnEvent(log *types.Log) (*ChannelManagerLaneWithdrawn, error) {
	event := "LaneWithdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerLaneWithdrawn)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerOwnerSet represents a OwnerSet event raised by the ChannelManager contract.
type ChannelManagerOwnerSet struct {
	Peer  common.Address
	Owner common.Address
	Raw   *types.Log // Blockchain specific contextual infos
}

const ChannelManagerOwnerSetEventName = "OwnerSet"

// ContractEventName returns the user-defined event name.
func (ChannelManagerOwnerSet) ContractEventName() string {
	return ChannelManagerOwnerSetEventName
}

// UnpackOwnerSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnerSet(address indexed peer, address indexed owner)
func (channelManager *ChannelManager) UnpackOwnerSetEvent(log *types.Log) (*ChannelManagerOwnerSet, error) {
	event := "OwnerSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerOwnerSet)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerPayeeChanged represents a PayeeChanged event raised by the ChannelManager contract.
type ChannelManagerPayeeChanged struct {
	ChannelId *big.Int
	Payee     common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const ChannelManagerPayeeChangedEventName = "PayeeChanged"

// ContractEventName returns the user-defined event name.
func (ChannelManagerPayeeChanged) ContractEventName() string {
	return ChannelManagerPayeeChangedEventName
}

// UnpackPayeeChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PayeeChanged(uint256 indexed channelId, address indexed payee)
func (channelManager *ChannelManager) UnpackPayeeChangedEvent(log *types.Log) (*ChannelManagerPayeeChanged, error) {
	event := "PayeeChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerPayeeChanged)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerPreimageRevealed represents a PreimageRevealed event raised by the ChannelManager contract.
type ChannelManagerPreimageRevealed struct {
	HashLock [32]byte
	Preimage [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const ChannelManagerPreimageRevealedEventName = "PreimageRevealed"

// ContractEventName returns the user-defined event name.
func (ChannelManagerPreimageRevealed) ContractEventName() string {
	return ChannelManagerPreimageRevealedEventName
}

// UnpackPreimageRevealedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PreimageRevealed(bytes32 indexed hashLock, bytes32 preimage)
func (channelManager *ChannelManager) UnpackPreimageRevealedEvent(log *types.Log) (*ChannelManagerPreimageRevealed, error) {
	event := "PreimageRevealed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerPreimageRevealed)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerProven represents a Proven event raised by the ChannelManager contract.
type ChannelManagerProven struct {
	Target   *big.Int
	KeyHash  *big.Int
	Counters *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const ChannelManagerProvenEventName = "Proven"

// ContractEventName returns the user-defined event name.
func (ChannelManagerProven) ContractEventName() string {
	return ChannelManagerProvenEventName
}

// UnpackProvenEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Proven(uint256 indexed target, uint256 indexed keyHash, uint128 counters)
func (channelManager *ChannelManager) UnpackProvenEvent(log *types.Log) (*ChannelManagerProven, error) {
	event := "Proven"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerProven)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerToppedUp represents a ToppedUp event raised by the ChannelManager contract.
type ChannelManagerToppedUp struct {
	ChannelId *big.Int
	Amount    *big.Int
	Deposit   *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const ChannelManagerToppedUpEventName = "ToppedUp"

// ContractEventName returns the user-defined event name.
func (ChannelManagerToppedUp) ContractEventName() string {
	return ChannelManagerToppedUpEventName
}

// UnpackToppedUpEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ToppedUp(uint256 indexed channelId, uint256 amount, uint256 deposit)
func (channelManager *ChannelManager) UnpackToppedUpEvent(log *types.Log) (*ChannelManagerToppedUp, error) {
	event := "ToppedUp"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerToppedUp)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ChannelManagerWithdrawn represents a Withdrawn event raised by the ChannelManager contract.
type ChannelManagerWithdrawn struct {
	ChannelId        *big.Int
	Nonce            uint64
	CumulativeAmount *big.Int
	CumulativeBytes  uint64
	Raw              *types.Log // Blockchain specific contextual infos
}

const ChannelManagerWithdrawnEventName = "Withdrawn"

// ContractEventName returns the user-defined event name.
func (ChannelManagerWithdrawn) ContractEventName() string {
	return ChannelManagerWithdrawnEventName
}

// UnpackWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdrawn(uint256 indexed channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes)
func (channelManager *ChannelManager) UnpackWithdrawnEvent(log *types.Log) (*ChannelManagerWithdrawn, error) {
	event := "Withdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != channelManager.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ChannelManagerWithdrawn)
	if len(log.Data) > 0 {
		if err := channelManager.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range channelManager.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (channelManager *ChannelManager) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], channelManager.abi.Errors["AlreadyProven"].ID.Bytes()[:4]) {
		return channelManager.UnpackAlreadyProvenError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["AmountBelowWithdrawn"].ID.Bytes()[:4]) {
		return channelManager.UnpackAmountBelowWithdrawnError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["AmountExceedsBytes"].ID.Bytes()[:4]) {
		return channelManager.UnpackAmountExceedsBytesError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["AmountExceedsDeposit"].ID.Bytes()[:4]) {
		return channelManager.UnpackAmountExceedsDepositError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadBatchSize"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadBatchSizeError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadBatchSlots"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadBatchSlotsError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadBatchTag"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadBatchTagError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadChallengePeriod"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadChallengePeriodError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadSignatureLength"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadSignatureLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadSignatureV"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadSignatureVError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadTarget"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadTargetError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BatchDisabled"].ID.Bytes()[:4]) {
		return channelManager.UnpackBatchDisabledError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BatchTagAlreadySet"].ID.Bytes()[:4]) {
		return channelManager.UnpackBatchTagAlreadySetError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ChallengePeriodActive"].ID.Bytes()[:4]) {
		return channelManager.UnpackChallengePeriodActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ChallengePeriodOver"].ID.Bytes()[:4]) {
		return channelManager.UnpackChallengePeriodOverError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ChannelIdTaken"].ID.Bytes()[:4]) {
		return channelManager.UnpackChannelIdTakenError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["DepositTooLarge"].ID.Bytes()[:4]) {
		return channelManager.UnpackDepositTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["Expired"].ID.Bytes()[:4]) {
		return channelManager.UnpackExpiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["HashLockWithoutExpiry"].ID.Bytes()[:4]) {
		return channelManager.UnpackHashLockWithoutExpiryError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return channelManager.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["KeyHashNotInField"].ID.Bytes()[:4]) {
		return channelManager.UnpackKeyHashNotInFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["LaneZero"].ID.Bytes()[:4]) {
		return channelManager.UnpackLaneZeroError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["MalleableSignature"].ID.Bytes()[:4]) {
		return channelManager.UnpackMalleableSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NoBatchTag"].ID.Bytes()[:4]) {
		return channelManager.UnpackNoBatchTagError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NotOwnerOf"].ID.Bytes()[:4]) {
		return channelManager.UnpackNotOwnerOfError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NotYetValid"].ID.Bytes()[:4]) {
		return channelManager.UnpackNotYetValidError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["PayeeMismatch"].ID.Bytes()[:4]) {
		return channelManager.UnpackPayeeMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ProofRequired"].ID.Bytes()[:4]) {
		return channelManager.UnpackProofRequiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ProvenTooFew"].ID.Bytes()[:4]) {
		return channelManager.UnpackProvenTooFewError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["Reentrancy"].ID.Bytes()[:4]) {
		return channelManager.UnpackReentrancyError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["StaleNonce"].ID.Bytes()[:4]) {
		return channelManager.UnpackStaleNonceError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["TransferFailed"].ID.Bytes()[:4]) {
		return channelManager.UnpackTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["Unauthorized"].ID.Bytes()[:4]) {
		return channelManager.UnpackUnauthorizedError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["UnknownChannel"].ID.Bytes()[:4]) {
		return channelManager.UnpackUnknownChannelError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["VerifierHasNoCode"].ID.Bytes()[:4]) {
		return channelManager.UnpackVerifierHasNoCodeError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WrongPreimage"].ID.Bytes()[:4]) {
		return channelManager.UnpackWrongPreimageError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WrongSigner"].ID.Bytes()[:4]) {
		return channelManager.UnpackWrongSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["WrongState"].ID.Bytes()[:4]) {
		return channelManager.UnpackWrongStateError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return channelManager.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["ZeroPrice"].ID.Bytes()[:4]) {
		return channelManager.UnpackZeroPriceError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ChannelManagerAlreadyProven represents a AlreadyProven error raised by the ChannelManager contract.
type ChannelManagerAlreadyProven struct {
	ProvenBytes     uint64
	CumulativeBytes uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyProven(uint64 provenBytes, uint64 cumulativeBytes)
func ChannelManagerAlreadyProvenErrorID() common.Hash {
	return common.HexToHash("0x1e6522ff3bf39ba9052169a266a757fb688fcb66d0de92b29746ec52a82304b2")
}

// UnpackAlreadyProvenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyProven(uint64 provenBytes, uint64 cumulativeBytes)
func (channelManager *ChannelManager) UnpackAlreadyProvenError(raw []byte) (*ChannelManagerAlreadyProven, error) {
	out := new(ChannelManagerAlreadyProven)
	if err := channelManager.abi.UnpackIntoInterface(out, "AlreadyProven", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerAmountBelowWithdrawn represents a AmountBelowWithdrawn error raised by the ChannelManager contract.
type ChannelManagerAmountBelowWithdrawn struct {
	CumulativeAmount *big.Int
	Withdrawn        *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AmountBelowWithdrawn(uint256 cumulativeAmount, uint256 withdrawn)
func ChannelManagerAmountBelowWithdrawnErrorID() common.Hash {
	return common.HexToHash("0xc8d13b79a9d2f6441596bb15f12dd56f92da5970ca28251f12c3525f4967f86c")
}

// UnpackAmountBelowWithdrawnError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AmountBelowWithdrawn(uint256 cumulativeAmount, uint256 withdrawn)
func (channelManager *ChannelManager) UnpackAmountBelowWithdrawnError(raw []byte) (*ChannelManagerAmountBelowWithdrawn, error) {
	out := new(ChannelManagerAmountBelowWithdrawn)
	if err := channelManager.abi.UnpackIntoInterface(out, "AmountBelowWithdrawn", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerAmountExceedsBytes represents a AmountExceedsBytes error raised by the ChannelManager contract.
type ChannelManagerAmountExceedsBytes struct {
	CumulativeAmount *big.Int
	MaxAmount        *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AmountExceedsBytes(uint256 cumulativeAmount, uint256 maxAmount)
func ChannelManagerAmountExceedsBytesErrorID() common.Hash {
	return common.HexToHash("0x085f597b2f549f51f28a7541fd78ce9219f04f09cd2e14308f52cd169f29cf97")
}

// UnpackAmountExceedsBytesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AmountExceedsBytes(uint256 cumulativeAmount, uint256 maxAmount)
func (channelManager *ChannelManager) UnpackAmountExceedsBytesError(raw []byte) (*ChannelManagerAmountExceedsBytes, error) {
	out := new(ChannelManagerAmountExceedsBytes)
	if err := channelManager.abi.UnpackIntoInterface(out, "AmountExceedsBytes", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerAmountExceedsDeposit represents a AmountExceedsDeposit error raised by the ChannelManager contract.
type ChannelManagerAmountExceedsDeposit struct {
	CumulativeAmount *big.Int
	Deposit          *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AmountExceedsDeposit(uint256 cumulativeAmount, uint256 deposit)
func ChannelManagerAmountExceedsDepositErrorID() common.Hash {
	return common.HexToHash("0x99843c634f47171897a97b92d1710c9494422afabef77b5f48cb092d5017a858")
}

// UnpackAmountExceedsDepositError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AmountExceedsDeposit(uint256 cumulativeAmount, uint256 deposit)
func (channelManager *ChannelManager) UnpackAmountExceedsDepositError(raw []byte) (*ChannelManagerAmountExceedsDeposit, error) {
	out := new(ChannelManagerAmountExceedsDeposit)
	if err := channelManager.abi.UnpackIntoInterface(out, "AmountExceedsDeposit", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadBatchSize represents a BadBatchSize error raised by the ChannelManager contract.
type ChannelManagerBadBatchSize struct {
	Channels *big.Int
	Slots    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadBatchSize(uint256 channels, uint256 slots)
func ChannelManagerBadBatchSizeErrorID() common.Hash {
	return common.HexToHash("0x7705959339e2ba70cf19140bf70b1958c1673e854c872dd7461a292c7e5d3cdb")
}

// UnpackBadBatchSizeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadBatchSize(uint256 channels, uint256 slots)
func (channelManager *ChannelManager) UnpackBadBatchSizeError(raw []byte) (*ChannelManagerBadBatchSize, error) {
	out := new(ChannelManagerBadBatchSize)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadBatchSize", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadBatchSlots represents a BadBatchSlots error raised by the ChannelManager contract.
type ChannelManagerBadBatchSlots struct {
	Slots *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadBatchSlots(uint256 slots)
func ChannelManagerBadBatchSlotsErrorID() common.Hash {
	return common.HexToHash("0x441fb2b3766425c6eb1931b463716f927e212b28a7827446a9022905538bdce2")
}

// UnpackBadBatchSlotsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadBatchSlots(uint256 slots)
func (channelManager *ChannelManager) UnpackBadBatchSlotsError(raw []byte) (*ChannelManagerBadBatchSlots, error) {
	out := new(ChannelManagerBadBatchSlots)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadBatchSlots", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadBatchTag represents a BadBatchTag error raised by the ChannelManager contract.
type ChannelManagerBadBatchTag struct {
	Tag *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadBatchTag(uint256 tag)
func ChannelManagerBadBatchTagErrorID() common.Hash {
	return common.HexToHash("0x85884458fe2236e956df2edbfe9b29702f3981da9a8da4ce7768d764322d1e71")
}

// UnpackBadBatchTagError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadBatchTag(uint256 tag)
func (channelManager *ChannelManager) UnpackBadBatchTagError(raw []byte) (*ChannelManagerBadBatchTag, error) {
	out := new(ChannelManagerBadBatchTag)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadBatchTag", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadChallengePeriod represents a BadChallengePeriod error raised by the ChannelManager contract.
type ChannelManagerBadChallengePeriod struct {
	ChallengePeriod uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadChallengePeriod(uint64 challengePeriod)
func ChannelManagerBadChallengePeriodErrorID() common.Hash {
	return common.HexToHash("0x02164ec9a3218a146db06e09685afc9a32ac6c4125225cace95925420d66bde1")
}

// UnpackBadChallengePeriodError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadChallengePeriod(uint64 challengePeriod)
func (channelManager *ChannelManager) UnpackBadChallengePeriodError(raw []byte) (*ChannelManagerBadChallengePeriod, error) {
	out := new(ChannelManagerBadChallengePeriod)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadChallengePeriod", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadSignatureLength represents a BadSignatureLength error raised by the ChannelManager contract.
type ChannelManagerBadSignatureLength struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignatureLength(uint256 length)
func ChannelManagerBadSignatureLengthErrorID() common.Hash {
	return common.HexToHash("0x7d1250fe7d9f7573d54786d97945cacc9d5addab68df166fcbdfcb55aeb2af96")
}

// UnpackBadSignatureLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignatureLength(uint256 length)
func (channelManager *ChannelManager) UnpackBadSignatureLengthError(raw []byte) (*ChannelManagerBadSignatureLength, error) {
	out := new(ChannelManagerBadSignatureLength)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadSignatureLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadSignatureV represents a BadSignatureV error raised by the ChannelManager contract.
type ChannelManagerBadSignatureV struct {
	V uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignatureV(uint8 v)
func ChannelManagerBadSignatureVErrorID() common.Hash {
	return common.HexToHash("0x1f003d0ab3c21a082e88d5c936eb366321476aa1508b9238066e9f135aa38772")
}

// UnpackBadSignatureVError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignatureV(uint8 v)
func (channelManager *ChannelManager) UnpackBadSignatureVError(raw []byte) (*ChannelManagerBadSignatureV, error) {
	out := new(ChannelManagerBadSignatureV)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadSignatureV", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBadTarget represents a BadTarget error raised by the ChannelManager contract.
type ChannelManagerBadTarget struct {
	Target *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadTarget(uint256 target)
func ChannelManagerBadTargetErrorID() common.Hash {
	return common.HexToHash("0x94f85395bac91d86da3cce397bf533c836d3bcd9ffbad8cfbbea3f3434348cdc")
}

// UnpackBadTargetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadTarget(uint256 target)
func (channelManager *ChannelManager) UnpackBadTargetError(raw []byte) (*ChannelManagerBadTarget, error) {
	out := new(ChannelManagerBadTarget)
	if err := channelManager.abi.UnpackIntoInterface(out, "BadTarget", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBatchDisabled represents a BatchDisabled error raised by the ChannelManager contract.
type ChannelManagerBatchDisabled struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchDisabled()
func ChannelManagerBatchDisabledErrorID() common.Hash {
	return common.HexToHash("0xfbd2f061d18f06e16e43fa440eabf1acbbf28e3735d8b3930571f6f2cc06dd13")
}

// UnpackBatchDisabledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchDisabled()
func (channelManager *ChannelManager) UnpackBatchDisabledError(raw []byte) (*ChannelManagerBatchDisabled, error) {
	out := new(ChannelManagerBatchDisabled)
	if err := channelManager.abi.UnpackIntoInterface(out, "BatchDisabled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerBatchTagAlreadySet represents a BatchTagAlreadySet error raised by the ChannelManager contract.
type ChannelManagerBatchTagAlreadySet struct {
	ChannelId *big.Int
	Tag       *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchTagAlreadySet(uint256 channelId, uint256 tag)
func ChannelManagerBatchTagAlreadySetErrorID() common.Hash {
	return common.HexToHash("0x9258cc464bd5b469801e22486265bf2c97f00df2d881484d477826b42ebc0e0d")
}

// UnpackBatchTagAlreadySetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchTagAlreadySet(uint256 channelId, uint256 tag)
func (channelManager *ChannelManager) UnpackBatchTagAlreadySetError(raw []byte) (*ChannelManagerBatchTagAlreadySet, error) {
	out := new(ChannelManagerBatchTagAlreadySet)
	if err := channelManager.abi.UnpackIntoInterface(out, "BatchTagAlreadySet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerChallengePeriodActive represents a ChallengePeriodActive error raised by the ChannelManager contract.
type ChannelManagerChallengePeriodActive struct {
	ClosesAt uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChallengePeriodActive(uint64 closesAt)
func ChannelManagerChallengePeriodActiveErrorID() common.Hash {
	return common.HexToHash("0xdc77fd2aaff8f3cdb9496d2050185da12b488b076df5feb9167efa72c206d470")
}

// UnpackChallengePeriodActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChallengePeriodActive(uint64 closesAt)
func (channelManager *ChannelManager) UnpackChallengePeriodActiveError(raw []byte) (*ChannelManagerChallengePeriodActive, error) {
	out := new(ChannelManagerChallengePeriodActive)
	if err := channelManager.abi.UnpackIntoInterface(out, "ChallengePeriodActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerChallengePeriodOver represents a ChallengePeriodOver error raised by the ChannelManager contract.
type ChannelManagerChallengePeriodOver struct {
	ClosesAt uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChallengePeriodOver(uint64 closesAt)
func ChannelManagerChallengePeriodOverErrorID() common.Hash {
	return common.HexToHash("0xd97b135196b59e99b85d3df8055c555689f10ad616070e91212982e201190208")
}

// UnpackChallengePeriodOverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChallengePeriodOver(uint64 closesAt)
func (channelManager *ChannelManager) UnpackChallengePeriodOverError(raw []byte) (*ChannelManagerChallengePeriodOver, error) {
	out := new(ChannelManagerChallengePeriodOver)
	if err := channelManager.abi.UnpackIntoInterface(out, "ChallengePeriodOver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerChannelIdTaken represents a ChannelIdTaken error raised by the ChannelManager contract.
type ChannelManagerChannelIdTaken struct {
	ChannelId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelIdTaken(uint256 channelId)
func ChannelManagerChannelIdTakenErrorID() common.Hash {
	return common.HexToHash("0xab94c54916991d313232b8001512341a7950135dc2323a2b223bb705be87cdf4")
}

// UnpackChannelIdTakenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelIdTaken(uint256 channelId)
func (channelManager *ChannelManager) UnpackChannelIdTakenError(raw []byte) (*ChannelManagerChannelIdTaken, error) {
	out := new(ChannelManagerChannelIdTaken)
	if err := channelManager.abi.UnpackIntoInterface(out, "ChannelIdTaken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerDepositTooLarge represents a DepositTooLarge error raised by the ChannelManager contract.
type ChannelManagerDepositTooLarge struct {
	Deposit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositTooLarge(uint256 deposit)
func ChannelManagerDepositTooLargeErrorID() common.Hash {
	return common.HexToHash("0xff7406790be0f5c0422c79b75db0ae91b8a505e71e04c6e1bd5b40b246d5bc97")
}

// UnpackDepositTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositTooLarge(uint256 deposit)
func (channelManager *ChannelManager) UnpackDepositTooLargeError(raw []byte) (*ChannelManagerDepositTooLarge, error) {
	out := new(ChannelManagerDepositTooLarge)
	if err := channelManager.abi.UnpackIntoInterface(out, "DepositTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerExpired represents a Expired error raised by the ChannelManager contract.
type ChannelManagerExpired struct {
	ValidUntil uint64
	Time       *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Expired(uint64 validUntil, uint256 time)
func ChannelManagerExpiredErrorID() common.Hash {
	return common.HexToHash("0x91cc37bcaeec164e5bc377adb7e09e2a00c91458581814d0294b11a1ab47958a")
}

// UnpackExpiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Expired(uint64 validUntil, uint256 time)
func (channelManager *ChannelManager) UnpackExpiredError(raw []byte) (*ChannelManagerExpired, error) {
	out := new(ChannelManagerExpired)
	if err := channelManager.abi.UnpackIntoInterface(out, "Expired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerHashLockWithoutExpiry represents a HashLockWithoutExpiry error raised by the ChannelManager contract.
type ChannelManagerHashLockWithoutExpiry struct {
	HashLock [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error HashLockWithoutExpiry(bytes32 hashLock)
func ChannelManagerHashLockWithoutExpiryErrorID() common.Hash {
	return common.HexToHash("0x3f68f3e0b42b3c6a48cc81ea42b951dd526b5467d9d0fa100288bc6a5591fa35")
}

// UnpackHashLockWithoutExpiryError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error HashLockWithoutExpiry(bytes32 hashLock)
func (channelManager *ChannelManager) UnpackHashLockWithoutExpiryError(raw []byte) (*ChannelManagerHashLockWithoutExpiry, error) {
	out := new(ChannelManagerHashLockWithoutExpiry)
	if err := channelManager.abi.UnpackIntoInterface(out, "HashLockWithoutExpiry", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerInvalidProof represents a InvalidProof error raised by the ChannelManager contract.
type ChannelManagerInvalidProof struct {
	Reason []byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof(bytes reason)
func ChannelManagerInvalidProofErrorID() common.Hash {
	return common.HexToHash("0x824610e11aa4ffc2e0289edcc14d5616a7e101fa87393364bf23cc05ce3f19ff")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof(bytes reason)
func (channelManager *ChannelManager) UnpackInvalidProofError(raw []byte) (*ChannelManagerInvalidProof, error) {
	out := new(ChannelManagerInvalidProof)
	if err := channelManager.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerKeyHashNotInField represents a KeyHashNotInField error raised by the ChannelManager contract.
type ChannelManagerKeyHashNotInField struct {
	KeyHash *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error KeyHashNotInField(uint256 keyHash)
func ChannelManagerKeyHashNotInFieldErrorID() common.Hash {
	return common.HexToHash("0xdcc0410ce4e0843235e0693e3f7b82bce95cac532b30a95ff3a1bbbfd0296a34")
}

// UnpackKeyHashNotInFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error KeyHashNotInField(uint256 keyHash)
func (channelManager *ChannelManager) UnpackKeyHashNotInFieldError(raw []byte) (*ChannelManagerKeyHashNotInField, error) {
	out := new(ChannelManagerKeyHashNotInField)
	if err := channelManager.abi.UnpackIntoInterface(out, "KeyHashNotInField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerLaneZero represents a LaneZero error raised by the ChannelManager contract.
type ChannelManagerLaneZero struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LaneZero()
func ChannelManagerLaneZeroErrorID() common.Hash {
	return common.HexToHash("0xa221f05c638fb601da610d3195fff0e0db043608d68a59fc6142aa4118769bf9")
}

// UnpackLaneZeroError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LaneZero()
func (channelManager *ChannelManager) UnpackLaneZeroError(raw []byte) (*ChannelManagerLaneZero, error) {
	out := new(ChannelManagerLaneZero)
	if err := channelManager.abi.UnpackIntoInterface(out, "LaneZero", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerMalleableSignature represents a MalleableSignature error raised by the ChannelManager contract.
type ChannelManagerMalleableSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MalleableSignature()
func ChannelManagerMalleableSignatureErrorID() common.Hash {
	return common.HexToHash("0xf0ad0d096b3006996dab3fc2694416c1b06f2187bc5971da9e3ef21c355e8f96")
}

// UnpackMalleableSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MalleableSignature()
func (channelManager *ChannelManager) UnpackMalleableSignatureError(raw []byte) (*ChannelManagerMalleableSignature, error) {
	out := new(ChannelManagerMalleableSignature)
	if err := channelManager.abi.UnpackIntoInterface(out, "MalleableSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerNoBatchTag represents a NoBatchTag error raised by the ChannelManager contract.
type ChannelManagerNoBatchTag struct {
	ChannelId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoBatchTag(uint256 channelId)
func ChannelManagerNoBatchTagErrorID() common.Hash {
	return common.HexToHash("0x992b1db0d6a8e726a928d4a4006b11c07a23c25c25aae5d5f1b9453a1b718287")
}

// UnpackNoBatchTagError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoBatchTag(uint256 channelId)
func (channelManager *ChannelManager) UnpackNoBatchTagError(raw []byte) (*ChannelManagerNoBatchTag, error) {
	out := new(ChannelManagerNoBatchTag)
	if err := channelManager.abi.UnpackIntoInterface(out, "NoBatchTag", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerNotOwnerOf represents a NotOwnerOf error raised by the ChannelManager contract.
type ChannelManagerNotOwnerOf struct {
	Peer   common.Address
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwnerOf(address peer, address caller)
func ChannelManagerNotOwnerOfErrorID() common.Hash {
	return common.HexToHash("0x4fe68d08a8f96a105387fca0f169231ae3b94ae47c1c1237decffc2362aeebe1")
}

// UnpackNotOwnerOfError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwnerOf(address peer, address caller)
func (channelManager *ChannelManager) UnpackNotOwnerOfError(raw []byte) (*ChannelManagerNotOwnerOf, error) {
	out := new(ChannelManagerNotOwnerOf)
	if err := channelManager.abi.UnpackIntoInterface(out, "NotOwnerOf", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerNotYetValid represents a NotYetValid error raised by the ChannelManager contract.
type ChannelManagerNotYetValid struct {
	ValidFrom uint64
	Time      *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotYetValid(uint64 validFrom, uint256 time)
func ChannelManagerNotYetValidErrorID() common.Hash {
	return common.HexToHash("0x3309565f6ace3989914dd68252003aa21631494b9327b1b4e2ad01639edc4689")
}

// UnpackNotYetValidError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotYetValid(uint64 validFrom, uint256 time)
func (channelManager *ChannelManager) UnpackNotYetValidError(raw []byte) (*ChannelManagerNotYetValid, error) {
	out := new(ChannelManagerNotYetValid)
	if err := channelManager.abi.UnpackIntoInterface(out, "NotYetValid", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerPayeeMismatch represents a PayeeMismatch error raised by the ChannelManager contract.
type ChannelManagerPayeeMismatch struct {
	ChannelId  *big.Int
	Payee      common.Address
	BatchPayee common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PayeeMismatch(uint256 channelId, address payee, address batchPayee)
func ChannelManagerPayeeMismatchErrorID() common.Hash {
	return common.HexToHash("0x33d93d68b6c3dc41a4544f54872d115b602642ec3eea21361cbf05337324fe5d")
}

// UnpackPayeeMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PayeeMismatch(uint256 channelId, address payee, address batchPayee)
func (channelManager *ChannelManager) UnpackPayeeMismatchError(raw []byte) (*ChannelManagerPayeeMismatch, error) {
	out := new(ChannelManagerPayeeMismatch)
	if err := channelManager.abi.UnpackIntoInterface(out, "PayeeMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerProofRequired represents a ProofRequired error raised by the ChannelManager contract.
type ChannelManagerProofRequired struct {
	Target          *big.Int
	KeyHash         *big.Int
	ProvenBytes     uint64
	CumulativeBytes uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProofRequired(uint256 target, uint256 keyHash, uint64 provenBytes, uint64 cumulativeBytes)
func ChannelManagerProofRequiredErrorID() common.Hash {
	return common.HexToHash("0x02b9f57d9ab02c7ba6e5d3ed38d5dd3f9254e6d565f3b703bda4d0c9ad4898af")
}

// UnpackProofRequiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProofRequired(uint256 target, uint256 keyHash, uint64 provenBytes, uint64 cumulativeBytes)
func (channelManager *ChannelManager) UnpackProofRequiredError(raw []byte) (*ChannelManagerProofRequired, error) {
	out := new(ChannelManagerProofRequired)
	if err := channelManager.abi.UnpackIntoInterface(out, "ProofRequired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerProvenTooFew represents a ProvenTooFew error raised by the ChannelManager contract.
type ChannelManagerProvenTooFew struct {
	ProvenBytes     uint64
	CumulativeBytes uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProvenTooFew(uint64 provenBytes, uint64 cumulativeBytes)
func ChannelManagerProvenTooFewErrorID() common.Hash {
	return common.HexToHash("0x8e77314df5785be1b629145a1a7625c8666a075c4eecce27252634be5be5fabb")
}

// UnpackProvenTooFewError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProvenTooFew(uint64 provenBytes, uint64 cumulativeBytes)
func (channelManager *ChannelManager) UnpackProvenTooFewError(raw []byte) (*ChannelManagerProvenTooFew, error) {
	out := new(ChannelManagerProvenTooFew)
	if err := channelManager.abi.UnpackIntoInterface(out, "ProvenTooFew", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerReentrancy represents a Reentrancy error raised by the ChannelManager contract.
type ChannelManagerReentrancy struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Reentrancy()
func ChannelManagerReentrancyErrorID() common.Hash {
	return common.HexToHash("0xab143c06c9772d69bbbc9f2fe74acd02f810e93b099f3d1dac8448ac9ae35991")
}

// UnpackReentrancyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Reentrancy()
func (channelManager *ChannelManager) UnpackReentrancyError(raw []byte) (*ChannelManagerReentrancy, error) {
	out := new(ChannelManagerReentrancy)
	if err := channelManager.abi.UnpackIntoInterface(out, "Reentrancy", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerStaleNonce represents a StaleNonce error raised by the ChannelManager contract.
type ChannelManagerStaleNonce struct {
	Nonce   uint64
	Settled uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StaleNonce(uint64 nonce, uint64 settled)
func ChannelManagerStaleNonceErrorID() common.Hash {
	return common.HexToHash("0xaef79e28ffb5346feedf722506c2865b8a6f9fcfa1cba6c6e855c28094b831a9")
}

// UnpackStaleNonceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StaleNonce(uint64 nonce, uint64 settled)
func (channelManager *ChannelManager) UnpackStaleNonceError(raw []byte) (*ChannelManagerStaleNonce, error) {
	out := new(ChannelManagerStaleNonce)
	if err := channelManager.abi.UnpackIntoInterface(out, "StaleNonce", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerTransferFailed represents a TransferFailed error raised by the ChannelManager contract.
type ChannelManagerTransferFailed struct {
	To     common.Address
	Amount *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferFailed(address to, uint256 amount)
func ChannelManagerTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x1c43b9761b3fba5321ca8212bfc231945f668ccc0c446f333999eea9ce8fda81")
}

// UnpackTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferFailed(address to, uint256 amount)
func (channelManager *ChannelManager) UnpackTransferFailedError(raw []byte) (*ChannelManagerTransferFailed, error) {
	out := new(ChannelManagerTransferFailed)
	if err := channelManager.abi.UnpackIntoInterface(out, "TransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerUnauthorized represents a Unauthorized error raised by the ChannelManager contract.
type ChannelManagerUnauthorized struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Unauthorized(address caller)
func ChannelManagerUnauthorizedErrorID() common.Hash {
	return common.HexToHash("0x8e4a23d6a5d81f013eca4bc92aeb9214ccafcaebd1f097c350c922d6e19122d5")
}

// UnpackUnauthorizedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Unauthorized(address caller)
func (channelManager *ChannelManager) UnpackUnauthorizedError(raw []byte) (*ChannelManagerUnauthorized, error) {
	out := new(ChannelManagerUnauthorized)
	if err := channelManager.abi.UnpackIntoInterface(out, "Unauthorized", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerUnknownChannel represents a UnknownChannel error raised by the ChannelManager contract.
type ChannelManagerUnknownChannel struct {
	ChannelId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownChannel(uint256 channelId)
func ChannelManagerUnknownChannelErrorID() common.Hash {
	return common.HexToHash("0x5bd937db943ff28eb5b62d1772f7e9e040f9035d3812bfa8aa64061c206d14ef")
}

// UnpackUnknownChannelError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownChannel(uint256 channelId)
func (channelManager *ChannelManager) UnpackUnknownChannelError(raw []byte) (*ChannelManagerUnknownChannel, error) {
	out := new(ChannelManagerUnknownChannel)
	if err := channelManager.abi.UnpackIntoInterface(out, "UnknownChannel", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerVerifierHasNoCode represents a VerifierHasNoCode error raised by the ChannelManager contract.
type ChannelManagerVerifierHasNoCode struct {
	Verifier common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error VerifierHasNoCode(address verifier)
func ChannelManagerVerifierHasNoCodeErrorID() common.Hash {
	return common.HexToHash("0xb3136e47b488884d7871edd9162260482e3c3098ce1129ef742064342e81091f")
}

// UnpackVerifierHasNoCodeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error VerifierHasNoCode(address verifier)
func (channelManager *ChannelManager) UnpackVerifierHasNoCodeError(raw []byte) (*ChannelManagerVerifierHasNoCode, error) {
	out := new(ChannelManagerVerifierHasNoCode)
	if err := channelManager.abi.UnpackIntoInterface(out, "VerifierHasNoCode", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWrongPreimage represents a WrongPreimage error raised by the ChannelManager contract.
type ChannelManagerWrongPreimage struct {
	HashLock [32]byte
	Preimage [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongPreimage(bytes32 hashLock, bytes32 preimage)
func ChannelManagerWrongPreimageErrorID() common.Hash {
	return common.HexToHash("0x3851b52edece6c826d0fde4f3a532479692b594c449d7282c1914e03d89f2b6c")
}

// UnpackWrongPreimageError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongPreimage(bytes32 hashLock, bytes32 preimage)
func (channelManager *ChannelManager) UnpackWrongPreimageError(raw []byte) (*ChannelManagerWrongPreimage, error) {
	out := new(ChannelManagerWrongPreimage)
	if err := channelManager.abi.UnpackIntoInterface(out, "WrongPreimage", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWrongSigner represents a WrongSigner error raised by the ChannelManager contract.
type ChannelManagerWrongSigner struct {
	Signer common.Address
	Client common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongSigner(address signer, address client)
func ChannelManagerWrongSignerErrorID() common.Hash {
	return common.HexToHash("0x366d29f7de543b1e5962d6f7315450f1f5ec3d853d28dca80282b4c242185268")
}

// UnpackWrongSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongSigner(address signer, address client)
func (channelManager *ChannelManager) UnpackWrongSignerError(raw []byte) (*ChannelManagerWrongSigner, error) {
	out := new(ChannelManagerWrongSigner)
	if err := channelManager.abi.UnpackIntoInterface(out, "WrongSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerWrongState represents a WrongState error raised by the ChannelManager contract.
type ChannelManagerWrongState struct {
	ChannelId *big.Int
	State     uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongState(uint256 channelId, uint8 state)
func ChannelManagerWrongStateErrorID() common.Hash {
	return common.HexToHash("0x800b061518cbf2095c1b1778c2e3202c0e88a5711a68b4d0ca85bbcbf3523260")
}

// UnpackWrongStateError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongState(uint256 channelId, uint8 state)
func (channelManager *ChannelManager) UnpackWrongStateError(raw []byte) (*ChannelManagerWrongState, error) {
	out := new(ChannelManagerWrongState)
	if err := channelManager.abi.UnpackIntoInterface(out, "WrongState", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerZeroAddress represents a ZeroAddress error raised by the ChannelManager contract.
type ChannelManagerZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func ChannelManagerZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (channelManager *ChannelManager) UnpackZeroAddressError(raw []byte) (*ChannelManagerZeroAddress, error) {
	out := new(ChannelManagerZeroAddress)
	if err := channelManager.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelManagerZeroPrice represents a ZeroPrice error raised by the ChannelManager contract.
type ChannelManagerZeroPrice struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroPrice()
func ChannelManagerZeroPriceErrorID() common.Hash {
	return common.HexToHash("0x4dfba023c19aaad0ad1005b8a52f2ae0c7a1acb3f45ecd31562b980620d65f93")
}

// UnpackZeroPriceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroPrice()
func (channelManager *ChannelManager) UnpackZeroPriceError(raw []byte) (*ChannelManagerZeroPrice, error) {
	out := new(ChannelManagerZeroPrice)
	if err := channelManager.abi.UnpackIntoInterface(out, "ZeroPrice", raw); err != nil {
		return nil, err
	}
	return out, nil
}
