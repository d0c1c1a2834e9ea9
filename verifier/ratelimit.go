package verifier

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket (golang.org/x/time/rate) per key: a miner or
// reporter address, known after its signature checked, or a requester's
// credential (its NATS account, stamped by the server). It lives in
// process memory: rate limits are a soft defence against floods, and each
// verifier process in a queue group enforces its own share.
type limiter struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	now     func() time.Time
	buckets map[string]*rate.Limiter
}

// maxBuckets bounds the limiter's memory; beyond it, full buckets (idle
// senders) are dropped.
const maxBuckets = 100_000

func newLimiter(r float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Limit(r), burst: max(burst, 1), now: now, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token for key; false means the sender is over its rate.
// A limiter with rate <= 0 allows everything.
func (l *limiter) allow(key string) bool {
	if l == nil || l.rate <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.gc(now)
		}
		b = rate.NewLimiter(l.rate, l.burst)
		l.buckets[key] = b
	}
	return b.AllowN(now, 1)
}

func (l *limiter) gc(now time.Time) {
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
}
