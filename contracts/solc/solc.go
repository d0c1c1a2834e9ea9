// Package solc compiles bwproof's Solidity with solcjs (the npm package
// solc, pinned in contracts/package.json) run by node in standard-JSON mode.
package solc

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// SolcVersion is the compiler version pinned in contracts/package.json.
const SolcVersion = "0.8.37"

// maxCompilerOutput bounds what is read back from solcjs.
const maxCompilerOutput = 64 << 20

// Options says where solcjs is.
type Options struct {
	// Node is the node executable; empty: "node" from PATH.
	Node string
	// SolcDir is the solc npm package (…/contracts/node_modules/solc).
	// Empty: FindSolcDir from the working directory, then from the
	// directory of the running executable.
	SolcDir string
}

// Compiler runs solcjs (the npm package solc) with node, in standard-JSON
// mode, so the output is the same wherever it runs.
type Compiler struct {
	node string
	dir  string
}

// NewCompiler locates node and solcjs.
func NewCompiler(opts Options) (*Compiler, error) {
	node := opts.Node
	if node == "" {
		node = "node"
	}
	nodePath, err := exec.LookPath(node)
	if err != nil {
		return nil, fmt.Errorf("%w: node: %w", ErrNoSolc, err)
	}
	dir := opts.SolcDir
	if dir == "" {
		var starts []string
		if wd, err := os.Getwd(); err == nil {
			starts = append(starts, wd)
		}
		if exe, err := os.Executable(); err == nil {
			starts = append(starts, filepath.Dir(exe))
		}
		for _, s := range starts {
			if dir, err = FindSolcDir(s); err == nil {
				break
			}
		}
		if dir == "" {
			return nil, fmt.Errorf("%w: no contracts/node_modules/solc above %v (run `npm ci` in contracts/)", ErrNoSolc, starts)
		}
	} else if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrNoSolc, dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoSolc, err)
	}
	return &Compiler{node: nodePath, dir: abs}, nil
}

// FindSolcDir walks up from start looking for contracts/node_modules/solc
// (or node_modules/solc when start is inside contracts/).
func FindSolcDir(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNoSolc, err)
	}
	for {
		for _, c := range []string{
			filepath.Join(dir, "contracts", "node_modules", "solc"),
			filepath.Join(dir, "node_modules", "solc"),
		} {
			if _, err := os.Stat(filepath.Join(c, "package.json")); err == nil {
				return c, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: none above %s", ErrNoSolc, start)
		}
		dir = parent
	}
}

// Settings are the compiler settings that affect bytecode.
type Settings struct {
	ViaIR         bool
	OptimizerRuns int
	EVMVersion    string
	// NoMetadata leaves out the CBOR metadata (source hash, compiler
	// version) solc appends to the runtime code, so that the bytecode
	// depends only on what the source compiles to, not on its text.
	NoMetadata bool
}

// ChannelManagerSettings are the settings ChannelManager's committed
// bytecode is built with. via-IR: withdraw has too many stack values for
// the legacy pipeline, and it is cheaper.
func ChannelManagerSettings() Settings {
	return Settings{ViaIR: true, OptimizerRuns: 10000, EVMVersion: "cancun"}
}

// VerifierSettings are the settings for gnark's verifier (mostly inline
// assembly; the legacy pipeline compiles it fastest). No metadata: the
// committed templates (contracts/verifierbin) are compiled from a source
// with placeholder constants, and must compile to the same bytes as a key
// set's own source.
func VerifierSettings() Settings {
	return Settings{ViaIR: false, OptimizerRuns: 10000, EVMVersion: "cancun", NoMetadata: true}
}

// Artifact is one compiled contract.
type Artifact struct {
	Name       string          // "File.sol:Contract"
	ABI        json.RawMessage // as solc printed it
	Bin        []byte          // creation code
	BinRuntime []byte          // deployed code
}

// Output is one compilation: the compiler's full version and every
// contract it produced, by qualified name.
type Output struct {
	Version   string
	Contracts map[string]*Artifact
}

// solcScript compiles the standard JSON on stdin with the solc package
// named by argv[1] and prints {version, output}. The JS API is used, not
// the solcjs CLI, which prints notices on stdout.
const solcScript = `const s=require(process.argv[1]);let i='';process.stdin.setEncoding('utf8');` +
	`process.stdin.on('data',d=>i+=d).on('end',()=>process.stdout.write(JSON.stringify({version:s.version(),output:s.compile(i)})));`

type stdInput struct {
	Language string                       `json:"language"`
	Sources  map[string]map[string]string `json:"sources"`
	Settings stdSettings                  `json:"settings"`
}

type stdSettings struct {
	ViaIR     bool `json:"viaIR"`
	Optimizer struct {
		Enabled bool `json:"enabled"`
		Runs    int  `json:"runs"`
	} `json:"optimizer"`
	EVMVersion      string                         `json:"evmVersion"`
	Metadata        *stdMetadata                   `json:"metadata,omitempty"`
	OutputSelection map[string]map[string][]string `json:"outputSelection"`
}

type stdMetadata struct {
	AppendCBOR bool `json:"appendCBOR"`
}

type stdOutput struct {
	Errors []struct {
		Severity         string `json:"severity"`
		FormattedMessage string `json:"formattedMessage"`
	} `json:"errors"`
	Contracts map[string]map[string]struct {
		ABI json.RawMessage `json:"abi"`
		EVM struct {
			Bytecode         struct{ Object string } `json:"bytecode"`
			DeployedBytecode struct{ Object string } `json:"deployedBytecode"`
		} `json:"evm"`
	} `json:"contracts"`
}

// Compile compiles sources (file name → content) with settings. Warnings
// are ignored; any error fails the compilation.
func (c *Compiler) Compile(ctx context.Context, sources map[string][]byte, s Settings) (*Output, error) {
	in := stdInput{Language: "Solidity", Sources: map[string]map[string]string{}}
	for name, src := range sources {
		in.Sources[name] = map[string]string{"content": string(src)}
	}
	in.Settings.ViaIR = s.ViaIR
	in.Settings.Optimizer.Enabled = true
	in.Settings.Optimizer.Runs = s.OptimizerRuns
	in.Settings.EVMVersion = s.EVMVersion
	if s.NoMetadata {
		in.Settings.Metadata = &stdMetadata{AppendCBOR: false}
	}
	in.Settings.OutputSelection = map[string]map[string][]string{
		"*": {"*": {"abi", "evm.bytecode.object", "evm.deployedBytecode.object"}},
	}
	input, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCompile, err)
	}
	cmd := exec.CommandContext(ctx, c.node, "-e", solcScript, c.dir)
	cmd.Stdin = bytes.NewReader(input)
	var stdout limitedBuffer
	stdout.limit = maxCompilerOutput
	var stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: solcjs: %w: %s", ErrCompile, err, strings.TrimSpace(stderr.String()))
	}
	if stdout.overflow {
		return nil, fmt.Errorf("%w: solcjs output above %d bytes", ErrCompile, maxCompilerOutput)
	}
	var wrapped struct {
		Version string `json:"version"`
		Output  string `json:"output"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &wrapped); err != nil {
		return nil, fmt.Errorf("%w: solcjs output: %w", ErrCompile, err)
	}
	if !strings.HasPrefix(wrapped.Version, SolcVersion+"+") {
		return nil, fmt.Errorf("%w: solcjs is %s, want %s (run `npm ci` in contracts/)", ErrCompile, wrapped.Version, SolcVersion)
	}
	var out stdOutput
	if err := json.Unmarshal([]byte(wrapped.Output), &out); err != nil {
		return nil, fmt.Errorf("%w: solc output: %w", ErrCompile, err)
	}
	var msgs []string
	for _, e := range out.Errors {
		if e.Severity == "error" {
			msgs = append(msgs, e.FormattedMessage)
		}
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("%w:\n%s", ErrCompile, strings.Join(msgs, "\n"))
	}
	res := &Output{Version: wrapped.Version, Contracts: map[string]*Artifact{}}
	for file, byName := range out.Contracts {
		for name, con := range byName {
			bin, err := hex.DecodeString(con.EVM.Bytecode.Object)
			if err != nil {
				return nil, fmt.Errorf("%w: %s:%s bytecode: %w", ErrCompile, file, name, err)
			}
			rt, err := hex.DecodeString(con.EVM.DeployedBytecode.Object)
			if err != nil {
				return nil, fmt.Errorf("%w: %s:%s runtime: %w", ErrCompile, file, name, err)
			}
			q := file + ":" + name
			res.Contracts[q] = &Artifact{Name: q, ABI: con.ABI, Bin: bin, BinRuntime: rt}
		}
	}
	return res, nil
}

// Contract returns the artifact named "file:name".
func (o *Output) Contract(qualified string) (*Artifact, error) {
	a, ok := o.Contracts[qualified]
	if !ok {
		names := make([]string, 0, len(o.Contracts))
		for n := range o.Contracts {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("%w: no contract %s in output (have %v)", ErrCompile, qualified, names)
	}
	if len(a.Bin) == 0 {
		return nil, fmt.Errorf("%w: %s has no bytecode (abstract or interface)", ErrCompile, qualified)
	}
	return a, nil
}

// limitedBuffer keeps at most limit bytes and records an overflow.
type limitedBuffer struct {
	bytes.Buffer
	limit    int
	overflow bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		b.overflow = true
		return 0, io.ErrShortWrite
	}
	return b.Buffer.Write(p)
}
