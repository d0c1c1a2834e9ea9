package bench

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// startServer accepts connections and runs serve on each.
func startServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); defer c.Close(); serve(c) }()
		}
	}()
	return ln.Addr().String()
}

func newTestLink(t *testing.T, target string, o LinkOptions) *Link {
	t.Helper()
	l, err := NewLink(target, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	})
	return l
}

func echo(c net.Conn) {
	io.Copy(c, c)
	c.(*net.TCPConn).CloseWrite()
}

// TestLinkDeliversIntact: both directions at once, every byte in order,
// and the half-close travels the link (the echo ends after the client's
// EOF reaches it and its own EOF comes back).
func TestLinkDeliversIntact(t *testing.T) {
	for _, o := range []LinkOptions{
		{RTT: 20 * time.Millisecond, Rate: 100e6},
		{RTT: 10 * time.Millisecond},                      // no rate limit
		{Rate: 50e6, Queue: 4096},                         // tiny queue
		{RTT: 30 * time.Millisecond, Rate: 2e6, Queue: 1}, // slow: pacing per small segment
	} {
		l := newTestLink(t, startServer(t, echo), o)
		size := 3<<20 + 123
		if o.Rate > 0 && o.Rate < 10e6 {
			size = 200_000
		}
		data := make([]byte, size)
		rand.Read(data)
		c, err := net.Dial("tcp", l.Addr())
		if err != nil {
			t.Fatal(err)
		}
		werr := make(chan error, 1)
		go func() {
			_, err := c.Write(data)
			werr <- errors.Join(err, c.(*net.TCPConn).CloseWrite())
		}()
		got, err := io.ReadAll(c)
		c.Close()
		if err != nil {
			t.Fatalf("%v: %v", o, err)
		}
		if err := <-werr; err != nil {
			t.Fatalf("%v: write: %v", o, err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("%v: %d bytes back, want the %d sent", o, len(got), len(data))
		}
	}
}

// TestLinkRoundTrip: a one-byte ping-pong through the link never takes
// less than the configured RTT (a lower bound only: the machine may be
// slow), and the first byte never comes before the emulated handshake.
func TestLinkRoundTrip(t *testing.T) {
	const rtt = 40 * time.Millisecond
	l := newTestLink(t, startServer(t, echo), LinkOptions{RTT: rtt, Rate: 125e6})
	start := time.Now()
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var b [1]byte
	for i := range 8 {
		t0 := time.Now()
		if _, err := c.Write([]byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, b[:]); err != nil || b[0] != byte(i) {
			t.Fatal(b, err)
		}
		d := time.Since(t0)
		if i == 0 {
			if d := time.Since(start); d < 2*rtt {
				t.Fatalf("first reply after %v, before the handshake's 2 RTT (%v)", d, 2*rtt)
			}
			continue
		}
		if d < rtt {
			t.Fatalf("ping %d: round trip %v < configured %v", i, d, rtt)
		}
	}
}

// TestLinkRate: a bulk copy never beats the configured rate (elapsed >=
// bytes/rate x 0.9), in either direction.
func TestLinkRate(t *testing.T) {
	const rate, size = 20e6, 4 << 20 // 0.21 s at 20 MB/s
	data := make([]byte, size)
	rand.Read(data)
	send := startServer(t, func(c net.Conn) { c.Write(data) })
	sink := startServer(t, func(c net.Conn) {
		n, _ := io.Copy(io.Discard, c)
		c.Write([]byte{byte(n % 251)})
	})
	floor := time.Duration(float64(size) / rate * 0.9 * float64(time.Second))

	l := newTestLink(t, send, LinkOptions{Rate: rate})
	start := time.Now()
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	c.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("download: %d bytes, %v", len(got), err)
	}
	if d := time.Since(start); d < floor {
		t.Fatalf("download of %d bytes in %v: faster than %.0f B/s", size, d, rate)
	}

	l = newTestLink(t, sink, LinkOptions{Rate: rate})
	start = time.Now()
	c, err = net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write(data); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	var b [1]byte
	if _, err := io.ReadFull(c, b[:]); err != nil || b[0] != byte(size%251) {
		t.Fatal(b, err)
	}
	if d := time.Since(start); d < floor {
		t.Fatalf("upload of %d bytes in %v: faster than %.0f B/s", size, d, rate)
	}
}

// TestLinkClose: closing the link cuts live connections and returns.
func TestLinkClose(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	l, err := NewLink(startServer(t, func(c net.Conn) { <-block }), LinkOptions{RTT: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("x"))
	time.Sleep(20 * time.Millisecond)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatal("read after the link closed")
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{
		"1Gbit": 125e6, "100Mbit": 12.5e6, "8kbit": 1000, "125MB": 125e6, "1GB/s": 1e9, "0": 0, "": 0,
		"2.5Gbit": 312.5e6, "1Gbps": 125e6,
	} {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"1G", "fast", "-1Mbit", "NaNbit", "Gbit"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
	if s := FormatRate(125e6); s != "1 Gbit/s" {
		t.Errorf("FormatRate: %q", s)
	}
}
