package verifier

import (
	"testing"
	"time"

	"github.com/bwproof/bwproof/attest"
)

// BenchmarkNextAttestation is a lone request for a channel's next record
// (a miner submitting each window of a channel): each iteration submits
// step 0 of 8 channels (not timed), then step 1 of each, one at a time,
// on a fresh server. ns/op is per next attestation, from the request to
// the reply.
//
//	go test -run '^$' -bench NextAttestation -benchtime 5x ./verifier/
func BenchmarkNextAttestation(b *testing.B) {
	const channels = 8
	first, next := make([]*attest.Attestation, channels), make([]*attest.Attestation, channels)
	for i := range first {
		first[i], next[i] = realProof(b, uint64(100+i), 0), realProof(b, uint64(100+i), 1)
	}
	var total time.Duration
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		srv := startServer(b, "", nil)
		// The service beside its server, in process, as the bench runs it.
		nc, err := Connect(ConnectOptions{URL: srv.ClientURL(), InProcess: srv})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(nc.Close)
		startService(b, nc, nil)
		c := NewClient(connect(b, srv.ClientURL(), nil), ClientOptions{Timeout: 20 * time.Second})
		ctx := ctxT(b)
		miner := newKey(b)
		for _, a := range first {
			if _, err := c.SubmitAttestation(ctx, a, miner); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		for _, a := range next {
			t0 := time.Now()
			acc, err := c.SubmitAttestation(ctx, a, miner)
			total += time.Since(t0)
			if err != nil || acc.Duplicate {
				b.Fatal(acc, err)
			}
		}
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*channels), "ns/op")
}
