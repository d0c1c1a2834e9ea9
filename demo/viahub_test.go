package demo

import (
	"bytes"
	"context"
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
	wei := func(s string) *big.Int {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			t.Fatalf("amount %q", s)
		}
		return v
	}
	fees := new(big.Int)
	for i, h := range sum.Hops {
		if h.PaidWei != h.WithdrawnWei {
			t.Fatalf("hop %d paid %s, payee withdrew %s", i+1, h.PaidWei, h.WithdrawnWei)
		}
		if i+1 < len(sum.Hops) && wei(h.PaidWei).Cmp(new(big.Int).Add(wei(sum.Hops[i+1].PaidWei), wei(h.FeeWei))) != 0 {
			t.Fatalf("hop %d: paid %s != next %s + fee %s", i+1, h.PaidWei, sum.Hops[i+1].PaidWei, h.FeeWei)
		}
		fees.Add(fees, wei(h.FeeWei))
	}
	if wei(sum.ClientPaidWei).Cmp(new(big.Int).Add(fees, wei(sum.MinerGotWei))) != 0 || sum.Hops[0].PaidWei != sum.ClientPaidWei {
		t.Fatalf("client paid %s, fees %s, miner %s", sum.ClientPaidWei, fees, sum.MinerGotWei)
	}
	if want := new(big.Int).Mul(big.NewInt(100<<10), DefaultPrice); wei(sum.MinerGotWei).Cmp(want) != 0 {
		t.Fatalf("miner got %s, want %s", sum.MinerGotWei, want)
	}
}
