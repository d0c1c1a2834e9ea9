package node

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

func TestChainChannelsAdmit(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(2)
	good := e.open(big.NewInt(100_000), price, time.Hour)
	short := e.open(big.NewInt(100_000), price, time.Minute)
	poor := e.open(big.NewInt(1), price, time.Hour)
	closing := e.open(big.NewInt(100_000), price, time.Hour)
	if _, err := e.m.StartClose(e.ctx, e.client, closing); err != nil {
		t.Fatal(err)
	}
	foreign, _, err := e.m.Open(e.ctx, e.client, contracts.OpenParams{Miner: addrOf(e.other), KeyHash: e.keyHash(),
		PricePerByte: price, ChallengePeriod: time.Hour, Deposit: big.NewInt(100_000)})
	if err != nil {
		t.Fatal(err)
	}
	cc, err := NewChainChannels(ChainChannelsOptions{Manager: e.m, Miner: addrOf(e.miner), MinChallengePeriod: 10 * time.Minute, Ledger: e.ledger})
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		info   challenge.ChannelInfo
		reason Reason
		rule   error
	}{
		{"admitted", e.info(good, price), "", nil},
		{"unknown", e.info(protocol.ElementFromUint64(12345), price), ReasonUnknownChannel, protocol.ErrUnknownChannel},
		{"foreign miner", func() challenge.ChannelInfo { i := e.info(foreign, price); i.Miner = [20]byte{}; return i }(), ReasonForeignMiner, protocol.ErrWrongMiner},
		{"short period", e.info(short, price), ReasonShortPeriod, nil},
		{"closing", e.info(closing, price), ReasonNotOpen, protocol.ErrChannelNotOpen},
		{"no funds", e.info(poor, price), ReasonNoFunds, protocol.ErrInsufficientFunds},
		{"other receipt key", func() challenge.ChannelInfo { i := e.info(good, price); i.ReceiptKey = otherKey.Public(); return i }(), ReasonWrongKey, protocol.ErrWrongReceiptKey},
		{"other price", e.info(good, big.NewInt(1)), ReasonWrongTerms, protocol.ErrWrongPrice},
		{"other client", func() challenge.ChannelInfo { i := e.info(good, price); i.Client = addrOf(e.other); return i }(), ReasonWrongTerms, protocol.ErrWrongClient},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check, err := cc.CheckChannel(e.ctx, tc.info)
			if tc.reason == "" {
				if err != nil || !check.OnChain || check.Deposit.Int64() != 100_000 {
					t.Fatalf("got %+v, %v", check, err)
				}
				return
			}
			var re *RefusalError
			if !errors.As(err, &re) || re.Reason != tc.reason || !errors.Is(err, ErrRefused) {
				t.Fatalf("got %v, want reason %s", err, tc.reason)
			}
			if tc.rule != nil && !errors.Is(err, tc.rule) {
				t.Fatalf("got %v, want rule %v", err, tc.rule)
			}
		})
	}
	// Vouchers the miner holds use up the deposit: no more credit.
	sess := e.session(good, 50_000, price) // 100_000 wei: the whole deposit
	e.accept(e.info(good, price), sess.Steps...)
	if _, err := cc.CheckChannel(e.ctx, e.info(good, price)); !errors.Is(err, protocol.ErrInsufficientFunds) {
		t.Fatalf("deposit used up: %v", err)
	}
	// A chain that cannot be read refuses rather than serving blind.
	e.sim.Close()
	cc.HandleEvent(contracts.Event{Kind: contracts.EventReorg})
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	_, err = cc.CheckChannel(ctx, e.info(good, price))
	var re *RefusalError
	if !errors.As(err, &re) || re.Reason != ReasonChainUnavailable || !errors.Is(err, ErrChainUnavailable) {
		t.Fatalf("chain down: %v", err)
	}
}
