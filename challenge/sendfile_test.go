package challenge

import (
	"bytes"
	"os"
	"sync"
	"testing"
	"time"
)

// TestMinerTruncatedObjectFile: the store's file loses its tail while a
// miner serves it (a disk error, an operator's mistake). The miner sends
// chunk bytes straight from the file (sendfile on Linux), so a chunk the
// file no longer holds must end the session, not go out short or as
// zeros: the client keeps only verified chunks, which are the file's
// real prefix, and the miner lets the connection go.
func TestMinerTruncatedObjectFile(t *testing.T) {
	const chunk = 16 << 10
	data := content(200*chunk, 43)
	store, id := storeWith(t, data, chunk)
	keep := int64(40*chunk + chunk/2)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) { o.CreditLimit = 16 * chunk })
	var once sync.Once
	var terr error
	c := newClient(t, "", func(o *ClientOptions) {
		o.IdleTimeout = 3 * time.Second
		o.Progress = func(p Progress) {
			if p.Received > 0 { // the object is open and streaming: cut its file
				once.Do(func() { terr = os.Truncate(store.path(id, ".data"), keep) })
			}
		}
	})
	got, res, err := fetchFile(t, c, id, m.addr)
	if terr != nil {
		t.Fatal(terr)
	}
	if err == nil {
		t.Fatal("fetch of an object whose file was cut succeeded")
	}
	if res.Received == 0 || res.Received > uint64(keep) || res.Received%chunk != 0 || !bytes.Equal(got[:res.Received], data[:res.Received]) {
		t.Fatalf("received %d bytes (the file keeps %d): %v", res.Received, keep, err)
	}
	waitIdle(t, m)
}
