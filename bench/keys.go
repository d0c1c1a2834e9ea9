package bench

import (
	"crypto/ecdsa"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

var benchDomain = protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.Address{}}

func benchKeys() (*ecdsa.PrivateKey, *protocol.ReceiptKey, error) {
	client, err := crypto.GenerateKey()
	if err != nil {
		return nil, nil, err
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return nil, nil, err
	}
	return client, rk, nil
}
