package main

import (
	"context"
	"math/big"
	"testing"
)

// TestDemo runs the one-process network end to end with a small window
// and object: real Groth16 keys, compiled contracts on the simulated chain,
// an embedded NATS server, two miners over loopback TCP.
func TestDemo(t *testing.T) {
	sum, err := runDemo(context.Background(), demoOptions{Window: 4, ObjectSize: 600 << 10, ChunkSize: 16 << 10, CorruptAt: 9})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.FileIdentical || sum.Bytes != 600<<10 {
		t.Fatalf("fetched %d bytes, identical=%v", sum.Bytes, sum.FileIdentical)
	}
	if sum.Failovers != 1 || sum.ProvenReports != 1 || len(sum.Flagged) != 1 {
		t.Fatalf("failovers %d, proven reports %d, flagged %v", sum.Failovers, sum.ProvenReports, sum.Flagged)
	}
	if sum.Paid.Sign() <= 0 || sum.Attested == 0 || sum.WithdrawGas == 0 {
		t.Fatalf("paid %s for %d attested bytes, gas %d", sum.Paid, sum.Attested, sum.WithdrawGas)
	}
	// The honest miner is paid exactly what it proved, at the price.
	if want := new(big.Int).Mul(new(big.Int).SetUint64(sum.Attested), big.NewInt(1_000_000_000)); sum.Paid.Cmp(want) != 0 {
		t.Fatalf("paid %s, want %s", sum.Paid, want)
	}
}
