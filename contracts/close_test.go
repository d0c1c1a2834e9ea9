package contracts

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// TestChallengeDefeatsStaleClose is the fraud scenario: the miner settled
// an old voucher, the client (who has received much more) starts closing,
// and the miner answers with the newest voucher within the challenge
// period. After the period the client gets exactly the remainder.
func TestChallengeDefeatsStaleClose(t *testing.T) {
	e := newEnv(t)
	deposit := bigMul(gwei, 1_000_000)
	id := e.open(deposit, testPrice)
	sess := e.session(id, 3*4096, testPrice)
	s0, s2 := &sess.Steps[0], &sess.Steps[2]
	if _, err := e.m.Withdraw(e.ctx, e.miner, &s0.Voucher, e.proof(s0)); err != nil {
		t.Fatal(err)
	}
	// Only the client or the funder may start closing.
	_, err := e.m.StartClose(e.ctx, e.miner, id)
	wantRevert(t, err, ErrUnauthorized)
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	ch := e.channel(id)
	if ch.State != StateClosing || ch.ClosesAt.IsZero() {
		t.Fatalf("after startClose: %+v", ch)
	}
	_, err = e.m.StartClose(e.ctx, e.client, id)
	wantRevert(t, err, ErrWrongState)
	_, err = e.m.TopUp(e.ctx, e.client, id, gwei)
	wantRevert(t, err, ErrWrongState)
	// Finalizing early fails: the miner still has time.
	_, err = e.m.Finalize(e.ctx, e.client, id)
	wantRevert(t, err, ErrChallengePeriodActive)

	e.advance(testHour / 2)
	minerBefore := e.balance(addr(e.miner))
	r, err := e.m.Withdraw(e.ctx, e.miner, &s2.Voucher, e.proof(s2))
	if err != nil {
		t.Fatal(err)
	}
	got := new(big.Int).Sub(e.balance(addr(e.miner)), minerBefore)
	got.Add(got, fee(r))
	if want := new(big.Int).Sub(s2.Voucher.CumulativeAmount, s0.Voucher.CumulativeAmount); got.Cmp(want) != 0 {
		t.Fatalf("challenge withdrawal paid %v, want %v", got, want)
	}

	e.advance(testHour)
	// Too late for anything but finalize.
	s1 := &sess.Steps[1]
	later := resign(t, e.m.Domain(), s1.Voucher, e.client, s2.Voucher.Nonce+1, s2.Voucher.CumulativeAmount, s2.Voucher.CumulativeBytes)
	_, err = e.m.Withdraw(e.ctx, e.miner, later, e.proof(s2))
	wantRevert(t, err, ErrChallengePeriodOver)

	clientBefore := e.balance(addr(e.client))
	// Anyone may finalize; the refund goes to the funder (the client).
	if _, err := e.m.Finalize(e.ctx, e.other, id); err != nil {
		t.Fatal(err)
	}
	refund := new(big.Int).Sub(e.balance(addr(e.client)), clientBefore)
	if want := new(big.Int).Sub(deposit, s2.Voucher.CumulativeAmount); refund.Cmp(want) != 0 {
		t.Fatalf("refund %v, want %v", refund, want)
	}
	if b := e.balance(e.m.Address()); b.Sign() != 0 {
		t.Fatalf("contract still holds %v", b)
	}
	_, err = e.m.Finalize(e.ctx, e.other, id)
	wantRevert(t, err, ErrWrongState)
	_, err = e.m.Withdraw(e.ctx, e.miner, later, e.proof(s2))
	wantRevert(t, err, ErrWrongState)
	if ch := e.channel(id); ch.State != StateClosed {
		t.Fatalf("state %v after finalize", ch.State)
	}
}

// TestFinalizeUnusedChannel: a client whose miner never withdraws gets
// the whole deposit back after the challenge period.
func TestFinalizeUnusedChannel(t *testing.T) {
	e := newEnv(t)
	deposit := bigMul(gwei, 5000)
	id := e.open(deposit, testPrice)
	if _, err := e.m.TopUp(e.ctx, e.client, id, gwei); err != nil {
		t.Fatal(err)
	}
	deposit.Add(deposit, gwei)
	if ch := e.channel(id); ch.Deposit.Cmp(deposit) != 0 {
		t.Fatalf("deposit %v after top-up, want %v", ch.Deposit, deposit)
	}
	_, err := e.m.TopUp(e.ctx, e.other, id, gwei)
	wantRevert(t, err, ErrUnauthorized)
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	e.advance(testHour + time.Second)
	before := e.balance(addr(e.client))
	r, err := e.m.Finalize(e.ctx, e.client, id)
	if err != nil {
		t.Fatal(err)
	}
	got := new(big.Int).Sub(e.balance(addr(e.client)), before)
	got.Add(got, fee(r))
	if got.Cmp(deposit) != 0 {
		t.Fatalf("refund %v, want %v", got, deposit)
	}
}

// TestCooperativeClose: the miner closes at once, keeping what it
// withdrew; the remainder goes back to the funder.
func TestCooperativeClose(t *testing.T) {
	e := newEnv(t)
	deposit := bigMul(gwei, 1_000_000)
	id := e.open(deposit, testPrice)
	sess := e.session(id, 4096, testPrice)
	s0 := &sess.Steps[0]
	if _, err := e.m.Withdraw(e.ctx, e.miner, &s0.Voucher, e.proof(s0)); err != nil {
		t.Fatal(err)
	}
	_, err := e.m.CooperativeClose(e.ctx, e.client, id)
	wantRevert(t, err, ErrUnauthorized)
	before := e.balance(addr(e.client))
	if _, err := e.m.CooperativeClose(e.ctx, e.miner, id); err != nil {
		t.Fatal(err)
	}
	got := new(big.Int).Sub(e.balance(addr(e.client)), before)
	if want := new(big.Int).Sub(deposit, s0.Voucher.CumulativeAmount); got.Cmp(want) != 0 {
		t.Fatalf("refund %v, want %v", got, want)
	}
	_, err = e.m.CooperativeClose(e.ctx, e.miner, id)
	wantRevert(t, err, ErrWrongState)
	_, err = e.m.StartClose(e.ctx, e.client, id)
	wantRevert(t, err, ErrWrongState)
	_, err = e.m.RefreshPayee(e.ctx, e.miner, id)
	wantRevert(t, err, ErrWrongState)
}

// TestOwner: a miner's Owner receives its income; an Owner funds a
// channel for its client peer and gets the remainder back.
func TestOwner(t *testing.T) {
	e := newEnv(t)
	owner := addr(e.owner)
	if _, err := e.m.SetOwner(e.ctx, e.miner, owner); err != nil {
		t.Fatal(err)
	}
	if got, err := e.m.OwnerOf(e.ctx, addr(e.miner)); err != nil || got != owner {
		t.Fatalf("ownerOf = %s, %v", got, err)
	}
	deposit := bigMul(gwei, 1_000_000)
	// The Owner may fund channels only for peers that named it.
	params := OpenParams{Miner: addr(e.miner), KeyHash: e.keyHash(), PricePerByte: testPrice,
		ChallengePeriod: testHour, Deposit: deposit, For: addr(e.client)}
	_, _, err := e.m.Open(e.ctx, e.owner, params)
	wantRevert(t, err, ErrNotOwnerOf)
	if _, err := e.m.SetOwner(e.ctx, e.client, owner); err != nil {
		t.Fatal(err)
	}
	ownerStart := e.balance(owner)
	id, r, err := e.m.Open(e.ctx, e.owner, params)
	if err != nil {
		t.Fatal(err)
	}
	spent := new(big.Int).Add(deposit, fee(r))
	ch := e.channel(id)
	if ch.Client != addr(e.client) || ch.Funder != owner || ch.Payee != owner || ch.Miner != addr(e.miner) {
		t.Fatalf("channel: %+v", ch)
	}
	// The client's peer fetches; anyone submits the miner's proof; the
	// Owner is paid.
	sess := e.session(id, 2*4096, testPrice)
	s1 := &sess.Steps[1]
	minerBefore := e.balance(addr(e.miner))
	if _, err := e.m.Withdraw(e.ctx, e.other, &s1.Voucher, e.proof(s1)); err != nil {
		t.Fatal(err)
	}
	if got := e.balance(addr(e.miner)); got.Cmp(minerBefore) != 0 {
		t.Fatalf("miner balance moved from %v to %v", minerBefore, got)
	}
	// Only the funder tops up; the Owner may close for its peer.
	_, err = e.m.TopUp(e.ctx, e.client, id, gwei)
	wantRevert(t, err, ErrUnauthorized)
	if r, err = e.m.StartClose(e.ctx, e.owner, id); err != nil {
		t.Fatal(err)
	}
	spent.Add(spent, fee(r))
	e.advance(testHour)
	if _, err := e.m.Finalize(e.ctx, e.other, id); err != nil {
		t.Fatal(err)
	}
	// Owner: -deposit - fees + income (s1's amount) + refund (deposit - s1) = -fees.
	net := new(big.Int).Sub(e.balance(owner), ownerStart)
	if want := new(big.Int).Neg(new(big.Int).Sub(spent, deposit)); net.Cmp(want) != 0 {
		t.Fatalf("owner net %v, want %v", net, want)
	}

	// Naming another Owner moves existing channels' income only after
	// refreshPayee; clearing it points back at the miner.
	id2 := e.open(deposit, testPrice)
	if ch := e.channel(id2); ch.Payee != owner {
		t.Fatalf("payee %s, want the owner", ch.Payee)
	}
	if _, err := e.m.SetOwner(e.ctx, e.miner, common.Address{}); err != nil {
		t.Fatal(err)
	}
	if ch := e.channel(id2); ch.Payee != owner {
		t.Fatal("payee changed without refresh")
	}
	if _, err := e.m.RefreshPayee(e.ctx, e.other, id2); err != nil {
		t.Fatal(err)
	}
	if ch := e.channel(id2); ch.Payee != addr(e.miner) {
		t.Fatalf("payee %s after refresh, want the miner", ch.Payee)
	}
	// The miner's (former) Owner can no longer close its channels.
	_, err = e.m.CooperativeClose(e.ctx, e.owner, id2)
	wantRevert(t, err, ErrUnauthorized)
}

// TestOpenValidation: bad terms are refused; ids are deterministic,
// distinct and in the field.
func TestOpenValidation(t *testing.T) {
	e := newEnv(t)
	kh := e.keyHash()
	ok := OpenParams{Miner: addr(e.miner), KeyHash: kh, PricePerByte: testPrice, ChallengePeriod: testHour}
	for _, c := range []struct {
		name string
		mod  func(*OpenParams)
		want *RevertError
	}{
		{"zero miner", func(p *OpenParams) { p.Miner = common.Address{} }, ErrZeroAddress},
		{"zero price", func(p *OpenParams) { p.PricePerByte = new(big.Int) }, ErrZeroPrice},
		{"zero challenge period", func(p *OpenParams) { p.ChallengePeriod = 0 }, ErrBadChallengePeriod},
		{"challenge period too long", func(p *OpenParams) { p.ChallengePeriod = 366 * 24 * time.Hour }, ErrBadChallengePeriod},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := ok
			c.mod(&p)
			_, _, err := e.m.Open(e.ctx, e.client, p)
			wantRevert(t, err, c.want)
		})
	}
	next, err := e.m.NextChannelID(e.ctx, addr(e.client), addr(e.miner))
	if err != nil {
		t.Fatal(err)
	}
	id1, _, err := e.m.Open(e.ctx, e.client, ok)
	if err != nil {
		t.Fatal(err)
	}
	id2, _, err := e.m.Open(e.ctx, e.client, ok)
	if err != nil {
		t.Fatal(err)
	}
	if id1 != next || id1 == id2 || !id1.Valid() || !id2.Valid() {
		t.Fatalf("ids %s (predicted %s), %s", id1, next, id2)
	}
	if _, err := e.m.Channel(e.ctx, protocol.ElementFromUint64(12345)); !errors.Is(err, ErrUnknownChannel) {
		t.Fatalf("unknown channel: %v", err)
	}
}
