package protocol

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// MarshalText writes e as 0x and 64 hex digits, so JSON output (node
// status, journals, close results, events) shows ids as the CLI prints them.
func (e Element) MarshalText() ([]byte, error) {
	b := make([]byte, 2+2*len(e))
	copy(b, "0x")
	hex.Encode(b[2:], e[:])
	return b, nil
}

// UnmarshalText reads what MarshalText writes: 0x and exactly 64 hex
// digits (not checked to be in the field: see Valid).
func (e *Element) UnmarshalText(b []byte) error {
	if len(b) != 2+2*len(e) || b[0] != '0' || (b[1] != 'x' && b[1] != 'X') {
		return fmt.Errorf("protocol: element: want 0x and %d hex digits, got %d bytes", 2*len(e), len(b))
	}
	var v Element
	if _, err := hex.Decode(v[:], b[2:]); err != nil {
		return fmt.Errorf("protocol: element: %w", err)
	}
	*e = v
	return nil
}

// UnmarshalJSON reads a hex string, or the array of 32 numbers elements
// were written as before MarshalText (journals kept on disk).
func (e *Element) UnmarshalJSON(b []byte) error {
	if len(b) > 256 { // 32 numbers up to 255, with commas and spaces
		return fmt.Errorf("protocol: element: %d bytes of JSON", len(b))
	}
	if len(b) > 0 && b[0] == '[' {
		var a []uint16
		if err := json.Unmarshal(b, &a); err != nil {
			return fmt.Errorf("protocol: element: %w", err)
		}
		if len(a) != len(e) {
			return fmt.Errorf("protocol: element: %d numbers, want %d", len(a), len(e))
		}
		var v Element
		for i, x := range a {
			if x > 255 {
				return fmt.Errorf("protocol: element: byte %d is %d", i, x)
			}
			v[i] = byte(x)
		}
		*e = v
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("protocol: element: %w", err)
	}
	return e.UnmarshalText([]byte(s))
}
