package node

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/protocol"
)

// DefaultLaneMargin is the least time a lane voucher the miner takes must
// still be valid (its settler's time to prove and withdraw it).
const DefaultLaneMargin = 2 * time.Minute

// admitVirtual decides whether this miner may serve a virtual session
// (info.Virtual): its paying channel must exist on chain, be open, name
// this miner, pay this miner (or its Owner), carry a long enough
// challenge period, and leave the lane room for MinCredit bytes next to
// what the miner holds on its other lanes and direct voucher. It returns
// the lane's terms for protocol.CheckLaneVoucher (challenge.LaneTerms)
// and, as Deposit, the most the lane's cumulative amount may reach.
func (c *ChainChannels) admitVirtual(ctx context.Context, info challenge.ChannelInfo) (challenge.ChannelCheck, error) {
	b := info.Virtual
	refuse := func(r Reason, detail string, err error) (challenge.ChannelCheck, error) {
		c.opts.Log.Info("virtual session refused", "channel", info.ID, "paying", b.Paying, "lane", b.Lane, "reason", r, "detail", detail, "err", err)
		return challenge.ChannelCheck{}, &RefusalError{Reason: r, Channel: b.Paying, Detail: detail, Err: err}
	}
	dom := c.opts.Manager.Domain()
	if info.Domain.ChainID == nil || info.Domain.ChainID.Cmp(dom.ChainID) != 0 || info.Domain.Contract != dom.Contract {
		return refuse(ReasonWrongTerms, "virtual channel in another domain", nil)
	}
	ch, err := c.Channel(ctx, b.Paying)
	if err != nil {
		return challenge.ChannelCheck{}, err
	}
	switch {
	case ch.State != contracts.StateOpen:
		return refuse(ReasonNotOpen, "paying channel is "+ch.State.String(), nil)
	case ch.Miner != c.opts.Miner:
		return refuse(ReasonForeignMiner, fmt.Sprintf("paying channel is with %s", ch.Miner), nil)
	case !c.isPayee(ch.Payee):
		return refuse(ReasonForeignPayee, fmt.Sprintf("paying channel pays %s, not this miner or its owner", ch.Payee), nil)
	case ch.ChallengePeriod < c.opts.MinChallengePeriod:
		return refuse(ReasonShortPeriod, fmt.Sprintf("challenge period %s, this miner needs at least %s", ch.ChallengePeriod, c.opts.MinChallengePeriod), nil)
	}
	rctx, cancel := context.WithTimeout(ctx, c.opts.RPCTimeout)
	defer cancel()
	lane, err := c.opts.Manager.LaneOf(rctx, b.Paying, b.Lane)
	if err != nil {
		return refuse(ReasonChainUnavailable, "", fmt.Errorf("%w: %w", ErrChainUnavailable, err))
	}
	h, err := c.opts.Manager.Chain().Backend().HeaderByNumber(rctx, nil)
	if err != nil {
		return refuse(ReasonChainUnavailable, "", fmt.Errorf("%w: head: %w", ErrChainUnavailable, err))
	}
	committed, err := c.committed(rctx, info.ID, b.Paying, ch)
	if err != nil {
		return challenge.ChannelCheck{}, err
	}
	// What this lane may reach: the deposit less what the direct voucher
	// and the other lanes were paid (LaneWithdrawn counts this lane's
	// own, which its cumulative amount covers) and what the miner holds
	// unpaid beside it.
	reach := new(big.Int).Sub(ch.Deposit, ch.Withdrawn)
	reach.Sub(reach, orZero(ch.LaneWithdrawn))
	reach.Add(reach, orZero(lane.Withdrawn))
	reach.Sub(reach, committed)
	var paid *big.Int
	if c.opts.Ledger != nil {
		if lv, err := c.opts.Ledger.LatestLane(info.ID); err != nil {
			return challenge.ChannelCheck{}, err
		} else if lv != nil {
			paid = lv.CumulativeAmount
		}
	}
	need := new(big.Int).Mul(new(big.Int).SetUint64(c.opts.MinCredit), info.PricePerByte)
	need.Add(need, orZero(paid))
	if need.Cmp(reach) > 0 {
		return refuse(ReasonNoFunds, fmt.Sprintf("lane may reach %s wei, %s already promised", reach, orZero(paid)),
			&protocol.InsufficientFundsError{Amount: need, Deposit: new(big.Int).Set(reach), Shortfall: new(big.Int).Sub(need, reach)})
	}
	on := ch.OnChain(dom)
	return challenge.ChannelCheck{OnChain: true, Deposit: reach, Lane: &challenge.LaneTerms{
		Terms: protocol.ChannelTerms{ID: b.Paying, Client: ch.Client, Miner: c.opts.Miner, PricePerByte: ch.PricePerByte, Domain: dom},
		Chain: on, ChainLane: lane, Committed: committed, Now: time.Unix(int64(h.Time), 0), MinRemaining: c.opts.LaneMargin,
	}}, nil
}

// committed is what the miner holds unpaid on paying channel ch beside
// virtual session vcid: its other sessions' latest lane vouchers less what
// their lanes were paid, and its direct voucher less what was withdrawn.
func (c *ChainChannels) committed(ctx context.Context, vcid, paying protocol.Element, ch *contracts.Channel) (*big.Int, error) {
	sum := new(big.Int)
	if c.opts.Ledger == nil {
		return sum, nil
	}
	held, err := c.opts.Ledger.LanesOn(paying)
	if err != nil {
		return nil, err
	}
	for _, h := range held {
		if h.Channel == vcid || h.Latest == nil {
			continue
		}
		l, err := c.opts.Manager.LaneOf(ctx, paying, h.Binding.Lane)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrChainUnavailable, err)
		}
		if d := new(big.Int).Sub(h.Latest.CumulativeAmount, orZero(l.Withdrawn)); d.Sign() > 0 {
			sum.Add(sum, d)
		}
	}
	latest, err := c.opts.Ledger.Latest(paying)
	if err != nil {
		return nil, err
	}
	if latest != nil {
		if d := new(big.Int).Sub(latest.Voucher.CumulativeAmount, ch.Withdrawn); d.Sign() > 0 {
			sum.Add(sum, d)
		}
	}
	return sum, nil
}

func orZero(x *big.Int) *big.Int {
	if x == nil {
		return new(big.Int)
	}
	return x
}
