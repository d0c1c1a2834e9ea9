// Command solcgen compiles ChannelManager.sol with the pinned solcjs and
// writes the combined JSON that abigen turns into Go bindings. It is run
// by `go generate ./contracts`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/bwproof/bwproof/contracts/solc"
)

func main() {
	out := flag.String("out", "channelmanager/combined-abi.json", "combined JSON to write")
	solcDir := flag.String("solc", "", "solc npm package directory (default: found from the working directory)")
	flag.Parse()
	if err := run(*out, *solcDir); err != nil {
		fmt.Fprintln(os.Stderr, "solcgen:", err)
		os.Exit(1)
	}
}

func run(out, solcDir string) error {
	c, err := solc.NewCompiler(solc.Options{SolcDir: solcDir})
	if err != nil {
		return err
	}
	b, err := solc.ChannelManagerCombinedJSON(context.Background(), c)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
