package relay

import (
	"bytes"
	"io"
	"testing"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

// rw is a SOCKS client's bytes in, the proxy's answers out.
type rw struct {
	io.Reader
	out bytes.Buffer
}

func (r *rw) Write(p []byte) (int, error) { return r.out.Write(p) }

func FuzzSOCKSHandshake(f *testing.F) {
	f.Add([]byte{5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80}, false)
	f.Add([]byte{5, 1, 0, 5, 1, 0, 3, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 1, 187}, false)
	f.Add(append([]byte{5, 1, 0, 5, 1, 0, 4}, append(make([]byte, 15), 1, 0, 80)...), false)
	f.Add([]byte{5, 1, 2, 1, 1, 'u', 1, 'p', 5, 1, 0, 1, 10, 0, 0, 1, 1, 0}, true)
	f.Add([]byte{5, 1, 0, 5, 2, 0, 1, 1, 2, 3, 4, 0, 80}, false)
	f.Add([]byte{4, 1, 0}, false)
	f.Fuzz(func(t *testing.T, in []byte, auth bool) {
		a := SOCKSAuth{}
		if auth {
			a = SOCKSAuth{Username: "u", Password: "p"}
		}
		c := &rw{Reader: bytes.NewReader(in)}
		req, err := SOCKSHandshake(c, a)
		if err != nil {
			return
		}
		if req.Host == "" || len(req.Host) > MaxHost || req.Port == 0 {
			t.Fatalf("accepted %+v", req)
		}
		if c.out.Len() > 64 {
			t.Fatalf("answered %d bytes", c.out.Len())
		}
	})
}

func FuzzRelayFrame(f *testing.F) {
	info := challenge.ChannelInfo{Shape: protocol.ShapeFor(16)}
	f.Add(frame(FrameHello, 0, (&Hello{Version: Version, Channel: info, Terms: Terms{ChunkSize: 1024, StreamWindow: 1 << 16}}).encode()))
	f.Add(frame(FrameOpen, 1, (&Open{Host: "example.com", Port: 443}).encode()))
	f.Add(upFrame(1, 1, []byte("hello")))
	f.Add(downFrame(1, &DownChunk{Seq: 1, Count: 5, Data: []byte("world")}))
	f.Add(frame(FrameEcho, 1, (&Echo{Seq: 1}).encode()))
	f.Add(frame(FrameWindow, 1, u32Payload(100)))
	f.Add(frame(FrameProbe, 0, (&Probe{ID: 1, Kind: ProbeThroughput, Size: 100, Challenge: protocol.Element{31: 1}}).encode()))
	f.Add(frame(FrameProbeAnswer, 0, (&ProbeAnswer{ID: 1}).encode()))
	f.Add(frame(FramePaymentAck, 0, (&PaymentAck{Nonce: 1, Bytes: 2}).encode()))
	f.Add(frame(FrameOpenReply, 1, (&OpenReply{Code: ReplyNotAllowed, Message: "no"}).encode()))
	f.Add(frame(FrameHelloAck, 0, (&HelloAck{CreditUp: 1 << 20, CreditDown: 1 << 20, StreamWindow: 1 << 16}).encode()))
	f.Add(errorFrame(CodeProtocol, "bad"))
	f.Add(frame(FrameFiller, 0, u32Payload(1), make([]byte, 10)))
	all := limitsOf(FrameHello, FrameHelloAck, FrameOpen, FrameOpenReply, FrameUp, FrameDown, FrameEcho, FrameWindow,
		FrameFin, FrameReset, FrameProbe, FrameProbeAnswer, FrameFiller, FramePayment, FramePaymentAck, FrameError)
	f.Fuzz(func(t *testing.T, in []byte) {
		fr, err := all.Read(bytes.NewReader(in), nil)
		if err != nil {
			return
		}
		if len(fr.Payload) > limit(fr.Type) {
			t.Fatalf("%s payload of %d bytes read past its limit", fr.Type, len(fr.Payload))
		}
		p := fr.Payload
		switch fr.Type {
		case FrameHello:
			if h, err := DecodeHello(p); err == nil && !bytes.Equal(h.encode(), p) {
				t.Fatal("hello does not round-trip")
			}
		case FrameHelloAck:
			if a, err := DecodeHelloAck(p); err == nil && !bytes.Equal(a.encode(), p) {
				t.Fatal("hello-ack does not round-trip")
			}
		case FrameOpen:
			if o, err := DecodeOpen(p); err == nil && !bytes.Equal(o.encode(), p) {
				t.Fatal("open does not round-trip")
			}
		case FrameOpenReply:
			DecodeOpenReply(p)
		case FrameUp:
			if seq, d, err := DecodeUp(p); err == nil && !bytes.Equal(upFrame(fr.Stream, seq, d)[HeaderSize:], p) {
				t.Fatal("up does not round-trip")
			}
		case FrameDown:
			if d, err := DecodeDown(p); err == nil && !bytes.Equal(downFrame(fr.Stream, d)[HeaderSize:], p) {
				t.Fatal("down does not round-trip")
			}
		case FrameEcho:
			DecodeEcho(p)
		case FrameWindow:
			DecodeWindow(p)
		case FrameProbe:
			if pr, err := DecodeProbe(p); err == nil && !bytes.Equal(pr.encode(), p) {
				t.Fatal("probe does not round-trip")
			}
		case FrameProbeAnswer:
			DecodeProbeAnswer(p)
		case FrameFiller:
			DecodeFiller(p)
		case FramePayment:
			DecodePayment(p)
		case FramePaymentAck:
			DecodePaymentAck(p)
		case FrameError:
			DecodeError(p)
		}
	})
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"127.0.0.1/32", "[::1/128]:443", ":25", "*.example.com:22-23", "10.0.0.1", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			return
		}
		again, err := ParseRule(r.String())
		if err != nil || again != r {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, r, r.String(), again, err)
		}
	})
}
