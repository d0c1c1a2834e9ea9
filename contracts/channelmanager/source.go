package channelmanager

import _ "embed"

// Source is ChannelManager.sol, the source bindings.go and
// combined-abi.json were generated from (see package contracts).
//
//go:embed ChannelManager.sol
var Source string
