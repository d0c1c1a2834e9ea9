package hub

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// oneHop is a client with a channel to hub X, which has one to the miner.
type oneHop struct {
	*env
	in, out protocol.Element
	h       *Hub
	dir     string
}

func newOneHop(t *testing.T, inDeposit *big.Int) *oneHop {
	e := newEnv(t)
	o := &oneHop{env: e, dir: t.TempDir()}
	o.out = e.open(hubXIdx, e.addr(minerIdx), eth(1), minerPrice, hour)
	o.in = e.open(clientIdx, e.addr(hubXIdx), inDeposit, big.NewInt(2000), hour)
	o.h = e.hub(hubXIdx, feeX, []protocol.Element{o.out}, nil, o.dir)
	return o
}

// request is a signed one-hop route request of the client.
func (o *oneHop) request(seed uint64, lane uint32, mod func(*RouteRequest)) RouteRequest {
	o.t.Helper()
	target, lock := randomTarget(o.t, seed)
	now := uint64(o.clock.Now().Unix())
	r := RouteRequest{ID: RouteID{byte(seed), byte(seed >> 8), 1}, Target: target, TargetKeyHash: protocol.ElementFromUint64(9),
		HashLock: lock, Miner: o.addr(minerIdx), MinerPrice: minerPrice, MaxBytes: testMaxBytes, InChannel: o.in, InLane: lane,
		InValidUntil: now + 300 + 60, Hops: []Hop{{Hub: o.addr(hubXIdx), OutChannel: o.out, Fee: feeX, OutValidUntil: now + 300}}}
	if mod != nil {
		mod(&r)
	}
	if err := r.Sign(o.domain, o.keys[clientIdx]); err != nil {
		o.t.Fatal(err)
	}
	return r
}

// voucher is the client's signed voucher on a route for bytes.
func (o *oneHop) voucher(r RouteRequest, nonce, bytes uint64, mod func(*protocol.LaneVoucher)) protocol.LaneVoucher {
	o.t.Helper()
	v := protocol.LaneVoucher{ChannelID: r.InChannel, Lane: r.InLane, Nonce: nonce,
		CumulativeAmount: Amounts(bytes, minerPrice, []Fee{feeX})[0], CumulativeBytes: bytes, ValidUntil: r.InValidUntil,
		HashLock: r.HashLock, Target: r.Target, TargetKeyHash: r.TargetKeyHash}
	if mod != nil {
		mod(&v)
	}
	if err := v.Sign(o.domain, o.keys[clientIdx]); err != nil {
		o.t.Fatal(err)
	}
	return v
}

func wantReason(t *testing.T, err error, r Reason, cause error) {
	t.Helper()
	var re *RouteError
	if !errors.As(err, &re) || re.Reason != r || !errors.Is(err, Err(r)) {
		t.Fatalf("got %v, want reason %s", err, r)
	}
	if cause != nil && !errors.Is(err, cause) {
		t.Fatalf("got %v, want cause %v", err, cause)
	}
	t.Logf("refused: %v", err)
}

// TestSetupRefused: each hostile route request is refused with its reason
// and leaves nothing reserved.
func TestSetupRefused(t *testing.T) {
	o := newOneHop(t, eth(1))
	if _, err := o.h.Setup(o.ctx, o.request(1, 1, nil)); err != nil {
		t.Fatal(err)
	}
	before := o.h.Reserved(o.out)
	cases := []struct {
		name   string
		req    RouteRequest
		reason Reason
	}{
		{"expiry leaves the hub no time", o.request(2, 2, func(r *RouteRequest) { r.InValidUntil = r.Hops[0].OutValidUntil + 10 }), ReasonExpiryTooShort},
		{"outbound expiry leaves the next hop no time", o.request(3, 3, func(r *RouteRequest) {
			r.Hops[0].OutValidUntil = uint64(o.clock.Now().Unix()) + 5
			r.InValidUntil = r.Hops[0].OutValidUntil + 60
		}), ReasonExpiryTooShort},
		{"expiry beyond the channel's close", o.request(4, 4, func(r *RouteRequest) {
			r.Hops[0].OutValidUntil += uint64(2 * hour / time.Second)
			r.InValidUntil += uint64(2 * hour / time.Second)
		}), ReasonExpiryBeyondClose},
		{"hash lock reused", o.request(5, 5, func(r *RouteRequest) { _, r.HashLock = randomTarget(o.t, 1) }), ReasonHashLockReused},
		{"target already bound", o.request(6, 6, func(r *RouteRequest) { r.Target, _ = randomTarget(o.t, 1) }), ReasonTargetBound},
		{"fee below the hub's", o.request(7, 7, func(r *RouteRequest) { r.Hops[0].Fee = Fee{Base: big.NewInt(999), PPM: 1000} }), ReasonFeeTooLow},
		{"lane in use", o.request(8, 1, nil), ReasonBadRequest},
		{"outbound leg above its channel's price cap", o.request(9, 9, func(r *RouteRequest) { r.MinerPrice = big.NewInt(1001) }), ReasonBadChannel},
		{"budget above free capacity", o.request(10, 10, func(r *RouteRequest) {
			r.MaxBytes = 1e15 // 1e18 wei at the miner price: all of the deposit, part of it is reserved
		}), ReasonInsufficientCapacity},
		{"inbound channel not paying this hub", o.request(11, 11, func(r *RouteRequest) { r.InChannel = o.out }), ReasonBadChannel},
		{"outbound channel to another peer", o.request(12, 12, func(r *RouteRequest) { r.Miner = o.addr(otherIdx) }), ReasonBadChannel},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := o.h.Setup(o.ctx, c.req)
			wantReason(t, err, c.reason, nil)
		})
	}
	t.Run("signed by someone else", func(t *testing.T) {
		r := o.request(13, 13, nil)
		if err := r.Sign(o.domain, o.keys[otherIdx]); err != nil {
			t.Fatal(err)
		}
		_, err := o.h.Setup(o.ctx, r)
		wantReason(t, err, ReasonBadRequest, nil)
	})
	if after := o.h.Reserved(o.out); after.Cmp(before) != 0 {
		t.Fatalf("refusals changed the reservation: %s → %s", before, after)
	}
}

// TestForwardRefused: hostile inbound vouchers are refused with the rule
// that catches them; an exact retry gets the same outbound voucher.
func TestForwardRefused(t *testing.T) {
	// A deposit that holds exactly the budgets of two routes (the second
	// for 1000 bytes).
	deposit := new(big.Int).Add(Amounts(testMaxBytes, minerPrice, []Fee{feeX})[0], Amounts(1000, minerPrice, []Fee{feeX})[0])
	o := newOneHop(t, deposit)
	r1 := o.request(1, 1, nil)
	if _, err := o.h.Setup(o.ctx, r1); err != nil {
		t.Fatal(err)
	}
	v1 := o.voucher(r1, 1, 1000, nil)
	out1, err := o.h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: v1})
	if err != nil {
		t.Fatal(err)
	}
	v2 := o.voucher(r1, 2, 2000, nil)
	if _, err := o.h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: v2}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		v      protocol.LaneVoucher
		reason Reason
		cause  error
	}{
		{"replay of an old conditional voucher", v1, ReasonBadVoucher, protocol.ErrStaleNonce},
		{"fee below the hub's", o.voucher(r1, 3, 3000, func(v *protocol.LaneVoucher) {
			v.CumulativeAmount = Amounts(3000, minerPrice, nil)[0] // the miner's amount, no fee
		}), ReasonFeeTooLow, nil},
		{"another hash lock", o.voucher(r1, 3, 3000, func(v *protocol.LaneVoucher) { _, v.HashLock = randomTarget(o.t, 99) }), ReasonBadVoucher, protocol.ErrWrongHashLock},
		{"another target", o.voucher(r1, 3, 3000, func(v *protocol.LaneVoucher) { v.Target, _ = randomTarget(o.t, 99) }), ReasonBadVoucher, protocol.ErrWrongTarget},
		{"shorter expiry than agreed", o.voucher(r1, 3, 3000, func(v *protocol.LaneVoucher) { v.ValidUntil -= 30 }), ReasonExpiryTooShort, nil},
		{"another lane", o.voucher(r1, 3, 3000, func(v *protocol.LaneVoucher) { v.Lane = 2 }), ReasonBadVoucher, protocol.ErrWrongLane},
		{"exceeding the channel's deposit", o.voucher(r1, 3, 3000, func(v *protocol.LaneVoucher) {
			v.CumulativeBytes = 2_000_000
			v.CumulativeAmount = new(big.Int).Add(deposit, big.NewInt(1))
		}), ReasonBadVoucher, protocol.ErrInsufficientFunds},
		{"more bytes than reserved", o.voucher(r1, 3, testMaxBytes+1, nil), ReasonOverBudget, nil},
		{"signed by another key", func() protocol.LaneVoucher {
			v := o.voucher(r1, 3, 3000, nil)
			if err := v.Sign(o.domain, o.keys[otherIdx]); err != nil {
				t.Fatal(err)
			}
			return v
		}(), ReasonBadVoucher, protocol.ErrBadSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := o.h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: c.v})
			wantReason(t, err, c.reason, c.cause)
		})
	}
	t.Run("unknown route", func(t *testing.T) {
		_, err := o.h.Forward(o.ctx, ForwardRequest{ID: RouteID{9, 9}, Voucher: v2})
		wantReason(t, err, ReasonUnknownRoute, nil)
	})

	// A second route on the same inbound channel: its voucher fits the
	// deposit alone but not next to the first route's.
	r2 := o.request(2, 2, func(r *RouteRequest) { r.MaxBytes = 1000 })
	if _, err := o.h.Setup(o.ctx, r2); err != nil {
		t.Fatal(err)
	}
	big1 := o.voucher(r1, 3, testMaxBytes, nil)
	if _, err := o.h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: big1}); err != nil {
		t.Fatal(err)
	}
	over := o.voucher(r2, 1, 1000, func(v *protocol.LaneVoucher) {
		v.CumulativeAmount = new(big.Int).Sub(deposit, big1.CumulativeAmount)
		v.CumulativeAmount.Add(v.CumulativeAmount, big.NewInt(1))
	})
	_, err = o.h.Forward(o.ctx, ForwardRequest{ID: r2.ID, Voucher: over})
	wantReason(t, err, ReasonBadVoucher, protocol.ErrInsufficientFunds)
	_ = out1
}

// TestHubRestart: a reopened hub replays its journal: routes, lanes,
// reservations and the last vouchers survive; an exact retry gets the
// voucher signed before the restart (no second signature for it), the
// next voucher continues the nonce, and bound locks stay bound.
func TestHubRestart(t *testing.T) {
	o := newOneHop(t, eth(1))
	r1 := o.request(1, 1, nil)
	if _, err := o.h.Setup(o.ctx, r1); err != nil {
		t.Fatal(err)
	}
	v1 := o.voucher(r1, 1, 1000, nil)
	out1, err := o.h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: v1})
	if err != nil {
		t.Fatal(err)
	}
	reserved := o.h.Reserved(o.out)
	routes := o.h.Routes()
	if err := o.h.Close(); err != nil {
		t.Fatal(err)
	}

	h := o.hub(hubXIdx, feeX, []protocol.Element{o.out}, nil, o.dir)
	if got := h.Reserved(o.out); got.Cmp(reserved) != 0 {
		t.Fatalf("reserved after restart %s, before %s", got, reserved)
	}
	got := h.Routes()
	if len(got) != 1 || got[0].OutLane != routes[0].OutLane || got[0].LastOut.Signature != out1.Signature {
		t.Fatalf("routes after restart %+v, before %+v", got, routes)
	}
	again, err := h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: v1})
	if err != nil || again.Signature != out1.Signature {
		t.Fatalf("retry after restart: %v (a new signature would be a second voucher for the same bytes)", err)
	}
	out2, err := h.Forward(o.ctx, ForwardRequest{ID: r1.ID, Voucher: o.voucher(r1, 2, 2000, nil)})
	if err != nil || out2.Nonce != 2 {
		t.Fatalf("next voucher after restart: nonce %v, %v", out2, err)
	}
	_, err = h.Setup(o.ctx, o.request(2, 2, func(r *RouteRequest) { _, r.HashLock = randomTarget(o.t, 1) }))
	wantReason(t, err, ReasonHashLockReused, nil)
	if _, err := h.Setup(o.ctx, o.request(3, 3, nil)); err != nil {
		t.Fatal(err)
	}
	for _, r := range h.Routes() {
		if r.InLane == 3 && r.OutLane != 2 {
			t.Fatalf("new route got outbound lane %d after restart, want 2", r.OutLane)
		}
	}
}
