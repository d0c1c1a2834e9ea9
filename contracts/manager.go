package contracts

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts/channelmanager"
	"github.com/bwproof/bwproof/protocol"
)

// State is a channel's life-cycle state (ChannelManager.State).
type State uint8

// Channel states.
const (
	StateNone State = iota
	StateOpen
	StateClosing
	StateClosed
)

func (s State) String() string {
	switch s {
	case StateNone:
		return "none"
	case StateOpen:
		return "open"
	case StateClosing:
		return "closing"
	case StateClosed:
		return "closed"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// Channel is a channel's on-chain record.
type Channel struct {
	ID              protocol.Element
	Client          common.Address
	State           State
	ClosesAt        time.Time // end of the challenge period while closing
	Miner           common.Address
	Payee           common.Address // receives withdrawals: the miner's Owner or the miner
	PricePerByte    *big.Int
	Nonce           uint64           // last settled voucher nonce
	Withdrawn       *big.Int         // paid to the miner's payee so far by direct vouchers (lane 0)
	Deposit         *big.Int         // total locked, lane payments included
	LaneWithdrawn   *big.Int         // paid to the payee on lanes >= 1 (lanes.go)
	KeyHash         protocol.Element // client's receipt key hash
	Funder          common.Address
	ChallengePeriod time.Duration
}

// Manager talks to one deployed ChannelManager.
type Manager struct {
	chain  *Chain
	cm     *channelmanager.ChannelManager
	inst   *bind.BoundContract
	dec    *revertDecoder
	domain protocol.ChainDomain
}

// NewManager binds a deployed ChannelManager at addr.
func NewManager(ctx context.Context, chain *Chain, addr common.Address) (*Manager, error) {
	if err := chain.requireCode(ctx, addr); err != nil {
		return nil, err
	}
	cm := channelmanager.NewChannelManager()
	dec, err := newRevertDecoder(cm.GetABI())
	if err != nil {
		return nil, err
	}
	return &Manager{chain: chain, cm: cm, inst: cm.Instance(chain.backend, addr), dec: dec,
		domain: protocol.ChainDomain{ChainID: chain.ChainID(), Contract: addr}}, nil
}

// DeployManager deploys ChannelManager (the committed bytecode) using the
// Groth16 verifier at verifier, without batch settlement.
func DeployManager(ctx context.Context, chain *Chain, key *ecdsa.PrivateKey, verifier common.Address) (*Manager, *types.Receipt, error) {
	return DeployManagerBatch(ctx, chain, key, verifier, common.Address{}, 0)
}

// DeployManagerBatch deploys ChannelManager with the ByteCount verifier
// and the verifier of a Batch key set of the given slots (zero address and
// 0 slots: no batch settlement).
func DeployManagerBatch(ctx context.Context, chain *Chain, key *ecdsa.PrivateKey, verifier, batchVerifier common.Address, slots int) (*Manager, *types.Receipt, error) {
	cm := channelmanager.NewChannelManager()
	dec, err := newRevertDecoder(cm.GetABI())
	if err != nil {
		return nil, nil, err
	}
	bin := common.FromHex(channelmanager.ChannelManagerMetaData.Bin)
	addr, rcpt, err := chain.Deploy(ctx, key, "ChannelManager", bin, cm.PackConstructor(verifier, batchVerifier, big.NewInt(int64(slots))), dec.decode)
	if err != nil {
		return nil, rcpt, err
	}
	m, err := NewManager(ctx, chain, addr)
	return m, rcpt, err
}

// Address returns the contract address.
func (m *Manager) Address() common.Address { return m.inst.Address() }

// Domain returns the EIP-712 domain vouchers for this contract are signed in.
func (m *Manager) Domain() protocol.ChainDomain {
	return protocol.ChainDomain{ChainID: new(big.Int).Set(m.domain.ChainID), Contract: m.domain.Contract}
}

// Chain returns the chain the manager is on.
func (m *Manager) Chain() *Chain { return m.chain }

func (m *Manager) transact(ctx context.Context, key *ecdsa.PrivateKey, value *big.Int, what string, data []byte) (*types.Receipt, error) {
	return m.chain.send(ctx, key, value, what, func(o *bind.TransactOpts) (*types.Transaction, error) {
		return bind.Transact(m.inst, o, data)
	}, m.dec.decode)
}

func call[T any](ctx context.Context, m *Manager, what string, data []byte, unpack func([]byte) (T, error)) (T, error) {
	v, err := bind.Call(m.inst, &bind.CallOpts{Context: ctx}, data, unpack)
	if err != nil {
		return v, fmt.Errorf("%s: %w", what, m.dec.decode(err))
	}
	return v, nil
}

// OpenParams are a new channel's terms.
type OpenParams struct {
	Miner           common.Address
	KeyHash         protocol.Element // client's receipt key hash (PublicKey.Hash)
	PricePerByte    *big.Int         // wei per byte
	ChallengePeriod time.Duration    // whole seconds
	Deposit         *big.Int         // wei locked now (nil: none)
	// For, when set, opens the channel for this client, paid by the
	// sender, which must be the Owner the client named (openFor).
	For common.Address
}

// Open opens a channel and returns its id.
func (m *Manager) Open(ctx context.Context, key *ecdsa.PrivateKey, p OpenParams) (protocol.Element, *types.Receipt, error) {
	price := p.PricePerByte
	if price == nil {
		price = new(big.Int)
	}
	if p.ChallengePeriod < 0 || p.ChallengePeriod%time.Second != 0 {
		return protocol.Element{}, nil, fmt.Errorf("open: challenge period %v is not whole seconds", p.ChallengePeriod)
	}
	period := uint64(p.ChallengePeriod / time.Second)
	var data []byte
	var err error
	if p.For == (common.Address{}) {
		data, err = m.cm.TryPackOpen(p.Miner, p.KeyHash.Big(), price, period)
	} else {
		data, err = m.cm.TryPackOpenFor(p.For, p.Miner, p.KeyHash.Big(), price, period)
	}
	if err != nil {
		return protocol.Element{}, nil, fmt.Errorf("open: %w", err)
	}
	rcpt, err := m.transact(ctx, key, p.Deposit, "open", data)
	if err != nil {
		return protocol.Element{}, rcpt, err
	}
	for _, l := range rcpt.Logs {
		ev, err := m.cm.UnpackChannelOpenedEvent(l)
		if err != nil || l.Address != m.Address() {
			continue
		}
		id, err := protocol.ElementFromBig(ev.ChannelId)
		if err != nil {
			return protocol.Element{}, rcpt, fmt.Errorf("open: channel id: %w", err)
		}
		return id, rcpt, nil
	}
	return protocol.Element{}, rcpt, fmt.Errorf("open: no ChannelOpened event in %s", rcpt.TxHash)
}

// NextChannelID returns the id the next channel between client and miner
// gets (if no other channel is opened first).
func (m *Manager) NextChannelID(ctx context.Context, client, miner common.Address) (protocol.Element, error) {
	v, err := call(ctx, m, "next channel id", m.cm.PackNextChannelId(client, miner), m.cm.UnpackNextChannelId)
	if err != nil {
		return protocol.Element{}, err
	}
	return protocol.ElementFromBig(v)
}

// TopUp adds amount to an open channel's deposit (funder only).
func (m *Manager) TopUp(ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element, amount *big.Int) (*types.Receipt, error) {
	return m.transact(ctx, key, amount, "top up", m.cm.PackTopUp(id.Big()))
}

// Withdraw settles voucher v with proof (the 256-byte Solidity layout)
// and pays the channel's payee; key pays the gas (anyone may submit).
func (m *Manager) Withdraw(ctx context.Context, key *ecdsa.PrivateKey, v *protocol.Voucher, proof []byte) (*types.Receipt, error) {
	amount := v.CumulativeAmount
	if amount == nil {
		amount = new(big.Int)
	}
	data, err := m.cm.TryPackWithdraw(v.ChannelID.Big(), v.Nonce, amount, v.CumulativeBytes, v.Signature[:], proof)
	if err != nil {
		return nil, fmt.Errorf("withdraw: %w", err)
	}
	return m.transact(ctx, key, nil, "withdraw", data)
}

// WithdrawAttestation withdraws v with the proof in a, after checking that
// a proves v's channel, nonce and byte count.
func (m *Manager) WithdrawAttestation(ctx context.Context, key *ecdsa.PrivateKey, v *protocol.Voucher, a *attest.Attestation) (*types.Receipt, error) {
	if err := MatchAttestation(v, a); err != nil {
		return nil, err
	}
	proof, err := a.SolidityProof()
	if err != nil {
		return nil, fmt.Errorf("withdraw: %w", err)
	}
	return m.Withdraw(ctx, key, v, proof)
}

// MatchAttestation checks that a proves voucher v (channel, nonce, bytes).
func MatchAttestation(v *protocol.Voucher, a *attest.Attestation) error {
	switch {
	case a.ChannelID() != v.ChannelID:
		return fmt.Errorf("%w: channel %s, voucher %s", ErrMismatch, a.ChannelID(), v.ChannelID)
	case a.Nonce() != v.Nonce:
		return fmt.Errorf("%w: nonce %d, voucher %d", ErrMismatch, a.Nonce(), v.Nonce)
	case a.CumulativeBytes() != v.CumulativeBytes:
		return fmt.Errorf("%w: %d bytes, voucher %d", ErrMismatch, a.CumulativeBytes(), v.CumulativeBytes)
	}
	return nil
}

// StartClose starts the challenge period (client or funder).
func (m *Manager) StartClose(ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element) (*types.Receipt, error) {
	return m.transact(ctx, key, nil, "start close", m.cm.PackStartClose(id.Big()))
}

// Finalize closes a channel after its challenge period and refunds the
// funder (anyone may call it).
func (m *Manager) Finalize(ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element) (*types.Receipt, error) {
	return m.transact(ctx, key, nil, "finalize", m.cm.PackFinalize(id.Big()))
}

// CooperativeClose closes a channel at once (miner or its Owner).
func (m *Manager) CooperativeClose(ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element) (*types.Receipt, error) {
	return m.transact(ctx, key, nil, "cooperative close", m.cm.PackCooperativeClose(id.Big()))
}

// SetOwner names the Owner of the key's address (zero clears it).
func (m *Manager) SetOwner(ctx context.Context, key *ecdsa.PrivateKey, owner common.Address) (*types.Receipt, error) {
	return m.transact(ctx, key, nil, "set owner", m.cm.PackSetOwner(owner))
}

// RefreshPayee points an open channel's payee at its miner's current
// Owner (anyone may call it).
func (m *Manager) RefreshPayee(ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element) (*types.Receipt, error) {
	return m.transact(ctx, key, nil, "refresh payee", m.cm.PackRefreshPayee(id.Big()))
}

// OwnerOf returns the Owner a peer named (zero: none).
func (m *Manager) OwnerOf(ctx context.Context, peer common.Address) (common.Address, error) {
	return call(ctx, m, "owner of", m.cm.PackOwnerOf(peer), m.cm.UnpackOwnerOf)
}

// Channel reads a channel's record; ErrUnknownChannel if it does not exist.
func (m *Manager) Channel(ctx context.Context, id protocol.Element) (*Channel, error) {
	c, err := call(ctx, m, "get channel", m.cm.PackGetChannel(id.Big()), m.cm.UnpackGetChannel)
	if err != nil {
		return nil, err
	}
	if State(c.State) == StateNone {
		return nil, fmt.Errorf("channel %s: %w", id, &RevertError{Name: ErrUnknownChannel.Name})
	}
	kh, err := protocol.ElementFromBig(c.ClientProofKeyHash)
	if err != nil {
		return nil, fmt.Errorf("channel %s: key hash: %w", id, err)
	}
	ch := &Channel{ID: id, Client: c.Client, State: State(c.State), Miner: c.Miner, Payee: c.Payee,
		PricePerByte: c.PricePerByte, Nonce: c.Nonce, Withdrawn: c.Withdrawn, Deposit: c.Deposit,
		KeyHash: kh, Funder: c.Funder, ChallengePeriod: time.Duration(c.ChallengePeriod) * time.Second,
		LaneWithdrawn: c.LaneWithdrawn}
	if c.ClosesAt != 0 && c.ClosesAt <= math.MaxInt64 {
		ch.ClosesAt = time.Unix(int64(c.ClosesAt), 0).UTC()
	}
	return ch, nil
}

// VoucherDigest asks the contract for a voucher's EIP-712 digest (to
// check protocol.Voucher.Digest against it).
func (m *Manager) VoucherDigest(ctx context.Context, v *protocol.Voucher) (common.Hash, error) {
	amount := v.CumulativeAmount
	if amount == nil {
		amount = new(big.Int)
	}
	d, err := call(ctx, m, "voucher digest", m.cm.PackVoucherDigest(v.ChannelID.Big(), v.Nonce, amount, v.CumulativeBytes), m.cm.UnpackVoucherDigest)
	return common.Hash(d), err
}
