package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

func init() {
	register(command{Name: "client", Summary: "fetch objects from miners, verifying, probing and paying step by step", Run: runClient})
}

func runClient(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "client", "fetch content-addressed objects from miners: every chunk verified, probes each window, a voucher and a receipt after each", []subcommand{
		{"fetch", "fetch OBJECT from the first honest miner into --out", clientFetch},
		{"init", "create (or show) the client's voucher and receipt keys; prints the address and receipt key hash", clientInit},
		{"report", "submit the misbehavior reports in the client's state to the verifier", clientReport},
	}, args)
}

func clientFetch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client fetch", "bwproof client fetch --miner HOST:PORT[@0xADDR][,...] OBJECT --out FILE\n\n"+
		"fetch OBJECT (hex id) into FILE, checking every chunk against the id, probing each window and paying after it; "+
		"a miner that sends a wrong chunk or fails a probe is reported and the fetch resumes from the next miner.\n\n"+
		"Without --rpc the client pays on off-chain channels (a random id per miner, kept in the state directory). "+
		"With --rpc and --contract it pays on ChannelManager channels: given with --channel (from 'bwproof channel open'), "+
		"the one it used with the miner before if still open, or opened now with --deposit (paid by --key). "+
		"With --nats the reports are submitted to the verifier and its verdicts printed.")
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
	addrs := make([]string, len(specs))
	for i, m := range specs {
		addrs[i] = m.addr
	}
	pr, err := parseWei("price", *price)
	if err != nil {
		return err
	}
	onChain := *rpc != ""
	if !onChain && (*channels != "" || *deposit != "") {
		return fmt.Errorf("%w: --channel and --deposit need --rpc (on-chain channels)", errUsage)
	}
	if onChain && *keys == "" {
		return fmt.Errorf("%w: --keys is required with --rpc: the windows must have the shape of the circuit the contract verifies", errUsage)
	}
	given, err := parseChannelFlag(*channels, specs)
	if err != nil {
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
	shape, err := shapeOf(w, p)
	if err != nil {
		return err
	}
	if *keys != "" {
		m, err := attest.ReadManifest(*keys)
		if err != nil {
			return err
		}
		shape = protocol.Shape{Chunks: m.Window, Probes: m.Probes}
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
	if *keyFile == "" {
		*keyFile = filepath.Join(*state, "client.key")
	}
	if *rkFile == "" {
		*rkFile = filepath.Join(*state, "receipt.key")
	}
	key, err := loadOrCreateKey(e, *keyFile)
	if err != nil {
		return err
	}
	rk, err := loadOrCreateReceiptKey(e, *rkFile)
	if err != nil {
		return err
	}
	rec, err := challenge.OpenPaymentRecord(filepath.Join(*state, "record"))
	if err != nil {
		return err
	}
	reports, err := challenge.OpenReportLog(filepath.Join(*state, "reports"), key)
	if err != nil {
		return err
	}
	opts := challenge.ClientOptions{Key: key, ReceiptKey: rk, Record: rec, Reports: reports,
		PricePerByte: pr, Domain: *dom, Shape: shape, WindowBytes: wb, Probes: *probeCount,
		LatencyEvery: *latencyEvery, ProbeDeadline: *deadline, MinRate: float64(rate), IdleTimeout: *idle, Log: e.Log}
	var oc *onChainChannels
	if onChain {
		oc = &onChainChannels{e: e, key: key, rk: rk, rec: rec, shape: shape, price: pr, deposit: dep, period: *period,
			given: given, minerEth: map[string]common.Address{}}
		for _, m := range specs {
			if m.hasEth {
				oc.minerEth[m.addr] = m.eth
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
		if oc.keyHash, err = rk.Public().Hash(); err != nil {
			return err
		}
		oc.mgr = mgr
		opts.Domain = mgr.Domain()
		opts.Channel = oc.channel
	}
	// The verifier connection comes before the fetch, so that a wrong URL
	// fails fast instead of after the download.
	var vc *verifier.Client
	if *nf.url != "" {
		nc, err := nf.connect(e, *nf.url, "bwproof-client")
		if err != nil {
			return err
		}
		defer nc.Close()
		vc = verifier.NewClient(nc, verifier.ClientOptions{})
	}
	bar := &progressBar{w: e.Stderr, enabled: *progress}
	opts.Progress = bar.update
	c, err := challenge.NewClient(opts)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	res, ferr := c.Fetch(ctx, obj, addrs, f)
	bar.finish(res)
	if err := f.Close(); err != nil && ferr == nil {
		ferr = err
	}
	var rerr error
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
	if ferr != nil {
		return errors.Join(fmt.Errorf("%w (partial output left in %s; reports in %s)", ferr, *out, reports.Dir()), rerr)
	}
	fmt.Fprintf(e.Stdout, "fetched %x (%d bytes) to %s in %s, %s; %d vouchers (%d acknowledged), probes %d passed / %d failed, %d failovers\n",
		obj[:], res.Size, *out, res.Elapsed.Round(time.Millisecond), rateString(float64(res.Received)/res.Elapsed.Seconds()),
		res.Vouchers, res.Acked, res.ProbesPassed, res.ProbesFailed, res.Failovers)
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
	if *keyFile == "" {
		*keyFile = filepath.Join(*state, "client.key")
	}
	if *rkFile == "" {
		*rkFile = filepath.Join(*state, "receipt.key")
	}
	key, err := loadOrCreateKey(e, *keyFile)
	if err != nil {
		return err
	}
	rk, err := loadOrCreateReceiptKey(e, *rkFile)
	if err != nil {
		return err
	}
	h, err := rk.Public().Hash()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "client %s (key %s)\nreceipt key hash %s (key %s)\n", crypto.PubkeyToAddress(key.PublicKey).Hex(), *keyFile, h, *rkFile)
	return nil
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

// onChainChannels finds, checks or opens the ChannelManager channel the
// client pays a miner on; it is the challenge client's Channel callback.
type onChainChannels struct {
	e       *env
	mgr     *contracts.Manager
	key     *ecdsa.PrivateKey
	rk      *protocol.ReceiptKey
	keyHash protocol.Element
	rec     *challenge.PaymentRecord
	shape   protocol.Shape
	price   *big.Int      // for channels opened here
	deposit *big.Int      // nil: never open a channel
	period  time.Duration // challenge period of channels opened here

	given    map[string]protocol.Element // --channel, by host:port
	minerEth map[string]common.Address   // --miner host:port@0xADDR
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

func (o *onChainChannels) channel(ctx context.Context, addr string) (challenge.ChannelInfo, error) {
	client := crypto.PubkeyToAddress(o.key.PublicKey)
	id, how, err := o.pick(ctx, addr, client)
	if err != nil {
		return challenge.ChannelInfo{}, err
	}
	ch, err := o.mgr.Channel(ctx, id)
	if err != nil {
		return challenge.ChannelInfo{}, err
	}
	// The chain is the authority on the terms: check they are ours before
	// signing a voucher on them.
	switch {
	case ch.State != contracts.StateOpen:
		return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s is %s", challenge.ErrChannel, id, ch.State)
	case ch.Client != client:
		return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s belongs to client %s, the voucher key is %s", challenge.ErrChannel, id, ch.Client, client)
	case ch.KeyHash != o.keyHash:
		return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s expects receipt key hash %s, the receipt key's is %s", challenge.ErrChannel, id, ch.KeyHash, o.keyHash)
	}
	if eth, ok := o.minerEth[addr]; ok && eth != ch.Miner {
		return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s is with miner %s, --miner says %s is %s", challenge.ErrChannel, id, ch.Miner, addr, eth)
	}
	owed := new(big.Int)
	if latest, err := o.rec.LatestStep(id); err != nil {
		return challenge.ChannelInfo{}, err
	} else if latest != nil {
		owed.Set(latest.Voucher.CumulativeAmount)
	}
	left := new(big.Int).Sub(ch.Deposit, owed)
	if ch.PricePerByte.Sign() > 0 && left.Cmp(ch.PricePerByte) < 0 {
		return challenge.ChannelInfo{}, fmt.Errorf("%w: channel %s: deposit %s wei, %s already promised: top it up ('bwproof channel topup')",
			challenge.ErrChannel, id, ch.Deposit, owed)
	}
	fmt.Fprintf(o.e.Stdout, "channel %s with miner %s at %s (%s): %s wei/byte, deposit %s wei, %s wei left\n",
		id, ch.Miner.Hex(), addr, how, ch.PricePerByte, ch.Deposit, left)
	return challenge.ChannelInfo{ID: id, Client: client, Miner: ch.Miner, ReceiptKey: o.rk.Public(),
		PricePerByte: ch.PricePerByte, Domain: o.mgr.Domain(), Shape: o.shape}, nil
}

// pick chooses the channel for the miner at addr: the one given, the one
// used before (if still open on this contract), or a new one.
func (o *onChainChannels) pick(ctx context.Context, addr string, client common.Address) (protocol.Element, string, error) {
	if id, ok := o.given[addr]; ok {
		return id, "given", nil
	}
	if info, ok, err := o.rec.ChannelFor(addr); err != nil {
		return protocol.Element{}, "", err
	} else if ok && info.Domain.Contract == o.mgr.Address() && info.Domain.ChainID.Cmp(o.mgr.Domain().ChainID) == 0 {
		ch, err := o.mgr.Channel(ctx, info.ID)
		if err == nil && ch.State == contracts.StateOpen && ch.Client == client && ch.KeyHash == o.keyHash {
			return info.ID, "used before", nil
		}
	}
	if o.deposit == nil {
		return protocol.Element{}, "", fmt.Errorf("%w: no channel with the miner at %s: give one with --channel %s=0xID, or --deposit to open one",
			challenge.ErrChannel, addr, addr)
	}
	eth, ok := o.minerEth[addr]
	if !ok {
		return protocol.Element{}, "", fmt.Errorf("%w: to open a channel with the miner at %s, give its address: --miner %s@0xADDR", errUsage, addr, addr)
	}
	id, r, err := o.mgr.Open(ctx, o.key, contracts.OpenParams{Miner: eth, KeyHash: o.keyHash, PricePerByte: o.price,
		ChallengePeriod: o.period, Deposit: o.deposit})
	if err != nil {
		return protocol.Element{}, "", fmt.Errorf("open a channel with %s: %w", eth, err)
	}
	return id, fmt.Sprintf("opened now, tx %s", r.TxHash), nil
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

// loadOrCreateReceiptKey loads a hex receipt key file, creating it (0600)
// if it does not exist.
func loadOrCreateReceiptKey(e *env, path string) (*protocol.ReceiptKey, error) {
	b, err := fsutil.ReadFileLimit(path, maxReceiptKeyFile)
	if err == nil {
		raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, fmt.Errorf("receipt key %s: not hex", path)
		}
		return protocol.ReceiptKeyFromBytes(raw)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
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

// progressBar draws one status line, at most ten times a second.
type progressBar struct {
	w       io.Writer
	enabled bool
	mu      sync.Mutex
	last    time.Time
	p       challenge.Progress
	drawn   bool
}

func (b *progressBar) update(p challenge.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.p = p
	if !b.enabled || time.Since(b.last) < 100*time.Millisecond {
		return
	}
	b.last = time.Now()
	b.draw()
}

func (b *progressBar) draw() {
	p := b.p
	const width = 24
	frac := 0.0
	if p.Size > 0 {
		frac = float64(p.Received) / float64(p.Size)
	}
	n := int(frac * width)
	bar := strings.Repeat("#", n) + strings.Repeat("-", width-n)
	rate := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(p.Received) / s
	}
	line := fmt.Sprintf("[%s] %3.0f%% %s/%s %s  vouchers %d (acked %d)  probes %d ok %d failed",
		bar, 100*frac, sizeString(p.Received), sizeString(p.Size), rateString(rate), p.Vouchers, p.Acked,
		p.ProbesPassed, p.ProbesFailed)
	if p.LastRTT > 0 {
		line += fmt.Sprintf("  rtt %s", p.LastRTT.Round(10*time.Microsecond))
	}
	line += "  " + p.Miner
	fmt.Fprintf(b.w, "\r%-120s", line)
	b.drawn = true
}

func (b *progressBar) finish(res *challenge.FetchResult) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.enabled {
		return
	}
	if res != nil {
		b.p = res.Progress
	}
	b.draw()
	fmt.Fprintln(b.w)
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
