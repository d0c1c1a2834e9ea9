package relay

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

// Sentinel errors, checkable with errors.Is.
var (
	// ErrProtocol is a frame that is malformed, too large, of an unknown
	// type, or not allowed at this point of the session.
	ErrProtocol = errors.New("relay: protocol violation")
	// ErrMisbehavior is an exit caught altering, dropping, injecting or
	// overclaiming bytes, or answering a probe wrongly or late.
	ErrMisbehavior = errors.New("relay: exit misbehaved")
	// ErrBelowFloor is an exit below the session's quality floor.
	ErrBelowFloor = errors.New("relay: exit below the quality floor")
	// ErrRefused is a destination the exit refused or could not reach.
	ErrRefused = errors.New("relay: destination refused")
	// ErrNoExit is a proxy with no exit left that works.
	ErrNoExit = errors.New("relay: no exit available")
	// ErrClosed is a session or stream used after it ended.
	ErrClosed = errors.New("relay: closed")
	// ErrConfig is an invalid option.
	ErrConfig = errors.New("relay: invalid configuration")
	// ErrCredit is a client sending beyond the credit the exit gave it.
	ErrCredit = errors.New("relay: client beyond its credit")
)

// Wire format. A frame is a 10-byte header (magic, type, stream id and
// payload length, big-endian) and the payload. The magic byte differs
// from challenge.WireVersion, so one listener serves both protocols. Each
// type has a payload limit checked before anything is allocated, and one
// exact layout: decoders refuse truncated or trailing bytes.
const (
	// Magic is the first byte of every relay frame.
	Magic byte = 'R'
	// HeaderSize is a frame header's size.
	HeaderSize = 10
	// MaxChunk is the largest data frame payload (bytes of one chunk).
	MaxChunk = 64 << 10
	// MaxHost bounds a destination host name (RFC 1035: 255).
	MaxHost = 255
	// MaxStreamWindow bounds a stream's flow-control window.
	MaxStreamWindow = 16 << 20
	// maxMessage bounds error and refusal texts.
	maxMessage = 256
)

// FrameType names a relay frame.
type FrameType uint8

// Frame types. Values are part of the wire protocol.
const (
	FrameHello       FrameType = 1  // client → exit: channel and terms
	FrameHelloAck    FrameType = 2  // exit → client: exit key, channel state, credit
	FrameOpen        FrameType = 3  // client → exit: open stream to host:port
	FrameOpenReply   FrameType = 4  // exit → client: stream open, or refusal code
	FrameUp          FrameType = 5  // client → exit: stream bytes (a chunk)
	FrameDown        FrameType = 6  // exit → client: stream bytes with seq, count and digest
	FrameEcho        FrameType = 7  // exit → client: digest of an upstream chunk it forwarded
	FrameWindow      FrameType = 8  // either way: flow-control credit for a stream
	FrameFin         FrameType = 9  // either way: no more bytes on the stream from the sender
	FrameReset       FrameType = 10 // either way: the stream is aborted
	FrameProbe       FrameType = 11 // client → exit: possession, latency or throughput probe
	FrameProbeAnswer FrameType = 12 // exit → client: probe answer
	FrameFiller      FrameType = 13 // exit → client: throughput probe bytes (not metered)
	FramePayment     FrameType = 14 // client → exit: a step
	FramePaymentAck  FrameType = 15 // exit → client: the step is stored
	FrameError       FrameType = 16 // either way: the session ends
	frameTypes                 = 17
)

var frameNames = [frameTypes]string{"", "hello", "hello-ack", "open", "open-reply", "up", "down", "echo",
	"window", "fin", "reset", "probe", "probe-answer", "filler", "payment", "payment-ack", "error"}

func (t FrameType) String() string {
	if t > 0 && t < frameTypes {
		return frameNames[t]
	}
	return fmt.Sprintf("frame(%d)", uint8(t))
}

// Payload sizes.
const (
	channelInfoSize = 196 // challenge.ChannelInfo.Encode
	termsSize       = 4 + 8 + 4 + 4
	helloSize       = 2 + channelInfoSize + termsSize
	helloAckSize    = 20 + 8 + 8 + 32 + 8 + 8 + 4
	openMaxSize     = 2 + 1 + MaxHost
	openReplyMax    = 1 + 1 + maxMessage
	upMaxSize       = 8 + MaxChunk
	downMaxSize     = 8 + 8 + 32 + MaxChunk
	echoSize        = 8 + 32
	windowSize      = 4
	probeSize       = 4 + 1 + 1 + 8 + 4 + 32
	probeAnswerSize = 4 + 32 + 32
	fillerMaxSize   = 4 + MaxChunk
	paymentAckSize  = 16
	errorMaxSize    = 2 + 1 + maxMessage
)

// limit is the payload limit of each type (payments: set per session).
func limit(t FrameType) int {
	switch t {
	case FrameHello:
		return helloSize
	case FrameHelloAck:
		return helloAckSize
	case FrameOpen:
		return openMaxSize
	case FrameOpenReply:
		return openReplyMax
	case FrameUp:
		return upMaxSize
	case FrameDown:
		return downMaxSize
	case FrameEcho:
		return echoSize
	case FrameWindow:
		return windowSize
	case FrameFin, FrameReset:
		return 0
	case FrameProbe:
		return probeSize
	case FrameProbeAnswer:
		return probeAnswerSize
	case FrameFiller:
		return fillerMaxSize
	case FramePayment:
		return protocol.MaxStepSize
	case FramePaymentAck:
		return paymentAckSize
	case FrameError:
		return errorMaxSize
	}
	return -1
}

// Frame is one undecoded frame.
type Frame struct {
	Type    FrameType
	Stream  uint32
	Payload []byte
	buf     *[]byte // the framePool buffer Payload lives in, if any
}

// Limits is what one side reads from its peer: the types that peer
// sends, each at its own limit.
type Limits struct {
	max [frameTypes]int // -1: not accepted
}

func limitsOf(types ...FrameType) Limits {
	var l Limits
	for i := range l.max {
		l.max[i] = -1
	}
	for _, t := range types {
		l.max[t] = limit(t)
	}
	return l
}

// FromClient is what an exit reads: payments at most paymentMax bytes
// (the channel's window shape: challenge.PaymentSize).
func FromClient(paymentMax int) Limits {
	l := limitsOf(FrameOpen, FrameUp, FrameWindow, FrameFin, FrameReset, FrameProbe, FramePayment, FrameError)
	l.max[FramePayment] = min(paymentMax, limit(FramePayment))
	return l
}

// FromExit is what a client reads after the hello.
func FromExit() Limits {
	return limitsOf(FrameOpenReply, FrameDown, FrameEcho, FrameWindow, FrameFin, FrameReset, FrameProbeAnswer,
		FrameFiller, FramePaymentAck, FrameError)
}

// Read reads one frame, refusing a wrong magic, a type l does not accept
// and a size above its limit before reading the payload. buf, when large
// enough, holds the payload (the caller owns it until the next Read).
func (l *Limits) Read(r io.Reader, buf []byte) (Frame, error) {
	var h [HeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return Frame{}, err
	}
	if h[0] != Magic {
		return Frame{}, fmt.Errorf("%w: magic %#x", ErrProtocol, h[0])
	}
	t := FrameType(h[1])
	if t == 0 || t >= frameTypes || l.max[t] < 0 {
		return Frame{}, fmt.Errorf("%w: unexpected %s frame", ErrProtocol, t)
	}
	n := binary.BigEndian.Uint32(h[6:])
	if uint64(n) > uint64(l.max[t]) {
		return Frame{}, fmt.Errorf("%w: %s frame of %d bytes, limit %d", ErrProtocol, t, n, l.max[t])
	}
	var p []byte
	if int(n) <= cap(buf) {
		p = buf[:n]
	} else {
		p = make([]byte, n)
	}
	if _, err := io.ReadFull(r, p); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return Frame{}, fmt.Errorf("%s frame: %w", t, err)
	}
	return Frame{Type: t, Stream: binary.BigEndian.Uint32(h[2:]), Payload: p}, nil
}

// appendHeader appends a frame header for a payload of n bytes.
func appendHeader(b []byte, t FrameType, stream uint32, n int) []byte {
	b = append(b, Magic, byte(t))
	b = binary.BigEndian.AppendUint32(b, stream)
	return binary.BigEndian.AppendUint32(b, uint32(n))
}

// frame encodes a frame whose payload is the concatenation of parts.
func frame(t FrameType, stream uint32, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b := appendHeader(make([]byte, 0, HeaderSize+n), t, stream, n)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// reader decodes a payload field by field; the first error sticks.
type reader struct {
	b    []byte
	what string
	err  error
}

func (r *reader) take(n int, field string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b) < n {
		r.err = fmt.Errorf("%w: %s: truncated %s", ErrProtocol, r.what, field)
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) u8(f string) uint8 {
	if p := r.take(1, f); p != nil {
		return p[0]
	}
	return 0
}

func (r *reader) u16(f string) uint16 {
	if p := r.take(2, f); p != nil {
		return binary.BigEndian.Uint16(p)
	}
	return 0
}

func (r *reader) u32(f string) uint32 {
	if p := r.take(4, f); p != nil {
		return binary.BigEndian.Uint32(p)
	}
	return 0
}

func (r *reader) u64(f string) uint64 {
	if p := r.take(8, f); p != nil {
		return binary.BigEndian.Uint64(p)
	}
	return 0
}

func (r *reader) fixed(dst []byte, f string) {
	if p := r.take(len(dst), f); p != nil {
		copy(dst, p)
	}
}

// rest takes the remaining bytes (at most max).
func (r *reader) rest(max int, f string) []byte {
	if r.err == nil && len(r.b) > max {
		r.err = fmt.Errorf("%w: %s: %s of %d bytes, limit %d", ErrProtocol, r.what, f, len(r.b), max)
		return nil
	}
	return r.take(len(r.b), f)
}

func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: %s: %d trailing bytes", ErrProtocol, r.what, len(r.b))
	}
	return r.err
}

// Terms are a relay session's terms beyond the channel: the chunk size
// (largest data frame) and the quality floor the exit must meet to be
// paid.
type Terms struct {
	// ChunkSize is the largest chunk either side sends (≤ MaxChunk).
	ChunkSize uint32
	// MinRate is the throughput (bytes/s) a throughput probe must see;
	// 0: no throughput floor.
	MinRate uint64
	// MaxLatencyMillis is the longest round trip a latency probe may take
	// through the exit; 0: no latency floor.
	MaxLatencyMillis uint32
	// StreamWindow is how many bytes of each stream the client buffers:
	// the exit sends no more before the client grants it more.
	StreamWindow uint32
}

// Hello opens a session.
type Hello struct {
	Version uint16
	Channel challenge.ChannelInfo
	Terms   Terms
}

// Version is the relay protocol version.
const Version uint16 = 1

func (h *Hello) encode() []byte {
	b := binary.BigEndian.AppendUint16(nil, h.Version)
	b = append(b, h.Channel.Encode()...)
	b = binary.BigEndian.AppendUint32(b, h.Terms.ChunkSize)
	b = binary.BigEndian.AppendUint64(b, h.Terms.MinRate)
	b = binary.BigEndian.AppendUint32(b, h.Terms.MaxLatencyMillis)
	return binary.BigEndian.AppendUint32(b, h.Terms.StreamWindow)
}

// DecodeHello decodes and checks a hello payload.
func DecodeHello(p []byte) (*Hello, error) {
	if len(p) != helloSize {
		return nil, fmt.Errorf("%w: hello of %d bytes, want %d", ErrProtocol, len(p), helloSize)
	}
	r := &reader{b: p, what: "hello"}
	h := &Hello{Version: r.u16("version")}
	info := r.take(len(p)-2-termsSize, "channel")
	h.Terms.ChunkSize = r.u32("chunk size")
	h.Terms.MinRate = r.u64("min rate")
	h.Terms.MaxLatencyMillis = r.u32("max latency")
	h.Terms.StreamWindow = r.u32("stream window")
	if err := r.done(); err != nil {
		return nil, err
	}
	ci, err := challenge.DecodeChannelInfo(info)
	if err != nil {
		return nil, fmt.Errorf("%w: hello: %w", ErrProtocol, err)
	}
	h.Channel = ci
	if h.Terms.ChunkSize == 0 || h.Terms.ChunkSize > MaxChunk {
		return nil, fmt.Errorf("%w: hello: chunk size %d", ErrProtocol, h.Terms.ChunkSize)
	}
	if h.Terms.StreamWindow < h.Terms.ChunkSize || h.Terms.StreamWindow > MaxStreamWindow {
		return nil, fmt.Errorf("%w: hello: stream window %d", ErrProtocol, h.Terms.StreamWindow)
	}
	return h, nil
}

// HelloAck answers a hello: the exit's address, the channel's state as the
// exit's ledger holds it, and the unpaid bytes it allows in each direction.
type HelloAck struct {
	Miner      common.Address
	Nonce      uint64
	Bytes      uint64
	Root       protocol.Element
	CreditUp   uint64
	CreditDown uint64
	// StreamWindow is how many bytes of each stream the exit buffers.
	StreamWindow uint32
}

func (a *HelloAck) encode() []byte {
	b := append([]byte(nil), a.Miner[:]...)
	b = binary.BigEndian.AppendUint64(b, a.Nonce)
	b = binary.BigEndian.AppendUint64(b, a.Bytes)
	b = append(b, a.Root[:]...)
	b = binary.BigEndian.AppendUint64(b, a.CreditUp)
	b = binary.BigEndian.AppendUint64(b, a.CreditDown)
	return binary.BigEndian.AppendUint32(b, a.StreamWindow)
}

// DecodeHelloAck decodes a hello-ack payload.
func DecodeHelloAck(p []byte) (*HelloAck, error) {
	r := &reader{b: p, what: "hello-ack"}
	a := &HelloAck{}
	r.fixed(a.Miner[:], "miner")
	a.Nonce = r.u64("nonce")
	a.Bytes = r.u64("bytes")
	r.fixed(a.Root[:], "root")
	a.CreditUp = r.u64("credit up")
	a.CreditDown = r.u64("credit down")
	a.StreamWindow = r.u32("stream window")
	if err := r.done(); err != nil {
		return nil, err
	}
	if a.CreditUp < MaxChunk || a.CreditDown < MaxChunk || a.StreamWindow < MaxChunk || a.StreamWindow > MaxStreamWindow {
		return nil, fmt.Errorf("%w: hello-ack: credit %d/%d, stream window %d", ErrProtocol, a.CreditUp, a.CreditDown, a.StreamWindow)
	}
	return a, nil
}

// Open asks the exit to connect the stream to Host:Port. Host is a name,
// an IPv4 or an IPv6 literal (without brackets).
type Open struct {
	Host string
	Port uint16
}

func (o *Open) encode() []byte {
	b := binary.BigEndian.AppendUint16(nil, o.Port)
	b = append(b, byte(len(o.Host)))
	return append(b, o.Host...)
}

// DecodeOpen decodes an open payload.
func DecodeOpen(p []byte) (*Open, error) {
	r := &reader{b: p, what: "open"}
	o := &Open{Port: r.u16("port")}
	n := int(r.u8("host length"))
	h := r.take(n, "host")
	if err := r.done(); err != nil {
		return nil, err
	}
	if n == 0 || o.Port == 0 {
		return nil, fmt.Errorf("%w: open: empty host or port 0", ErrProtocol)
	}
	o.Host = string(h)
	return o, nil
}

// Reply codes of an open, the SOCKS5 reply codes (RFC 1928 §6): the
// proxy passes them to the application unchanged.
const (
	ReplyOK                  uint8 = 0
	ReplyFailure             uint8 = 1
	ReplyNotAllowed          uint8 = 2
	ReplyNetUnreachable      uint8 = 3
	ReplyHostUnreachable     uint8 = 4
	ReplyConnRefused         uint8 = 5
	ReplyTTLExpired          uint8 = 6
	ReplyCmdUnsupported      uint8 = 7
	ReplyAddrTypeUnsupported uint8 = 8
)

// OpenReply answers an open.
type OpenReply struct {
	Code    uint8
	Message string
}

func (o *OpenReply) encode() []byte {
	m := o.Message
	if len(m) > maxMessage {
		m = m[:maxMessage]
	}
	return append([]byte{o.Code, byte(len(m))}, m...)
}

// DecodeOpenReply decodes an open-reply payload.
func DecodeOpenReply(p []byte) (*OpenReply, error) {
	r := &reader{b: p, what: "open-reply"}
	o := &OpenReply{Code: r.u8("code")}
	n := int(r.u8("message length"))
	o.Message = string(r.take(n, "message"))
	if err := r.done(); err != nil {
		return nil, err
	}
	if o.Code > ReplyAddrTypeUnsupported {
		return nil, fmt.Errorf("%w: open-reply code %d", ErrProtocol, o.Code)
	}
	return o, nil
}

// Direction is which way a chunk travels.
type Direction uint8

// Directions. Values enter chunk digests and probes.
const (
	Up   Direction = 1 // client → exit → destination
	Down Direction = 2 // destination → exit → client
)

func (d Direction) String() string {
	switch d {
	case Up:
		return "up"
	case Down:
		return "down"
	}
	return fmt.Sprintf("direction(%d)", uint8(d))
}

var digestTag = []byte("bwproof/relay/chunk/v1")

// ChunkDigest is a relay chunk's leaf digest: SHA-256 over a tag, the
// direction, the chunk's sequence number in that direction, the stream
// and the bytes. Sequence numbers make every leaf of a session unique.
func ChunkDigest(d Direction, seq uint64, stream uint32, data []byte) [32]byte {
	var hdr [1 + 8 + 4]byte
	hdr[0] = byte(d)
	binary.BigEndian.PutUint64(hdr[1:], seq)
	binary.BigEndian.PutUint32(hdr[9:], stream)
	h := sha256.New()
	h.Write(digestTag)
	h.Write(hdr[:])
	h.Write(data)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// DownChunk is a downstream chunk as the exit states it.
type DownChunk struct {
	Seq    uint64   // the chunk's number in the session's downstream
	Count  uint64   // downstream bytes the exit sent in the session, this chunk included
	Digest [32]byte // ChunkDigest(Down, Seq, stream, Data)
	Data   []byte
}

// downData is where a down frame's chunk starts.
const downData = HeaderSize + 48

// putDownHeader writes a down frame's header and fields for a chunk of n
// bytes already at b[downData:].
func putDownHeader(b []byte, stream uint32, d *DownChunk, n int) {
	h := appendHeader(b[:0], FrameDown, stream, 48+n)
	h = binary.BigEndian.AppendUint64(h, d.Seq)
	h = binary.BigEndian.AppendUint64(h, d.Count)
	_ = append(h, d.Digest[:]...)
}

func downFrame(stream uint32, d *DownChunk) []byte {
	b := appendHeader(make([]byte, 0, HeaderSize+48+len(d.Data)), FrameDown, stream, 48+len(d.Data))
	b = binary.BigEndian.AppendUint64(b, d.Seq)
	b = binary.BigEndian.AppendUint64(b, d.Count)
	b = append(b, d.Digest[:]...)
	return append(b, d.Data...)
}

// DecodeDown decodes a down payload (Data aliases p).
func DecodeDown(p []byte) (*DownChunk, error) {
	r := &reader{b: p, what: "down"}
	d := &DownChunk{Seq: r.u64("seq"), Count: r.u64("count")}
	r.fixed(d.Digest[:], "digest")
	d.Data = r.rest(MaxChunk, "data")
	if err := r.done(); err != nil {
		return nil, err
	}
	if len(d.Data) == 0 {
		return nil, fmt.Errorf("%w: empty down chunk", ErrProtocol)
	}
	return d, nil
}

func upFrame(stream uint32, seq uint64, data []byte) []byte {
	b := appendHeader(make([]byte, 0, HeaderSize+8+len(data)), FrameUp, stream, 8+len(data))
	b = binary.BigEndian.AppendUint64(b, seq)
	return append(b, data...)
}

// DecodeUp decodes an up payload: the chunk's upstream sequence number
// and its bytes (aliasing p).
func DecodeUp(p []byte) (seq uint64, data []byte, err error) {
	r := &reader{b: p, what: "up"}
	seq = r.u64("seq")
	data = r.rest(MaxChunk, "data")
	if err := r.done(); err != nil {
		return 0, nil, err
	}
	if len(data) == 0 {
		return 0, nil, fmt.Errorf("%w: empty up chunk", ErrProtocol)
	}
	return seq, data, nil
}

// Echo is the exit's statement of the upstream chunk Seq it forwarded.
type Echo struct {
	Seq    uint64
	Digest [32]byte
}

func (e *Echo) encode() []byte {
	return append(binary.BigEndian.AppendUint64(nil, e.Seq), e.Digest[:]...)
}

// DecodeEcho decodes an echo payload.
func DecodeEcho(p []byte) (*Echo, error) {
	r := &reader{b: p, what: "echo"}
	e := &Echo{Seq: r.u64("seq")}
	r.fixed(e.Digest[:], "digest")
	return e, r.done()
}

func u32Payload(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// DecodeWindow decodes a window update: the bytes the receiver consumed.
func DecodeWindow(p []byte) (uint32, error) {
	r := &reader{b: p, what: "window"}
	n := r.u32("increment")
	if err := r.done(); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, fmt.Errorf("%w: zero window increment", ErrProtocol)
	}
	return n, nil
}

// ProbeKind is what a probe asks.
type ProbeKind uint8

// Probe kinds. Values are part of the wire protocol.
const (
	// ProbePossession asks protocol.ProbeAnswer(challenge, leaf) for the
	// chunk (Dir, Seq) as the exit recorded it: it enters the window.
	ProbePossession ProbeKind = 1
	// ProbeLatency asks challenge.LatencyAnswer(challenge) at once: the
	// round trip through the tunnel.
	ProbeLatency ProbeKind = 2
	// ProbeThroughput asks for Size bytes of filler at full speed, then
	// the latency answer: the rate the exit sustains.
	ProbeThroughput ProbeKind = 3
)

func (k ProbeKind) String() string {
	switch k {
	case ProbePossession:
		return "possession"
	case ProbeLatency:
		return "latency"
	case ProbeThroughput:
		return "throughput"
	}
	return fmt.Sprintf("probe-kind(%d)", uint8(k))
}

// MaxThroughputProbe bounds the filler a throughput probe asks for.
const MaxThroughputProbe = 16 << 20

// Probe is a client challenge.
type Probe struct {
	ID        uint32
	Kind      ProbeKind
	Dir       Direction // possession
	Seq       uint64    // possession
	Size      uint32    // throughput
	Challenge protocol.Element
}

func (p *Probe) encode() []byte {
	b := binary.BigEndian.AppendUint32(nil, p.ID)
	b = append(b, byte(p.Kind), byte(p.Dir))
	b = binary.BigEndian.AppendUint64(b, p.Seq)
	b = binary.BigEndian.AppendUint32(b, p.Size)
	return append(b, p.Challenge[:]...)
}

// DecodeProbe decodes and checks a probe payload.
func DecodeProbe(p []byte) (*Probe, error) {
	r := &reader{b: p, what: "probe"}
	pr := &Probe{ID: r.u32("id"), Kind: ProbeKind(r.u8("kind")), Dir: Direction(r.u8("direction"))}
	pr.Seq = r.u64("seq")
	pr.Size = r.u32("size")
	r.fixed(pr.Challenge[:], "challenge")
	if err := r.done(); err != nil {
		return nil, err
	}
	switch {
	case pr.Kind < ProbePossession || pr.Kind > ProbeThroughput:
		return nil, fmt.Errorf("%w: probe kind %d", ErrProtocol, pr.Kind)
	case pr.Kind == ProbePossession && pr.Dir != Up && pr.Dir != Down:
		return nil, fmt.Errorf("%w: probe direction %d", ErrProtocol, pr.Dir)
	case pr.Kind == ProbeThroughput && (pr.Size == 0 || pr.Size > MaxThroughputProbe):
		return nil, fmt.Errorf("%w: throughput probe of %d bytes", ErrProtocol, pr.Size)
	case pr.Challenge == (protocol.Element{}) || !pr.Challenge.Valid():
		return nil, fmt.Errorf("%w: probe challenge", ErrProtocol)
	}
	return pr, nil
}

// ProbeAnswer answers the probe with the same ID.
type ProbeAnswer struct {
	ID    uint32
	Field protocol.Element // possession: protocol.ProbeAnswer
	Bytes [32]byte         // latency, throughput: challenge.LatencyAnswer
}

func (a *ProbeAnswer) encode() []byte {
	b := binary.BigEndian.AppendUint32(nil, a.ID)
	b = append(b, a.Field[:]...)
	return append(b, a.Bytes[:]...)
}

// DecodeProbeAnswer decodes a probe-answer payload.
func DecodeProbeAnswer(p []byte) (*ProbeAnswer, error) {
	r := &reader{b: p, what: "probe-answer"}
	a := &ProbeAnswer{ID: r.u32("id")}
	r.fixed(a.Field[:], "field")
	r.fixed(a.Bytes[:], "bytes")
	return a, r.done()
}

// DecodeFiller decodes a filler payload: its probe id and length.
func DecodeFiller(p []byte) (id uint32, n int, err error) {
	r := &reader{b: p, what: "filler"}
	id = r.u32("id")
	n = len(r.rest(MaxChunk, "bytes"))
	return id, n, r.done()
}

// DecodePayment decodes a payment payload: a protocol.Step.
func DecodePayment(p []byte) (protocol.Step, error) {
	st, err := protocol.DecodeStep(p)
	if err != nil {
		return st, fmt.Errorf("%w: payment: %w", ErrProtocol, err)
	}
	return st, nil
}

// PaymentAck confirms that the step with Nonce is stored durably.
type PaymentAck struct {
	Nonce uint64
	Bytes uint64
}

func (a *PaymentAck) encode() []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, a.Nonce), a.Bytes)
}

// DecodePaymentAck decodes a payment-ack payload.
func DecodePaymentAck(p []byte) (*PaymentAck, error) {
	r := &reader{b: p, what: "payment-ack"}
	a := &PaymentAck{Nonce: r.u64("nonce"), Bytes: r.u64("bytes")}
	return a, r.done()
}

// Error codes of an error frame.
const (
	CodeProtocol    uint16 = 1
	CodePayment     uint16 = 2
	CodeChannel     uint16 = 3
	CodeMisbehavior uint16 = 4
	CodeInternal    uint16 = 5
	CodeBelowFloor  uint16 = 6
)

// RemoteError is an error frame from the peer.
type RemoteError struct {
	Code    uint16
	Message string
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("relay: peer error %d: %s", e.Code, e.Message)
}

func errorFrame(code uint16, msg string) []byte {
	if len(msg) > maxMessage {
		msg = msg[:maxMessage]
	}
	b := binary.BigEndian.AppendUint16(nil, code)
	b = append(b, byte(len(msg)))
	return frame(FrameError, 0, b, []byte(msg))
}

// DecodeError decodes an error payload.
func DecodeError(p []byte) (*RemoteError, error) {
	r := &reader{b: p, what: "error"}
	e := &RemoteError{Code: r.u16("code")}
	n := int(r.u8("message length"))
	e.Message = string(r.take(n, "message"))
	return e, r.done()
}

// peerError is what an error frame ends a session with: the peer's
// error, or the decode error when the frame is malformed.
func peerError(p []byte) error {
	e, err := DecodeError(p)
	if err != nil {
		return err
	}
	return e
}

// amountFor is what a voucher for cumulative bytes n carries.
func amountFor(n uint64, price *big.Int) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(n), price)
}
