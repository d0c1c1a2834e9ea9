package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestMeasureRelay runs the relay measurement small: every transfer
// completes, the 100 concurrent streams all finish, everything is paid
// (no timing assertions). BWPROOF_RELAY_BENCH_MIB sets the bulk size for
// the README table.
func TestMeasureRelay(t *testing.T) {
	o := RelayOptions{Size: 8 << 20, Rounds: 2, Requests: 200, Streams: 100, PerStream: 256 << 10, Dir: t.TempDir()}
	if s := os.Getenv("BWPROOF_RELAY_BENCH_MIB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		o.Size, o.Rounds, o.Requests = n<<20, 3, 1000
	}
	r, err := MeasureRelay(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	want := uint64(o.Rounds*o.Size + 2*o.Requests + o.Streams*o.PerStream)
	if r.Paid < want {
		t.Fatalf("paid %d bytes, carried at least %d", r.Paid, want)
	}
	var b strings.Builder
	if err := WriteRelayTable(&b, r); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
}
