// Package bench measures what bwproof costs: proving cost per window size
// (constraints, setup, prove, verify, proof size, peak memory). The
// `bwproof bench` command and `go test -bench` both use it.
package bench
