// Package challenge is the data path: content store, wire protocol, miner
// server, fetching client, probes and step-by-step payment.
//
// A miner serves content-addressed objects (protocol.ObjectID, SHA-256
// Merkle tree over fixed-size chunks) over TCP. Every chunk travels with a
// header and Merkle path signed by the miner, so the client checks each chunk
// against the object id alone and holds third-party evidence when a chunk is
// wrong. The client probes the miner with fresh challenges (possession of a
// chunk of the current window, round-trip latency) and, after each window,
// pays with a voucher and a receipt (a protocol.Step). The miner stops
// sending once the client's unpaid bytes would exceed its credit limit, and
// the client stops paying and fails over to another miner as soon as data or
// a probe is wrong, so neither side risks more than one window.
//
// The miner keeps every accepted step on disk (Ledger), fsynced before it
// acknowledges the voucher, in the form the attest package proves from.
package challenge
