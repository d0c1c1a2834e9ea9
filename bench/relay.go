package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/relay"
)

// RelayOptions configures MeasureRelay.
type RelayOptions struct {
	Size      int    // bulk download size (bytes)
	Rounds    int    // bulk downloads per path (best kept)
	Requests  int    // small requests per path, for the latency percentiles
	Streams   int    // concurrent streams
	PerStream int    // bytes each concurrent stream downloads
	Window    int    // window chunks (the channel's shape)
	Dir       string // ledger and record directory
}

// RelayResult is what MeasureRelay measured: direct loopback TCP against
// the same transfers through a relay exit (client proxy library, exit,
// metering, vouchers, ledger).
type RelayResult struct {
	Options                      RelayOptions
	Direct, Tunnel               time.Duration // best bulk download
	DirectP50, TunnelP50         time.Duration // small request round trip, median
	DirectP99, TunnelP99         time.Duration
	StreamsTime                  time.Duration // all concurrent streams done
	SlowestStream, FastestStream time.Duration
	Vouchers                     int
	Paid                         uint64
}

// Ratio is tunnel throughput over direct throughput.
func (r *RelayResult) Ratio() float64 { return r.Direct.Seconds() / r.Tunnel.Seconds() }

// MBps converts a bulk time to MB/s.
func (r *RelayResult) MBps(d time.Duration) float64 {
	return float64(r.Options.Size) / d.Seconds() / 1e6
}

// blobServer serves "GET n\n" requests: n bytes back (0: one byte, an echo).
func blobServer() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	blob := make([]byte, 1<<20)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				var n int
				for {
					if _, err := fmt.Fscanf(c, "%d\n", &n); err != nil {
						return
					}
					if n <= 0 {
						n = 1
					}
					for n > 0 {
						k, err := c.Write(blob[:min(n, len(blob))])
						if err != nil {
							return
						}
						n -= k
					}
				}
			}()
		}
	}()
	return ln, nil
}

// MeasureRelay runs the relay benchmarks on loopback: a bulk download
// direct and through the tunnel, small request round trips (p50, p99),
// and Streams concurrent downloads through one session.
func MeasureRelay(ctx context.Context, o RelayOptions) (*RelayResult, error) {
	if o.Size <= 0 || o.Rounds <= 0 || o.Requests <= 0 || o.Streams <= 0 || o.PerStream <= 0 {
		return nil, fmt.Errorf("bench: relay options %+v", o)
	}
	if o.Window == 0 {
		// A window costs the same to sign and check full or padded (the
		// root hashes every slot): 128 chunks of 64 KiB fill the 8 MiB a
		// window may hold under the exit's 16 MiB upstream credit.
		o.Window = 128
	}
	res := &RelayResult{Options: o}
	srv, err := blobServer()
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	led, err := challenge.OpenLedger(filepath.Join(o.Dir, "ledger"))
	if err != nil {
		return nil, err
	}
	mk, _ := crypto.GenerateKey()
	x, err := relay.NewExit(relay.ExitOptions{Ledger: led, Key: mk, CreditDown: 64 << 20, CreditUp: 16 << 20,
		StreamWindow: 4 << 20,
		Policy:       &relay.Policy{Allow: []relay.Rule{{Prefix: netip.MustParsePrefix("127.0.0.1/32")}}}})
	if err != nil {
		return nil, err
	}
	xl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	xctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go x.Serve(xctx, xl)
	defer x.Close()
	ck, _ := crypto.GenerateKey()
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return nil, err
	}
	rec, err := challenge.OpenPaymentRecord(filepath.Join(o.Dir, "record"))
	if err != nil {
		return nil, err
	}
	c, err := relay.NewClient(relay.ClientOptions{Key: ck, ReceiptKey: rk, Record: rec, Exits: []string{xl.Addr().String()},
		Shape: protocol.ShapeFor(o.Window), Terms: relay.Terms{ChunkSize: relay.MaxChunk, StreamWindow: 4 << 20}})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	port := uint16(srv.Addr().(*net.TCPAddr).Port)
	direct := func() (net.Conn, error) { return net.Dial("tcp", srv.Addr().String()) }
	tunnel := func() (net.Conn, error) { return c.Dial(ctx, "127.0.0.1", port) }
	fetch := func(conn net.Conn, n int) error {
		if _, err := fmt.Fprintf(conn, "%d\n", n); err != nil {
			return err
		}
		_, err := io.CopyN(io.Discard, conn, int64(max(n, 1)))
		return err
	}
	bulk := func(dial func() (net.Conn, error)) (time.Duration, error) {
		best := time.Duration(1<<63 - 1)
		for range o.Rounds {
			conn, err := dial()
			if err != nil {
				return 0, err
			}
			start := time.Now()
			err = fetch(conn, o.Size)
			d := time.Since(start)
			conn.Close()
			if err != nil {
				return 0, err
			}
			best = min(best, d)
		}
		return best, nil
	}
	latency := func(dial func() (net.Conn, error)) (p50, p99 time.Duration, err error) {
		conn, err := dial()
		if err != nil {
			return 0, 0, err
		}
		defer conn.Close()
		ds := make([]time.Duration, o.Requests)
		for i := range ds {
			start := time.Now()
			if err := fetch(conn, 0); err != nil {
				return 0, 0, err
			}
			ds[i] = time.Since(start)
		}
		slices.Sort(ds)
		return ds[len(ds)/2], ds[len(ds)*99/100], nil
	}
	if res.Direct, err = bulk(direct); err != nil {
		return nil, fmt.Errorf("direct: %w", err)
	}
	if res.Tunnel, err = bulk(tunnel); err != nil {
		return nil, fmt.Errorf("tunnel: %w", err)
	}
	if res.DirectP50, res.DirectP99, err = latency(direct); err != nil {
		return nil, err
	}
	if res.TunnelP50, res.TunnelP99, err = latency(tunnel); err != nil {
		return nil, err
	}
	// Concurrent streams through the one session.
	var wg sync.WaitGroup
	times := make([]time.Duration, o.Streams)
	errs := make([]error, o.Streams)
	start := time.Now()
	for i := range o.Streams {
		wg.Go(func() {
			conn, err := tunnel()
			if err != nil {
				errs[i] = err
				return
			}
			defer conn.Close()
			errs[i] = fetch(conn, o.PerStream)
			times[i] = time.Since(start)
		})
	}
	wg.Wait()
	res.StreamsTime = time.Since(start)
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("concurrent streams: %w", err)
		}
	}
	res.SlowestStream, res.FastestStream = slices.Max(times), slices.Min(times)
	if err := c.Flush(10 * time.Second); err != nil {
		return nil, err
	}
	for _, s := range c.Stats() {
		res.Vouchers += s.Vouchers
		res.Paid += s.Paid
	}
	return res, nil
}

// WriteRelayTable writes the result as a Markdown table.
func WriteRelayTable(w io.Writer, r *RelayResult) error {
	o := r.Options
	_, err := fmt.Fprintf(w, `| relay, loopback | direct TCP | through the relay | |
|---|---:|---:|---|
| bulk download %d MiB (best of %d) | %.0f MB/s | %.0f MB/s | %.2f× |
| small request round trip p50 (%d requests) | %s | %s | +%s |
| small request round trip p99 | %s | %s | |
| %d concurrent streams × %d KiB | | all done in %s (fastest %s, slowest %s) | |
| paid | | %d bytes in %d vouchers (window %d) | |
`, o.Size>>20, o.Rounds, r.MBps(r.Direct), r.MBps(r.Tunnel), r.Ratio(),
		o.Requests, r.DirectP50.Round(time.Microsecond), r.TunnelP50.Round(time.Microsecond), (r.TunnelP50 - r.DirectP50).Round(time.Microsecond),
		r.DirectP99.Round(time.Microsecond), r.TunnelP99.Round(time.Microsecond),
		o.Streams, o.PerStream>>10, r.StreamsTime.Round(time.Millisecond), r.FastestStream.Round(time.Millisecond), r.SlowestStream.Round(time.Millisecond),
		r.Paid, r.Vouchers, o.Window)
	return err
}
