package node

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
)

// MinerNodeOptions configures a miner node.
type MinerNodeOptions struct {
	// Manager is the ChannelManager the node's channels live on
	// (required).
	Manager *contracts.Manager
	// Miner configures the data path: Store, Ledger and Key are required.
	// The node sets CheckChannel (ChainChannels) and Domain (the
	// manager's; a different one set here is an error).
	Miner challenge.MinerOptions
	// Channels configures the on-chain admission: MinChallengePeriod,
	// Payees, MinCredit, CacheTTL, RPCTimeout. The node sets Manager,
	// Miner, Ledger and Log.
	Channels ChainChannelsOptions
	// Settler configures the settlements: Keys (a proving key set) and
	// StateDir are required; Verifier, Policy, GasPrice, Watch,
	// PollInterval, MaxBackoff and Hooks are optional. The node sets
	// Manager, Key, Ledger, Channels and Log.
	Settler SettlerOptions
	Log     *slog.Logger
}

// MinerNode is a miner left alone against a chain: a challenge.Miner that
// serves only channels the chain backs (ChainChannels, asked at every
// hello and after every payment, its cache refreshed by the settler's
// events), never beyond their remaining deposit, and a Settler that proves
// and withdraws what clients paid, on a close, at the AutoSettle threshold
// or before a deadline.
type MinerNode struct {
	miner    *challenge.Miner
	channels *ChainChannels
	settler  *Settler
	log      *slog.Logger
	closeMu  sync.Mutex
	closed   bool
}

// NewMinerNode checks opts and builds the node's parts; Run starts them.
func NewMinerNode(opts MinerNodeOptions) (*MinerNode, error) {
	mo := opts.Miner
	if opts.Manager == nil || mo.Ledger == nil || mo.Key == nil || mo.Store == nil {
		return nil, fmt.Errorf("%w: a miner node needs a manager, a store, a ledger and a key", ErrConfig)
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	domain := opts.Manager.Domain()
	if d := mo.Domain; d != nil && (d.Contract != domain.Contract || d.ChainID == nil || d.ChainID.Cmp(domain.ChainID) != 0) {
		return nil, fmt.Errorf("%w: miner domain (chain %s, contract %s) is not the manager's (chain %s, contract %s)",
			ErrConfig, d.ChainID, d.Contract, domain.ChainID, domain.Contract)
	}
	addr := crypto.PubkeyToAddress(mo.Key.PublicKey)
	co := opts.Channels
	co.Manager, co.Miner, co.Ledger = opts.Manager, addr, mo.Ledger
	if co.Log == nil {
		co.Log = opts.Log
	}
	channels, err := NewChainChannels(co)
	if err != nil {
		return nil, err
	}
	so := opts.Settler
	so.Manager, so.Key, so.Ledger, so.Channels = opts.Manager, mo.Key, mo.Ledger, channels
	if so.Log == nil {
		so.Log = opts.Log
	}
	settler, err := NewSettler(so)
	if err != nil {
		return nil, err
	}
	mo.Domain = &domain
	mo.CheckChannel = channels.CheckChannel
	if mo.Log == nil {
		mo.Log = opts.Log
	}
	miner, err := challenge.NewMiner(mo)
	if err != nil {
		settler.Close()
		return nil, err
	}
	opts.Log.Info("miner node", "miner", addr.Hex(), "contract", domain.Contract.Hex(), "chain_id", domain.ChainID,
		"min_challenge_period", channels.opts.MinChallengePeriod, "settle_threshold_wei", so.Policy.SettleThreshold,
		"max_gas_price_wei", so.Policy.MaxGasPrice, "deadline_margin", settler.margin(),
		"confirmations", so.Watch.Confirmations, "verifier", so.Verifier != nil)
	return &MinerNode{miner: miner, channels: channels, settler: settler, log: opts.Log}, nil
}

// Miner is the node's data path (Stats, Address).
func (n *MinerNode) Miner() *challenge.Miner { return n.miner }

// Channels is the node's on-chain admission and cache.
func (n *MinerNode) Channels() *ChainChannels { return n.channels }

// Settler is the node's settler (Status, Step).
func (n *MinerNode) Settler() *Settler { return n.settler }

// Status is the settler's status (per channel: served, paid, proven,
// withdrawn, the next settlement and why; counters).
func (n *MinerNode) Status() Status { return n.settler.Status() }

// Run serves clients on ln and settles until ctx ends (or serving
// fails), then stops both and waits for them. Close releases the node
// afterwards.
func (n *MinerNode) Run(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { n.settler.Run(ctx) })
	err := n.miner.Serve(ctx, ln)
	cancel()
	n.miner.Close()
	wg.Wait()
	return err
}

// Close closes the miner's connections and the settler's journal.
func (n *MinerNode) Close() error {
	n.closeMu.Lock()
	defer n.closeMu.Unlock()
	if n.closed {
		return nil
	}
	n.closed = true
	n.miner.Close()
	return n.settler.Close()
}
