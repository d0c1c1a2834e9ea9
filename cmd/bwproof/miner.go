package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/relay"
	"github.com/bwproof/bwproof/verifier"
)

func init() {
	register(command{Name: "miner", Summary: "serve content to paying clients (with --rpc, a node that settles by itself); import files; export ledgers; status", Run: runMiner})
}

func runMiner(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "miner", "serve content-addressed objects over TCP, paid step by step with vouchers and receipts; with --rpc, a miner node that settles by itself", []subcommand{
		{"serve", "serve the store's objects to paying clients", minerServe},
		{"add", "import files into the store and print their object ids", minerAdd},
		{"export", "write a channel's accepted steps as a session file for 'attest prove'", minerExport},
		{"status", "per channel: served, paid, proven, withdrawn, and the next settlement and why", minerStatus},
	}, args)
}

func minerServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "miner serve", "serve the store's objects over TCP; every accepted voucher is on disk before it is acknowledged. "+
		"With --rpc and --contract it runs as a miner node: it serves only channels the chain backs (never beyond their remaining deposit) "+
		"and proves and withdraws what it was paid by itself (on a close, at --settle-threshold, before a deadline)")
	store := fs.String("store", envOr("BWPROOF_STORE", "bwproof-store"), "object store directory (env BWPROOF_STORE)")
	ledger := fs.String("ledger", envOr("BWPROOF_LEDGER", "bwproof-ledger"), "ledger directory: channels, accepted steps, reports (env BWPROOF_LEDGER)")
	listen := fs.String("listen", envOr("BWPROOF_MINER_LISTEN", "127.0.0.1:7480"), "TCP address to listen on (env BWPROOF_MINER_LISTEN)")
	keyFile := fs.String("key", envOr("BWPROOF_MINER_KEY", ""), "secp256k1 key file (hex) signing chunk headers and reports, and paying the settler's gas with --rpc; default LEDGER/miner.key, created if missing (env BWPROOF_MINER_KEY)")
	credit := fs.String("credit", envOr("BWPROOF_MINER_CREDIT", strconv.Itoa(challenge.DefaultCreditLimit)), "most unpaid bytes one channel may hold, across its connections; for channels not verified on chain also the most for one client key across all its channels (env BWPROOF_MINER_CREDIT)")
	maxUnpaid := fs.String("max-unpaid", envOr("BWPROOF_MINER_MAX_UNPAID", ""), fmt.Sprintf("most unpaid bytes all channels not verified on chain may hold together, owed or reserved; bytes still owed when a connection ends count for --unpaid-hold (default %d × --credit; env BWPROOF_MINER_MAX_UNPAID)", challenge.DefaultMaxUnpaidCredits))
	unpaidHold := fs.Duration("unpaid-hold", challenge.DefaultUnpaidHold, "how long bytes a channel still owes after its last connection count against its credit, its client key's and --max-unpaid; strangers can take at most --max-unpaid per --unpaid-hold without paying")
	minPrice := fs.String("min-price", envOr("BWPROOF_MINER_MIN_PRICE", "0"), "lowest price per byte accepted, in wei (env BWPROOF_MINER_MIN_PRICE)")
	chain := fs.String("chain-id", envOr("BWPROOF_CHAIN_ID", ""), "accept vouchers only for this chain id (with --contract; default: any; with --rpc, checked against the node's) (env BWPROOF_CHAIN_ID)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "accept vouchers only for this channel contract (env BWPROOF_CONTRACT)")
	maxWindow := fs.Int("max-window", challenge.DefaultMaxWindow, "largest window (chunks) a channel may use")
	payTimeout := fs.Duration("payment-timeout", challenge.DefaultPaymentTimeout, "how long to wait for a voucher once the credit is used up")
	idle := fs.Duration("idle-timeout", challenge.DefaultIdleTimeout, "close connections silent for this long")
	progress := fs.Duration("progress-timeout", challenge.DefaultProgressTimeout, "close a connection that goes this long without an accepted payment (hello counts as the first), whatever else it sends")
	maxConns := fs.Int("max-conns", challenge.DefaultMaxConns, "most open client connections; more are closed at once")
	maxConnsPerIP := fs.Int("max-conns-per-ip", challenge.DefaultMaxConnsPerIP, "most open connections from one remote address (IPv6: one /64); more are closed at once")
	metricsAddr := fs.String("metrics", envOr("BWPROOF_MINER_METRICS", ""), "serve Prometheus /metrics on this address, e.g. 127.0.0.1:9101 (env BWPROOF_MINER_METRICS; default off)")
	faults := addFaultFlags(fs)
	nodeFlags := addMinerNodeFlags(fs)
	relayF := addRelayFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	fl, err := faults.parse()
	if err != nil {
		return err
	}
	creditN, err := parseSize(*credit)
	if err != nil {
		return fmt.Errorf("%w: --credit: %w", errUsage, err)
	}
	var maxUnpaidN uint64
	if *maxUnpaid != "" {
		if maxUnpaidN, err = parseSize(*maxUnpaid); err != nil || maxUnpaidN == 0 {
			return fmt.Errorf("%w: --max-unpaid %q: want a byte count above 0", errUsage, *maxUnpaid)
		}
	}
	if *maxConns < 1 || *maxConnsPerIP < 1 {
		return fmt.Errorf("%w: --max-conns %d, --max-conns-per-ip %d: want at least 1", errUsage, *maxConns, *maxConnsPerIP)
	}
	if *progress <= 0 || *unpaidHold <= 0 {
		return fmt.Errorf("%w: --progress-timeout and --unpaid-hold must be positive", errUsage)
	}
	price, ok := new(big.Int).SetString(*minPrice, 10)
	if !ok || price.Sign() < 0 {
		return fmt.Errorf("%w: --min-price %q is not a non-negative integer", errUsage, *minPrice)
	}
	var domain *protocol.ChainDomain
	if *nodeFlags.rpc == "" {
		if domain, err = domainFlags(*chain, *contract, false); err != nil {
			return err
		}
	}
	st, err := challenge.OpenStore(*store)
	if err != nil {
		return err
	}
	defer st.Close()
	led, err := challenge.OpenLedger(*ledger)
	if err != nil {
		return err
	}
	if *keyFile == "" {
		*keyFile = filepath.Join(*ledger, "miner.key")
	}
	key, err := loadOrCreateKey(e, *keyFile)
	if err != nil {
		return err
	}
	reports, err := challenge.OpenReportLog(filepath.Join(*ledger, "reports"), key)
	if err != nil {
		return err
	}
	mo := challenge.MinerOptions{Store: st, Ledger: led, Key: key, Reports: reports,
		CreditLimit: creditN, MinPrice: price, Domain: domain, MaxWindowChunks: *maxWindow,
		PaymentTimeout: *payTimeout, IdleTimeout: *idle, Faults: fl, Log: e.Log,
		MaxUnpaid: maxUnpaidN, UnpaidHold: *unpaidHold, ProgressTimeout: *progress,
		MaxConns: *maxConns, MaxConnsPerIP: *maxConnsPerIP}
	if fl != nil {
		e.Log.Warn("FAULTY MINER: misbehaving on purpose (--fault-* flags are for tests and demos only)",
			"corrupt", *faults.mode, "corrupt_chunk", *faults.chunk, "wrong_probe", *faults.wrongProbe)
	}
	xo, err := relayF.exitOptions(e, &mo)
	if err != nil {
		return err
	}
	if *nodeFlags.rpc != "" {
		return nodeFlags.serve(ctx, e, mo, *chain, *contract, *ledger, *listen, *metricsAddr, xo)
	}
	m, err := challenge.NewMiner(mo)
	if err != nil {
		return err
	}
	stopMetrics, err := serveMinerMetrics(e, *metricsAddr, m)
	if err != nil {
		m.Close()
		return err
	}
	defer stopMetrics()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		m.Close()
		return err
	}
	sl, closeExit, err := relayListener(ctx, ln, xo, nil)
	if err != nil {
		m.Close()
		ln.Close()
		return err
	}
	defer closeExit()
	fmt.Fprintf(e.Stdout, "miner %s listening on %s (store %s, ledger %s)\n", m.Address().Hex(), ln.Addr(), *store, *ledger)
	err = m.Serve(ctx, sl)
	m.Close()
	return err
}

// serveMinerMetrics serves /metrics on addr ("" = off): the Go runtime and
// process collectors, bwproof_build_info and m's Stats read at each scrape.
// It returns what stops the server.
func serveMinerMetrics(e *env, addr string, m *challenge.Miner) (func(), error) {
	return serveMetrics(e, addr, "miner", challenge.NewMinerCollector(m))
}

// serveMetrics serves /metrics on addr ("" = off) with the runtime
// registry (Go, process, bwproof_build_info) and the role's collectors.
func serveMetrics(e *env, addr, role string, cs ...prometheus.Collector) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	reg := verifier.NewRuntimeRegistry()
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("%s metrics: %w", role, err)
		}
	}
	ms, err := verifier.ServeMetrics(addr, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), e.Log)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(e.Stdout, "metrics on http://%s/metrics\n", ms.Addr())
	return func() { ms.Close() }, nil
}

// minerNodeFlags turn `miner serve` into a miner node on chain.
type minerNodeFlags struct {
	rpc, keys, state, payees, threshold, maxGas *string
	minPeriod, margin, poll                     *time.Duration
	confirmations                               *uint64
	nats                                        *natsFlags
}

func addMinerNodeFlags(fs *flag.FlagSet) *minerNodeFlags {
	return &minerNodeFlags{
		rpc:    fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the chain: run as a miner node on --contract (env BWPROOF_RPC)"),
		keys:   fs.String("keys", envOr("BWPROOF_KEYS", ""), "with --rpc: proving key set directory; the settler proves the vouchers it withdraws (env BWPROOF_KEYS)"),
		state:  fs.String("state", envOr("BWPROOF_MINER_STATE", ""), "with --rpc: settler state directory (fsynced journal of settlements, proofs made); default LEDGER/settler (env BWPROOF_MINER_STATE)"),
		payees: fs.String("payee", "", "with --rpc: other addresses channels may pay instead of the miner (its Owner), comma-separated"),
		minPeriod: fs.Duration("min-challenge-period", node.DefaultMinChallengePeriod, "with --rpc: refuse channels whose challenge period is shorter "+
			"(the contract accepts 1s, which lets a client close and finalize before any settler acts); keep it well above --settle-margin"),
		threshold:     fs.String("settle-threshold", envOr("BWPROOF_SETTLE_THRESHOLD", ""), "with --rpc: withdraw an open channel once its unsettled amount (latest voucher − withdrawn) reaches this (wei, or with gwei/ether); default: only when a channel closes (env BWPROOF_SETTLE_THRESHOLD)"),
		maxGas:        fs.String("max-gas-price", envOr("BWPROOF_MAX_GAS_PRICE", ""), "with --rpc: defer withdrawals while the gas price is above this (wei, or with gwei/ether), except within --settle-margin of a challenge deadline; default: no cap (env BWPROOF_MAX_GAS_PRICE)"),
		margin:        fs.Duration("settle-margin", node.DefaultDeadlineMargin, "with --rpc: withdraw a closing channel this long before its challenge period ends, whatever the gas price"),
		poll:          fs.Duration("settle-poll", node.DefaultSettlePoll, "with --rpc: how often the settler reads the contract's events and decides"),
		confirmations: fs.Uint64("confirmations", 0, "with --rpc: blocks an event must be under the head before the settler acts on it (reorg safety; e.g. 12 on a public chain, 0 on a dev chain)"),
		nats:          addNATSFlags(fs, ""),
	}
}

// serve runs a node.MinerNode: flags to options, one library call.
func (f *minerNodeFlags) serve(ctx context.Context, e *env, mo challenge.MinerOptions, chainID, contract, ledgerDir, listen, metricsAddr string, xo *relay.ExitOptions) error {
	if !common.IsHexAddress(contract) {
		return fmt.Errorf("%w: --contract %q is not an address (required with --rpc)", errUsage, contract)
	}
	if *f.keys == "" {
		return fmt.Errorf("%w: --keys is required with --rpc (the settler proves what it withdraws)", errUsage)
	}
	policy := node.AutoSettle{DeadlineMargin: *f.margin}
	var err error
	if *f.threshold != "" {
		if policy.SettleThreshold, err = parseWei("settle-threshold", *f.threshold); err != nil {
			return err
		}
	}
	if *f.maxGas != "" {
		if policy.MaxGasPrice, err = parseWei("max-gas-price", *f.maxGas); err != nil {
			return err
		}
	}
	if *f.minPeriod <= *f.margin {
		return fmt.Errorf("%w: --min-challenge-period %s must exceed --settle-margin %s", errUsage, *f.minPeriod, *f.margin)
	}
	var payees []common.Address
	for _, p := range strings.Split(*f.payees, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		a, err := parseAddress("payee", p)
		if err != nil {
			return err
		}
		payees = append(payees, a)
	}
	keys, err := attest.LoadKeys(*f.keys)
	if err != nil {
		return err
	}
	cf := &chainFlags{rpc: f.rpc, keyFile: new(string)}
	ch, _, err := cf.dial(ctx, e, false)
	if err != nil {
		return err
	}
	defer ch.Close()
	if chainID != "" {
		want, ok := new(big.Int).SetString(chainID, 10)
		if !ok {
			return fmt.Errorf("%w: --chain-id %q is not an integer", errUsage, chainID)
		}
		if want.Cmp(ch.ChainID()) != 0 {
			return fmt.Errorf("%w: --chain-id %s, but %s is chain %s", errUsage, want, *f.rpc, ch.ChainID())
		}
	}
	m, err := contracts.NewManager(ctx, ch, common.HexToAddress(contract))
	if err != nil {
		return err
	}
	var vc *verifier.Client
	if *f.nats.url != "" {
		nc, err := f.nats.connect(e, *f.nats.url, "bwproof-miner")
		if err != nil {
			return err
		}
		defer nc.Close()
		vc = verifier.NewClient(nc, verifier.ClientOptions{})
	}
	state := *f.state
	if state == "" {
		state = filepath.Join(ledgerDir, "settler")
	}
	n, err := node.NewMinerNode(node.MinerNodeOptions{Manager: m, Miner: mo, Log: e.Log,
		Channels: node.ChainChannelsOptions{MinChallengePeriod: *f.minPeriod, Payees: payees},
		Settler: node.SettlerOptions{Keys: keys, StateDir: state, Verifier: vc, Policy: policy, PollInterval: *f.poll,
			Watch: contracts.WatchOptions{Confirmations: *f.confirmations}}})
	if err != nil {
		return err
	}
	defer n.Close()
	stopMetrics, err := serveMinerMetrics(e, metricsAddr, n.Miner())
	if err != nil {
		return err
	}
	defer stopMetrics()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	if xo != nil {
		// The exit's sessions are judged on chain like the miner's, and
		// its steps land in the same ledger the settler withdraws from.
		xo.Domain = &protocol.ChainDomain{ChainID: m.Domain().ChainID, Contract: m.Domain().Contract}
		sl, closeExit, err := relayListener(ctx, ln, xo, n.Channels().CheckChannel)
		if err != nil {
			ln.Close()
			return err
		}
		defer closeExit()
		ln = sl
	}
	fmt.Fprintf(e.Stdout, "miner node %s listening on %s (chain %s, contract %s, ledger %s, settler state %s)\n",
		n.Miner().Address().Hex(), ln.Addr(), ch.ChainID(), m.Address().Hex(), ledgerDir, state)
	return n.Run(ctx, ln)
}

func minerStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "miner status", "per channel: bytes served, paid, proven and withdrawn, and the next settlement and why (from the ledger, the settler's journal and proofs, and with --rpc the chain)")
	ledger := fs.String("ledger", envOr("BWPROOF_LEDGER", "bwproof-ledger"), "ledger directory (env BWPROOF_LEDGER)")
	state := fs.String("state", envOr("BWPROOF_MINER_STATE", ""), "settler state directory; default LEDGER/settler (env BWPROOF_MINER_STATE)")
	rpc := fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL: read each channel on chain and decide the next settlement (env BWPROOF_RPC)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address, with --rpc (env BWPROOF_CONTRACT)")
	threshold := fs.String("settle-threshold", envOr("BWPROOF_SETTLE_THRESHOLD", ""), "the node's --settle-threshold, for the next decision")
	maxGas := fs.String("max-gas-price", envOr("BWPROOF_MAX_GAS_PRICE", ""), "the node's --max-gas-price, for the next decision")
	margin := fs.Duration("settle-margin", node.DefaultDeadlineMargin, "the node's --settle-margin, for the next decision")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	led, err := challenge.OpenLedger(*ledger)
	if err != nil {
		return err
	}
	if *state == "" {
		*state = filepath.Join(*ledger, "settler")
	}
	opts := node.StatusOptions{Ledger: led, StateDir: *state, Policy: node.AutoSettle{DeadlineMargin: *margin}}
	if *threshold != "" {
		if opts.Policy.SettleThreshold, err = parseWei("settle-threshold", *threshold); err != nil {
			return err
		}
	}
	if *maxGas != "" {
		if opts.Policy.MaxGasPrice, err = parseWei("max-gas-price", *maxGas); err != nil {
			return err
		}
	}
	if *rpc != "" {
		mf := &managerFlags{chain: &chainFlags{rpc: rpc, keyFile: new(string)}, contract: contract}
		m, _, err := mf.openKey(ctx, e, false)
		if err != nil {
			return err
		}
		defer m.Chain().Close()
		opts.Manager = m
	}
	st, err := node.ReadStatus(ctx, opts)
	if err != nil {
		return err
	}
	if *asJSON || e.JSON {
		return writeWeiJSON(e, st)
	}
	return printMinerStatus(e.Stdout, &st)
}

func printMinerStatus(w io.Writer, st *node.Status) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHANNEL\tSTATE\tSERVED\tPAID (WEI)\tNONCE\tPROVEN\tWITHDRAWN (WEI)\tSETTLED\tJOURNAL\tNEXT")
	orDash := func(b *big.Int) string {
		if b == nil {
			return "-"
		}
		return b.String()
	}
	for _, c := range st.Channels {
		id := c.Channel.String()
		next := c.Next.Reason
		if c.Next.Settle {
			next = "settle now: " + next
		}
		if c.Next.Unsettled != nil && c.Next.Unsettled.Sign() > 0 {
			next += fmt.Sprintf(" (unsettled %s wei", c.Next.Unsettled)
			if c.Next.Threshold != nil {
				next += ", threshold " + c.Next.Threshold.String()
			}
			if c.Next.GasPrice != nil {
				next += ", gas " + c.Next.GasPrice.String()
			}
			if !c.Next.Deadline.IsZero() {
				next += ", deadline " + c.Next.Deadline.UTC().Format(time.RFC3339)
			}
			next += ")"
		}
		proven := "-"
		if c.ProvenNonce > 0 {
			proven = fmt.Sprintf("%d B @%d", c.ProvenBytes, c.ProvenNonce)
		}
		journal := c.Journal
		if journal == "" {
			journal = "-"
		}
		fmt.Fprintf(tw, "%s…%s\t%s\t%d B\t%s\t%d\t%s\t%s\t%d\t%s\t%s\n", id[:10], id[len(id)-6:], c.State, c.BytesServed,
			orDash(c.PaidWei), c.Nonce, proven, orDash(c.WithdrawnWei), c.SettledNonce, journal, next)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d channels, %d proofs made, %d withdrawals, %d gas (%s wei)\n", len(st.Channels), st.Proofs,
		st.Withdrawals, st.GasUsed, orDash(st.GasWei))
	return err
}

// faultFlags make `miner serve` misbehave on purpose, so that clients'
// detection, reports and the verifier's flagging can be exercised across
// processes (the multi-process test, demos). Never set them on a real
// miner: it gets reported and flagged.
type faultFlags struct {
	chunk      *int64
	mode       *string
	wrongProbe *int
}

func addFaultFlags(fs *flag.FlagSet) *faultFlags {
	return &faultFlags{
		chunk: fs.Int64("fault-corrupt-chunk", -1, "TESTS AND DEMOS ONLY: corrupt this object chunk (0-based) when sending it (-1: never)"),
		mode: fs.String("fault-corrupt-mode", "provable", "TESTS AND DEMOS ONLY: how --fault-corrupt-chunk corrupts: provable "+
			"(a signed header contradicting the object id: the client's report proves it) or bytes (wrong bytes under the honest header: a complaint)"),
		wrongProbe: fs.Int("fault-wrong-probe", 0, "TESTS AND DEMOS ONLY: answer possession probes wrongly from the N-th on (0: never)"),
	}
}

// parse returns the faults asked for, nil for an honest miner.
func (f *faultFlags) parse() (*challenge.Faults, error) {
	var fl challenge.Faults
	if *f.chunk < -1 {
		return nil, fmt.Errorf("%w: --fault-corrupt-chunk %d: want a chunk index or -1", errUsage, *f.chunk)
	}
	if *f.chunk >= 0 {
		fl.CorruptChunk = uint64(*f.chunk)
		switch *f.mode {
		case "provable":
			fl.Corrupt = challenge.CorruptProvable
		case "bytes":
			fl.Corrupt = challenge.CorruptBytes
		default:
			return nil, fmt.Errorf("%w: --fault-corrupt-mode %q: want provable or bytes", errUsage, *f.mode)
		}
	}
	if *f.wrongProbe < 0 {
		return nil, fmt.Errorf("%w: --fault-wrong-probe %d: want N >= 0", errUsage, *f.wrongProbe)
	}
	fl.WrongProbe = *f.wrongProbe
	if fl == (challenge.Faults{}) {
		return nil, nil
	}
	return &fl, nil
}

func minerAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "miner add", "import FILE... into the store; prints one object id (hex) per file")
	store := fs.String("store", envOr("BWPROOF_STORE", "bwproof-store"), "object store directory (env BWPROOF_STORE)")
	chunk := fs.String("chunk-size", envOr("BWPROOF_CHUNK_SIZE", strconv.Itoa(challenge.DefaultChunkSize)), "chunk size in bytes, at most 1 MiB (env BWPROOF_CHUNK_SIZE)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: no FILE given", errUsage)
	}
	cs, err := parseSize(*chunk)
	if err != nil || cs == 0 || cs > protocol.MaxChunkSize {
		return fmt.Errorf("%w: --chunk-size %q: want 1..%d bytes", errUsage, *chunk, protocol.MaxChunkSize)
	}
	st, err := challenge.OpenStore(*store)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, f := range files {
		id, err := st.AddFile(f, uint32(cs))
		if err != nil {
			return err
		}
		if len(files) == 1 {
			fmt.Fprintln(e.Stdout, hex.EncodeToString(id[:]))
		} else {
			fmt.Fprintf(e.Stdout, "%s  %s\n", hex.EncodeToString(id[:]), f)
		}
	}
	return nil
}

func minerExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "miner export", "write a channel's accepted steps (checked) as a session file, the input of 'bwproof attest prove --receipts'; without --channel, list the channels")
	ledger := fs.String("ledger", envOr("BWPROOF_LEDGER", "bwproof-ledger"), "ledger directory (env BWPROOF_LEDGER)")
	channel := fs.String("channel", "", "channel id (hex)")
	out := fs.String("out", "", "session file to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	led, err := challenge.OpenLedger(*ledger)
	if err != nil {
		return err
	}
	if *channel == "" {
		ids, err := led.Channels()
		if err != nil {
			return err
		}
		list := []minerExportChannelJSON{}
		for _, id := range ids {
			latest, err := led.Latest(id)
			if err != nil {
				return err
			}
			c := minerExportChannelJSON{Channel: "0x" + hex.EncodeToString(id[:])}
			if latest != nil {
				c.Steps, c.Nonce, c.CumulativeBytes = true, latest.Voucher.Nonce, latest.Voucher.CumulativeBytes
				c.CumulativeAmountWei = weiString(latest.Voucher.CumulativeAmount)
			}
			list = append(list, c)
			if e.JSON {
				continue
			}
			if latest == nil {
				fmt.Fprintf(e.Stdout, "%x  no steps\n", id[:])
				continue
			}
			// "... N wei" first: scripts read it; then the amount for people.
			fmt.Fprintf(e.Stdout, "%x  nonce %d  %d bytes  %s wei  %s\n", id[:], latest.Voucher.Nonce,
				latest.Voucher.CumulativeBytes, latest.Voucher.CumulativeAmount, formatWei(latest.Voucher.CumulativeAmount))
		}
		if e.JSON {
			return writeJSON(e, list)
		}
		return nil
	}
	id, err := parseElement(*channel)
	if err != nil {
		return fmt.Errorf("%w: --channel: %w", errUsage, err)
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	sess, err := led.Session(id)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, sess.Encode(), 0o644); err != nil {
		return err
	}
	latest, _ := sess.Latest()
	if e.JSON {
		return writeJSON(e, minerExportJSON{Channel: "0x" + hex.EncodeToString(id[:]), Out: *out, Steps: len(sess.Steps),
			Nonce: latest.Voucher.Nonce, CumulativeBytes: latest.Voucher.CumulativeBytes,
			CumulativeAmountWei: weiString(latest.Voucher.CumulativeAmount)})
	}
	fmt.Fprintf(e.Stdout, "session written to %s: %d steps, latest nonce %d, %d bytes, %s\n", *out, len(sess.Steps),
		latest.Voucher.Nonce, latest.Voucher.CumulativeBytes, formatWei(latest.Voucher.CumulativeAmount))
	return nil
}

// minerExportChannelJSON is one element of `miner export --json` without
// --channel.
type minerExportChannelJSON struct {
	Channel             string `json:"channel"`
	Steps               bool   `json:"has_steps"`
	Nonce               uint64 `json:"nonce"`
	CumulativeBytes     uint64 `json:"cumulative_bytes"`
	CumulativeAmountWei string `json:"cumulative_amount_wei"`
}

// minerExportJSON is `miner export --channel ID --out FILE --json`.
type minerExportJSON struct {
	Channel             string `json:"channel"`
	Out                 string `json:"out"`
	Steps               int    `json:"steps"`
	Nonce               uint64 `json:"nonce"`
	CumulativeBytes     uint64 `json:"cumulative_bytes"`
	CumulativeAmountWei string `json:"cumulative_amount_wei"`
}

// loadOrCreateKey loads a hex secp256k1 key file, creating it (0600) if
// it does not exist.
func loadOrCreateKey(e *env, path string) (*ecdsa.PrivateKey, error) {
	key, err := loadKeyFile(path)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if key, err = crypto.GenerateKey(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := crypto.SaveECDSA(path, key); err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	e.Log.Info("new key created", "file", path, "address", crypto.PubkeyToAddress(key.PublicKey).Hex())
	return key, nil
}

// domainFlags parses an EIP-712 domain; with required unset, two empty
// flags mean "no domain".
func domainFlags(chain, contract string, required bool) (*protocol.ChainDomain, error) {
	if chain == "" && contract == "" && !required {
		return nil, nil
	}
	if chain == "" {
		chain = strconv.Itoa(challenge.DevChainID)
	}
	if contract == "" {
		contract = "0x0000000000000000000000000000000000000000"
	}
	id, ok := new(big.Int).SetString(chain, 10)
	if !ok || id.Sign() < 0 {
		return nil, fmt.Errorf("%w: --chain-id %q is not a non-negative integer", errUsage, chain)
	}
	if !common.IsHexAddress(contract) {
		return nil, fmt.Errorf("%w: --contract %q is not an address", errUsage, contract)
	}
	return &protocol.ChainDomain{ChainID: id, Contract: common.HexToAddress(contract)}, nil
}

// parseSize reads a byte count with an optional K, M or G (binary) suffix.
func parseSize(s string) (uint64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	mult := uint64(1)
	for suf, m := range map[string]uint64{"K": 1 << 10, "KIB": 1 << 10, "M": 1 << 20, "MIB": 1 << 20, "G": 1 << 30, "GIB": 1 << 30} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			if _, err := strconv.ParseUint(strings.TrimSuffix(s, suf), 10, 64); err == nil {
				s, mult = strings.TrimSuffix(s, suf), m
				break
			}
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a byte count", s)
	}
	if n > (1<<64-1)/mult {
		return 0, fmt.Errorf("%q overflows", s)
	}
	return n * mult, nil
}

// parseElement reads a 32-byte hex field element (0x optional).
func parseElement(s string) (protocol.Element, error) {
	var e protocol.Element
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) == 0 || len(b) > 32 {
		return e, fmt.Errorf("%q is not a hex value of at most 32 bytes", s)
	}
	copy(e[32-len(b):], b)
	if !e.Valid() {
		return e, fmt.Errorf("%q is not a BN254 field element", s)
	}
	return e, nil
}

// parseInterleaved parses flags that may come after positional
// arguments (`fetch OBJECT --out FILE`) and returns the positionals.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	if declaring(fs) {
		return nil, errDeclared
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// maxKeyFile bounds a secp256k1 key file: 64 hex digits, a 0x and blanks.
const maxKeyFile = 256

// loadKeyFile reads a hex secp256k1 key, saying what the file is when it
// is not one (go-ethereum's LoadECDSA calls a 3 MB proving key "too short").
func loadKeyFile(path string) (*ecdsa.PrivateKey, error) {
	b, err := fsutil.ReadFileLimit(path, maxKeyFile)
	if err != nil {
		var tl *fsutil.TooLargeError
		if errors.As(err, &tl) {
			return nil, &inputError{What: "secp256k1 key file", Path: path, Err: fmt.Errorf(
				"a %d-byte file, but a key file holds 64 hex digits (is it another kind of file, e.g. a proving key?)", tl.Size)}
		}
		if errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, &inputError{What: "secp256k1 key file", Path: path, Err: err}
	}
	h := strings.TrimPrefix(strings.TrimSpace(string(b)), "0x")
	key, err := crypto.HexToECDSA(h)
	if err != nil {
		return nil, &inputError{What: "secp256k1 key file", Path: path, Err: fmt.Errorf(
			"want 64 hex digits (a private key), got %d bytes: %w", len(b), err)}
	}
	return key, nil
}
