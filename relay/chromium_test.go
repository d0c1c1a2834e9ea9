package relay

import (
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingListener counts the bytes its connections carry both ways.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: c, n: l.n}, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	c.n.Add(int64(k))
	return k, err
}

func (c countingConn) Write(p []byte) (int, error) {
	k, err := c.Conn.Write(p)
	c.n.Add(int64(k))
	return k, err
}

// TestRelayChromium loads a page with a stylesheet, a script and an
// image in headless Chromium through the SOCKS5 proxy; the page renders
// (the script ran) and the metered bytes are the bytes the server's TCP
// connections carried.
func TestRelayChromium(t *testing.T) {
	var bin string
	for _, b := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(b); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		bin = ensureTool(t, "chromium", "chromium")
	}
	var served atomic.Int64
	srv := startContentOn(t, 1000, func(ln net.Listener) net.Listener { return countingListener{Listener: ln, n: &served} })
	x := startExit(t, ExitOptions{})
	c := newClient(t, []string{x.addr}, nil)
	socks, _ := startProxy(t, c, SOCKSAuth{})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	url := "http://127.0.0.1:" + srv.port + "/page.html"
	cmd := exec.CommandContext(ctx, bin, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--user-data-dir="+filepath.Join(t.TempDir(), "profile"),
		"--proxy-server=socks5://"+socks, "--proxy-bypass-list=<-loopback>", // loopback too goes through the proxy
		"--virtual-time-budget=5000", "--dump-dom", url)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("chromium: %v\n%s\n%s", err, out, stderr)
	}
	dom := string(out)
	for _, want := range []string{"loaded through the relay", "script ran: 40002", `src="/pixel.png"`} {
		if !strings.Contains(dom, want) {
			t.Fatalf("DOM lacks %q:\n%s", want, dom)
		}
	}
	if err := c.Flush(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	st := c.Stats()
	if len(st) != 1 || st[0].Err != nil {
		t.Fatalf("sessions: %+v", st)
	}
	metered := int64(st[0].Sent + st[0].Received)
	paid := paidBytes(t, x.ledger, st[0].Channel)
	t.Logf("page rendered (%d bytes of DOM); server TCP bytes %d, metered %d (up %d, down %d), paid %d in %d vouchers",
		len(dom), served.Load(), metered, st[0].Sent, st[0].Received, paid, st[0].Vouchers)
	// What the destination's connections carried is what was metered
	// (the only difference: bytes in flight when a side closed).
	if s := served.Load(); s == 0 || metered < s*99/100 || metered > s+s/100+4096 {
		t.Fatalf("metered %d bytes, the server's connections carried %d", metered, s)
	}
	if paid != uint64(metered) {
		t.Fatalf("ledger covers %d bytes, metered %d", paid, metered)
	}
}
