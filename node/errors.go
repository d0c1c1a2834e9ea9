package node

import (
	"errors"
	"fmt"

	"github.com/bwproof/bwproof/protocol"
)

// Sentinel errors, checkable with errors.Is.
var (
	// ErrRefused matches every *RefusalError.
	ErrRefused = errors.New("node: channel refused")
	// ErrChainUnavailable is returned when the chain cannot be read in
	// time: the miner refuses rather than serving blind.
	ErrChainUnavailable = errors.New("node: chain unavailable")
	// ErrConfig is returned for unusable options.
	ErrConfig = errors.New("node: bad configuration")
	// ErrJournal is returned when the settler's journal cannot be read
	// or written.
	ErrJournal = errors.New("node: journal")
)

// Reason says why a channel was refused; it is sent to the client.
type Reason string

// Refusal reasons.
const (
	ReasonUnknownChannel   Reason = "unknown_channel"
	ReasonNotOpen          Reason = "not_open"
	ReasonForeignMiner     Reason = "foreign_miner"
	ReasonForeignPayee     Reason = "foreign_payee"
	ReasonWrongKey         Reason = "wrong_receipt_key"
	ReasonWrongTerms       Reason = "wrong_terms" // client, price or domain differ from the chain's
	ReasonShortPeriod      Reason = "short_challenge_period"
	ReasonNoFunds          Reason = "insufficient_deposit"
	ReasonChainUnavailable Reason = "chain_unavailable"
)

// RefusalError is a channel a miner will not serve, with the reason and
// the values behind it. It matches ErrRefused, and its cause (a
// *protocol.VoucherError, *protocol.InsufficientFundsError or an RPC
// error wrapped with ErrChainUnavailable).
type RefusalError struct {
	Reason  Reason
	Channel protocol.Element
	Detail  string
	Err     error
}

func (e *RefusalError) Error() string {
	s := fmt.Sprintf("node: channel %s refused (%s)", e.Channel, e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// RefusalReason makes a RefusalError a challenge.Refusal: the miner sends
// the reason to the client in its error frame.
func (e *RefusalError) RefusalReason() string { return string(e.Reason) }

// Unwrap exposes ErrRefused and the cause.
func (e *RefusalError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrRefused, e.Err}
	}
	return []error{ErrRefused}
}
