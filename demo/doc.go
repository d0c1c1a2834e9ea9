// Package demo runs the whole bwproof network in one process and checks
// every step: a dev key set, the simulated chain with the contracts
// deployed, an embedded NATS server with the verifier service bound to
// the chain, two miners over loopback TCP (the first corrupts a chunk
// provably; the second is a node.MinerNode that settles by itself) and a
// client paying on on-chain channels.
//
// Run fetches an object (the client fails over at the corrupt chunk and
// its report gets the faulty miner flagged), lets the honest miner node
// withdraw at its auto-settle threshold, buys a little more service on
// the same channel, and then has the client start a close while the miner
// holds a newer voucher than the one withdrawn (a stale close). Left
// alone, the miner node proves the latest step, submits it to the
// verifier and withdraws it before the challenge period ends; after the
// period the client finalizes. Run returns an error unless the miner got
// exactly the latest voucher's amount and the client's refund is exactly
// the rest of the deposit, to the wei.
//
// RunViaHub is the same network paying through hubs: client → hub 1 → …
// → miner, each hub a node.HubNode, the client with one channel (to hub
// 1) fetching over a virtual session; every leg settles on chain with its
// proof-locked lane voucher and the per-hop table (paid, fee kept,
// withdrawn) adds up to the wei.
//
// `bwproof demo` is flags around Run; TestDemo and the README's
// settlement table use it too. The verifier is deployed from the
// committed templates (contracts/verifierbin): Run needs no solc, node or
// checkout. EnsureSolc finds (or installs with npm ci) the pinned solc for
// the developer paths that still compile.
package demo
