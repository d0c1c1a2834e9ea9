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
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

func init() {
	register(command{Name: "client", Summary: "fetch objects from miners, verifying, probing and paying step by step", Run: runClient})
}

func runClient(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "client", "fetch content-addressed objects from miners: every chunk verified, probes each window, a voucher and a receipt after each", []subcommand{
		{"fetch", "fetch OBJECT from the first honest miner into --out", clientFetch},
		{"proxy", "serve SOCKS5 / HTTP CONNECT to local applications through miners acting as exits, metered and paid", clientProxy},
		{"init", "create (or show) the client's voucher and receipt keys; prints the address and receipt key hash", clientInit},
		{"report", "submit the misbehavior reports in the client's state to the verifier", clientReport},
		{"close", "start closing an on-chain channel: after its challenge period 'client finalize' refunds the rest", clientClose},
		{"finalize", "after the challenge period, close the channel and collect the refund (--watch: wait for the period to end)", clientFinalize},
	}, args)
}

func clientFetch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client fetch", "bwproof client fetch --miner HOST:PORT[@0xADDR][,...] OBJECT --out FILE\n\n"+
		"fetch OBJECT (hex id) into FILE, checking every chunk against the id, probing each window and paying after it; "+
		"a miner that sends a wrong chunk or fails a probe is reported and the fetch resumes from the next miner.\n\n"+
		"Without --rpc the client pays on off-chain channels (a random id per miner, kept in the state directory). "+
		"With --rpc and --contract it pays on ChannelManager channels: given with --channel (from 'bwproof channel open'), "+
		"the one it used with the miner before if still open, or opened now with --deposit (paid by --key). "+
		"It never signs a voucher beyond the channel's deposit: it pays for what the deposit covers and stops with the shortfall, "+
		"unless --top-up or --auto-top-up lets it add to the deposit (as its funder, --key). "+
		"With --nats the reports are submitted to the verifier and its verdicts printed.\n\n"+
		"With --via the client needs no channel with the miners: it pays through hubs it has a channel to (given with --channel HUB=0xID, "+
		"else found on chain), each session on a route the hub network's announcements (over --nats) offer, cheapest first; "+
		"a hub that refuses or runs dry is reported with its reason and the next route is tried. --price is then the miners' price per byte.")
	miners := fs.String("miner", envOr("BWPROOF_MINERS", ""), "miners, comma-separated, in order of preference: host:port, or host:port@0xADDR with the miner's Ethereum address (needed to open channels with --deposit) (env BWPROOF_MINERS)")
	out := fs.String("out", "", "file to write the object to")
	state := fs.String("state", envOr("BWPROOF_CLIENT_STATE", "bwproof-client"), "directory of the client's channels, payment record, keys and reports (env BWPROOF_CLIENT_STATE)")
	keyFile := fs.String("key", envOr("BWPROOF_CLIENT_KEY", ""), "secp256k1 voucher key file (hex); default STATE/client.key, created if missing; with --deposit it also pays for opening channels (env BWPROOF_CLIENT_KEY)")
	rkFile := fs.String("receipt-key", envOr("BWPROOF_RECEIPT_KEY", ""), "EdDSA receipt key file (hex); default STATE/receipt.key, created if missing (env BWPROOF_RECEIPT_KEY)")
	price := fs.String("price", envOr("BWPROOF_PRICE", "1"), "price per byte for new channels (wei, or with gwei/ether) (env BWPROOF_PRICE)")
	chain := fs.String("chain-id", envOr("BWPROOF_CHAIN_ID", ""), "chain id of the voucher domain for off-chain channels (default 1337; with --rpc, checked against the node's) (env BWPROOF_CHAIN_ID)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address: the voucher domain's contract, and with --rpc where the channels are (env BWPROOF_CONTRACT)")
	rpc := fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the chain: pay on on-chain channels of --contract (env BWPROOF_RPC)")
	channels := fs.String("channel", envOr("BWPROOF_CHANNELS", ""), "with --rpc: channels opened beforehand, comma-separated MINER=0xID, MINER being the miner's host:port or its 0x address as given in --miner (env BWPROOF_CHANNELS)")
	deposit := fs.String("deposit", envOr("BWPROOF_DEPOSIT", ""), "with --rpc: open a channel with this deposit (wei, or with gwei/ether) to each miner that has none (env BWPROOF_DEPOSIT)")
	period := fs.Duration("challenge-period", 24*time.Hour, "with --deposit: challenge period of the channels opened (whole seconds)")
	topUp := fs.String("top-up", "", "with --rpc: add this much (wei, or with gwei/ether) to a channel's deposit each time it runs short during the fetch")
	autoTopUp := fs.Bool("auto-top-up", false, "with --rpc: when the deposit runs short, add what the rest of the object costs")
	nf := addNATSFlags(fs, "")
	var w, p int
	shapeFlags(fs, &w, &p)
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "take the window shape from this key set, so the miner can prove the receipts; required with --rpc (env BWPROOF_KEYS)")
	windowBytes := fs.String("window-bytes", "", "most bytes per window (default window × 64 KiB; never above the miner's credit)")
	probeCount := fs.Int("probe-count", 0, "possession probes per window (0: every probe slot; -1: none)")
	latencyEvery := fs.Int("latency-every", challenge.DefaultLatencyEvery, "one latency probe every N windows (-1: none)")
	deadline := fs.Duration("probe-deadline", challenge.DefaultProbeDeadline, "time a miner has to answer a probe")
	minRate := fs.String("min-rate", "0", "bytes/s a miner must sustain over each window (0: no throughput probe)")
	idle := fs.Duration("idle-timeout", challenge.DefaultClientIdle, "give up on a miner silent for this long")
	progress := fs.Bool("progress", true, "show a progress bar on stderr")
	vf := addViaFlags(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: want exactly one OBJECT, got %d arguments", errUsage, len(pos))
	}
	obj, err := parseObjectID(pos[0])
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	specs, err := parseMinerSpecs(*miners)
	if err != nil {
		return err
	}
	addrs := specAddrs(specs)
	pr, err := parseWei("price", *price)
	if err != nil {
		return err
	}
	onChain := *rpc != ""
	if !onChain && (*channels != "" || *deposit != "" || *topUp != "" || *autoTopUp) {
		return fmt.Errorf("%w: --channel, --deposit, --top-up and --auto-top-up need --rpc (on-chain channels)", errUsage)
	}
	policy := node.TopUpPolicy{Auto: *autoTopUp}
	if *topUp != "" {
		if policy.Amount, err = parseWei("top-up", *topUp); err != nil {
			return err
		}
	}
	if onChain && *keys == "" {
		return fmt.Errorf("%w: --keys is required with --rpc: the windows must have the shape of the circuit the contract verifies", errUsage)
	}
	viaMode := *vf.via != ""
	var given map[string]protocol.Element
	if viaMode {
		if *deposit != "" || *topUp != "" || *autoTopUp {
			return fmt.Errorf("%w: --deposit, --top-up and --auto-top-up are for direct channels, not --via (the route's payer keeps the hub channel within its deposit)", errUsage)
		}
		if err := vf.check(*rpc, *channels, nf, specs, pr); err != nil {
			return err
		}
	} else if given, err = parseChannelFlag(*channels, specs); err != nil {
		return err
	}
	var dep *big.Int
	if *deposit != "" {
		if dep, err = parseWei("deposit", *deposit); err != nil {
			return err
		}
	}
	dom, err := domainFlags(*chain, *contract, true)
	if err != nil {
		return err
	}
	shape, err := shapeOrKeys(w, p, *keys)
	if err != nil {
		return err
	}
	var wb uint64
	if *windowBytes != "" {
		if wb, err = parseSize(*windowBytes); err != nil {
			return fmt.Errorf("%w: --window-bytes: %w", errUsage, err)
		}
	}
	rate, err := parseSize(*minRate)
	if err != nil {
		return fmt.Errorf("%w: --min-rate: %w", errUsage, err)
	}
	key, rk, err := clientKeys(e, *state, keyFile, rkFile)
	if err != nil {
		return err
	}
	rec, reports, err := openClientLogs(*state, key)
	if err != nil {
		return err
	}
	if !onChain {
		if err := checkStoredDomains(e, rec, addrs, *dom, *chain != "" || *contract != ""); err != nil {
			return err
		}
	}
	opts := challenge.ClientOptions{Key: key, ReceiptKey: rk, Record: rec, Reports: reports,
		PricePerByte: pr, Domain: *dom, Shape: shape, WindowBytes: wb, Probes: *probeCount,
		LatencyEvery: *latencyEvery, ProbeDeadline: *deadline, MinRate: float64(rate), IdleTimeout: *idle, Log: e.Log}
	chosen := []clientChannelJSON{}
	var nc *nats.Conn
	defer func() {
		if nc != nil {
			nc.Close()
		}
	}()
	var via *viaFetch
	if viaMode {
		if via, nc, err = vf.setup(ctx, e, nf, viaSetup{rpc: *rpc, contract: dom.Contract, chainID: *chain, key: key, rk: rk}); err != nil {
			return err
		}
		defer via.close()
		opts.Domain, opts.Route = via.domain, via.route
	}
	if onChain && !viaMode {
		minerEth := map[string]common.Address{}
		for _, m := range specs {
			if m.hasEth {
				minerEth[m.addr] = m.eth
			}
		}
		mgr, err := dialManager(ctx, e, *rpc, dom.Contract)
		if err != nil {
			return err
		}
		defer mgr.Chain().Close()
		if *chain != "" && mgr.Domain().ChainID.Cmp(dom.ChainID) != 0 {
			return fmt.Errorf("%w: --chain-id %s, but the node at --rpc is chain %s", errUsage, dom.ChainID, mgr.Domain().ChainID)
		}
		co := node.ClientChannelsOptions{Manager: mgr, Key: key, ReceiptKey: rk.Public(), Record: rec, Shape: shape,
			Given: given, Miners: minerEth, TopUp: policy, Log: e.Log,
			Chosen: func(c node.ChannelChoice) {
				chosen = append(chosen, clientChannelJSON{Channel: c.Channel.ID.String(), Miner: c.Channel.Miner.Hex(), Addr: c.Addr,
					How: c.How, PricePerByteWei: weiString(c.Channel.PricePerByte), DepositWei: weiString(c.Channel.Deposit), LeftWei: weiString(c.Left)})
				if !e.JSON {
					fmt.Fprintf(e.Stdout, "channel %s with miner %s at %s (%s): %s wei/byte, deposit %s, %s left\n",
						c.Channel.ID, c.Channel.Miner.Hex(), c.Addr, c.How, c.Channel.PricePerByte, formatWei(c.Channel.Deposit), formatWei(c.Left))
				}
			}}
		if dep != nil {
			co.Open = &node.OpenTerms{Deposit: dep, PricePerByte: pr, ChallengePeriod: *period}
		}
		cc, err := node.NewClientChannels(co)
		if err != nil {
			return err
		}
		cc.Apply(&opts)
	}
	// The verifier connection comes before the fetch, so that a wrong URL
	// fails fast instead of after the download.
	var vc *verifier.Client
	if *nf.url != "" {
		if nc == nil {
			if nc, err = nf.connect(e, *nf.url, "bwproof-client"); err != nil {
				return err
			}
		}
		vc = verifier.NewClient(nc, verifier.ClientOptions{})
	}
	// A bar only on a terminal; redirected stderr gets log lines.
	bar := newFetchProgress(e, *progress)
	opts.Progress = bar.update
	// The fetch's time is until the data is verified and paid; the last
	// acknowledgement is collected below, before the process exits.
	opts.LingerFinalAck = true
	c, err := challenge.NewClient(opts)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	res, ferr := c.Fetch(ctx, obj, addrs, f)
	bar.finish()
	if res != nil && res.Linger != nil {
		// A missing acknowledgement costs nothing: the record keeps the
		// step and the channel's next session re-sends it.
		n, err := res.Linger.Wait(ctx)
		res.Acked += n
		var re *challenge.RemoteError
		switch {
		case errors.As(err, &re) && ferr == nil:
			// Refused, not lost: the miner says why.
			ferr = fmt.Errorf("the miner refused the last payment: %w", err)
		case err != nil:
			e.Log.Warn("the miner did not acknowledge the last payment; the next fetch on the channel settles it", "err", err)
		}
	}
	if err := f.Close(); err != nil && ferr == nil {
		ferr = err
	}
	var rerr error
	textOut := e.Stdout
	if e.JSON {
		// One JSON document on stdout: the per-miner lines and verdicts
		// are in it or in the log, not printed.
		e.Stdout = io.Discard
		defer func() { e.Stdout = textOut }()
	}
	if res != nil {
		for _, m := range res.Miners {
			how := "completed the object"
			if m.Err != nil {
				how = "left: " + m.Err.Error()
			}
			fmt.Fprintf(e.Stdout, "miner %s at %s channel %s: received %d bytes, paid %d (%s)\n",
				m.Miner.Hex(), m.Addr, m.Channel, m.Received, m.Paid, how)
		}
		for _, r := range res.Reports {
			fmt.Fprintf(e.Stdout, "reported %s: miner %s (%s)\n", r.Kind, r.Accused.Hex(), r.Detail)
		}
		if vc != nil {
			rerr = submitReports(ctx, e, vc, res.Reports)
		}
	}
	var routes []clientRouteJSON
	var refusals []string
	if via != nil {
		routes, refusals = via.report(e.Stdout, e.Stderr, res, ferr)
	}
	if e.JSON && res != nil {
		js := clientFetchJSON{Object: hex.EncodeToString(obj[:]), Out: *out, Size: res.Size, Received: res.Received,
			ElapsedNs: res.Elapsed.Nanoseconds(), Vouchers: res.Vouchers, Acked: res.Acked, ProbesPassed: res.ProbesPassed,
			ProbesFailed: res.ProbesFailed, Failovers: res.Failovers, Channels: chosen,
			Miners: []clientFetchMinerJSON{}, Reports: []clientReportJSON{}, Routes: routes, RouteRefusals: refusals}
		for _, m := range res.Miners {
			mj := clientFetchMinerJSON{Addr: m.Addr, Miner: m.Miner.Hex(), Channel: m.Channel.String(), Received: m.Received,
				PaidBytes: m.Paid, Completed: m.Err == nil}
			if m.Err != nil {
				mj.Left = m.Err.Error()
			}
			js.Miners = append(js.Miners, mj)
		}
		for _, r := range res.Reports {
			js.Reports = append(js.Reports, clientReportJSON{Kind: r.Kind.String(), Accused: r.Accused.Hex(), Detail: r.Detail})
		}
		if ferr != nil {
			js.Error = ferr.Error()
		}
		if err := writeJSON(&env{Stdout: textOut}, js); err != nil && ferr == nil {
			ferr = err
		}
	}
	if ferr != nil {
		var ife *protocol.InsufficientFundsError
		if errors.As(ferr, &ife) {
			fmt.Fprintf(e.Stderr, "the channel's deposit is used up: the next voucher would be %s wei, the deposit is %s wei (short by %s wei).\n"+
				"Add to it with 'bwproof channel topup --channel ID --amount WEI', or fetch again with --top-up AMOUNT or --auto-top-up.\n",
				ife.Amount, ife.Deposit, ife.Shortfall)
		}
		left := fmt.Sprintf("nothing received; %s removed", *out)
		if st, err := os.Stat(*out); err == nil && st.Size() > 0 {
			left = fmt.Sprintf("%d bytes received are in %s", st.Size(), *out)
		} else {
			_ = os.Remove(*out)
		}
		return errors.Join(fmt.Errorf("%w (%s; reports in %s)", ferr, left, reports.Dir()), rerr)
	}
	if !e.JSON {
		fmt.Fprintf(e.Stdout, "fetched %x (%d bytes) to %s in %s, %s; %d vouchers (%d acknowledged), probes %d passed / %d failed, %d failovers\n",
			obj[:], res.Size, *out, res.Elapsed.Round(time.Millisecond), rateString(float64(res.Received)/res.Elapsed.Seconds()),
			res.Vouchers, res.Acked, res.ProbesPassed, res.ProbesFailed, res.Failovers)
	}
	if rerr != nil {
		return fmt.Errorf("%w (the reports stay in %s: 'bwproof client report' submits them again)", rerr, reports.Dir())
	}
	return nil
}

func clientInit(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "client init", "create the client's keys in its state directory if missing and print what channels need: the voucher address (the channel's client) and the receipt key hash ('channel open --key-hash', or --receipt-key STATE/receipt.key)")
	state := fs.String("state", envOr("BWPROOF_CLIENT_STATE", "bwproof-client"), "the client's state directory (env BWPROOF_CLIENT_STATE)")
	keyFile := fs.String("key", envOr("BWPROOF_CLIENT_KEY", ""), "secp256k1 voucher key file (hex); default STATE/client.key, created if missing (env BWPROOF_CLIENT_KEY)")
	rkFile := fs.String("receipt-key", envOr("BWPROOF_RECEIPT_KEY", ""), "EdDSA receipt key file (hex); default STATE/receipt.key, created if missing (env BWPROOF_RECEIPT_KEY)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	key, rk, err := clientKeys(e, *state, keyFile, rkFile)
	if err != nil {
		return err
	}
	h, err := rk.Public().Hash()
	if err != nil {
		return err
	}
	if e.JSON {
		return writeJSON(e, clientInitJSON{Client: crypto.PubkeyToAddress(key.PublicKey).Hex(), KeyFile: *keyFile,
			ReceiptKeyHash: h.String(), ReceiptKeyFile: *rkFile})
	}
	fmt.Fprintf(e.Stdout, "client %s (key %s)\nreceipt key hash %s (key %s)\n", crypto.PubkeyToAddress(key.PublicKey).Hex(), *keyFile, h, *rkFile)
	return nil
}

// clientChainFlags are the flags of client close and finalize.
type clientChainFlags struct {
	state, keyFile, rpc, contract, channel *string
	json                                   *bool
}

func addClientChainFlags(fs *flag.FlagSet) *clientChainFlags {
	return &clientChainFlags{
		state:    fs.String("state", envOr("BWPROOF_CLIENT_STATE", "bwproof-client"), "the client's state directory (env BWPROOF_CLIENT_STATE)"),
		keyFile:  fs.String("key", envOr("BWPROOF_CLIENT_KEY", ""), "secp256k1 key file (hex) that signs and pays: the client's voucher key or the channel's funder; default STATE/client.key (env BWPROOF_CLIENT_KEY)"),
		rpc:      fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the chain (env BWPROOF_RPC)"),
		contract: fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address (env BWPROOF_CONTRACT)"),
		channel:  channelFlag(fs),
		json:     fs.Bool("json", false, "print the result as JSON"),
	}
}

// open parses the channel, loads the key (never creating one) and dials
// the contract.
func (f *clientChainFlags) open(ctx context.Context, e *env) (*contracts.Manager, *ecdsa.PrivateKey, protocol.Element, error) {
	id, err := parseChannelID(*f.channel)
	if err != nil {
		return nil, nil, id, err
	}
	if *f.rpc == "" {
		return nil, nil, id, fmt.Errorf("%w: --rpc is required", errUsage)
	}
	if !common.IsHexAddress(*f.contract) {
		return nil, nil, id, fmt.Errorf("%w: --contract %q is not an address", errUsage, *f.contract)
	}
	path := *f.keyFile
	if path == "" {
		path = filepath.Join(*f.state, "client.key")
	}
	key, err := loadKeyFile(path)
	if err != nil {
		return nil, nil, id, fmt.Errorf("key %s: %w", path, err)
	}
	m, err := dialManager(ctx, e, *f.rpc, common.HexToAddress(*f.contract))
	if err != nil {
		return nil, nil, id, err
	}
	return m, key, id, nil
}

func clientClose(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client close", "start the challenge period of an on-chain channel (as its client or funder); the miner may withdraw its latest voucher until it ends, then 'bwproof client finalize' refunds the rest to the funder")
	f := addClientChainFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, key, id, err := f.open(ctx, e)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	r, err := node.StartClose(ctx, m, key, id)
	if err != nil {
		return err
	}
	if *f.json || e.JSON {
		return writeJSON(e, clientCloseJSON{Channel: r.Channel.String(), Tx: r.TxHash.Hex(), Block: r.Block, GasUsed: r.GasUsed,
			ClosesAt: r.ClosesAt, ChallengePeriodSeconds: int64(r.ChallengePeriod / time.Second),
			DepositWei: weiString(r.Deposit), WithdrawnWei: weiString(r.Withdrawn)})
	}
	fmt.Fprintf(e.Stdout, "close started: tx %s, block %d, %d gas\nchannel %s closes at %s (challenge period %s); deposit %s, %s withdrawn so far\n"+
		"then: bwproof client finalize --channel %s (or now with --watch, which waits)\n",
		r.TxHash, r.Block, r.GasUsed, id, r.ClosesAt.Format(time.RFC3339), r.ChallengePeriod, formatWei(r.Deposit), formatWei(r.Withdrawn), id)
	return nil
}

func clientFinalize(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client finalize", "close a channel whose challenge period is over and refund its funder what the miner did not withdraw; too early, it says how long is left, or with --watch waits for the chain's clock to pass the end of the period")
	f := addClientChainFlags(fs)
	watch := fs.Bool("watch", false, "wait for the challenge period to end, then finalize")
	poll := fs.Duration("poll", 5*time.Second, "with --watch: how often to read the chain head")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, key, id, err := f.open(ctx, e)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	var told time.Time
	r, err := node.Finalize(ctx, m, key, id, node.FinalizeOptions{Watch: *watch, PollInterval: *poll,
		Waiting: func(early *node.TooEarlyError) {
			if time.Since(told) >= time.Minute {
				told = time.Now()
				e.Log.Info("waiting for the challenge period to end", "channel", id, "closes_at", early.ClosesAt, "remaining", early.Remaining())
			}
		}})
	if err != nil {
		return err
	}
	if *f.json || e.JSON {
		return writeJSON(e, clientFinalizeJSON{Channel: r.Channel.String(), Tx: r.TxHash.Hex(), Block: r.Block, GasUsed: r.GasUsed,
			Funder: r.Funder.Hex(), RefundWei: weiString(r.Refund), MinerPaidWei: weiString(r.Withdrawn)})
	}
	fmt.Fprintf(e.Stdout, "finalized: tx %s, block %d, %d gas\nchannel %s closed: refund %s to %s, %s paid to the miner in all\n",
		r.TxHash, r.Block, r.GasUsed, id, formatWei(r.Refund), r.Funder.Hex(), formatWei(r.Withdrawn))
	return nil
}

// clientInitJSON is `client init --json`.
type clientInitJSON struct {
	Client         string `json:"client"`
	KeyFile        string `json:"key_file"`
	ReceiptKeyHash string `json:"receipt_key_hash"`
	ReceiptKeyFile string `json:"receipt_key_file"`
}

// clientCloseJSON is `client close --json`.
type clientCloseJSON struct {
	Channel                string    `json:"channel"`
	Tx                     string    `json:"tx"`
	Block                  uint64    `json:"block"`
	GasUsed                uint64    `json:"gas_used"`
	ClosesAt               time.Time `json:"closes_at"`
	ChallengePeriodSeconds int64     `json:"challenge_period_seconds"`
	DepositWei             string    `json:"deposit_wei"`
	WithdrawnWei           string    `json:"withdrawn_wei"`
}

// clientFinalizeJSON is `client finalize --json`.
type clientFinalizeJSON struct {
	Channel      string `json:"channel"`
	Tx           string `json:"tx"`
	Block        uint64 `json:"block"`
	GasUsed      uint64 `json:"gas_used"`
	Funder       string `json:"funder"`
	RefundWei    string `json:"refund_wei"`
	MinerPaidWei string `json:"miner_paid_wei"`
}

// clientFetchJSON is `client fetch --json`.
type clientFetchJSON struct {
	Object       string                 `json:"object"`
	Out          string                 `json:"out"`
	Size         uint64                 `json:"size"`
	Received     uint64                 `json:"received"`
	ElapsedNs    int64                  `json:"elapsed_ns"`
	Vouchers     int                    `json:"vouchers"`
	Acked        int                    `json:"acked"`
	ProbesPassed int                    `json:"probes_passed"`
	ProbesFailed int                    `json:"probes_failed"`
	Failovers    int                    `json:"failovers"`
	Channels     []clientChannelJSON    `json:"channels"`
	Miners       []clientFetchMinerJSON `json:"miners"`
	Reports      []clientReportJSON     `json:"reports"`
	// Routes are the routes through hubs the sessions used (--via);
	// RouteRefusals every refusal met while finding one, in order.
	Routes        []clientRouteJSON `json:"routes,omitempty"`
	RouteRefusals []string          `json:"route_refusals,omitempty"`
	Error         string            `json:"error,omitempty"`
}

// clientChannelJSON is an on-chain channel the fetch chose.
type clientChannelJSON struct {
	Channel         string `json:"channel"`
	Miner           string `json:"miner"`
	Addr            string `json:"addr"`
	How             string `json:"how"`
	PricePerByteWei string `json:"price_per_byte_wei"`
	DepositWei      string `json:"deposit_wei"`
	LeftWei         string `json:"left_wei"`
}

type clientFetchMinerJSON struct {
	Addr      string `json:"addr"`
	Miner     string `json:"miner"`
	Channel   string `json:"channel"`
	Received  uint64 `json:"received"`
	PaidBytes uint64 `json:"paid_bytes"`
	Completed bool   `json:"completed"`
	Left      string `json:"left,omitempty"` // why the client left it
}

type clientReportJSON struct {
	Kind    string `json:"kind"`
	Accused string `json:"accused"`
	Detail  string `json:"detail"`
}

// submitReports sends reports to the verifier and prints its verdicts.
func submitReports(ctx context.Context, e *env, vc *verifier.Client, reps []protocol.Report) error {
	var errs []error
	for i := range reps {
		r, err := vc.SubmitReport(ctx, &reps[i])
		if err != nil {
			errs = append(errs, fmt.Errorf("submit report against %s: %w", reps[i].Accused.Hex(), err))
			continue
		}
		verdict := "complaint"
		if r.Verdict.Proven {
			verdict = "proven"
		}
		dup := ""
		if r.Duplicate {
			dup = " (already known)"
		}
		st := r.Standing
		fmt.Fprintf(e.Stdout, "verdict: %s report against %s: %s%s; standing: %d proven faults, %d complaints, flagged %v\n",
			r.Verdict.Kind, r.Verdict.Accused, verdict, dup, st.ProvenFaults, st.Complaints, st.Flagged)
	}
	return errors.Join(errs...)
}

func clientReport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client report", "submit every misbehavior report in the client's state to the verifier (again: the service recognizes duplicates) and print the verdicts")
	state := fs.String("state", envOr("BWPROOF_CLIENT_STATE", "bwproof-client"), "the client's state directory (env BWPROOF_CLIENT_STATE)")
	nf := addNATSFlags(fs, "nats://127.0.0.1:4222")
	timeout := fs.Duration("timeout", 10*time.Second, "request timeout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	reps, err := challenge.LoadReports(filepath.Join(*state, "reports"))
	if err != nil {
		return err
	}
	if len(reps) == 0 {
		fmt.Fprintln(e.Stdout, "no reports")
		return nil
	}
	nc, err := nf.connect(e, *nf.url, "bwproof-client")
	if err != nil {
		return err
	}
	defer nc.Close()
	return submitReports(ctx, e, verifier.NewClient(nc, verifier.ClientOptions{Timeout: *timeout}), reps)
}

// minerSpec is one --miner entry.
type minerSpec struct {
	addr   string         // host:port
	eth    common.Address // the miner's address, when given as host:port@0xADDR
	hasEth bool
}

// specAddrs is the host:port of each spec, in order.
func specAddrs(specs []minerSpec) []string {
	addrs := make([]string, len(specs))
	for i, m := range specs {
		addrs[i] = m.addr
	}
	return addrs
}

func parseMinerSpecs(s string) ([]minerSpec, error) {
	var out []minerSpec
	seen := map[string]bool{}
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		var m minerSpec
		if i := strings.LastIndex(a, "@"); i >= 0 {
			if !common.IsHexAddress(a[i+1:]) {
				return nil, fmt.Errorf("%w: --miner %q: %q is not an address", errUsage, a, a[i+1:])
			}
			m.eth, m.hasEth, a = common.HexToAddress(a[i+1:]), true, a[:i]
		}
		if _, _, err := net.SplitHostPort(a); err != nil {
			return nil, fmt.Errorf("%w: --miner %q is not host:port", errUsage, a)
		}
		if seen[a] {
			return nil, fmt.Errorf("%w: --miner %s given twice", errUsage, a)
		}
		seen[a], m.addr = true, a
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: --miner is required", errUsage)
	}
	return out, nil
}

func dialManager(ctx context.Context, e *env, rpc string, contract common.Address) (*contracts.Manager, error) {
	if contract == (common.Address{}) {
		return nil, fmt.Errorf("%w: --contract (the ChannelManager) is required with --rpc", errUsage)
	}
	empty := ""
	cf := &chainFlags{rpc: &rpc, keyFile: &empty}
	ch, _, err := cf.dial(ctx, e, false)
	if err != nil {
		return nil, err
	}
	m, err := contracts.NewManager(ctx, ch, contract)
	if err != nil {
		ch.Close()
		return nil, err
	}
	return m, nil
}

// parseChannelFlag reads --channel: MINER=0xID entries, MINER a host:port
// or the 0x address of a --miner entry; the result is keyed by host:port.
func parseChannelFlag(s string, specs []minerSpec) (map[string]protocol.Element, error) {
	given := map[string]protocol.Element{}
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("%w: --channel %q is not MINER=0xID", errUsage, kv)
		}
		id, err := parseElement(v)
		if err != nil {
			return nil, fmt.Errorf("%w: --channel %q: %w", errUsage, kv, err)
		}
		addr := ""
		if common.IsHexAddress(k) {
			for _, m := range specs {
				if m.hasEth && m.eth == common.HexToAddress(k) {
					addr = m.addr
				}
			}
			if addr == "" {
				return nil, fmt.Errorf("%w: --channel %q: no --miner HOST:PORT@%s", errUsage, kv, k)
			}
		} else {
			for _, m := range specs {
				if m.addr == k {
					addr = k
				}
			}
			if addr == "" {
				return nil, fmt.Errorf("%w: --channel %q: %s is not in --miner", errUsage, kv, k)
			}
		}
		if _, dup := given[addr]; dup {
			return nil, fmt.Errorf("%w: --channel: two channels for %s", errUsage, addr)
		}
		given[addr] = id
	}
	return given, nil
}

func parseObjectID(s string) (protocol.ObjectID, error) {
	var id protocol.ObjectID
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("object id %q is not 64 hex digits", s)
	}
	copy(id[:], b)
	return id, nil
}

// clientKeys loads the client's voucher and receipt keys, creating them if
// missing; an empty file name becomes its default in the state directory.
func clientKeys(e *env, state string, keyFile, rkFile *string) (*ecdsa.PrivateKey, *protocol.ReceiptKey, error) {
	if *keyFile == "" {
		*keyFile = filepath.Join(state, "client.key")
	}
	if *rkFile == "" {
		*rkFile = filepath.Join(state, "receipt.key")
	}
	key, err := loadOrCreateKey(e, *keyFile)
	if err != nil {
		return nil, nil, err
	}
	rk, err := loadOrCreateReceiptKey(e, *rkFile)
	if err != nil {
		return nil, nil, err
	}
	return key, rk, nil
}

// openClientLogs opens the client's payment record and report log in its
// state directory.
func openClientLogs(state string, key *ecdsa.PrivateKey) (*challenge.PaymentRecord, *challenge.ReportLog, error) {
	rec, err := challenge.OpenPaymentRecord(filepath.Join(state, "record"))
	if err != nil {
		return nil, nil, err
	}
	reports, err := challenge.OpenReportLog(filepath.Join(state, "reports"), key)
	if err != nil {
		return nil, nil, err
	}
	return rec, reports, nil
}

// domainMismatchError is an off-chain channel kept in the state directory
// whose voucher domain is not the one --contract/--chain-id asks for: the
// client would otherwise go on paying in the stored one.
type domainMismatchError struct {
	Miner   string
	Channel protocol.Element
	Stored  protocol.ChainDomain
	Flags   protocol.ChainDomain
}

func (e *domainMismatchError) Error() string {
	return fmt.Sprintf("the channel %s kept for miner %s is on contract %s (chain %s), not --contract %s (chain %s): use another --state, or the stored contract",
		e.Channel, e.Miner, e.Stored.Contract.Hex(), e.Stored.ChainID, e.Flags.Contract.Hex(), e.Flags.ChainID)
}

func (e *domainMismatchError) Unwrap() error { return errUsage }

// checkStoredDomains refuses a stored off-chain channel of another domain
// when the flags name one (explicit), and says which one it uses otherwise.
func checkStoredDomains(e *env, rec *challenge.PaymentRecord, addrs []string, dom protocol.ChainDomain, explicit bool) error {
	for _, a := range addrs {
		info, ok, err := rec.ChannelFor(a)
		if err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		same := info.Domain.Contract == dom.Contract && info.Domain.ChainID != nil && dom.ChainID != nil && info.Domain.ChainID.Cmp(dom.ChainID) == 0
		if same {
			continue
		}
		if explicit {
			return &domainMismatchError{Miner: a, Channel: info.ID, Stored: info.Domain, Flags: dom}
		}
		e.Log.Warn("using the stored channel's voucher domain", "miner", a, "channel", info.ID,
			"contract", info.Domain.Contract.Hex(), "chain_id", info.Domain.ChainID)
	}
	return nil
}

// loadOrCreateReceiptKey loads a hex receipt key file, creating it (0600)
// if it does not exist.
func loadOrCreateReceiptKey(e *env, path string) (*protocol.ReceiptKey, error) {
	b, err := fsutil.ReadFileLimit(path, maxReceiptKeyFile)
	if err == nil {
		raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, &inputError{What: "EdDSA receipt key file", Path: path, Err: fmt.Errorf("want hex (as 'client init' writes), got %d bytes that are not", len(b))}
		}
		rk, err := protocol.ReceiptKeyFromBytes(raw)
		if err != nil {
			return nil, &inputError{What: "EdDSA receipt key file", Path: path, Err: err}
		}
		return rk, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		var tl *fsutil.TooLargeError
		if errors.As(err, &tl) {
			return nil, &inputError{What: "EdDSA receipt key file", Path: path, Err: fmt.Errorf(
				"a %d-byte file, above the %d bytes of a hex receipt key (is it another kind of file, e.g. a proving key?)", tl.Size, tl.Limit)}
		}
		return nil, &inputError{What: "EdDSA receipt key file", Path: path, Err: err}
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(rk.Bytes())+"\n"), 0o600); err != nil {
		return nil, err
	}
	h, _ := rk.Public().Hash()
	e.Log.Info("new receipt key created", "file", path, "key_hash", h.String())
	return rk, nil
}

func sizeString(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func rateString(r float64) string {
	if r != r || r < 0 { // NaN
		r = 0
	}
	return sizeString(uint64(r)) + "/s"
}

// viaFlags are client fetch's flags for paying through hubs.
type viaFlags struct {
	via, maxBytes           *string
	wait, lifetime          *time.Duration
	maxRoutes, maxRouteHops *int

	// Set by check.
	maxB   uint64
	terms  map[string]node.MinerTerms
	miners map[common.Address]string
	hubs   []common.Address // nil: any
	given  map[common.Address][]protocol.Element
}

func addViaFlags(fs *flag.FlagSet) *viaFlags {
	return &viaFlags{
		via: fs.String("via", envOr("BWPROOF_VIA", ""), "pay through hubs, with no channel to the miners: the 0x addresses of the hubs the client has a channel to, "+
			"comma-separated, or 'any' (every open channel of the client's on chain whose peer announces itself as a hub); "+
			"needs --rpc, --contract, --keys, --nats, --max-bytes and --miner HOST:PORT@0xADDR (env BWPROOF_VIA)"),
		maxBytes: fs.String("max-bytes", "", "with --via: the most bytes a route pays for (at least the object's size; K, M, G suffixes); "+
			"the route reserves its cost at this size on every hop"),
		wait: fs.Duration("via-wait", 45*time.Second, "with --via: how long to wait for the hubs' announcements before a route is found "+
			"(a hub announces every --announce-every, 30s by default, and on every capacity change)"),
		lifetime: fs.Duration("route-lifetime", hub.DefaultLifetime, "with --via: how long the miner's lane vouchers stay claimable; "+
			"each hub upstream adds its expiry delta (every channel's challenge period must outlast its leg)"),
		maxRoutes:    fs.Int("max-routes", hub.DefaultMaxRoutes, "with --via: routes tried per miner before giving up"),
		maxRouteHops: fs.Int("max-hops", hub.DefaultMaxRouteHops, fmt.Sprintf("with --via: most hubs on a route (at most %d)", hub.MaxHops)),
	}
}

type viaSetup struct {
	rpc      string
	contract common.Address
	chainID  string
	key      *ecdsa.PrivateKey
	rk       *protocol.ReceiptKey
}

// viaFetch is a fetch's routing through hubs: the directory of the hubs'
// announcements, the router over the client's channels to hubs, and the
// node.ViaHubs that sets a route up per session.
type viaFetch struct {
	e      *env
	mgr    *contracts.Manager
	dir    *hub.Directory
	v      *node.ViaHubs
	wait   time.Duration
	domain protocol.ChainDomain
	miners map[common.Address]string
}

// check checks the --via flags (before any file or connection is
// opened) and keeps what they say.
func (f *viaFlags) check(rpc, channels string, nf *natsFlags, specs []minerSpec, price *big.Int) error {
	if rpc == "" {
		return fmt.Errorf("%w: --via needs --rpc and --contract (the channels to hubs are on chain)", errUsage)
	}
	if *nf.url == "" {
		return fmt.Errorf("%w: --via needs --nats (the hubs' network)", errUsage)
	}
	maxBytes, err := parseSize(*f.maxBytes)
	if *f.maxBytes == "" || err != nil || maxBytes == 0 {
		return fmt.Errorf("%w: --via needs --max-bytes, each route's budget: a byte count above 0 (got %q)", errUsage, *f.maxBytes)
	}
	if *f.maxRoutes < 1 || *f.maxRouteHops < 1 || *f.lifetime < time.Minute || *f.wait < 0 {
		return fmt.Errorf("%w: --max-routes and --max-hops at least 1, --route-lifetime at least 1m, --via-wait not negative", errUsage)
	}
	f.maxB, f.terms, f.miners = maxBytes, map[string]node.MinerTerms{}, map[common.Address]string{}
	for _, m := range specs {
		if !m.hasEth {
			// The miner's address is part of the virtual channel id.
			return fmt.Errorf("%w: --via needs each miner's address: --miner %s@0xADDR", errUsage, m.addr)
		}
		f.terms[m.addr] = node.MinerTerms{Address: m.eth, PricePerByte: price}
		f.miners[m.eth] = m.addr
	}
	if f.hubs, err = parseVia(*f.via); err != nil {
		return err
	}
	f.given, err = parseHubChannels(channels, f.hubs)
	return err
}

// setup reads the client's channels to hubs, connects to the hub network
// and starts reading its announcements. The connection is returned also
// on error, for the caller to close.
func (f *viaFlags) setup(ctx context.Context, e *env, nf *natsFlags, s viaSetup) (*viaFetch, *nats.Conn, error) {
	nc, err := nf.connect(e, *nf.url, "bwproof-client")
	if err != nil {
		return nil, nil, err
	}
	vf := &viaFetch{e: e, wait: *f.wait, miners: f.miners}
	vf, err = vf.start(ctx, e, f, s, nc, f.hubs, f.given, f.terms, f.maxB)
	return vf, nc, err
}

func (vf *viaFetch) start(ctx context.Context, e *env, f *viaFlags, s viaSetup, nc *nats.Conn, hubs []common.Address,
	given map[common.Address][]protocol.Element, terms map[string]node.MinerTerms, maxBytes uint64) (*viaFetch, error) {
	mgr, err := dialManager(ctx, e, s.rpc, s.contract)
	if err != nil {
		return nil, err
	}
	vf.mgr, vf.domain = mgr, mgr.Domain()
	ok := false
	defer func() {
		if !ok {
			vf.close()
		}
	}()
	if s.chainID != "" && s.chainID != mgr.Domain().ChainID.String() {
		return nil, fmt.Errorf("%w: --chain-id %s, but the node at --rpc is chain %s", errUsage, s.chainID, mgr.Domain().ChainID)
	}
	self := crypto.PubkeyToAddress(s.key.PublicKey)
	chans, err := hubChannelsOf(ctx, mgr, self, hubs, given)
	if err != nil {
		return nil, err
	}
	chain := hub.ManagerChain{M: mgr}
	if vf.dir, err = hub.NewDirectory(hub.DirectoryOptions{Chain: chain, Domain: vf.domain, Log: e.Log}); err != nil {
		return nil, err
	}
	if err := vf.dir.Subscribe(nc); err != nil {
		return nil, err
	}
	router, err := hub.NewRouter(hub.RouterOptions{NC: nc, Key: s.key, Domain: vf.domain, Chain: chain, Directory: vf.dir,
		Channels: chans, MaxRoutes: *f.maxRoutes, MaxHops: *f.maxRouteHops, Lifetime: *f.lifetime, Log: e.Log})
	if err != nil {
		return nil, err
	}
	kh, err := s.rk.Public().Hash()
	if err != nil {
		return nil, err
	}
	if vf.v, err = node.NewViaHubs(node.ViaHubsOptions{Router: router, Domain: vf.domain, Client: self, KeyHash: kh,
		Miners: terms, MaxBytes: maxBytes}); err != nil {
		return nil, err
	}
	e.Log.Info("paying through hubs", "channels_to_hubs", len(chans), "max_bytes", maxBytes)
	ok = true
	return vf, nil
}

// route is challenge.ClientOptions.Route: while no route is known at all
// (the hubs' announcements have not arrived yet) it waits up to --via-wait;
// a route refused by a hub is not retried here (the router already tried
// the others).
func (v *viaFetch) route(ctx context.Context, addr string) (*challenge.VirtualRoute, error) {
	deadline := time.Now().Add(v.wait)
	told := false
	for {
		r, err := v.v.Route(ctx, addr)
		var nre *hub.NoRouteError
		if err == nil || !errors.As(err, &nre) || len(nre.Failures) > 0 || time.Now().After(deadline) {
			return r, err
		}
		if !told {
			told = true
			v.e.Log.Info("no route yet: waiting for the hubs' announcements", "miner", addr, "hubs_known", len(v.dir.Hubs()), "wait", v.wait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (v *viaFetch) close() {
	if v.v != nil {
		v.v.Close()
	}
	if v.dir != nil {
		v.dir.Close()
	}
	if v.mgr != nil {
		v.mgr.Chain().Close()
	}
}

// report prints the routes used and every refusal met (text), and returns
// them for --json.
func (v *viaFetch) report(stdout, stderr io.Writer, res *challenge.FetchResult, ferr error) ([]clientRouteJSON, []string) {
	routes := []clientRouteJSON{}
	var refusals []string
	for _, r := range v.v.Routes() {
		for _, f := range r.Failures {
			refusals = append(refusals, f.Error())
			fmt.Fprintf(stdout, "route refused: %v\n", f)
		}
		rj := clientRouteJSON{ID: r.ID.String(), Miner: r.Miner.Hex(), Addr: v.miners[r.Miner], Target: r.Target.String(),
			OwnChannel: r.OwnChannel.String(), OwnLane: r.OwnLane, OwnValidUntil: int64(r.OwnValidUntil),
			MinerChannel: r.MinerChannel.String(), MinerLane: r.MinerLane, MinerValidUntil: int64(r.MinerValidUntil),
			MaxBytes: r.Budget.MaxBytes, MaxCostWei: weiString(r.MaxCost), Hops: []clientHopJSON{}}
		path := "client"
		for i, h := range r.Hops {
			rj.Hops = append(rj.Hops, clientHopJSON{Hub: h.Hub.Hex(), OutChannel: h.OutChannel.String(), OutLane: r.Lanes[i],
				FeeBaseWei: weiString(orZeroWei(h.Fee.Base)), FeePPM: h.Fee.PPM, OutValidUntil: int64(h.OutValidUntil)})
			path += fmt.Sprintf(" → hub %s (fee %s)", h.Hub.Hex(), h.Fee)
		}
		routes = append(routes, rj)
		fmt.Fprintf(stdout, "route %s → miner %s at %s: client channel %s lane %d, miner paid on channel %s lane %d; at most %d bytes for %s\n",
			path, r.Miner.Hex(), v.miners[r.Miner], r.OwnChannel, r.OwnLane, r.MinerChannel, r.MinerLane, r.Budget.MaxBytes, formatWei(r.MaxCost))
	}
	// A miner no route reached: every refusal, each with its hub and reason.
	var errs []error
	if ferr != nil {
		errs = append(errs, ferr)
	}
	if res != nil {
		for _, m := range res.Miners {
			if m.Err != nil {
				errs = append(errs, m.Err)
			}
		}
	}
	seen := map[string]bool{}
	for _, err := range errs {
		var nre *hub.NoRouteError
		if !errors.As(err, &nre) {
			continue
		}
		if len(nre.Failures) == 0 && !seen[nre.Error()] {
			seen[nre.Error()] = true
			refusals = append(refusals, nre.Error())
			fmt.Fprintf(stderr, "no route: %v\n", nre)
		}
		for i, f := range nre.Failures {
			if s := f.Error(); !seen[s] {
				seen[s] = true
				refusals = append(refusals, s)
				fmt.Fprintf(stderr, "route %d to %s refused: %s\n", i+1, nre.Miner.Hex(), s)
			}
		}
	}
	return routes, refusals
}

func orZeroWei(b *big.Int) *big.Int {
	if b == nil {
		return new(big.Int)
	}
	return b
}

// clientRouteJSON is a route through hubs in `client fetch --via --json`.
type clientRouteJSON struct {
	ID              string          `json:"id"`
	Miner           string          `json:"miner"`
	Addr            string          `json:"addr"`
	Target          string          `json:"target"` // the virtual channel id
	OwnChannel      string          `json:"own_channel"`
	OwnLane         uint32          `json:"own_lane"`
	OwnValidUntil   int64           `json:"own_valid_until"`
	Hops            []clientHopJSON `json:"hops"`
	MinerChannel    string          `json:"miner_channel"`
	MinerLane       uint32          `json:"miner_lane"`
	MinerValidUntil int64           `json:"miner_valid_until"`
	MaxBytes        uint64          `json:"max_bytes"`
	MaxCostWei      string          `json:"max_cost_wei"`
}

type clientHopJSON struct {
	Hub           string `json:"hub"`
	OutChannel    string `json:"out_channel"`
	OutLane       uint32 `json:"out_lane"`
	FeeBaseWei    string `json:"fee_base_wei"`
	FeePPM        uint32 `json:"fee_ppm"`
	OutValidUntil int64  `json:"out_valid_until"`
}

// parseVia reads --via: hub addresses, or nil for "any".
func parseVia(s string) ([]common.Address, error) {
	if strings.EqualFold(strings.TrimSpace(s), "any") {
		return nil, nil
	}
	var out []common.Address
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		a, err := parseAddress("via", p)
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, a) {
			return nil, fmt.Errorf("%w: --via %s given twice", errUsage, a.Hex())
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: --via %q: want hub addresses or 'any'", errUsage, s)
	}
	return out, nil
}

// parseHubChannels reads --channel with --via: HUB=0xID entries, HUB one
// of --via's hubs (any address with --via any).
func parseHubChannels(s string, hubs []common.Address) (map[common.Address][]protocol.Element, error) {
	given := map[common.Address][]protocol.Element{}
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !common.IsHexAddress(k) {
			return nil, fmt.Errorf("%w: --channel %q: with --via, want HUB=0xID (HUB the hub's 0x address)", errUsage, kv)
		}
		h := common.HexToAddress(k)
		if hubs != nil && !slices.Contains(hubs, h) {
			return nil, fmt.Errorf("%w: --channel %q: %s is not in --via", errUsage, kv, h.Hex())
		}
		id, err := parseElement(v)
		if err != nil {
			return nil, fmt.Errorf("%w: --channel %q: %w", errUsage, kv, err)
		}
		given[h] = append(given[h], id)
	}
	return given, nil
}

// noHubChannelError: a hub of --via the client has no open channel to.
type noHubChannelError struct{ Hub common.Address }

func (e *noHubChannelError) Error() string {
	return fmt.Sprintf("no open channel to hub %s: open one ('bwproof channel open --miner %s --deposit …') or give --channel %s=0xID",
		e.Hub.Hex(), e.Hub.Hex(), e.Hub.Hex())
}

// hubChannelsOf returns the client's channels to hubs: the given ones
// (checked: open, the client's, to that hub), and for each hub without
// one (every peer with --via any) the open channels the chain's events
// show the client opened.
func hubChannelsOf(ctx context.Context, mgr *contracts.Manager, self common.Address, hubs []common.Address,
	given map[common.Address][]protocol.Element) ([]protocol.Element, error) {
	var out []protocol.Element
	have := map[common.Address]bool{}
	for h, ids := range given {
		for _, id := range ids {
			ch, err := mgr.Channel(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("channel %s: %w", id, err)
			}
			if ch.State != contracts.StateOpen || ch.Client != self || ch.Miner != h {
				return nil, fmt.Errorf("%w: --channel %s=%s: on chain it is %s, client %s, peer %s: not an open channel of this client's to that hub",
					errUsage, h.Hex(), id, ch.State, ch.Client.Hex(), ch.Miner.Hex())
			}
			out, have[h] = append(out, id), true
		}
	}
	need := hubs == nil
	for _, h := range hubs {
		need = need || !have[h]
	}
	if need {
		evs, err := mgr.Watch(contracts.WatchOptions{}).Poll(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the channels opened: %w", err)
		}
		for _, ev := range evs {
			if ev.Kind != contracts.EventOpened || ev.Client != self || have[ev.Miner] || slices.Contains(out, ev.Channel) {
				continue
			}
			if hubs != nil && !slices.Contains(hubs, ev.Miner) {
				continue
			}
			ch, err := mgr.Channel(ctx, ev.Channel)
			if err != nil {
				return nil, fmt.Errorf("channel %s: %w", ev.Channel, err)
			}
			if ch.State == contracts.StateOpen {
				out = append(out, ev.Channel)
			}
		}
	}
	for _, h := range hubs {
		found := have[h]
		for _, id := range out {
			if ch, err := mgr.Channel(ctx, id); err == nil && ch.Miner == h {
				found = true
			}
		}
		if !found {
			return nil, &noHubChannelError{Hub: h}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no open channel of %s on chain: open one to a hub first ('bwproof channel open --miner HUB --deposit …')", self.Hex())
	}
	return out, nil
}
