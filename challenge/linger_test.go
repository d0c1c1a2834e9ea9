package challenge

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// startAckHoldingRelay forwards every connection to target; on the first
// connection it holds the miner's first payment acknowledgement and
// everything after it (the miner's end of the stream included) until
// release is closed. Later connections pass freely.
func startAckHoldingRelay(t *testing.T, target string, release chan struct{}) (addr string, first func() net.Conn, conns func() int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var firstConn atomic.Pointer[net.Conn]
	var accepted atomic.Int64
	go func() {
		for n := 0; ; n++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			m, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				return
			}
			t.Cleanup(func() { c.Close(); m.Close() })
			go func() { io.Copy(m, c); m.Close() }()
			if n > 0 {
				go func() { io.Copy(c, m); c.Close() }()
				continue
			}
			firstConn.Store(&c)
			go holdAcks(t.Context(), c, m, release)
		}
	}()
	return ln.Addr().String(), func() net.Conn { return *firstConn.Load() }, accepted.Load
}

// holdAcks copies the miner's frames to the client until the first
// payment acknowledgement, then keeps that and the rest until release.
func holdAcks(ctx context.Context, c, m net.Conn, release chan struct{}) {
	defer c.Close()
	lim := FrameLimits{eager: eagerPayload}
	for ft := FrameType(1); ft < frameTypes; ft++ {
		lim = lim.With(ft, MaxFramePayload)
	}
	var held []byte
	for {
		f, err := lim.ReadFrame(m)
		if err != nil {
			break
		}
		b := append([]byte{WireVersion, byte(f.Type), 0, 0, 0, 0}, f.Payload...)
		binary.BigEndian.PutUint32(b[2:], uint32(len(f.Payload)))
		if held == nil && f.Type != FramePaymentAck {
			if _, err := c.Write(b); err != nil {
				return
			}
			continue
		}
		held = append(held, b...)
	}
	select {
	case <-release:
		c.Write(held)
	case <-ctx.Done():
	}
}

// TestFetchReturnsBeforeFinalAck: with LingerFinalAck, Fetch returns with
// every byte verified and every window paid while the miner's
// acknowledgements are still held back; its Linger then records them as
// they come, and the record ends acknowledged up to the last nonce.
func TestFetchReturnsBeforeFinalAck(t *testing.T) {
	const chunk = 16 << 10
	data := content(20*chunk+7, 41)
	store, id := storeWith(t, data, chunk)
	m := startMiner(t, store, "", "", nil, nil)
	release := make(chan struct{})
	addr, _, conns := startAckHoldingRelay(t, m.addr, release)
	c := newClient(t, "", func(o *ClientOptions) { o.LingerFinalAck = true })
	got, res, err := fetchFile(t, c, id, addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("fetch: %v", err)
	}
	if res.Vouchers == 0 || res.Acked != 0 || res.Paid != uint64(len(data)) || res.Linger == nil {
		t.Fatalf("fetch returned with vouchers %d, acknowledged %d, paid %d, linger %v", res.Vouchers, res.Acked, res.Paid, res.Linger)
	}
	info, _, err := c.record.ChannelFor(addr)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := c.record.LatestStep(info.ID)
	if err != nil || latest == nil || latest.Receipt.CumulativeBytes != uint64(len(data)) {
		t.Fatalf("record's latest step: %v %v", latest, err)
	}
	if n, _ := c.record.Acked(info.ID); n != 0 {
		t.Fatalf("record acknowledged %d before any acknowledgement came", n)
	}
	// A second fetch on the channel waits for the lingering session: it
	// does not even connect before the acknowledgements are in.
	second := make(chan error, 1)
	go func() {
		got, _, err := fetchFile(t, c, id, addr)
		if err == nil && !bytes.Equal(got, data) {
			err = errors.New("second fetch: wrong content")
		}
		second <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if n := conns(); n != 1 {
		t.Fatalf("%d connections while the first session lingers", n)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	acked, err := res.Linger.Wait(ctx)
	if err != nil || acked != res.Vouchers {
		t.Fatalf("linger: %d of %d acknowledged, %v", acked, res.Vouchers, err)
	}
	if n, _ := c.record.Acked(info.ID); n < latest.Voucher.Nonce {
		t.Fatalf("record acknowledged %d, latest nonce %d", n, latest.Voucher.Nonce)
	}
	if n := conns(); n != 2 {
		t.Fatalf("%d connections, want 2", n)
	}
}

// TestLostFinalAckReconciledOnNextHello: the connection dies while the
// session lingers for its acknowledgements. The record keeps the steps
// unacknowledged; the next fetch on the channel learns from the hello that the miner holds the latest step,
// records it acknowledged and pays on from there: nothing is paid twice
// and the miner's ledger is one unbroken session.
func TestLostFinalAckReconciledOnNextHello(t *testing.T) {
	const chunk = 16 << 10
	data := content(12*chunk+3, 42)
	store, id := storeWith(t, data, chunk)
	m := startMiner(t, store, "", "", nil, nil)
	release := make(chan struct{}) // never closed: the acks of the first connection are lost
	addr, first, _ := startAckHoldingRelay(t, m.addr, release)
	c := newClient(t, filepath.Join(t.TempDir(), "c"), func(o *ClientOptions) { o.LingerFinalAck = true })
	_, res, err := fetchFile(t, c, id, addr)
	if err != nil || res.Linger == nil || res.Acked != 0 {
		t.Fatalf("first fetch: %v, acknowledged %d, linger %v", err, res.Acked, res.Linger)
	}
	info, _, err := c.record.ChannelFor(addr)
	if err != nil {
		t.Fatal(err)
	}
	first().Close()
	if acked, lerr := res.Linger.Wait(context.Background()); lerr == nil || acked != 0 {
		t.Fatalf("first linger: %d acknowledged, %v (want none, and why)", acked, lerr)
	}
	waitIdle(t, m) // the miner saw the connection go
	got, res2, err := fetchFile(t, c, id, addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("second fetch: %v", err)
	}
	if res2.Linger != nil {
		if _, err := res2.Linger.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	latest, err := c.record.LatestStep(info.ID)
	if err != nil || latest.Receipt.CumulativeBytes != 2*uint64(len(data)) {
		t.Fatalf("record's latest step: %+v %v", latest, err)
	}
	if n, _ := c.record.Acked(info.ID); n != latest.Voucher.Nonce {
		t.Fatalf("record acknowledged %d, latest nonce %d", n, latest.Voucher.Nonce)
	}
	sess := checkLedger(t, m, c, addr)
	if last := sess.Steps[len(sess.Steps)-1]; last.Voucher.Nonce != latest.Voucher.Nonce {
		t.Fatalf("miner's last nonce %d, client's %d", last.Voucher.Nonce, latest.Voucher.Nonce)
	}
}
