// Package verifier is bwproof's verifier service on NATS: a micro service
// (bwproof-verifier) that checks miners' Groth16 attestations (batched;
// batch attestations of many channels too, Options.BatchKeys),
// takes misbehavior reports and keeps per-party standing, all state in
// JetStream so that several processes on one cluster act as one service.
// Attestations are bound to the chain through a ChainSource (the channel
// is on the ChannelManager, the submitter is its miner or payee, the key
// hash is the channel's); without one, only with Options.AllowOffchain.
// It also embeds a nats-server for single-machine setups, ships the nkey
// access layout, and gives miners and clients a typed Client. See
// README.md for the wire API.
package verifier
