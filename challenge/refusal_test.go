package challenge

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

type testRefusal struct{ reason string }

func (e *testRefusal) Error() string         { return "refused for a test" }
func (e *testRefusal) RefusalReason() string { return e.reason }

func TestRefusalReason(t *testing.T) {
	local := fmt.Errorf("%w: channel check: %w", ErrChannel, &testRefusal{"short_challenge_period"})
	f := errorFrame(local)
	if f.Code != CodeChannel || !strings.HasPrefix(f.Message, "refused short_challenge_period: ") {
		t.Fatalf("frame %+v", f)
	}
	remote := &RemoteError{Code: f.Code, Message: f.Message}
	joined := fmt.Errorf("%w: %w", ErrNoMiner, errors.Join(errors.New("miner a: dial"), fmt.Errorf("miner b: %w", remote)))
	if r := RefusalReason(joined); r != "short_challenge_period" {
		t.Fatalf("reason through a fetch error: %q", r)
	}
	if !errors.Is(joined, ErrChannel) {
		t.Fatal("the remote error's code no longer matches its sentinel")
	}
	// A remote error is not echoed with a reason, and a credit refusal
	// has one.
	if f := errorFrame(remote); f.Message != remote.Error() {
		t.Fatalf("remote error re-framed as %q", f.Message)
	}
	ce := &CreditError{Bound: "deposit"}
	if f := errorFrame(ce); f.Code != CodeChannel || !strings.HasPrefix(f.Message, "refused insufficient_deposit: ") {
		t.Fatalf("credit refusal framed as %+v", f)
	}
	// What a hostile miner sends is only a reason when well formed.
	for msg, want := range map[string]string{
		"refused not_open: closing":                  "not_open",
		"refused not_open":                           "",
		"refused Not-Open: x":                        "",
		"refused : x":                                "",
		"refused " + strings.Repeat("a", 65) + ": x": "",
		"not_open: x":                                "",
		"refused evil\nline: x":                      "",
	} {
		if got := (&RemoteError{Code: CodeChannel, Message: msg}).RefusalReason(); got != want {
			t.Errorf("%q: reason %q, want %q", msg, got, want)
		}
	}
}

func FuzzRefusalReason(f *testing.F) {
	f.Add("refused not_open: closing")
	f.Add("refused ")
	f.Add("refused \xff: x")
	f.Fuzz(func(t *testing.T, msg string) {
		r := (&RemoteError{Code: CodeChannel, Message: msg}).RefusalReason()
		if r != "" && !validReason(r) {
			t.Fatalf("invalid reason %q from %q", r, msg)
		}
	})
}
