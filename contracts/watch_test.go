package contracts

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

func TestWatcherDecodesEventsAndConfirmations(t *testing.T) {
	e := newEnv(t)
	price := big.NewInt(1)
	w := e.m.Watch(WatchOptions{Confirmations: 2})
	id := e.open(big.NewInt(100_000), price)
	if _, err := e.m.TopUp(e.ctx, e.client, id, big.NewInt(50_000)); err != nil {
		t.Fatal(err)
	}
	sess := e.session(id, 8192, price)
	st := &sess.Steps[0]
	if _, err := e.m.Withdraw(e.ctx, e.other, &st.Voucher, e.proof(st)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	// The last two blocks are not confirmed yet.
	evs, err := w.Poll(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Kind != EventOpened || evs[1].Kind != EventToppedUp {
		t.Fatalf("before confirmations: %+v", evs)
	}
	e.sim.Commit()
	e.sim.Commit()
	more, err := w.Poll(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	evs = append(evs, more...)
	kinds := []EventKind{EventOpened, EventToppedUp, EventWithdrawn, EventCloseStarted}
	if len(evs) != len(kinds) {
		t.Fatalf("%d events: %+v", len(evs), evs)
	}
	for i, k := range kinds {
		if evs[i].Kind != k || evs[i].Channel != id {
			t.Fatalf("event %d: %s on %s, want %s on %s", i, evs[i].Kind, evs[i].Channel, k, id)
		}
	}
	op, tu, wd, cs := evs[0], evs[1], evs[2], evs[3]
	if op.Client != addr(e.client) || op.Miner != addr(e.miner) || op.KeyHash != e.keyHash() || op.Deposit.Int64() != 100_000 || op.ChallengePeriod != testHour {
		t.Fatalf("opened: %+v", op)
	}
	if tu.Amount.Int64() != 50_000 || tu.Deposit.Int64() != 150_000 {
		t.Fatalf("topped up: %+v", tu)
	}
	if wd.Nonce != st.Voucher.Nonce || wd.CumulativeAmt.Cmp(st.Voucher.CumulativeAmount) != 0 || wd.CumulativeBytes != st.Voucher.CumulativeBytes {
		t.Fatalf("withdrawn: %+v", wd)
	}
	ch := e.channel(id)
	if !cs.ClosesAt.Equal(ch.ClosesAt) || cs.By != addr(e.client) {
		t.Fatalf("close started: %+v, chain closes at %s", cs, ch.ClosesAt)
	}
	if want := new(big.Int).Sub(big.NewInt(150_000), st.Voucher.CumulativeAmount); ch.Remaining().Cmp(want) != 0 {
		t.Fatalf("remaining %s, want %s", ch.Remaining(), want)
	}
	// The typed view judges vouchers as the contract does: the settled one
	// is stale, the next is redeemable while closing.
	oc := ch.OnChain(e.m.Domain())
	c := protocol.VoucherContext{Terms: protocol.ChannelTerms{ID: id, Client: addr(e.client), Miner: addr(e.miner), PricePerByte: price,
		Domain: e.m.Domain(), KeyHash: e.keyHash()}, Chain: oc, Redeem: true, Now: time.Now()}
	if err := protocol.CheckVoucher(&st.Voucher, nil, c); !errors.Is(err, protocol.ErrStaleNonce) {
		t.Fatalf("settled voucher: %v", err)
	}
	if err := protocol.CheckVoucher(&sess.Steps[1].Voucher, nil, c); err != nil {
		t.Fatalf("next voucher: %v", err)
	}
	c.Redeem = false
	if err := protocol.CheckVoucher(&sess.Steps[1].Voucher, nil, c); !errors.Is(err, protocol.ErrChannelNotOpen) {
		t.Fatalf("new service on a closing channel: %v", err)
	}
}

func TestWatcherReportsReorg(t *testing.T) {
	e := newEnv(t)
	w := e.m.Watch(WatchOptions{})
	id := e.open(big.NewInt(100_000), big.NewInt(1))
	ctx := e.ctx
	base, err := e.sim.Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.TopUp(ctx, e.client, id, big.NewInt(7)); err != nil {
		t.Fatal(err)
	}
	evs, err := w.Poll(ctx)
	if err != nil || len(evs) != 2 {
		t.Fatalf("%v %+v", err, evs)
	}
	topBlock := evs[1].Block
	// A side chain from before the top-up, longer than the canonical one.
	if err := e.sim.Fork(base.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		e.sim.Commit()
	}
	head, err := e.sim.Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if head.Number.Uint64() <= topBlock {
		t.Skipf("side chain did not become canonical (head %d)", head.Number)
	}
	evs, err = w.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 || evs[0].Kind != EventReorg || evs[0].Block > topBlock {
		t.Fatalf("after reorg: %+v", evs)
	}
	// Whatever is delivered after the reorg is on the canonical chain.
	for _, ev := range evs[1:] {
		h, err := e.sim.Backend().HeaderByNumber(ctx, new(big.Int).SetUint64(ev.Block))
		if err != nil || h.Hash() != ev.BlockHash {
			t.Fatalf("event %s in block %d %s not canonical (%v)", ev.Kind, ev.Block, ev.BlockHash, err)
		}
	}
}
