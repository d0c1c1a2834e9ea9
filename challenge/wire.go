package challenge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// Wire format. A frame is a 6-byte header (version, type, payload length as
// uint32 big-endian) and the payload. Each type has a payload size limit,
// checked before anything is allocated, and one exact layout: decoders
// refuse truncated or trailing bytes. Each side reads its peer with a
// FrameLimits: only the types that peer sends (a miner never reads a
// chunk), each at its own limit (payments at the channel's window size).
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
	// Virtual sessions (paid through hubs, see VirtualHello).
	FrameVirtualHello FrameType = 12 // client → miner: virtual channel terms and paying lane
	FrameLanePayment  FrameType = 13 // client → miner: step and the miner-facing lane voucher
)

func (t FrameType) String() string {
	names := [...]string{"", "hello", "hello-ack", "request", "info", "chunk", "probe", "probe-answer",
		"payment", "payment-ack", "error", "close", "virtual-hello", "lane-payment"}
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
	case FrameVirtualHello:
		return virtualHelloSize
	case FrameLanePayment:
		return maxLanePaymentSize
	}
	return -1
}

// Frame is one undecoded frame.
type Frame struct {
	Type    FrameType
	Payload []byte
}

// ReadFrame reads one frame of any type, refusing an unknown version or
// type and a payload above the type's limit or above limit (when limit >
// 0) before allocating it. Peers' streams are read with a FrameLimits
// instead, which also refuses the types that peer never sends.
func ReadFrame(r io.Reader, limit int) (Frame, error) {
	l := anyFrame
	if limit > 0 {
		for t := range l.max {
			l.max[t] = min(l.max[t], uint32(limit))
		}
	}
	return l.ReadFrame(r)
}

// frameTypes bounds the frame type values a FrameLimits can allow.
const frameTypes = 16

// FrameLimits is what one side reads from its peer: the frame types that
// peer may send, each with its own payload limit. The zero value accepts
// nothing.
type FrameLimits struct {
	allow uint16             // bit t: type t accepted
	max   [frameTypes]uint32 // payload limit per type
	// eager is the largest payload allocated whole before it arrives;
	// larger ones grow with the bytes actually received, so a peer that
	// announces a big frame and stalls costs what it sent, not what it
	// announced.
	eager uint32
}

// With returns l also accepting type t with payloads of at most max bytes
// (and never above the type's own limit).
func (l FrameLimits) With(t FrameType, max int) FrameLimits {
	lim := PayloadLimit(t)
	if lim < 0 || int(t) >= frameTypes || max < 0 {
		return l
	}
	l.allow |= 1 << t
	l.max[t] = uint32(min(max, lim))
	return l
}

// Limit returns the payload limit for type t and whether t is accepted.
func (l *FrameLimits) Limit(t FrameType) (int, bool) {
	if int(t) >= frameTypes || l.allow&(1<<t) == 0 {
		return 0, false
	}
	return int(l.max[t]), true
}

// eagerPayload is the default size under which a payload is allocated at once.
const eagerPayload = 16 << 10

func limitsOf(types ...FrameType) FrameLimits {
	l := FrameLimits{eager: eagerPayload}
	for _, t := range types {
		l = l.With(t, PayloadLimit(t))
	}
	return l
}

// Frame sets by direction and phase (copied out by the functions below).
var (
	anyFrame = func() FrameLimits {
		l := limitsOf(FrameHello, FrameHelloAck, FrameRequest, FrameInfo, FrameChunk, FrameProbe,
			FrameProbeAnswer, FramePayment, FramePaymentAck, FrameError, FrameClose, FrameVirtualHello, FrameLanePayment)
		l.eager = MaxFramePayload
		return l
	}()
	fromClientHello = limitsOf(FrameHello, FrameVirtualHello)
	fromMinerHello  = func() FrameLimits {
		l := limitsOf(FrameHelloAck, FrameError, FramePaymentAck)
		l.eager = MaxFramePayload
		return l
	}()
	fromMiner = func() FrameLimits {
		l := limitsOf(FrameInfo, FrameChunk, FrameProbeAnswer, FramePaymentAck, FrameError, FrameClose)
		l.eager = MaxFramePayload
		return l
	}()
)

// AnyFrame accepts every type at its own limit (files, tests).
func AnyFrame() FrameLimits { return anyFrame }

// FromClientHello is a miner's first read: a hello (direct or virtual)
// and nothing else.
func FromClientHello() FrameLimits { return fromClientHello }

// FromMinerHello is a client's first read and what it reads while it
// re-sends unacknowledged payments: the hello's answer, payment acks,
// errors.
func FromMinerHello() FrameLimits { return fromMinerHello }

// FromMiner is what a client reads once the hello is answered. Chunk
// frames are allocated whole: a client reads one miner at a time, and
// chunks are the stream's bulk.
func FromMiner() FrameLimits { return fromMiner }

// FromClient is what a miner reads from a client after its hello, with
// payments sized for the channel's window shape.
func FromClient(shape protocol.Shape) FrameLimits {
	l := limitsOf(FrameRequest, FrameProbe, FrameError, FrameClose)
	return l.With(FramePayment, PaymentSize(shape))
}

// Encoded sizes of a window's parts (protocol's window encoding: a leaf is
// a length and a digest, a probe an index, a challenge and an answer).
const (
	leafSize      = 4 + 32
	windowProbeSz = 4 + 32 + 32
)

// PaymentSize is the largest payment frame payload a channel of this shape
// can need: a step whose window is full and fully probed.
func PaymentSize(shape protocol.Shape) int {
	w, p := max(shape.Chunks, 0), max(shape.Probes, 0)
	window := protocol.HeaderSize + 8 + w*leafSize + p*windowProbeSz
	step := protocol.HeaderSize + 32 + 8 + 3*4 + window + protocol.ReceiptSize + protocol.VoucherSize
	return min(4+step, maxPaymentSize)
}

// ReadFrame reads one frame, refusing before reading its payload a
// version or type l does not accept and a size above the type's limit.
func (l *FrameLimits) ReadFrame(r io.Reader) (Frame, error) {
	var h [FrameHeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return Frame{}, err
	}
	if h[0] != WireVersion {
		return Frame{}, fmt.Errorf("%w: frame version %d, want %d", ErrProtocol, h[0], WireVersion)
	}
	t := FrameType(h[1])
	max, ok := l.Limit(t)
	if !ok {
		if PayloadLimit(t) < 0 {
			return Frame{}, fmt.Errorf("%w: unknown frame type %d", ErrProtocol, h[1])
		}
		return Frame{}, fmt.Errorf("%w: unexpected %s frame", ErrProtocol, t)
	}
	n := binary.BigEndian.Uint32(h[2:])
	if uint64(n) > uint64(max) {
		return Frame{}, fmt.Errorf("%w: %s frame of %d bytes, limit %d", ErrFrameTooLarge, t, n, max)
	}
	p, err := readPayload(r, int(n), int(l.eager))
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return Frame{}, fmt.Errorf("%s frame: %w", t, err)
	}
	return Frame{Type: t, Payload: p}, nil
}

// ReadMessage reads and decodes one frame l accepts.
func (l *FrameLimits) ReadMessage(r io.Reader) (Message, error) {
	f, err := l.ReadFrame(r)
	if err != nil {
		return nil, err
	}
	return DecodeMessage(f)
}

// readPayload reads n bytes; above eager it grows the buffer (doubling)
// as bytes arrive instead of allocating n up front.
func readPayload(r io.Reader, n, eager int) ([]byte, error) {
	if n <= eager || n <= eagerPayload {
		p := make([]byte, n)
		_, err := io.ReadFull(r, p)
		return p, err
	}
	p := make([]byte, 0, max(eager, eagerPayload))
	for len(p) < n {
		if len(p) == cap(p) {
			p = slices.Grow(p, min(cap(p), n-len(p)))
		}
		k, err := io.ReadFull(r, p[len(p):min(cap(p), n)])
		p = p[:len(p)+k]
		if err != nil {
			return nil, err
		}
	}
	return p, nil
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
	case FrameVirtualHello:
		m = decodeVirtualHello(c)
	case FrameLanePayment:
		m = decodeLanePayment(c)
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
// state as the miner durably holds it, and how many unpaid bytes it extends
// on this connection (its credit limit, less what the channel still owes
// from earlier connections and what shared bounds leave).
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
