package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMeasureTransfer checks the measurement on a small object: both
// paths deliver every byte, the fetch pays every window and passes its
// probes (no timing assertions).
func TestMeasureTransfer(t *testing.T) {
	const size, chunk, window = 1<<20 + 1000, 16 << 10, 8 // 65 chunks: 9 windows, the last partial
	r, err := MeasureTransfer(context.Background(), TransferOptions{Size: size, Rounds: 2, ChunkSize: chunk,
		Window: window, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Raw <= 0 || r.Fetch <= 0 || r.RawMBps() <= 0 || r.FetchMBps() <= 0 || r.Ratio() <= 0 {
		t.Fatalf("incomplete result %+v", r)
	}
	if r.Vouchers != 9 || r.Acked != r.Vouchers || r.ProbesPassed < r.Vouchers || r.ProbesFailed != 0 {
		t.Fatalf("fetch counts %+v", r)
	}
	var b strings.Builder
	if err := WriteTransferTable(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| raw TCP copy ") || !strings.Contains(b.String(), "| challenge fetch ") {
		t.Fatalf("table:\n%s", b.String())
	}
}

func TestMemWriterAt(t *testing.T) {
	m := make(memWriterAt, 4)
	if n, err := m.WriteAt([]byte("ab"), 2); n != 2 || err != nil || string(m[2:]) != "ab" {
		t.Fatal(n, err, m)
	}
	if _, err := m.WriteAt([]byte("abc"), 2); err == nil {
		t.Fatal("write beyond the end accepted")
	}
}

// BenchmarkTransfer fetches BWPROOF_BENCH_TRANSFER_MIB (default 32) MiB
// over loopback: raw is a bare TCP copy, fetch the full data path (default
// chunk size and window; verified chunks, probes, a fsynced voucher and
// receipt per window). Compare the MB/s of the two.
//
//	go test -run '^$' -bench Transfer -benchtime 5x ./bench/
func BenchmarkTransfer(b *testing.B) {
	size := 32 << 20
	if s := os.Getenv("BWPROOF_BENCH_TRANSFER_MIB"); s != "" {
		mib, err := strconv.Atoi(s)
		if err != nil || mib <= 0 {
			b.Fatalf("BWPROOF_BENCH_TRANSFER_MIB=%q", s)
		}
		size = mib << 20
	}
	data := randomContent(size)
	buf := make([]byte, size)
	ctx := context.Background()
	b.Run("raw", func(b *testing.B) {
		s, err := startRawServer(data)
		if err != nil {
			b.Fatal(err)
		}
		defer s.close()
		if _, err := s.copy(ctx, buf); err != nil { // warm-up, as MeasureTransfer
			b.Fatal(err)
		}
		b.SetBytes(int64(size))
		for b.Loop() {
			if _, err := s.copy(ctx, buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fetch", func(b *testing.B) {
		opts := TransferOptions{Dir: b.TempDir()}
		opts.defaults()
		rig, err := newFetchRig(ctx, data, opts)
		if err != nil {
			b.Fatal(err)
		}
		defer func() {
			if err := rig.close(); err != nil {
				b.Error(err)
			}
		}()
		if _, _, err := rig.fetch(ctx, buf); err != nil { // warm-up; opens the channel
			b.Fatal(err)
		}
		b.SetBytes(int64(size))
		var vouchers, probes int
		for b.Loop() {
			r, _, err := rig.fetch(ctx, buf)
			if err != nil {
				b.Fatal(err)
			}
			vouchers, probes = r.Vouchers, r.ProbesPassed
		}
		b.ReportMetric(float64(vouchers), "vouchers/fetch")
		b.ReportMetric(float64(probes), "probes/fetch")
	})
}

// TestMeasureTransferThroughLink: both paths through emulated links
// deliver every byte and the fetch pays every window; the raw copy is
// never faster than the link allows (a lower bound only).
func TestMeasureTransferThroughLink(t *testing.T) {
	const size, chunk, window, rate = 1 << 20, 16 << 10, 8, 20e6
	r, err := MeasureTransfer(context.Background(), TransferOptions{Size: size, Rounds: 1, ChunkSize: chunk,
		Window: window, Dir: t.TempDir(), Link: &LinkOptions{RTT: 10 * time.Millisecond, Rate: rate}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Link == "" || r.Vouchers != 8 || r.Acked != r.Vouchers || r.ProbesFailed != 0 {
		t.Fatalf("result %+v", r)
	}
	if floor := time.Duration(size / rate * 0.9 * float64(time.Second)); r.Raw < floor || r.Fetch < floor {
		t.Fatalf("raw %v, fetch %v: faster than the link's %v", r.Raw, r.Fetch, floor)
	}
}
