package challenge

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// TestHonestTransferProves runs an honest multi-MiB transfer in many small
// windows and proves the miner's latest step, as stored in its ledger, with
// a real Groth16 proof that verifies.
func TestHonestTransferProves(t *testing.T) {
	if testing.Short() {
		t.Skip("Groth16 setup and proof")
	}
	shape := protocol.ShapeFor(4)
	const size, chunk = 2<<20 + 5000, 4 << 10
	data := content(size, 9)
	store, id := storeWith(t, data, chunk)
	// The miner hands each stored step to whoever proves (an Attestor here).
	var mu sync.Mutex
	var handed []protocol.Step
	var handedInfo ChannelInfo
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.OnStep = func(info ChannelInfo, st protocol.Step) {
			mu.Lock()
			handed, handedInfo = append(handed, st), info
			mu.Unlock()
		}
	})
	c := newClient(t, "", func(o *ClientOptions) { o.Shape = shape })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	keysc := make(chan *attest.Keys, 1)
	go func() { // setup runs while the transfer does
		k, err := attest.Setup(ctx, shape, attest.SetupOptions{})
		if err != nil {
			t.Error(err)
		}
		keysc <- k
	}()
	got, res, err := fetchFile(t, c, id, m.addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("fetch: %v", err)
	}
	sess := checkLedger(t, m, c, m.addr)
	if want := (size + 4*chunk - 1) / (4 * chunk); len(sess.Steps) != want || res.Vouchers != want {
		t.Fatalf("%d steps, %d vouchers, want %d windows", len(sess.Steps), res.Vouchers, want)
	}
	latest, err := sess.Latest()
	if err != nil {
		t.Fatal(err)
	}
	keys := <-keysc
	if keys == nil {
		t.FailNow()
	}
	att, err := attest.Prove(ctx, keys, latest)
	if err != nil {
		t.Fatal(err)
	}
	if err := att.Verify(keys.VK); err != nil {
		t.Fatal(err)
	}
	keyHash, err := c.rk.Public().Hash()
	if err != nil {
		t.Fatal(err)
	}
	if att.ChannelID() != latest.Voucher.ChannelID || att.Nonce() != latest.Voucher.Nonce ||
		att.CumulativeBytes() != size || att.KeyHash() != keyHash {
		t.Fatalf("attestation publics: channel %s nonce %d bytes %d", att.ChannelID(), att.Nonce(), att.CumulativeBytes())
	}
	// The same through an Attestor fed by the miner's OnStep hook.
	at, err := attest.NewAttestor(attest.AttestorOptions{Keys: keys, Domain: handedInfo.Domain})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(handed) != len(sess.Steps) || !bytes.Equal(handed[len(handed)-1].Encode(), latest.Encode()) {
		t.Fatalf("hook handed %d steps, ledger holds %d", len(handed), len(sess.Steps))
	}
	for _, st := range handed {
		if err := at.Record(st, handedInfo.Client); err != nil {
			t.Fatal(err)
		}
	}
	mu.Unlock()
	att2, err := at.Prove(ctx, latest.Voucher.ChannelID)
	if err != nil || att2.Verify(keys.VK) != nil || att2.Nonce() != latest.Voucher.Nonce {
		t.Fatalf("attestor proof: %v", err)
	}
	// The attestation survives its encoding.
	back, err := attest.DecodeAttestation(att.Encode())
	if err != nil || back.Verify(keys.VK) != nil {
		t.Fatalf("decoded attestation: %v", err)
	}
}
