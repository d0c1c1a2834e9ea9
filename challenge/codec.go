package challenge

import (
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/bwproof/bwproof/protocol"
)

// buf appends big-endian fields; cursor reads them back. The first error a
// cursor meets sticks, so decoders read every field and check once.
type buf []byte

func (b *buf) u8(v uint8)     { *b = append(*b, v) }
func (b *buf) u16(v uint16)   { *b = binary.BigEndian.AppendUint16(*b, v) }
func (b *buf) u32(v uint32)   { *b = binary.BigEndian.AppendUint32(*b, v) }
func (b *buf) u64(v uint64)   { *b = binary.BigEndian.AppendUint64(*b, v) }
func (b *buf) fixed(p []byte) { *b = append(*b, p...) }
func (b *buf) varBytes(p []byte) {
	b.u32(uint32(len(p)))
	*b = append(*b, p...)
}

// uint256 writes v (0 <= v < 2^256, checked by the caller) as 32 bytes.
func (b *buf) uint256(v *big.Int) {
	var x [32]byte
	if v != nil {
		v.FillBytes(x[:])
	}
	*b = append(*b, x[:]...)
}

type cursor struct {
	b    []byte
	off  int
	err  error
	what string
}

func newCursor(b []byte, what string) *cursor { return &cursor{b: b, what: what} }

func (c *cursor) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s: %s", ErrProtocol, c.what, fmt.Sprintf(format, args...))
	}
}

func (c *cursor) take(n int, field string) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || len(c.b)-c.off < n {
		c.fail("truncated at %s", field)
		return nil
	}
	p := c.b[c.off : c.off+n]
	c.off += n
	return p
}

func (c *cursor) u8(field string) uint8 {
	if p := c.take(1, field); p != nil {
		return p[0]
	}
	return 0
}

func (c *cursor) u16(field string) uint16 {
	if p := c.take(2, field); p != nil {
		return binary.BigEndian.Uint16(p)
	}
	return 0
}

func (c *cursor) u32(field string) uint32 {
	if p := c.take(4, field); p != nil {
		return binary.BigEndian.Uint32(p)
	}
	return 0
}

func (c *cursor) u64(field string) uint64 {
	if p := c.take(8, field); p != nil {
		return binary.BigEndian.Uint64(p)
	}
	return 0
}

func (c *cursor) fixed(dst []byte, field string) {
	if p := c.take(len(dst), field); p != nil {
		copy(dst, p)
	}
}

func (c *cursor) uint256(field string) *big.Int {
	if p := c.take(32, field); p != nil {
		return new(big.Int).SetBytes(p)
	}
	return new(big.Int)
}

func (c *cursor) element(field string) protocol.Element {
	var e protocol.Element
	c.fixed(e[:], field)
	if c.err == nil && !e.Valid() {
		c.fail("%s is not a field element", field)
	}
	return e
}

// varBytes returns a length-prefixed byte string of at most limit bytes. It
// aliases the input: callers that keep it must own the input.
func (c *cursor) varBytes(limit int, field string) []byte {
	n := c.u32(field)
	if c.err == nil && uint64(n) > uint64(limit) {
		c.fail("%s of %d bytes, limit %d", field, n, limit)
		return nil
	}
	return c.take(int(n), field)
}

func (c *cursor) finish() error {
	if c.err != nil {
		return c.err
	}
	if c.off != len(c.b) {
		return fmt.Errorf("%w: %s: %d trailing bytes", ErrProtocol, c.what, len(c.b)-c.off)
	}
	return nil
}
