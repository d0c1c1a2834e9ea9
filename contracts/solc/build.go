package solc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/bwproof/bwproof/contracts/channelmanager"
)

// Source file and qualified contract names used in compiler output.
const (
	ChannelManagerFile = "ChannelManager.sol"
	ChannelManagerName = ChannelManagerFile + ":ChannelManager"
	VerifierFile       = "Verifier.sol"
	VerifierName       = VerifierFile + ":Verifier"
)

// CompileChannelManager compiles the embedded ChannelManager source with
// ChannelManagerSettings; it returns the artifact and the compiler version.
func CompileChannelManager(ctx context.Context, c *Compiler) (*Artifact, string, error) {
	out, err := c.Compile(ctx, map[string][]byte{ChannelManagerFile: []byte(channelmanager.Source)}, ChannelManagerSettings())
	if err != nil {
		return nil, "", err
	}
	a, err := out.Contract(ChannelManagerName)
	if err != nil {
		return nil, "", err
	}
	return a, out.Version, nil
}

// CompileVerifier compiles a Groth16 verifier exported by gnark (`bwproof
// keys solidity`); its bytecode depends on the key set.
func CompileVerifier(ctx context.Context, c *Compiler, source []byte) (*Artifact, error) {
	out, err := c.Compile(ctx, map[string][]byte{VerifierFile: source}, VerifierSettings())
	if err != nil {
		return nil, err
	}
	return out.Contract(VerifierName)
}

type combinedContract struct {
	ABI        json.RawMessage `json:"abi"`
	Bin        string          `json:"bin"`
	BinRuntime string          `json:"bin-runtime"`
}

type combinedJSON struct {
	Contracts map[string]combinedContract `json:"contracts"`
	Version   string                      `json:"version"`
}

// CombinedJSON renders artifacts in the layout of `solc --combined-json
// abi,bin,bin-runtime`, which abigen reads.
func CombinedJSON(version string, arts ...*Artifact) ([]byte, error) {
	cj := combinedJSON{Contracts: map[string]combinedContract{}, Version: version}
	for _, a := range arts {
		cj.Contracts[a.Name] = combinedContract{ABI: a.ABI, Bin: hex.EncodeToString(a.Bin), BinRuntime: hex.EncodeToString(a.BinRuntime)}
	}
	b, err := json.Marshal(cj)
	if err != nil {
		return nil, fmt.Errorf("combined json: %w", err)
	}
	return append(b, '\n'), nil
}

// ChannelManagerCombinedJSON compiles ChannelManager and renders the
// combined JSON committed as channelmanager/combined-abi.json.
func ChannelManagerCombinedJSON(ctx context.Context, c *Compiler) ([]byte, error) {
	a, version, err := CompileChannelManager(ctx, c)
	if err != nil {
		return nil, err
	}
	return CombinedJSON(version, a)
}
