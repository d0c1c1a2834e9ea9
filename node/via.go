package node

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/protocol"
)

// MinerTerms are what a client must know of a miner it pays through hubs
// (it has no channel to read them from): its address (part of the
// virtual channel id) and its price per byte.
type MinerTerms struct {
	Address      common.Address
	PricePerByte *big.Int
}

// ViaHubsOptions configures ViaHubs.
type ViaHubsOptions struct {
	Router *hub.Router // required: the client's router over its channels to hubs
	Domain protocol.ChainDomain
	// Client and KeyHash are the client's voucher address and receipt
	// key hash (challenge.Client.Address, ReceiptKeyHash).
	Client  common.Address
	KeyHash protocol.Element
	// Miners gives the terms of the miner at each network address.
	Miners map[string]MinerTerms
	// MaxBytes is each route's budget in bytes (the object's size).
	MaxBytes uint64
}

// ViaHubs turns a hub.Router into challenge.ClientOptions.Route (what
// `bwproof client fetch --via` plugs in): for each miner it picks a fresh
// salt and preimage, sets a route up for the virtual channel (target =
// vcid, target key hash = the client's receipt key hash, the preimage's
// hash lock, MaxBytes at the miner's price) and pays through it.
type ViaHubs struct {
	opts ViaHubsOptions

	mu     sync.Mutex
	payers []*hub.Payer
}

// NewViaHubs checks opts.
func NewViaHubs(opts ViaHubsOptions) (*ViaHubs, error) {
	if opts.Router == nil || opts.Domain.ChainID == nil || opts.Client == (common.Address{}) || opts.MaxBytes == 0 {
		return nil, fmt.Errorf("%w: routing via hubs needs a router, a domain, the client and a byte budget", ErrConfig)
	}
	return &ViaHubs{opts: opts}, nil
}

// Route is challenge.ClientOptions.Route.
func (v *ViaHubs) Route(ctx context.Context, addr string) (*challenge.VirtualRoute, error) {
	m, ok := v.opts.Miners[addr]
	if !ok || m.PricePerByte == nil {
		return nil, fmt.Errorf("%w: terms of the miner at %s unknown", ErrConfig, addr)
	}
	var salt, pre [32]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return nil, err
	}
	if _, err := rand.Read(pre[:]); err != nil {
		return nil, err
	}
	lock := protocol.HashLockOf(pre)
	vcid := protocol.VirtualChannelID(v.opts.Domain, v.opts.Client, m.Address, salt)
	p, err := v.opts.Router.Setup(ctx, m.Address, vcid, v.opts.KeyHash, lock, hub.Budget{MaxBytes: v.opts.MaxBytes, MinerPrice: m.PricePerByte})
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	v.payers = append(v.payers, p)
	v.mu.Unlock()
	info := p.Route()
	return &challenge.VirtualRoute{Miner: m.Address, PricePerByte: new(big.Int).Set(m.PricePerByte),
		Binding: challenge.VirtualBinding{Salt: salt, Paying: info.MinerChannel, Lane: info.MinerLane, HashLock: lock, Preimage: pre},
		Pay:     p.Pay}, nil
}

// Routes returns the routes set up so far (with the failures tried
// before each).
func (v *ViaHubs) Routes() []hub.RouteInfo {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]hub.RouteInfo, len(v.payers))
	for i, p := range v.payers {
		out[i] = p.Route()
	}
	return out
}

// Close releases the routes' budgets in the router.
func (v *ViaHubs) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, p := range v.payers {
		p.Close()
	}
	v.payers = nil
}
