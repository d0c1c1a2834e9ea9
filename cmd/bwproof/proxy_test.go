package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRelayProxyCLI runs the issue's "done when": `miner serve --relay
// --relay-allow 127.0.0.1/32` and `client proxy` as processes, curl
// through the proxy, and `miner export --ledger` showing the channel's
// bytes ≥ the file; the data path still works on the same port, and a
// loopback port outside the allow list is refused.
func TestRelayProxyCLI(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("curl not installed: .ci/run must install it")
		}
		t.Skip("curl not installed (.ci/run installs it)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	n := &network{t: t, ctx: ctx, dir: t.TempDir(), bin: buildBinary(t)}
	blob := make([]byte, 6<<20)
	rand.Read(blob)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(blob))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	obj := filepath.Join(n.dir, "object")
	if err := os.WriteFile(obj, blob[:300<<10], 0o644); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(n.run("miner", "add", "--store", "store", obj))
	miner := n.serve("miner", regexp.MustCompile(`listening on (\S+)`), "miner", "serve", "--store", "store", "--ledger", "ledger",
		"--listen", "127.0.0.1:0", "--relay", "--relay-allow", "127.0.0.1/32")
	maddr := miner.wait()[1]
	proxy := n.serve("proxy", regexp.MustCompile(`^proxy socks5://(\S+) http://(\S+) `), "client", "proxy",
		"--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--miner", maddr, "--state", "client")
	m := proxy.wait()
	socks, httpAddr := m[1], m[2]
	url := "http://" + ln.Addr().String() + "/file"
	for _, args := range [][]string{{"--socks5-hostname", socks}, {"--proxytunnel", "-x", "http://" + httpAddr}} {
		out := filepath.Join(n.dir, "out")
		a := append([]string{"-sS", "--fail", "--max-time", "60", "-o", out}, append(args, url)...)
		if b, err := exec.CommandContext(ctx, curl, a...).CombinedOutput(); err != nil {
			t.Fatalf("curl %v: %v\n%s", a, err, b)
		}
		if got, _ := os.ReadFile(out); !bytes.Equal(got, blob) {
			t.Fatalf("curl %v: %d bytes, not the file", args, len(got))
		}
	}
	// A private address (not in --relay-allow): SOCKS reply 2, "not
	// allowed by ruleset".
	b, err := exec.CommandContext(ctx, curl, "-sS", "--max-time", "20", "--socks5-hostname", socks, "http://10.255.255.1:80/").CombinedOutput()
	if err == nil || !strings.Contains(string(b), "(2)") {
		t.Errorf("refused destination: %v %s", err, b)
	}
	// The data path shares the port.
	n.run("client", "fetch", "--state", "fetcher", "--miner", maddr, "--progress=false", id, "--out", filepath.Join(n.dir, "fetched"))
	// Two downloads of the file went through: the ledger's channel covers them.
	re := regexp.MustCompile(`(?m)^([0-9a-f]{64})  nonce (\d+)  (\d+) bytes`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var best uint64
		for _, mm := range re.FindAllStringSubmatch(n.run("miner", "export", "--ledger", "ledger"), -1) {
			v, _ := strconv.ParseUint(mm[3], 10, 64)
			best = max(best, v)
		}
		if best >= 2*uint64(len(blob)) {
			t.Logf("ledger: relay channel at %d bytes for 2 × %d downloaded", best, len(blob))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ledger covers %d bytes, want ≥ %d", best, 2*len(blob))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
