package demo

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"os"
	"testing"

	"github.com/bwproof/bwproof/contracts/solc"
)

// TestRun runs the one-process network end to end with a small window and
// object: real Groth16 keys, compiled contracts on the simulated chain, an
// embedded NATS verifier bound to the chain, two miners over loopback TCP,
// the honest one a miner node that answers a stale close by itself.
func TestRun(t *testing.T) {
	if _, err := solc.NewCompiler(solc.Options{}); errors.Is(err, solc.ErrNoSolc) && os.Getenv("CI") == "" {
		t.Skipf("%v (run `npm ci` in contracts/; CI fails instead of skipping)", err)
	}
	var out bytes.Buffer
	sum, err := Run(context.Background(), Options{Window: 4, ObjectSize: 600 << 10, ChunkSize: 16 << 10, CorruptAt: 9, Out: &out})
	t.Logf("\n%s", out.String())
	if err != nil {
		t.Fatal(err)
	}
	if !sum.FileIdentical || sum.Bytes != 600<<10 {
		t.Fatalf("fetched %d bytes, identical=%v", sum.Bytes, sum.FileIdentical)
	}
	if sum.Failovers != 1 || sum.ProvenReports != 1 || len(sum.Flagged) != 1 {
		t.Fatalf("failovers %d, proven reports %d, flagged %v", sum.Failovers, sum.ProvenReports, sum.Flagged)
	}
	// The close was stale, and the miner node answered it alone.
	if sum.StaleNonce == 0 || sum.StaleNonce >= sum.LatestNonce {
		t.Fatalf("closed at settled nonce %d, latest %d", sum.StaleNonce, sum.LatestNonce)
	}
	st := sum.Settlement
	if st.Withdrawals < 2 || st.Proofs != st.Withdrawals || st.GasUsed == 0 || st.Alarms != 0 || st.VerifierSubmissions != st.Withdrawals {
		t.Fatalf("settlement %+v", st)
	}
	last := sum.Withdrawals[len(sum.Withdrawals)-1]
	if last.Trigger != "stale close" || last.Nonce != sum.LatestNonce || sum.Withdrawals[0].Trigger != "auto-settle threshold" {
		t.Fatalf("withdrawals %+v", sum.Withdrawals)
	}
	// Every wei: the miner got the latest voucher at the price, the client the rest.
	price := big.NewInt(1_000_000_000)
	if want := new(big.Int).Mul(new(big.Int).SetUint64(sum.LatestBytes), price); sum.MinerPaid.Cmp(want) != 0 || sum.LatestAmount.Cmp(want) != 0 {
		t.Fatalf("miner paid %s, latest voucher %s, want %s", sum.MinerPaid, sum.LatestAmount, want)
	}
	if want := new(big.Int).Sub(sum.Deposit, sum.LatestAmount); sum.Refund.Cmp(want) != 0 {
		t.Fatalf("refund %s, want %s", sum.Refund, want)
	}
	if sum.VerifierNonce != sum.LatestNonce {
		t.Fatalf("verifier at nonce %d, want %d", sum.VerifierNonce, sum.LatestNonce)
	}
}
