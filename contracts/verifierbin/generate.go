package verifierbin

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"golang.org/x/crypto/sha3"

	"github.com/bwproof/bwproof/contracts/solc"
)

// ShapeSource is gnark's export for a verifying key of public inputs
// with every constant zero: the text every key set of that shape shares.
func ShapeSource(public int) ([]byte, error) {
	if public < 1 {
		return nil, fmt.Errorf("verifierbin: %d public inputs", public)
	}
	vk := &groth16bn254.VerifyingKey{}
	vk.G1.K = make([]bn254.G1Affine, public+1)
	var b bytes.Buffer
	if err := vk.ExportSolidity(&b, solidity.WithHashToFieldFunction(sha3.NewLegacyKeccak256())); err != nil {
		return nil, fmt.Errorf("verifierbin: export: %w", err)
	}
	return b.Bytes(), nil
}

// placeholder is a constant's stand-in: deterministic (the generated file
// is reproducible), distinct per name, and with first byte 0x40..0x7f, so
// solc pushes it whole (PUSH32) and it is above the base field modulus
// (0x3064...): no real key constant can equal it.
func placeholder(public int, name string) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte("bwproof/verifierbin placeholder " + strconv.Itoa(public) + " " + name))
	var p [32]byte
	copy(p[:], h.Sum(nil))
	p[0] = 0x40 | p[0]&0x3f
	return p
}

// Generate compiles the template of each shape with c and renders
// templates.json. It fails unless every placeholder is found in the
// bytecode as a PUSH32 immediate exactly as many times as the source
// names it, and nowhere else.
func Generate(ctx context.Context, c *solc.Compiler, shapes []int) ([]byte, error) {
	shapes = slices.Clone(shapes)
	slices.Sort(shapes)
	shapes = slices.Compact(shapes)
	type job struct {
		norm *normalized
		src  []byte
		phs  map[string][32]byte
	}
	jobs := map[int]*job{}
	sources := map[string][]byte{}
	for _, n := range shapes {
		src, err := ShapeSource(n)
		if err != nil {
			return nil, err
		}
		norm, err := normalize(src)
		if err != nil {
			return nil, fmt.Errorf("%d inputs: %w", n, err)
		}
		if norm.public != n {
			return nil, fmt.Errorf("verifierbin: %d inputs: export has %d PUB_i_X", n, norm.public)
		}
		j := &job{norm: norm, phs: map[string][32]byte{}}
		seen := map[[32]byte]bool{}
		j.src = keyConst.ReplaceAllFunc(src, func(m []byte) []byte {
			sub := keyConst.FindSubmatch(m)
			p := placeholder(n, string(sub[2]))
			j.phs[string(sub[2])] = p
			seen[p] = true
			return append(slices.Clone(sub[1]), "0x"+hex.EncodeToString(p[:])+";"...)
		})
		if len(seen) != len(j.phs) {
			return nil, fmt.Errorf("verifierbin: %d inputs: placeholders collide", n)
		}
		jobs[n] = j
		sources[fileName(n)] = j.src
	}
	out, err := c.Compile(ctx, sources, solc.VerifierSettings())
	if err != nil {
		return nil, err
	}
	f := File{Solc: out.Version}
	for _, n := range shapes {
		j := jobs[n]
		art, err := out.Contract(fileName(n) + ":Verifier")
		if err != nil {
			return nil, err
		}
		ro := len(art.Bin) - len(art.BinRuntime)
		if ro <= 0 || !bytes.Equal(art.Bin[ro:], art.BinRuntime) {
			return nil, fmt.Errorf("verifierbin: %d inputs: deployed code is not the end of the creation code", n)
		}
		found := push32s(art.Bin)
		t := Template{Public: n, SourceSHA256: j.norm.hash(), ABI: art.ABI, Bin: hex.EncodeToString(art.Bin), RuntimeOffset: ro}
		for _, name := range j.norm.names {
			p := j.phs[name]
			offs := found[p]
			want := len(regexp.MustCompile(`\b`+name+`\b`).FindAll(j.norm.text, -1)) - 1 // less the declaration
			if len(offs) != want || bytes.Count(art.Bin, p[:]) != want {
				return nil, fmt.Errorf("verifierbin: %d inputs: %s used %d times in the source, found %d PUSH32s and %d copies in the bytecode (folded by the optimizer?)",
					n, name, want, len(offs), bytes.Count(art.Bin, p[:]))
			}
			t.Constants = append(t.Constants, Constant{Name: name, Placeholder: hex.EncodeToString(p[:]), Offsets: offs})
		}
		f.Templates = append(f.Templates, t)
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, fmt.Errorf("verifierbin: %w", err)
	}
	return append(b, '\n'), nil
}

func fileName(public int) string { return "Verifier" + strconv.Itoa(public) + ".sol" }

// push32s maps every PUSH32 immediate in code, read linearly from the
// start (the creation code, then the deployed code it returns; no
// metadata trails it), to its offsets.
func push32s(code []byte) map[[32]byte][]int {
	m := map[[32]byte][]int{}
	for i := 0; i < len(code); i++ {
		op := code[i]
		if op >= 0x60 && op <= 0x7f { // PUSH1..PUSH32
			w := int(op-0x60) + 1
			if op == opPush32 && i+1+w <= len(code) {
				var k [32]byte
				copy(k[:], code[i+1:i+1+w])
				m[k] = append(m[k], i+1)
			}
			i += w
		}
	}
	return m
}
