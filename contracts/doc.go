// Package contracts is bwproof's on-chain settlement: the ChannelManager
// payment-channel contract (Solidity, in channelmanager/ with its committed
// abigen v2 bindings), the gnark-exported Groth16 verifier it calls, and a
// small chain adapter over go-ethereum used by the CLI, the demo and the
// tests: an embedded ethclient/simulated chain by default, or any JSON-RPC
// node. A ChannelManager deployed with a Batch verifier (DeployBatch,
// DeployManagerBatch) also settles up to K channels of one payee with one
// proof (SetBatchTag, WithdrawBatch).
//
// Lanes (lanes.go): lanes >= 1 of a channel are paid by the client's
// protocol.LaneVoucher (WithdrawLane), each lane with its own nonce and
// cumulative amount, time bounds, an optional hash lock and a proof lock
// naming a proof target (a virtual channel paid through hubs) and the end
// client's receipt key hash. The contract remembers the largest byte
// count proven per (target, key hash) (ProvenBytes; ProveTarget records
// one without a withdrawal), so one proof opens every hop of a route, and
// the first reveal of each preimage (RevealedAt, RevealPreimage). The
// direct voucher and all lanes together never exceed the deposit; close
// refunds the rest. The Watcher also reports LaneWithdrawn, Proven and
// PreimageRevealed; a ChannelCache keeps channel reads until its event
// (the miner node's admission and the hub share it).
//
// No Solidity compiler at run time. The verifier's source depends on the
// key set, but only through its constants (the key's points), so the
// pinned solc compiles gnark's export once per shape (number of public
// inputs) with placeholder constants, and deploying writes a key set's
// values over them (verifierbin: the argument, and which shapes exist).
// Deploy, DeployBatch and VerifierArtifact take a nil *solc.Compiler for
// that; a compiler compiles the key set's source instead (development).
//
// solc stays a developer and CI tool: regenerate the ChannelManager
// bindings after editing ChannelManager.sol, and the verifier templates
// after changing gnark, solc or verifierbin.Shapes (needs `npm ci` in this
// directory first):
//
//	go generate ./contracts
//
// TestBindingsUpToDate and verifierbin's TestTemplatesUpToDate fail when
// the committed files are stale against the sources and the pinned
// compiler.
package contracts

//go:generate go run ./internal/solcgen -out channelmanager/combined-abi.json -verifiers verifierbin/templates.json
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 -v2 -combined-json channelmanager/combined-abi.json -type ChannelManager -pkg channelmanager -out channelmanager/bindings.go
