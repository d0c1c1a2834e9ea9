package node

import (
	"context"
	"math/big"
	"time"

	"github.com/bwproof/bwproof/contracts"
)

// DefaultDeadlineMargin is how long before a closing channel's closesAt
// the settler withdraws whatever the gas price.
const DefaultDeadlineMargin = 15 * time.Minute

// GasPricer is where gas prices come from; the chain's backend
// (SuggestGasPrice) by default.
type GasPricer interface {
	SuggestGasPrice(ctx context.Context) (*big.Int, error)
}

// AutoSettle is when a miner withdraws without being asked.
type AutoSettle struct {
	// SettleThreshold withdraws an open channel once its unsettled amount
	// (latest voucher − withdrawn on chain) reaches it; nil: open
	// channels are settled only when they close.
	SettleThreshold *big.Int
	// MaxGasPrice defers withdrawals while the gas price is above it
	// (nil: no cap), except near a challenge deadline.
	MaxGasPrice *big.Int
	// DeadlineMargin: within it of a closing channel's closesAt, the
	// miner withdraws whatever the gas price; default
	// DefaultDeadlineMargin.
	DeadlineMargin time.Duration
}

// Decision is one settlement decision and the numbers behind it.
type Decision struct {
	Settle      bool      `json:"settle"`
	Reason      string    `json:"reason"`
	Unsettled   *big.Int  `json:"unsettled_wei"`
	Threshold   *big.Int  `json:"threshold_wei,omitempty"`
	GasPrice    *big.Int  `json:"gas_price_wei,omitempty"`
	MaxGasPrice *big.Int  `json:"max_gas_price_wei,omitempty"`
	Deadline    time.Time `json:"deadline,omitzero"` // closesAt − margin, while closing
	Now         time.Time `json:"chain_time"`
}

// Decision reasons.
const (
	ReasonNothingUnsettled = "nothing unsettled"
	ReasonDeadline         = "challenge deadline near"
	ReasonGasAboveCap      = "gas price above the cap"
	ReasonGasUnknown       = "gas price unknown"
	ReasonClosing          = "channel closing"
	ReasonThreshold        = "unsettled amount reached the threshold"
	ReasonBelowThreshold   = "unsettled amount below the threshold"
	ReasonNoThreshold      = "open channel, no threshold set"
)

// Decide applies the policy to a channel with unsettled wei not yet
// withdrawn, at chain time now, with gas price gas (nil: unknown). A
// channel not closing has no deadline.
func (p AutoSettle) Decide(unsettled *big.Int, ch *contracts.Channel, now time.Time, gas *big.Int) Decision {
	margin := p.DeadlineMargin
	if margin <= 0 {
		margin = DefaultDeadlineMargin
	}
	d := Decision{Unsettled: new(big.Int).Set(unsettled), Threshold: p.SettleThreshold, GasPrice: gas, MaxGasPrice: p.MaxGasPrice, Now: now}
	closing := ch.State == contracts.StateClosing
	if closing {
		d.Deadline = ch.ClosesAt.Add(-margin)
	}
	switch {
	case unsettled.Sign() <= 0:
		d.Reason = ReasonNothingUnsettled
	case closing && !now.Before(d.Deadline):
		d.Settle, d.Reason = true, ReasonDeadline
	case p.MaxGasPrice != nil && gas == nil:
		d.Reason = ReasonGasUnknown
	case p.MaxGasPrice != nil && gas.Cmp(p.MaxGasPrice) > 0:
		d.Reason = ReasonGasAboveCap
	case closing:
		d.Settle, d.Reason = true, ReasonClosing
	case p.SettleThreshold == nil:
		d.Reason = ReasonNoThreshold
	case unsettled.Cmp(p.SettleThreshold) >= 0:
		d.Settle, d.Reason = true, ReasonThreshold
	default:
		d.Reason = ReasonBelowThreshold
	}
	return d
}
