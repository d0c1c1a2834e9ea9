package bench

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// MeasureWithdrawGas deploys keys' generated verifier and ChannelManager on
// an embedded simulated chain (mainnet gas rules), opens a channel, proves a
// full window of signed traffic on it and returns the gas of the miner's
// withdrawal with that proof. compiler nil deploys the verifier from the
// committed templates (no solc; contracts.VerifierArtifact).
func MeasureWithdrawGas(ctx context.Context, keys *attest.Keys, compiler *solc.Compiler, chunk int) (uint64, error) {
	chain, deployer, miner, client, err := devChain(ctx)
	if err != nil {
		return 0, err
	}
	defer chain.Close()
	var src bytes.Buffer
	if err := keys.ExportSolidity(&src); err != nil {
		return 0, err
	}
	dep, err := contracts.Deploy(ctx, chain.Chain, deployer, compiler, src.Bytes())
	if err != nil {
		return 0, fmt.Errorf("deploy: %w", err)
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return 0, err
	}
	kh, err := rk.Public().Hash()
	if err != nil {
		return 0, err
	}
	bytesTotal := uint64(keys.Shape.Chunks) * uint64(chunk)
	price := big.NewInt(1)
	id, _, err := dep.Manager.Open(ctx, client, contracts.OpenParams{Miner: crypto.PubkeyToAddress(miner.PublicKey),
		KeyHash: kh, PricePerByte: price, ChallengePeriod: time.Hour, Deposit: new(big.Int).SetUint64(bytesTotal)})
	if err != nil {
		return 0, fmt.Errorf("open: %w", err)
	}
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: keys.Shape, Bytes: bytesTotal, ChunkSize: chunk,
		ChannelID: id, Domain: dep.Manager.Domain(), PricePerByte: price, Client: client, ReceiptKey: rk})
	if err != nil {
		return 0, err
	}
	step, _ := sess.Latest()
	a, err := attest.Prove(ctx, keys, step)
	if err != nil {
		return 0, err
	}
	r, err := dep.Manager.WithdrawAttestation(ctx, miner, &step.Voucher, a)
	if err != nil {
		return 0, fmt.Errorf("withdraw: %w", err)
	}
	return r.GasUsed, nil
}

// devChain is an embedded simulated chain (mainnet rules) with dev
// accounts 0, 1 and 2 funded: the deployer, the miner and the client.
func devChain(ctx context.Context) (chain *contracts.Simulated, deployer, miner, client *ecdsa.PrivateKey, err error) {
	deployer, da := contracts.DevKey(0)
	miner, ma := contracts.DevKey(1)
	client, ca := contracts.DevKey(2)
	alloc := types.GenesisAlloc{
		crypto.PubkeyToAddress(deployer.PublicKey): da,
		crypto.PubkeyToAddress(miner.PublicKey):    ma,
		crypto.PubkeyToAddress(client.PublicKey):   ca,
	}
	chain, err = contracts.NewSimulated(ctx, contracts.SimulatedOptions{Alloc: alloc})
	return chain, deployer, miner, client, err
}
