package relay

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const curlFileSize = 20 << 20

// curlThrough downloads the content server's file with curl through the
// proxy and checks it, then that the exit's ledger holds vouchers for at
// least the bytes received.
func curlThrough(t *testing.T, args func(socks, httpAddr, port string) []string) {
	curl := ensureTool(t, "curl", "curl")
	x := startExit(t, ExitOptions{})
	srv := startContent(t, curlFileSize)
	c := newClient(t, []string{x.addr}, nil)
	socks, httpAddr := startProxy(t, c, SOCKSAuth{})
	out := filepath.Join(t.TempDir(), "out")
	a := append([]string{"-sS", "--fail", "--max-time", "120", "-o", out}, args(socks, httpAddr, srv.port)...)
	if b, err := exec.Command(curl, a...).CombinedOutput(); err != nil {
		t.Fatalf("curl %v: %v\n%s", a, err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, srv.blob) {
		t.Fatalf("downloaded %d bytes, not the %d-byte file", len(got), len(srv.blob))
	}
	st := c.Stats()
	if len(st) != 1 || st[0].Err != nil {
		t.Fatalf("sessions: %+v", st)
	}
	paid := waitPaid(t, c, x.ledger, st[0].Channel, uint64(len(got)))
	st = c.Stats()
	t.Logf("file %d bytes; metered down %d up %d (protocol overhead above the file %.2f%%), ledger covers %d in %d vouchers",
		len(got), st[0].Received, st[0].Sent, 100*float64(st[0].Received+st[0].Sent-uint64(len(got)))/float64(len(got)), paid, st[0].Vouchers)
	if st[0].Received < uint64(len(got)) {
		t.Fatalf("metered %d downstream bytes for a %d-byte file", st[0].Received, len(got))
	}
	// What the ledger holds is a session attest proves from.
	sess, err := x.ledger.Session(st[0].Channel)
	if err != nil {
		t.Fatal(err)
	}
	if last, _ := sess.Latest(); last.Receipt.CumulativeBytes != paid {
		t.Fatalf("session ends at %d bytes, ledger latest %d", last.Receipt.CumulativeBytes, paid)
	}
}

func TestRelayCurlSOCKS5(t *testing.T) {
	curlThrough(t, func(socks, _, port string) []string {
		// A name: the exit resolves it (localhost is ::1 and 127.0.0.1;
		// only 127.0.0.1/32 is allowed, and the server listens there).
		return []string{"--socks5-hostname", socks, "http://localhost:" + port + "/file"}
	})
}

func TestRelayCurlCONNECT(t *testing.T) {
	curlThrough(t, func(_, httpAddr, port string) []string {
		return []string{"--proxytunnel", "-x", "http://" + httpAddr, "http://127.0.0.1:" + port + "/file"}
	})
}
