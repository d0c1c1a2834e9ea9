package contracts

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, checkable with errors.Is.
var (
	// ErrNoCode is returned for an address without contract code.
	ErrNoCode = errors.New("contracts: no contract code at address")
	// ErrTxFailed is returned when a mined transaction has status 0.
	ErrTxFailed = errors.New("contracts: transaction failed")
	// ErrMismatch is returned when an attestation does not match the
	// voucher it is submitted with.
	ErrMismatch = errors.New("contracts: attestation does not match voucher")
	// ErrReverted is wrapped by every *RevertError.
	ErrReverted = errors.New("contracts: reverted")
	// ErrCountersRange is returned for proof counters of 128 bits or more
	// (the contract's uint128: nonce·2^64 + bytes).
	ErrCountersRange = errors.New("contracts: proof counters out of uint128 range")
)

// RevertError is a decoded custom error (or Error(string)) from a
// contract. errors.Is(err, ErrStaleNonce) matches by error name, so the
// Err* values below work as sentinels whatever the arguments were.
type RevertError struct {
	Name string // Solidity error name, "Error" for require messages
	Args []any  // decoded arguments
	Data []byte // raw revert data
	// Cause is the verifier's decoded revert inside InvalidProof(bytes).
	Cause *RevertError
}

func (e *RevertError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "reverted: %s(", e.Name)
	for i, a := range e.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if bs, ok := a.([]byte); ok {
			fmt.Fprintf(&b, "0x%x", bs)
			continue
		}
		fmt.Fprint(&b, a)
	}
	b.WriteString(")")
	if e.Cause != nil {
		fmt.Fprintf(&b, ": verifier %s", e.Cause.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrReverted) match any revert, and
// errors.Is(err, ErrVerifierProofInvalid) match the verifier's cause.
func (e *RevertError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrReverted, e.Cause}
	}
	return []error{ErrReverted}
}

// Is matches another *RevertError by name.
func (e *RevertError) Is(target error) bool {
	t, ok := target.(*RevertError)
	return ok && t.Name == e.Name
}

func revertSentinel(name string) *RevertError { return &RevertError{Name: name} }

// ChannelManager's custom errors, as sentinels for errors.Is.
var (
	ErrVerifierHasNoCode     = revertSentinel("VerifierHasNoCode")
	ErrUnknownChannel        = revertSentinel("UnknownChannel")
	ErrWrongState            = revertSentinel("WrongState")
	ErrUnauthorized          = revertSentinel("Unauthorized")
	ErrNotOwnerOf            = revertSentinel("NotOwnerOf")
	ErrZeroAddress           = revertSentinel("ZeroAddress")
	ErrZeroPrice             = revertSentinel("ZeroPrice")
	ErrBadChallengePeriod    = revertSentinel("BadChallengePeriod")
	ErrKeyHashNotInField     = revertSentinel("KeyHashNotInField")
	ErrDepositTooLarge       = revertSentinel("DepositTooLarge")
	ErrChannelIDTaken        = revertSentinel("ChannelIdTaken")
	ErrChallengePeriodOver   = revertSentinel("ChallengePeriodOver")
	ErrChallengePeriodActive = revertSentinel("ChallengePeriodActive")
	ErrStaleNonce            = revertSentinel("StaleNonce")
	ErrAmountExceedsDeposit  = revertSentinel("AmountExceedsDeposit")
	ErrAmountExceedsBytes    = revertSentinel("AmountExceedsBytes")
	ErrAmountBelowWithdrawn  = revertSentinel("AmountBelowWithdrawn")
	ErrBadSignatureLength    = revertSentinel("BadSignatureLength")
	ErrMalleableSignature    = revertSentinel("MalleableSignature")
	ErrBadSignatureV         = revertSentinel("BadSignatureV")
	ErrWrongSigner           = revertSentinel("WrongSigner")
	ErrInvalidProof          = revertSentinel("InvalidProof")
	ErrTransferFailed        = revertSentinel("TransferFailed")
	ErrReentrancy            = revertSentinel("Reentrancy")
	ErrBadBatchSlots         = revertSentinel("BadBatchSlots")
	ErrBatchDisabled         = revertSentinel("BatchDisabled")
	ErrBadBatchSize          = revertSentinel("BadBatchSize")
	ErrBadBatchTag           = revertSentinel("BadBatchTag")
	ErrBatchTagAlreadySet    = revertSentinel("BatchTagAlreadySet")
	ErrNoBatchTag            = revertSentinel("NoBatchTag")
	ErrPayeeMismatch         = revertSentinel("PayeeMismatch")
	// Lane vouchers (withdrawLane, proveTarget).
	ErrLaneZero              = revertSentinel("LaneZero")
	ErrNotYetValid           = revertSentinel("NotYetValid")
	ErrExpired               = revertSentinel("Expired")
	ErrHashLockWithoutExpiry = revertSentinel("HashLockWithoutExpiry")
	ErrWrongPreimage         = revertSentinel("WrongPreimage")
	ErrBadTarget             = revertSentinel("BadTarget")
	ErrProofRequired         = revertSentinel("ProofRequired")
	ErrProvenTooFew          = revertSentinel("ProvenTooFew")
	ErrAlreadyProven         = revertSentinel("AlreadyProven")
)

// The gnark verifier's errors, found as the Cause of ErrInvalidProof (or
// directly when the verifier is called on its own). A require message such
// as "invalid proof length" decodes as Name "Error".
var (
	ErrVerifierProofInvalid          = revertSentinel("ProofInvalid")
	ErrVerifierPublicInputNotInField = revertSentinel("PublicInputNotInField")
	ErrVerifierCommitmentInvalid     = revertSentinel("CommitmentInvalid")
	ErrVerifierRequire               = revertSentinel("Error")
)
