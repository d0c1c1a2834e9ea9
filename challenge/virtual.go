package challenge

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// Virtual sessions. A client without a channel to the miner pays it
// through hubs: the session's channel id is a virtual channel id (vcid =
// protocol.VirtualChannelID(domain, client, miner, salt)), the client signs
// its receipts and usual vouchers over vcid at the miner's price (they bind
// receipts and amounts; the vcid is on no chain), and each payment also
// carries the miner-facing protocol.LaneVoucher the route's last hub
// signed on its on-chain channel to the miner. That voucher names Target =
// vcid and TargetKeyHash = the client's receipt key hash, so the miner's
// proof of the session's receipts is what opens it (and every other hop's)
// on chain.

// VirtualBinding is what a virtual hello binds the session to: the salt
// of its vcid, the on-chain channel that pays the miner (hub → miner), the
// lane of that channel, and the route's hash lock with its preimage.
//
// The preimage travels to the miner at hello, before any byte is sent:
// the miner, who claims first, must be able to open the hash lock for the
// bytes it proves, or a client could take the data and withhold it, and
// then nobody on the route would be paid. Hubs learn it from the miner's
// claim (PreimageRevealed on chain) or from the hop below them.
type VirtualBinding struct {
	Salt     [32]byte
	Paying   protocol.Element // the paying channel's id on chain
	Lane     uint32           // >= 1
	HashLock common.Hash      // zero: no hash lock (then Preimage is zero)
	Preimage [32]byte
}

// virtualBindingSize is the exact size of an encoded VirtualBinding.
const virtualBindingSize = 32 + 32 + 4 + 32 + 32

// Check refuses a binding the contract could never pay.
func (b *VirtualBinding) Check() error {
	switch {
	case b.Lane == 0:
		return fmt.Errorf("%w: virtual session on lane 0 (the direct voucher's)", ErrChannel)
	case !b.Paying.Valid() || b.Paying == (protocol.Element{}):
		return fmt.Errorf("%w: paying channel id not a field element", ErrChannel)
	case b.HashLock == (common.Hash{}) && b.Preimage != [32]byte{}:
		return fmt.Errorf("%w: preimage without a hash lock", ErrChannel)
	case b.HashLock != (common.Hash{}) && protocol.HashLockOf(b.Preimage) != b.HashLock:
		return fmt.Errorf("%w: preimage does not open the hash lock", ErrChannel)
	}
	return nil
}

// Equal reports whether two bindings are the same.
func (b *VirtualBinding) Equal(o *VirtualBinding) bool { return *b == *o }

func (b *VirtualBinding) encode(w *buf) {
	w.fixed(b.Salt[:])
	w.fixed(b.Paying[:])
	w.u32(b.Lane)
	w.fixed(b.HashLock[:])
	w.fixed(b.Preimage[:])
}

func decodeVirtualBinding(c *cursor) VirtualBinding {
	var b VirtualBinding
	c.fixed(b.Salt[:], "salt")
	b.Paying = c.element("paying channel")
	b.Lane = c.u32("lane")
	c.fixed(b.HashLock[:], "hash lock")
	c.fixed(b.Preimage[:], "preimage")
	return b
}

// Encode returns the binding's binary form (as in a virtual hello).
func (b *VirtualBinding) Encode() []byte {
	w := make(buf, 0, virtualBindingSize)
	b.encode(&w)
	return w
}

// DecodeVirtualBinding decodes what Encode wrote and checks it.
func DecodeVirtualBinding(data []byte) (VirtualBinding, error) {
	c := newCursor(data, "virtual binding")
	b := decodeVirtualBinding(c)
	if err := c.finish(); err != nil {
		return VirtualBinding{}, err
	}
	if err := b.Check(); err != nil {
		return VirtualBinding{}, err
	}
	return b, nil
}

// CheckVirtual checks that info's channel id is the virtual channel id
// of its client, its miner and the binding's salt in its domain.
func CheckVirtual(info *ChannelInfo, b *VirtualBinding) error {
	if err := b.Check(); err != nil {
		return err
	}
	if info.Miner == (common.Address{}) {
		return fmt.Errorf("%w: a virtual session names its miner", ErrChannel)
	}
	if want := protocol.VirtualChannelID(info.Domain, info.Client, info.Miner, b.Salt); info.ID != want {
		return fmt.Errorf("%w: channel id %s is not the virtual channel id %s of client, miner and salt", ErrChannel, info.ID, want)
	}
	return nil
}

// VirtualHello opens a virtual session: the channel's terms (ID = vcid,
// Miner named) and the binding to the paying channel.
type VirtualHello struct {
	Version uint16
	Channel ChannelInfo
	Binding VirtualBinding
}

func (*VirtualHello) Type() FrameType { return FrameVirtualHello }
func (h *VirtualHello) appendTo(b *buf) {
	b.u16(h.Version)
	h.Channel.encode(b)
	h.Binding.encode(b)
}

// LanePayment pays for a window of a virtual session: the step over the
// vcid and the miner-facing lane voucher for the same bytes (or fewer).
type LanePayment struct {
	Step protocol.Step
	Lane protocol.LaneVoucher
}

func (*LanePayment) Type() FrameType { return FrameLanePayment }
func (p *LanePayment) appendTo(b *buf) {
	b.varBytes(p.Step.Encode())
	b.fixed(p.Lane.Encode())
}

// Payload limits of the virtual frames.
const (
	virtualHelloSize   = 2 + channelInfoSize + virtualBindingSize
	maxLanePaymentSize = maxPaymentSize + protocol.LaneVoucherSize
)

func decodeVirtualHello(c *cursor) Message {
	h := &VirtualHello{Version: c.u16("version")}
	h.Channel = decodeChannelInfo(c)
	h.Binding = decodeVirtualBinding(c)
	return h
}

func decodeLanePayment(c *cursor) Message {
	p := &LanePayment{}
	b := c.varBytes(protocol.MaxStepSize, "step")
	if c.err == nil {
		st, err := protocol.DecodeStep(b)
		if err != nil {
			c.fail("step: %v", err)
		}
		p.Step = st
	}
	lb := c.take(protocol.LaneVoucherSize, "lane voucher")
	if c.err == nil {
		lv, err := protocol.DecodeLaneVoucher(lb)
		if err != nil {
			c.fail("lane voucher: %v", err)
		}
		p.Lane = lv
	}
	return p
}

// FromVirtualClient is what a miner reads from a client after its virtual
// hello: lane payments (sized for the window shape) instead of payments.
func FromVirtualClient(shape protocol.Shape) FrameLimits {
	l := limitsOf(FrameRequest, FrameProbe, FrameError, FrameClose)
	return l.With(FrameLanePayment, PaymentSize(shape)+protocol.LaneVoucherSize)
}

// LaneTerms is what MinerOptions.CheckChannel learned, for a virtual
// session, about its paying channel: everything the miner judges each lane
// voucher against (protocol.CheckLaneVoucher), read from the chain and the
// miner's books.
type LaneTerms struct {
	// Terms are the paying channel's: ID, Client (the hub that signs),
	// Miner (this miner), PricePerByte (the contract's cap), Domain.
	Terms protocol.ChannelTerms
	// Chain is the paying channel as last read; ChainLane its lane.
	Chain     *protocol.ChainChannel
	ChainLane *protocol.ChainLane
	// Committed is what the miner holds unpaid on the channel's other
	// lanes and its direct voucher.
	Committed *big.Int
	// Now is the chain's time (the time locks run on block time).
	Now time.Time
	// MinRemaining is the least time the miner needs before a voucher's
	// expiry to claim it.
	MinRemaining time.Duration
}

// VirtualRoute is how a client pays a miner it has no channel with: the
// binding of its virtual session (a fresh salt per session) and the payer
// that returns, per window, the miner-facing lane voucher for cumulative
// bytes (a hub router's Pay: it pays the client's own channel to the first
// hub and has every hub forward).
type VirtualRoute struct {
	Miner        common.Address // the miner (part of the vcid)
	PricePerByte *big.Int       // the miner's price: the virtual vouchers' price
	Binding      VirtualBinding
	Pay          func(ctx context.Context, cumulativeBytes uint64) (*protocol.LaneVoucher, error)
}

// VirtualChannelID is the vcid of a route for client c in domain d.
func (r *VirtualRoute) channelID(d protocol.ChainDomain, client common.Address) protocol.Element {
	return protocol.VirtualChannelID(d, client, r.Miner, r.Binding.Salt)
}

// virtualChannel asks ClientOptions.Route for the route to the miner at
// addr and returns it with its virtual channel's terms (saved in the
// record under addr, so its steps are kept as any channel's).
func (c *Client) virtualChannel(ctx context.Context, addr string) (*VirtualRoute, ChannelInfo, error) {
	r, err := c.opts.Route(ctx, addr)
	if err != nil {
		return nil, ChannelInfo{}, fmt.Errorf("route to %s: %w", addr, err)
	}
	if r == nil || r.Pay == nil || r.Miner == (common.Address{}) || r.PricePerByte == nil {
		return nil, ChannelInfo{}, fmt.Errorf("%w: route to %s without miner, price or payer", ErrConfig, addr)
	}
	info := ChannelInfo{ID: r.channelID(c.opts.Domain, c.addr), Client: c.addr, Miner: r.Miner,
		ReceiptKey: c.opts.ReceiptKey.Public(), PricePerByte: new(big.Int).Set(r.PricePerByte), Domain: c.opts.Domain,
		Shape: c.opts.Shape}
	if err := info.Check(); err != nil {
		return nil, ChannelInfo{}, err
	}
	if err := CheckVirtual(&info, &r.Binding); err != nil {
		return nil, ChannelInfo{}, err
	}
	if err := c.opts.Record.SaveChannel(addr, info); err != nil {
		return nil, ChannelInfo{}, err
	}
	b := r.Binding
	info.Virtual = &b
	return r, info, nil
}

// routePay gets from the route the miner-facing lane voucher for the
// step's bytes and checks that it is the one the session is bound to: the
// paying lane, the hash lock, this session's proof lock, those bytes.
// (Its signature and amount are the miner's business: the client pays
// its own channel, in the route's payer.)
func (s *session) routePay(step *protocol.Step) (*protocol.LaneVoucher, error) {
	n := step.Receipt.CumulativeBytes
	lv, err := s.route.Pay(s.ctx, n)
	if err != nil {
		return nil, fmt.Errorf("route payment for %d bytes: %w", n, err)
	}
	b := &s.route.Binding
	switch {
	case lv == nil:
		return nil, fmt.Errorf("%w: route gave no lane voucher", ErrPayment)
	case lv.ChannelID != b.Paying || lv.Lane != b.Lane:
		return nil, fmt.Errorf("%w: route's voucher on lane %d of %s, the session's is lane %d of %s", ErrPayment, lv.Lane, lv.ChannelID, b.Lane, b.Paying)
	case lv.HashLock != b.HashLock:
		return nil, fmt.Errorf("%w: route's voucher under another hash lock", ErrPayment)
	case lv.Target != s.info.ID || lv.TargetKeyHash != s.c.keyHash:
		return nil, fmt.Errorf("%w: route's voucher locked to another target", ErrPayment)
	case lv.CumulativeBytes != n:
		return nil, fmt.Errorf("%w: route's voucher for %d bytes, asked %d", ErrPayment, lv.CumulativeBytes, n)
	}
	return lv, nil
}
