package verifierbin_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/contracts/verifierbin"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// testCompiler returns the pinned solcjs; without it the test is skipped
// on a developer machine, but fails under CI=true.
func testCompiler(t testing.TB) *solc.Compiler {
	t.Helper()
	c, err := solc.NewCompiler(solc.Options{})
	if errors.Is(err, solc.ErrNoSolc) && os.Getenv("CI") == "" {
		t.Skipf("%v (run `npm ci` in contracts/; CI fails instead of skipping)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTemplatesUpToDate regenerates templates.json with the pinned solc,
// as `go generate ./contracts` does; the committed file must match.
func TestTemplatesUpToDate(t *testing.T) {
	c := testCompiler(t)
	want, err := verifierbin.Generate(context.Background(), c, verifierbin.Shapes)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("templates.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, want) {
		t.Fatal("verifierbin/templates.json is stale: run `go generate ./contracts` and commit the result")
	}
}

var decimalConst = regexp.MustCompile(`uint256 constant [A-Z0-9_]+ = ([0-9]+);`)

// wide reports whether every key constant of an export has a non-zero
// first byte (solc then pushes each with PUSH32, as the template does).
func wide(src []byte) bool {
	min := new(big.Int).Lsh(big.NewInt(1), 248)
	for _, m := range decimalConst.FindAllSubmatch(src, -1) {
		v, _ := new(big.Int).SetString(string(m[1]), 10)
		if v.Cmp(min) < 0 {
			return false
		}
	}
	return true
}

// randomKey is a verifying key of public inputs with random points
// (no circuit: only its export matters), redrawn until wide.
func randomKey(t *testing.T, public int) []byte {
	t.Helper()
	_, _, g1, g2 := bn254.Generators()
	for range 1000 {
		var s fr.Element
		rnd := func() *big.Int {
			if _, err := s.SetRandom(); err != nil {
				t.Fatal(err)
			}
			return s.BigInt(new(big.Int))
		}
		vk := &groth16bn254.VerifyingKey{}
		vk.G1.Alpha.ScalarMultiplication(&g1, rnd())
		vk.G2.Beta.ScalarMultiplication(&g2, rnd())
		vk.G2.Gamma.ScalarMultiplication(&g2, rnd())
		vk.G2.Delta.ScalarMultiplication(&g2, rnd())
		vk.G1.K = make([]bn254.G1Affine, public+1)
		for i := range vk.G1.K {
			// a fresh point until its coordinates are wide: a whole key
			// of 64 inputs is rarely wide at once.
			for {
				vk.G1.K[i].ScalarMultiplication(&g1, rnd())
				if vk.G1.K[i].X.Bytes()[0] != 0 && vk.G1.K[i].Y.Bytes()[0] != 0 {
					break
				}
			}
		}
		if err := vk.Precompute(); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := vk.ExportSolidity(&b); err != nil {
			t.Fatal(err)
		}
		if wide(b.Bytes()) {
			return b.Bytes()
		}
	}
	t.Fatal("no wide key in 1000 draws")
	return nil
}

// TestByteIdentical: for every shape, solc's bytecode for the export of a
// (random, wide) key is byte for byte the template with its constants.
func TestByteIdentical(t *testing.T) {
	c := testCompiler(t)
	shapes, err := verifierbin.Available()
	if err != nil {
		t.Fatal(err)
	}
	srcs := map[string][]byte{}
	for _, n := range shapes {
		srcs[fmt.Sprintf("V%d.sol", n)] = randomKey(t, n)
	}
	out, err := c.Compile(context.Background(), srcs, solc.VerifierSettings())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range shapes {
		name := fmt.Sprintf("V%d.sol", n)
		want, err := out.Contract(name + ":Verifier")
		if err != nil {
			t.Fatal(err)
		}
		got, err := verifierbin.FromSource(srcs[name])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bin, want.Bin) || !bytes.Equal(got.BinRuntime, want.BinRuntime) {
			t.Errorf("%d inputs: template bytecode differs from solc's", n)
		}
	}
}

// TestSameAsSolc deploys, for a ByteCount key set (`bwproof keys
// solidity`'s export) and a Batch key set of 2 slots, both the verifier
// solc compiles from the export and the one made from the template, on a
// simulated chain, and checks that they accept the same real proof and
// refuse the same tampered ones, with the same revert; and that the
// template's deployed code is solc's byte for byte when the key is wide.
func TestSameAsSolc(t *testing.T) {
	c := testCompiler(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	shape := protocol.ShapeFor(4)
	keys, err := attest.Setup(ctx, shape, attest.SetupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := prototest.NewFixture(t, shape, 4*16<<10, 16<<10, 1)
	a, err := attest.Prove(ctx, keys, f.Latest(t))
	if err != nil {
		t.Fatal(err)
	}
	proof, err := a.SolidityProof()
	if err != nil {
		t.Fatal(err)
	}
	in := a.SolidityInputs()
	var src bytes.Buffer
	if err := keys.ExportSolidity(&src); err != nil {
		t.Fatal(err)
	}
	t.Run("single", func(t *testing.T) { sameVerdicts(ctx, t, c, src.Bytes(), proof, in[:]) })

	bk, err := attest.SetupBatch(ctx, shape, 2, attest.SetupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g := prototest.NewFixture(t, shape, 2*16<<10, 16<<10, 2)
	ba, err := attest.ProveBatch(ctx, bk, []*protocol.Step{f.Latest(t), g.Latest(t)})
	if err != nil {
		t.Fatal(err)
	}
	bproof, err := ba.SolidityProof()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := ba.Inputs()
	if err != nil {
		t.Fatal(err)
	}
	var bsrc bytes.Buffer
	if err := bk.ExportSolidity(&bsrc); err != nil {
		t.Fatal(err)
	}
	t.Run("batch", func(t *testing.T) { sameVerdicts(ctx, t, c, bsrc.Bytes(), bproof, bin) })
}

func sameVerdicts(ctx context.Context, t *testing.T, c *solc.Compiler, src, proof []byte, inputs []*big.Int) {
	want, err := solc.CompileVerifier(ctx, c, src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := verifierbin.FromSource(src)
	if err != nil {
		t.Fatal(err)
	}
	key, acct := contracts.DevKey(0)
	sim, err := contracts.NewSimulated(ctx, contracts.SimulatedOptions{Alloc: types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): acct}})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	var addrs [2]common.Address
	for i, art := range []*solc.Artifact{want, got} {
		v, _, err := contracts.DeployVerifier(ctx, sim.Chain, key, art)
		if err != nil {
			t.Fatal(err)
		}
		addrs[i] = v.Address()
	}
	code, err := sim.Backend().CodeAt(ctx, addrs[1], nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(code, got.BinRuntime) {
		t.Fatal("deployed code is not the template's runtime")
	}
	if wide(src) {
		if !bytes.Equal(got.Bin, want.Bin) {
			t.Fatal("wide key: template bytecode differs from solc's")
		}
	} else {
		t.Logf("a key constant is below 2^248: solc pushes it shorter, the template with PUSH32 (not byte-identical; verdicts compared)")
	}
	parsed, err := abi.JSON(bytes.NewReader(got.ABI))
	if err != nil {
		t.Fatal(err)
	}
	verdict := func(addr common.Address, proof []byte, inputs []*big.Int) string {
		arr := reflect.New(reflect.ArrayOf(len(inputs), reflect.TypeOf(inputs[0]))).Elem()
		for i, v := range inputs {
			arr.Index(i).Set(reflect.ValueOf(v))
		}
		data, err := parsed.Pack("verifyProof", proof, arr.Interface())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.Backend().CallContract(ctx, ethereum.CallMsg{To: &addr, Data: data}, nil); err != nil {
			return fmt.Sprintf("%v %x", err, revertData(err))
		}
		return "ok"
	}
	r := fr.Modulus()
	flip := func(i int) []byte { p := bytes.Clone(proof); p[i] ^= 1; return p }
	bump := func(i int, v *big.Int) []*big.Int { in := append([]*big.Int(nil), inputs...); in[i] = v; return in }
	cases := []struct {
		name   string
		proof  []byte
		inputs []*big.Int
	}{
		{"valid", proof, inputs},
		{"A.x flipped", flip(31), inputs},
		{"B flipped", flip(100), inputs},
		{"C.y flipped", flip(255), inputs},
		{"short proof", proof[:224], inputs},
		{"input + 1", proof, bump(0, new(big.Int).Add(inputs[0], big.NewInt(1)))},
		{"last input changed", proof, bump(len(inputs)-1, new(big.Int).Xor(inputs[len(inputs)-1], big.NewInt(4)))},
		{"input not in field", proof, bump(0, new(big.Int).Add(inputs[0], r))},
	}
	for _, cs := range cases {
		w, g := verdict(addrs[0], cs.proof, cs.inputs), verdict(addrs[1], cs.proof, cs.inputs)
		if w != g {
			t.Errorf("%s: solc's verifier %q, template's %q", cs.name, w, g)
		}
		if (cs.name == "valid") != (g == "ok") {
			t.Errorf("%s: template's verifier says %q", cs.name, g)
		}
	}
}

func revertData(err error) any {
	var de interface{ ErrorData() any }
	if errors.As(err, &de) {
		return de.ErrorData()
	}
	return nil
}
