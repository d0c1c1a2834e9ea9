package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/bwproof/bwproof/contracts/solc"
)

// EnsureSolc finds solcjs (contracts/node_modules/solc); on a fresh
// checkout it runs `npm ci` in contracts/ first (the lock file pins
// solc 0.8.37). Only the developer paths need it (compiling a key set's
// verifier instead of using the committed templates, regenerating them):
// the demo, the benchmarks and `chain deploy` deploy without solc.
func EnsureSolc(ctx context.Context, log *slog.Logger) (*solc.Compiler, error) {
	if c, err := solc.NewCompiler(solc.Options{}); err == nil {
		return c, nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	root, err := RepoRoot()
	if err != nil {
		return nil, fmt.Errorf("solc not found and no checkout to install it in: %w", err)
	}
	log.Info("installing solc with npm ci (first run only)", "dir", filepath.Join(root, "contracts"))
	cmd := exec.CommandContext(ctx, "npm", "ci", "--prefix", filepath.Join(root, "contracts"), "--no-audit", "--no-fund")
	var outb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &outb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm ci in contracts/: %w\n%s", err, outb.String())
	}
	return solc.NewCompiler(solc.Options{SolcDir: filepath.Join(root, "contracts", "node_modules", "solc")})
}

// RepoRoot walks up from the working directory to the checkout holding
// contracts/package-lock.json.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "contracts", "package-lock.json")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no contracts/package-lock.json above the working directory")
		}
		dir = parent
	}
}
