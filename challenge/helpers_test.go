package challenge

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"math/big"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// content returns n deterministic pseudo-random bytes.
func content(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// storeWith makes a store holding data cut into chunkSize chunks.
func storeWith(t testing.TB, data []byte, chunkSize uint32) (*Store, protocol.ObjectID) {
	t.Helper()
	st, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	id, err := st.Add(bytes.NewReader(data), chunkSize)
	if err != nil {
		t.Fatal(err)
	}
	return st, id
}

type testMiner struct {
	*Miner
	addr    string
	ledger  *Ledger
	reports string
	dir     string
}

// startMiner serves store on a fresh loopback port (or on addr, to
// restart a miner where it was), with its ledger and reports under dir.
func startMiner(t testing.TB, store *Store, dir, addr string, key *ecdsa.PrivateKey, tweak func(*MinerOptions)) *testMiner {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if key == nil {
		key = newKey(t)
	}
	ledger, err := OpenLedger(filepath.Join(dir, "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	reports, err := OpenReportLog(filepath.Join(dir, "reports"), key)
	if err != nil {
		t.Fatal(err)
	}
	opts := MinerOptions{Store: store, Ledger: ledger, Key: key, Reports: reports, CreditLimit: 1 << 20,
		PaymentTimeout: 5 * time.Second, IdleTimeout: 10 * time.Second}
	if tweak != nil {
		tweak(&opts)
	}
	m, err := NewMiner(opts)
	if err != nil {
		t.Fatal(err)
	}
	var ln net.Listener
	for i := 0; ; i++ { // re-listening on a just-closed port can race
		ln, err = net.Listen("tcp", addr)
		if err == nil || i == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go m.Serve(ctx, ln)
	t.Cleanup(func() { cancel(); m.Close() })
	return &testMiner{Miner: m, addr: ln.Addr().String(), ledger: ledger, reports: reports.Dir(), dir: dir}
}

type testClient struct {
	*Client
	record  *PaymentRecord
	reports string
	key     *ecdsa.PrivateKey
	rk      *protocol.ReceiptKey
}

func newClient(t testing.TB, dir string, tweak func(*ClientOptions)) *testClient {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	key := newKey(t)
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := OpenPaymentRecord(filepath.Join(dir, "record"))
	if err != nil {
		t.Fatal(err)
	}
	reports, err := OpenReportLog(filepath.Join(dir, "reports"), key)
	if err != nil {
		t.Fatal(err)
	}
	opts := ClientOptions{Key: key, ReceiptKey: rk, Record: rec, Reports: reports,
		Shape: protocol.Shape{Chunks: 8, Probes: 2}, PricePerByte: big.NewInt(3), ProbeDeadline: 5 * time.Second,
		IdleTimeout: 10 * time.Second}
	if tweak != nil {
		tweak(&opts)
	}
	c, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &testClient{Client: c, record: rec, reports: reports.Dir(), key: key, rk: rk}
}

// fetchFile fetches id into a temp file and returns its contents.
func fetchFile(t testing.TB, c *testClient, id protocol.ObjectID, miners ...string) ([]byte, *FetchResult, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, ferr := c.Fetch(ctx, id, miners, f)
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return got, res, ferr
}

// checkLedger checks a miner's session for the client's channel with it
// and returns it.
func checkLedger(t testing.TB, m *testMiner, c *testClient, addr string) *protocol.Session {
	t.Helper()
	info, ok, err := c.record.ChannelFor(addr)
	if err != nil || !ok {
		t.Fatalf("client has no channel for %s: %v", addr, err)
	}
	sess, err := m.ledger.Session(info.ID)
	if err != nil {
		t.Fatalf("miner session: %v", err)
	}
	for i := range sess.Steps {
		v := &sess.Steps[i].Voucher
		if err := v.VerifyFrom(info.Domain, c.Address()); err != nil {
			t.Fatalf("step %d voucher: %v", i, err)
		}
	}
	return sess
}

// knownChannel reports whether the miner's ledger holds the channel.
func knownChannel(t testing.TB, m *testMiner, id protocol.Element) bool {
	t.Helper()
	_, ok, err := m.ledger.Channel(id)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}
