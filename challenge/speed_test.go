package challenge

import (
	"bytes"
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// helloCredit says hello on info over a fresh connection and returns the
// credit the miner gives it (the connection ends at once, owing nothing).
func helloCredit(t *testing.T, addr, local string, info ChannelInfo) uint64 {
	t.Helper()
	for attempt := 0; ; attempt++ {
		conn, err := dialFrom(addr, local)
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

// waitIdle waits until the miner holds no connection.
func waitIdle(t *testing.T, m *testMiner) {
	t.Helper()
	for i := 0; m.Stats().Conns > 0; i++ {
		if i == 500 {
			t.Fatalf("miner still holds %d connections", m.Stats().Conns)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestWarmCredit: a channel whose connection grew its credit by paying
// and ended owing nothing starts its next connection at that credit (no
// slow start again), within MaxCredit; a hello from another address (the
// hello is not signed: anyone may replay the channel's terms) and a fresh
// channel still start at
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
	if other := helloCredit(t, m.addr, "127.0.0.2", info); other != limit {
		t.Fatalf("the paid-up channel's hello from another address got credit %d, want CreditLimit %d", other, limit)
	}
	warm := helloCredit(t, m.addr, "", info)
	if warm <= limit || warm > maxCredit {
		t.Fatalf("paid-up channel's next connection got credit %d, want in (%d, %d]", warm, limit, maxCredit)
	}
	if again := helloCredit(t, m.addr, "", info); again != warm {
		t.Fatalf("a hello without a request lost the warm credit: %d, then %d", warm, again)
	}
	if fresh := helloCredit(t, m.addr, "", channelFor(c, info.Shape, 1)); fresh != limit {
		t.Fatalf("fresh channel got credit %d, want CreditLimit %d", fresh, limit)
	}
	// A client that takes the warm credit and never pays: the channel
	// owes what it took, at most the warm credit, and is refused until
	// it pays.
	waitIdle(t, m) // the hellos' connections (and their reservations) are gone
	taken := take(t, m.addr, info, id)
	if !taken.hello || taken.bytes <= limit || taken.bytes > warm {
		t.Fatalf("non-paying connection: %+v (%v), warm credit %d", taken, taken.refused, warm)
	}
	if st := m.Stats(); st.Unpaid != taken.bytes {
		t.Fatalf("miner counts %d unpaid bytes, the client took %d", st.Unpaid, taken.bytes)
	}
	if r := take(t, m.addr, info, id); r.hello || r.refused == nil || r.refused.Code != CodeUnpaid {
		t.Fatalf("owing channel's next hello: %+v", r)
	}
}

// frameRelay forwards a client's connection to a miner frame by frame;
// hold, when set, decides per miner frame whether to keep it back until
// the client's Close came through.
type frameRelay struct {
	ln         net.Listener
	target     string
	hold       func(FrameType) bool
	clientDone chan struct{} // closed when the client's Close passed
}

func startFrameRelay(t *testing.T, target string, hold func(FrameType) bool) *frameRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &frameRelay{ln: ln, target: target, hold: hold, clientDone: make(chan struct{})}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		m, err := net.Dial("tcp", target)
		if err != nil {
			c.Close()
			return
		}
		t.Cleanup(func() { c.Close(); m.Close() })
		go r.pipe(m, c, func(f Frame) {
			if f.Type == FrameClose {
				close(r.clientDone)
			}
		}, nil)
		r.pipe(c, m, nil, r.hold)
	}()
	return r
}

// pipe copies frames from src to dst; seen is told of each, and the
// frames hold picks (and everything behind them) wait for the client's
// Close.
func (r *frameRelay) pipe(dst, src net.Conn, seen func(Frame), hold func(FrameType) bool) {
	lim := FrameLimits{eager: eagerPayload}
	for ft := FrameType(1); ft < frameTypes; ft++ {
		lim = lim.With(ft, MaxFramePayload)
	}
	var held [][]byte
	for {
		f, err := lim.ReadFrame(src)
		if err != nil {
			dst.Close()
			return
		}
		if seen != nil {
			seen(f)
		}
		b := append([]byte{WireVersion, byte(f.Type), 0, 0, 0, 0}, f.Payload...)
		binary.BigEndian.PutUint32(b[2:], uint32(len(f.Payload)))
		released := false
		select {
		case <-r.clientDone:
			released = true
		default:
		}
		if !released && (len(held) > 0 || (hold != nil && hold(f.Type))) {
			held = append(held, b)
			continue
		}
		for _, h := range held {
			dst.Write(h)
		}
		held = nil
		if _, err := dst.Write(b); err != nil {
			return
		}
	}
}

// TestCloseFollowsLastPayment: the client sends its Close behind its last
// payment, not a round trip after the acknowledgement: a relay that holds
// every acknowledgement back until the client's Close came through does
// not stall the fetch (a client waiting for acks before its Close would
// wait for ever), and the miner stores every payment.
func TestCloseFollowsLastPayment(t *testing.T) {
	const chunk = 16 << 10
	data := content(40*chunk+100, 33)
	store, id := storeWith(t, data, chunk)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) { o.CreditLimit = 1 << 20 })
	relay := startFrameRelay(t, m.addr, func(ft FrameType) bool { return ft == FramePaymentAck })
	c := newClient(t, "", func(o *ClientOptions) { o.IdleTimeout = 5 * time.Second })
	got, res, err := fetchFile(t, c, id, relay.ln.Addr().String())
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("fetch: %v (%+v)", err, res.Progress)
	}
	if res.Vouchers == 0 || res.Acked != res.Vouchers {
		t.Fatalf("vouchers %d, acknowledged %d", res.Vouchers, res.Acked)
	}
	sess := checkLedger(t, m, c, relay.ln.Addr().String())
	if last := sess.Steps[len(sess.Steps)-1]; last.Receipt.CumulativeBytes != uint64(len(data)) {
		t.Fatalf("miner stored %d bytes paid, want %d", last.Receipt.CumulativeBytes, len(data))
	}
}
