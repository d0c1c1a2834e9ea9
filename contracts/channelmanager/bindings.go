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

// ChannelManagerMetaData contains all meta data concerning the ChannelManager contract.
var ChannelManagerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIByteCountVerifier\",\"name\":\"verifier_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawn\",\"type\":\"uint256\"}],\"name\":\"AmountBelowWithdrawn\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maxAmount\",\"type\":\"uint256\"}],\"name\":\"AmountExceedsBytes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"AmountExceedsDeposit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"BadChallengePeriod\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"BadSignatureLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"name\":\"BadSignatureV\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"ChallengePeriodActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"ChallengePeriodOver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"ChannelIdTaken\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"DepositTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"reason\",\"type\":\"bytes\"}],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"keyHash\",\"type\":\"uint256\"}],\"name\":\"KeyHashNotInField\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"MalleableSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOwnerOf\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Reentrancy\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"settled\",\"type\":\"uint64\"}],\"name\":\"StaleNonce\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"Unauthorized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"UnknownChannel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"}],\"name\":\"VerifierHasNoCode\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"}],\"name\":\"WrongSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"enumChannelManager.State\",\"name\":\"state\",\"type\":\"uint8\"}],\"name\":\"WrongState\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroPrice\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"minerTotal\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"refund\",\"type\":\"uint256\"}],\"name\":\"ChannelClosed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"funder\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"ChannelOpened\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"CloseStarted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnerSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"}],\"name\":\"PayeeChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"deposit\",\"type\":\"uint256\"}],\"name\":\"ToppedUp\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_CHALLENGE_PERIOD\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channelCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"cooperativeClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"finalize\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"getChannel\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"enumChannelManager.State\",\"name\":\"state\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint96\",\"name\":\"withdrawn\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"deposit\",\"type\":\"uint96\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"funder\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"}],\"internalType\":\"structChannelManager.Channel\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"}],\"name\":\"nextChannelId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"open\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"client\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"miner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"clientProofKeyHash\",\"type\":\"uint256\"},{\"internalType\":\"uint96\",\"name\":\"pricePerByte\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"challengePeriod\",\"type\":\"uint64\"}],\"name\":\"openFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"peer\",\"type\":\"address\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"refreshPayee\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"setOwner\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"startClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"}],\"name\":\"topUp\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractIByteCountVerifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"}],\"name\":\"voucherDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"channelId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"cumulativeAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"cumulativeBytes\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"clientSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "a93a038c526aa02701c2367d69104d5f38",
	Bin: "0x60e0806040523461013357602081611f6a803803809161001f8285610137565b83398101031261013357516001600160a01b03811680820361013357803b1561012157506080524660a05260405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f69e2361cca7d3ca03a4d2fd007fe251b79d264680a421a5f05a8ee3733bf1e9c60408201527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a082015260a081526100dc60c082610137565b51902060c052604051611dfb908161016f82396080518181816108810152610f22015260a0518181816102690152611531015260c05181818161029101526115570152f35b63b3136e4760e01b5f5260045260245ffd5b5f80fd5b601f909101601f19168101906001600160401b0382119082101761015a57604052565b634e487b7160e01b5f52604160045260245ffdfe60806040526004361015610011575f80fd5b5f3560e01c806305261aea1461133f5780630fbd7c6b14610bf357806310df54a0146109a957806313af40351461090057806314afd79e146108a55780632b7ac3f31461085557806350017f3e1461071f5780636b1a3b71146106e357806380c1e706146106c5578063a1ca648c146105f7578063a632a06c1461059c578063acf8bf2a1461057f578063b2a52a491461054c578063d7937fce146103b8578063d9184016146102c8578063f698da25146102565763f7c4702a146100d4575f80fd5b346102525760206003193601126102525760043560ff5f5c1661022a57600160ff195f5c16175f5d61010581611626565b60ff815460a01c1660048110156101fd576001811415806101f2575b6101bd575073ffffffffffffffffffffffffffffffffffffffff600582015416803314159081610190575b506101645761015a91611677565b60ff195f5c165f5d005b7f8e4a23d6000000000000000000000000000000000000000000000000000000005f523360045260245ffd5b90505f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f2054163314155f61014c565b6101ed90837f800b0615000000000000000000000000000000000000000000000000000000005f52600452611463565b60445ffd5b506002811415610121565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b7fab143c06000000000000000000000000000000000000000000000000000000005f5260045ffd5b5f80fd5b34610252575f60031936011261025257467f0000000000000000000000000000000000000000000000000000000000000000036102b95760207f00000000000000000000000000000000000000000000000000000000000000005b604051908152f35b60206102c3611d33565b6102b1565b60a0600319360112610252576102dc611471565b6102e4611494565b90606435906bffffffffffffffffffffffff82168203610252576084359267ffffffffffffffff841684036102525760ff5f5c1661022a57600160ff195f5c16175f5d73ffffffffffffffffffffffffffffffffffffffff8216805f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f205416330361038957602061037986866044358633896118ff565b60ff195f5c165f5d604051908152f35b7f4fe68d08000000000000000000000000000000000000000000000000000000005f526004523360245260445ffd5b346102525760206003193601126102525760043560ff5f5c1661022a57600160ff195f5c16175f5d6103e981611626565b90815460ff8160a01c1660048110156101fd57600181036101bd575073ffffffffffffffffffffffffffffffffffffffff1633141580610528575b6101645767ffffffffffffffff600483015460a01c1667ffffffffffffffff4216019167ffffffffffffffff83116104fb5780547fffffff000000000000000000ffffffffffffffffffffffffffffffffffffffff1660a884901b7cffffffffffffffff00000000000000000000000000000000000000000016177402000000000000000000000000000000000000000017905560405167ffffffffffffffff909216825233917f9991d9ae61580dd0ec900d2a4dcfa7681ce44ff03bd5ec59833347248312fc0290602090a360ff195f5c165f5d005b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b5073ffffffffffffffffffffffffffffffffffffffff600483015416331415610424565b346102525760806003193601126102525760206102b161056a611407565b61057261141e565b9060443590600435611522565b34610252575f600319360112610252576020600254604051908152f35b6080600319360112610252576105b0611471565b604435906bffffffffffffffffffffffff82168203610252576105d161141e565b60ff5f5c1661022a5760209261037992600160ff195f5c16175f5d6024359033336118ff565b346102525760206003193601126102525760043560ff5f5c1661022a57600160ff195f5c16175f5d61062881611626565b60ff815460a01c1660048110156101fd57600381146101bd575080600161066973ffffffffffffffffffffffffffffffffffffffff600581950154166118b5565b91018282167fffffffffffffffffffffffff000000000000000000000000000000000000000082541617905516907f22178795f41268ec023f6a5c2fcb5d7098c4aadccddf002ae2cd25d569c20c0d5f80a360ff195f5c165f5d005b34610252575f6003193601126102525760206040516301e133808152f35b34610252576040600319360112610252576106fc611471565b610704611494565b90600254600181018091116104fb576020926102b192611843565b60206003193601126102525760043560ff5f5c1661022a57600160ff195f5c16175f5d61074b81611626565b60ff815460a01c1660048110156101fd57600181036101bd575073ffffffffffffffffffffffffffffffffffffffff600482015416330361016457600201805460a01c903482018092116104fb576bffffffffffffffffffffffff821161082957805473ffffffffffffffffffffffffffffffffffffffff1660a083901b7fffffffffffffffffffffffff0000000000000000000000000000000000000000161790557f43aaaa1283a8e83fc06a9914af587a9e6c3daebd722d1d79903d997925b6522e906040908151903482526020820152a260ff195f5c165f5d005b507fff740679000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b34610252575f60031936011261025257602060405173ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168152f35b346102525760206003193601126102525773ffffffffffffffffffffffffffffffffffffffff6108d3611471565b165f526001602052602073ffffffffffffffffffffffffffffffffffffffff60405f205416604051908152f35b3461025257602060031936011261025257610919611471565b60ff5f5c1661022a5773ffffffffffffffffffffffffffffffffffffffff90600160ff195f5c16175f5d335f52600160205260405f208282167fffffffffffffffffffffffff000000000000000000000000000000000000000082541617905516337f342827c97908e5e2f71151c08502a66d44b6f758e3ac2f1de95f02eb95f0a7355f80a360ff195f5c165f5d005b34610252576020600319360112610252575f6101606040516109ca816114b7565b8281528260208201528260408201528260608201528260808201528260a08201528260c08201528260e082015282610100820152826101208201528261014082015201526004355f525f60205260405f20604051610a27816114b7565b815473ffffffffffffffffffffffffffffffffffffffff8116825260ff8160a01c16602083019060048110156101fd57815267ffffffffffffffff604084019260a81c1682526001840154606084019473ffffffffffffffffffffffffffffffffffffffff82168652608085019160a01c82526002810154918560a081019367ffffffffffffffff8116855260c08201986bffffffffffffffffffffffff8260401c168a5260e083019160a01c8252600385015491610100840192835273ffffffffffffffffffffffffffffffffffffffff600560048801549767ffffffffffffffff610140610120890198858c168a52019960a01c168952015416976101608b0198895273ffffffffffffffffffffffffffffffffffffffff6040519b51168b525160048110156101fd576101809b67ffffffffffffffff80998d60806bffffffffffffffffffffffff73ffffffffffffffffffffffffffffffffffffffff9f9b73ffffffffffffffffffffffffffffffffffffffff829a87829f859b602089015251166040870152511660608501525116910152511660a08d0152511660c08b0152511660e089015251610100880152511661012086015251166101408401525116610160820152f35b346102525760c060031936011261025257610c0c611407565b610c1461141e565b9060843567ffffffffffffffff811161025257610c35903690600401611435565b91909260a43567ffffffffffffffff811161025257610c58903690600401611435565b9460ff5f5c1661022a57600160ff195f5c16175f5d6004355f525f60205260405f209182549660ff8860a01c1660048110156101fd5760018103611290575b5060028401549267ffffffffffffffff84168067ffffffffffffffff8916111561125757508360a01c8060443511611226575060018501549767ffffffffffffffff87168960a01c67ffffffffffffffff891602048960a01c1467ffffffffffffffff88161517156104fb578860a01c67ffffffffffffffff881602604435116111e4576bffffffffffffffffffffffff8560401c16998a604435106111b25773ffffffffffffffffffffffffffffffffffffffff1691610d5e886044358b600435611522565b9160418103611187575060208101359060408101355f1a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0831161115f57601b81141580611154575b61112957925f9260809260209560405193845286840152356040830152606082015282805260015afa1561111e5773ffffffffffffffffffffffffffffffffffffffff5f511680158015611114575b6110e6575050604051906060820182811067ffffffffffffffff8211176110b957604052600435825267ffffffffffffffff86166fffffffffffffffff00000000000000008860401b1617602083015260038501546040830152604051918160208401947ff219ed6f000000000000000000000000000000000000000000000000000000008652608060248601528160a486015260c48501375f60c48385010152604483015f905b600382106110a3575050509181610f0960c45f95947fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f88970116810103017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe081018352826114d4565b519073ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000165afa610f4c611787565b901561102c575090600267ffffffffffffffff939273ffffffffffffffffffffffff000000000000000060443560401b16907fffffffffffffffffffffffff000000000000000000000000000000000000000086881691161717910155816040519316835260443560208401521660408201527ff9ded050ed47512c063bbaff91610aa7a79b593ddcc0712c7fd53569be16ce24606060043592a28160443511610ffa5760ff195f5c165f5d005b73ffffffffffffffffffffffffffffffffffffffff61101e61102593604435611515565b91166117e4565b808061015a565b60446020917fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f6040519485937f824610e10000000000000000000000000000000000000000000000000000000085528160048601528051918291826024880152018686015e5f85828601015201168101030190fd5b6020806001928551815201930191019091610e9e565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b7f366d29f7000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b5081811415610df6565b6040513d5f823e3d90fd5b7f1f003d0a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b50601c811415610da7565b7ff0ad0d09000000000000000000000000000000000000000000000000000000005f5260045ffd5b7f7d1250fe000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b8a7fc8d13b79000000000000000000000000000000000000000000000000000000005f5260443560045260245260445ffd5b8667ffffffffffffffff8a7f085f597b000000000000000000000000000000000000000000000000000000005f5260443560045260a01c91160260245260445ffd5b7f99843c63000000000000000000000000000000000000000000000000000000005f5260443560045260245260445ffd5b67ffffffffffffffff887faef79e28000000000000000000000000000000000000000000000000000000005f521660045260245260445ffd5b801561131157600281036112df575067ffffffffffffffff8860a81c16804210610c97577fd97b1351000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b6101ed907f800b0615000000000000000000000000000000000000000000000000000000005f52600435600452611463565b7f5bd937db000000000000000000000000000000000000000000000000000000005f5260043560045260245ffd5b346102525760206003193601126102525760043560ff5f5c1661022a57600160ff195f5c16175f5d61137081611626565b805460ff8160a01c1660048110156101fd57600281036113d7575067ffffffffffffffff9060a81c16918242106113ab5761015a9250611677565b827fdc77fd2a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b6101ed90847f800b0615000000000000000000000000000000000000000000000000000000005f52600452611463565b6024359067ffffffffffffffff8216820361025257565b6064359067ffffffffffffffff8216820361025257565b9181601f840112156102525782359167ffffffffffffffff8311610252576020838186019501011161025257565b60048110156101fd57602452565b6004359073ffffffffffffffffffffffffffffffffffffffff8216820361025257565b6024359073ffffffffffffffffffffffffffffffffffffffff8216820361025257565b610180810190811067ffffffffffffffff8211176110b957604052565b90601f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0910116810190811067ffffffffffffffff8211176110b957604052565b919082039182116104fb57565b919267ffffffffffffffff90467f000000000000000000000000000000000000000000000000000000000000000003611618577f0000000000000000000000000000000000000000000000000000000000000000945b826040519460208601967f390e0a28fbdcccfabbfd0eb08eae4d492bf96d5b4edc9d1ad3e0cb1f324fd3ed8852604087015216606085015260808401521660a082015260a081526115ca60c0826114d4565b5190206040519060208201927f1901000000000000000000000000000000000000000000000000000000000000845260228301526042820152604281526116126062826114d4565b51902090565b611620611d33565b94611578565b90815f525f60205260405f209160ff835460a01c1660048110156101fd571561164c5750565b7f5bd937db000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b906116ba73ffffffffffffffffffffffffffffffffffffffff6004600284019361173d85546bffffffffffffffffffffffff8160401c169586809260a01c611515565b96740300000000000000000000000000000000000000007fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff8554161784559073ffffffffffffffffffffffffffffffffffffffff7fffffffffffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055565b015416926040519182528260208301527f3d07579ed4c9075f56ecdaf7e9d57323e94009a35fa238eca89bb2a26f8c829760403393a38061177c575050565b611785916117e4565b565b3d156117df573d9067ffffffffffffffff82116110b957604051916117d460207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f84011601846114d4565b82523d5f602084013e565b606090565b5f80808085855af16117f4611787565b50156117fe575050565b73ffffffffffffffffffffffffffffffffffffffff907f1c43b976000000000000000000000000000000000000000000000000000000005f521660045260245260445ffd5b907f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f00000019273ffffffffffffffffffffffffffffffffffffffff6040519281602085019546875230604087015216606085015216608083015260a082015260a081526118ae60c0826114d4565b5190200690565b73ffffffffffffffffffffffffffffffffffffffff81165f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f20541680155f146118fa575090565b905090565b95949291909373ffffffffffffffffffffffffffffffffffffffff87169384158015611d15575b611ced577f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001841015611cc1576bffffffffffffffffffffffff8216928315611c995767ffffffffffffffff82169889158015611c8c575b611c60576bffffffffffffffffffffffff3411611c3457600254907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff82146104fb578260016119d193019182600255611843565b98895f525f60205260405f209460ff865460a01c169660048810156101fd578b97611c085773ffffffffffffffffffffffffffffffffffffffff8960057f6bb992cbdccb225a315345c27c84befe3241446c6963157bfb2da52c69e267cb998d8499611af260c09c611a428c6118b5565b85547fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff9098167fffffffffffffffffffffff000000000000000000000000000000000000000000909816979097177401000000000000000000000000000000000000000017855573ffffffffffffffffffffffffffffffffffffffff8888161660a09190911b7fffffffffffffffffffffffff000000000000000000000000000000000000000016176001850155565b60028301805473ffffffffffffffffffffffffffffffffffffffff163460a01b7fffffffffffffffffffffffff000000000000000000000000000000000000000016179055866003840155856004840192167fffffffffffffffffffffffff00000000000000000000000000000000000000008354161782557fffffffff0000000000000000ffffffffffffffffffffffffffffffffffffffff7bffffffffffffffff000000000000000000000000000000000000000083549260a01b169116179055018287167fffffffffffffffffffffffff0000000000000000000000000000000000000000825416179055816040519c168c521660208b015260408a0152606089015260808801523460a08801521694a4565b877fab94c549000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fff740679000000000000000000000000000000000000000000000000000000005f523460045260245ffd5b897f02164ec9000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b506301e133808a1161197d565b7f4dfba023000000000000000000000000000000000000000000000000000000005f5260045ffd5b837fdcc0410c000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fd92e233d000000000000000000000000000000000000000000000000000000005f5260045ffd5b5073ffffffffffffffffffffffffffffffffffffffff831615611926565b60405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f69e2361cca7d3ca03a4d2fd007fe251b79d264680a421a5f05a8ee3733bf1e9c60408201527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a082015260a0815261161260c0826114d456fea2646970667358221220ed559ab04c272d8af416d8b87138ea02bc9965a4b353af1b4b65e0490300398e64736f6c63430008250033",
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
// Solidity: constructor(address verifier_) returns()
func (channelManager *ChannelManager) PackConstructor(verifier_ common.Address) []byte {
	enc, err := channelManager.abi.Pack("", verifier_)
	if err != nil {
		panic(err)
	}
	return enc
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
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadChallengePeriod"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadChallengePeriodError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadSignatureLength"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadSignatureLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], channelManager.abi.Errors["BadSignatureV"].ID.Bytes()[:4]) {
		return channelManager.UnpackBadSignatureVError(raw[4:])
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
	if bytes.Equal(raw[:4], channelManager.abi.Errors["NotOwnerOf"].ID.Bytes()[:4]) {
		return channelManager.UnpackNotOwnerOfError(raw[4:])
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
