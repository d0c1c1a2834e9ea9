package node

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

const testChunk = 1024

// minerNode is a MinerNode serving one object on loopback TCP.
type minerNode struct {
	*MinerNode
	addr string
	obj  protocol.ObjectID
	data []byte
}

func testLog(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// startMinerNode runs a miner node on e's chain and ledger with an object
// of size bytes in 1 KiB chunks; tweak adjusts the options.
func (e *env) startMinerNode(size int, tweak func(*MinerNodeOptions)) *minerNode {
	t := e.t
	t.Helper()
	store, err := challenge.OpenStore(filepath.Join(e.dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	data := make([]byte, size)
	prototest.NewSeeded(uint64(size)).Read(data)
	obj, err := store.Add(bytes.NewReader(data), testChunk)
	if err != nil {
		t.Fatal(err)
	}
	opts := MinerNodeOptions{Manager: e.m, Log: testLog(t),
		Miner:    challenge.MinerOptions{Store: store, Ledger: e.ledger, Key: e.miner, PaymentTimeout: 5 * time.Second},
		Channels: ChainChannelsOptions{MinChallengePeriod: 10 * time.Minute},
		Settler:  SettlerOptions{Keys: e.s.keys, StateDir: filepath.Join(e.dir, "settler"), PollInterval: 20 * time.Millisecond}}
	if tweak != nil {
		tweak(&opts)
	}
	n, err := NewMinerNode(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		n.Close()
	})
	return &minerNode{MinerNode: n, addr: ln.Addr().String(), obj: obj, data: data}
}

// memOut is a fetch's output buffer.
type memOut struct{ b []byte }

func (m *memOut) WriteAt(p []byte, off int64) (int, error) {
	if need := int(off) + len(p); need > len(m.b) {
		m.b = append(m.b, make([]byte, need-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

// fetch has the client fetch the node's object, paying on info's channel.
func (e *env) fetch(n *minerNode, info challenge.ChannelInfo) (*challenge.FetchResult, *memOut, error) {
	e.t.Helper()
	rec, err := challenge.OpenPaymentRecord(e.t.TempDir())
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := challenge.NewClient(challenge.ClientOptions{Key: e.client, ReceiptKey: e.rkey, Record: rec, Shape: testShape,
		Channel: func(context.Context, string) (challenge.ChannelInfo, error) { return info, nil }, Log: testLog(e.t)})
	if err != nil {
		e.t.Fatal(err)
	}
	out := &memOut{}
	res, err := c.Fetch(e.ctx, n.obj, []string{n.addr}, out)
	return res, out, err
}

// rawHello says hello on info over a bare connection and reads everything
// the miner sends until it closes: the chunk bytes and its error frame.
func rawHello(t *testing.T, addr string, info challenge.ChannelInfo) (chunkBytes int, refusal *challenge.ErrorMsg) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	if err := challenge.WriteFrame(conn, &challenge.Hello{Version: uint16(challenge.WireVersion), Channel: info}); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := challenge.ReadMessage(conn, 0)
		if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
			return chunkBytes, refusal
		}
		if err != nil {
			t.Fatalf("reading the miner: %v", err)
		}
		switch m := m.(type) {
		case *challenge.Chunk:
			chunkBytes += len(m.Data)
		case *challenge.ErrorMsg:
			refusal = m
		case *challenge.HelloAck:
			t.Fatalf("hello acknowledged: %+v", m)
		}
	}
}

// checkRefused checks that the miner refuses info's channel for reason
// before any byte: over a bare connection (its only frame is the error)
// and through the client, whose error carries the reason.
func (e *env) checkRefused(t *testing.T, n *minerNode, info challenge.ChannelInfo, reason Reason, rule error) {
	t.Helper()
	got, frame := rawHello(t, n.addr, info)
	if got != 0 || frame == nil || frame.Code != challenge.CodeChannel {
		t.Fatalf("bare hello: %d chunk bytes, error frame %+v", got, frame)
	}
	re := &challenge.RemoteError{Code: frame.Code, Message: frame.Message}
	if re.RefusalReason() != string(reason) {
		t.Fatalf("bare hello refused with %q, want reason %s", frame.Message, reason)
	}
	res, out, err := e.fetch(n, info)
	if err == nil {
		t.Fatal("fetch succeeded")
	}
	if r := challenge.RefusalReason(err); r != string(reason) {
		t.Fatalf("client error %v: reason %q, want %q", err, r, reason)
	}
	var remote *challenge.RemoteError
	if !errors.As(err, &remote) || !errors.Is(err, challenge.ErrChannel) {
		t.Fatalf("client error %v does not carry the miner's error frame", err)
	}
	if res.Received != 0 || len(out.b) != 0 || res.Miners[0].Received != 0 {
		t.Fatalf("client received %d bytes", res.Received)
	}
	if st := n.Miner().Stats(); st.Unpaid != 0 || st.Exposure != 0 {
		t.Fatalf("miner stats after a refusal: %+v", st)
	}
	if ids, err := e.ledger.Channels(); err != nil || len(ids) != 0 {
		t.Fatalf("ledger holds %v after refusals (%v)", ids, err)
	}
	if rule != nil {
		// The miner's own view has the typed cause.
		_, aerr := n.Channels().Admit(e.ctx, info)
		if !errors.Is(aerr, rule) {
			t.Fatalf("admit: %v, want %v", aerr, rule)
		}
	}
	t.Logf("refused: %v", err)
}

func TestMinerRefusesUnknownChannel(t *testing.T) {
	e := newEnv(t, false)
	n := e.startMinerNode(16*testChunk, nil)
	price := big.NewInt(1)
	e.checkRefused(t, n, e.info(protocol.ElementFromUint64(987654321), price), ReasonUnknownChannel, protocol.ErrUnknownChannel)
}

func TestMinerRefusesForeignChannel(t *testing.T) {
	e := newEnv(t, false)
	n := e.startMinerNode(16*testChunk, nil)
	price := big.NewInt(1)
	foreign, _, err := e.m.Open(e.ctx, e.client, contracts.OpenParams{Miner: addrOf(e.other), KeyHash: e.keyHash(),
		PricePerByte: price, ChallengePeriod: time.Hour, Deposit: big.NewInt(1_000_000)})
	if err != nil {
		t.Fatal(err)
	}
	// The client claims the channel is with this miner; the chain says
	// it is with another.
	e.checkRefused(t, n, e.info(foreign, price), ReasonForeignMiner, protocol.ErrWrongMiner)
	// The client names the other miner outright.
	info := e.info(foreign, price)
	info.Miner = addrOf(e.other)
	e.checkRefused(t, n, info, ReasonForeignMiner, nil)
	// A channel with this miner but another receipt key than the hello's.
	mine := e.open(big.NewInt(1_000_000), price, time.Hour)
	otherKey, err := protocol.GenerateReceiptKey(prototest.NewSeeded(99))
	if err != nil {
		t.Fatal(err)
	}
	info = e.info(mine, price)
	info.ReceiptKey = otherKey.Public()
	got, frame := rawHello(t, n.addr, info)
	if got != 0 || frame == nil || (&challenge.RemoteError{Code: frame.Code, Message: frame.Message}).RefusalReason() != string(ReasonWrongKey) {
		t.Fatalf("other receipt key: %d bytes, %+v", got, frame)
	}
}

func TestMinerRefusesShortChallengePeriod(t *testing.T) {
	e := newEnv(t, false)
	n := e.startMinerNode(16*testChunk, nil) // needs 10 minutes
	price := big.NewInt(1)
	short := e.open(big.NewInt(1_000_000), price, time.Minute)
	e.checkRefused(t, n, e.info(short, price), ReasonShortPeriod, nil)
	// The same client on a channel with a long enough period is served.
	ok := e.open(big.NewInt(1_000_000), price, time.Hour)
	res, out, err := e.fetch(n, e.info(ok, price))
	if err != nil || !bytes.Equal(out.b, n.data) {
		t.Fatalf("fetch on an acceptable channel: %v (%+v)", err, res)
	}
}

// TestMinerStopsAtDeposit: a deposit that covers 10 of the object's 32
// chunks. The miner sends those 10 and no more, the client pays the two
// whole windows among them, and the miner's unpaid exposure (the cut-short
// window) is what the deposit still covers, within its credit. A second
// session gets nothing; the settler withdraws what was paid.
func TestMinerStopsAtDeposit(t *testing.T) {
	e := newEnv(t, false)
	n := e.startMinerNode(32*testChunk, nil)
	price := big.NewInt(3)
	const covered = 10 * testChunk
	deposit := big.NewInt(covered * 3)
	id := e.open(deposit, price, time.Hour)
	info := e.info(id, price)
	res, out, err := e.fetch(n, info)
	if err == nil {
		t.Fatal("fetch beyond the deposit succeeded")
	}
	if r := challenge.RefusalReason(err); r != challenge.ReasonInsufficientDeposit {
		t.Fatalf("client error %v: reason %q", err, r)
	}
	if res.Received != covered || len(out.b) != covered || !bytes.Equal(out.b, n.data[:covered]) {
		t.Fatalf("client received %d bytes, the deposit covers %d", res.Received, covered)
	}
	latest, err := e.ledger.Latest(id)
	if err != nil || latest == nil {
		t.Fatalf("ledger: %v", err)
	}
	paid := latest.Voucher.CumulativeBytes
	if paid != 8*testChunk || latest.Voucher.CumulativeAmount.Cmp(big.NewInt(8*testChunk*3)) != 0 {
		t.Fatalf("paid %d bytes, %s wei; want the two whole windows", paid, latest.Voucher.CumulativeAmount)
	}
	st := n.Miner().Stats()
	if st.Unpaid != covered-paid || st.Unpaid > covered || st.Exposure != 0 {
		t.Fatalf("miner stats %+v: unpaid should be the %d bytes of the cut-short window", st, covered-paid)
	}
	// The chain agrees: what was paid plus what is unpaid is the deposit.
	ch := e.channel(id)
	exposure := new(big.Int).Mul(new(big.Int).SetUint64(st.Unpaid), price)
	if sum := new(big.Int).Add(latest.Voucher.CumulativeAmount, exposure); sum.Cmp(ch.Deposit) != 0 {
		t.Fatalf("paid %s + unpaid %s wei != deposit %s", latest.Voucher.CumulativeAmount, exposure, ch.Deposit)
	}
	// Nothing more on this deposit: the next session is refused at hello
	// (once the miner has let go of the last one).
	got, frame := rawHello(t, n.addr, info)
	for i := 0; i < 100 && frame != nil && frame.Code == challenge.CodeBusy; i++ {
		time.Sleep(20 * time.Millisecond)
		got, frame = rawHello(t, n.addr, info)
	}
	if got != 0 || frame == nil || (&challenge.RemoteError{Code: frame.Code, Message: frame.Message}).RefusalReason() != challenge.ReasonInsufficientDeposit {
		t.Fatalf("second session: %d bytes, %+v", got, frame)
	}
	// The client closes; the node, left alone, withdraws what it was paid.
	if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
		t.Fatal(err)
	}
	ch = e.waitSettled(n, id, latest.Voucher.Nonce)
	if ch.Withdrawn.Cmp(latest.Voucher.CumulativeAmount) != 0 || ch.Remaining().Cmp(exposure) != 0 {
		t.Fatalf("on chain: withdrawn %s, remaining %s; want %s, %s", ch.Withdrawn, ch.Remaining(), latest.Voucher.CumulativeAmount, exposure)
	}
	// What `miner status` reads from the node's files and the chain.
	var status Status
	for deadline := time.Now().Add(10 * time.Second); status.Withdrawals == 0; time.Sleep(20 * time.Millisecond) {
		if status, err = ReadStatus(e.ctx, StatusOptions{Ledger: e.ledger, StateDir: filepath.Join(e.dir, "settler"), Manager: e.m}); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("journal shows no withdrawal: %+v", status)
		}
	}
	if len(status.Channels) != 1 || status.Proofs != 1 || status.Withdrawals != 1 || status.GasUsed == 0 {
		t.Fatalf("status %+v", status)
	}
	cs := status.Channels[0]
	if cs.BytesServed != paid || cs.PaidWei.Cmp(latest.Voucher.CumulativeAmount) != 0 || cs.ProvenNonce != latest.Voucher.Nonce ||
		cs.ProvenBytes != paid || cs.WithdrawnWei.Cmp(ch.Withdrawn) != 0 || cs.SettledNonce != latest.Voucher.Nonce ||
		cs.Journal != PhaseDone || cs.State != "closing" || cs.Next.Reason != ReasonNothingUnsettled {
		t.Fatalf("channel status %+v", cs)
	}
	if off, err := ReadStatus(e.ctx, StatusOptions{Ledger: e.ledger, StateDir: filepath.Join(e.dir, "settler")}); err != nil ||
		len(off.Channels) != 1 || off.Channels[0].Next.Reason != ReasonChainNotRead || off.Channels[0].SettledNonce != latest.Voucher.Nonce {
		t.Fatalf("status without the chain: %+v, %v", off, err)
	}
}

// waitSettled waits until the chain's settled nonce for id reaches nonce.
func (e *env) waitSettled(n *minerNode, id protocol.Element, nonce uint64) *contracts.Channel {
	e.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ch := e.channel(id)
		if ch.Nonce >= nonce {
			return ch
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("not settled: on chain nonce %d, want %d; status %+v", ch.Nonce, nonce, n.Status())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestMinerStopsWhenChannelCloses: the client starts a close in the middle
// of a session. The settler sees CloseStarted and refreshes the channel
// cache; at the next payment the miner sees the channel closing, sends no
// further chunk, collects the whole windows already sent, tells the client
// why, and withdraws the latest voucher by itself.
func TestMinerStopsWhenChannelCloses(t *testing.T) {
	e := newEnv(t, false)
	const credit = 8 * testChunk
	var id protocol.Element
	var node *minerNode
	closed := make(chan struct{})
	node = e.startMinerNode(64*testChunk, func(o *MinerNodeOptions) {
		o.Miner.CreditLimit = credit
		o.Miner.OnStep = func(info challenge.ChannelInfo, st protocol.Step) {
			if st.Voucher.Nonce != 1 {
				return
			}
			defer close(closed)
			if _, err := e.m.StartClose(e.ctx, e.client, id); err != nil {
				t.Error(err)
				return
			}
			// Wait for the event to reach the cache through the settler.
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if ch, err := node.Channels().Channel(e.ctx, id); err == nil && ch.State == contracts.StateClosing {
					return
				}
			}
			t.Error("the settler did not refresh the channel after CloseStarted")
		}
	})
	price := big.NewInt(1)
	id = e.open(big.NewInt(1_000_000), price, time.Hour)
	res, out, err := e.fetch(node, e.info(id, price))
	<-closed
	if err == nil {
		t.Fatal("session on a closing channel ran to the end")
	}
	if r := challenge.RefusalReason(err); r != string(ReasonNotOpen) {
		t.Fatalf("client error %v: reason %q, want %s", err, r, ReasonNotOpen)
	}
	// At most the credit went out after the window paid by nonce 1.
	if res.Received > 4*testChunk+credit || !bytes.Equal(out.b, node.data[:len(out.b)]) {
		t.Fatalf("client received %d bytes after a close at 4096", res.Received)
	}
	latest, err := e.ledger.Latest(id)
	if err != nil || latest == nil {
		t.Fatal(err)
	}
	if st := node.Miner().Stats(); st.Unpaid+latest.Voucher.CumulativeBytes != res.Received || st.Unpaid >= 4*testChunk {
		t.Fatalf("miner stats %+v, paid %d bytes, client received %d", st, latest.Voucher.CumulativeBytes, res.Received)
	}
	t.Logf("received %d bytes, paid %d (nonce %d)", res.Received, latest.Voucher.CumulativeBytes, latest.Voucher.Nonce)
	ch := e.waitSettled(node, id, latest.Voucher.Nonce)
	if ch.Withdrawn.Cmp(latest.Voucher.CumulativeAmount) != 0 {
		t.Fatalf("withdrawn %s, want %s", ch.Withdrawn, latest.Voucher.CumulativeAmount)
	}
}

// TestMinerRefusesWhileChainDown: with the chain unreadable, a new session
// is refused with the reason rather than served blind, and the settler
// counts the failures.
func TestMinerRefusesWhileChainDown(t *testing.T) {
	e := newEnv(t, false)
	n := e.startMinerNode(16*testChunk, func(o *MinerNodeOptions) { o.Channels.RPCTimeout = time.Second })
	price := big.NewInt(1)
	id := e.open(big.NewInt(1_000_000), price, time.Hour)
	e.sim.Close()
	got, frame := rawHello(t, n.addr, e.info(id, price))
	if got != 0 || frame == nil || (&challenge.RemoteError{Code: frame.Code, Message: frame.Message}).RefusalReason() != string(ReasonChainUnavailable) {
		t.Fatalf("chain down: %d bytes, %+v", got, frame)
	}
	for deadline := time.Now().Add(10 * time.Second); n.Status().RPCFailures == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the settler counted no RPC failure")
		}
	}
}
