// Package testkeys shares Groth16 key setups between the tests of one test
// binary. A setup is the slowest step of most tests, and every test of a
// package proves against the same few circuits, so each key set is made
// once and reused (see Shared); Groth16 compiles a circuit and runs the
// raw gnark setup for tests below the attest package. It imports nothing
// of bwproof, so attest's own tests can use it too.
package testkeys
