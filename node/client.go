package node

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// Client-side errors, checkable with errors.Is.
var (
	// ErrNoChannel: no channel to pay the miner on, and none may be opened.
	ErrNoChannel = errors.New("node: no channel with the miner")
	// ErrNotClosing: finalize asked for a channel whose close was not started.
	ErrNotClosing = errors.New("node: channel is not closing")
	// ErrAlreadyClosed: the channel is closed already.
	ErrAlreadyClosed = errors.New("node: channel already closed")
	// ErrTooEarly matches every *TooEarlyError.
	ErrTooEarly = errors.New("node: challenge period not over")
)

// TooEarlyError is a finalize before the challenge period ends.
type TooEarlyError struct {
	Channel  protocol.Element
	ClosesAt time.Time // end of the challenge period
	Now      time.Time // the chain's head time
}

// Remaining is the time left in the challenge period.
func (e *TooEarlyError) Remaining() time.Duration { return e.ClosesAt.Sub(e.Now) }

func (e *TooEarlyError) Error() string {
	return fmt.Sprintf("%v: channel %s can be finalized at %s, in %s (chain time %s)", ErrTooEarly, e.Channel,
		e.ClosesAt.UTC().Format(time.RFC3339), e.Remaining(), e.Now.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrTooEarly) match.
func (e *TooEarlyError) Is(target error) bool { return target == ErrTooEarly }

// OpenTerms are the terms of channels a client opens itself.
type OpenTerms struct {
	Deposit         *big.Int
	PricePerByte    *big.Int
	ChallengePeriod time.Duration
}

// TopUpPolicy says whether and how much a client adds to a deposit that
// runs short during a fetch. The zero value never tops up.
type TopUpPolicy struct {
	// Amount, when set, is added each time the deposit runs short.
	Amount *big.Int
	// Auto adds what the rest of the object costs beyond the deposit.
	Auto bool
}

func (p TopUpPolicy) enabled() bool { return p.Auto || (p.Amount != nil && p.Amount.Sign() > 0) }

// ClientChannelsOptions configures ClientChannels.
type ClientChannelsOptions struct {
	Manager    *contracts.Manager       // required
	Key        *ecdsa.PrivateKey        // the client's voucher key; it also pays to open and top up (required)
	ReceiptKey protocol.PublicKey       // the client's receipt key (required)
	Record     *challenge.PaymentRecord // the client's record: channels used before (required)
	Shape      protocol.Shape           // window shape of the contract's circuit (required)
	// Given are channels opened beforehand, by miner host:port.
	Given map[string]protocol.Element
	// Miners are the miners' Ethereum addresses by host:port: a channel
	// found must be with that miner, and opening one needs it.
	Miners map[string]common.Address
	// Open, when set, opens a channel with a miner that has none.
	Open  *OpenTerms
	TopUp TopUpPolicy
	// Chosen, when set, is told about each channel picked.
	Chosen func(ChannelChoice)
	Log    *slog.Logger
}

// ChannelChoice is the channel a client pays a miner on.
type ChannelChoice struct {
	Addr    string // the miner's host:port
	Channel *contracts.Channel
	How     string   // "given", "used before", "opened now, tx …"
	Owed    *big.Int // the client's latest voucher on it
	Left    *big.Int // deposit − owed
}

// ClientChannels finds, checks or opens the ChannelManager channels a
// client pays miners on, and gives the challenge client the on-chain view
// it checks every voucher against (and the top-ups it is allowed). Apply
// plugs it into challenge.ClientOptions.
type ClientChannels struct {
	opts    ClientChannelsOptions
	client  common.Address
	keyHash protocol.Element
}

// NewClientChannels checks opts.
func NewClientChannels(opts ClientChannelsOptions) (*ClientChannels, error) {
	if opts.Manager == nil || opts.Key == nil || opts.Record == nil {
		return nil, fmt.Errorf("%w: client channels need a manager, the voucher key and the payment record", ErrConfig)
	}
	if err := opts.Shape.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	kh, err := opts.ReceiptKey.Hash()
	if err != nil {
		return nil, fmt.Errorf("%w: receipt key: %w", ErrConfig, err)
	}
	if o := opts.Open; o != nil && (o.Deposit == nil || o.PricePerByte == nil) {
		return nil, fmt.Errorf("%w: opening channels needs a deposit and a price", ErrConfig)
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &ClientChannels{opts: opts, client: crypto.PubkeyToAddress(opts.Key.PublicKey), keyHash: kh}, nil
}

// Apply makes the challenge client pay on these channels: their domain,
// the Channel and ChainState hooks, and TopUp when the policy allows.
func (c *ClientChannels) Apply(o *challenge.ClientOptions) {
	o.Domain = c.opts.Manager.Domain()
	o.Channel = c.Channel
	o.ChainState = c.ChainState
	if c.opts.TopUp.enabled() {
		o.TopUp = c.TopUp
	}
}

func (c *ClientChannels) terms(id protocol.Element, miner common.Address, price *big.Int) protocol.ChannelTerms {
	return protocol.ChannelTerms{ID: id, Client: c.client, Miner: miner, PricePerByte: price,
		Domain: c.opts.Manager.Domain(), KeyHash: c.keyHash}
}

// Channel returns the channel to pay the miner at addr on (the
// challenge.ClientOptions.Channel hook): the one given, the one used
// before if still open, or one opened now. The chain is the authority on
// the terms: the channel must pass protocol.CheckChannel for this client,
// its receipt key and (when known) the miner, and its deposit must cover
// more than the client already promised unless it may top up.
func (c *ClientChannels) Channel(ctx context.Context, addr string) (challenge.ChannelInfo, error) {
	id, how, err := c.pick(ctx, addr)
	if err != nil {
		return challenge.ChannelInfo{}, err
	}
	ch, err := c.opts.Manager.Channel(ctx, id)
	if err != nil {
		return challenge.ChannelInfo{}, fmt.Errorf("channel %s: %w", id, err)
	}
	miner := c.opts.Miners[addr] // zero: not checked
	vc := protocol.VoucherContext{Terms: c.terms(id, miner, ch.PricePerByte), Chain: ch.OnChain(c.opts.Manager.Domain())}
	if err := protocol.CheckChannel(&vc); err != nil {
		if errors.Is(err, protocol.ErrWrongReceiptKey) {
			// The likeliest mistake: say which key the channel wants.
			return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s expects receipt key hash %s, the receipt key's is %s: %w",
				challenge.ErrChannel, id, ch.KeyHash, c.keyHash, err)
		}
		return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s with the miner at %s: %w", challenge.ErrChannel, id, addr, err)
	}
	owed := new(big.Int)
	if latest, err := c.opts.Record.LatestStep(id); err != nil {
		return challenge.ChannelInfo{}, err
	} else if latest != nil {
		owed.Set(latest.Voucher.CumulativeAmount)
	}
	if owed.Cmp(ch.Withdrawn) < 0 {
		owed.Set(ch.Withdrawn)
	}
	left := new(big.Int).Sub(ch.Deposit, owed)
	if !c.opts.TopUp.enabled() && left.Cmp(ch.PricePerByte) < 0 {
		// Not one more byte fits: the deposit is used up.
		need := new(big.Int).Add(owed, ch.PricePerByte)
		return challenge.ChannelInfo{}, fmt.Errorf("channel %s with the miner at %s: %w", id, addr,
			&protocol.InsufficientFundsError{Amount: need, Deposit: new(big.Int).Set(ch.Deposit), Shortfall: new(big.Int).Sub(need, ch.Deposit)})
	}
	if c.opts.Chosen != nil {
		c.opts.Chosen(ChannelChoice{Addr: addr, Channel: ch, How: how, Owed: owed, Left: left})
	}
	c.opts.Log.Info("channel", "miner", addr, "channel", id, "how", how, "deposit", ch.Deposit, "left", left)
	return challenge.ChannelInfo{ID: id, Client: c.client, Miner: ch.Miner, ReceiptKey: c.opts.ReceiptKey,
		PricePerByte: ch.PricePerByte, Domain: c.opts.Manager.Domain(), Shape: c.opts.Shape}, nil
}

// pick chooses the channel for the miner at addr.
func (c *ClientChannels) pick(ctx context.Context, addr string) (protocol.Element, string, error) {
	if id, ok := c.opts.Given[addr]; ok {
		return id, "given", nil
	}
	dom := c.opts.Manager.Domain()
	if info, ok, err := c.opts.Record.ChannelFor(addr); err != nil {
		return protocol.Element{}, "", err
	} else if ok && info.Domain.Contract == dom.Contract && info.Domain.ChainID != nil && info.Domain.ChainID.Cmp(dom.ChainID) == 0 {
		ch, err := c.opts.Manager.Channel(ctx, info.ID)
		if err == nil {
			vc := protocol.VoucherContext{Terms: c.terms(info.ID, c.opts.Miners[addr], ch.PricePerByte), Chain: ch.OnChain(dom)}
			if protocol.CheckChannel(&vc) == nil {
				return info.ID, "used before", nil
			}
		}
	}
	o := c.opts.Open
	if o == nil {
		return protocol.Element{}, "", fmt.Errorf("%w at %s (give one, or a deposit to open one)", ErrNoChannel, addr)
	}
	miner, ok := c.opts.Miners[addr]
	if !ok {
		return protocol.Element{}, "", fmt.Errorf("%w at %s: opening one needs the miner's address", ErrNoChannel, addr)
	}
	id, r, err := c.opts.Manager.Open(ctx, c.opts.Key, contracts.OpenParams{Miner: miner, KeyHash: c.keyHash,
		PricePerByte: o.PricePerByte, ChallengePeriod: o.ChallengePeriod, Deposit: o.Deposit})
	if err != nil {
		return protocol.Element{}, "", fmt.Errorf("open a channel with %s: %w", miner, err)
	}
	return id, fmt.Sprintf("opened now, tx %s", r.TxHash), nil
}

// ChainState reads the channel as protocol.CheckVoucher judges vouchers
// against it (the challenge.ClientOptions.ChainState hook).
func (c *ClientChannels) ChainState(ctx context.Context, info challenge.ChannelInfo) (*protocol.ChainChannel, error) {
	ch, err := c.opts.Manager.Channel(ctx, info.ID)
	if err != nil {
		return nil, err
	}
	return ch.OnChain(c.opts.Manager.Domain()), nil
}

// TopUp adds to the deposit as the policy says (the
// challenge.ClientOptions.TopUp hook): the policy's Amount, or with Auto
// need, what the rest of the object costs. The voucher key pays: it must
// be the channel's funder.
func (c *ClientChannels) TopUp(ctx context.Context, info challenge.ChannelInfo, need *big.Int) error {
	amount := c.opts.TopUp.Amount
	if c.opts.TopUp.Auto && (amount == nil || amount.Cmp(need) < 0) {
		amount = need
	}
	if amount == nil || amount.Sign() <= 0 {
		return fmt.Errorf("%w: no top-up allowed", ErrConfig)
	}
	r, err := c.opts.Manager.TopUp(ctx, c.opts.Key, info.ID, amount)
	if err != nil {
		return err
	}
	c.opts.Log.Info("topped up", "channel", info.ID, "amount", amount, "need", need, "tx", r.TxHash, "gas", r.GasUsed)
	return nil
}

// CloseResult is a close started on chain.
type CloseResult struct {
	Channel         protocol.Element `json:"channel"`
	TxHash          common.Hash      `json:"tx"`
	Block           uint64           `json:"block"`
	GasUsed         uint64           `json:"gas_used"`
	ClosesAt        time.Time        `json:"closes_at"`
	ChallengePeriod time.Duration    `json:"challenge_period_ns"`
	Deposit         *big.Int         `json:"deposit"`
	Withdrawn       *big.Int         `json:"withdrawn"`
}

// StartClose starts the channel's challenge period; key is the client's
// or the funder's. After ClosesAt, Finalize refunds the funder what the
// miner did not withdraw by then.
func StartClose(ctx context.Context, m *contracts.Manager, key *ecdsa.PrivateKey, id protocol.Element) (*CloseResult, error) {
	r, err := m.StartClose(ctx, key, id)
	if err != nil {
		return nil, fmt.Errorf("start close of %s: %w", id, err)
	}
	ch, err := m.Channel(ctx, id)
	if err != nil {
		return nil, err
	}
	return &CloseResult{Channel: id, TxHash: r.TxHash, Block: r.BlockNumber.Uint64(), GasUsed: r.GasUsed,
		ClosesAt: ch.ClosesAt, ChallengePeriod: ch.ChallengePeriod, Deposit: ch.Deposit, Withdrawn: ch.Withdrawn}, nil
}

// FinalizeOptions configures Finalize.
type FinalizeOptions struct {
	// Watch waits for the challenge period to end instead of returning a
	// *TooEarlyError.
	Watch bool
	// PollInterval is how often a watch reads the chain head (default 2 s).
	PollInterval time.Duration
	// Waiting, when set, is told how long is left each time a watch reads
	// the head.
	Waiting func(*TooEarlyError)
}

// FinalizeResult is a channel closed and its funder refunded.
type FinalizeResult struct {
	Channel   protocol.Element `json:"channel"`
	TxHash    common.Hash      `json:"tx"`
	Block     uint64           `json:"block"`
	GasUsed   uint64           `json:"gas_used"`
	Funder    common.Address   `json:"funder"`
	Refund    *big.Int         `json:"refund"`     // to the funder: deposit − withdrawn
	Withdrawn *big.Int         `json:"miner_paid"` // to the miner's payee, in total
}

// Finalize closes a channel whose challenge period is over and refunds its
// funder (key pays the gas; anyone may). Too early, it returns a
// *TooEarlyError with the time left, or with Watch waits for the chain's
// head to pass the end of the period. The refund is the one the contract's
// ChannelClosed event reports.
func Finalize(ctx context.Context, m *contracts.Manager, key *ecdsa.PrivateKey, id protocol.Element, opts FinalizeOptions) (*FinalizeResult, error) {
	if opts.PollInterval <= 0 {
		opts.PollInterval = 2 * time.Second
	}
	for {
		ch, err := m.Channel(ctx, id)
		if err != nil {
			return nil, err
		}
		switch ch.State {
		case contracts.StateOpen:
			return nil, fmt.Errorf("%w: channel %s is open: start a close first", ErrNotClosing, id)
		case contracts.StateClosed:
			return nil, fmt.Errorf("%w: channel %s", ErrAlreadyClosed, id)
		}
		h, err := m.Chain().Backend().HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: head: %w", ErrChainUnavailable, err)
		}
		// The contract compares block.timestamp with closesAt: the next
		// block is later than the head, so a head at closesAt suffices.
		now := time.Unix(int64(h.Time), 0).UTC()
		if now.Before(ch.ClosesAt) {
			early := &TooEarlyError{Channel: id, ClosesAt: ch.ClosesAt, Now: now}
			if !opts.Watch {
				return nil, early
			}
			if opts.Waiting != nil {
				opts.Waiting(early)
			}
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("%w (%w)", ctx.Err(), early)
			case <-time.After(min(opts.PollInterval, max(early.Remaining(), 10*time.Millisecond))):
			}
			continue
		}
		r, err := m.Finalize(ctx, key, id)
		if err != nil {
			return nil, fmt.Errorf("finalize %s: %w", id, err)
		}
		res := &FinalizeResult{Channel: id, TxHash: r.TxHash, Block: r.BlockNumber.Uint64(), GasUsed: r.GasUsed, Funder: ch.Funder}
		evs, err := m.Watch(contracts.WatchOptions{FromBlock: res.Block}).Poll(ctx)
		if err != nil {
			return nil, fmt.Errorf("finalized in tx %s, reading its event: %w", r.TxHash, err)
		}
		for _, ev := range evs {
			if ev.Kind == contracts.EventClosed && ev.Channel == id && ev.TxHash == r.TxHash {
				res.Refund, res.Withdrawn = ev.Refund, ev.MinerTotal
			}
		}
		if res.Refund == nil {
			return nil, fmt.Errorf("finalized in tx %s, but no ChannelClosed event found", r.TxHash)
		}
		return res, nil
	}
}
