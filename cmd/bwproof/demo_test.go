package main

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/bwproof/bwproof/demo"
)

// TestDemo runs `bwproof demo --json` with a small window and object: the
// flags reach demo.Run, it exits 0, the stages go to stderr and the
// summary to stdout shows the stale close answered by the miner node.
func TestDemo(t *testing.T) {
	code, out, errs := runCLI(t, "demo", "--window", "4", "--size", "614400", "--chunk", "16384", "--corrupt-chunk", "9", "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	var sum demo.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(errs, "all checks passed") || !strings.Contains(errs, "stale close") {
		t.Fatalf("stages:\n%s", errs)
	}
	if !sum.FileIdentical || sum.Bytes != 614400 || sum.Failovers != 1 || len(sum.Flagged) != 1 {
		t.Fatalf("summary %+v", sum)
	}
	last := sum.Withdrawals[len(sum.Withdrawals)-1]
	if last.Trigger != "stale close" || last.Nonce != sum.LatestNonce || sum.StaleNonce >= sum.LatestNonce {
		t.Fatalf("withdrawals %+v, stale nonce %d, latest %d", sum.Withdrawals, sum.StaleNonce, sum.LatestNonce)
	}
	if sum.MinerPaid.Cmp(sum.LatestAmount) != 0 || new(big.Int).Add(sum.Refund, sum.LatestAmount).Cmp(sum.Deposit) != 0 {
		t.Fatalf("miner paid %s, latest %s, refund %s, deposit %s", sum.MinerPaid, sum.LatestAmount, sum.Refund, sum.Deposit)
	}
	if s := sum.Settlement; s.Proofs < 2 || s.Withdrawals != len(sum.Withdrawals) || s.GasUsed == 0 {
		t.Fatalf("settlement %+v", s)
	}
}
