package challenge

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// rawClient speaks the wire protocol by hand, to misbehave.
type rawClient struct {
	t    *testing.T
	conn net.Conn
	info ChannelInfo
	tc   *testClient
}

func dialRaw(t *testing.T, addr string, shape protocol.Shape) *rawClient {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	tc := newClient(t, "", nil)
	info := ChannelInfo{ID: protocol.ElementFromUint64(uint64(time.Now().UnixNano())), Client: tc.Address(),
		ReceiptKey: tc.rk.Public(), PricePerByte: big.NewInt(1),
		Domain: protocol.ChainDomain{ChainID: big.NewInt(DevChainID)}, Shape: shape}
	return &rawClient{t: t, conn: conn, info: info, tc: tc}
}

func (r *rawClient) send(m Message) {
	r.t.Helper()
	if err := WriteFrame(r.conn, m); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rawClient) recv() (Message, error) { return ReadMessage(r.conn, 0) }

func (r *rawClient) hello() *HelloAck {
	r.t.Helper()
	r.send(&Hello{Version: uint16(WireVersion), Channel: r.info})
	m, err := r.recv()
	if err != nil {
		r.t.Fatal(err)
	}
	ack, ok := m.(*HelloAck)
	if !ok {
		r.t.Fatalf("got %s, want hello-ack", m.Type())
	}
	r.info.Miner = ack.Miner
	return ack
}

// drain reads until an error frame or the end of the stream and returns
// the error frame (if any).
func (r *rawClient) drain() *ErrorMsg {
	for {
		m, err := r.recv()
		if err != nil {
			return nil
		}
		if e, ok := m.(*ErrorMsg); ok {
			return e
		}
	}
}

// waitReports waits for n reports to appear in dir.
func waitReports(t *testing.T, dir string, n int) []protocol.Report {
	t.Helper()
	for i := 0; ; i++ {
		reps, err := LoadReports(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) >= n || i == 200 {
			return reps
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestNonPayingClientCapped(t *testing.T) {
	const size, chunk, credit, window = 2 << 20, 16 << 10, 200 << 10, 8
	store, id := storeWith(t, content(size, 5), chunk)
	for _, payFirst := range []bool{false, true} {
		name := map[bool]string{false: "never-pays", true: "pays-once"}[payFirst]
		t.Run(name, func(t *testing.T) {
			m := startMiner(t, store, "", "", nil, func(o *MinerOptions) {
				o.CreditLimit = credit
				// No growth: one payment would otherwise earn more credit
				// (TestMinerCreditGrowsWithinMaxUnpaid bounds that).
				o.MaxCredit = credit
				o.PaymentTimeout = 300 * time.Millisecond
			})
			r := dialRaw(t, m.addr, protocol.Shape{Chunks: window, Probes: 1})
			r.hello()
			r.send(&Request{Object: id})
			var received, paid uint64
			var leaves []protocol.ChunkLeaf
			var errMsg *ErrorMsg
			for errMsg == nil {
				msg, err := r.recv()
				if err != nil {
					break
				}
				switch msg := msg.(type) {
				case *Chunk:
					received += uint64(len(msg.Data))
					leaves = append(leaves, protocol.ChunkLeaf{Length: msg.Header.Header.Length, Digest: msg.Header.Header.Digest})
					if payFirst && len(leaves) == window && paid == 0 {
						st, err := protocol.SignStep(r.info.Shape, r.info.ID, 1, protocol.Element{}, 0,
							protocol.Window{Leaves: leaves}, r.info.PricePerByte, r.info.Domain, r.tc.key, r.tc.rk)
						if err != nil {
							t.Fatal(err)
						}
						r.send(&Payment{Step: *st})
						paid = st.Receipt.CumulativeBytes
					}
				case *ErrorMsg:
					errMsg = msg
				}
			}
			if errMsg == nil || errMsg.Code != CodeUnpaid {
				t.Fatalf("miner ended with %+v", errMsg)
			}
			if received-paid > credit || received-paid < credit-chunk {
				t.Fatalf("received %d, paid %d, credit %d", received, paid, credit)
			}
			reps := waitReports(t, m.reports, 1)
			if len(reps) != 1 {
				t.Fatalf("%d miner reports", len(reps))
			}
			rep := reps[0]
			if rep.Kind != protocol.ReportMissingVoucher || rep.Accused != r.info.Client || rep.Reporter != m.Address() ||
				rep.UnpaidFrom != paid || rep.UnpaidTo != received || rep.ChannelID != r.info.ID {
				t.Fatalf("report %+v (received %d, paid %d)", rep, received, paid)
			}
			if payFirst && (rep.LastVoucher == nil || rep.LastVoucher.CumulativeBytes != paid) {
				t.Fatalf("report's last voucher %+v", rep.LastVoucher)
			}
			if proven, err := rep.Verify(); proven || err != nil {
				t.Fatalf("missing-voucher report: proven=%v err=%v", proven, err)
			}
		})
	}
}

func TestMinerRefusesBadFrames(t *testing.T) {
	store, id := storeWith(t, content(300<<10, 6), 16<<10)
	m := startMiner(t, store, "", "", nil, nil)
	shape := protocol.Shape{Chunks: 8, Probes: 2}
	cases := []struct {
		name string
		play func(r *rawClient)
		want ErrorCode
	}{
		{"oversized frame", func(r *rawClient) {
			r.conn.Write([]byte{WireVersion, byte(FrameChunk), 0xff, 0xff, 0xff, 0xff})
		}, CodeProtocol},
		{"oversized hello", func(r *rawClient) {
			r.conn.Write([]byte{WireVersion, byte(FrameHello), 0, 1, 0, 0})
		}, CodeProtocol},
		{"garbage", func(r *rawClient) { r.conn.Write(bytes.Repeat([]byte{0xee}, 64)) }, CodeProtocol},
		{"request before hello", func(r *rawClient) { r.send(&Request{Object: id}) }, CodeProtocol},
		{"second hello", func(r *rawClient) {
			r.hello()
			r.send(&Hello{Version: uint16(WireVersion), Channel: r.info})
		}, CodeProtocol},
		{"malformed request", func(r *rawClient) {
			r.hello()
			r.conn.Write([]byte{WireVersion, byte(FrameRequest), 0, 0, 0, 3, 1, 2, 3})
		}, CodeProtocol},
		{"probe for an unsent chunk", func(r *rawClient) {
			r.hello()
			r.send(&Probe{ID: 1, Kind: ProbePossession, Seq: 5, Challenge: protocol.ElementFromUint64(9)})
		}, CodeProtocol},
		{"range outside the object", func(r *rawClient) {
			r.hello()
			r.send(&Request{Object: id, First: 1000})
		}, CodeProtocol},
		{"payment that does not continue", func(r *rawClient) {
			r.hello()
			st, err := protocol.SignStep(shape, r.info.ID, 1, protocol.ElementFromUint64(1), 5, protocol.Window{},
				r.info.PricePerByte, r.info.Domain, r.tc.key, r.tc.rk)
			if err != nil {
				r.t.Fatal(err)
			}
			r.send(&Payment{Step: *st})
		}, CodePayment},
		{"payment signed by someone else", func(r *rawClient) {
			r.hello()
			st, err := protocol.SignStep(shape, r.info.ID, 1, protocol.Element{}, 0, protocol.Window{},
				r.info.PricePerByte, r.info.Domain, newKey(r.t), r.tc.rk)
			if err != nil {
				r.t.Fatal(err)
			}
			r.send(&Payment{Step: *st})
		}, CodePayment},
		{"wrong shape", func(r *rawClient) {
			r.info.Shape = protocol.Shape{Chunks: 3, Probes: 1}
			r.send(&Hello{Version: uint16(WireVersion), Channel: r.info})
		}, CodeChannel},
		{"wrong version", func(r *rawClient) {
			r.send(&Hello{Version: 9, Channel: r.info})
		}, CodeProtocol},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := dialRaw(t, m.addr, shape)
			tc.play(r)
			e := r.drain()
			if e == nil || e.Code != tc.want {
				t.Fatalf("miner answered %+v, want code %s", e, tc.want)
			}
			// And the stream is closed.
			if _, err := r.recv(); err == nil {
				t.Fatal("stream still open after an error")
			}
		})
	}
	// The miner still serves well-behaved clients.
	c := newClient(t, "", nil)
	got, _, err := fetchFile(t, c, id, m.addr)
	if err != nil || !bytes.Equal(got, content(300<<10, 6)) {
		t.Fatalf("fetch after abuse: %v", err)
	}
}

// TestClientRefusesBadFrames plays a miner that answers with a frame far
// above its limit, then one that sends chunks nobody asked for.
func TestClientRefusesBadFrames(t *testing.T) {
	_, id := storeWith(t, content(64<<10, 7), 16<<10)
	key := newKey(t)
	fake := func(t *testing.T, after func(conn net.Conn)) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		go func() {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
			if _, err := ReadMessage(conn, 0); err != nil {
				return
			}
			WriteFrame(conn, &HelloAck{Miner: crypto.PubkeyToAddress(key.PublicKey), CreditLimit: 1 << 20})
			after(conn)
			io.Copy(io.Discard, conn)
		}()
		return ln.Addr().String()
	}
	cases := []struct {
		name  string
		after func(conn net.Conn)
		want  error
	}{
		{"oversized", func(conn net.Conn) {
			conn.Write([]byte{WireVersion, byte(FrameChunk), 0xff, 0xff, 0xff, 0xff})
		}, ErrFrameTooLarge},
		{"unrequested frame", func(conn net.Conn) {
			ReadMessage(conn, 0) // the request
			WriteFrame(conn, &Request{Object: id})
		}, ErrProtocol},
		{"chunk before info", func(conn net.Conn) {
			ReadMessage(conn, 0)
			WriteFrame(conn, sampleMessages(t)[4])
		}, ErrProtocol},
	}
	cases = append(cases, struct {
		name  string
		after func(conn net.Conn)
		want  error
	}{"silent", func(conn net.Conn) {
		ReadMessage(conn, 0)
		WriteFrame(conn, &Info{Object: id, Size: 64 << 10, ChunkSize: 16 << 10, Count: 4})
	}, ErrTimeout})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, "", func(o *ClientOptions) { o.IdleTimeout = 300 * time.Millisecond })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			res, err := c.Fetch(ctx, id, []string{fake(t, tc.after)}, &discardAt{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.want == ErrTimeout && (len(res.Reports) != 1 || res.Reports[0].Kind != protocol.ReportTimeout) {
				t.Fatalf("silent miner reports: %+v", res.Reports)
			}
		})
	}
}

type discardAt struct{}

func (*discardAt) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

func TestStoreAndLedgerFiles(t *testing.T) {
	dir := t.TempDir()
	st, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := st.Add(bytes.NewReader(nil), 0)
	if err != nil {
		t.Fatal(err)
	}
	o, err := st.Open(empty)
	if err != nil || o.Size != 0 || o.Chunks() != 1 {
		t.Fatalf("empty object: %+v %v", o, err)
	}
	data := content(100000, 8)
	id, err := st.Add(bytes.NewReader(data), 4096)
	if err != nil {
		t.Fatal(err)
	}
	if id2, err := st.Add(bytes.NewReader(data), 4096); err != nil || id2 != id {
		t.Fatalf("re-adding: %v", err)
	}
	if id3, _ := st.Add(bytes.NewReader(data), 8192); id3 == id {
		t.Fatal("the chunk size is not bound to the id")
	}
	st.Close()
	// A reopened store serves the same chunks; a corrupt meta is refused.
	st, _ = OpenStore(dir)
	o, err = st.Open(id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := o.ReadChunk(24, nil)
	if err != nil || !bytes.Equal(b, data[24*4096:]) {
		t.Fatalf("last chunk: %v", err)
	}
	st.Close()
	meta := st.path(id, ".meta")
	raw, _ := os.ReadFile(meta)
	raw[len(raw)-1] ^= 1
	writeFileAtomic(meta, raw)
	st, _ = OpenStore(dir)
	if _, err := st.Open(id); !errors.Is(err, ErrStore) {
		t.Fatalf("corrupt meta: %v", err)
	}
	if _, err := st.Open(protocol.ObjectID{1}); !errors.Is(err, ErrUnknownObject) {
		t.Fatalf("unknown object: %v", err)
	}

	// Ledger: steps survive a reopen and come back as a checked session.
	key, rk := newKey(t), mustReceiptKey(t)
	info := ChannelInfo{ID: protocol.ElementFromUint64(77), Client: crypto.PubkeyToAddress(key.PublicKey),
		ReceiptKey: rk.Public(), PricePerByte: big.NewInt(1), Domain: protocol.ChainDomain{ChainID: big.NewInt(1)},
		Shape: protocol.ShapeFor(4)}
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: info.Shape, Bytes: 50000, ChunkSize: 4096,
		ChannelID: info.ID, Domain: info.Domain, Client: key, ReceiptKey: rk})
	if err != nil {
		t.Fatal(err)
	}
	ldir := filepath.Join(dir, "ledger")
	l, _ := OpenLedger(ldir)
	if err := l.Append(&sess.Steps[0]); !errors.Is(err, ErrStore) {
		t.Fatalf("step for an unknown channel: %v", err)
	}
	if err := l.SaveChannel(info); err != nil {
		t.Fatal(err)
	}
	for i := range sess.Steps {
		if err := l.Append(&sess.Steps[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Append(&sess.Steps[0]); !errors.Is(err, ErrPayment) || !errors.Is(err, protocol.ErrStaleNonce) {
		t.Fatalf("replayed nonce: %v", err)
	}
	l, _ = OpenLedger(ldir)
	got, err := l.Session(info.ID)
	if err != nil || !bytes.Equal(got.Encode(), sess.Encode()) {
		t.Fatalf("reloaded session differs: %v", err)
	}
	ids, _ := l.Channels()
	if len(ids) != 1 || ids[0] != info.ID {
		t.Fatalf("channels %v", ids)
	}
}

func mustReceiptKey(t testing.TB) *protocol.ReceiptKey {
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return rk
}
