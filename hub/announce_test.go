package hub

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/protocol"
)

// TestAnnouncementRefused: forged or stale announcements are refused with
// their reason, checked against the chain; a good one is kept.
func TestAnnouncementRefused(t *testing.T) {
	e := newEnv(t)
	out := e.open(hubXIdx, e.addr(minerIdx), eth(1), minerPrice, hour)
	foreign := e.open(otherIdx, e.addr(minerIdx), eth(1), minerPrice, hour)
	h := e.hub(hubXIdx, feeX, []protocol.Element{out}, nil, "")
	d := e.directory()
	good, err := h.Announcement(e.ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(a HubAnnouncement, idx int) []byte {
		if err := a.Sign(e.domain, e.keys[idx]); err != nil {
			t.Fatal(err)
		}
		return a.Encode()
	}
	mod := func(f func(a *HubAnnouncement)) []byte {
		a := *good
		a.Channels = append([]AnnouncedChannel(nil), good.Channels...)
		f(&a)
		return sign(a, hubXIdx)
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"bad signature", sign(*good, otherIdx), ErrAnnounceSignature},
		{"channel not the hub's on chain", mod(func(a *HubAnnouncement) { a.Channels[0].ID = foreign }), ErrAnnounceChannel},
		{"another peer", mod(func(a *HubAnnouncement) { a.Channels[0].Peer = e.addr(otherIdx) }), ErrAnnounceChannel},
		{"capacity above the remaining deposit", mod(func(a *HubAnnouncement) { a.Channels[0].Free = new(big.Int).Add(eth(1), big.NewInt(1)) }), ErrAnnounceCapacity},
		{"too old", mod(func(a *HubAnnouncement) { a.IssuedAt = a.IssuedAt.Add(-time.Hour) }), ErrAnnounceExpired},
		{"oversized", append(good.Encode(), make([]byte, MaxAnnouncementSize)...), protocol.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := d.Accept(e.ctx, c.data)
			var ae *AnnouncementError
			if !errors.As(err, &ae) || !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			t.Logf("refused: %v", err)
		})
	}
	if _, ok := d.Hub(e.addr(hubXIdx)); ok {
		t.Fatal("a refused announcement was kept")
	}
	if _, err := d.Accept(e.ctx, good.Encode()); err != nil {
		t.Fatal(err)
	}
	t.Run("stale sequence", func(t *testing.T) {
		old := mod(func(a *HubAnnouncement) { a.Seq = 9 })
		for _, data := range [][]byte{good.Encode(), old} {
			if _, err := d.Accept(e.ctx, data); !errors.Is(err, ErrAnnounceStale) {
				t.Fatalf("got %v, want stale", err)
			}
		}
	})
	if a, ok := d.Hub(e.addr(hubXIdx)); !ok || a.Seq != 10 {
		t.Fatalf("directory holds %+v", a)
	}
}

// TestServiceAnnounces: a served hub announces itself on NATS on start and
// after a reservation; a subscribed directory takes both.
func TestServiceAnnounces(t *testing.T) {
	e := newEnv(t)
	out := e.open(hubXIdx, e.addr(minerIdx), eth(1), minerPrice, hour)
	in := e.open(clientIdx, e.addr(hubXIdx), eth(1), big.NewInt(2000), hour)
	d := e.directory()
	if err := d.Subscribe(e.connect()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	nc := e.connect()
	h := e.hub(hubXIdx, feeX, []protocol.Element{out}, nc, "")
	s, err := NewService(ServiceOptions{NC: nc, Hub: h, Workers: 2, AnnounceInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	waitFor(t, func() bool { _, ok := d.Hub(e.addr(hubXIdx)); return ok })
	first, _ := d.Hub(e.addr(hubXIdx))
	if len(first.Channels) != 1 || first.Channels[0].Free.Cmp(eth(1)) != 0 {
		t.Fatalf("announced %+v", first.Channels)
	}
	r := e.router(clientIdx, e.connect(), d, in)
	target, lock := randomTarget(t, 1)
	if _, err := r.Setup(e.ctx, e.addr(minerIdx), target, protocol.ElementFromUint64(9), lock, Budget{MaxBytes: testMaxBytes, MinerPrice: minerPrice}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		a, _ := d.Hub(e.addr(hubXIdx))
		return a.Seq > first.Seq && a.Channels[0].Free.Cmp(eth(1)) < 0
	})
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestForeignReplySubject: a request whose reply subject is a $ or
// bwproof. subject is dropped unanswered; a bad request is refused with
// its reason over the wire.
func TestForeignReplySubject(t *testing.T) {
	e := newEnv(t)
	out := e.open(hubXIdx, e.addr(minerIdx), eth(1), minerPrice, hour)
	nc := e.connect()
	h := e.hub(hubXIdx, feeX, []protocol.Element{out}, nc, "")
	svc := e.serve(h, nc)
	spy := e.connect()
	got := make(chan *nats.Msg, 4)
	for _, subj := range []string{"$JS.API.>", "bwproof.v1.verifier.>"} {
		if _, err := spy.ChanSubscribe(subj, got); err != nil {
			t.Fatal(err)
		}
	}
	if err := spy.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, reply := range []string{"$JS.API.STREAM.DELETE.x", "bwproof.v1.verifier.report"} {
		if err := spy.PublishRequest(Subject(h.Address(), "forward"), reply, []byte("junk")); err != nil {
			t.Fatal(err)
		}
	}
	// A request with a good reply subject is answered with its refusal.
	_, err := request(e.ctx, spy, h.Address(), "forward", []byte("junk"))
	wantReason(t, err, ReasonBadRequest, nil)
	waitFor(t, func() bool {
		n := 0
		for _, ep := range svc.svc.Stats().Endpoints {
			if ep.Name == "forward" {
				n += ep.NumRequests
			}
		}
		return n == 3
	})
	if err := spy.Flush(); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		t.Fatalf("the hub answered on %s", m.Subject)
	default:
	}
}

// TestJournalTornTail: a record cut by a crash is dropped at open, the
// records before it replay, and appends continue after them.
func TestJournalTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	j, err := OpenJournal(path, func([]byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"one", "two"} {
		if err := j.Append([]byte(r)); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte{0, 0, 0, 9, 1, 2, 3, 4, 'x'}) // a torn third record
	f.Close()
	var got []string
	replay := func(b []byte) error { got = append(got, string(b)); return nil }
	if j, err = OpenJournal(path, replay); err != nil {
		t.Fatal(err)
	}
	if err := j.Append([]byte("three")); err != nil {
		t.Fatal(err)
	}
	j.Close()
	got = nil
	if j, err = OpenJournal(path, replay); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if len(got) != 3 || got[2] != "three" {
		t.Fatalf("replayed %q", got)
	}
}

// TestAmounts: every leg's amount, rounded up, adds up to the client's.
func TestAmounts(t *testing.T) {
	fees := []Fee{{Base: big.NewInt(7), PPM: 333}, {PPM: 1}, {Base: big.NewInt(1)}}
	for _, b := range []uint64{0, 1, 999, 1 << 20, 123_456_789} {
		a := Amounts(b, big.NewInt(3), fees)
		total := new(big.Int).Set(a[3])
		for i := range fees {
			kept := new(big.Int).Sub(a[i], a[i+1])
			if kept.Cmp(fees[i].On(a[i+1])) != 0 {
				t.Fatalf("bytes %d hop %d keeps %s", b, i, kept)
			}
			// ceil: the fee is never below the exact share.
			exact := new(big.Rat).SetFrac(new(big.Int).Mul(a[i+1], big.NewInt(int64(fees[i].PPM))), big.NewInt(PPM))
			if new(big.Rat).SetInt(new(big.Int).Sub(kept, orZero(fees[i].Base))).Cmp(exact) < 0 {
				t.Fatalf("fee rounded down")
			}
			total.Add(total, kept)
		}
		if total.Cmp(a[0]) != 0 {
			t.Fatalf("bytes %d: legs add to %s, client pays %s", b, total, a[0])
		}
		if err := CheckCovers(a[0], a[1], fees[0]); err != nil {
			t.Fatal(err)
		}
		if err := CheckCovers(new(big.Int).Sub(a[0], big.NewInt(1)), a[1], fees[0]); !errors.Is(err, ErrFeeTooLow) {
			t.Fatalf("one wei short: %v", err)
		}
	}
}
