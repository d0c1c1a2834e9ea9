package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// `miner serve --metrics` serves the runtime collectors, the build and the
// miner's Stats, read at each scrape: an open connection and one refused
// for the per-address cap show.
func TestMinerMetrics(t *testing.T) {
	sout, addr := startMinerServe(t, "--max-conns-per-ip", "1", "--metrics", "127.0.0.1:0")
	url := sout.waitAddr(t, `metrics on (\S+)`, 200, "miner metrics")

	body := getMetrics(t, url)
	for _, want := range []string{"\ngo_goroutines ", "\nprocess_resident_memory_bytes ", "\nbwproof_build_info{",
		"\nbwproof_miner_connections_open 0", "\nbwproof_miner_unpaid_bytes 0", "\nbwproof_miner_exposure_bytes 0",
		"\nbwproof_miner_connections_refused_total 0"} {
		if !strings.Contains(body, want) {
			t.Fatalf("miner metrics lack %q:\n%s", want, body)
		}
	}

	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	second.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := second.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Fatalf("second connection from one address: %v, want it closed", err)
	}
	// The miner counts the held connection once it has accepted it; wait
	// for the scrape to say so rather than for a time.
	for i := 0; ; i++ {
		body = getMetrics(t, url)
		if strings.Contains(body, "\nbwproof_miner_connections_open 1") && strings.Contains(body, "\nbwproof_miner_connections_refused_total 1") {
			break
		}
		if i == 200 {
			t.Fatalf("miner metrics after one held and one refused connection:\n%s", body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func getMetrics(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}
