// Package attest is the miner side of bwproof's proofs: it keeps the steps a
// client signed, builds the ByteCount witness for the latest voucher, proves
// it with Groth16 on BN254, and packages the result as a self-describing
// Attestation. It also owns the key files (setup, multi-party ceremony,
// loading) and the Solidity export of the verifying key.
package attest
