package relay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// httpVia is an HTTP client whose connections are the relay client's
// streams.
func httpVia(c *Client) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DisableKeepAlives: true,
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			host, port, err := splitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return c.Dial(ctx, host, port)
		}}}
}

// reportSink collects the reports a client files.
type reportSink struct {
	mu   sync.Mutex
	reps []protocol.Report
}

func (r *reportSink) add(rep protocol.Report) {
	r.mu.Lock()
	r.reps = append(r.reps, rep)
	r.mu.Unlock()
}

func (r *reportSink) all() []protocol.Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]protocol.Report(nil), r.reps...)
}

func TestRelayCheatingExit(t *testing.T) {
	srv := startContent(t, 2<<20)
	url := "http://127.0.0.1:" + srv.port + "/file"
	upload := "http://127.0.0.1:" + srv.port + "/upload"
	sum := sha256.Sum256(srv.blob[:512<<10])
	uploaded := fmt.Sprintf("%d %x", 512<<10, sum)
	for _, tc := range []struct {
		name   string
		faults ExitFaults
		post   bool // the cheat is upstream: send a body
		detail string
	}{
		{"alter", ExitFaults{AlterDown: 20}, false, "do not match"},
		{"alter-upstream", ExitFaults{AlterUp: 3}, true, "forwarded other bytes"},
		{"drop", ExitFaults{DropDown: 20}, false, "dropped"},
		{"inject", ExitFaults{InjectDown: 20}, false, "injected"},
		{"overclaim", ExitFaults{Overclaim: 20}, false, "claims"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := tc.faults
			cheat := startExit(t, ExitOptions{Faults: &fl})
			honest := startExit(t, ExitOptions{})
			sink := &reportSink{}
			c := newClient(t, []string{cheat.addr, honest.addr}, func(o *ClientOptions) {
				o.OnReport = sink.add
				o.Shape = protocol.ShapeFor(16) // several windows per request
			})
			hc := httpVia(c)
			get := func() ([]byte, error) {
				var resp *http.Response
				var err error
				if tc.post {
					resp, err = hc.Post(upload, "application/octet-stream", bytes.NewReader(srv.blob[:512<<10]))
				} else {
					resp, err = hc.Get(url)
				}
				if err != nil {
					return nil, err
				}
				defer resp.Body.Close()
				return io.ReadAll(resp.Body)
			}
			body, err := get()
			if err == nil && (bytes.Equal(body, srv.blob) || string(body) == uploaded) {
				t.Fatalf("the cheating exit's %s went unnoticed", tc.name)
			}
			// The client stopped on the cheat: that session ended as
			// misbehavior, and was reported.
			st := firstSessionEnded(c, 10*time.Second)
			if len(st) == 0 || !errors.Is(st[0].Err, ErrMisbehavior) || st[0].Addr != cheat.addr {
				t.Fatalf("first session: %+v", st)
			}
			if !strings.Contains(st[0].Err.Error(), tc.detail) {
				t.Errorf("error %q does not say %q", st[0].Err, tc.detail)
			}
			reps := sink.all()
			if len(reps) != 1 || reps[0].Accused != cheat.exit.Address() || reps[0].Kind != protocol.ReportFailedProbe {
				t.Fatalf("reports: %+v", reps)
			}
			// No voucher for the cheat: the exit's ledger covers at most
			// what the client accepted before it.
			paid := paidBytes(t, cheat.ledger, st[0].Channel)
			if accepted := st[0].Received + st[0].Sent; paid > accepted {
				t.Fatalf("cheating exit paid for %d bytes, the client accepted %d", paid, accepted)
			}
			// The client moved on: the same request through the next exit.
			body, err = get()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, srv.blob) && string(body) != uploaded {
				t.Fatalf("through the honest exit: %d bytes", len(body))
			}
			st = c.Stats()
			if len(st) != 2 || st[1].Addr != honest.addr || st[1].Err != nil {
				t.Fatalf("sessions after failover: %+v", st)
			}
			t.Logf("%s: caught after %d bytes accepted, %d paid; %s", tc.name, st[0].Received+st[0].Sent, paid, st[0].Err)
		})
	}
}

func TestRelayQualityFloor(t *testing.T) {
	srv := startContent(t, 256<<10)
	url := "http://127.0.0.1:" + srv.port + "/file"
	for _, tc := range []struct {
		name   string
		faults ExitFaults
		terms  Terms
		detail string
	}{
		{"latency", ExitFaults{ProbeDelay: 400 * time.Millisecond}, Terms{MaxLatencyMillis: 100}, "latency probe"},
		{"throughput", ExitFaults{FillerRate: 200 << 10}, Terms{MinRate: 20 << 20}, "throughput probe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := tc.faults
			slow := startExit(t, ExitOptions{Faults: &fl})
			good := startExit(t, ExitOptions{})
			sink := &reportSink{}
			c := newClient(t, []string{slow.addr, good.addr}, func(o *ClientOptions) {
				o.OnReport = sink.add
				o.Terms = tc.terms
				o.LatencyEvery = 50 * time.Millisecond
				o.ThroughputSize = 128 << 10
				// Windows stay open until the floor is judged, so that
				// what the slow exit carried is in the unpaid window.
				o.PayDelay = time.Minute
			})
			hc := httpVia(c)
			resp, err := hc.Get(url)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			st := firstSessionEnded(c, 15*time.Second)
			if len(st) == 0 || !errors.Is(st[0].Err, ErrBelowFloor) {
				t.Fatalf("slow exit's session: %+v", st)
			}
			// Not paid for the window below the floor.
			if paid := paidBytes(t, slow.ledger, st[0].Channel); paid != 0 {
				t.Fatalf("slow exit paid for %d bytes", paid)
			}
			reps := sink.all()
			if len(reps) != 1 || reps[0].Accused != slow.exit.Address() || !strings.Contains(reps[0].Detail, tc.detail) ||
				!strings.Contains(reps[0].Detail, "floor") {
				t.Fatalf("complaint: %+v", reps)
			}
			// Failed over: the next request goes through the good exit,
			// which meets the floor (loopback).
			resp, err = hc.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !bytes.Equal(body, srv.blob) {
				t.Fatalf("through the good exit: %d bytes", len(body))
			}
			if err := c.Flush(5 * time.Second); err != nil {
				t.Fatal(err)
			}
			st = c.Stats()
			if len(st) != 2 || st[1].Err != nil || st[1].Addr != good.addr || paidBytes(t, good.ledger, st[1].Channel) < uint64(len(body)) {
				t.Fatalf("after failover: %+v", st)
			}
			t.Logf("complaint: %s", reps[0].Detail)
		})
	}
}
