// Package node runs bwproof's long-running roles against a real chain:
// ChainChannels reads (and caches, refreshed on events) each channel from
// the ChannelManager contract and decides whether a miner may serve it and
// how much credit its deposit covers; Settler watches the contract's
// events and, restart-safe through an fsynced journal, proves the latest
// step of the miner's ledger and withdraws it when a client starts a
// close, when the unsettled amount reaches a threshold at an acceptable gas
// price, or when a challenge deadline nears (AutoSettle); with a batch key
// set (SettlerOptions.BatchKeys) and a contract with a batch verifier of
// the same K, the channels of one payee due in the same Step whose on-chain
// batch tag matches are proved together (attest.ProveBatch) and settled
// with one withdrawBatch transaction, the rest (and a failed batch) alone;
// Status reports
// per channel what was served, paid, proven and withdrawn (ReadStatus
// builds the same from the files and the chain, without a running node).
//
// MinerNode puts them together: a challenge.Miner whose CheckChannel is
// ChainChannels (asked at every hello and after every payment; its
// refusals reach the client with their Reason), and the Settler, whose
// events keep that cache fresh. Run(ctx, listener) is the whole miner
// node.
//
// The client's side is ClientChannels: it finds the channel to pay a
// miner on (given, used before, or opened now with OpenTerms), checks it
// against the chain with protocol.CheckChannel, and plugs into
// challenge.ClientOptions (Apply) the on-chain view the client checks
// every voucher against, so it never signs beyond the deposit, and the
// top-ups its TopUpPolicy allows (none by default). StartClose starts a
// channel's challenge period; Finalize (or with Watch, once the chain's
// clock passes closesAt) refunds the funder what the miner did not
// withdraw, as the contract's ChannelClosed event reports it.
//
// Paying through hubs (virtual sessions, see challenge.VirtualBinding):
// ChainChannels.CheckChannel admits a virtual session on its paying
// channel's lane (open, this miner's, long enough period, room in the
// deposit next to the miner's other lanes) and hands the miner the lane's
// terms for protocol.CheckLaneVoucher; the Settler withdraws each
// session's latest lane voucher with withdrawLane (its preimage, and the
// proof of the session's receipts unless the target is already proven)
// at the threshold, when the paying channel closes or before the
// voucher's expiry less the margin; LaneClaimer withdraws a hub's inbound
// lane vouchers, with no proof of its own, once the chain proved their
// target and revealed their preimage (PreimageRevealed events); ViaHubs
// is a client's challenge.ClientOptions.Route over a hub.Router. HubNode
// is a hub as a process (`bwproof hub serve`): the hub and its NATS
// service, a channel cache and reservations fed by the contract's events
// (what the chain paid on a lane shrinks its route's reservation), the
// outbound channels it opens or adopts, and a LaneClaimer over its
// inbound lanes; it resumes from its state directory. Status and
// ReadHubStatus report its channels and routes as JSON.
//
// The miner's limits on hostile clients (credit per channel and per key,
// unpaid bytes in total, connections, progress timeout) live in
// challenge.MinerOptions; the node adds what only the chain knows: a
// channel must exist, be open, pay this miner, carry the hello's terms
// and a long enough challenge period, and have deposit left.
//
// The CLI (`bwproof miner serve --rpc`, `bwproof miner status`,
// `bwproof client close|finalize`, `bwproof client fetch --rpc`), the demo
// package and the tests build on it: cmd/bwproof only turns flags into
// these options.
package node
