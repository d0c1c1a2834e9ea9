package protocol

import "errors"

// Sentinel errors, checkable with errors.Is. Decoders wrap them with the
// name of the field that was wrong.
var (
	// ErrEncoding is returned for bytes that are not a valid encoding:
	// wrong magic, unknown version or kind, truncated or trailing data.
	ErrEncoding = errors.New("protocol: malformed encoding")
	// ErrTooLarge is returned when an encoding or a field exceeds its size limit.
	ErrTooLarge = errors.New("protocol: encoding too large")
	// ErrNotInField is returned for a value that must be a BN254 scalar
	// field element but is not (>= the modulus).
	ErrNotInField = errors.New("protocol: value not in the BN254 scalar field")
	// ErrBadSignature is returned when a signature does not verify or is
	// malformed (wrong length, high s, bad recovery id).
	ErrBadSignature = errors.New("protocol: bad signature")
	// ErrMalleableSignature is returned for a signature whose s is not in
	// its canonical range (secp256k1 high-s, or EdDSA s >= group order).
	ErrMalleableSignature = errors.New("protocol: malleable signature")
	// ErrBadPoint is returned (inside ErrBadSignature, as a *PointError)
	// for a receipt key or signature R that is not a canonically encoded
	// point of the curve's prime-order subgroup.
	ErrBadPoint = errors.New("protocol: bad curve point")
	// ErrChunkTooLarge is returned for a chunk length above MaxChunkSize.
	ErrChunkTooLarge = errors.New("protocol: chunk length above the maximum")
	// ErrWindow is returned for a window that does not fit the circuit's
	// shape (too many chunks or probes, probe index out of range).
	ErrWindow = errors.New("protocol: window does not fit")
)
