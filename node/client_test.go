package node

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

// serveMiner runs a challenge miner with ledger and the env's key on
// loopback, serving n pseudo-random bytes in 1 KiB chunks. It does not
// check channels on chain: the client alone keeps within the deposit.
func (e *env) serveMiner(ledger *challenge.Ledger, n int) (string, protocol.ObjectID) {
	return e.serveMinerWith(ledger, n, nil)
}

func (e *env) serveMinerWith(ledger *challenge.Ledger, n int, check func(context.Context, challenge.ChannelInfo) (challenge.ChannelCheck, error)) (string, protocol.ObjectID) {
	e.t.Helper()
	data := make([]byte, n)
	r := rand.New(rand.NewPCG(7, 9))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	st, err := challenge.OpenStore(e.t.TempDir())
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	obj, err := st.Add(bytes.NewReader(data), 1024)
	if err != nil {
		e.t.Fatal(err)
	}
	m, err := challenge.NewMiner(challenge.MinerOptions{Store: st, Ledger: ledger, Key: e.miner, CreditLimit: 16 << 10,
		PaymentTimeout: 5 * time.Second, IdleTimeout: 10 * time.Second, CheckChannel: check})
	if err != nil {
		e.t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	go m.Serve(ctx, ln)
	e.t.Cleanup(func() { cancel(); m.Close() })
	return ln.Addr().String(), obj
}

// fetchOnChain fetches obj from the miner at addr paying on channel id.
func (e *env) fetchOnChain(addr string, obj protocol.ObjectID, id protocol.Element, topUp TopUpPolicy, tweak ...func(*challenge.ClientOptions)) (*challenge.FetchResult, error) {
	e.t.Helper()
	defer func(start time.Time) { e.t.Logf("fetch took %s", time.Since(start)) }(time.Now())
	rec, err := challenge.OpenPaymentRecord(filepath.Join(e.dir, "client-record"))
	if err != nil {
		e.t.Fatal(err)
	}
	cc, err := NewClientChannels(ClientChannelsOptions{Manager: e.m, Key: e.client, ReceiptKey: e.rkey.Public(), Record: rec,
		Shape: testShape, Given: map[string]protocol.Element{addr: id}, Miners: map[string]common.Address{addr: addrOf(e.miner)}, TopUp: topUp})
	if err != nil {
		e.t.Fatal(err)
	}
	opts := challenge.ClientOptions{Key: e.client, ReceiptKey: e.rkey, Record: rec, Shape: testShape,
		ProbeDeadline: 5 * time.Second, IdleTimeout: 10 * time.Second}
	cc.Apply(&opts)
	for _, f := range tweak {
		f(&opts)
	}
	c, err := challenge.NewClient(opts)
	if err != nil {
		e.t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(e.dir, "out"))
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(e.ctx, time.Minute)
	defer cancel()
	return c.Fetch(ctx, obj, []string{addr}, f)
}

// ledgerMax checks every voucher the miner holds on id is within deposit
// and returns the latest.
func (e *env) ledgerMax(ledger *challenge.Ledger, id protocol.Element, deposit *big.Int) *protocol.Voucher {
	e.t.Helper()
	sess, err := ledger.Session(id)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := range sess.Steps {
		if v := &sess.Steps[i].Voucher; v.CumulativeAmount.Cmp(deposit) > 0 {
			e.t.Fatalf("the miner holds voucher %d for %s wei, above the deposit %s", v.Nonce, v.CumulativeAmount, deposit)
		}
	}
	if len(sess.Steps) == 0 {
		e.t.Fatal("the miner holds no voucher")
	}
	return &sess.Steps[len(sess.Steps)-1].Voucher
}

// TestClientStopsAtDeposit: a fetch larger than the deposit pays for what
// the deposit covers (a shorter last window), then stops with an
// *InsufficientFundsError for the next chunk; the miner never holds a
// voucher above the deposit. With a top-up policy the same fetch tops up
// and completes.
func TestClientStopsAtDeposit(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(3)
	// 10 chunks of 1 KiB fit, and 500 wei that pay for no whole chunk.
	deposit := big.NewInt(10*1024*3 + 500)
	id := e.open(deposit, price, time.Hour)
	addr, obj := e.serveMiner(e.ledger, 40<<10)

	res, err := e.fetchOnChain(addr, obj, id, TopUpPolicy{})
	var ife *protocol.InsufficientFundsError
	if !errors.As(err, &ife) || !errors.Is(err, protocol.ErrInsufficientFunds) {
		t.Fatalf("fetch beyond the deposit: %v", err)
	}
	// The 11th chunk would need a voucher for 11 KiB.
	wantAmount := big.NewInt(11 * 1024 * 3)
	if ife.Amount.Cmp(wantAmount) != 0 || ife.Deposit.Cmp(deposit) != 0 || ife.Shortfall.Cmp(new(big.Int).Sub(wantAmount, deposit)) != 0 {
		t.Fatalf("insufficient funds %+v, want amount %s, deposit %s", ife, wantAmount, deposit)
	}
	if res.Received != 10*1024 || res.Paid != 10*1024 {
		t.Fatalf("received %d, paid %d; want 10 KiB each", res.Received, res.Paid)
	}
	v := e.ledgerMax(e.ledger, id, deposit)
	if v.CumulativeBytes != 10*1024 || v.CumulativeAmount.Cmp(big.NewInt(10*1024*3)) != 0 {
		t.Fatalf("miner's latest voucher: %d bytes, %s wei", v.CumulativeBytes, v.CumulativeAmount)
	}

	// Told to top up, the client adds what the rest costs and completes
	// (on a new channel with a miner that holds no debt from the stop
	// above: the chunks it sent past the deposit count against the key).
	ledger, err := challenge.OpenLedger(filepath.Join(e.dir, "ledger2"))
	if err != nil {
		t.Fatal(err)
	}
	addr, obj = e.serveMiner(ledger, 40<<10)
	id = e.open(deposit, price, time.Hour)
	if _, err = e.fetchOnChain(addr, obj, id, TopUpPolicy{Auto: true}); err != nil {
		t.Fatal(err)
	}
	whole := big.NewInt(40 * 1024 * 3)
	if ch := e.channel(id); ch.Deposit.Cmp(whole) != 0 {
		t.Fatalf("deposit after the top-up %s, want %s (exactly the object's price)", ch.Deposit, whole)
	}
	if v := e.ledgerMax(ledger, id, whole); v.CumulativeBytes != 40*1024 || v.CumulativeAmount.Cmp(whole) != 0 {
		t.Fatalf("miner's latest voucher: %d bytes, %s wei", v.CumulativeBytes, v.CumulativeAmount)
	}
}

// TestClientCloseFinalize: finalize before the period ends is refused
// with the time left; a watching finalize waits for the chain's clock and
// refunds exactly deposit − withdrawn to the funder.
func TestClientCloseFinalize(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(3)
	deposit := big.NewInt(1_000_000)
	id := e.open(deposit, price, time.Hour)
	sess := e.session(id, 4096, price)
	a, err := attest.Prove(e.ctx, e.s.keys, &sess.Steps[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.WithdrawAttestation(e.ctx, e.miner, &sess.Steps[0].Voucher, a); err != nil {
		t.Fatal(err)
	}
	withdrawn := sess.Steps[0].Voucher.CumulativeAmount

	if _, err := Finalize(e.ctx, e.m, e.client, id, FinalizeOptions{}); !errors.Is(err, ErrNotClosing) {
		t.Fatalf("finalize of an open channel: %v", err)
	}
	cr, err := StartClose(e.ctx, e.m, e.client, id)
	if err != nil {
		t.Fatal(err)
	}
	head, err := e.sim.Backend().HeaderByNumber(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Unix(int64(head.Time), 0).Add(time.Hour); !cr.ClosesAt.Equal(want) || cr.Withdrawn.Cmp(withdrawn) != 0 {
		t.Fatalf("close: %+v, want closes at %s", cr, want)
	}
	_, err = Finalize(e.ctx, e.m, e.client, id, FinalizeOptions{})
	var early *TooEarlyError
	if !errors.As(err, &early) || !errors.Is(err, ErrTooEarly) || early.Remaining() != time.Hour || !early.ClosesAt.Equal(cr.ClosesAt) {
		t.Fatalf("finalize too early: %v", err)
	}

	cb := e.balance(addrOf(e.client))
	type result struct {
		r   *FinalizeResult
		err error
	}
	done := make(chan result, 1)
	waiting := make(chan struct{}, 1)
	go func() {
		r, err := Finalize(e.ctx, e.m, e.client, id, FinalizeOptions{Watch: true, PollInterval: 10 * time.Millisecond,
			Waiting: func(*TooEarlyError) {
				select {
				case waiting <- struct{}{}:
				default:
				}
			}})
		done <- result{r, err}
	}()
	<-waiting
	if err := e.sim.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	var res result
	select {
	case res = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("watching finalize did not finish after the period")
	}
	if res.err != nil {
		t.Fatal(res.err)
	}
	want := new(big.Int).Sub(deposit, withdrawn)
	if res.r.Refund.Cmp(want) != 0 || res.r.Withdrawn.Cmp(withdrawn) != 0 || res.r.Funder != addrOf(e.client) {
		t.Fatalf("finalize %+v, want refund %s", res.r, want)
	}
	rcpt, err := e.sim.Backend().TransactionReceipt(e.ctx, res.r.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Add(new(big.Int).Sub(e.balance(addrOf(e.client)), cb), fee(rcpt)); got.Cmp(want) != 0 {
		t.Fatalf("funder's balance moved by %s wei (gas added back), want %s", got, want)
	}
	if _, err := Finalize(e.ctx, e.m, e.client, id, FinalizeOptions{}); !errors.Is(err, ErrAlreadyClosed) {
		t.Fatalf("second finalize: %v", err)
	}
}

// TestClientStopsAtMinerNodeDeposit: against a miner that bounds its
// credit by the deposit (and so sends nothing it would not be paid for),
// the client closes its last window at the deposit instead of waiting for
// chunks that never come, and stops with the same shortfall.
func TestClientStopsAtMinerNodeDeposit(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(3)
	deposit := big.NewInt(10*1024*3 + 500)
	id := e.open(deposit, price, time.Hour)
	cc, err := NewChainChannels(ChainChannelsOptions{Manager: e.m, Miner: addrOf(e.miner), Ledger: e.ledger})
	if err != nil {
		t.Fatal(err)
	}
	addr, obj := e.serveMinerWith(e.ledger, 40<<10, cc.CheckChannel)
	start := time.Now()
	res, err := e.fetchOnChain(addr, obj, id, TopUpPolicy{})
	var ife *protocol.InsufficientFundsError
	if !errors.As(err, &ife) || ife.Shortfall.Cmp(big.NewInt(11*1024*3-(10*1024*3+500))) != 0 {
		t.Fatalf("fetch beyond the deposit: %v", err)
	}
	if res.Received != 10*1024 {
		t.Fatalf("received %d, want 10 KiB", res.Received)
	}
	// The miner may end the session before the last (short) window's
	// payment arrives: what it holds is at least the whole windows.
	if v := e.ledgerMax(e.ledger, id, deposit); v.CumulativeBytes < 8*1024 {
		t.Fatalf("miner's latest voucher: %d bytes", v.CumulativeBytes)
	}
	t.Logf("stopped after %s: %v", time.Since(start), err)
}

// TestClientStopsWhenChannelCloses: a close started under a running
// session (here by the client's own funder key, after the first voucher)
// stops the client before it signs the next voucher: the chain is read
// again before paying, and protocol.CheckVoucher refuses a closing channel.
func TestClientStopsWhenChannelCloses(t *testing.T) {
	e := newEnv(t, false)
	price := big.NewInt(3)
	id := e.open(big.NewInt(1_000_000), price, time.Hour)
	addr, obj := e.serveMiner(e.ledger, 40<<10)
	var closeErr error
	_, err := e.fetchOnChain(addr, obj, id, TopUpPolicy{}, func(o *challenge.ClientOptions) {
		o.ChainMaxAge = time.Nanosecond // read the chain before every voucher
		read, calls := o.ChainState, 0
		o.ChainState = func(ctx context.Context, info challenge.ChannelInfo) (*protocol.ChainChannel, error) {
			// Reads: at the session's start, before voucher 1, before
			// voucher 2: the close lands between the first two vouchers.
			if calls++; calls == 3 {
				_, closeErr = e.m.StartClose(e.ctx, e.client, id)
			}
			return read(ctx, info)
		}
	})
	if closeErr != nil {
		t.Fatal(closeErr)
	}
	if !errors.Is(err, protocol.ErrChannelNotOpen) {
		t.Fatalf("fetch on a channel closed under it: %v", err)
	}
	if v := e.ledgerMax(e.ledger, id, big.NewInt(1_000_000)); v.Nonce != 1 {
		t.Fatalf("the miner holds nonce %d, want only the voucher signed before the close", v.Nonce)
	}
}
