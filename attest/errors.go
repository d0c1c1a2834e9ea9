package attest

import "errors"

var (
	// ErrKeys is returned for a key set that is missing, corrupt,
	// truncated, or does not match its manifest.
	ErrKeys = errors.New("attest: bad key set")
	// ErrKeyMismatch is returned when an attestation or a step was made for
	// another circuit (circuit id or window shape differ).
	ErrKeyMismatch = errors.New("attest: key set does not match")
	// ErrInvalidProof is returned when a proof does not verify.
	ErrInvalidProof = errors.New("attest: invalid proof")
	// ErrNothingToProve is returned when a channel has no recorded step.
	ErrNothingToProve = errors.New("attest: no step recorded for the channel")
	// ErrStale is returned when a recorded step is not newer than the one
	// the Attestor already holds for the channel.
	ErrStale = errors.New("attest: step is not newer than the recorded one")
	// ErrCeremony is returned when a ceremony contribution does not verify
	// or the ceremony directory is not in the expected state.
	ErrCeremony = errors.New("attest: ceremony")
)
