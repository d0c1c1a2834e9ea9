// Package protocol holds the types that the client, the miner, the verifier
// and the contracts agree on: vouchers, receipts, chunk leaves, probe answers,
// the Poseidon2 sponge they are hashed with, and their one canonical binary
// encoding. Everything else in bwproof builds on these definitions, so they
// change only with a new encoding version.
package protocol
