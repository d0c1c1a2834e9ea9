package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

func testLog(t testing.TB) *slog.Logger {
	if os.Getenv("RELAY_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// loopbackPolicy lets tests reach servers on 127.0.0.1 (and nothing else
// special).
func loopbackPolicy() *Policy {
	return &Policy{Allow: []Rule{{Prefix: netip.MustParsePrefix("127.0.0.1/32")}}}
}

// testExit is an exit on loopback with its own ledger.
type testExit struct {
	addr   string
	exit   *Exit
	ledger *challenge.Ledger
	key    *ecdsa.PrivateKey
}

func startExit(t testing.TB, opts ExitOptions) *testExit {
	t.Helper()
	led, err := challenge.OpenLedger(filepath.Join(t.TempDir(), "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	opts.Ledger, opts.Key = led, key
	if opts.Policy == nil {
		opts.Policy = loopbackPolicy()
	}
	if opts.Log == nil {
		opts.Log = testLog(t).With("role", "exit")
	}
	x, err := NewExit(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); x.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done; x.Close() })
	return &testExit{addr: ln.Addr().String(), exit: x, ledger: led, key: key}
}

// newClient makes a client with fresh keys paying off-chain channels.
func newClient(t testing.TB, exits []string, mod func(*ClientOptions)) *Client {
	t.Helper()
	dir := t.TempDir()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := challenge.OpenPaymentRecord(filepath.Join(dir, "record"))
	if err != nil {
		t.Fatal(err)
	}
	reports, err := challenge.OpenReportLog(filepath.Join(dir, "reports"), key)
	if err != nil {
		t.Fatal(err)
	}
	o := ClientOptions{Key: key, ReceiptKey: rk, Record: rec, Reports: reports, Exits: exits,
		Shape: protocol.ShapeFor(64), Log: testLog(t).With("role", "client")}
	if mod != nil {
		mod(&o)
	}
	c, err := NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// startProxy serves SOCKS5 and HTTP for c on loopback.
func startProxy(t testing.TB, c *Client, auth SOCKSAuth) (socks, httpAddr string) {
	t.Helper()
	p, err := NewProxy(ProxyOptions{Client: c, Auth: auth, Log: testLog(t).With("role", "proxy")})
	if err != nil {
		t.Fatal(err)
	}
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d1, d2 := make(chan struct{}), make(chan struct{})
	go func() { defer close(d1); p.ServeSOCKS(ctx, sl) }()
	go func() { defer close(d2); p.ServeHTTP(ctx, hl) }()
	t.Cleanup(func() { cancel(); <-d1; <-d2; p.Close() })
	return sl.Addr().String(), hl.Addr().String()
}

// content serves a deterministic blob at /file and a page with several
// resources at /page.html; it counts the response bytes it wrote.
type content struct {
	srv  *httptest.Server
	blob []byte
	port string
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for k := range 8 {
			b[i+k] = byte(v >> (8 * k))
		}
	}
	return b
}

func startContent(t testing.TB, blobSize int) *content {
	t.Helper()
	return startContentOn(t, blobSize, nil)
}

// startContentOn is startContent with its listener wrapped by wrap.
func startContentOn(t testing.TB, blobSize int, wrap func(net.Listener) net.Listener) *content {
	t.Helper()
	c := &content{blob: randomBytes(blobSize, 7)}
	mux := http.NewServeMux()
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "file", time.Time{}, bytes.NewReader(c.blob))
	})
	mux.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		n, _ := io.Copy(h, r.Body)
		fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<!doctype html><html><head><title>relay page</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>
<body><h1 id="t">loaded through the relay</h1><img id="i" src="/pixel.png" width="40" height="40">
<p id="p">waiting</p></body></html>`)
	})
	mux.HandleFunc("/style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		io.WriteString(w, "body{background:#2a6;color:#fff;font-size:40px}")
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		io.WriteString(w, `document.addEventListener("DOMContentLoaded",function(){document.getElementById("p").textContent="script ran: "+(40*1000+2);});`)
	})
	mux.HandleFunc("/pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(redPNG)
	})
	c.srv = httptest.NewUnstartedServer(mux)
	if wrap != nil {
		c.srv.Listener = wrap(c.srv.Listener)
	}
	c.srv.Start()
	t.Cleanup(c.srv.Close)
	_, c.port, _ = net.SplitHostPort(c.srv.Listener.Addr().String())
	return c
}

// redPNG is a 1×1 red PNG.
var redPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00,
	0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18,
	0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

// ensureTool finds a binary, installing its Debian package if missing
// and possible; the test skips only if it cannot be had.
func ensureTool(t testing.TB, bin, pkg string) string {
	t.Helper()
	if p, err := exec.LookPath(bin); err == nil {
		return p
	}
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("apt-get"); err == nil {
			exec.Command("apt-get", "update").Run()
			out, err := exec.Command("apt-get", "install", "-y", pkg).CombinedOutput()
			if err != nil {
				t.Logf("apt-get install %s: %v\n%s", pkg, err, out)
			}
		}
	}
	p, err := exec.LookPath(bin)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not installed and not installable (%s): .ci/run must install it", bin, pkg)
		}
		t.Skipf("%s not installed and not installable (%s)", bin, pkg)
	}
	return p
}

// paidBytes is the cumulative byte count of the channel's latest step in
// a ledger (0: none).
func paidBytes(t testing.TB, led *challenge.Ledger, id protocol.Element) uint64 {
	t.Helper()
	st, err := led.Latest(id)
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		return 0
	}
	return st.Receipt.CumulativeBytes
}

// waitPaid waits until the ledger's channel covers at least want bytes.
func waitPaid(t testing.TB, c *Client, led *challenge.Ledger, id protocol.Element, want uint64) uint64 {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c.Flush(time.Second)
		got := paidBytes(t, led, id)
		if got >= want {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("ledger covers %d bytes, want ≥ %d", got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func portOf(t testing.TB, addr string) uint16 {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return uint16(n)
}

// firstSessionEnded polls c's stats until its first session has ended with
// an error or wait has passed, and returns them.
func firstSessionEnded(c *Client, wait time.Duration) []ExitStats {
	deadline := time.Now().Add(wait)
	for {
		st := c.Stats()
		if len(st) > 0 && st[0].Err != nil || time.Now().After(deadline) {
			return st
		}
		time.Sleep(10 * time.Millisecond)
	}
}
