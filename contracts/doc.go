// Package contracts is bwproof's on-chain settlement: the ChannelManager
// payment-channel contract (Solidity, in channelmanager/ with its committed
// abigen v2 bindings), the gnark-exported Groth16 verifier it calls
// (compiled per key set with solcjs at deploy time), and a small chain
// adapter over go-ethereum used by the CLI, the demo and the tests: an
// embedded ethclient/simulated chain by default, or any JSON-RPC node.
// A ChannelManager deployed with a Batch verifier (DeployBatch,
// DeployManagerBatch) also settles up to K channels of one payee with one
// proof (SetBatchTag, WithdrawBatch).
//
// Regenerate the bindings after editing ChannelManager.sol (needs
// `npm ci` in this directory first):
//
//	go generate ./contracts
//
// TestBindingsUpToDate fails when the committed combined JSON or bindings
// are stale against the source and the pinned compiler.
package contracts

//go:generate go run ./internal/solcgen -out channelmanager/combined-abi.json
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 -v2 -combined-json channelmanager/combined-abi.json -type ChannelManager -pkg channelmanager -out channelmanager/bindings.go
