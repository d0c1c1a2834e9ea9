package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/internal/fsutil"
)

func init() {
	register(command{Name: "chain", Summary: "settlement chain: deploy the verifier and ChannelManager, run a dev chain", Run: runChain})
}

func runChain(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "chain", "deploy bwproof's contracts and run a local development chain", []subcommand{
		{"deploy", "deploy the key set's Groth16 verifier and ChannelManager (no solc needed)", chainDeploy},
		{"dev", "serve a simulated chain over JSON-RPC on loopback, with funded dev accounts", chainDev},
		{"balance", "print accounts' balances", chainBalance},
	}, args)
}

// chainFlags are the flags every command that talks to a chain shares.
type chainFlags struct {
	rpc     *string
	keyFile *string
}

func addChainFlags(fs *flag.FlagSet, keyHelp string) *chainFlags {
	return &chainFlags{
		rpc: fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the node (env BWPROOF_RPC)"),
		keyFile: fs.String("key", envOr("BWPROOF_CHAIN_KEY", ""),
			"secp256k1 key file (hex) that signs and pays for transactions: "+keyHelp+" (env BWPROOF_CHAIN_KEY)"),
	}
}

// dial connects to --rpc and, when needKey, loads --key.
func (c *chainFlags) dial(ctx context.Context, e *env, needKey bool) (*contracts.Chain, *ecdsa.PrivateKey, error) {
	if *c.rpc == "" {
		return nil, nil, fmt.Errorf("%w: --rpc is required (the embedded chain lasts one command: start one with 'bwproof chain dev')", errUsage)
	}
	var key *ecdsa.PrivateKey
	if needKey {
		var err error
		if key, err = c.key(); err != nil {
			return nil, nil, err
		}
	}
	opts := contracts.ChainOptions{Log: e.Log}
	if isLoopbackURL(*c.rpc) {
		// A local node (the dev chain) mines within tens of milliseconds:
		// poll for receipts faster than the default second.
		opts.PollInterval = 100 * time.Millisecond
	}
	ch, err := contracts.Dial(ctx, *c.rpc, opts)
	if err != nil {
		return nil, nil, err
	}
	return ch, key, nil
}

func isLoopbackURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return h == "localhost" || (ip != nil && ip.IsLoopback())
}

func (c *chainFlags) key() (*ecdsa.PrivateKey, error) {
	if *c.keyFile == "" {
		return nil, fmt.Errorf("%w: --key is required", errUsage)
	}
	key, err := loadKeyFile(*c.keyFile)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", *c.keyFile, err)
	}
	return key, nil
}

// deployment is what chain deploy prints (and writes with --out).
type deployment struct {
	ChainID        string            `json:"chain_id"`
	Verifier       common.Address    `json:"verifier"`
	ChannelManager common.Address    `json:"channel_manager"`
	CircuitID      string            `json:"circuit_id,omitempty"`
	Deployer       common.Address    `json:"deployer"`
	Gas            map[string]uint64 `json:"gas"`
	Embedded       bool              `json:"embedded,omitempty"`
}

func chainDeploy(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "chain deploy", "deploy the Groth16 verifier of a key set (made from the committed templates with the key's constants: no solc or Node needed) and ChannelManager; without --rpc, on an embedded simulated chain that is gone when the command ends (a dry run that reports gas)")
	cf := addChainFlags(fs, "the deployer")
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "key set directory whose verifier to deploy (env BWPROOF_KEYS)")
	verifierSol := fs.String("verifier-sol", "", "or: Solidity verifier source written by 'bwproof keys solidity'")
	solcDir := fs.String("solc", envOr("BWPROOF_SOLC", ""), "development: compile the verifier with the solc npm package in this directory instead of using the templates (env BWPROOF_SOLC)")
	node := fs.String("node", envOr("BWPROOF_NODE", "node"), "development: node executable that runs --solc (env BWPROOF_NODE)")
	out := fs.String("out", "", "also write the deployment as JSON to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*keys == "") == (*verifierSol == "") {
		return fmt.Errorf("%w: give exactly one of --keys and --verifier-sol", errUsage)
	}
	var src []byte
	var circuit string
	if *keys != "" {
		k, err := attest.LoadVerifyingKey(*keys)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := k.ExportSolidity(&b); err != nil {
			return err
		}
		src, circuit = b.Bytes(), k.CircuitID.String()
	} else {
		var err error
		if src, err = fsutil.ReadFileLimit(*verifierSol, maxSoliditySource); err != nil {
			return err
		}
	}
	compiler, err := devCompiler(*solcDir, *node)
	if err != nil {
		return err
	}

	var chain *contracts.Chain
	var key *ecdsa.PrivateKey
	embedded := *cf.rpc == ""
	if embedded {
		k, acct := contracts.DevKey(0)
		sim, err := contracts.NewSimulated(ctx, contracts.SimulatedOptions{
			Alloc: types.GenesisAlloc{crypto.PubkeyToAddress(k.PublicKey): acct}, Log: e.Log})
		if err != nil {
			return err
		}
		defer sim.Close()
		chain, key = sim.Chain, k
		e.Log.Warn("no --rpc: deploying on an embedded simulated chain that ends with this command")
	} else {
		if chain, key, err = cf.dial(ctx, e, true); err != nil {
			return err
		}
		defer chain.Close()
	}
	start := time.Now()
	d, err := contracts.Deploy(ctx, chain, key, compiler, src)
	if err != nil {
		return err
	}
	e.Log.Info("deployed", "verifier", d.Verifier.Address(), "channel_manager", d.Manager.Address(),
		"elapsed", time.Since(start).Round(time.Millisecond))
	res := deployment{ChainID: chain.ChainID().String(), Verifier: d.Verifier.Address(), ChannelManager: d.Manager.Address(),
		CircuitID: circuit, Deployer: crypto.PubkeyToAddress(key.PublicKey), Embedded: embedded,
		Gas: map[string]uint64{"verifier": d.VerifierReceipt.GasUsed, "channel_manager": d.ManagerReceipt.GasUsed}}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out != "" {
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
	}
	_, err = e.Stdout.Write(b)
	return err
}

// devCompiler is the solcjs of --solc, or nil (the committed verifier
// templates, no solc) when it is not given.
func devCompiler(dir, node string) (*solc.Compiler, error) {
	if dir == "" {
		return nil, nil
	}
	c, err := solc.NewCompiler(solc.Options{Node: node, SolcDir: dir})
	if err != nil {
		return nil, fmt.Errorf("--solc: %w", err)
	}
	return c, nil
}

func chainDev(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "chain dev", "run go-ethereum's simulated chain (chain id 1337, mainnet fork rules) with JSON-RPC on loopback and funded development accounts whose keys are printed: for local demos only")
	listen := fs.String("listen", envOr("BWPROOF_CHAIN_LISTEN", "127.0.0.1:8545"), "host:port for JSON-RPC over HTTP; port 0 picks a free one (the URL is printed) (env BWPROOF_CHAIN_LISTEN)")
	accounts := fs.Int("accounts", 5, "development accounts to fund")
	keyDir := fs.String("key-dir", "", "also write each account's key file (hex) here as devN.key")
	block := fs.Duration("mine-every", 50*time.Millisecond, "how often to seal pending transactions into a block")
	blockTime := fs.Duration("block-time", time.Second, "also seal an empty block this often, so the chain's clock follows the wall clock without traffic "+
		"(challenge periods end, 'client finalize --watch' returns); 0: blocks only for transactions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	host, portStr, err := net.SplitHostPort(*listen)
	if err != nil {
		return fmt.Errorf("%w: --listen: %w", errUsage, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return fmt.Errorf("%w: --listen port %q", errUsage, portStr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%w: --listen must be a loopback address (the dev keys are public)", errUsage)
	}
	if *accounts < 1 || *accounts > 100 {
		return fmt.Errorf("%w: --accounts must be in [1, 100]", errUsage)
	}
	alloc := types.GenesisAlloc{}
	keys := make([]*ecdsa.PrivateKey, *accounts)
	for i := range keys {
		k, acct := contracts.DevKey(uint64(i))
		keys[i] = k
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = acct
	}
	// ServeSimulated checks (or picks) the port first: go-ethereum's
	// simulated backend cannot take a listener and panics on a taken port.
	sim, rpcURL, err := contracts.ServeSimulated(ctx, host, port, contracts.SimulatedOptions{Alloc: alloc, AutoMine: *block, Log: e.Log})
	if err != nil {
		return fmt.Errorf("--listen %s: %w", *listen, err)
	}
	defer sim.Close()
	if *blockTime > 0 {
		// Block timestamps are the wall clock at sealing: without blocks
		// the head's time, which challenge periods are judged by, stands
		// still.
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			t := time.NewTicker(*blockTime)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					sim.Commit()
				}
			}
		}()
		defer func() { close(stop); <-done }()
	}
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("dev%d  %s  key %x", i, crypto.PubkeyToAddress(k.PublicKey), crypto.FromECDSA(k))
		if *keyDir != "" {
			if err := os.MkdirAll(*keyDir, 0o700); err != nil {
				return err
			}
			path := filepath.Join(*keyDir, fmt.Sprintf("dev%d.key", i))
			if err := crypto.SaveECDSA(path, k); err != nil {
				return err
			}
			lines[i] += "  file " + path
		}
	}
	// The first line is what scripts wait for: the RPC URL, printed once
	// the chain answers and the key files exist.
	fmt.Fprintf(e.Stdout, "dev chain 1337 on %s (Ctrl-C to stop)\n", rpcURL)
	for _, l := range lines {
		fmt.Fprintln(e.Stdout, l)
	}
	<-ctx.Done()
	e.Log.Info("dev chain stopping")
	return nil
}

func chainBalance(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "chain balance", "bwproof chain balance --rpc URL ADDRESS...\n\nprint each address's balance in wei (one line: ADDRESS WEI)")
	cf := addChainFlags(fs, "not needed")
	addrs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(addrs) == 0 {
		return fmt.Errorf("%w: no ADDRESS given", errUsage)
	}
	var as []common.Address
	for _, a := range addrs {
		if !common.IsHexAddress(a) {
			return fmt.Errorf("%w: %q is not an address", errUsage, a)
		}
		as = append(as, common.HexToAddress(a))
	}
	chain, _, err := cf.dial(ctx, e, false)
	if err != nil {
		return err
	}
	defer chain.Close()
	type balanceJSON struct {
		Address    string `json:"address"`
		BalanceWei string `json:"balance_wei"`
	}
	var bs []balanceJSON
	for _, a := range as {
		b, err := chain.Balance(ctx, a)
		if err != nil {
			return err
		}
		if e.JSON {
			bs = append(bs, balanceJSON{Address: a.Hex(), BalanceWei: b.String()})
			continue
		}
		// ADDRESS WEI first: scripts read the second field.
		fmt.Fprintf(e.Stdout, "%s %s %s\n", a.Hex(), b, formatWei(b))
	}
	if e.JSON {
		return writeJSON(e, bs)
	}
	return nil
}
