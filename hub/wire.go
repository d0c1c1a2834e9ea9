package hub

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// The encoding kinds of the hub's messages (protocol's canonical envelope;
// allocated in protocol/encoding.go with every other kind).
const (
	KindRouteRequest   = protocol.KindHubRouteRequest
	KindRouteReply     = protocol.KindHubRouteReply
	KindForwardRequest = protocol.KindHubForwardRequest
	KindRefusal        = protocol.KindHubRefusal
	KindAnnouncement   = protocol.KindHubAnnouncement
)

// Size limits of the decoders (checked before reading anything).
const (
	// MaxHops is the most hubs on a route.
	MaxHops = 8
	// MaxAnnouncedChannels is the most channels one announcement carries.
	MaxAnnouncedChannels = 64
	// MaxReasonLen and MaxDetailLen bound a refusal's text.
	MaxReasonLen = 64
	MaxDetailLen = 512

	hopSize             = 20 + 32 + 32 + 4 + 8
	MaxRouteRequestSize = protocol.HeaderSize + 16 + 32 + 32 + 32 + 20 + 32 + 8 + 32 + 4 + 8 + 4 + MaxHops*hopSize + 65
	MaxRouteReplySize   = protocol.HeaderSize + 16 + 4 + MaxHops*4
	ForwardRequestSize  = protocol.HeaderSize + 16 + protocol.LaneVoucherSize
	MaxRefusalSize      = protocol.HeaderSize + 1 + 20 + 4 + MaxReasonLen + 4 + MaxDetailLen
	announcedSize       = 32 + 20 + 32 + 8 + 32
	MaxAnnouncementSize = protocol.HeaderSize + 20 + 32 + 4 + 4 + 8 + 8 + 4 + MaxAnnouncedChannels*announcedSize + 65
)

// RouteID names a route at every hub on it (the client picks it at random).
type RouteID [16]byte

func (id RouteID) String() string { return fmt.Sprintf("%x", id[:]) }

// Hop is one hub of a route as the route request names it: the hub, the
// outbound channel it pays the next hop on, the fee the client agreed to
// (at least the hub's), and the expiry of the vouchers it signs.
type Hop struct {
	Hub           common.Address
	OutChannel    protocol.Element
	Fee           Fee
	OutValidUntil uint64 // unix seconds
}

// RouteRequest asks a hub (Hops[0].Hub) to take a route: to accept lane
// InLane of InChannel (paid by the channel's client, who signs the
// request) with vouchers expiring at InValidUntil, and to pay the rest of
// the route (Hops[1:], then Miner at MinerPrice per byte) up to MaxBytes.
type RouteRequest struct {
	ID            RouteID
	Target        protocol.Element
	TargetKeyHash protocol.Element
	HashLock      common.Hash
	Miner         common.Address
	MinerPrice    *big.Int
	MaxBytes      uint64
	InChannel     protocol.Element
	InLane        uint32
	InValidUntil  uint64
	Hops          []Hop
	Signature     [65]byte // by InChannel's client, over Digest
}

func (r *RouteRequest) encode(withSig bool) []byte {
	e := protocol.NewEncoder(KindRouteRequest)
	e.Fixed(r.ID[:])
	e.Fixed(r.Target[:])
	e.Fixed(r.TargetKeyHash[:])
	e.Fixed(r.HashLock[:])
	e.Fixed(r.Miner[:])
	e.Uint256(r.MinerPrice)
	e.U64(r.MaxBytes)
	e.Fixed(r.InChannel[:])
	e.U32(r.InLane)
	e.U64(r.InValidUntil)
	e.U32(uint32(len(r.Hops)))
	for _, h := range r.Hops {
		e.Fixed(h.Hub[:])
		e.Fixed(h.OutChannel[:])
		e.Uint256(h.Fee.Base)
		e.U32(h.Fee.PPM)
		e.U64(h.OutValidUntil)
	}
	if withSig {
		e.Fixed(r.Signature[:])
	}
	return e.Bytes()
}

// Encode returns the canonical encoding.
func (r *RouteRequest) Encode() []byte { return r.encode(true) }

// Digest is what the payer signs: the encoding without the signature, in
// the chain domain (a request for one contract is not one for another).
func (r *RouteRequest) Digest(d protocol.ChainDomain) common.Hash {
	return signedDigest(d, r.encode(false))
}

// Sign signs the request with the inbound channel client's key.
func (r *RouteRequest) Sign(d protocol.ChainDomain, key *ecdsa.PrivateKey) error {
	sig, err := protocol.SignHash(r.Digest(d), key)
	if err != nil {
		return fmt.Errorf("route request: %w", err)
	}
	r.Signature = sig
	return nil
}

// Signer recovers the signer.
func (r *RouteRequest) Signer(d protocol.ChainDomain) (common.Address, error) {
	return protocol.RecoverSigner(r.Digest(d), r.Signature)
}

func signedDigest(d protocol.ChainDomain, body []byte) common.Hash {
	sep := d.Separator()
	return crypto.Keccak256Hash([]byte("bwproof.hub.v1"), sep[:], crypto.Keccak256(body))
}

// DecodeRouteRequest decodes a route request (size checked first) and
// checks what needs no state: amounts in range, 1..MaxHops hops, locks
// and ids in the field, expiries set.
func DecodeRouteRequest(data []byte) (RouteRequest, error) {
	var r RouteRequest
	d, err := protocol.NewDecoder(data, KindRouteRequest, MaxRouteRequestSize)
	if err != nil {
		return r, err
	}
	d.Fixed(r.ID[:], "route id")
	r.Target = d.Element("route target")
	r.TargetKeyHash = d.Element("route target key hash")
	d.Fixed(r.HashLock[:], "route hash lock")
	d.Fixed(r.Miner[:], "route miner")
	r.MinerPrice = d.Uint256("route miner price")
	r.MaxBytes = d.U64("route max bytes")
	r.InChannel = d.Element("route inbound channel")
	r.InLane = d.U32("route inbound lane")
	r.InValidUntil = d.U64("route inbound expiry")
	n := d.Count(MaxHops, "route hops")
	if d.Err() == nil {
		r.Hops = make([]Hop, n)
	}
	for i := range r.Hops {
		h := &r.Hops[i]
		d.Fixed(h.Hub[:], "hop hub")
		h.OutChannel = d.Element("hop outbound channel")
		h.Fee.Base = d.Uint256("hop fee base")
		h.Fee.PPM = d.U32("hop fee ppm")
		h.OutValidUntil = d.U64("hop outbound expiry")
	}
	d.Fixed(r.Signature[:], "route signature")
	if err := d.Finish(); err != nil {
		return r, err
	}
	switch {
	case len(r.Hops) == 0:
		return r, fmt.Errorf("%w: route without hops", protocol.ErrEncoding)
	case r.InLane == 0:
		return r, fmt.Errorf("%w: route on lane 0", protocol.ErrEncoding)
	case r.Target == (protocol.Element{}):
		return r, fmt.Errorf("%w: route without a proof target", protocol.ErrEncoding)
	case r.HashLock == (common.Hash{}) || r.InValidUntil == 0:
		return r, fmt.Errorf("%w: route without a hash lock or expiry", protocol.ErrEncoding)
	case r.MaxBytes == 0 || r.Miner == (common.Address{}):
		return r, fmt.Errorf("%w: route without bytes or miner", protocol.ErrEncoding)
	}
	for _, h := range r.Hops {
		if h.OutValidUntil == 0 || h.Hub == (common.Address{}) {
			return r, fmt.Errorf("%w: hop without hub or expiry", protocol.ErrEncoding)
		}
	}
	return r, nil
}

// RouteReply is a hub's acceptance: the outbound lane of each hop from
// this hub on (the last is the lane the miner is paid on).
type RouteReply struct {
	ID    RouteID
	Lanes []uint32
}

// Encode returns the canonical encoding.
func (r *RouteReply) Encode() []byte {
	e := protocol.NewEncoder(KindRouteReply)
	e.Fixed(r.ID[:])
	e.U32(uint32(len(r.Lanes)))
	for _, l := range r.Lanes {
		e.U32(l)
	}
	return e.Bytes()
}

// DecodeRouteReply decodes a route reply (size checked first).
func DecodeRouteReply(data []byte) (RouteReply, error) {
	var r RouteReply
	d, err := protocol.NewDecoder(data, KindRouteReply, MaxRouteReplySize)
	if err != nil {
		return r, err
	}
	d.Fixed(r.ID[:], "reply route id")
	n := d.Count(MaxHops, "reply lanes")
	if d.Err() == nil {
		r.Lanes = make([]uint32, n)
	}
	for i := range r.Lanes {
		r.Lanes[i] = d.U32("reply lane")
		if d.Err() == nil && r.Lanes[i] == 0 {
			d.Fail(fmt.Errorf("%w: reply lane 0", protocol.ErrEncoding))
		}
	}
	return r, d.Finish()
}

// ForwardRequest carries the previous hop's voucher for a route.
type ForwardRequest struct {
	ID      RouteID
	Voucher protocol.LaneVoucher
}

// Encode returns the canonical encoding.
func (r *ForwardRequest) Encode() []byte {
	e := protocol.NewEncoder(KindForwardRequest)
	e.Fixed(r.ID[:])
	e.Fixed(r.Voucher.Encode())
	return e.Bytes()
}

// DecodeForwardRequest decodes a forward request (exact size checked
// first; the voucher's fields by protocol.DecodeLaneVoucher).
func DecodeForwardRequest(data []byte) (ForwardRequest, error) {
	var r ForwardRequest
	if len(data) != ForwardRequestSize {
		if len(data) > ForwardRequestSize {
			return r, fmt.Errorf("%w: forward request of %d bytes, limit %d", protocol.ErrTooLarge, len(data), ForwardRequestSize)
		}
		return r, fmt.Errorf("%w: forward request of %d bytes, want %d", protocol.ErrEncoding, len(data), ForwardRequestSize)
	}
	d, err := protocol.NewDecoder(data, KindForwardRequest, ForwardRequestSize)
	if err != nil {
		return r, err
	}
	d.Fixed(r.ID[:], "forward route id")
	var vb [protocol.LaneVoucherSize]byte
	d.Fixed(vb[:], "forward voucher")
	if err := d.Finish(); err != nil {
		return r, err
	}
	v, err := protocol.DecodeLaneVoucher(vb[:])
	if err != nil {
		return r, err
	}
	r.Voucher = v
	return r, nil
}

// encodeRefusal is a refusal as it travels in an error reply's body.
func encodeRefusal(e *RouteError) []byte {
	enc := protocol.NewEncoder(KindRefusal)
	hop := e.Hop
	if hop < 0 || hop > 255 {
		hop = 255
	}
	enc.U8(uint8(hop))
	enc.Fixed(e.Hub[:])
	enc.Var([]byte(clip(string(e.Reason), MaxReasonLen)))
	detail := e.Detail
	if e.Err != nil {
		if detail != "" {
			detail += ": "
		}
		detail += e.Err.Error()
	}
	enc.Var([]byte(clip(detail, MaxDetailLen)))
	return enc.Bytes()
}

// decodeRefusal decodes a peer's refusal; a reason this version does not
// know becomes ReasonUnknown (the text is kept in Detail, sanitized).
func decodeRefusal(data []byte) (*RouteError, error) {
	d, err := protocol.NewDecoder(data, KindRefusal, MaxRefusalSize)
	if err != nil {
		return nil, err
	}
	e := &RouteError{}
	e.Hop = int(d.U8("refusal hop"))
	d.Fixed(e.Hub[:], "refusal hub")
	reason := string(d.Var(MaxReasonLen, "refusal reason"))
	detail := string(d.Var(MaxDetailLen, "refusal detail"))
	if err := d.Finish(); err != nil {
		return nil, err
	}
	e.Reason = Reason(reason)
	if _, ok := knownReasons[e.Reason]; !ok {
		e.Reason = ReasonUnknown
		detail = "reason " + sanitize(reason) + ": " + detail
	}
	e.Detail = sanitize(detail)
	return e, nil
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// sanitize keeps printable ASCII of a peer's text (it ends up in logs).
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}
