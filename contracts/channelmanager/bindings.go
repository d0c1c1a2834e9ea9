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
}

// ChannelManagerSettlement is an auto generated low-level Go binding around an user-defined struct.
type ChannelManagerSettlement struct {
	ChannelId *big.Int
	Counters  *big.Int
}

// ChannelManagerMetaData contains all meta data concerning the ChannelManager contract.
var ChannelManagerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIByteCountVerifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"batchVerifier_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"batchSlots_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawn\",\"type\":\"uint256\"}],\"name\":\"AmountBelowWithdrawn\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maxAmount\",\"type\":\"uint256\"}],\"name\":\"AmountExceedsBytes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"AmountExceedsDeposit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channels\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"BadBatchSize\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"BadBatchSlots\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"BadBatchTag\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"BadChallengePeriod\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"BadSignatureLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"name\":\"BadSignatureV\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BatchDisabled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"BatchTagAlreadySet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"ChallengePeriodActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"ChallengePeriodOver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"ChannelIdTaken\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"DepositTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"reason\",\"type\":\"bytes\"}],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"}],\"name\":\"KeyHashNotInField\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"MalleableSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"NoBatchTag\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOwnerOf\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"batchPayee\",\"type\":\"address\"}],\"name\":\"PayeeMismatch\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Reentrancy\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"settled\",\"type\":\"uint64\"}],\"name\":\"StaleNonce\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"Unauthorized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"UnknownChannel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"}],\"name\":\"VerifierHasNoCode\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"}],\"name\":\"WrongSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"enumChannelManager.State\",\"name\":\"state\",\"type\":\"uint8\"}],\"name\":\"WrongState\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroPrice\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"BatchTagSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"channels\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"BatchWithdrawn\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"minerTotal\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"refund\",\"type\":\"uint256\"}],\"name\":\"ChannelClosed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"funder\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"ChannelOpened\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"CloseStarted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnerSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"PayeeChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"ToppedUp\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_BATCH_SLOTS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CHALLENGE_PERIOD\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batchSlots\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"batchTagOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batchVerifier\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channelCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"cooperativeClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"finalize\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"getChannel\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"enumChannelManager.State\",\"name\":\"state\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint96\",\"name\":\"withdrawn\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"deposit\",\"type\":\"uint96\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"funder\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"}],\"internalType\":\"structChannelManager.Channel\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"}],\"name\":\"nextChannelId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"open\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"openFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"refreshPayee\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"tag\",\"type\":\"uint256\"}],\"name\":\"setBatchTag\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"setOwner\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"startClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"topUp\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractIByteCountVerifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"voucherDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"clientSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint128\",\"name\":\"counters\",\"type\":\"uint128\"}],\"internalType\":\"structChannelManager.Settlement[]\",\"name\":\"batch\",\"type\":\"tuple[]\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"withdrawBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "a93a038c526aa02701c2367d69104d5f38",
	Bin: "0x610140806040523461025657606081612b628038038091610020828561025a565b8339810103126102565780516001600160a01b03811691828203610256576020810151916001600160a01b03831691828403610256576040015193803b1561022a5750608052801561023c57813b1561022a57508115801561021f575b61020c5761008a826102ac565b604051906100e56002603a846020808201957f76657269667950726f6f662862797465732c75696e743235365b00000000000087528051918291018484015e8101615d2960f01b838201520301601d1981018552018361025a565b905190206001600160e01b03191660e0525b60a05260c052466101005260405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f69e2361cca7d3ca03a4d2fd007fe251b79d264680a421a5f05a8ee3733bf1e9c60408201527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a082015260a0815261019460c08261025a565b519020610120526040516127aa90816103b88239608051818181610b24015261190c015260a05181818161090a01528181610be90152610d51015260c05181818161099f0152610c10015260e05181610ce10152610100518181816102ab0152611ed40152610120518181816102d30152611efa0152f35b5063441fb2b360e01b5f5260045260245ffd5b50610100821161007d565b63b3136e4760e01b5f5260045260245ffd5b5081156100f7575063441fb2b360e01b5f5260045260245ffd5b5f80fd5b601f909101601f19168101906001600160401b0382119082101761027d57604052565b634e487b7160e01b5f52604160045260245ffd5b6001600160401b03811161027d57601f01601f191660200190565b8015610397575f9080805b61037e57506102c582610291565b906102d3604051928361025a565b828252601f196102e284610291565b0136602084013781925b8091801561037757600a81066030019182603011610363578015610363575f190192845184101561034f57600a9260f81b7fff00000000000000000000000000000000000000000000000000000000000000165f1a908501601f015304906102ec565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b5050505090565b90915f198114610363576001019190600a9004806102b7565b506040516103a660408261025a565b60018152600360fc1b60208201529056fe60806040526004361015610011575f80fd5b5f3560e01c806305261aea14611cb85780630fbd7c6b1461164657806310df54a0146113fc57806313af40351461135357806314afd79e146112f85780631ee4ebf414610b485780632b7ac3f314610af857806350017f3e146109c257806356c2a36f146109885780636b1a3b711461094c57806380c1e7061461092e5780638e1012d5146108de578063a1ca648c14610810578063a312dc3c1461067f578063a632a06c14610624578063acf8bf2a14610607578063b2a52a49146105d4578063c62abf1f146105aa578063d7937fce14610416578063d918401614610326578063f637ad091461030a578063f698da25146102985763f7c4702a14610116575f80fd5b346102945760206003193601126102945760043560ff5f5c1661026c57600160ff195f5c16175f5d61014781611fc9565b60ff815460a01c16600481101561023f57600181141580610234575b6101ff575073ffffffffffffffffffffffffffffffffffffffff6005820154168033141590816101d2575b506101a65761019c9161201a565b60ff195f5c165f5d005b7f8e4a23d6000000000000000000000000000000000000000000000000000000005f523360045260245ffd5b90505f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f2054163314155f61018e565b61022f90837f800b0615000000000000000000000000000000000000000000000000000000005f52600452611ddc565b60445ffd5b506002811415610163565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b7fab143c06000000000000000000000000000000000000000000000000000000005f5260045ffd5b5f80fd5b34610294575f60031936011261029457467f0000000000000000000000000000000000000000000000000000000000000000036102fb5760207f00000000000000000000000000000000000000000000000000000000000000005b604051908152f35b60206103056126e2565b6102f3565b34610294575f6003193601126102945760206040516101008152f35b60a06003193601126102945761033a611dea565b610342611e0d565b90606435906bffffffffffffffffffffffff82168203610294576084359267ffffffffffffffff841684036102945760ff5f5c1661026c57600160ff195f5c16175f5d73ffffffffffffffffffffffffffffffffffffffff8216805f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f20541633036103e75760206103d786866044358633896122ae565b60ff195f5c165f5d604051908152f35b7f4fe68d08000000000000000000000000000000000000000000000000000000005f526004523360245260445ffd5b346102945760206003193601126102945760043560ff5f5c1661026c57600160ff195f5c16175f5d61044781611fc9565b90815460ff8160a01c16600481101561023f57600181036101ff575073ffffffffffffffffffffffffffffffffffffffff1633141580610586575b6101a65767ffffffffffffffff600483015460a01c1667ffffffffffffffff4216019167ffffffffffffffff83116105595780547fffffff000000000000000000ffffffffffffffffffffffffffffffffffffffff1660a884901b7cffffffffffffffff00000000000000000000000000000000000000000016177402000000000000000000000000000000000000000017905560405167ffffffffffffffff909216825233917f9991d9ae61580dd0ec900d2a4dcfa7681ce44ff03bd5ec59833347248312fc0290602090a360ff195f5c165f5d005b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b5073ffffffffffffffffffffffffffffffffffffffff600483015416331415610482565b34610294576020600319360112610294576004355f526002602052602060405f2054604051908152f35b346102945760806003193601126102945760206102f36105f2611d80565b6105fa611d97565b9060443590600435611ec5565b34610294575f600319360112610294576020600354604051908152f35b608060031936011261029457610638611dea565b604435906bffffffffffffffffffffffff8216820361029457610659611d97565b60ff5f5c1661026c576020926103d792600160ff195f5c16175f5d6024359033336122ae565b346102945760406003193601126102945760043560243560ff5f5c1661026c57600160ff195f5c16175f5d6106b382611fc9565b805460ff8160a01c16600481101561023f57600181036107e0575073ffffffffffffffffffffffffffffffffffffffff1633141590816107bb575b506101a657801580156107af575b61078457815f52600260205260405f205480610755575060207f0932dd5afbbd274baade6a6b26da278b893d4b3a3f687cb5a5f99d275d27038991835f52600282528060405f2055604051908152a260ff195f5c165f5d005b827f9258cc46000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b7f85884458000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b5080607d1c15156106fc565b73ffffffffffffffffffffffffffffffffffffffff91506004015416331415836106ee565b61022f90857f800b0615000000000000000000000000000000000000000000000000000000005f52600452611ddc565b346102945760206003193601126102945760043560ff5f5c1661026c57600160ff195f5c16175f5d61084181611fc9565b60ff815460a01c16600481101561023f57600381146101ff575080600161088273ffffffffffffffffffffffffffffffffffffffff60058195015416612264565b91018282167fffffffffffffffffffffffff000000000000000000000000000000000000000082541617905516907f22178795f41268ec023f6a5c2fcb5d7098c4aadccddf002ae2cd25d569c20c0d5f80a360ff195f5c165f5d005b34610294575f60031936011261029457602060405173ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168152f35b34610294575f6003193601126102945760206040516301e133808152f35b3461029457604060031936011261029457610965611dea565b61096d611e0d565b9060035460018101809111610559576020926102f3926121f2565b34610294575f6003193601126102945760206040517f00000000000000000000000000000000000000000000000000000000000000008152f35b60206003193601126102945760043560ff5f5c1661026c57600160ff195f5c16175f5d6109ee81611fc9565b60ff815460a01c16600481101561023f57600181036101ff575073ffffffffffffffffffffffffffffffffffffffff60048201541633036101a657600201610a3b815460a01c3490611eb8565b906bffffffffffffffffffffffff8211610acc57805473ffffffffffffffffffffffffffffffffffffffff1660a083901b7fffffffffffffffffffffffff0000000000000000000000000000000000000000161790557f43aaaa1283a8e83fc06a9914af587a9e6c3daebd722d1d79903d997925b6522e906040908151903482526020820152a260ff195f5c165f5d005b507fff740679000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b34610294575f60031936011261029457602060405173ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168152f35b346102945760406003193601126102945760043567ffffffffffffffff811161029457366023820112156102945767ffffffffffffffff81600401351161029457366024826004013560061b830101116102945760243567ffffffffffffffff811161029457610bbc903690600401611dae565b909160ff5f5c1661026c57600160ff195f5c16175f5d73ffffffffffffffffffffffffffffffffffffffff7f000000000000000000000000000000000000000000000000000000000000000016156112d0577f000000000000000000000000000000000000000000000000000000000000000081600401351580156112c3575b61129057601f19610c65610c4f83611e90565b92610c5d6040519485611e60565b808452611e90565b013660208301375f935f935f5b84600401358110610e3c575082519260018401809411610559577f07ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff84168403610559576040519260208401947fffffffff000000000000000000000000000000000000000000000000000000007f000000000000000000000000000000000000000000000000000000000000000016865260051b60248501526044840160208351919301905f5b818110610e2657505050602084848481610d4d955f9a988b9a9852858301370186838201520301601f198101835282611e60565b51907f00000000000000000000000000000000000000000000000000000000000000005afa610d7a61212a565b9015610dec5750604051906004013581528160208201527fe68a12c514b6d49822a9232130de32822ecc0c72af1a1db288a40f68b8f5939c604073ffffffffffffffffffffffffffffffffffffffff851692a280610ddc5760ff195f5c165f5d005b610de591612193565b808061019c565b610e22906040519182917f824610e100000000000000000000000000000000000000000000000000000000835260048301612169565b0390fd5b8251855260209485019490920191600101610d19565b9495610e5086866004013560248801611ea8565b35906020610e6688886004013560248a01611ea8565b0135976fffffffffffffffffffffffffffffffff8916890361029457825f525f60205260405f20805460ff8160a01c16600481101561023f57600181036111de575b505060028101549267ffffffffffffffff84168067ffffffffffffffff8d60401c1611156111a257506001820154610eee8c67ffffffffffffffff8360a01c9116611e30565b918560a01c80841161117357506bffffffffffffffffffffffff8660401c168310611132578b6110ab575073ffffffffffffffffffffffffffffffffffffffff169a5b855f52600260205260405f205494851561107f5789518c10156110525760809590951b6fffffffffffffffffffffffffffffffff82161760058c901b8a0160200152600290920180547fffffffffffffffffffffffff000000000000000000000000000000000000000016604084811c67ffffffffffffffff16919091179083901b73ffffffffffffffffffffffff00000000000000001617905560019461104b94611045936bffffffffffffffffffffffff92907ff9ded050ed47512c063bbaff91610aa7a79b593ddcc0712c7fd53569be16ce2490611038906040805167ffffffffffffffff83831c81168252602082018a9052909216908201529081906060820190565b0390a260401c1690611e83565b90611eb8565b9501610c72565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b867f992b1db0000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b9b9073ffffffffffffffffffffffffffffffffffffffff8d16908173ffffffffffffffffffffffffffffffffffffffff8216036110e9575050610f31565b73ffffffffffffffffffffffffffffffffffffffff90887f33d93d68000000000000000000000000000000000000000000000000000000005f526004521660245260445260645ffd5b6bffffffffffffffffffffffff86847fc8d13b79000000000000000000000000000000000000000000000000000000005f5260045260401c1660245260445ffd5b837f99843c63000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b67ffffffffffffffff8c7faef79e28000000000000000000000000000000000000000000000000000000005f5260401c1660045260245260445ffd5b80156112645760028103611234575067ffffffffffffffff9060a81c16804210156112095780610ea8565b7fd97b1351000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b61022f90867f800b0615000000000000000000000000000000000000000000000000000000005f52600452611ddc565b857f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b907f77059593000000000000000000000000000000000000000000000000000000005f526004013560045260245260445ffd5b5080826004013511610c3c565b7ffbd2f061000000000000000000000000000000000000000000000000000000005f5260045ffd5b346102945760206003193601126102945773ffffffffffffffffffffffffffffffffffffffff611326611dea565b165f526001602052602073ffffffffffffffffffffffffffffffffffffffff60405f205416604051908152f35b346102945760206003193601126102945761136c611dea565b60ff5f5c1661026c5773ffffffffffffffffffffffffffffffffffffffff90600160ff195f5c16175f5d335f52600160205260405f208282167fffffffffffffffffffffffff000000000000000000000000000000000000000082541617905516337f342827c97908e5e2f71151c08502a66d44b6f758e3ac2f1de95f02eb95f0a7355f80a360ff195f5c165f5d005b34610294576020600319360112610294575f61016060405161141d81611e43565b8281528260208201528260408201528260608201528260808201528260a08201528260c08201528260e082015282610100820152826101208201528261014082015201526004355f525f60205260405f2060405161147a81611e43565b815473ffffffffffffffffffffffffffffffffffffffff8116825260ff8160a01c166020830190600481101561023f57815267ffffffffffffffff604084019260a81c1682526001840154606084019473ffffffffffffffffffffffffffffffffffffffff82168652608085019160a01c82526002810154918560a081019367ffffffffffffffff8116855260c08201986bffffffffffffffffffffffff8260401c168a5260e083019160a01c8252600385015491610100840192835273ffffffffffffffffffffffffffffffffffffffff600560048801549767ffffffffffffffff610140610120890198858c168a52019960a01c168952015416976101608b0198895273ffffffffffffffffffffffffffffffffffffffff6040519b51168b5251600481101561023f576101809b67ffffffffffffffff80998d60806bffffffffffffffffffffffff73ffffffffffffffffffffffffffffffffffffffff9f9b73ffffffffffffffffffffffffffffffffffffffff829a87829f859b602089015251166040870152511660608501525116910152511660a08d0152511660c08b0152511660e089015251610100880152511661012086015251166101408401525116610160820152f35b346102945760c060031936011261029457600435611662611d80565b9060443561166e611d97565b9160843567ffffffffffffffff81116102945761168f903690600401611dae565b94909360a43567ffffffffffffffff8111610294576116b2903690600401611dae565b9060ff5f5c1661026c57600160ff195f5c16175f5d845f525f60205260405f209081549160ff8360a01c16600481101561023f5760018103611c0d575b50600281019384549967ffffffffffffffff8b169467ffffffffffffffff89169580871115611bde57508b60a01c9c8d8c11611bae576117499b9c9d5067ffffffffffffffff8916928d600187019d8e5460a01c86611e30565b809111611b7f57506bffffffffffffffffffffffff8e9f60401c169e8f8110611b4f578a611790918d8f9673ffffffffffffffffffffffffffffffffffffffff1696611ec5565b9160418103611b24575060208101359060408101355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a08311611afc57601b81141580611af1575b611ac657925f9260809260209560405193845286840152356040830152606082015282805260015afa15611abb5773ffffffffffffffffffffffffffffffffffffffff5f511680158015611ab1575b611a8357505060405192606084019184831067ffffffffffffffff841117611a56576003926040528a85526fffffffffffffffff00000000000000008a60401b1617602085015201546040830152604051918160208401947ff219ed6f000000000000000000000000000000000000000000000000000000008652608060248601528160a486015260c48501375f60c48385010152604483015f905b60038210611a405750505091816118f360c45f9594601f19601f8897011681010301601f198101835282611e60565b519073ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000165afa61193661212a565b9015610dec575081547fffffffffffffffffffffffff000000000000000000000000ffffffffffffffff9091167fffffffffffffffffffffffff000000000000000000000000000000000000000090911617604087901b73ffffffffffffffffffffffff0000000000000000161790557ff9ded050ed47512c063bbaff91610aa7a79b593ddcc0712c7fd53569be16ce249185916119f9906040519384938491604091949367ffffffffffffffff91826060860197168552602085015216910152565b0390a2828211611a0d5760ff195f5c165f5d005b611a389273ffffffffffffffffffffffffffffffffffffffff611a3292541692611e83565b90612193565b80808061019c565b60208060019285518152019301910190916118c4565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b7f366d29f7000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b5081811415611828565b6040513d5f823e3d90fd5b7f1f003d0a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b50601c8114156117d9565b7ff0ad0d09000000000000000000000000000000000000000000000000000000005f5260045ffd5b7f7d1250fe000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b8f907fc8d13b79000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b8e7f085f597b000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b8d8c7f99843c63000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b867faef79e28000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b8015611c8c5760028103611c5c575067ffffffffffffffff8360a81c168042106116ef577fd97b1351000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b61022f90887f800b0615000000000000000000000000000000000000000000000000000000005f52600452611ddc565b877f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b346102945760206003193601126102945760043560ff5f5c1661026c57600160ff195f5c16175f5d611ce981611fc9565b805460ff8160a01c16600481101561023f5760028103611d50575067ffffffffffffffff9060a81c1691824210611d245761019c925061201a565b827fdc77fd2a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b61022f90847f800b0615000000000000000000000000000000000000000000000000000000005f52600452611ddc565b6024359067ffffffffffffffff8216820361029457565b6064359067ffffffffffffffff8216820361029457565b9181601f840112156102945782359167ffffffffffffffff8311610294576020838186019501011161029457565b600481101561023f57602452565b6004359073ffffffffffffffffffffffffffffffffffffffff8216820361029457565b6024359073ffffffffffffffffffffffffffffffffffffffff8216820361029457565b8181029291811591840414171561055957565b610180810190811067ffffffffffffffff821117611a5657604052565b90601f601f19910116810190811067ffffffffffffffff821117611a5657604052565b9190820391821161055957565b67ffffffffffffffff8111611a565760051b60200190565b91908110156110525760061b0190565b9190820180921161055957565b919267ffffffffffffffff90467f000000000000000000000000000000000000000000000000000000000000000003611fbb577f0000000000000000000000000000000000000000000000000000000000000000945b826040519460208601967f390e0a28fbdcccfabbfd0eb08eae4d492bf96d5b4edc9d1ad3e0cb1f324fd3ed8852604087015216606085015260808401521660a082015260a08152611f6d60c082611e60565b5190206040519060208201927f190100000000000000000000000000000000000000000000000000000000000084526022830152604282015260428152611fb5606282611e60565b51902090565b611fc36126e2565b94611f1b565b90815f525f60205260405f209160ff835460a01c16600481101561023f5715611fef5750565b7f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b9061205d73ffffffffffffffffffffffffffffffffffffffff600460028401936120e085546bffffffffffffffffffffffff8160401c169586809260a01c611e83565b96740300000000000000000000000000000000000000007fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff8554161784559073ffffffffffffffffffffffffffffffffffffffff7fffffffffffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055565b015416926040519182528260208301527f3d07579ed4c9075f56ecdaf7e9d57323e94009a35fa238eca89bb2a26f8c829760403393a38061211f575050565b61212891612193565b565b3d15612164573d9067ffffffffffffffff8211611a5657604051916121596020601f19601f8401160184611e60565b82523d5f602084013e565b606090565b601f19601f602060409481855280519182918282880152018686015e5f8582860101520116010190565b5f80808085855af16121a361212a565b50156121ad575050565b73ffffffffffffffffffffffffffffffffffffffff907f1c43b976000000000000000000000000000000000000000000000000000000005f521660045260245260445ffd5b907f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f00000019273ffffffffffffffffffffffffffffffffffffffff6040519281602085019546875230604087015216606085015216608083015260a082015260a0815261225d60c082611e60565b5190200690565b73ffffffffffffffffffffffffffffffffffffffff81165f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f20541680155f146122a9575090565b905090565b95949291909373ffffffffffffffffffffffffffffffffffffffff871693841580156126c4575b61269c577f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001841015612670576bffffffffffffffffffffffff82169283156126485767ffffffffffffffff8216988915801561263b575b61260f576bffffffffffffffffffffffff34116125e357600354907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff821461055957826001612380930191826003556121f2565b98895f525f60205260405f209460ff865460a01c1696600488101561023f578b976125b75773ffffffffffffffffffffffffffffffffffffffff8960057f6bb992cbdccb225a315345c27c84befe3241446c6963157bfb2da52c69e267cb998d84996124a160c09c6123f18c612264565b85547fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff9098167fffffffffffffffffffffff000000000000000000000000000000000000000000909816979097177401000000000000000000000000000000000000000017855573ffffffffffffffffffffffffffffffffffffffff8888161660a09190911b7fffffffffffffffffffffffff000000000000000000000000000000000000000016176001850155565b60028301805473ffffffffffffffffffffffffffffffffffffffff163460a01b7fffffffffffffffffffffffff000000000000000000000000000000000000000016179055866003840155856004840192167fffffffffffffffffffffffff00000000000000000000000000000000000000008354161782557fffffffff0000000000000000ffffffffffffffffffffffffffffffffffffffff7bffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055018287167fffffffffffffffffffffffff0000000000000000000000000000000000000000825416179055816040519c168c521660208b015260408a0152606089015260808801523460a08801521694a4565b877fab94c549000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fff740679000000000000000000000000000000000000000000000000000000005f523460045260245ffd5b897f02164ec9000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b506301e133808a1161232c565b7f4dfba023000000000000000000000000000000000000000000000000000000005f5260045ffd5b837fdcc0410c000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fd92e233d000000000000000000000000000000000000000000000000000000005f5260045ffd5b5073ffffffffffffffffffffffffffffffffffffffff8316156122d5565b60405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f69e2361cca7d3ca03a4d2fd007fe251b79d264680a421a5f05a8ee3733bf1e9c60408201527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a082015260a08152611fb560c082611e6056fea26469706673582212207d6fc0081d2bcdcd12a434a6d3ca43064294360edda6ee4aae0da0f788782abc64736f6c63430008250033",
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
// Solidity: function getChannel(uint256 channelId) view returns((address,uint8,uint64,address,uint96,uint64,uint96,uint96,uint256,address,uint64,address))
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
// Solidity: function getChannel(uint256 channelId) view returns((address,uint8,uint64,address,uint96,uint64,uint96,uint96,uint256,address,uint64,address))
func (channelManager *ChannelManager) TryPackGetChannel(channelId *big.Int) ([]byte, error) {
	return channelManager.abi.Pack("getChannel", channelId)
}

// UnpackGetChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x10df54a0.
//
// Solidity: function getChannel(uint256 channelId) view returns((address,uint8,uint64,address,uint96,uint64,uint96,uint96,uint256,address,uint64,address))
func (channelManager *ChannelManager) UnpackGetChannel(data []byte) (ChannelManagerChannel, error) {
	out, err := channelManager.abi.Unpack("getChannel", data)
	if err != nil {
		return *new(ChannelManagerChannel), err
	}
	out0 := *abi.ConvertType(out[0], new(ChannelManagerChannel)).(*ChannelManagerChannel)
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
	if bytes.Equal(raw[:4], channelManager.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return channelManager.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["KeyHashNotInField"].ID.Bytes()[:4]) {
		return channelManager.UnpackKeyHashNotInFieldError(raw[4:])
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
	if bytes.Equal(raw[:4], channelManager.abi.Errors["PayeeMismatch"].ID.Bytes()[:4]) {
		return channelManager.UnpackPayeeMismatchError(raw[4:])
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
