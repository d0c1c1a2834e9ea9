package solc

import "errors"

// Sentinel errors, checkable with errors.Is.
var (
	// ErrNoSolc is returned when node or solcjs (contracts/node_modules/solc)
	// cannot be found: run `npm ci` in contracts/.
	ErrNoSolc = errors.New("solc: solcjs not found")
	// ErrCompile is returned when solc reports errors or its output is not
	// what was expected (wrong version, missing contract).
	ErrCompile = errors.New("solc: compile")
)
