package protocol_test

import (
	"bytes"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

type laneFixture struct {
	domain protocol.ChainDomain
	payer  common.Address
	key    func() *protocol.LaneVoucher
	ctx    func() protocol.LaneContext
	sign   func(v *protocol.LaneVoucher)
}

func newLaneFixture(t *testing.T) laneFixture {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	payer := crypto.PubkeyToAddress(key.PublicKey)
	miner := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	domain := protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x00000000000000000000000000000000000000cc")}
	ch := protocol.ElementFromUint64(77)
	target := protocol.VirtualChannelID(domain, common.HexToAddress("0x01"), miner, [32]byte{9})
	kh := protocol.ElementFromUint64(4242)
	now := time.Unix(1_700_000_000, 0)
	sign := func(v *protocol.LaneVoucher) {
		if err := v.Sign(domain, key); err != nil {
			t.Fatal(err)
		}
	}
	return laneFixture{
		domain: domain, payer: payer, sign: sign,
		key: func() *protocol.LaneVoucher {
			v := &protocol.LaneVoucher{ChannelID: ch, Lane: 3, Nonce: 5, CumulativeAmount: big.NewInt(2000), CumulativeBytes: 1000,
				ValidFrom: uint64(now.Unix()) - 10, ValidUntil: uint64(now.Unix()) + 3600, HashLock: protocol.HashLockOf([32]byte{1}),
				Target: target, TargetKeyHash: kh}
			sign(v)
			return v
		},
		ctx: func() protocol.LaneContext {
			return protocol.LaneContext{
				Prev:  protocol.LaneState{Nonce: 4, Amount: big.NewInt(1000), Bytes: 500},
				Terms: protocol.ChannelTerms{ID: ch, Client: payer, Miner: miner, PricePerByte: big.NewInt(3), Domain: domain},
				Lane:  3, Target: target, TargetKeyHash: kh, HashLock: protocol.HashLockOf([32]byte{1}),
				MinPrice: big.NewInt(2),
				Chain: &protocol.ChainChannel{Domain: domain, State: protocol.ChainOpen, Client: payer, Miner: miner, Payee: miner,
					PricePerByte: big.NewInt(3), Withdrawn: big.NewInt(100), Deposit: big.NewInt(10_000),
					LaneWithdrawn: big.NewInt(700), ChallengePeriod: 2 * time.Hour},
				ChainLane:    &protocol.ChainLane{Nonce: 2, Withdrawn: big.NewInt(500)},
				Committed:    big.NewInt(1000),
				Now:          now,
				MinRemaining: 10 * time.Minute,
			}
		},
	}
}

func TestCheckLaneVoucherRules(t *testing.T) {
	f := newLaneFixture(t)
	other, _ := crypto.GenerateKey()
	cases := []struct {
		name   string
		mutate func(v *protocol.LaneVoucher, c *protocol.LaneContext) // v is re-signed after
		raw    func(v *protocol.LaneVoucher, c *protocol.LaneContext) // after signing
		rule   error
	}{
		{name: "honest"},
		{name: "lane 0", rule: protocol.ErrMalformedVoucher, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.Lane = 0 }},
		{name: "no target", rule: protocol.ErrMalformedVoucher, raw: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.Target = protocol.Element{} }},
		{name: "hash lock without expiry", rule: protocol.ErrMalformedVoucher, raw: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.ValidUntil = 0 }},
		{name: "other lane", rule: protocol.ErrWrongLane, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.Lane = 4 }},
		{name: "other channel", rule: protocol.ErrWrongChannel, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.ChannelID = protocol.ElementFromUint64(78) }},
		{name: "other target", rule: protocol.ErrWrongTarget, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.Target = protocol.ElementFromUint64(1) }},
		{name: "other key hash", rule: protocol.ErrWrongTarget, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			v.TargetKeyHash = protocol.ElementFromUint64(1)
		}},
		{name: "other hash lock", rule: protocol.ErrWrongHashLock, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.HashLock = protocol.HashLockOf([32]byte{2}) }},
		{name: "not yet valid", rule: protocol.ErrNotYetValid, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.ValidFrom = uint64(c.Now.Unix()) + 1 }},
		{name: "expired", rule: protocol.ErrExpired, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.ValidUntil = uint64(c.Now.Unix()) - 1 }},
		{name: "too soon", rule: protocol.ErrExpiryTooSoon, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.ValidUntil = uint64(c.Now.Unix()) + 60 }},
		{name: "beyond close", rule: protocol.ErrExpiryBeyondClose, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.ValidUntil = uint64(c.Now.Unix()) + 3*3600 }},
		{name: "closing channel not accepted", rule: protocol.ErrChannelNotOpen, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			c.Chain.State, c.Chain.ClosesAt = protocol.ChainClosing, c.Now.Add(2*time.Hour)
		}},
		{name: "redeem on closing channel", mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			c.Chain.State, c.Chain.ClosesAt, c.Redeem = protocol.ChainClosing, c.Now.Add(30*time.Minute), true
		}},
		{name: "replayed nonce", rule: protocol.ErrStaleNonce, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.Nonce = 4 }},
		{name: "settled nonce", rule: protocol.ErrStaleNonce, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { c.Prev.Nonce = 0; v.Nonce = 2 }},
		{name: "bytes decreased", rule: protocol.ErrBytesDecreased, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.CumulativeBytes = 499 }},
		{name: "amount decreased", rule: protocol.ErrAmountDecreased, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.CumulativeAmount = big.NewInt(999) }},
		{name: "below withdrawn", rule: protocol.ErrAmountDecreased, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			c.Prev.Amount = nil
			v.CumulativeAmount = big.NewInt(499)
		}},
		{name: "above cap", rule: protocol.ErrAmountExceedsBytes, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.CumulativeAmount = big.NewInt(3001) }},
		{name: "underpaid", rule: protocol.ErrUnderpaid, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) { v.CumulativeAmount = big.NewInt(1999) }},
		// free = 10000 - 100 - 700 + 500 - 1000 = 8700
		{name: "exceeds deposit next to committed", rule: protocol.ErrInsufficientFunds, mutate: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			c.Committed = big.NewInt(9000)
		}},
		{name: "wrong signer", rule: protocol.ErrBadSignature, raw: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			if err := v.Sign(f.domain, other); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "signed for another contract", rule: protocol.ErrBadSignature, raw: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			c.Terms.Domain = protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0xdd")}
			c.Chain.Domain = c.Terms.Domain
		}},
		{name: "accepted domain differs", rule: protocol.ErrWrongDomain, raw: func(v *protocol.LaneVoucher, c *protocol.LaneContext) {
			c.Accept = &protocol.ChainDomain{ChainID: big.NewInt(1), Contract: f.domain.Contract}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, c := f.key(), f.ctx()
			if tc.mutate != nil {
				tc.mutate(v, &c)
				if v.Lane != 0 {
					f.sign(v)
				}
			}
			if tc.raw != nil {
				tc.raw(v, &c)
			}
			err := protocol.CheckLaneVoucher(v, c)
			if tc.rule == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.rule) {
				t.Fatalf("got %v, want %v", err, tc.rule)
			}
		})
	}
}

func TestLaneVoucherEncoding(t *testing.T) {
	f := newLaneFixture(t)
	v := f.key()
	enc := v.Encode()
	if len(enc) != protocol.LaneVoucherSize {
		t.Fatalf("size %d, want %d", len(enc), protocol.LaneVoucherSize)
	}
	got, err := protocol.DecodeLaneVoucher(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Encode(), enc) {
		t.Fatal("round trip differs")
	}
	signer, err := got.Signer(f.domain)
	if err != nil || signer != f.payer {
		t.Fatalf("signer %s, %v; want %s", signer, err, f.payer)
	}
	if _, err := protocol.DecodeLaneVoucher(enc[:len(enc)-1]); !errors.Is(err, protocol.ErrEncoding) {
		t.Fatalf("short: %v", err)
	}
	if a, b := protocol.LaneTarget(v.ChannelID, 1), protocol.LaneTarget(v.ChannelID, 2); a == b || !a.Valid() {
		t.Fatal("lane targets must differ per lane and be field elements")
	}
}

func FuzzDecodeLaneVoucher(f *testing.F) {
	lf := newLaneFixture(&testing.T{})
	f.Add(lf.key().Encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := protocol.DecodeLaneVoucher(data)
		if err != nil {
			return
		}
		if !bytes.Equal(v.Encode(), data) {
			t.Fatal("accepted a non-canonical encoding")
		}
	})
}
