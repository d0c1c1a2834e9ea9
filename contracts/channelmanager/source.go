// Package channelmanager holds ChannelManager.sol, the payment-channel
// contract, with its combined JSON (ABI and bytecode from the pinned
// solc) and abigen v2 bindings generated from it: see package contracts.
package channelmanager

import _ "embed"

// Source is ChannelManager.sol, the source bindings.go and
// combined-abi.json were generated from (see package contracts).
//
//go:embed ChannelManager.sol
var Source string
