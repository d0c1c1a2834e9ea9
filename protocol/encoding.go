package protocol

import (
	"encoding/binary"
	"fmt"
	"math/big"
)

// The canonical encoding: a 4-byte header (magic "bw", version, kind)
// followed by the kind's fields in a fixed order. Integers are big-endian,
// variable-length parts carry a uint32 count that is checked against a
// limit before anything is allocated. There is exactly one encoding per
// value: decoders refuse trailing bytes and non-canonical field elements.
const (
	// Version is the encoding version written by this package.
	Version byte = 1
	magic0  byte = 'b'
	magic1  byte = 'w'
	// HeaderSize is the size of the envelope header.
	HeaderSize = 4
)

// Kind names what an encoding holds.
type Kind byte

// The encoded kinds. Values are part of the protocol.
const (
	KindVoucher     Kind = 1
	KindReceipt     Kind = 2
	KindWindow      Kind = 3
	KindStep        Kind = 4
	KindSession     Kind = 5
	KindAttestation Kind = 6
	KindEvidence    Kind = 7

	// KindAttestationSubmission is the verifier service's signed
	// attestation submission (verifier.KindAttestationSubmission).
	KindAttestationSubmission Kind = 0xA1
	// KindBatchSubmission is the verifier service's signed batch
	// attestation submission (verifier.KindBatchSubmission).
	KindBatchSubmission Kind = 0xA2

	// The hub's messages (package hub; 0xB0–0xBF are the hub's): a route
	// setup, its reply, a forwarded lane voucher, a refusal, a signed
	// announcement, and a record of the hub's journal.
	KindHubRouteRequest   Kind = 0xB1
	KindHubRouteReply     Kind = 0xB2
	KindHubForwardRequest Kind = 0xB3
	KindHubRefusal        Kind = 0xB4
	KindHubAnnouncement   Kind = 0xB5
	KindHubJournal        Kind = 0xBA
)

func (k Kind) String() string {
	switch k {
	case KindVoucher:
		return "voucher"
	case KindReceipt:
		return "receipt"
	case KindWindow:
		return "window"
	case KindStep:
		return "step"
	case KindSession:
		return "session"
	case KindAttestation:
		return "attestation"
	case KindEvidence:
		return "evidence"
	case KindLaneVoucher:
		return "lane voucher"
	case KindAttestationSubmission:
		return "attestation submission"
	case KindBatchSubmission:
		return "batch submission"
	case KindHubRouteRequest:
		return "hub route request"
	case KindHubRouteReply:
		return "hub route reply"
	case KindHubForwardRequest:
		return "hub forward request"
	case KindHubRefusal:
		return "hub refusal"
	case KindHubAnnouncement:
		return "hub announcement"
	case KindHubJournal:
		return "hub journal record"
	}
	return fmt.Sprintf("kind(%d)", byte(k))
}

// Encoder appends canonical fields to a buffer. The zero value is not
// usable: start with NewEncoder.
type Encoder struct{ buf []byte }

// NewEncoder starts an encoding of the given kind.
func NewEncoder(k Kind) *Encoder {
	return &Encoder{buf: []byte{magic0, magic1, Version, byte(k)}}
}

// Bytes returns the encoding.
func (e *Encoder) Bytes() []byte { return e.buf }

func (e *Encoder) U8(v uint8)     { e.buf = append(e.buf, v) }
func (e *Encoder) U16(v uint16)   { e.buf = binary.BigEndian.AppendUint16(e.buf, v) }
func (e *Encoder) U32(v uint32)   { e.buf = binary.BigEndian.AppendUint32(e.buf, v) }
func (e *Encoder) U64(v uint64)   { e.buf = binary.BigEndian.AppendUint64(e.buf, v) }
func (e *Encoder) Fixed(b []byte) { e.buf = append(e.buf, b...) }

// Uint256 writes v (0 <= v < 2^256) as 32 bytes.
func (e *Encoder) Uint256(v *big.Int) {
	var b [32]byte
	if v != nil {
		v.FillBytes(b[:])
	}
	e.buf = append(e.buf, b[:]...)
}

// Var writes a uint32 length and b.
func (e *Encoder) Var(b []byte) {
	e.U32(uint32(len(b)))
	e.buf = append(e.buf, b...)
}

// Decoder reads canonical fields. The first error sticks: later reads
// return zero values, and Finish reports it with the field that failed.
type Decoder struct {
	data []byte
	off  int
	err  error
}

// NewDecoder checks the envelope of data (size, magic, version, kind) and
// returns a decoder positioned after it.
func NewDecoder(data []byte, k Kind, maxSize int) (*Decoder, error) {
	if len(data) > maxSize {
		return nil, fmt.Errorf("%w: %s of %d bytes, limit %d", ErrTooLarge, k, len(data), maxSize)
	}
	if len(data) < HeaderSize || data[0] != magic0 || data[1] != magic1 {
		return nil, fmt.Errorf("%w: %s: missing header", ErrEncoding, k)
	}
	if data[2] != Version {
		return nil, fmt.Errorf("%w: %s: unsupported version %d", ErrEncoding, k, data[2])
	}
	if Kind(data[3]) != k {
		return nil, fmt.Errorf("%w: expected %s, got %s", ErrEncoding, k, Kind(data[3]))
	}
	return &Decoder{data: data, off: HeaderSize}, nil
}

// PeekKind returns the kind named by an encoding's header.
func PeekKind(data []byte) (Kind, error) {
	if len(data) < HeaderSize || data[0] != magic0 || data[1] != magic1 || data[2] != Version {
		return 0, fmt.Errorf("%w: missing or unsupported header", ErrEncoding)
	}
	return Kind(data[3]), nil
}

func (d *Decoder) take(n int, field string) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || len(d.data)-d.off < n {
		d.err = fmt.Errorf("%w: truncated at %s", ErrEncoding, field)
		return nil
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	return b
}

// Fail records err (if no error was recorded yet).
func (d *Decoder) Fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// Err returns the first error.
func (d *Decoder) Err() error { return d.err }

func (d *Decoder) U8(field string) uint8 {
	if b := d.take(1, field); b != nil {
		return b[0]
	}
	return 0
}

func (d *Decoder) U16(field string) uint16 {
	if b := d.take(2, field); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (d *Decoder) U32(field string) uint32 {
	if b := d.take(4, field); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (d *Decoder) U64(field string) uint64 {
	if b := d.take(8, field); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

// Bool reads a 0/1 byte; anything else is an encoding error.
func (d *Decoder) Bool(field string) bool {
	v := d.U8(field)
	if v > 1 {
		d.Fail(fmt.Errorf("%w: %s flag %d", ErrEncoding, field, v))
	}
	return v == 1
}

// Fixed copies len(dst) bytes into dst.
func (d *Decoder) Fixed(dst []byte, field string) {
	if b := d.take(len(dst), field); b != nil {
		copy(dst, b)
	}
}

// Uint256 reads 32 bytes as an unsigned integer.
func (d *Decoder) Uint256(field string) *big.Int {
	if b := d.take(32, field); b != nil {
		return new(big.Int).SetBytes(b)
	}
	return new(big.Int)
}

// Element reads a field element and refuses non-canonical ones.
func (d *Decoder) Element(field string) Element {
	var e Element
	d.Fixed(e[:], field)
	if d.err == nil && !e.Valid() {
		d.err = fmt.Errorf("%w: %s", ErrNotInField, field)
	}
	return e
}

// Count reads a uint32 count and refuses it above limit.
func (d *Decoder) Count(limit int, field string) int {
	n := d.U32(field)
	if d.err == nil && uint64(n) > uint64(limit) {
		d.err = fmt.Errorf("%w: %s count %d, limit %d", ErrTooLarge, field, n, limit)
		return 0
	}
	return int(n)
}

// Var reads a uint32-length byte string of at most limit bytes.
func (d *Decoder) Var(limit int, field string) []byte {
	n := d.Count(limit, field)
	b := d.take(n, field)
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// Finish reports the first error, or trailing bytes.
func (d *Decoder) Finish() error {
	if d.err != nil {
		return d.err
	}
	if d.off != len(d.data) {
		return fmt.Errorf("%w: %d trailing bytes", ErrEncoding, len(d.data)-d.off)
	}
	return nil
}

// Rest returns the undecoded bytes (for nested encodings).
func (d *Decoder) Rest() []byte { return d.data[d.off:] }
