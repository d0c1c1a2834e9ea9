package hub

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Reason says why a hub (or the client's router) refused a route or a
// voucher. It travels on the wire: a hub sends its own reasons, and a
// reason from a peer that is not one of these becomes ReasonUnknown.
type Reason string

// The reasons. Each has a sentinel error (ReasonError) for errors.Is.
const (
	// ReasonInsufficientCapacity: the outbound channel's free deposit
	// (deposit − withdrawn − lane withdrawals − other reservations) is
	// below the route's outbound budget.
	ReasonInsufficientCapacity Reason = "insufficient-capacity"
	// ReasonExpiryTooShort: an expiry leaves the next hop (or this hub)
	// too little time: inbound < outbound + ExpiryDelta, or the outbound
	// expiry is too close to now.
	ReasonExpiryTooShort Reason = "expiry-too-short"
	// ReasonExpiryBeyondClose: an expiry is later than a close of the
	// channel started now would end.
	ReasonExpiryBeyondClose Reason = "expiry-beyond-close"
	// ReasonTargetBound: the hub already pays a lane for this target.
	ReasonTargetBound Reason = "target-bound"
	// ReasonHashLockReused: the hash lock was used by another route.
	ReasonHashLockReused Reason = "hash-lock-reused"
	// ReasonFeeTooLow: the route names a fee below the hub's, or an
	// inbound voucher does not cover outbound + fee.
	ReasonFeeTooLow Reason = "fee-too-low"
	// ReasonBadVoucher: the inbound voucher fails protocol.CheckLaneVoucher
	// (the wrapped error says which rule: stale nonce, deposit, ...).
	ReasonBadVoucher Reason = "bad-voucher"
	// ReasonOverBudget: more bytes than the route reserved for.
	ReasonOverBudget Reason = "over-budget"
	// ReasonBadChannel: a channel of the route is not what the chain says
	// (unknown, not open, another client or peer, another price).
	ReasonBadChannel Reason = "bad-channel"
	// ReasonBadRequest: malformed, oversized, unsigned or inconsistent.
	ReasonBadRequest Reason = "bad-request"
	// ReasonUnknownRoute: no such route (never set up, or released).
	ReasonUnknownRoute Reason = "unknown-route"
	// ReasonRouteExists: a route with this id is already set up.
	ReasonRouteExists Reason = "route-exists"
	// ReasonUnavailable: the hop did not answer (timeout, no responders)
	// or its chain is unreachable.
	ReasonUnavailable Reason = "unavailable"
	// ReasonNoRoute: the directory holds no route with the capacity.
	ReasonNoRoute Reason = "no-route"
	// ReasonInternal: the hub failed (journal, signing).
	ReasonInternal Reason = "internal"
	// ReasonUnknown: a peer sent a reason this version does not know.
	ReasonUnknown Reason = "unknown"
)

// knownReasons is built in a var initializer: the Err* sentinels below
// are package variables, initialized before any init function runs.
var knownReasons = func() map[Reason]*ReasonError {
	m := map[Reason]*ReasonError{}
	for _, r := range []Reason{ReasonInsufficientCapacity, ReasonExpiryTooShort, ReasonExpiryBeyondClose, ReasonTargetBound,
		ReasonHashLockReused, ReasonFeeTooLow, ReasonBadVoucher, ReasonOverBudget, ReasonBadChannel, ReasonBadRequest,
		ReasonUnknownRoute, ReasonRouteExists, ReasonUnavailable, ReasonNoRoute, ReasonInternal, ReasonUnknown} {
		m[r] = &ReasonError{Reason: r}
	}
	return m
}()

// ReasonError is the sentinel of a reason: errors.Is(err, Err(r)).
type ReasonError struct{ Reason Reason }

func (e *ReasonError) Error() string { return "hub: " + string(e.Reason) }

// Err returns the sentinel of r (ReasonUnknown's for an unknown r).
func Err(r Reason) error {
	if e, ok := knownReasons[r]; ok {
		return e
	}
	return knownReasons[ReasonUnknown]
}

// The sentinels of the most checked reasons.
var (
	ErrInsufficientCapacity = Err(ReasonInsufficientCapacity)
	ErrExpiryTooShort       = Err(ReasonExpiryTooShort)
	ErrTargetBound          = Err(ReasonTargetBound)
	ErrHashLockReused       = Err(ReasonHashLockReused)
	ErrFeeTooLow            = Err(ReasonFeeTooLow)
	ErrBadVoucher           = Err(ReasonBadVoucher)
	ErrBadChannel           = Err(ReasonBadChannel)
	ErrBadRequest           = Err(ReasonBadRequest)
	ErrUnavailable          = Err(ReasonUnavailable)
	ErrNoRoute              = Err(ReasonNoRoute)
	ErrUnknownRoute         = Err(ReasonUnknownRoute)
)

// ErrConfig: options that cannot work.
var ErrConfig = errors.New("hub: bad configuration")

// ErrClosed: the hub or its journal is closed.
var ErrClosed = errors.New("hub: closed")

// RouteError is one hop's refusal: Hop is the hub's 1-based position on
// the route (0: the client's own router), Hub its address. Err, when
// set, is the local cause (a *protocol.VoucherError, a chain error);
// across the wire only Reason and Detail travel.
type RouteError struct {
	Hop    int
	Hub    common.Address
	Reason Reason
	Detail string
	Err    error
}

func (e *RouteError) Error() string {
	var b strings.Builder
	b.WriteString("hub")
	if e.Hop > 0 {
		fmt.Fprintf(&b, " hop %d", e.Hop)
	}
	if e.Hub != (common.Address{}) {
		fmt.Fprintf(&b, " (%s)", e.Hub.Hex())
	}
	fmt.Fprintf(&b, ": %s", e.Reason)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap exposes the reason's sentinel and the cause.
func (e *RouteError) Unwrap() []error {
	if e.Err != nil {
		return []error{Err(e.Reason), e.Err}
	}
	return []error{Err(e.Reason)}
}

func refusal(r Reason, err error, format string, args ...any) *RouteError {
	return &RouteError{Reason: r, Detail: fmt.Sprintf(format, args...), Err: err}
}

// NoRouteError: every route tried failed; Failures holds each one's
// refusal in the order tried (empty when no route had the capacity).
type NoRouteError struct {
	Miner    common.Address
	Failures []*RouteError
}

func (e *NoRouteError) Error() string {
	if len(e.Failures) == 0 {
		return fmt.Sprintf("hub: no route to %s with the capacity", e.Miner.Hex())
	}
	parts := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		parts[i] = f.Error()
	}
	return fmt.Sprintf("hub: no route to %s: %d tried: %s", e.Miner.Hex(), len(e.Failures), strings.Join(parts, "; "))
}

// Unwrap matches ErrNoRoute and each failure.
func (e *NoRouteError) Unwrap() []error {
	out := []error{ErrNoRoute}
	for _, f := range e.Failures {
		out = append(out, f)
	}
	return out
}
