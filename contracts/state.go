package contracts

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// Remaining is the deposit not yet withdrawn on any lane: what the
// channel can still pay its miner.
func (c *Channel) Remaining() *big.Int {
	r := new(big.Int).Sub(c.Deposit, c.Withdrawn)
	if c.LaneWithdrawn != nil {
		r.Sub(r, c.LaneWithdrawn)
	}
	return r
}

// OnChain is the channel as protocol.CheckVoucher judges vouchers against
// it, read in domain (the manager's).
func (c *Channel) OnChain(domain protocol.ChainDomain) *protocol.ChainChannel {
	laneWithdrawn := new(big.Int)
	if c.LaneWithdrawn != nil {
		laneWithdrawn.Set(c.LaneWithdrawn)
	}
	return &protocol.ChainChannel{Domain: domain, State: protocol.ChainState(c.State), Client: c.Client, Miner: c.Miner,
		Payee: c.Payee, PricePerByte: new(big.Int).Set(c.PricePerByte), KeyHash: c.KeyHash, SettledNonce: c.Nonce,
		Withdrawn: new(big.Int).Set(c.Withdrawn), Deposit: new(big.Int).Set(c.Deposit), ClosesAt: c.ClosesAt,
		LaneWithdrawn: laneWithdrawn, ChallengePeriod: c.ChallengePeriod}
}

// IsUnknownChannel reports whether err says the channel does not exist.
func IsUnknownChannel(err error) bool { return errors.Is(err, ErrUnknownChannel) }

// ServeSimulated starts a simulated chain serving JSON-RPC over HTTP on
// host (loopback) and a free port (port 0) or the given one, and returns
// it with its URL. go-ethereum's simulated backend cannot take a listener
// and panics when its port is taken, so the port is checked (or picked)
// first and a start that loses the race for it is retried.
func ServeSimulated(ctx context.Context, host string, port int, opts SimulatedOptions) (*Simulated, string, error) {
	if host == "" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, "", fmt.Errorf("contracts: simulated chain must listen on loopback, not %s", host)
	}
	tries := 1
	if port == 0 {
		tries = 5
	}
	var lastErr error
	for range tries {
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return nil, "", fmt.Errorf("contracts: listen %s: %w", net.JoinHostPort(host, strconv.Itoa(port)), err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		opts.HTTPHost, opts.HTTPPort = host, p
		sim, err := newSimulatedNoPanic(ctx, opts)
		if err == nil {
			return sim, "http://" + net.JoinHostPort(host, strconv.Itoa(p)), nil
		}
		lastErr = err
	}
	return nil, "", lastErr
}

func newSimulatedNoPanic(ctx context.Context, opts SimulatedOptions) (sim *Simulated, err error) {
	defer func() {
		if r := recover(); r != nil {
			sim, err = nil, fmt.Errorf("contracts: simulated chain: %v", r)
		}
	}()
	return NewSimulated(ctx, opts)
}

// Fork makes the block at parent the head of a new side chain (its
// descendants are dropped once the side chain grows longer): tests use it
// to stage a reorg. Commit seals the side chain's blocks.
func (s *Simulated) Fork(parent common.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sb.Fork(parent)
}
