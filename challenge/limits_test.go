package challenge

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"math"
	"math/big"
	"net"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// takeResult is what a never-paying client got from one connection.
type takeResult struct {
	hello   bool      // the miner acknowledged the hello
	refused *ErrorMsg // the miner's answer to the hello when it did not
	bytes   uint64    // chunk bytes received
}

// dialFrom dials addr from a given loopback address ("" for the default).
func dialFrom(addr, local string) (net.Conn, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	if local != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(local)}
	}
	return d.Dial("tcp", addr)
}

// take plays a client that says hello on info, asks for obj and reads
// chunks without ever paying, until the miner ends the stream. A hello
// refused as busy (the previous connection on the channel still being torn
// down) is retried.
func take(t *testing.T, addr string, info ChannelInfo, obj protocol.ObjectID) takeResult {
	t.Helper()
	for attempt := 0; ; attempt++ {
		conn, err := dialFrom(addr, "")
		if err != nil {
			t.Error(err)
			return takeResult{}
		}
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		res, busy := takeOnce(conn, info, obj)
		conn.Close()
		if !busy || attempt == 100 {
			return res
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func takeOnce(conn net.Conn, info ChannelInfo, obj protocol.ObjectID) (res takeResult, busy bool) {
	if err := WriteFrame(conn, &Hello{Version: uint16(WireVersion), Channel: info}); err != nil {
		return res, false
	}
	m, err := ReadMessage(conn, 0)
	if err != nil {
		return res, false
	}
	switch m := m.(type) {
	case *ErrorMsg:
		res.refused = m
		return res, m.Code == CodeBusy && bytes.Contains([]byte(m.Message), []byte("in use"))
	case *HelloAck:
		res.hello = true
	default:
		return res, false
	}
	if err := WriteFrame(conn, &Request{Object: obj}); err != nil {
		return res, false
	}
	for {
		m, err := ReadMessage(conn, 0)
		if err != nil {
			return res, false
		}
		switch m := m.(type) {
		case *Chunk:
			res.bytes += uint64(len(m.Data))
		case *ErrorMsg:
			return res, false
		}
	}
}

// channelFor returns fresh channel terms paid by tc's keys.
func channelFor(tc *testClient, shape protocol.Shape, n uint64) ChannelInfo {
	return ChannelInfo{ID: protocol.ElementFromUint64(uint64(time.Now().UnixNano()) + n), Client: tc.Address(),
		ReceiptKey: tc.rk.Public(), PricePerByte: big.NewInt(1),
		Domain: protocol.ChainDomain{ChainID: big.NewInt(DevChainID)}, Shape: shape}
}

// listFiles lists every path under dir with its size.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size := info.Size()
		if d.IsDir() {
			size = 0
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel+"@"+big.NewInt(size).String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestMinerCreditPerChannel: a client that never pays and reconnects on
// the same channel gets at most one credit in all.
func TestMinerCreditPerChannel(t *testing.T) {
	const chunk, credit = 16 << 10, 200 << 10
	store, id := storeWith(t, content(2<<20, 21), chunk)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.CreditLimit = credit
		o.PaymentTimeout = 300 * time.Millisecond
	})
	tc := newClient(t, "", nil)
	info := channelFor(tc, protocol.Shape{Chunks: 8, Probes: 1}, 0)
	var total uint64
	for i := range 4 {
		res := take(t, m.addr, info, id)
		t.Logf("connection %d: hello %v (%+v), %d bytes", i, res.hello, res.refused, res.bytes)
		if i == 0 && (!res.hello || res.bytes < credit-chunk) {
			t.Fatalf("first connection got %+v, want about one credit", res)
		}
		if i > 0 && res.refused != nil && res.refused.Code != CodeUnpaid {
			t.Fatalf("reconnect refused with %s, want %s", res.refused.Code, CodeUnpaid)
		}
		total += res.bytes
	}
	if total > credit {
		t.Fatalf("four connections on one channel got %d unpaid bytes, credit %d", total, credit)
	}
	if st := m.Stats(); st.Unpaid != total {
		t.Fatalf("miner counts %d unpaid bytes, the client received %d", st.Unpaid, total)
	}
}

// TestMinerUnpaidExposureBounded: fresh channels from one key share one
// credit; fresh keys share MaxUnpaid; hellos alone write nothing.
func TestMinerUnpaidExposureBounded(t *testing.T) {
	const chunk, credit, maxUnpaid = 16 << 10, 128 << 10, 3 * (128 << 10)
	store, id := storeWith(t, content(1<<20, 22), chunk)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.CreditLimit = credit
		o.MaxUnpaid = maxUnpaid
		o.PaymentTimeout = 300 * time.Millisecond
	})
	ledgerDir := m.ledger.Dir()
	before := listFiles(t, ledgerDir)
	shape := protocol.Shape{Chunks: 8, Probes: 1}

	// Run takes concurrently and sum what they got.
	run := func(infos []ChannelInfo) (total uint64, served int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, info := range infos {
			wg.Go(func() {
				res := take(t, m.addr, info, id)
				mu.Lock()
				defer mu.Unlock()
				total += res.bytes
				if res.bytes > 0 {
					served++
				}
			})
		}
		wg.Wait()
		return total, served
	}

	// One key, many channels: one credit in all.
	one := newClient(t, "", nil)
	var infos []ChannelInfo
	for i := range 6 {
		infos = append(infos, channelFor(one, shape, uint64(i)))
	}
	oneKey, served := run(infos)
	t.Logf("one key, 6 channels: %d bytes on %d channels", oneKey, served)
	if oneKey > credit || oneKey == 0 {
		t.Fatalf("one key got %d unpaid bytes over 6 channels, credit %d", oneKey, credit)
	}
	// And again, one after the other.
	for i := range 3 {
		res := take(t, m.addr, channelFor(one, shape, uint64(100+i)), id)
		oneKey += res.bytes
	}
	if oneKey > credit {
		t.Fatalf("one key got %d unpaid bytes over 9 channels, credit %d", oneKey, credit)
	}

	// Many keys, two channels each: MaxUnpaid in all.
	infos = nil
	for i := range 8 {
		c := newClient(t, "", nil)
		infos = append(infos, channelFor(c, shape, uint64(2*i)), channelFor(c, shape, uint64(2*i+1)))
	}
	manyKeys, served := run(infos)
	t.Logf("8 keys, 16 channels: %d bytes on %d channels", manyKeys, served)
	if oneKey+manyKeys > maxUnpaid {
		t.Fatalf("strangers got %d unpaid bytes in all, bound %d", oneKey+manyKeys, maxUnpaid)
	}
	if st := m.Stats(); st.Unpaid != oneKey+manyKeys || st.Unpaid > maxUnpaid {
		t.Fatalf("miner stats %+v, clients received %d", st, oneKey+manyKeys)
	}

	// Hellos with fresh ids and nothing else.
	for i := range 60 {
		c := newClient(t, "", nil)
		conn, err := dialFrom(m.addr, "")
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		WriteFrame(conn, &Hello{Version: uint16(WireVersion), Channel: channelFor(c, shape, uint64(1000+i))})
		ReadMessage(conn, 0)
		conn.Close()
	}
	if after := listFiles(t, ledgerDir); !equalStrings(before, after) {
		t.Fatalf("the ledger changed without a payment:\nbefore %v\nafter  %v", before, after)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// TestMinerConnectionLimits floods the miner with oversized and
// wrong-direction frames and with silent connections from one address:
// its heap stays small and an honest client from another address fetches
// meanwhile. Then it fills the total connection cap and checks that one
// more is closed at once.
func TestMinerConnectionLimits(t *testing.T) {
	data := content(1<<20, 23)
	store, id := storeWith(t, data, 16<<10)
	const perIP, total = 32, 64
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.MaxConns = total
		o.MaxConnsPerIP = perIP
	})
	// The flood comes from other loopback addresses than the honest
	// client's (Linux routes all of 127/8 to lo).
	if c, err := dialFrom(m.addr, "127.0.0.2"); err != nil {
		t.Skipf("cannot dial from 127.0.0.2: %v", err)
	} else {
		c.Close()
		waitConns(t, m, 0)
	}
	base := heapInUse()

	var mu sync.Mutex
	var flood []net.Conn
	keep := func(c net.Conn) {
		mu.Lock()
		flood = append(flood, c)
		mu.Unlock()
	}
	closeFlood := func() {
		mu.Lock()
		for _, c := range flood {
			c.Close()
		}
		flood = nil
		mu.Unlock()
	}
	defer closeFlood()
	header := func(t FrameType, n uint32) []byte {
		return []byte{WireVersion, byte(t), byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	}
	tc := newClient(t, "", nil)
	plays := []func(c net.Conn){
		// A frame only a miner sends, of almost the largest size.
		func(c net.Conn) { c.Write(header(FrameChunk, MaxFramePayload-1)) },
		// A hello announcing far more than a hello holds.
		func(c net.Conn) { c.Write(header(FrameHello, 1<<24)) },
		// A payment before any hello.
		func(c net.Conn) { c.Write(header(FramePayment, 600<<10)) },
		// Silence.
		func(c net.Conn) {},
	}
	var wg sync.WaitGroup
	for i := range 400 {
		wg.Go(func() {
			c, err := dialFrom(m.addr, "127.0.0.2")
			if err != nil {
				return
			}
			keep(c)
			plays[i%len(plays)](c)
		})
	}
	// Payments of a size the channel's window cannot have, after a hello
	// (one channel per connection: fresh ids).
	for i := range 40 {
		wg.Go(func() {
			c, err := dialFrom(m.addr, "127.0.0.3")
			if err != nil {
				return
			}
			keep(c)
			info := channelFor(tc, protocol.Shape{Chunks: 8, Probes: 1}, uint64(i+1))
			c.Write(AppendFrame(nil, &Hello{Version: uint16(WireVersion), Channel: info}))
			c.Write(header(FramePayment, 600<<10))
		})
	}
	wg.Wait()
	time.Sleep(300 * time.Millisecond)
	peak := heapInUse()
	grew := int64(peak) - int64(base)
	t.Logf("heap in use: %d MiB before the flood, %d MiB during (%+d KiB); miner holds %d connections",
		base>>20, peak>>20, grew>>10, m.Stats().Conns)
	const bound = 32 << 20
	if grew > bound {
		t.Fatalf("the flood grew the heap by %d MiB, bound %d MiB", grew>>20, bound>>20)
	}
	if n := m.Stats().Conns; n > total {
		t.Fatalf("miner holds %d connections, cap %d", n, total)
	}

	// An honest client fetches during the flood.
	c := newClient(t, "", nil)
	got, _, err := fetchFile(t, c, id, m.addr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("honest fetch during the flood: %v", err)
	}
	closeFlood()

	// The total cap: fill it from two addresses, then one more connection
	// is closed without a word.
	waitConns(t, m, 0)
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for _, ip := range []string{"127.0.0.4", "127.0.0.5"} {
		for range perIP {
			c, err := dialFrom(m.addr, ip)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, c)
		}
	}
	waitConns(t, m, total)
	refused := func(from string) {
		t.Helper()
		c, err := dialFrom(m.addr, from)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 1)); err == nil || isTimeout(err) {
			t.Fatalf("a connection from %s above the cap was kept: %v", from, err)
		}
	}
	refused("127.0.0.7")
	// Per address: one more from an address at its cap is closed at once,
	// even with room in the total.
	for _, c := range held[:perIP] {
		c.Close()
	}
	waitConns(t, m, perIP)
	refused("127.0.0.5")
	if n := m.Stats().Conns; n != perIP {
		t.Fatalf("miner holds %d connections, want %d", n, perIP)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// waitConns waits until the miner holds n connections.
func waitConns(t *testing.T, m *testMiner, n int) {
	t.Helper()
	for i := 0; ; i++ {
		got := m.Stats().Conns
		if got == n {
			return
		}
		if i == 500 {
			t.Fatalf("miner holds %d connections, want %d", got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestMinerClosesStalledSession: latency probes do not keep a session that
// never pays or asks for anything open past the progress timeout.
func TestMinerClosesStalledSession(t *testing.T) {
	store, _ := storeWith(t, content(64<<10, 24), 16<<10)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.IdleTimeout = 400 * time.Millisecond
		o.ProgressTimeout = 1 * time.Second
	})
	r := dialRaw(t, m.addr, protocol.Shape{Chunks: 8, Probes: 1})
	r.hello()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			m, err := r.recv()
			if err != nil {
				return
			}
			if _, ok := m.(*ErrorMsg); ok {
				return
			}
		}
	}()
	for i := uint64(1); ; i++ {
		select {
		case <-done:
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("stalled session closed after %s", d)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("a session sending only latency probes is still open after 10s")
		}
		WriteFrame(r.conn, &Probe{ID: uint32(i), Kind: ProbeLatency, Challenge: protocol.ElementFromUint64(i)})
	}
}

// TestMinerOnChainChannelCredit: channels the CheckChannel hook verifies
// each get their own credit, bounded by their deposit, outside the
// per-key and MaxUnpaid bounds; a failing check refuses the hello before
// any byte.
func TestMinerOnChainChannelCredit(t *testing.T) {
	const chunk, credit = 16 << 10, 64 << 10
	store, id := storeWith(t, content(512<<10, 25), chunk)
	small := protocol.ElementFromUint64(424242)
	bad := protocol.ElementFromUint64(434343)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.CreditLimit = credit
		o.MaxUnpaid = credit
		o.PaymentTimeout = 300 * time.Millisecond
		o.CheckChannel = func(_ context.Context, info ChannelInfo) (ChannelCheck, error) {
			switch info.ID {
			case bad:
				return ChannelCheck{}, errors.New("no such channel on chain")
			case small: // covers two chunks at the channel's price
				return ChannelCheck{OnChain: true, Deposit: new(big.Int).Mul(big.NewInt(2*chunk), info.PricePerByte)}, nil
			}
			return ChannelCheck{OnChain: true, Deposit: big.NewInt(1 << 40)}, nil
		}
	})
	shape := protocol.Shape{Chunks: 4, Probes: 1}
	one := newClient(t, "", nil)
	var total uint64
	for i := range 3 {
		total += take(t, m.addr, channelFor(one, shape, uint64(i)), id).bytes
	}
	if total != 3*credit {
		t.Fatalf("one key's three on-chain channels got %d bytes, want %d (one credit each)", total, 3*credit)
	}
	if st := m.Stats(); st.Exposure != 0 || st.Unpaid != total {
		t.Fatalf("on-chain channels count against the shared bound: %+v", st)
	}
	info := channelFor(one, shape, 0)
	info.ID = small
	if got := take(t, m.addr, info, id); got.bytes != 2*chunk {
		t.Fatalf("a deposit covering %d bytes got %d", 2*chunk, got.bytes)
	}
	info.ID = bad
	got := take(t, m.addr, info, id)
	if got.hello || got.refused == nil || got.refused.Code != CodeChannel || got.bytes != 0 {
		t.Fatalf("failed channel check: %+v", got)
	}
}

// TestMinerWaitsForLastPaymentAtDeposit: a deposit that ends inside a
// window stops both sides there; the miner waits for the client's payment
// of that last, shorter window before it refuses and closes, so the
// payment is stored and acknowledged, and nobody is reported.
func TestMinerWaitsForLastPaymentAtDeposit(t *testing.T) {
	const chunk = 16 << 10
	store, id := storeWith(t, content(40*chunk, 26), chunk) // 5 windows of 8
	const covered = 2*8*chunk + 3*chunk                     // two windows and three chunks
	var price *big.Int
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.CreditLimit = 64 * chunk
		o.CheckChannel = func(_ context.Context, info ChannelInfo) (ChannelCheck, error) {
			return ChannelCheck{OnChain: true, Deposit: new(big.Int).Mul(big.NewInt(covered), info.PricePerByte)}, nil
		}
	})
	var c *testClient
	c = newClient(t, "", func(o *ClientOptions) {
		price = o.PricePerByte
		o.ChainState = func(_ context.Context, info ChannelInfo) (*protocol.ChainChannel, error) {
			kh, err := info.ReceiptKey.Hash()
			if err != nil {
				return nil, err
			}
			return &protocol.ChainChannel{Domain: info.Domain, State: protocol.ChainOpen, Client: info.Client,
				Miner: m.Address(), Payee: m.Address(), PricePerByte: info.PricePerByte, KeyHash: kh,
				Withdrawn: new(big.Int), Deposit: new(big.Int).Mul(big.NewInt(covered), price)}, nil
		}
	})
	_, res, err := fetchFile(t, c, id, m.addr)
	var ife *protocol.InsufficientFundsError
	if !errors.As(err, &ife) {
		t.Fatalf("fetch: %v, want insufficient funds", err)
	}
	if res.Received != covered || res.Paid != covered || res.Acked != res.Vouchers || res.Vouchers != 3 {
		t.Fatalf("received %d, paid %d, %d vouchers, %d acked; want %d bytes in 3 acknowledged vouchers",
			res.Received, res.Paid, res.Vouchers, res.Acked, covered)
	}
	for _, oc := range res.Miners {
		if latest, err := m.ledger.Latest(oc.Channel); err != nil || latest == nil || latest.Receipt.CumulativeBytes != covered {
			t.Fatalf("ledger holds %+v (%v), want %d bytes", latest, err, covered)
		}
	}
	if got := listFiles(t, m.reports); len(got) != 1 { // the directory itself
		t.Fatalf("reports: %v", got)
	}
}

// TestCreditGrowth: a connection's credit grows only within the miner's
// bound on unverified channels, the growth counts against its client key
// (a new channel of that key gets nothing more), and shrinking gives it
// back.
func TestCreditGrowth(t *testing.T) {
	const limit, maxUnpaid = 100, 250
	b := newCreditBook(limit, maxUnpaid, time.Hour)
	key := common.HexToAddress("0x01")
	a := &ChannelInfo{ID: protocol.ElementFromUint64(1), Client: key}
	r, err := b.reserve(a, false, math.MaxUint64)
	if err != nil || r != limit {
		t.Fatalf("reserve: %d, %v", r, err)
	}
	if g := b.grow(a.ID, 400); g != maxUnpaid-limit {
		t.Fatalf("grew by %d, want what MaxUnpaid leaves (%d)", g, maxUnpaid-limit)
	}
	if g := b.grow(a.ID, 1); g != 0 {
		t.Fatalf("grew by %d beyond MaxUnpaid", g)
	}
	if _, exp := b.stats(); exp != maxUnpaid {
		t.Fatalf("exposure %d, want %d", exp, maxUnpaid)
	}
	other := &ChannelInfo{ID: protocol.ElementFromUint64(2), Client: key}
	var ce *CreditError
	if _, err := b.reserve(other, false, math.MaxUint64); !errors.As(err, &ce) || ce.Bound != "client key" {
		t.Fatalf("second channel of a key holding grown credit: %v", err)
	}
	b.shrink(a.ID, maxUnpaid-limit)
	if _, exp := b.stats(); exp != limit {
		t.Fatalf("exposure after shrink %d, want %d", exp, limit)
	}
	onChain := &ChannelInfo{ID: protocol.ElementFromUint64(3), Client: common.HexToAddress("0x02")}
	if r, err := b.reserve(onChain, true, 1000); err != nil || r != limit {
		t.Fatalf("on-chain reserve: %d, %v", r, err)
	}
	if g := b.grow(onChain.ID, 500); g != 500 {
		t.Fatalf("on-chain growth %d (the deposit bounds it while sending, not the shared bound)", g)
	}
	b.release(a.ID, 0)
	b.release(onChain.ID, 0)
	if unpaid, exp := b.stats(); unpaid != 0 || exp != 0 {
		t.Fatalf("after release: unpaid %d, exposure %d", unpaid, exp)
	}
}

// TestMinerCreditGrowsWithinMaxUnpaid: a fetch whose credit runs short
// grows it with its payments, never beyond MaxUnpaid for a channel not
// on chain, and holds no grown credit once done.
func TestMinerCreditGrowsWithinMaxUnpaid(t *testing.T) {
	const chunk = 16 << 10
	data := content(64*chunk, 27)
	store, id := storeWith(t, data, chunk)
	m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
		o.CreditLimit = 16 * chunk
		o.MaxCredit = 64 * chunk
		o.MaxUnpaid = 40 * chunk
	})
	c := newClient(t, "", nil)
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var p uint64
		for {
			select {
			case <-stop:
				peak <- p
				return
			case <-time.After(100 * time.Microsecond):
			}
			p = max(p, m.Stats().Exposure)
		}
	}()
	got, res, err := fetchFile(t, c, id, m.addr)
	close(stop)
	if err != nil || !bytes.Equal(got, data) || res.Acked != res.Vouchers {
		t.Fatalf("fetch: %v (%+v)", err, res.Progress)
	}
	if p := <-peak; p > 40*chunk {
		t.Fatalf("exposure peaked at %d, above MaxUnpaid %d", p, 40*chunk)
	}
	for deadline := time.Now().Add(5 * time.Second); m.Stats().Exposure != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("exposure %d after the fetch", m.Stats().Exposure)
		}
	}
}
