package verifierbin

import (
	"bytes"
	"errors"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
)

// TestTemplatesLoad: the committed templates cover Shapes and pass the
// load checks (a PUSH32 placeholder at every recorded offset).
func TestTemplatesLoad(t *testing.T) {
	have, err := Available()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(have, Shapes) {
		t.Fatalf("templates for %v, Shapes is %v: run `go generate ./contracts`", have, Shapes)
	}
}

// TestFromSourceZeroKey: the shape's own text instantiates, and every
// placeholder is overwritten (here with zeros).
func TestFromSourceZeroKey(t *testing.T) {
	l, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range Shapes {
		src, err := ShapeSource(n)
		if err != nil {
			t.Fatal(err)
		}
		art, err := FromSource(src)
		if err != nil {
			t.Fatalf("%d inputs: %v", n, err)
		}
		var tp *template
		for _, x := range l.byHash {
			if x.t.Public == n {
				tp = x
			}
		}
		for _, c := range tp.t.Constants {
			for _, off := range c.Offsets {
				if !bytes.Equal(art.Bin[off:off+32], make([]byte, 32)) {
					t.Fatalf("%d inputs: %s at %d not substituted", n, c.Name, off)
				}
			}
		}
		if !bytes.Equal(art.BinRuntime, art.Bin[tp.t.RuntimeOffset:]) {
			t.Fatal("runtime is not the end of the creation code")
		}
		if bytes.Equal(art.Bin, tp.bin) {
			t.Fatal("template itself was modified")
		}
	}
}

// TestFromSourceHostile: a source is taken only if it is gnark's text for
// a shape with a template, with field elements for constants.
func TestFromSourceHostile(t *testing.T) {
	src, err := ShapeSource(3)
	if err != nil {
		t.Fatal(err)
	}
	alpha := regexp.MustCompile(`uint256 constant ALPHA_X = 0;`)
	if !alpha.Match(src) {
		t.Fatal("export changed: no ALPHA_X = 0")
	}
	with := func(repl string) []byte { return alpha.ReplaceAll(src, []byte(repl)) }
	p := fp.Modulus()
	cases := []struct {
		name string
		src  []byte
		want error
	}{
		{"too large", append(bytes.Repeat([]byte(" "), MaxSource), src...), ErrSource},
		{"value p", with("uint256 constant ALPHA_X = " + p.String() + ";"), ErrSource},
		{"value 2^256", with("uint256 constant ALPHA_X = " + new(big.Int).Lsh(big.NewInt(1), 256).String() + ";"), ErrSource},
		{"79 digits", with("uint256 constant ALPHA_X = " + strings.Repeat("0", 79) + ";"), ErrSource},
		{"constant twice", with("uint256 constant ALPHA_X = 1;\n    uint256 constant ALPHA_X = 2;"), ErrSource},
		{"renamed constant", with("uint256 constant ALPHA_Z = 1;"), ErrSource},
		{"code changed", bytes.Replace(src, []byte("revert ProofInvalid();"), []byte("return;"), 1), ErrSource},
		{"no constants", []byte("contract Verifier {}"), ErrSource},
		{"empty", nil, ErrSource},
	}
	for _, c := range cases {
		if _, err := FromSource(c.src); !errors.Is(err, c.want) {
			t.Errorf("%s: want %v, got %v", c.name, c.want, err)
		}
	}
	if _, err := FromSource(with("uint256 constant ALPHA_X = 12345;")); err != nil {
		t.Fatalf("a field element: %v", err)
	}
	five, err := ShapeSource(5)
	if err != nil {
		t.Fatal(err)
	}
	var nt *NoTemplateError
	if _, err := FromSource(five); !errors.As(err, &nt) || nt.Public != 5 || !errors.Is(err, ErrNoTemplate) {
		t.Fatalf("5 inputs: want NoTemplateError, got %v", err)
	}
}

// TestParseCorrupt: a damaged templates file is refused at load.
func TestParseCorrupt(t *testing.T) {
	good := string(templatesJSON)
	if _, err := parse([]byte(good)); err != nil {
		t.Fatal(err)
	}
	ph := regexp.MustCompile(`"placeholder": "([0-9a-f]{2})`)
	bad := ph.ReplaceAllStringFunc(good, func(s string) string { return s[:len(s)-2] + "00" })
	for name, b := range map[string]string{
		"placeholder": bad,
		"offset":      regexp.MustCompile(`"offsets": \[\n\s*(\d+)`).ReplaceAllString(good, `"offsets": [ 1`),
		"json":        good[:len(good)/2],
	} {
		if _, err := parse([]byte(b)); !errors.Is(err, ErrTemplates) {
			t.Errorf("%s: want ErrTemplates, got %v", name, err)
		}
	}
}

func FuzzFromSource(f *testing.F) {
	for _, n := range []int{1, 2} {
		src, err := ShapeSource(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("    uint256 constant A = 1;\n    uint256 constant A = 2;\n"))
	f.Add([]byte("uint256 constant PUB_0_X = 99999999999999999999999999999999999999999999999999999999999999999999999999999999;"))
	f.Fuzz(func(t *testing.T, src []byte) {
		art, err := FromSource(src)
		if err != nil {
			return
		}
		if len(art.Bin) == 0 || len(art.BinRuntime) == 0 || len(art.BinRuntime) > len(art.Bin) {
			t.Fatalf("artifact of %d/%d bytes", len(art.Bin), len(art.BinRuntime))
		}
	})
}
