package challenge

import (
	"context"
	"crypto/ecdsa"
	crand "crypto/rand"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// virtualWorld is a paying channel hub → miner as the miner's channel
// check reports it, and the hub's key, which signs the lane vouchers a
// route's Pay returns. (The chain itself is in node's and hubtest's
// tests; here the check's answer is what is under test.)
type virtualWorld struct {
	dom    protocol.ChainDomain
	hub    *ecdsa.PrivateKey
	miner  *ecdsa.PrivateKey
	paying protocol.Element
	chain  *protocol.ChainChannel
}

func newVirtualWorld(t *testing.T) *virtualWorld {
	w := &virtualWorld{dom: protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x1234")},
		hub: newKey(t), miner: newKey(t), paying: protocol.ElementFromUint64(77)}
	w.chain = &protocol.ChainChannel{Domain: w.dom, State: protocol.ChainOpen, Client: crypto.PubkeyToAddress(w.hub.PublicKey),
		Miner: crypto.PubkeyToAddress(w.miner.PublicKey), Payee: crypto.PubkeyToAddress(w.miner.PublicKey),
		PricePerByte: big.NewInt(5), Deposit: big.NewInt(1 << 30), Withdrawn: new(big.Int), LaneWithdrawn: new(big.Int),
		ChallengePeriod: time.Hour}
	return w
}

func (w *virtualWorld) check(_ context.Context, info ChannelInfo) (ChannelCheck, error) {
	if info.Virtual == nil || info.Virtual.Paying != w.paying {
		return ChannelCheck{}, nil
	}
	ch := *w.chain
	return ChannelCheck{OnChain: true, Deposit: new(big.Int).Set(ch.Deposit), Lane: &LaneTerms{
		Terms: protocol.ChannelTerms{ID: w.paying, Client: ch.Client, Miner: ch.Miner, PricePerByte: ch.PricePerByte, Domain: w.dom},
		Chain: &ch, ChainLane: &protocol.ChainLane{Withdrawn: new(big.Int)}, Committed: new(big.Int), Now: time.Now(),
		MinRemaining: time.Minute}}, nil
}

// route returns a client's Route paying lane `lane` with salt (random
// when zero); tweak alters each voucher before the hub signs it.
func (w *virtualWorld) route(c *testClient, salt [32]byte, lane uint32, tweak func(*protocol.LaneVoucher)) func(context.Context, string) (*VirtualRoute, error) {
	return func(ctx context.Context, addr string) (*VirtualRoute, error) {
		if salt == ([32]byte{}) {
			crand.Read(salt[:])
		}
		var pre [32]byte
		crand.Read(pre[:])
		b := VirtualBinding{Salt: salt, Paying: w.paying, Lane: lane, HashLock: protocol.HashLockOf(pre), Preimage: pre}
		miner := crypto.PubkeyToAddress(w.miner.PublicKey)
		vcid := protocol.VirtualChannelID(w.dom, c.Address(), miner, salt)
		var mu sync.Mutex
		var nonce uint64
		pay := func(_ context.Context, n uint64) (*protocol.LaneVoucher, error) {
			mu.Lock()
			nonce++
			lv := &protocol.LaneVoucher{ChannelID: w.paying, Lane: lane, Nonce: nonce, CumulativeAmount: new(big.Int).SetUint64(3 * n),
				CumulativeBytes: n, ValidUntil: uint64(time.Now().Add(30 * time.Minute).Unix()), HashLock: b.HashLock,
				Target: vcid, TargetKeyHash: c.ReceiptKeyHash()}
			mu.Unlock()
			if tweak != nil {
				tweak(lv)
			}
			return lv, lv.Sign(w.dom, w.hub)
		}
		return &VirtualRoute{Miner: miner, PricePerByte: big.NewInt(3), Binding: b, Pay: pay}, nil
	}
}

// TestVirtualSession: a client with no channel to the miner fetches
// through a route; the miner checks each lane voucher and keeps it with
// its step; a vcid serves one binding, a paying lane one vcid, and lane
// vouchers that underpay or outlive the paying channel's close are
// refused.
func TestVirtualSession(t *testing.T) {
	w := newVirtualWorld(t)
	data := content(40<<10, 5)
	store, obj := storeWith(t, data, 4096)
	m := startMiner(t, store, "", "", w.miner, func(o *MinerOptions) {
		o.CheckChannel, o.Domain, o.MinPrice = w.check, &w.dom, big.NewInt(3)
	})
	var salt [32]byte
	crand.Read(salt[:])
	client := func(salt [32]byte, lane uint32, tweak func(*protocol.LaneVoucher), as ...*testClient) *testClient {
		var c *testClient
		c = newClient(t, "", func(o *ClientOptions) {
			o.Domain = w.dom
			if len(as) > 0 {
				o.Key, o.ReceiptKey = as[0].key, as[0].rk
			}
			o.Route = func(ctx context.Context, addr string) (*VirtualRoute, error) {
				return w.route(c, salt, lane, tweak)(ctx, addr)
			}
		})
		return c
	}
	c := client(salt, 1, nil)
	got, _, err := fetchFile(t, c, obj, m.addr)
	if err != nil || string(got) != string(data) {
		t.Fatalf("virtual fetch: %v", err)
	}
	vcid := protocol.VirtualChannelID(w.dom, c.Address(), m.Address(), salt)
	if b, ok, err := m.ledger.Virtual(vcid); err != nil || !ok || b.Lane != 1 || b.Paying != w.paying || protocol.HashLockOf(b.Preimage) != b.HashLock {
		t.Fatalf("binding in the ledger: %+v %v %v", b, ok, err)
	}
	lv, err := m.ledger.LatestLane(vcid)
	if err != nil || lv == nil || lv.CumulativeBytes != uint64(len(data)) || lv.Target != vcid {
		t.Fatalf("latest lane voucher: %+v %v", lv, err)
	}
	if _, err := m.ledger.Session(vcid); err != nil {
		t.Fatalf("virtual session does not check: %v", err)
	}
	if held, err := m.ledger.LanesOn(w.paying); err != nil || len(held) != 1 || held[0].Channel != vcid || held[0].Latest == nil {
		t.Fatalf("lanes on the paying channel: %+v %v", held, err)
	}

	refused := func(name string, c *testClient, reason, text string) {
		t.Helper()
		_, res, err := fetchFile(t, c, obj, m.addr)
		if err == nil { // the bytes may all have arrived before the refusal: the miner's outcome says
			err = res.Miners[0].Err
		}
		if err == nil {
			t.Fatalf("%s: fetch succeeded", name)
		}
		if reason != "" && RefusalReason(err) != reason {
			t.Fatalf("%s: reason %q, want %q (%v)", name, RefusalReason(err), reason, err)
		}
		if text != "" && !strings.Contains(err.Error(), text) {
			t.Fatalf("%s: %v, want %q", name, err, text)
		}
	}
	// The same vcid (same client, same salt) on another lane.
	refused("vcid reused", client(salt, 2, nil, c), ReasonVirtualReused, "")
	// Another vcid on the lane that pays the first.
	refused("lane bound", client([32]byte{}, 1, nil), ReasonLaneBound, "")
	// Lane vouchers the miner cannot take.
	refused("underpaid", client([32]byte{}, 3, func(lv *protocol.LaneVoucher) {
		lv.CumulativeAmount = new(big.Int).SetUint64(2 * lv.CumulativeBytes)
	}), "", "amount below bytes × price")
	refused("beyond close", client([32]byte{}, 4, func(lv *protocol.LaneVoucher) {
		lv.ValidUntil = uint64(time.Now().Add(2 * time.Hour).Unix())
	}), "", "after the channel could close")
	refused("other hash lock", client([32]byte{}, 5, func(lv *protocol.LaneVoucher) {
		lv.HashLock = common.Hash{1}
	}), "", "another hash lock")
	for _, lane := range []uint32{3, 4, 5} {
		if id, ok, _ := m.ledger.LaneHolder(w.paying, lane); ok {
			t.Fatalf("lane %d bound to %s after refused payments", lane, id)
		}
	}
}

// FuzzVirtualBinding: the ledger's binding file (and a virtual hello's
// tail) decodes only to a binding that checks, and re-encodes to itself.
func FuzzVirtualBinding(f *testing.F) {
	pre := [32]byte{7}
	b := VirtualBinding{Salt: [32]byte{1}, Paying: protocol.ElementFromUint64(3), Lane: 1, HashLock: protocol.HashLockOf(pre), Preimage: pre}
	f.Add(b.Encode())
	b.HashLock, b.Preimage = common.Hash{}, [32]byte{}
	f.Add(b.Encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := DecodeVirtualBinding(data)
		if err != nil {
			return
		}
		if b.Check() != nil || string(b.Encode()) != string(data) {
			t.Fatal("binding accepted that does not check or round-trip")
		}
	})
}
