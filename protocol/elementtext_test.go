package protocol

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestElementJSON(t *testing.T) {
	e := PackCounters(7, 1<<40)
	b, err := json.Marshal(struct{ C Element }{e})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"C":"` + e.String() + `"}`; string(b) != want {
		t.Fatalf("got %s, want %s", b, want)
	}
	var back struct{ C Element }
	if err := json.Unmarshal(b, &back); err != nil || back.C != e {
		t.Fatalf("round trip: %v, %s", err, back.C)
	}
	// The array form written before is still read.
	legacy, _ := json.Marshal([32]byte(e))
	var old Element
	if err := json.Unmarshal(legacy, &old); err != nil || old != e {
		t.Fatalf("legacy: %v, %s", err, old)
	}
	for _, bad := range []string{`"0x01"`, `"` + strings.Repeat("0", 66) + `"`, `"0x` + strings.Repeat("g", 64) + `"`, `[1,2]`, `7`} {
		if err := json.Unmarshal([]byte(bad), &old); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func FuzzElementText(f *testing.F) {
	f.Add([]byte("0x" + strings.Repeat("ab", 32)))
	f.Add([]byte("0X" + strings.Repeat("0", 63)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var e Element
		if err := e.UnmarshalText(b); err != nil {
			return
		}
		out, _ := e.MarshalText()
		if !strings.EqualFold(string(out), string(b)) {
			t.Fatalf("%q read as %s", b, out)
		}
	})
}
