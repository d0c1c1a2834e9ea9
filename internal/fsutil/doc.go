// Package fsutil reads files that come from outside the process (key sets,
// attestations, sessions, reports) with a size bound checked before the
// bytes are read, so a huge or sparse file costs no memory.
package fsutil
