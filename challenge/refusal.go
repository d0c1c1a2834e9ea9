package challenge

import (
	"errors"
	"strings"
)

// Refusal is an error that refuses a channel, or stops serving it, for a
// reason the client is told: a short snake_case code such as
// "unknown_channel" (node.RefusalError) or "insufficient_deposit"
// (CreditError). The miner's error frame carries it as
// "refused <reason>: <message>", under the error's usual code, so an
// older client still reads a plain message.
type Refusal interface {
	error
	RefusalReason() string
}

const refusedPrefix = "refused "

// maxReasonLen bounds a reason read from a peer.
const maxReasonLen = 64

// RefusalReason returns the reason of the first refusal in err's tree: a
// local Refusal, or an error frame from a miner that carried one ("" if
// there is none). Fetch errors keep each miner's error frame, so a client
// can tell why a miner refused it.
func RefusalReason(err error) string {
	switch e := err.(type) {
	case nil:
		return ""
	case Refusal:
		if r := e.RefusalReason(); r != "" {
			return r
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return RefusalReason(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if r := RefusalReason(e); r != "" {
				return r
			}
		}
	}
	return ""
}

// RefusalReason is the reason an error frame carried ("" for none). The
// peer is not trusted: only a well-formed code is returned.
func (e *RemoteError) RefusalReason() string {
	rest, ok := strings.CutPrefix(e.Message, refusedPrefix)
	if !ok {
		return ""
	}
	reason, _, ok := strings.Cut(rest, ":")
	if !ok || !validReason(reason) {
		return ""
	}
	return reason
}

func validReason(r string) bool {
	if r == "" || len(r) > maxReasonLen {
		return false
	}
	for _, c := range r {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// errorFrame is the frame that tells the peer about err: its code and
// message, with the refusal reason first when err carries one.
func errorFrame(err error) *ErrorMsg {
	msg := err.Error()
	var re *RemoteError
	if r := RefusalReason(err); r != "" && validReason(r) && !errors.As(err, &re) {
		msg = refusedPrefix + r + ": " + msg
	}
	return &ErrorMsg{Code: codeOf(err), Message: msg}
}

// Refusal reasons of the miner's own hello checks.
const (
	ReasonForeignMiner = "foreign_miner"
	ReasonWrongDomain  = "wrong_domain"
	ReasonPriceTooLow  = "price_below_minimum"
)

// refused gives err a refusal reason.
type refused struct {
	reason string
	err    error
}

func (e *refused) Error() string         { return e.err.Error() }
func (e *refused) Unwrap() error         { return e.err }
func (e *refused) RefusalReason() string { return e.reason }
