package challenge

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// helloCredit says hello on info over a fresh connection and returns the
// credit the miner gives it (the connection ends at once, owing nothing).
func helloCredit(t *testing.T, addr string, info ChannelInfo) uint64 {
	t.Helper()
	for attempt := 0; ; attempt++ {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		if err := WriteFrame(conn, &Hello{Version: uint16(WireVersion), Channel: info}); err != nil {
			t.Fatal(err)
		}
		m, err := ReadMessage(conn, 0)
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch m := m.(type) {
		case *HelloAck:
			return m.CreditLimit
		case *ErrorMsg:
			if m.Code == CodeBusy && attempt < 100 { // the previous connection still being torn down
				time.Sleep(20 * time.Millisecond)
				continue
			}
			t.Fatalf("hello refused: %s %s", m.Code, m.Message)
		}
		t.Fatalf("got %s, want hello-ack", m.Type())
	}
}

// TestWarmCredit: a channel whose connection grew its credit by paying
// and ended owing nothing starts its next connection at that credit (no
// slow start again), within MaxCredit; a fresh channel still starts at
// CreditLimit; and a connection that takes the warm credit without paying
// leaves the channel owing, so it gets no credit until it pays.
func TestWarmCredit(t *testing.T) {
	const chunk, limit, maxCredit = 16 << 10, 16 * (16 << 10), 64 * (16 << 10)
	data := content(256*chunk, 31)
	store, id := storeWith(t, data, chunk)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.CreditLimit, o.MaxCredit, o.MaxUnpaid = limit, maxCredit, 2*maxCredit
		o.PaymentTimeout = 300 * time.Millisecond
		// Payments wait for the probe answers: the sender surely reaches
		// its credit before the first one, so the credit grows.
		o.Faults = &Faults{ProbeDelay: 20 * time.Millisecond}
	})
	c := newClient(t, "", func(o *ClientOptions) { o.Shape = protocol.ShapeFor(4) })
	got, res, err := fetchFile(t, c, id, m.addr)
	if err != nil || !bytes.Equal(got, data) || res.Acked != res.Vouchers {
		t.Fatalf("fetch: %v (%+v)", err, res.Progress)
	}
	info, ok, err := c.record.ChannelFor(m.addr)
	if err != nil || !ok {
		t.Fatalf("channel record: %v %v", ok, err)
	}
	warm := helloCredit(t, m.addr, info)
	if warm <= limit || warm > maxCredit {
		t.Fatalf("paid-up channel's next connection got credit %d, want in (%d, %d]", warm, limit, maxCredit)
	}
	if again := helloCredit(t, m.addr, info); again != warm {
		t.Fatalf("a hello without a request lost the warm credit: %d, then %d", warm, again)
	}
	if fresh := helloCredit(t, m.addr, channelFor(c, info.Shape, 1)); fresh != limit {
		t.Fatalf("fresh channel got credit %d, want CreditLimit %d", fresh, limit)
	}
	// A client that takes the warm credit and never pays: the channel
	// owes what it took, at most the warm credit, and is refused until
	// it pays.
	taken := take(t, m.addr, info, id)
	if !taken.hello || taken.bytes <= limit || taken.bytes > warm {
		t.Fatalf("non-paying connection: %+v, warm credit %d", taken, warm)
	}
	if st := m.Stats(); st.Unpaid != taken.bytes {
		t.Fatalf("miner counts %d unpaid bytes, the client took %d", st.Unpaid, taken.bytes)
	}
	if r := take(t, m.addr, info, id); r.hello || r.refused == nil || r.refused.Code != CodeUnpaid {
		t.Fatalf("owing channel's next hello: %+v", r)
	}
}
