// Package bench measures what bwproof costs: proving cost per window size
// (constraints, setup, prove, verify, proof size, peak memory; charted
// with gonum/plot as PNG and SVG beside a CSV of the raw runs), batch
// settlement per K (the same, plus gas per transaction and per channel on an
// embedded chain), attestation
// throughput through the NATS verifier (single vs batched), and the data
// path against a raw TCP copy, on loopback or through Link, a relay that
// emulates a long, rate-limited path. The `bwproof bench` command and
// `go test -bench` both use it.
package bench
