package challenge

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"math/big"
	"reflect"
	"runtime"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// sampleMessages returns one valid message of every type.
func sampleMessages(t testing.TB) []Message {
	t.Helper()
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	dom := protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x1234")}
	ch := ChannelInfo{ID: protocol.ElementFromUint64(7), Client: crypto.PubkeyToAddress(key.PublicKey),
		ReceiptKey: rk.Public(), PricePerByte: big.NewInt(3), Domain: dom, Shape: protocol.ShapeFor(4)}
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: protocol.ShapeFor(4), Bytes: 9000,
		ChunkSize: 4096, ChannelID: ch.ID, Domain: dom, Client: key, ReceiptKey: rk})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("hello chunk")
	tree, err := protocol.BuildMerkleTree(uint64(len(data)), 4096, [][32]byte{sha256Sum(data)})
	if err != nil {
		t.Fatal(err)
	}
	sc := &protocol.SignedChunk{Header: protocol.ChunkHeader{Object: tree.ID(), ObjectSize: uint64(len(data)),
		ChunkSize: 4096, Length: uint32(len(data)), Digest: sha256Sum(data)}}
	if err := sc.Sign(key); err != nil {
		t.Fatal(err)
	}
	pre := [32]byte{9}
	bind := VirtualBinding{Salt: [32]byte{1}, Paying: protocol.ElementFromUint64(8), Lane: 2, HashLock: protocol.HashLockOf(pre), Preimage: pre}
	lv := protocol.LaneVoucher{ChannelID: bind.Paying, Lane: 2, Nonce: 1, CumulativeAmount: big.NewInt(27000), CumulativeBytes: 9000,
		ValidUntil: 1 << 40, HashLock: bind.HashLock, Target: ch.ID, TargetKeyHash: protocol.ElementFromUint64(5)}
	if err := lv.Sign(dom, key); err != nil {
		t.Fatal(err)
	}
	return []Message{
		&Hello{Version: 1, Channel: ch},
		&HelloAck{Miner: ch.Client, Nonce: 4, Bytes: 99, Root: protocol.ElementFromUint64(5), CreditLimit: 1 << 20},
		&Request{Object: tree.ID(), First: 2, Count: 9},
		&Info{Object: tree.ID(), Size: 1 << 30, ChunkSize: 65536, First: 2, Count: 9},
		&Chunk{Header: sc, Data: data},
		&Probe{ID: 3, Kind: ProbePossession, Seq: 17, Challenge: protocol.ElementFromUint64(11)},
		&ProbeAnswer{ID: 3, Field: protocol.ElementFromUint64(12), Bytes: [32]byte{1, 2, 3}},
		&Payment{Step: sess.Steps[len(sess.Steps)-1]},
		&PaymentAck{Nonce: 4, CumulativeBytes: 99},
		&ErrorMsg{Code: CodeUnpaid, Message: "pay up"},
		&Close{},
		&VirtualHello{Version: 1, Channel: ch, Binding: bind},
		&LanePayment{Step: sess.Steps[len(sess.Steps)-1], Lane: lv},
	}
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }

func TestFrameRoundTrip(t *testing.T) {
	for _, m := range sampleMessages(t) {
		enc := AppendFrame(nil, m)
		got, err := ReadMessage(bytes.NewReader(enc), 0)
		if err != nil {
			t.Fatalf("%s: %v", m.Type(), err)
		}
		if !bytes.Equal(AppendFrame(nil, got), enc) {
			t.Fatalf("%s: re-encoding differs", m.Type())
		}
		if p, ok := m.(*Payment); ok {
			if !reflect.DeepEqual(p.Step.Encode(), got.(*Payment).Step.Encode()) {
				t.Fatal("payment step differs")
			}
		}
		// Every strict prefix is refused cleanly.
		for cut := 0; cut < len(enc); cut += 1 + len(enc)/50 {
			if _, err := ReadMessage(bytes.NewReader(enc[:cut]), 0); err == nil {
				t.Fatalf("%s: prefix of %d bytes accepted", m.Type(), cut)
			}
		}
		// A trailing byte inside the payload is refused.
		bad := append(append([]byte(nil), enc...), 0)
		binary.BigEndian.PutUint32(bad[2:], uint32(len(bad)-FrameHeaderSize))
		if _, err := ReadMessage(bytes.NewReader(bad), 0); err == nil {
			t.Fatalf("%s: trailing byte accepted", m.Type())
		}
	}
}

func TestFrameRefusals(t *testing.T) {
	hdr := func(v byte, typ FrameType, n uint32) []byte {
		b := []byte{v, byte(typ), 0, 0, 0, 0}
		binary.BigEndian.PutUint32(b[2:], n)
		return b
	}
	cases := []struct {
		name string
		in   []byte
		want error
	}{
		{"oversized chunk", hdr(WireVersion, FrameChunk, MaxFramePayload+1), ErrFrameTooLarge},
		{"oversized probe", hdr(WireVersion, FrameProbe, probeSize+1), ErrFrameTooLarge},
		{"4 GiB hello", hdr(WireVersion, FrameHello, 0xffffffff), ErrFrameTooLarge},
		{"close with payload", append(hdr(WireVersion, FrameClose, 1), 0), ErrFrameTooLarge},
		{"unknown type", hdr(WireVersion, 99, 0), ErrProtocol},
		{"type zero", hdr(WireVersion, 0, 0), ErrProtocol},
		{"bad version", hdr(2, FrameClose, 0), ErrProtocol},
		{"short probe", append(hdr(WireVersion, FrameProbe, 3), 1, 2, 3), ErrProtocol},
		{"truncated payload", append(hdr(WireVersion, FrameRequest, requestSize), 1, 2), io.ErrUnexpectedEOF},
		{"truncated header", []byte{WireVersion, byte(FrameClose), 0}, io.ErrUnexpectedEOF},
	}
	for _, c := range cases {
		_, err := ReadMessage(bytes.NewReader(c.in), 0)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// A caller's tighter limit applies before the type's.
	enc := AppendFrame(nil, &Chunk{Header: sampleMessages(t)[4].(*Chunk).Header, Data: make([]byte, 5000)})
	if _, err := ReadMessage(bytes.NewReader(enc), 1000); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("limit not applied: %v", err)
	}
	// Probe with a zero challenge, an unknown kind, a non-field element.
	p := AppendFrame(nil, &Probe{ID: 1, Kind: ProbePossession, Challenge: protocol.Element{}})
	if _, err := ReadMessage(bytes.NewReader(p), 0); !errors.Is(err, ErrProtocol) {
		t.Fatalf("zero challenge: %v", err)
	}
	p = AppendFrame(nil, &Probe{ID: 1, Kind: 9, Challenge: protocol.ElementFromUint64(1)})
	if _, err := ReadMessage(bytes.NewReader(p), 0); !errors.Is(err, ErrProtocol) {
		t.Fatalf("bad kind: %v", err)
	}
	var high protocol.Element
	for i := range high {
		high[i] = 0xff
	}
	p = AppendFrame(nil, &Probe{ID: 1, Kind: ProbeLatency, Challenge: high})
	if _, err := ReadMessage(bytes.NewReader(p), 0); !errors.Is(err, ErrProtocol) {
		t.Fatalf("non-field challenge: %v", err)
	}
}

func FuzzFrameDecoder(f *testing.F) {
	for _, m := range sampleMessages(f) {
		f.Add(AppendFrame(nil, m))
	}
	f.Add([]byte{WireVersion, byte(FrameChunk), 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for {
			m, err := ReadMessage(r, 0)
			if err != nil {
				return
			}
			// Whatever decodes re-encodes to the same frame.
			enc := AppendFrame(nil, m)
			m2, err := ReadMessage(bytes.NewReader(enc), 0)
			if err != nil {
				t.Fatalf("re-decode of %s: %v", m.Type(), err)
			}
			if !bytes.Equal(AppendFrame(nil, m2), enc) {
				t.Fatalf("%s does not round-trip", m.Type())
			}
		}
	})
}

// TestFrameLimitsByDirection: each side reads only the frames its peer
// sends, refusing the others from the header alone.
func TestFrameLimitsByDirection(t *testing.T) {
	shape := protocol.ShapeFor(4)
	sets := map[string]struct {
		lim  FrameLimits
		want []FrameType
	}{
		"from client hello":   {FromClientHello(), []FrameType{FrameHello, FrameVirtualHello}},
		"from client":         {FromClient(shape), []FrameType{FrameRequest, FrameProbe, FramePayment, FrameError, FrameClose}},
		"from virtual client": {FromVirtualClient(shape), []FrameType{FrameRequest, FrameProbe, FrameLanePayment, FrameError, FrameClose}},
		"from miner hello":    {FromMinerHello(), []FrameType{FrameHelloAck, FramePaymentAck, FrameError}},
		"from miner":          {FromMiner(), []FrameType{FrameInfo, FrameChunk, FrameProbeAnswer, FramePaymentAck, FrameError, FrameClose}},
	}
	for name, set := range sets {
		for _, m := range sampleMessages(t) {
			enc := AppendFrame(nil, m)
			allowed := false
			for _, w := range set.want {
				allowed = allowed || w == m.Type()
			}
			if allowed {
				got, err := set.lim.ReadMessage(bytes.NewReader(enc))
				if err != nil || !bytes.Equal(AppendFrame(nil, got), enc) {
					t.Errorf("%s: %s refused: %v", name, m.Type(), err)
				}
				continue
			}
			// Only the header is readable: a refusal must not need more.
			_, err := set.lim.ReadMessage(io.MultiReader(bytes.NewReader(enc[:FrameHeaderSize]), failReader{t}))
			if !errors.Is(err, ErrProtocol) {
				t.Errorf("%s: %s frame: %v, want a refusal from the header", name, m.Type(), err)
			}
		}
	}
}

type failReader struct{ t *testing.T }

func (f failReader) Read([]byte) (int, error) {
	f.t.Helper()
	f.t.Error("read past a refused frame's header")
	return 0, io.ErrUnexpectedEOF
}

// TestPaymentSizeForShape: a full, fully probed window of the channel's
// shape fits the payment limit exactly; one more leaf does not.
func TestPaymentSizeForShape(t *testing.T) {
	base := sampleMessages(t)[7].(*Payment).Step
	for _, shape := range []protocol.Shape{{Chunks: 2, Probes: 1}, protocol.ShapeFor(4), {Chunks: 1024, Probes: 64}} {
		full := func(leaves int) []byte {
			st := base
			st.Window = protocol.Window{}
			for i := range leaves {
				st.Window.Leaves = append(st.Window.Leaves, protocol.ChunkLeaf{Length: uint32(i), Digest: [32]byte{byte(i)}})
			}
			for i := range shape.Probes {
				st.Window.Probes = append(st.Window.Probes, protocol.Probe{Index: uint32(i),
					Challenge: protocol.ElementFromUint64(uint64(i + 1)), Answer: protocol.ElementFromUint64(7)})
			}
			return AppendFrame(nil, &Payment{Step: st})
		}
		lim := FromClient(shape)
		enc := full(shape.Chunks)
		if len(enc)-FrameHeaderSize != PaymentSize(shape) {
			t.Errorf("shape %v: full payment of %d bytes, limit %d", shape, len(enc)-FrameHeaderSize, PaymentSize(shape))
		}
		if _, err := lim.ReadMessage(bytes.NewReader(enc)); err != nil {
			t.Errorf("shape %v: full payment refused: %v", shape, err)
		}
		if _, err := lim.ReadMessage(bytes.NewReader(full(shape.Chunks + 1))); !errors.Is(err, ErrFrameTooLarge) {
			t.Errorf("shape %v: oversized payment: %v", shape, err)
		}
	}
}

// TestStalledFrameCostsWhatArrived: a peer announcing a large payment and
// sending little of it makes the reader allocate about what it sent.
func TestStalledFrameCostsWhatArrived(t *testing.T) {
	lim := FromClient(protocol.Shape{Chunks: 8192, Probes: 1024})
	n := PaymentSize(protocol.Shape{Chunks: 8192, Probes: 1024})
	in := append([]byte{WireVersion, byte(FramePayment), 0, 0, 0, 0}, make([]byte, 1000)...)
	binary.BigEndian.PutUint32(in[2:], uint32(n))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := lim.ReadFrame(bytes.NewReader(in))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated payment: %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Fatalf("a %d-byte frame cut after 1000 bytes allocated %d bytes", n, got)
	}
}

// FuzzFrameLimits reads arbitrary streams as each side does: whatever is
// accepted is of an allowed type, within its limit, and identical to what
// the unrestricted reader makes of the same bytes.
func FuzzFrameLimits(f *testing.F) {
	for _, m := range sampleMessages(f) {
		f.Add(uint8(2), AppendFrame(nil, m))
	}
	f.Add(uint8(3), []byte{WireVersion, byte(FramePayment), 0, 1, 0, 0})
	f.Fuzz(func(t *testing.T, w uint8, data []byte) {
		shape := protocol.Shape{Chunks: 1 << (w%8 + 1), Probes: 1}
		for _, lim := range []FrameLimits{FromClientHello(), FromClient(shape), FromVirtualClient(shape), FromMinerHello(), FromMiner()} {
			r := bytes.NewReader(data)
			any := bytes.NewReader(data)
			anyLim := AnyFrame()
			for {
				fr, err := lim.ReadFrame(r)
				if err != nil {
					break
				}
				max, ok := lim.Limit(fr.Type)
				if !ok || len(fr.Payload) > max {
					t.Fatalf("%s frame of %d bytes accepted (limit %d, allowed %v)", fr.Type, len(fr.Payload), max, ok)
				}
				fa, err := anyLim.ReadFrame(any)
				if err != nil || fa.Type != fr.Type || !bytes.Equal(fa.Payload, fr.Payload) {
					t.Fatalf("limited and unlimited readers differ on a %s frame: %v", fr.Type, err)
				}
			}
		}
	})
}
