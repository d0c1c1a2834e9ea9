// Package verifierbin deploys gnark's Groth16 verifier for any key set of
// bwproof's circuits without a Solidity compiler.
//
// gnark's export (VerifyingKey.ExportSolidity) is one fixed text per
// shape — the number of public inputs n — in which only the key's
// constants vary: ALPHA_X/Y, BETA_NEG_*, GAMMA_NEG_*, DELTA_NEG_*,
// CONSTANT_X/Y and PUB_i_X/Y, each a `uint256 constant` with a decimal
// value, used only as a literal in inline assembly (mstore), never in
// arithmetic solc could fold. So for each supported n the pinned solc
// compiles, once, the export with a distinct placeholder for every such
// constant (templates.json, `go generate ./contracts`), and the generator
// checks that each placeholder appears in the bytecode exactly as often as
// the source names it, each time as a whole PUSH32 immediate. At deploy
// time a key set's export is parsed, its text outside the constant values
// must hash to the template's (so it is the same contract), and its
// values are written over the placeholders.
//
// The result is the bytecode solc emits for the key set's own source
// (metadata off, solc.VerifierSettings), byte for byte, when every
// constant has a non-zero first byte; a constant below 2^248 is one
// PUSH32 with leading zeros where solc would choose a shorter PUSH, which
// pushes the same value (TestSameAsSolc checks both).
package verifierbin

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/solidity"
	"golang.org/x/crypto/sha3"

	"github.com/bwproof/bwproof/contracts/solc"
)

// MaxSource bounds a verifier source read for its constants (gnark's
// export for 64 public inputs is ~52 KB).
const MaxSource = 1 << 20

// opPush32 is the EVM opcode whose 32-byte immediate holds a constant.
const opPush32 = 0x7f

// Errors, checkable with errors.Is.
var (
	// ErrNoTemplate: no committed template has the source's number of
	// public inputs (NoTemplateError says which exist).
	ErrNoTemplate = errors.New("verifierbin: no template for this shape")
	// ErrSource: the source is not gnark's export of a key set a template
	// covers (too large, malformed constants, or different text: a circuit
	// with commitments, another gnark version).
	ErrSource = errors.New("verifierbin: source does not match")
	// ErrTemplates: the committed templates are inconsistent.
	ErrTemplates = errors.New("verifierbin: committed templates are corrupt")
)

// NoTemplateError is a shape without a template.
type NoTemplateError struct {
	Public int   // the source's public inputs
	Have   []int // the shapes with a template
}

func (e *NoTemplateError) Error() string {
	return fmt.Sprintf("%v: %d public inputs (templates exist for %v; add the shape to verifierbin.Shapes and run `go generate ./contracts`, or deploy with solc)",
		ErrNoTemplate, e.Public, e.Have)
}

func (e *NoTemplateError) Unwrap() error { return ErrNoTemplate }

// Shapes are the public-input counts templates are generated for: 3 is
// the ByteCount circuit (circuits.NumPublic), the others Batch key sets of
// K slots (K public inputs) in use by the tests, the benchmarks' defaults
// and powers of two. Above ~135 inputs the verifier exceeds the 24 KiB
// contract size limit (EIP-170) anyway.
var Shapes = []int{1, 2, 3, 4, 8, 16, 32, 64}

// File is templates.json.
type File struct {
	Solc      string     `json:"solc"`      // full compiler version
	Templates []Template `json:"templates"` // by Public, ascending
}

// Template is one shape's compiled verifier with placeholder constants.
type Template struct {
	Public int `json:"public"`
	// SourceSHA256 is the SHA-256 of the normalized export (constant
	// values replaced by KEY).
	SourceSHA256  string          `json:"source_sha256"`
	ABI           json.RawMessage `json:"abi"`
	Bin           string          `json:"bin"`            // creation code, hex
	RuntimeOffset int             `json:"runtime_offset"` // the deployed code is Bin[RuntimeOffset:]
	Constants     []Constant      `json:"constants"`
}

// Constant is one key-dependent constant's placeholder and where it is.
type Constant struct {
	Name        string `json:"name"`
	Placeholder string `json:"placeholder"` // 32 bytes, hex
	Offsets     []int  `json:"offsets"`     // of the PUSH32 immediates in Bin
}

//go:embed templates.json
var templatesJSON []byte

type loaded struct {
	byHash map[string]*template
	shapes []int
}

type template struct {
	t      *Template
	bin    []byte
	consts []constant
}

type constant struct {
	name    string
	offsets []int
}

// load parses and checks the embedded templates once.
var load = sync.OnceValues(func() (*loaded, error) { return parse(templatesJSON) })

func parse(b []byte) (*loaded, error) {
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTemplates, err)
	}
	l := &loaded{byHash: map[string]*template{}}
	for i := range f.Templates {
		t := &f.Templates[i]
		bin, err := hex.DecodeString(t.Bin)
		if err != nil {
			return nil, fmt.Errorf("%w: %d inputs: bin: %w", ErrTemplates, t.Public, err)
		}
		if t.RuntimeOffset < 0 || t.RuntimeOffset >= len(bin) {
			return nil, fmt.Errorf("%w: %d inputs: runtime offset %d of %d bytes", ErrTemplates, t.Public, t.RuntimeOffset, len(bin))
		}
		tp := &template{t: t, bin: bin}
		for _, c := range t.Constants {
			ph, err := hex.DecodeString(c.Placeholder)
			if err != nil || len(ph) != 32 || len(c.Offsets) == 0 {
				return nil, fmt.Errorf("%w: %d inputs: %s: bad placeholder or no offsets", ErrTemplates, t.Public, c.Name)
			}
			for _, off := range c.Offsets {
				if off < 1 || off+32 > len(bin) || bin[off-1] != opPush32 || !bytes.Equal(bin[off:off+32], ph) {
					return nil, fmt.Errorf("%w: %d inputs: %s: no PUSH32 placeholder at %d", ErrTemplates, t.Public, c.Name, off)
				}
			}
			tp.consts = append(tp.consts, constant{name: c.Name, offsets: c.Offsets})
		}
		if _, dup := l.byHash[t.SourceSHA256]; dup {
			return nil, fmt.Errorf("%w: two templates of source %s", ErrTemplates, t.SourceSHA256)
		}
		l.byHash[t.SourceSHA256] = tp
		l.shapes = append(l.shapes, t.Public)
	}
	slices.Sort(l.shapes)
	return l, nil
}

// Available returns the public-input counts the committed templates cover.
func Available() ([]int, error) {
	l, err := load()
	if err != nil {
		return nil, err
	}
	return slices.Clone(l.shapes), nil
}

// keyConst matches a key-dependent constant: gnark prints those in
// decimal (fpstr) and its fixed ones (P, R, precompiles, ...) in hex.
var keyConst = regexp.MustCompile(`(?m)^([ \t]*uint256 constant ([A-Z][A-Z0-9_]*) = )([0-9]+);`)

// pubX counts the public inputs: one PUB_i_X per input.
var pubX = regexp.MustCompile(`^PUB_[0-9]+_X$`)

// normalized is an export with its constant values taken out.
type normalized struct {
	text   []byte // values replaced by KEY
	names  []string
	values map[string]*big.Int
	public int
}

// normalize parses src's key constants. Values must be reduced modulo
// the base field (gnark prints them so; a coordinate ≥ p could only make
// every proof fail, but is refused as not an export).
func normalize(src []byte) (*normalized, error) {
	if len(src) > MaxSource {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrSource, len(src), MaxSource)
	}
	n := &normalized{values: map[string]*big.Int{}}
	var err error
	n.text = keyConst.ReplaceAllFunc(src, func(m []byte) []byte {
		sub := keyConst.FindSubmatch(m)
		name, dec := string(sub[2]), string(sub[3])
		if err != nil {
			return m
		}
		if _, dup := n.values[name]; dup {
			err = fmt.Errorf("%w: constant %s twice", ErrSource, name)
			return m
		}
		v, ok := new(big.Int).SetString(dec, 10)
		if len(dec) > 78 || !ok || v.Cmp(fp.Modulus()) >= 0 {
			err = fmt.Errorf("%w: constant %s is not a base field element", ErrSource, name)
			return m
		}
		n.values[name] = v
		n.names = append(n.names, name)
		if pubX.MatchString(name) {
			n.public++
		}
		return append(slices.Clone(sub[1]), "KEY;"...)
	})
	if err != nil {
		return nil, err
	}
	if len(n.names) == 0 {
		return nil, fmt.Errorf("%w: no key constants", ErrSource)
	}
	return n, nil
}

func (n *normalized) hash() string {
	h := sha256.Sum256(n.text)
	return hex.EncodeToString(h[:])
}

// FromSource returns the verifier for gnark's Solidity export of a key
// set (`bwproof keys solidity`, attest.Keys.ExportSolidity): the committed
// template of its shape with its constants written in. src is read as
// untrusted: bounded, parsed strictly, and its text outside the constant
// values must be the template's.
func FromSource(src []byte) (*solc.Artifact, error) {
	l, err := load()
	if err != nil {
		return nil, err
	}
	n, err := normalize(src)
	if err != nil {
		return nil, err
	}
	tp, ok := l.byHash[n.hash()]
	if !ok {
		if !slices.Contains(l.shapes, n.public) {
			return nil, &NoTemplateError{Public: n.public, Have: slices.Clone(l.shapes)}
		}
		return nil, fmt.Errorf("%w: %d public inputs, but not gnark's export without commitments the template was made from", ErrSource, n.public)
	}
	bin := slices.Clone(tp.bin)
	for _, c := range tp.consts {
		v, ok := n.values[c.name]
		if !ok { // the hash covers the names; a corrupt template
			return nil, fmt.Errorf("%w: %s not in the source", ErrTemplates, c.name)
		}
		var word [32]byte
		v.FillBytes(word[:])
		for _, off := range c.offsets {
			copy(bin[off:off+32], word[:])
		}
	}
	return &solc.Artifact{Name: solc.VerifierName, ABI: slices.Clone(tp.t.ABI), Bin: bin, BinRuntime: bin[tp.t.RuntimeOffset:]}, nil
}

// FromKey returns the verifier for a BN254 verifying key (exported as
// attest does, keccak256 hash-to-field).
func FromKey(vk groth16.VerifyingKey) (*solc.Artifact, error) {
	var b bytes.Buffer
	if err := vk.ExportSolidity(&b, solidity.WithHashToFieldFunction(sha3.NewLegacyKeccak256())); err != nil {
		return nil, fmt.Errorf("verifierbin: export: %w", err)
	}
	return FromSource(b.Bytes())
}
