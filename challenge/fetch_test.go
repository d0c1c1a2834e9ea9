package challenge

import (
	"bytes"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

func TestHonestFetch(t *testing.T) {
	const size, chunk = 3<<20 + 12345, 64 << 10
	data := content(size, 1)
	store, id := storeWith(t, data, chunk)
	m := startMiner(t, store, "", "", nil, nil)
	var last Progress
	c := newClient(t, "", func(o *ClientOptions) { o.Progress = func(p Progress) { last = p } })
	got, res, err := fetchFile(t, c, id, m.addr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("fetched file differs")
	}
	windows := (size + 8*chunk - 1) / (8 * chunk)
	if res.Vouchers != windows || res.Acked != windows || res.Paid != size || res.Received != size {
		t.Fatalf("result %+v, want %d windows of %d bytes", res.Progress, windows, size)
	}
	if res.ProbesFailed != 0 || res.ProbesPassed < 2*windows || res.LastRTT == 0 || len(res.Reports) != 0 {
		t.Fatalf("probes %+v, reports %d", res.Progress, len(res.Reports))
	}
	if last.Acked != windows {
		t.Fatalf("last progress %+v", last)
	}
	sess := checkLedger(t, m, c, m.addr)
	latest, _ := sess.Latest()
	if len(sess.Steps) != windows || latest.Receipt.CumulativeBytes != size ||
		latest.Voucher.CumulativeAmount.Cmp(big.NewInt(3*size)) != 0 {
		t.Fatalf("ledger: %d steps, latest %d bytes, amount %s", len(sess.Steps), latest.Receipt.CumulativeBytes, latest.Voucher.CumulativeAmount)
	}
	// Every window carries its probes (they enter the proof).
	for i, st := range sess.Steps {
		if len(st.Window.Probes) != 2 {
			t.Fatalf("step %d has %d probes", i, len(st.Window.Probes))
		}
	}
	// The client's record matches what the miner holds.
	mine, err := c.record.LatestStep(latest.Voucher.ChannelID)
	if err != nil || !bytes.Equal(mine.Encode(), latest.Encode()) {
		t.Fatalf("client record differs from the miner's latest step: %v", err)
	}
	if n, _ := c.record.Acked(latest.Voucher.ChannelID); n != latest.Voucher.Nonce {
		t.Fatalf("client acked %d, latest %d", n, latest.Voucher.Nonce)
	}
	// A second fetch on the same channel continues its nonces and bytes.
	got, _, err = fetchFile(t, c, id, m.addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("second fetch: %v", err)
	}
	sess = checkLedger(t, m, c, m.addr)
	if latest, _ := sess.Latest(); len(sess.Steps) != 2*windows || latest.Receipt.CumulativeBytes != 2*size {
		t.Fatalf("after two fetches: %d steps, %d bytes", len(sess.Steps), latest.Receipt.CumulativeBytes)
	}
	if reps, _ := LoadReports(m.reports); len(reps) != 0 {
		t.Fatalf("honest client reported: %+v", reps)
	}
}

func TestCorruptChunkFailover(t *testing.T) {
	const size, chunk, bad = 2<<20 + 777, 32 << 10, 21
	data := content(size, 2)
	store, id := storeWith(t, data, chunk)
	for _, mode := range []CorruptMode{CorruptProvable, CorruptBytes} {
		t.Run(map[CorruptMode]string{CorruptProvable: "provable", CorruptBytes: "bytes"}[mode], func(t *testing.T) {
			liar := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
				o.Faults = &Faults{Corrupt: mode, CorruptChunk: bad}
			})
			honest := startMiner(t, store, "", "", nil, nil)
			c := newClient(t, "", nil)
			got, res, err := fetchFile(t, c, id, liar.addr, honest.addr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatal("fetched file differs")
			}
			if len(res.Miners) != 2 || !errors.Is(res.Miners[0].Err, ErrBadChunk) || res.Miners[1].Err != nil || res.Failovers != 1 {
				t.Fatalf("outcomes %+v", res.Miners)
			}
			// Caught on that chunk: everything before it came from the liar.
			if res.Miners[0].Received != bad*chunk || res.Miners[1].Received != size-bad*chunk {
				t.Fatalf("received %d from the liar, %d from the honest miner", res.Miners[0].Received, res.Miners[1].Received)
			}
			if len(res.Reports) != 1 {
				t.Fatalf("%d reports", len(res.Reports))
			}
			r := res.Reports[0]
			if r.Kind != protocol.ReportBadChunk || r.Accused != liar.Address() || r.Chunk.Header.Index != bad {
				t.Fatalf("report %v about %s chunk %d", r.Kind, r.Accused, r.Chunk.Header.Index)
			}
			onDisk, err := LoadReports(c.reports)
			if err != nil || len(onDisk) != 1 || !bytes.Equal(onDisk[0].Encode(), r.Encode()) {
				t.Fatalf("report on disk: %v", err)
			}
			proven, err := onDisk[0].Verify()
			if mode == CorruptProvable && (!proven || err != nil) {
				t.Fatalf("provable corruption: proven=%v err=%v", proven, err)
			}
			if mode == CorruptBytes && (proven || err != nil) {
				t.Fatalf("byte corruption (a complaint): proven=%v err=%v", proven, err)
			}
			// The liar was paid only for whole windows before the bad chunk;
			// the honest miner exactly for what it sent.
			// (The window before the bad chunk is paid only if its probes
			// were answered before the bad chunk arrived.)
			liar.Close()
			// A channel that never got a payment accepted is not in the
			// ledger at all.
			var held uint64
			if ch, _, _ := c.record.ChannelFor(liar.addr); knownChannel(t, liar, ch.ID) {
				ls := checkLedger(t, liar, c, liar.addr)
				if latest, err := ls.Latest(); err == nil {
					held = latest.Receipt.CumulativeBytes
				}
			}
			if paid := res.Miners[0].Paid; paid%(8*chunk) != 0 || paid > 16*chunk || held > paid {
				t.Fatalf("liar paid for %d bytes, holds vouchers for %d", paid, held)
			}
			hs := checkLedger(t, honest, c, honest.addr)
			if latest, _ := hs.Latest(); latest.Receipt.CumulativeBytes != size-bad*chunk || res.Miners[1].Paid != size-bad*chunk {
				t.Fatalf("honest miner paid for %d bytes", latest.Receipt.CumulativeBytes)
			}
		})
	}
}

func TestProbeFailures(t *testing.T) {
	const size, chunk = 1 << 20, 16 << 10
	data := content(size, 3)
	store, id := storeWith(t, data, chunk)
	cases := []struct {
		name    string
		faults  *Faults
		minRate float64
	}{
		{"wrong", &Faults{WrongProbe: 5}, 0},
		{"late", &Faults{ProbeDelay: 3 * time.Second}, 0},
		{"slow", &Faults{}, 1e15}, // no miner sustains a petabyte per second
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// A credit of two windows that does not grow with payments:
			// the miner cannot send the whole object before the failed
			// probe stops the client.
			bad := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
				o.Faults = tc.faults
				o.CreditLimit = 256 << 10
				o.MaxCredit = o.CreditLimit
			})
			honest := startMiner(t, store, "", "", nil, nil)
			c := newClient(t, "", func(o *ClientOptions) {
				// Generous for an honest miner on a loaded machine (the
				// fallback must pass), short against a 3 s delay.
				o.ProbeDeadline = time.Second
				o.MinRate = tc.minRate
			})
			_, res, err := fetchFile(t, c, id, bad.addr)
			if !errors.Is(err, ErrNoMiner) || !errors.Is(err, ErrProbeFailed) {
				t.Fatalf("fetch from a faulty miner: %v", err)
			}
			if res.ProbesFailed != 1 || len(res.Reports) != 1 || res.Reports[0].Kind != protocol.ReportFailedProbe ||
				res.Reports[0].Accused != bad.Address() {
				t.Fatalf("result %+v reports %+v", res.Progress, res.Reports)
			}
			if proven, err := res.Reports[0].Verify(); proven || err != nil {
				t.Fatalf("failed-probe report: proven=%v err=%v", proven, err)
			}
			if tc.minRate > 0 {
				return // every miner fails this one
			}
			// The same fetch with a fallback completes.
			got, res, err := fetchFile(t, c, id, bad.addr, honest.addr)
			if err != nil || !bytes.Equal(got, data) || res.Failovers != 1 {
				t.Fatalf("failover fetch: %v", err)
			}
		})
	}
}

func TestMinerRestartKeepsVouchers(t *testing.T) {
	const size, chunk = 4 << 20, 16 << 10
	data := content(size, 4)
	store, id := storeWith(t, data, chunk)
	dir, key := t.TempDir(), newKey(t)
	m := startMiner(t, store, dir, "", key, nil)
	addr := m.addr
	stopped := make(chan struct{})
	c := newClient(t, "", func(o *ClientOptions) {
		o.Progress = func(p Progress) {
			if p.Acked == 3 && stopped != nil {
				close(stopped)
				stopped = nil
				go m.Close() // crash-like: connections cut mid-stream
			}
		}
	})
	_, res, err := fetchFile(t, c, id, addr)
	if err == nil || res.Received == size {
		t.Fatalf("fetch survived the miner stopping: %v", err)
	}
	info, _, _ := c.record.ChannelFor(addr)
	acked, err := c.record.Acked(info.ID)
	if err != nil || acked < 3 {
		t.Fatalf("client acked %d: %v", acked, err)
	}
	m.Close()
	// A new miner process on the same ledger and address.
	m2 := startMiner(t, store, dir, addr, key, nil)
	sess := checkLedger(t, m2, c, addr)
	latest, _ := sess.Latest()
	if latest.Voucher.Nonce < acked {
		t.Fatalf("restarted miner holds nonce %d, client saw %d acknowledged", latest.Voucher.Nonce, acked)
	}
	paidBefore := latest.Receipt.CumulativeBytes
	// The channel continues across the restart.
	got, _, err := fetchFile(t, c, id, addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("fetch after restart: %v", err)
	}
	sess = checkLedger(t, m2, c, addr)
	if latest, _ := sess.Latest(); latest.Receipt.CumulativeBytes < paidBefore+size {
		t.Fatalf("after restart: %d bytes paid in total, %d before", latest.Receipt.CumulativeBytes, paidBefore)
	}
}

func TestEmptyObject(t *testing.T) {
	store, id := storeWith(t, nil, 0)
	m := startMiner(t, store, "", "", nil, nil)
	c := newClient(t, "", nil)
	got, res, err := fetchFile(t, c, id, m.addr)
	if err != nil || len(got) != 0 || res.Vouchers != 1 || res.Acked != 1 {
		t.Fatalf("empty object: %v %+v", err, res.Progress)
	}
	sess := checkLedger(t, m, c, m.addr)
	if latest, _ := sess.Latest(); latest.Receipt.CumulativeBytes != 0 || len(latest.Window.Leaves) != 1 {
		t.Fatalf("empty object step: %+v", latest.Window)
	}
}

func TestUnknownObjectFailsOver(t *testing.T) {
	data := content(200<<10, 15)
	empty, _ := storeWith(t, nil, 0)
	store, id := storeWith(t, data, 16<<10)
	without := startMiner(t, empty, "", "", nil, nil)
	with := startMiner(t, store, "", "", nil, nil)
	c := newClient(t, "", nil)
	got, res, err := fetchFile(t, c, id, without.addr, with.addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("fetch: %v", err)
	}
	if !errors.Is(res.Miners[0].Err, ErrUnknownObject) || len(res.Reports) != 0 {
		t.Fatalf("first miner: %v, %d reports", res.Miners[0].Err, len(res.Reports))
	}
}
