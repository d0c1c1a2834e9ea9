// Command solcgen runs the pinned solcjs for `go generate ./contracts`:
// -out compiles ChannelManager.sol into the combined JSON abigen turns
// into Go bindings; -verifiers compiles gnark's verifier template of every
// shape in verifierbin.Shapes into templates.json.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/contracts/verifierbin"
)

func main() {
	out := flag.String("out", "", "ChannelManager combined JSON to write")
	verifiers := flag.String("verifiers", "", "verifier templates JSON to write")
	solcDir := flag.String("solc", "", "solc npm package directory (default: found from the working directory)")
	flag.Parse()
	if err := run(*out, *verifiers, *solcDir); err != nil {
		fmt.Fprintln(os.Stderr, "solcgen:", err)
		os.Exit(1)
	}
}

func run(out, verifiers, solcDir string) error {
	if out == "" && verifiers == "" {
		return errors.New("nothing to do: give -out and/or -verifiers")
	}
	c, err := solc.NewCompiler(solc.Options{SolcDir: solcDir})
	if err != nil {
		return err
	}
	ctx := context.Background()
	if out != "" {
		b, err := solc.ChannelManagerCombinedJSON(ctx, c)
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
	}
	if verifiers != "" {
		b, err := verifierbin.Generate(ctx, c, verifierbin.Shapes)
		if err != nil {
			return err
		}
		if err := os.WriteFile(verifiers, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
