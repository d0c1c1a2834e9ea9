package hub

import (
	"crypto/ecdsa"
	"math/big"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// BenchmarkHubForward measures a hub forwarding conditional vouchers: per
// voucher the secp256k1 check of the inbound voucher (CheckLaneVoucher
// against the cached channel), the state update, the signature of the
// outbound voucher, and its journal record fsynced before the reply
// (group commit). 64 routes forward concurrently, as 64 sessions would;
// the client's signatures are made before the timer starts.
func BenchmarkHubForward(b *testing.B) {
	e := newEnv(b)
	out := e.open(hubXIdx, e.addr(minerIdx), eth(1000), minerPrice, hour)
	in := e.open(clientIdx, e.addr(hubXIdx), eth(1000), big.NewInt(2000), hour)
	h, err := Open(Options{Key: e.keys[hubXIdx], Domain: e.domain, Chain: NewCachedChain(e.chain, time.Hour),
		JournalPath: filepath.Join(b.TempDir(), "journal"), Fee: feeX, ExpiryDelta: time.Minute, MinOutRemaining: 30 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	const routes = 64
	now := uint64(time.Now().Unix())
	reqs := make([]RouteRequest, routes)
	for i := range reqs {
		target, lock := randomTarget(b, uint64(i+1))
		reqs[i] = RouteRequest{ID: RouteID{byte(i), byte(i >> 8), 7}, Target: target, TargetKeyHash: protocol.ElementFromUint64(9),
			HashLock: lock, Miner: e.addr(minerIdx), MinerPrice: minerPrice, MaxBytes: 1 << 40, InChannel: in, InLane: uint32(i + 1),
			InValidUntil: now + 1800 + 60, Hops: []Hop{{Hub: e.addr(hubXIdx), OutChannel: out, Fee: feeX, OutValidUntil: now + 1800}}}
		if err := reqs[i].Sign(e.domain, e.keys[clientIdx]); err != nil {
			b.Fatal(err)
		}
		if _, err := h.Setup(e.ctx, reqs[i]); err != nil {
			b.Fatal(err)
		}
	}
	// The client's vouchers, route by route.
	vouchers := make([][]ForwardRequest, routes)
	for n := 0; n < b.N; n++ {
		i := n % routes
		r := &reqs[i]
		k := uint64(len(vouchers[i]) + 1)
		bytes := k * 1000
		v := protocol.LaneVoucher{ChannelID: in, Lane: r.InLane, Nonce: k, CumulativeAmount: Amounts(bytes, minerPrice, []Fee{feeX})[0],
			CumulativeBytes: bytes, ValidUntil: r.InValidUntil, HashLock: r.HashLock, Target: r.Target, TargetKeyHash: r.TargetKeyHash}
		if err := v.Sign(e.domain, e.keys[clientIdx]); err != nil {
			b.Fatal(err)
		}
		vouchers[i] = append(vouchers[i], ForwardRequest{ID: r.ID, Voucher: v})
	}
	syncs := h.j.Syncs()
	b.ResetTimer()
	cpu0 := cpuTime(b)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range routes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, fr := range vouchers[i] {
				if _, err := h.Forward(e.ctx, fr); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cores := (cpuTime(b) - cpu0).Seconds() / elapsed.Seconds()
	b.StopTimer()
	b.ReportMetric(cores, "cores-busy")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "vouchers/s")
	b.ReportMetric(float64(b.N)/float64(max(1, h.j.Syncs()-syncs)), "vouchers/fsync")
	// The baseline in the same run: the bare secp256k1 work of a forward
	// (recover the inbound signer, sign the outbound voucher) on as many
	// goroutines as Ps, with nothing else. forward/bare is the share of the
	// crypto ceiling the hub reaches.
	bare := bareRecoverSign(b, vouchers, e.domain, e.keys[hubXIdx])
	b.ReportMetric(bare, "bare/s")
	b.ReportMetric(float64(b.N)/elapsed.Seconds()/bare, "forward/bare")
}

// bareRecoverSign returns how many (recover, sign) pairs per second
// GOMAXPROCS goroutines do over the benchmark's vouchers.
func bareRecoverSign(b *testing.B, vouchers [][]ForwardRequest, d protocol.ChainDomain, key *ecdsa.PrivateKey) float64 {
	var all []protocol.LaneVoucher
	for _, vs := range vouchers {
		for _, fr := range vs {
			all = append(all, fr.Voucher)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(all); i += workers {
				v := all[i]
				if _, err := protocol.RecoverSigner(v.Digest(d), v.Signature); err != nil {
					b.Error(err)
					return
				}
				if err := v.Sign(d, key); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return float64(len(all)) / time.Since(start).Seconds()
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
