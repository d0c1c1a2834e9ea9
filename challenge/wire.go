package challenge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// Wire format. A frame is a 6-byte header (version, type, payload length as
// uint32 big-endian) and the payload. Each type has a payload size limit,
// checked before anything is allocated, and one exact layout: decoders
// refuse truncated or trailing bytes.
const (
	// WireVersion is the frame version this package speaks.
	WireVersion byte = 1
	// FrameHeaderSize is the size of a frame header.
	FrameHeaderSize = 6
	// MaxFramePayload bounds every frame: a chunk frame of the largest
	// chunk the protocol allows, with its signed header.
	MaxFramePayload = 4 + protocol.MaxSignedChunkSize + 4 + protocol.MaxChunkSize
)

// FrameType names a frame's message.
type FrameType uint8

// Frame types. Values are part of the wire protocol.
const (
	FrameHello       FrameType = 1  // client → miner: channel terms
	FrameHelloAck    FrameType = 2  // miner → client: miner key, channel state, credit
	FrameRequest     FrameType = 3  // client → miner: object and chunk range
	FrameInfo        FrameType = 4  // miner → client: object size and chunk size
	FrameChunk       FrameType = 5  // miner → client: signed header, path, bytes
	FrameProbe       FrameType = 6  // client → miner: challenge
	FrameProbeAnswer FrameType = 7  // miner → client: answer
	FramePayment     FrameType = 8  // client → miner: step (window, receipt, voucher)
	FramePaymentAck  FrameType = 9  // miner → client: step stored durably
	FrameError       FrameType = 10 // either way: error code and message; the stream ends
	FrameClose       FrameType = 11 // either way: orderly end
)

func (t FrameType) String() string {
	names := [...]string{"", "hello", "hello-ack", "request", "info", "chunk", "probe", "probe-answer",
		"payment", "payment-ack", "error", "close"}
	if int(t) > 0 && int(t) < len(names) {
		return names[t]
	}
	return fmt.Sprintf("frame(%d)", uint8(t))
}

// Payload limits per frame type.
const (
	helloSize       = 2 + channelInfoSize
	helloAckSize    = 20 + 8 + 8 + 32 + 8
	requestSize     = 32 + 8 + 8
	infoSize        = 32 + 8 + 4 + 8 + 8
	probeSize       = 4 + 1 + 8 + 32
	probeAnswerSize = 4 + 32 + 32
	paymentAckSize  = 8 + 8
	maxErrorMessage = 256
	maxErrorSize    = 2 + 4 + maxErrorMessage
	maxPaymentSize  = 4 + protocol.MaxStepSize
)

// PayloadLimit is the largest payload a frame of type t may carry, or -1
// for an unknown type.
func PayloadLimit(t FrameType) int {
	switch t {
	case FrameHello:
		return helloSize
	case FrameHelloAck:
		return helloAckSize
	case FrameRequest:
		return requestSize
	case FrameInfo:
		return infoSize
	case FrameChunk:
		return MaxFramePayload
	case FrameProbe:
		return probeSize
	case FrameProbeAnswer:
		return probeAnswerSize
	case FramePayment:
		return maxPaymentSize
	case FramePaymentAck:
		return paymentAckSize
	case FrameError:
		return maxErrorSize
	case FrameClose:
		return 0
	}
	return -1
}

// Frame is one undecoded frame.
type Frame struct {
	Type    FrameType
	Payload []byte
}

// ReadFrame reads one frame, refusing an unknown version or type and a
// payload above the type's limit or above limit (when limit > 0) before
// allocating it.
func ReadFrame(r io.Reader, limit int) (Frame, error) {
	var h [FrameHeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return Frame{}, err
	}
	if h[0] != WireVersion {
		return Frame{}, fmt.Errorf("%w: frame version %d, want %d", ErrProtocol, h[0], WireVersion)
	}
	t := FrameType(h[1])
	max := PayloadLimit(t)
	if max < 0 {
		return Frame{}, fmt.Errorf("%w: unknown frame type %d", ErrProtocol, h[1])
	}
	if limit > 0 && limit < max {
		max = limit
	}
	n := binary.BigEndian.Uint32(h[2:])
	if uint64(n) > uint64(max) {
		return Frame{}, fmt.Errorf("%w: %s frame of %d bytes, limit %d", ErrFrameTooLarge, t, n, max)
	}
	f := Frame{Type: t, Payload: make([]byte, n)}
	if _, err := io.ReadFull(r, f.Payload); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return Frame{}, fmt.Errorf("%s frame: %w", t, err)
	}
	return f, nil
}

// Message is a decoded frame.
type Message interface {
	Type() FrameType
	appendTo(b *buf)
}

// AppendFrame appends m as a frame to dst.
func AppendFrame(dst []byte, m Message) []byte {
	b := buf(append(dst, WireVersion, byte(m.Type()), 0, 0, 0, 0))
	start := len(b)
	m.appendTo(&b)
	binary.BigEndian.PutUint32(b[start-4:start], uint32(len(b)-start))
	return b
}

// WriteFrame writes m as one frame.
func WriteFrame(w io.Writer, m Message) error {
	_, err := w.Write(AppendFrame(nil, m))
	return err
}

// DecodeMessage decodes a frame's payload into its message.
func DecodeMessage(f Frame) (Message, error) {
	if lim := PayloadLimit(f.Type); lim < 0 || len(f.Payload) > lim {
		return nil, fmt.Errorf("%w: %s frame of %d bytes", ErrProtocol, f.Type, len(f.Payload))
	}
	c := newCursor(f.Payload, f.Type.String())
	var m Message
	switch f.Type {
	case FrameHello:
		h := &Hello{Version: c.u16("version")}
		h.Channel = decodeChannelInfo(c)
		m = h
	case FrameHelloAck:
		a := &HelloAck{}
		c.fixed(a.Miner[:], "miner")
		a.Nonce = c.u64("nonce")
		a.Bytes = c.u64("bytes")
		a.Root = c.element("root")
		a.CreditLimit = c.u64("credit limit")
		m = a
	case FrameRequest:
		r := &Request{}
		c.fixed(r.Object[:], "object")
		r.First = c.u64("first")
		r.Count = c.u64("count")
		m = r
	case FrameInfo:
		i := &Info{}
		c.fixed(i.Object[:], "object")
		i.Size = c.u64("size")
		i.ChunkSize = c.u32("chunk size")
		i.First = c.u64("first")
		i.Count = c.u64("count")
		if c.err == nil && (i.ChunkSize == 0 || i.ChunkSize > protocol.MaxChunkSize) {
			c.fail("chunk size %d", i.ChunkSize)
		}
		m = i
	case FrameChunk:
		ch := &Chunk{}
		hdr := c.varBytes(protocol.MaxSignedChunkSize, "signed header")
		if c.err == nil {
			sc, err := protocol.DecodeSignedChunk(hdr)
			if err != nil {
				c.fail("signed header: %v", err)
			}
			ch.Header = sc
		}
		ch.Data = c.varBytes(protocol.MaxChunkSize, "data")
		m = ch
	case FrameProbe:
		p := &Probe{ID: c.u32("id"), Kind: ProbeKind(c.u8("kind")), Seq: c.u64("seq")}
		p.Challenge = c.element("challenge")
		if c.err == nil && p.Kind != ProbePossession && p.Kind != ProbeLatency {
			c.fail("probe kind %d", p.Kind)
		}
		if c.err == nil && p.Challenge == (protocol.Element{}) {
			c.fail("zero challenge")
		}
		m = p
	case FrameProbeAnswer:
		a := &ProbeAnswer{ID: c.u32("id")}
		a.Field = c.element("field answer")
		c.fixed(a.Bytes[:], "byte answer")
		m = a
	case FramePayment:
		b := c.varBytes(protocol.MaxStepSize, "step")
		if c.err == nil {
			st, err := protocol.DecodeStep(b)
			if err != nil {
				c.fail("step: %v", err)
			}
			m = &Payment{Step: st}
		} else {
			m = &Payment{}
		}
	case FramePaymentAck:
		m = &PaymentAck{Nonce: c.u64("nonce"), CumulativeBytes: c.u64("bytes")}
	case FrameError:
		e := &ErrorMsg{Code: ErrorCode(c.u16("code"))}
		e.Message = string(c.varBytes(maxErrorMessage, "message"))
		m = e
	case FrameClose:
		m = &Close{}
	default:
		return nil, fmt.Errorf("%w: unknown frame type %d", ErrProtocol, f.Type)
	}
	if err := c.finish(); err != nil {
		return nil, err
	}
	return m, nil
}

// ReadMessage reads and decodes one frame.
func ReadMessage(r io.Reader, limit int) (Message, error) {
	f, err := ReadFrame(r, limit)
	if err != nil {
		return nil, err
	}
	return DecodeMessage(f)
}

// Hello opens a conversation: the client names the channel it pays on.
type Hello struct {
	Version uint16
	Channel ChannelInfo
}

func (*Hello) Type() FrameType { return FrameHello }
func (h *Hello) appendTo(b *buf) {
	b.u16(h.Version)
	h.Channel.encode(b)
}

// HelloAck answers a hello: the miner's signing address, the channel's
// state as the miner durably holds it, and how many unpaid bytes it extends.
type HelloAck struct {
	Miner       common.Address
	Nonce       uint64
	Bytes       uint64
	Root        protocol.Element
	CreditLimit uint64
}

func (*HelloAck) Type() FrameType { return FrameHelloAck }
func (a *HelloAck) appendTo(b *buf) {
	b.fixed(a.Miner[:])
	b.u64(a.Nonce)
	b.u64(a.Bytes)
	b.fixed(a.Root[:])
	b.u64(a.CreditLimit)
}

// Request asks for chunks [First, First+Count) of an object; Count 0
// means to the end.
type Request struct {
	Object protocol.ObjectID
	First  uint64
	Count  uint64
}

func (*Request) Type() FrameType { return FrameRequest }
func (r *Request) appendTo(b *buf) {
	b.fixed(r.Object[:])
	b.u64(r.First)
	b.u64(r.Count)
}

// Info answers a request: the object's size and chunk size (bound to the
// object id, so the first verified chunk confirms them) and the chunk range
// that follows.
type Info struct {
	Object    protocol.ObjectID
	Size      uint64
	ChunkSize uint32
	First     uint64
	Count     uint64
}

func (*Info) Type() FrameType { return FrameInfo }
func (i *Info) appendTo(b *buf) {
	b.fixed(i.Object[:])
	b.u64(i.Size)
	b.u32(i.ChunkSize)
	b.u64(i.First)
	b.u64(i.Count)
}

// Chunk is one chunk with the miner's signed header and Merkle path.
type Chunk struct {
	Header *protocol.SignedChunk
	Data   []byte

	digest [32]byte // SHA-256 of Data, when hashed is set (the client's reader precomputes it)
	hashed bool
}

func (*Chunk) Type() FrameType { return FrameChunk }
func (c *Chunk) appendTo(b *buf) {
	b.varBytes(c.Header.Encode())
	b.varBytes(c.Data)
}

// ProbeKind is what a probe asks.
type ProbeKind uint8

// Probe kinds. Values are part of the wire protocol.
const (
	// ProbePossession asks, for the Seq-th chunk sent on this connection,
	// protocol.ProbeAnswer(challenge, leaf) (it enters the window) and
	// ByteAnswer(challenge, chunk bytes) (the client checks it against its
	// own copy: only a miner holding the bytes can answer it).
	ProbePossession ProbeKind = 1
	// ProbeLatency asks for LatencyAnswer(challenge) at once: it measures
	// the round trip through the miner's protocol loop.
	ProbeLatency ProbeKind = 2
)

func (k ProbeKind) String() string {
	switch k {
	case ProbePossession:
		return "possession"
	case ProbeLatency:
		return "latency"
	}
	return fmt.Sprintf("probe-kind(%d)", uint8(k))
}

// Probe is a client challenge.
type Probe struct {
	ID        uint32
	Kind      ProbeKind
	Seq       uint64 // possession: connection-wide chunk sequence number
	Challenge protocol.Element
}

func (*Probe) Type() FrameType { return FrameProbe }
func (p *Probe) appendTo(b *buf) {
	b.u32(p.ID)
	b.u8(uint8(p.Kind))
	b.u64(p.Seq)
	b.fixed(p.Challenge[:])
}

// ProbeAnswer answers the probe with the same ID.
type ProbeAnswer struct {
	ID    uint32
	Field protocol.Element // possession: protocol.ProbeAnswer; latency: zero
	Bytes [32]byte         // possession: ByteAnswer; latency: LatencyAnswer
}

func (*ProbeAnswer) Type() FrameType { return FrameProbeAnswer }
func (a *ProbeAnswer) appendTo(b *buf) {
	b.u32(a.ID)
	b.fixed(a.Field[:])
	b.fixed(a.Bytes[:])
}

// Payment pays for a window: the step carries the window, the receipt and
// the voucher.
type Payment struct{ Step protocol.Step }

func (*Payment) Type() FrameType   { return FramePayment }
func (p *Payment) appendTo(b *buf) { b.varBytes(p.Step.Encode()) }

// PaymentAck confirms that the step with Nonce is stored durably.
type PaymentAck struct {
	Nonce           uint64
	CumulativeBytes uint64
}

func (*PaymentAck) Type() FrameType { return FramePaymentAck }
func (a *PaymentAck) appendTo(b *buf) {
	b.u64(a.Nonce)
	b.u64(a.CumulativeBytes)
}

// ErrorMsg reports an error; the sender closes the stream after it.
type ErrorMsg struct {
	Code    ErrorCode
	Message string
}

func (*ErrorMsg) Type() FrameType { return FrameError }
func (e *ErrorMsg) appendTo(b *buf) {
	b.u16(uint16(e.Code))
	msg := e.Message
	if len(msg) > maxErrorMessage {
		msg = msg[:maxErrorMessage]
	}
	b.varBytes([]byte(msg))
}

// Close ends a conversation in order.
type Close struct{}

func (*Close) Type() FrameType { return FrameClose }
func (*Close) appendTo(b *buf) {}
