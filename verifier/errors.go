package verifier

import (
	"errors"
	"fmt"

	"github.com/bwproof/bwproof/protocol"
)

// Reason is the machine-readable code of a rejection or an error reply.
// Values cross the wire (JSON "reason") and are part of the API.
type Reason string

// Reason codes. See README.md for which endpoint returns which.
const (
	ReasonMalformed        Reason = "malformed"         // the body does not decode
	ReasonTooLarge         Reason = "too_large"         // the body or a field is over its limit
	ReasonOutOfField       Reason = "out_of_field"      // a public input is not a BN254 scalar
	ReasonUnknownCircuit   Reason = "unknown_circuit"   // no verifying key for the circuit id
	ReasonShapeMismatch    Reason = "shape_mismatch"    // attestation's window shape differs from the key's
	ReasonInvalidProof     Reason = "invalid_proof"     // the Groth16 proof does not verify
	ReasonBadSignature     Reason = "bad_signature"     // miner's or reporter's signature is wrong
	ReasonStaleNonce       Reason = "stale_nonce"       // nonce not above the channel's accepted one
	ReasonWrongMiner       Reason = "wrong_miner"       // channel is with (or attributed to) another miner
	ReasonOffchainChannel  Reason = "offchain_channel"  // the channel is not on the verifier's contract
	ReasonWrongKeyHash     Reason = "wrong_key_hash"    // the proof's receipt key hash is not the channel's
	ReasonChainUnavailable Reason = "chain_unavailable" // the chain could not be read: retry later
	ReasonBadEvidence      Reason = "bad_evidence"      // report evidence does not hold
	ReasonBadTime          Reason = "bad_time"          // report time too far in the future or past
	ReasonNotFound         Reason = "not_found"         // query: nothing recorded
	ReasonRateLimited      Reason = "rate_limited"      // per-sender rate limit hit: retry later
	ReasonOverloaded       Reason = "overloaded"        // too many requests in flight: retry later
	ReasonUnavailable      Reason = "unavailable"       // storage (JetStream) failed: retry later
	ReasonInternal         Reason = "internal"          // a bug; see the verifier's logs
)

// Sentinel errors, one per reason, so that callers can write
// errors.Is(err, verifier.ErrStaleNonce) on an error that crossed the wire.
var (
	ErrMalformed        = errors.New("verifier: malformed request")
	ErrTooLarge         = errors.New("verifier: request too large")
	ErrOutOfField       = errors.New("verifier: public input not in the field")
	ErrUnknownCircuit   = errors.New("verifier: unknown circuit")
	ErrShapeMismatch    = errors.New("verifier: window shape does not match the key")
	ErrInvalidProof     = errors.New("verifier: invalid proof")
	ErrBadSignature     = errors.New("verifier: bad signature")
	ErrStaleNonce       = errors.New("verifier: stale nonce")
	ErrWrongMiner       = errors.New("verifier: channel belongs to another miner")
	ErrOffchainChannel  = errors.New("verifier: channel not on chain")
	ErrWrongKeyHash     = errors.New("verifier: receipt key hash is not the channel's")
	ErrChainUnavailable = errors.New("verifier: chain unavailable")
	ErrBadEvidence      = errors.New("verifier: evidence does not hold")
	ErrBadTime          = errors.New("verifier: report time out of range")
	ErrNotFound         = errors.New("verifier: not found")
	ErrRateLimited      = errors.New("verifier: rate limited")
	ErrOverloaded       = errors.New("verifier: overloaded")
	ErrUnavailable      = errors.New("verifier: storage unavailable")
	ErrInternal         = errors.New("verifier: internal error")

	// ErrConfig is returned for invalid Options (not a wire error).
	ErrConfig = errors.New("verifier: bad configuration")
	// ErrAuth is returned for a bad credential or auth layout file.
	ErrAuth = errors.New("verifier: bad credentials")
)

var reasonErrs = map[Reason]error{
	ReasonMalformed: ErrMalformed, ReasonTooLarge: ErrTooLarge, ReasonOutOfField: ErrOutOfField,
	ReasonUnknownCircuit: ErrUnknownCircuit, ReasonShapeMismatch: ErrShapeMismatch,
	ReasonInvalidProof: ErrInvalidProof, ReasonBadSignature: ErrBadSignature,
	ReasonStaleNonce: ErrStaleNonce, ReasonWrongMiner: ErrWrongMiner, ReasonBadEvidence: ErrBadEvidence,
	ReasonOffchainChannel: ErrOffchainChannel, ReasonWrongKeyHash: ErrWrongKeyHash, ReasonChainUnavailable: ErrChainUnavailable,
	ReasonBadTime: ErrBadTime, ReasonNotFound: ErrNotFound, ReasonRateLimited: ErrRateLimited,
	ReasonOverloaded: ErrOverloaded, ReasonUnavailable: ErrUnavailable, ReasonInternal: ErrInternal,
}

// Sentinel returns the sentinel error of r (ErrInternal for an unknown code,
// so that a newer server's code still maps to something).
func (r Reason) Sentinel() error {
	if e, ok := reasonErrs[r]; ok {
		return e
	}
	return ErrInternal
}

// Temporary reports whether a retry of the same request may succeed.
func (r Reason) Temporary() bool {
	return r == ReasonRateLimited || r == ReasonOverloaded || r == ReasonUnavailable || r == ReasonChainUnavailable
}

// statusCode is the micro error code of a reason that is an error reply
// (not a verdict). A rejection of a well-formed submission is a verdict and
// gets a normal reply.
func (r Reason) statusCode() string {
	switch r {
	case ReasonMalformed, ReasonOutOfField:
		return "400"
	case ReasonNotFound, ReasonUnknownCircuit:
		return "404"
	case ReasonTooLarge:
		return "413"
	case ReasonRateLimited:
		return "429"
	case ReasonOverloaded, ReasonUnavailable, ReasonChainUnavailable:
		return "503"
	}
	return "500"
}

// Error is a rejection or error reply from the service, as the client sees
// it. It matches the reason's sentinel with errors.Is.
type Error struct {
	Reason Reason
	Detail string
	// cause is the error behind a rejection inside the service (say the
	// protocol.VoucherError of a stale nonce); it does not cross the wire.
	cause error
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("verifier: %s", e.Reason)
	}
	return fmt.Sprintf("verifier: %s: %s", e.Reason, e.Detail)
}

// Is makes errors.Is(err, ErrStaleNonce) true for a stale_nonce Error,
// and errors.Is(err, protocol.ErrStaleNonce) too, also on the client side:
// a stale nonce is one error wherever it is found.
func (e *Error) Is(target error) bool {
	return e.Reason.Sentinel() == target || (e.Reason == ReasonStaleNonce && target == protocol.ErrStaleNonce)
}

// Unwrap exposes the cause of a rejection made in this process.
func (e *Error) Unwrap() error { return e.cause }

// reject builds an *Error.
func reject(r Reason, format string, args ...any) *Error {
	return &Error{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// ReasonOf returns the reason carried by err: its *Error's reason, or the
// reason whose sentinel err wraps, or ReasonInternal.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	for r, s := range reasonErrs {
		if errors.Is(err, s) {
			return r
		}
	}
	return ReasonInternal
}

// UnreachableError is a NATS server Connect could not reach (down, wrong
// URL, refused credentials). It matches ErrUnavailable.
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("verifier not reachable at %s: %v", e.URL, e.Err)
}

func (e *UnreachableError) Unwrap() []error { return []error{ErrUnavailable, e.Err} }
