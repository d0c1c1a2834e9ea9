package circuits

import "errors"

var (
	// ErrShape is returned for a window shape the circuit does not support.
	ErrShape = errors.New("circuits: unsupported window shape")
	// ErrAssignment is returned when a step cannot be turned into a
	// witness (it is inconsistent, or does not fit the shape).
	ErrAssignment = errors.New("circuits: cannot assign witness")
)
