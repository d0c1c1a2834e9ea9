package node

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/hub"
)

// runHubNode starts hub 2 of a multiHop as a HubNode on dir and returns
// it with a stop function that waits for Run to return.
func runHubNode(t *testing.T, h *multiHop, nc *nats.Conn, dir string) (*HubNode, func()) {
	t.Helper()
	n, err := NewHubNode(HubNodeOptions{Key: h.hub2Key, Manager: h.m, NC: nc, StateDir: dir, Fee: h.fee2, ExpiryDelta: time.Minute,
		MinOutRemaining: 30 * time.Second, AnnounceInterval: -1, RequestTimeout: 5 * time.Second, GasKey: h.deployer,
		// One open channel to the miner: the one the setup opened is adopted.
		EnsureOut: []contracts.OpenParams{{Miner: addrOf(h.miner), PricePerByte: big.NewInt(1000), ChallengePeriod: mhPeriod,
			Deposit: big.NewInt(mhDeposit)}},
		Watch: contracts.WatchOptions{PollInterval: 50 * time.Millisecond}, ClaimInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	select {
	case <-n.Ready():
	case err := <-done:
		cancel()
		t.Fatalf("hub node: %v", err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("hub node run: %v", err)
		}
	}
	t.Cleanup(stop)
	return n, stop
}

// TestHubNodeRestart: hub 2 of client → hub 1 → hub 2 → miner is a
// HubNode. It adopts its channel to the miner (no second open), forwards
// the fetch's vouchers, and is stopped before anyone settles. While it is
// down the miner withdraws (proof and preimage on chain); the offline
// status already counts that withdrawal against the route's reservation.
// Restarted from its state directory, the node finds the same channel and
// route, claims its inbound lane from hub 1 by itself, and every amount
// is the route's to the wei.
func TestHubNodeRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hub2node")
	var node *HubNode
	var stop func()
	var nc2 *nats.Conn
	h := newMultiHop(t, func(h *multiHop, nc *nats.Conn) *hub.Hub {
		nc2 = nc
		node, stop = runHubNode(t, h, nc, dir)
		return node.Hub()
	})
	if out := node.OutChannels(); len(out) != 1 || out[0] != h.hub2Miner {
		t.Fatalf("outbound channels %v, want the adopted %s", out, h.hub2Miner)
	}
	got, _, routes, err := h.fetch(0)
	if err != nil || !bytes.Equal(got, h.data) {
		t.Fatalf("fetch through the hub node: %v", err)
	}
	want := hub.Amounts(mhObjBytes, h.minerPrice, []hub.Fee{h.fee1, h.fee2})
	st, err := node.Status(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	budget := hub.Amounts(mhObjBytes, h.minerPrice, nil)[0] // the route's outbound budget (MaxBytes = the object)
	if len(st.Routes) != 1 || st.Routes[0].State != "live" || st.Routes[0].OutWei != want[2].String() || st.Routes[0].InWei != want[1].String() ||
		st.Routes[0].FeeWei != h.fee2.On(want[2]).String() || st.Routes[0].Target != routes[0].Target.String() {
		t.Fatalf("routes %+v", st.Routes)
	}
	if len(st.Outbound) != 1 || st.Outbound[0].ReservedWei != budget.String() || st.Outbound[0].CommittedWei != want[2].String() ||
		len(st.Inbound) != 1 || st.Inbound[0].ID != h.hub1Hub2.String() || st.Inbound[0].CommittedWei != want[1].String() {
		t.Fatalf("channels: out %+v in %+v", st.Outbound, st.Inbound)
	}
	if b, err := json.Marshal(st); err != nil || !bytes.Contains(b, []byte(`"reserved_wei":"`+budget.String()+`"`)) {
		t.Fatalf("status JSON %s: %v", b, err)
	}
	stop()

	hub2Before := h.balance(h.hub2Key)
	if err := h.settler.Step(h.ctx); err != nil {
		t.Fatalf("miner settles: %v", err)
	}
	if lw := h.channel(h.hub2Miner).LaneWithdrawn; lw.Cmp(want[2]) != 0 {
		t.Fatalf("miner withdrew %s, want %s", lw, want[2])
	}
	off, err := ReadHubStatus(h.ctx, HubNodeOptions{Key: h.hub2Key, Manager: h.m, StateDir: dir, Fee: h.fee2})
	if err != nil {
		t.Fatal(err)
	}
	left := new(big.Int).Sub(budget, want[2])
	if len(off.Routes) != 1 || off.Routes[0].OutWithdrawnWei != want[2].String() || off.Routes[0].OutReservedWei != left.String() ||
		off.Outbound[0].ReservedWei != left.String() {
		t.Fatalf("offline status after the miner's withdrawal: routes %+v out %+v", off.Routes, off.Outbound)
	}

	node, stop = runHubNode(t, h, nc2, dir)
	if out := node.OutChannels(); len(out) != 1 || out[0] != h.hub2Miner {
		t.Fatalf("after restart: outbound channels %v, want %s", out, h.hub2Miner)
	}
	deadline := time.Now().Add(20 * time.Second)
	for node.Claimed() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if node.Claimed() != 1 {
		t.Fatalf("restarted hub node claimed %d lanes, want 1", node.Claimed())
	}
	if lw := h.channel(h.hub1Hub2).LaneWithdrawn; lw.Cmp(want[1]) != 0 {
		t.Fatalf("hub 2 claimed %s from hub 1, want %s", lw, want[1])
	}
	if got := new(big.Int).Sub(h.balance(h.hub2Key), hub2Before); got.Cmp(want[1]) != 0 {
		t.Fatalf("hub 2's balance moved by %s, want %s (its gas is paid by the gas key)", got, want[1])
	}
	stop()
	if r, err := h.m.LaneOf(h.ctx, h.hub1Hub2, routes[0].Lanes[0]); err != nil || r.Withdrawn.Cmp(want[1]) != 0 {
		t.Fatalf("lane on chain %+v: %v", r, err)
	}
}
