package challenge

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"math/big"
	"reflect"
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
