package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "hub", Summary: "forward conditional vouchers from clients to miners for a fee; show a hub's channels and routes", Run: runHub})
}

func runHub(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "hub", "a payment hub: clients with a channel to it pay miners they have no channel with; it forwards each "+
		"proof-locked lane voucher on its own channel to the next hop for a fee and claims its inbound lane once the chain proved the bytes", []subcommand{
		{"serve", "run a hub node on the chain and the NATS hub network", hubServe},
		{"channels", "the hub's inbound and outbound channels: deposit, remaining, reserved by routes, free, committed", hubChannels},
		{"routes", "the routes through the hub: lanes, expiries, bytes and amounts in and out, the fee kept", hubRoutes},
	}, args)
}

// hubConfigFile is what `hub serve` writes into its state directory once
// it serves, so that `hub channels|routes` show the same terms and the
// outbound channels no route used yet.
const (
	hubConfigFile    = "hub.json"
	maxHubConfigFile = 64 << 10
	maxHubOutChans   = 256
)

// hubConfig is the hub.json record.
type hubConfig struct {
	Hub                string   `json:"hub"`
	ChainID            string   `json:"chain_id"`
	Contract           string   `json:"contract"`
	FeeBaseWei         string   `json:"fee_base_wei"`
	FeePPM             uint32   `json:"fee_ppm"`
	ExpiryDeltaSeconds int64    `json:"expiry_delta_seconds"`
	OutChannels        []string `json:"out_channels"`
	// KeyFile is where the hub's key is (the status replays the journal
	// with it); the key itself is never written here.
	KeyFile string `json:"key_file,omitempty"`
}

// parseHubConfig decodes and checks a hub.json (size checked by the caller).
func parseHubConfig(b []byte) (*hubConfig, hub.Fee, []protocol.Element, error) {
	var c hubConfig
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, hub.Fee{}, nil, err
	}
	if !common.IsHexAddress(c.Hub) || !common.IsHexAddress(c.Contract) {
		return nil, hub.Fee{}, nil, fmt.Errorf("hub %q or contract %q is not an address", c.Hub, c.Contract)
	}
	base, ok := new(big.Int).SetString(c.FeeBaseWei, 10)
	if !ok || base.Sign() < 0 || base.BitLen() > 256 {
		return nil, hub.Fee{}, nil, fmt.Errorf("fee_base_wei %q is not an amount", c.FeeBaseWei)
	}
	if c.FeePPM > hub.PPM || c.ExpiryDeltaSeconds < 0 {
		return nil, hub.Fee{}, nil, fmt.Errorf("fee_ppm %d or expiry_delta_seconds %d out of range", c.FeePPM, c.ExpiryDeltaSeconds)
	}
	if len(c.KeyFile) > 4096 || strings.ContainsRune(c.KeyFile, 0) {
		return nil, hub.Fee{}, nil, fmt.Errorf("key_file is not a path")
	}
	if len(c.OutChannels) > maxHubOutChans {
		return nil, hub.Fee{}, nil, fmt.Errorf("%d outbound channels, at most %d", len(c.OutChannels), maxHubOutChans)
	}
	out := make([]protocol.Element, 0, len(c.OutChannels))
	for _, s := range c.OutChannels {
		id, err := parseElement(s)
		if err != nil {
			return nil, hub.Fee{}, nil, fmt.Errorf("out_channels: %w", err)
		}
		out = append(out, id)
	}
	return &c, hub.Fee{Base: base, PPM: c.FeePPM}, out, nil
}

func hubServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "hub serve", "run a hub node: it takes routes from clients (or hubs) that have a channel to it, reserves capacity on "+
		"its outbound channel to the next hop, forwards each lane voucher with its fee, announces its channels' free capacity and fees on "+
		"NATS (signed, checked against the chain by every reader), keeps every voucher in an fsynced journal before it answers, and "+
		"claims each inbound lane once the chain proved the target and revealed the preimage. A restart on the same --state resumes")
	state := fs.String("state", envOr("BWPROOF_HUB_STATE", "bwproof-hub"), "state directory: the hub's journal, its claims' journal, hub.json (env BWPROOF_HUB_STATE)")
	keyFile := fs.String("key", envOr("BWPROOF_HUB_KEY", ""), "secp256k1 key file (hex): client of the outbound channels, payee of the inbound ones, pays the gas of opening and claiming; default STATE/hub.key, created if missing (env BWPROOF_HUB_KEY)")
	rpc := fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the chain (required) (env BWPROOF_RPC)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address (required) (env BWPROOF_CONTRACT)")
	chainID := fs.String("chain-id", envOr("BWPROOF_CHAIN_ID", ""), "refuse to start unless --rpc is this chain (default: any) (env BWPROOF_CHAIN_ID)")
	nf := addNATSFlags(fs, "nats://127.0.0.1:4222")
	feeBase := fs.String("fee-base", "0", "fee per forwarded payment: this much (wei, or with gwei/ether) plus --fee-ppm of the amount forwarded")
	feePPM := fs.Uint("fee-ppm", 1000, "fee per forwarded payment, in millionths of the amount forwarded (rounded up)")
	expiry := fs.Duration("expiry-delta", hub.DefaultExpiryDelta, "how much later the inbound voucher of a route expires than its outbound one: the time the hub has to claim after the next hop revealed the preimage")
	minOut := fs.Duration("min-out-remaining", hub.DefaultMinOutRemaining, "refuse a route whose outbound voucher would leave the next hop less time than this to claim")
	announce := fs.Duration("announce-every", hub.DefaultAnnounceInterval, "announce the channels' capacity and fees this often (and on every capacity change); clients wait for an announcement before they route")
	outChans := fs.String("out-channel", "", "outbound channels (this hub is their client) to forward on as they are, comma-separated 0xIDs")
	open := fs.String("open", "", "one open outbound channel to each PEER, comma-separated PEER:DEPOSIT:PRICE (PEER a miner's or hub's 0x address; "+
		"DEPOSIT and PRICE per byte in wei, or with gwei/ether): the one this hub opened before if it is still open, else opened now")
	period := fs.Duration("challenge-period", 24*time.Hour, "with --open: the challenge period of a channel opened (whole seconds; the peer must accept it, a miner node's --min-challenge-period)")
	poll := fs.Duration("poll", node.DefaultSettlePoll, "how often the contract's events are read and claims are tried (a proof or a revealed preimage triggers a claim at once)")
	confirmations := fs.Uint64("confirmations", 0, "blocks an event must be under the head before the hub acts on it (reorg safety; e.g. 12 on a public chain, 0 on a dev chain)")
	fromBlock := fs.Uint64("from-block", 0, "first block whose events are read: at or before the hub's first channel")
	metricsAddr := fs.String("metrics", envOr("BWPROOF_HUB_METRICS", ""), "serve Prometheus /metrics on this address, e.g. 127.0.0.1:9102 (env BWPROOF_HUB_METRICS; default off)")
	reqTimeout := fs.Duration("request-timeout", hub.DefaultRequestTimeout, "how long to wait for the next hub's answer when forwarding")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	base, err := parseWei("fee-base", *feeBase)
	if err != nil {
		return err
	}
	if *feePPM > hub.PPM {
		return fmt.Errorf("%w: --fee-ppm %d: at most %d (the whole amount)", errUsage, *feePPM, hub.PPM)
	}
	fee := hub.Fee{Base: base, PPM: uint32(*feePPM)}
	if *expiry < time.Second || *minOut < 0 || *poll <= 0 || *reqTimeout <= 0 || *announce < time.Second {
		return fmt.Errorf("%w: --expiry-delta and --announce-every must be at least 1s, --poll and --request-timeout positive", errUsage)
	}
	if *minOut >= *expiry {
		// The next hop's claim window must fit in the time this hub adds.
		return fmt.Errorf("%w: --min-out-remaining %s must be below --expiry-delta %s", errUsage, *minOut, *expiry)
	}
	out, err := parseElements("out-channel", *outChans)
	if err != nil {
		return err
	}
	ensure, err := parseOpenFlag(*open, *period)
	if err != nil {
		return err
	}
	if !common.IsHexAddress(*contract) {
		return fmt.Errorf("%w: --contract %q is not an address (the ChannelManager; required)", errUsage, *contract)
	}
	if *rpc == "" {
		return fmt.Errorf("%w: --rpc is required (a hub's channels and claims are on chain)", errUsage)
	}
	if *nf.url == "" {
		return fmt.Errorf("%w: --nats is required (the hub network)", errUsage)
	}
	if *keyFile == "" {
		*keyFile = filepath.Join(*state, "hub.key")
	}
	key, err := loadOrCreateKey(e, *keyFile)
	if err != nil {
		return err
	}
	mgr, err := dialManager(ctx, e, *rpc, common.HexToAddress(*contract))
	if err != nil {
		return err
	}
	defer mgr.Chain().Close()
	if *chainID != "" {
		want, ok := new(big.Int).SetString(*chainID, 10)
		if !ok {
			return fmt.Errorf("%w: --chain-id %q is not an integer", errUsage, *chainID)
		}
		if want.Cmp(mgr.Domain().ChainID) != 0 {
			return fmt.Errorf("%w: --chain-id %s, but %s is chain %s", errUsage, want, *rpc, mgr.Domain().ChainID)
		}
	}
	nc, err := nf.connect(e, *nf.url, "bwproof-hub")
	if err != nil {
		return err
	}
	defer nc.Close()
	n, err := node.NewHubNode(node.HubNodeOptions{Key: key, Manager: mgr, NC: nc, StateDir: *state, Fee: fee,
		ExpiryDelta: *expiry, MinOutRemaining: *minOut, AnnounceInterval: *announce, RequestTimeout: *reqTimeout,
		OutChannels: out, EnsureOut: ensure, ClaimInterval: *poll, Log: e.Log,
		Watch: contracts.WatchOptions{Confirmations: *confirmations, FromBlock: *fromBlock, PollInterval: *poll}})
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- n.Run(ctx) }()
	select {
	case <-n.Ready():
	case err := <-errc:
		return err
	}
	stopMetrics, err := serveMetrics(e, *metricsAddr, "hub", hub.NewCollector(n.Hub()))
	if err != nil {
		return err
	}
	defer stopMetrics()
	st, err := n.Status(ctx)
	if err != nil {
		return err
	}
	cfg := hubConfig{Hub: n.Address().Hex(), ChainID: mgr.Domain().ChainID.String(), Contract: mgr.Address().Hex(),
		FeeBaseWei: base.String(), FeePPM: fee.PPM, ExpiryDeltaSeconds: int64(*expiry / time.Second), OutChannels: []string{}}
	if abs, err := filepath.Abs(*keyFile); err == nil {
		cfg.KeyFile = abs
	}
	for _, id := range n.OutChannels() {
		cfg.OutChannels = append(cfg.OutChannels, id.String())
	}
	if err := writeHubConfig(*state, &cfg); err != nil {
		e.Log.Warn("hub.json not written: 'hub channels' will not list unused outbound channels", "err", err)
	}
	for _, c := range st.Outbound {
		fmt.Fprintf(e.Stdout, "outbound channel %s to %s: %s, deposit %s, %s free\n", c.ID, c.Peer, c.State, weiText(c.DepositWei), weiText(c.FreeWei))
	}
	// The ready line last: scripts wait for it.
	fmt.Fprintf(e.Stdout, "hub %s serving on %s (chain %s, contract %s, fee %s, expiry delta %s, %d outbound channels, state %s)\n",
		n.Address().Hex(), *nf.url, mgr.Domain().ChainID, mgr.Address().Hex(), fee, *expiry, len(st.Outbound), *state)
	err = <-errc
	e.Log.Info("hub stopped", "hub", n.Address().Hex(), "claims_sent", n.Claimed())
	return err
}

// writeHubConfig replaces STATE/hub.json atomically.
func writeHubConfig(dir string, c *hubConfig) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, hubConfigFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, hubConfigFile))
}

// parseElements reads comma-separated 0x ids.
func parseElements(flagName, s string) ([]protocol.Element, error) {
	var out []protocol.Element
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		id, err := parseElement(p)
		if err != nil {
			return nil, fmt.Errorf("%w: --%s: %w", errUsage, flagName, err)
		}
		out = append(out, id)
	}
	return out, nil
}

// parseOpenFlag reads --open: PEER:DEPOSIT:PRICE entries.
func parseOpenFlag(s string, period time.Duration) ([]contracts.OpenParams, error) {
	var out []contracts.OpenParams
	seen := map[common.Address]bool{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		parts := strings.Split(p, ":")
		if len(parts) != 3 {
			return nil, fmt.Errorf("%w: --open %q is not PEER:DEPOSIT:PRICE", errUsage, p)
		}
		peer, err := parseAddress("open", parts[0])
		if err != nil {
			return nil, err
		}
		dep, err := parseWei("open", parts[1])
		if err != nil {
			return nil, err
		}
		price, err := parseWei("open", parts[2])
		if err != nil {
			return nil, err
		}
		if dep.Sign() <= 0 || price.Sign() <= 0 {
			return nil, fmt.Errorf("%w: --open %q: the deposit and the price must be positive", errUsage, p)
		}
		if seen[peer] {
			return nil, fmt.Errorf("%w: --open: %s given twice", errUsage, peer.Hex())
		}
		seen[peer] = true
		out = append(out, contracts.OpenParams{Miner: peer, PricePerByte: price, ChallengePeriod: period, Deposit: dep})
	}
	if len(out) > 0 && (period < time.Second || period%time.Second != 0) {
		return nil, fmt.Errorf("%w: --challenge-period %s: want whole seconds", errUsage, period)
	}
	return out, nil
}

// hubStatusFlags are the flags of hub channels and hub routes.
type hubStatusFlags struct {
	state, keyFile, rpc, contract *string
	json                          *bool
}

func addHubStatusFlags(fs interface {
	String(string, string, string) *string
	Bool(string, bool, string) *bool
}) *hubStatusFlags {
	return &hubStatusFlags{
		state:    fs.String("state", envOr("BWPROOF_HUB_STATE", "bwproof-hub"), "the hub's state directory (env BWPROOF_HUB_STATE)"),
		keyFile:  fs.String("key", envOr("BWPROOF_HUB_KEY", ""), "the hub's key file; default the one 'hub serve' used (recorded in STATE/hub.json), else STATE/hub.key (env BWPROOF_HUB_KEY)"),
		rpc:      fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the chain: the channels are read there (required) (env BWPROOF_RPC)"),
		contract: fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address; default the one in STATE/hub.json (env BWPROOF_CONTRACT)"),
		json:     fs.Bool("json", false, "print the hub's status as JSON (amounts in wei as decimal strings)"),
	}
}

// read builds the status from the state directory (a running hub is not
// disturbed: its journal is replayed from a copy) and the chain.
func (f *hubStatusFlags) read(ctx context.Context, e *env) (*node.HubStatus, error) {
	if *f.rpc == "" {
		return nil, fmt.Errorf("%w: --rpc is required (the channels are read on chain)", errUsage)
	}
	if st, err := os.Stat(*f.state); err != nil {
		return nil, &inputError{What: "hub state directory (the --state of 'hub serve')", Path: *f.state, Err: err}
	} else if !st.IsDir() {
		return nil, &inputError{What: "hub state directory (the --state of 'hub serve')", Path: *f.state, Err: errors.New("not a directory")}
	}
	opts := node.HubNodeOptions{StateDir: *f.state}
	contract := *f.contract
	path := filepath.Join(*f.state, hubConfigFile)
	b, err := fsutil.ReadFileLimit(path, maxHubConfigFile)
	switch {
	case err == nil:
		cfg, fee, out, perr := parseHubConfig(b)
		if perr != nil {
			return nil, &inputError{What: "hub record (written by 'hub serve')", Path: path, Err: perr}
		}
		opts.Fee, opts.OutChannels, opts.ExpiryDelta = fee, out, time.Duration(cfg.ExpiryDeltaSeconds)*time.Second
		if *f.keyFile == "" {
			*f.keyFile = cfg.KeyFile
		}
		if contract == "" {
			contract = cfg.Contract
		} else if !strings.EqualFold(contract, cfg.Contract) {
			return nil, fmt.Errorf("%w: --contract %s, but the hub in %s serves %s", errUsage, contract, *f.state, cfg.Contract)
		}
	case errors.Is(err, os.ErrNotExist):
		e.Log.Warn("no hub.json in the state directory (the hub never served): fees and unused outbound channels unknown", "state", *f.state)
	default:
		return nil, &inputError{What: "hub record (written by 'hub serve')", Path: path, Err: err}
	}
	if !common.IsHexAddress(contract) {
		return nil, fmt.Errorf("%w: --contract %q is not an address", errUsage, contract)
	}
	if *f.keyFile == "" {
		*f.keyFile = filepath.Join(*f.state, "hub.key")
	}
	key, err := loadKeyFile(*f.keyFile)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &inputError{What: "hub key file", Path: *f.keyFile, Err: err}
		}
		return nil, err
	}
	opts.Key = key
	mgr, err := dialManager(ctx, e, *f.rpc, common.HexToAddress(contract))
	if err != nil {
		return nil, err
	}
	defer mgr.Chain().Close()
	opts.Manager = mgr
	return node.ReadHubStatus(ctx, opts)
}

func hubChannels(ctx context.Context, e *env, args []string) error {
	return hubStatusCommand(ctx, e, args, "hub channels", "per channel of the hub, inbound (clients and hubs paying it) and outbound (to the miners and hubs it pays): "+
		"state, deposit, what is left of it, what live routes reserve of it, what a new route can take, the latest vouchers' sum; "+
		"from the state directory and the chain (a running hub is not disturbed)", printHubChannels)
}

func hubRoutes(ctx context.Context, e *env, args []string) error {
	return hubStatusCommand(ctx, e, args, "hub routes", "per route through the hub: its state (live, expired, released), the miner, the inbound and outbound "+
		"channel and lane with their expiries, the bytes paid so far, the amounts in and out and the fee kept, what the chain paid on each lane", printHubRoutes)
}

// hubStatusCommand reads the hub's status and prints it as JSON or with
// print: the views of `hub channels` and `hub routes`.
func hubStatusCommand(ctx context.Context, e *env, args []string, name, usage string, print func(io.Writer, *node.HubStatus) error) error {
	fs := newFlags(e, name, usage)
	f := addHubStatusFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := f.read(ctx, e)
	if err != nil {
		return err
	}
	if *f.json || e.JSON {
		return writeJSON(e, st)
	}
	return print(e.Stdout, st)
}

// weiText is a status amount (decimal wei) for people.
func weiText(s string) string {
	if s == "" {
		return "-"
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return s
	}
	return formatWei(n)
}

func shortID(s string) string {
	if len(s) <= 16 {
		return s
	}
	return s[:10] + "…" + s[len(s)-4:]
}

func printHubHeader(w io.Writer, st *node.HubStatus) {
	fee := "?"
	if base, ok := new(big.Int).SetString(st.FeeBaseWei, 10); ok {
		fee = hub.Fee{Base: base, PPM: st.FeePPM}.String()
	}
	fmt.Fprintf(w, "hub %s: fee %s, expiry delta %ds; %d inbound, %d outbound channels, %d routes\n", st.Hub, fee,
		st.ExpiryDeltaSeconds, len(st.Inbound), len(st.Outbound), len(st.Routes))
}

func printHubChannels(w io.Writer, st *node.HubStatus) error {
	printHubHeader(w, st)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DIR\tCHANNEL\tPEER\tSTATE\tDEPOSIT\tREMAINING\tRESERVED\tFREE\tCOMMITTED\tROUTES")
	rows := func(dir string, cs []node.HubChannelStatus) {
		for _, c := range cs {
			if c.Error != "" {
				fmt.Fprintf(tw, "%s\t%s\t-\tunreadable: %s\t\t\t\t\t\t%d\n", dir, c.ID, c.Error, c.Routes)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", dir, c.ID, c.Peer, c.State, weiText(c.DepositWei),
				weiText(c.RemainingWei), weiText(c.ReservedWei), weiText(c.FreeWei), weiText(c.CommittedWei), c.Routes)
		}
	}
	rows("in", st.Inbound)
	rows("out", st.Outbound)
	return tw.Flush()
}

func printHubRoutes(w io.Writer, st *node.HubStatus) error {
	printHubHeader(w, st)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUTE\tSTATE\tMINER\tIN CHANNEL/LANE\tOUT CHANNEL/LANE\tIN EXPIRES\tBYTES\tIN\tOUT\tFEE KEPT\tIN WITHDRAWN\tOUT WITHDRAWN")
	for _, r := range st.Routes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s/%d\t%s/%d\t%s\t%d/%d\t%s\t%s\t%s\t%s\t%s\n", shortID(r.ID), r.State, r.Miner,
			shortID(r.InChannel), r.InLane, shortID(r.OutChannel), r.OutLane, time.Unix(r.InValidUntil, 0).UTC().Format(time.RFC3339),
			r.Bytes, r.MaxBytes, weiText(r.InWei), weiText(r.OutWei), weiText(r.FeeWei), weiText(r.InWithdrawnWei), weiText(r.OutWithdrawnWei))
	}
	return tw.Flush()
}
