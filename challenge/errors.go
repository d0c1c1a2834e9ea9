package challenge

import (
	"errors"
	"fmt"
)

// Sentinel errors, checkable with errors.Is.
var (
	// ErrProtocol is a frame that is malformed, of an unknown type or
	// version, or not allowed at this point of the conversation.
	ErrProtocol = errors.New("challenge: protocol violation")
	// ErrFrameTooLarge is a frame whose announced size exceeds its limit.
	ErrFrameTooLarge = errors.New("challenge: frame too large")
	// ErrUnknownObject is a request for an object the store does not hold.
	ErrUnknownObject = errors.New("challenge: unknown object")
	// ErrStore is a store whose files are missing or inconsistent.
	ErrStore = errors.New("challenge: store")
	// ErrBadChunk is a chunk that does not verify against the object id.
	ErrBadChunk = errors.New("challenge: bad chunk")
	// ErrProbeFailed is a probe answered wrongly or after its deadline.
	ErrProbeFailed = errors.New("challenge: probe failed")
	// ErrUnpaid is a client whose unpaid bytes reached the credit limit and
	// that did not pay within the payment timeout.
	ErrUnpaid = errors.New("challenge: client did not pay")
	// ErrPayment is a voucher or receipt the miner cannot accept.
	ErrPayment = errors.New("challenge: payment refused")
	// ErrChannel is a channel whose parameters or state the two sides do
	// not agree on, or that is already in use.
	ErrChannel = errors.New("challenge: channel mismatch")
	// ErrBusy is a channel already served on another connection.
	ErrBusy = fmt.Errorf("%w: channel in use by another connection", ErrChannel)
	// ErrTimeout is a peer that stopped answering.
	ErrTimeout = errors.New("challenge: peer timed out")
	// ErrMisbehavior marks a fetch from a miner that ended because the
	// miner misbehaved (a report was recorded).
	ErrMisbehavior = errors.New("challenge: peer misbehaved")
	// ErrNoMiner is a fetch that no miner could complete.
	ErrNoMiner = errors.New("challenge: no miner could serve the object")
	// ErrConfig is an invalid option.
	ErrConfig = errors.New("challenge: invalid configuration")
)

// ErrorCode is the code an error frame carries.
type ErrorCode uint16

// Error codes. Values are part of the wire protocol.
const (
	CodeProtocol      ErrorCode = 1
	CodeUnknownObject ErrorCode = 2
	CodeUnpaid        ErrorCode = 3
	CodePayment       ErrorCode = 4
	CodeChannel       ErrorCode = 5
	CodeBusy          ErrorCode = 6
	CodeInternal      ErrorCode = 7
	CodeMisbehavior   ErrorCode = 8
)

func (c ErrorCode) String() string {
	switch c {
	case CodeProtocol:
		return "protocol"
	case CodeUnknownObject:
		return "unknown-object"
	case CodeUnpaid:
		return "unpaid"
	case CodePayment:
		return "payment"
	case CodeChannel:
		return "channel"
	case CodeBusy:
		return "busy"
	case CodeInternal:
		return "internal"
	case CodeMisbehavior:
		return "misbehavior"
	}
	return fmt.Sprintf("code(%d)", uint16(c))
}

// sentinel maps a code to the sentinel error it stands for.
func (c ErrorCode) sentinel() error {
	switch c {
	case CodeProtocol:
		return ErrProtocol
	case CodeUnknownObject:
		return ErrUnknownObject
	case CodeUnpaid:
		return ErrUnpaid
	case CodePayment:
		return ErrPayment
	case CodeChannel:
		return ErrChannel
	case CodeBusy:
		return ErrBusy
	}
	return nil
}

// codeOf maps a local error to the code sent to the peer.
func codeOf(err error) ErrorCode {
	switch {
	case errors.Is(err, ErrProtocol), errors.Is(err, ErrFrameTooLarge):
		return CodeProtocol
	case errors.Is(err, ErrUnknownObject):
		return CodeUnknownObject
	case errors.Is(err, ErrUnpaid):
		return CodeUnpaid
	case errors.Is(err, ErrPayment):
		return CodePayment
	case errors.Is(err, ErrBusy):
		return CodeBusy
	case errors.Is(err, ErrChannel):
		return CodeChannel
	}
	return CodeInternal
}

// RemoteError is an error frame received from the peer.
type RemoteError struct {
	Code    ErrorCode
	Message string
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("challenge: peer error %s: %s", e.Code, e.Message)
}

// Is lets errors.Is match a remote error against the sentinel of its code.
func (e *RemoteError) Is(target error) bool {
	s := e.Code.sentinel()
	return s != nil && s == target
}
