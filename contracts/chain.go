package contracts

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// Backend is what the adapter needs from a node: bind's contract backend,
// receipts, the chain id and balances. *ethclient.Client and the
// simulated backend's client both satisfy it.
type Backend interface {
	bind.ContractBackend
	ethereum.TransactionReader
	ethereum.ChainIDReader
	BalanceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (*big.Int, error)
}

// ChainOptions configures a Chain.
type ChainOptions struct {
	Backend Backend
	// Seal mines a block; set it for a chain that does not mine on its own
	// (the embedded simulated chain). Nil for a real node.
	Seal func()
	// Close releases the backend (optional).
	Close func() error
	// ReceiptTimeout bounds the wait for a transaction to be mined
	// (default 2 minutes).
	ReceiptTimeout time.Duration
	// PollInterval is how often a receipt is asked for (default 1 s).
	PollInterval time.Duration
	Log          *slog.Logger
}

// Chain sends transactions and waits for their receipts on one chain.
type Chain struct {
	backend Backend
	seal    func()
	close   func() error
	chainID *big.Int
	timeout time.Duration
	poll    time.Duration
	log     *slog.Logger
}

// NewChain returns a Chain over opts.Backend.
func NewChain(ctx context.Context, opts ChainOptions) (*Chain, error) {
	if opts.Backend == nil {
		return nil, errors.New("contracts: chain needs a backend")
	}
	id, err := opts.Backend.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("contracts: chain id: %w", err)
	}
	c := &Chain{backend: opts.Backend, seal: opts.Seal, close: opts.Close, chainID: id,
		timeout: opts.ReceiptTimeout, poll: opts.PollInterval, log: opts.Log}
	if c.timeout <= 0 {
		c.timeout = 2 * time.Minute
	}
	if c.poll <= 0 {
		c.poll = time.Second
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Dial connects to a JSON-RPC node (http, ws or ipc); opts.Backend and
// opts.Close are set by Dial.
func Dial(ctx context.Context, url string, opts ChainOptions) (*Chain, error) {
	cl, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("contracts: dial %s: %w", url, err)
	}
	opts.Backend, opts.Close = cl, func() error { cl.Close(); return nil }
	c, err := NewChain(ctx, opts)
	if err != nil {
		cl.Close()
		return nil, err
	}
	return c, nil
}

// SimulatedOptions configures an embedded simulated chain.
type SimulatedOptions struct {
	// Alloc funds accounts at genesis.
	Alloc types.GenesisAlloc
	// Config is the chain's fork schedule. Nil: MainnetRules(), so gas
	// costs are what Ethereum mainnet charges today.
	Config *params.ChainConfig
	// GasLimit is the block gas limit (default: go-ethereum's).
	GasLimit uint64
	// HTTPHost and HTTPPort, when HTTPPort is set, serve the chain's
	// JSON-RPC (eth, net, web3) over HTTP, for other processes (a dev
	// chain). Keep the host on loopback.
	HTTPHost string
	HTTPPort int
	// AutoMine, when set, seals a block whenever transactions sent by
	// others (over RPC) are pending, checking at this interval.
	AutoMine time.Duration
	Log      *slog.Logger

	hook func(*node.Config, *ethconfig.Config) // tests: tracing
}

// MainnetRules is go-ethereum's dev-chain configuration (chain id 1337,
// every fork from genesis) limited to the forks Ethereum mainnet runs:
// up to Osaka. go-ethereum's own simulated default also enables the
// unreleased Amsterdam/Bogota forks, whose state-access repricing
// (EIP-8037/8038) changes gas costs.
func MainnetRules() *params.ChainConfig {
	c := *params.AllDevChainProtocolChanges
	c.AmsterdamTime = nil
	c.BogotaTime = nil
	return &c
}

// Simulated is an embedded go-ethereum chain (chain id 1337) that seals a
// block after every transaction the Chain sends.
type Simulated struct {
	*Chain
	sb *simulated.Backend

	mu   sync.Mutex // the simulated beacon's Commit is not safe for concurrent use
	stop chan struct{}
	done chan struct{}
}

// NewSimulated starts an embedded simulated chain. Close it when done.
func NewSimulated(ctx context.Context, opts SimulatedOptions) (*Simulated, error) {
	var so []func(*node.Config, *ethconfig.Config)
	if opts.GasLimit > 0 {
		so = append(so, simulated.WithBlockGasLimit(opts.GasLimit))
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = MainnetRules()
	}
	so = append(so, func(nc *node.Config, ec *ethconfig.Config) {
		ec.Genesis.Config = cfg
		if opts.HTTPPort > 0 {
			nc.HTTPHost, nc.HTTPPort = opts.HTTPHost, opts.HTTPPort
			if nc.HTTPHost == "" {
				nc.HTTPHost = "127.0.0.1"
			}
			nc.HTTPModules = []string{"eth", "net", "web3"}
		}
	})
	if opts.hook != nil {
		so = append(so, opts.hook)
	}
	s := &Simulated{}
	sb := simulated.NewBackend(opts.Alloc, so...)
	s.sb = sb
	c, err := NewChain(ctx, ChainOptions{Backend: sb.Client(), Seal: s.Commit, Close: s.close, Log: opts.Log})
	if err != nil {
		_ = sb.Close()
		return nil, err
	}
	s.Chain = c
	if opts.AutoMine > 0 {
		s.stop, s.done = make(chan struct{}), make(chan struct{})
		go s.autoMine(opts.AutoMine)
	}
	return s, nil
}

// Commit seals a block.
func (s *Simulated) Commit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sb.Commit()
}

// AdjustTime moves the chain's clock forward by d (in a new block). The
// simulated beacon refuses while its transaction pool is not empty, and the
// pool drops mined transactions asynchronously, so a refusal right after a
// block is retried for a moment.
func (s *Simulated) AdjustTime(d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := s.sb.AdjustTime(d)
		if err == nil || !strings.Contains(err.Error(), "non-empty block") || time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *Simulated) autoMine(every time.Duration) {
	defer close(s.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), every+time.Second)
		n, err := s.sb.Client().PendingTransactionCount(ctx)
		cancel()
		if err == nil && n > 0 {
			s.Commit()
		}
	}
}

func (s *Simulated) close() error {
	if s.stop != nil {
		close(s.stop)
		<-s.done
	}
	return s.sb.Close()
}

// DevKey returns a deterministic development key (never use it on a real
// chain) and a genesis allocation funding it with 1e6 ether.
func DevKey(i uint64) (*ecdsa.PrivateKey, types.Account) {
	k, err := crypto.ToECDSA(common.LeftPadBytes(new(big.Int).SetUint64(0xb3_0000+i).Bytes(), 32))
	if err != nil {
		panic(err) // a small non-zero scalar is always a valid key
	}
	return k, types.Account{Balance: new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))}
}

// Close releases the backend.
func (c *Chain) Close() error {
	if c.close == nil {
		return nil
	}
	return c.close()
}

// Backend returns the node backend.
func (c *Chain) Backend() Backend { return c.backend }

// ChainID returns the chain id.
func (c *Chain) ChainID() *big.Int { return new(big.Int).Set(c.chainID) }

// Balance returns an account's balance at the latest block.
func (c *Chain) Balance(ctx context.Context, a common.Address) (*big.Int, error) {
	b, err := c.backend.BalanceAt(ctx, a, nil)
	if err != nil {
		return nil, fmt.Errorf("contracts: balance of %s: %w", a, err)
	}
	return b, nil
}

// Transactor returns transaction options signing with key on this chain.
func (c *Chain) Transactor(ctx context.Context, key *ecdsa.PrivateKey) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(key, c.chainID)
	opts.Context = ctx
	return opts
}

// send signs and sends a transaction built by fn, mines it on a simulated
// chain, waits for its receipt, and fails on status 0. Reverts found
// while estimating gas are decoded with decode.
func (c *Chain) send(ctx context.Context, key *ecdsa.PrivateKey, value *big.Int, what string,
	fn func(*bind.TransactOpts) (*types.Transaction, error), decode func(error) error) (*types.Receipt, error) {
	opts := c.Transactor(ctx, key)
	opts.Value = value
	tx, err := fn(opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, decode(err))
	}
	if c.seal != nil {
		c.seal()
	}
	rcpt, err := c.waitMined(ctx, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: waiting for %s: %w", what, tx.Hash(), err)
	}
	c.log.Debug("tx mined", "what", what, "tx", tx.Hash(), "gas", rcpt.GasUsed, "status", rcpt.Status)
	if rcpt.Status != types.ReceiptStatusSuccessful {
		return rcpt, fmt.Errorf("%s: %w: %s", what, ErrTxFailed, tx.Hash())
	}
	return rcpt, nil
}

// waitMined polls for a receipt every poll interval, up to the timeout.
// Not bind.WaitMined/WaitDeployed: they poll at a fixed 1 s, so on a dev
// chain that mines every 20–500 ms (RPC tests, `chain dev`, the multi-
// process test) every transaction would wait a whole second; the first
// query is immediate in both, so the self-sealing simulated chain is no
// faster with them either.
func (c *Chain) waitMined(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	t := time.NewTicker(c.poll)
	defer t.Stop()
	for {
		rcpt, err := c.backend.TransactionReceipt(ctx, h)
		if err == nil {
			return rcpt, nil
		}
		if !errors.Is(err, ethereum.NotFound) {
			c.log.Debug("receipt not available", "tx", h, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Deploy deploys creation code with constructor input and returns the
// contract address and receipt.
func (c *Chain) Deploy(ctx context.Context, key *ecdsa.PrivateKey, what string, bytecode, input []byte,
	decode func(error) error) (common.Address, *types.Receipt, error) {
	if decode == nil {
		decode = func(err error) error { return err }
	}
	var addr common.Address
	rcpt, err := c.send(ctx, key, nil, "deploy "+what, func(o *bind.TransactOpts) (*types.Transaction, error) {
		a, tx, err := bind.DeployContract(o, bytecode, c.backend, input)
		addr = a
		return tx, err
	}, decode)
	if err != nil {
		return common.Address{}, rcpt, err
	}
	if err := c.requireCode(ctx, addr); err != nil {
		return common.Address{}, rcpt, err
	}
	return addr, rcpt, nil
}

func (c *Chain) requireCode(ctx context.Context, addr common.Address) error {
	code, err := c.backend.CodeAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("contracts: code at %s: %w", addr, err)
	}
	if len(code) == 0 {
		return fmt.Errorf("%w: %s", ErrNoCode, addr)
	}
	return nil
}
