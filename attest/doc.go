// Package attest is the miner side of bwproof's proofs: it keeps the steps a
// client signed, builds the ByteCount witness for the latest voucher, proves
// it with Groth16 on BN254, and packages the result as a self-describing
// Attestation. It also owns the key files (setup, multi-party ceremony,
// loading) and the Solidity export of the verifying key. For batch
// settlement it sets up Batch key sets (SetupBatch, in process only: no key
// directory format yet), proves up to K channels in one BatchAttestation
// (ProveBatch, Attestor.ProveBatch) and verifies it. The verifier service
// does not accept batch attestations yet (no wire encoding).
//
// A key directory is untrusted input (operators download them): the
// manifest is read with a size bound and strict JSON, each key file's size
// is bounded by the manifest's shape before it is read, and its length
// prefixes are walked against its size and shape before gnark parses it
// (keyfile.go). circuit.r1cs is never parsed: LoadKeys compiles the circuit
// for the manifest's shape and requires the file to be that compilation.
package attest
