package demo

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"testing"
)

// TestDemoViaHub runs client → hub 1 → hub 2 → miner on the embedded
// chain with small keys: the object arrives intact and the per-hop table
// adds up to the wei (RunViaHub checks every leg and balance itself; the
// test checks the summary agrees).
func TestDemoViaHub(t *testing.T) {
	var out bytes.Buffer
	sum, err := RunViaHub(context.Background(), ViaHubOptions{Hubs: 2, Window: 4, ObjectSize: 100 << 10, ChunkSize: 16 << 10, Out: &out})
	t.Logf("\n%s", out.String())
	if err != nil {
		t.Fatal(err)
	}
	if !sum.FileIdentical || sum.Bytes != 100<<10 || len(sum.Hops) != 3 || len(sum.Hubs) != 2 {
		t.Fatalf("summary %+v", sum)
	}
	if err := sum.CheckAmounts(); err != nil {
		t.Fatal(err)
	}
	wei := func(s string) *big.Int {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			t.Fatalf("amount %q", s)
		}
		return v
	}
	if want := new(big.Int).Mul(big.NewInt(100<<10), DefaultPrice); wei(sum.MinerGotWei).Cmp(want) != 0 {
		t.Fatalf("miner got %s, want %s", sum.MinerGotWei, want)
	}
}

// TestViaHubSummaryCheckAmounts: a summary whose amounts add up passes;
// each way of not adding up is ErrCheck.
func TestViaHubSummaryCheckAmounts(t *testing.T) {
	good := func() *ViaHubSummary {
		return &ViaHubSummary{Hops: []HopSettlement{
			{PaidWei: "1110", FeeWei: "10", WithdrawnWei: "1110"},
			{PaidWei: "1100", FeeWei: "100", WithdrawnWei: "1100"},
			{PaidWei: "1000", FeeWei: "0", WithdrawnWei: "1000"},
		}, ClientPaidWei: "1110", FeesWei: "110", MinerGotWei: "1000"}
	}
	if err := good().CheckAmounts(); err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(*ViaHubSummary){
		"withdrew less":    func(s *ViaHubSummary) { s.Hops[1].WithdrawnWei = "1099" },
		"fee not the gap":  func(s *ViaHubSummary) { s.Hops[0].FeeWei = "11" },
		"fees total":       func(s *ViaHubSummary) { s.FeesWei = "111" },
		"client not hop 1": func(s *ViaHubSummary) { s.ClientPaidWei = "1111" },
		"miner share":      func(s *ViaHubSummary) { s.MinerGotWei = "999" },
		"not an amount":    func(s *ViaHubSummary) { s.Hops[2].PaidWei = "1e3" },
		"no hops":          func(s *ViaHubSummary) { s.Hops = nil },
	} {
		s := good()
		spoil(s)
		if err := s.CheckAmounts(); !errors.Is(err, ErrCheck) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
