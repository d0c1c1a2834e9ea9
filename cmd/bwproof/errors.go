package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/internal/fsutil"
)

// errInput is wrapped by every *inputError: an input file that could not
// be read or decoded (exit 3), as opposed to one that was read and found
// wrong (an invalid proof: exit 1).
var errInput = errors.New("unreadable input")

// inputError is an input file that is missing, too large or undecodable.
type inputError struct {
	What string // what the file should hold: "attestation", "config", ...
	Path string
	Err  error
}

func (e *inputError) Error() string {
	return fmt.Sprintf("unreadable %s %s: %v", e.What, e.Path, e.Err)
}

func (e *inputError) Unwrap() []error { return []error{errInput, e.Err} }

// isUnreadable reports errors of the libraries that mean an input file
// could not be read or does not have its format.
func isUnreadable(err error) bool {
	var tl *fsutil.TooLargeError
	var kf *attest.KeyFileError
	return errors.As(err, &tl) || errors.As(err, &kf) ||
		errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission)
}
