// Package node runs bwproof's long-running roles against a real chain:
// ChainChannels reads (and caches, refreshed on events) each channel from
// the ChannelManager contract and decides whether a miner may serve it and
// how much credit its deposit covers; Settler watches the contract's
// events and, restart-safe through an fsynced journal, proves the latest
// step of the miner's ledger and withdraws it when a client starts a
// close, when the unsettled amount reaches a threshold at an acceptable gas
// price, or when a challenge deadline nears (AutoSettle); Status reports
// per channel what was served, paid, proven and withdrawn (ReadStatus
// builds the same from the files and the chain, without a running node).
//
// MinerNode puts them together: a challenge.Miner whose CheckChannel is
// ChainChannels (asked at every hello and after every payment; its
// refusals reach the client with their Reason), and the Settler, whose
// events keep that cache fresh. Run(ctx, listener) is the whole miner
// node.
//
// The CLI (`bwproof miner serve --rpc`, `bwproof miner status`), the demo
// and the tests build on it: cmd/bwproof only turns flags into these
// options.
package node
