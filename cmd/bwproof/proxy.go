package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/relay"
	"github.com/bwproof/bwproof/verifier"
)

// relayFlags make `miner serve` an exit too (--relay).
type relayFlags struct {
	on                   *bool
	allow, deny          *string
	creditUp, creditDown *string
	dialTimeout          *time.Duration
}

func addRelayFlags(fs *flag.FlagSet) *relayFlags {
	return &relayFlags{
		on: fs.Bool("relay", false, "also act as a relay exit on the same port: open the TCP connections paying clients ask for "+
			"(bwproof client proxy), under the egress policy; every byte both ways is metered into the ledger"),
		allow: fs.String("relay-allow", envOr("BWPROOF_RELAY_ALLOW", ""), "with --relay: destinations allowed although the default refuses them, comma-separated: "+
			"CIDR or address (10.0.0.0/8, 127.0.0.1/32), optionally :PORT or :LOW-HIGH ([::1/128]:443); the check is on the resolved address (env BWPROOF_RELAY_ALLOW)"),
		deny: fs.String("relay-deny", envOr("BWPROOF_RELAY_DENY", ""), "with --relay: destinations always refused, comma-separated: CIDR[:PORT], host name or *.domain[:PORT], or :PORT[-PORT] (env BWPROOF_RELAY_DENY); "+
			"by default loopback, private, link-local, multicast, unspecified and reserved addresses are refused"),
		creditUp:    fs.String("relay-credit-up", "", fmt.Sprintf("with --relay: most unpaid upstream bytes per session (default %d)", relay.DefaultCreditUp)),
		creditDown:  fs.String("relay-credit-down", "", fmt.Sprintf("with --relay: most unpaid downstream bytes per session (default %d)", relay.DefaultCreditDown)),
		dialTimeout: fs.Duration("relay-dial-timeout", relay.DefaultDialTimeout, "with --relay: how long to try connecting to a destination"),
	}
}

// exitOptions turns the flags into relay.ExitOptions (nil when --relay is off).
func (f *relayFlags) exitOptions(e *env, mo *challenge.MinerOptions) (*relay.ExitOptions, error) {
	if !*f.on {
		if *f.allow != "" || *f.deny != "" {
			return nil, fmt.Errorf("%w: --relay-allow and --relay-deny need --relay", errUsage)
		}
		return nil, nil
	}
	allow, err := relay.ParseRules(*f.allow)
	if err != nil {
		return nil, fmt.Errorf("%w: --relay-allow: %w", errUsage, err)
	}
	deny, err := relay.ParseRules(*f.deny)
	if err != nil {
		return nil, fmt.Errorf("%w: --relay-deny: %w", errUsage, err)
	}
	o := &relay.ExitOptions{Ledger: mo.Ledger, Key: mo.Key, Policy: &relay.Policy{Allow: allow, Deny: deny},
		MinPrice: mo.MinPrice, Domain: mo.Domain, MaxWindowChunks: mo.MaxWindowChunks, DialTimeout: *f.dialTimeout,
		PaymentTimeout: mo.PaymentTimeout, OnStep: mo.OnStep, Log: e.Log.With("role", "exit")}
	for _, c := range []struct {
		flag string
		s    *string
		dst  *uint64
	}{{"relay-credit-up", f.creditUp, &o.CreditUp}, {"relay-credit-down", f.creditDown, &o.CreditDown}} {
		if *c.s == "" {
			continue
		}
		if *c.dst, err = parseSize(*c.s); err != nil {
			return nil, fmt.Errorf("%w: --%s: %w", errUsage, c.flag, err)
		}
	}
	e.Log.Info("relay exit", "allow", *f.allow, "deny", *f.deny)
	return o, nil
}

// listener returns ln shared with an exit built from o (ln itself when o
// is nil); check is the on-chain channel check when there is one.
func relayListener(ctx context.Context, ln net.Listener, o *relay.ExitOptions,
	check func(context.Context, challenge.ChannelInfo) (challenge.ChannelCheck, error)) (net.Listener, func(), error) {
	if o == nil {
		return ln, func() {}, nil
	}
	opts := *o
	opts.CheckChannel = check
	x, err := relay.NewExit(opts)
	if err != nil {
		return nil, nil, err
	}
	return relay.NewListener(ctx, ln, x), func() { x.Close() }, nil
}

func clientProxy(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client proxy", "bwproof client proxy --listen 127.0.0.1:1080 [--http-listen 127.0.0.1:8080] --miner HOST:PORT[@0xADDR][,...]\n\n"+
		"serve SOCKS5 (and with --http-listen an HTTP proxy: CONNECT, and plain http:// requests) to local applications, "+
		"carrying every connection through the first miner that works as an exit ('miner serve --relay'). "+
		"Every byte both ways is metered, checked (digests, counts, echoes) and paid window by window with vouchers and receipts; "+
		"an exit that alters, drops, injects or overclaims bytes, or falls below --min-rate / --max-latency, is left unpaid for that window, "+
		"reported (to the verifier with --nats) and the next miner takes over. "+
		"Channels are as in 'client fetch': off-chain without --rpc, on-chain ChannelManager channels with --rpc. "+
		"Prints its listen addresses on the first line; exits 0 on SIGTERM after paying what it carried.")
	listen := fs.String("listen", envOr("BWPROOF_PROXY_LISTEN", "127.0.0.1:1080"), "SOCKS5 listen address (env BWPROOF_PROXY_LISTEN)")
	httpListen := fs.String("http-listen", envOr("BWPROOF_PROXY_HTTP_LISTEN", ""), "HTTP proxy listen address (CONNECT and http:// requests); empty: none (env BWPROOF_PROXY_HTTP_LISTEN)")
	user := fs.String("socks-user", envOr("BWPROOF_SOCKS_USER", ""), "require this SOCKS5 username (with --socks-password; env BWPROOF_SOCKS_USER)")
	pass := fs.String("socks-password", envOr("BWPROOF_SOCKS_PASSWORD", ""), "require this SOCKS5 password (env BWPROOF_SOCKS_PASSWORD)")
	miners := fs.String("miner", envOr("BWPROOF_MINERS", ""), "exits, comma-separated, in order of preference: host:port, or host:port@0xADDR (needed to open channels with --deposit) (env BWPROOF_MINERS)")
	state := fs.String("state", envOr("BWPROOF_CLIENT_STATE", "bwproof-client"), "directory of the client's channels, payment record, keys and reports (env BWPROOF_CLIENT_STATE)")
	keyFile := fs.String("key", envOr("BWPROOF_CLIENT_KEY", ""), "secp256k1 voucher key file (hex); default STATE/client.key, created if missing (env BWPROOF_CLIENT_KEY)")
	rkFile := fs.String("receipt-key", envOr("BWPROOF_RECEIPT_KEY", ""), "EdDSA receipt key file (hex); default STATE/receipt.key, created if missing (env BWPROOF_RECEIPT_KEY)")
	price := fs.String("price", envOr("BWPROOF_PRICE", "1"), "price per byte for new channels (wei, or with gwei/ether) (env BWPROOF_PRICE)")
	chain := fs.String("chain-id", envOr("BWPROOF_CHAIN_ID", ""), "chain id of the voucher domain for off-chain channels (default 1337) (env BWPROOF_CHAIN_ID)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address (env BWPROOF_CONTRACT)")
	rpc := fs.String("rpc", envOr("BWPROOF_RPC", ""), "JSON-RPC URL of the chain: pay on on-chain channels of --contract (env BWPROOF_RPC)")
	channels := fs.String("channel", envOr("BWPROOF_CHANNELS", ""), "with --rpc: channels opened beforehand, comma-separated MINER=0xID (env BWPROOF_CHANNELS)")
	deposit := fs.String("deposit", envOr("BWPROOF_DEPOSIT", ""), "with --rpc: open a channel with this deposit to each miner that has none (env BWPROOF_DEPOSIT)")
	period := fs.Duration("challenge-period", 24*time.Hour, "with --deposit: challenge period of the channels opened")
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "take the window shape from this key set, so the miner can prove the receipts; required with --rpc (env BWPROOF_KEYS)")
	var w, p int
	shapeFlags(fs, &w, &p)
	chunk := fs.String("chunk", "32KiB", "largest chunk (data frame) either way, at most 64KiB")
	minRate := fs.String("min-rate", "0", "quality floor: bytes/s a throughput probe must see (0: none)")
	maxLatency := fs.Duration("max-latency", 0, "quality floor: longest round trip of a latency probe through the exit (0: none)")
	latencyEvery := fs.Duration("latency-every", relay.DefaultLatencyEvery, "send a latency probe this often (also keeps idle sessions alive)")
	throughputEvery := fs.Duration("throughput-every", 0, "send a throughput probe this often (0: once per session when --min-rate is set)")
	deadline := fs.Duration("probe-deadline", relay.DefaultProbeDeadline, "time an exit has to answer a probe")
	payDelay := fs.Duration("pay-delay", relay.DefaultPayDelay, "how long carried bytes wait for their window to fill before it is paid as it is")
	nf := addNATSFlags(fs, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	if (*user == "") != (*pass == "") {
		return fmt.Errorf("%w: --socks-user and --socks-password go together", errUsage)
	}
	specs, err := parseMinerSpecs(*miners)
	if err != nil {
		return err
	}
	exits := specAddrs(specs)
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
	dom, err := domainFlags(*chain, *contract, true)
	if err != nil {
		return err
	}
	shape, err := shapeOrKeys(w, p, *keys)
	if err != nil {
		return err
	}
	chunkN, err := parseSize(*chunk)
	if err != nil || chunkN == 0 || chunkN > relay.MaxChunk {
		return fmt.Errorf("%w: --chunk %q: want 1..%d bytes", errUsage, *chunk, relay.MaxChunk)
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
	co := relay.ClientOptions{Key: key, ReceiptKey: rk, Record: rec, Reports: reports, Exits: exits,
		PricePerByte: pr, Domain: *dom, Shape: shape, PayDelay: *payDelay, LatencyEvery: *latencyEvery,
		ThroughputEvery: *throughputEvery, ProbeDeadline: *deadline, Log: e.Log.With("role", "proxy"),
		Terms: relay.Terms{ChunkSize: uint32(chunkN), MinRate: rate, MaxLatencyMillis: uint32(maxLatency.Milliseconds())}}
	if onChain {
		closeChain, err := onChainRelay(ctx, e, &co, key, rk, rec, specs, given, dom, *rpc, *chain, *deposit, pr, *period, shape)
		if err != nil {
			return err
		}
		defer closeChain()
	}
	var reportWG sync.WaitGroup
	if *nf.url != "" {
		nc, err := nf.connect(e, *nf.url, "bwproof-client")
		if err != nil {
			return err
		}
		defer nc.Close()
		vc := verifier.NewClient(nc, verifier.ClientOptions{})
		// Reports go to the verifier as they happen, off the session's path.
		co.OnReport = func(r protocol.Report) {
			reportWG.Go(func() {
				if err := submitReports(context.WithoutCancel(ctx), e, vc, []protocol.Report{r}); err != nil {
					e.Log.Error("submitting report", "err", err)
				}
			})
		}
	}
	c, err := relay.NewClient(co)
	if err != nil {
		return err
	}
	px, err := relay.NewProxy(relay.ProxyOptions{Client: c, Auth: relay.SOCKSAuth{Username: *user, Password: *pass}, Log: e.Log.With("role", "proxy")})
	if err != nil {
		return err
	}
	sl, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	addrs := "socks5://" + sl.Addr().String()
	var hl net.Listener
	if *httpListen != "" {
		if hl, err = net.Listen("tcp", *httpListen); err != nil {
			sl.Close()
			return err
		}
		addrs += " http://" + hl.Addr().String()
	}
	fmt.Fprintf(e.Stdout, "proxy %s through %s (client %s, state %s)\n", addrs, strings.Join(exits, ","), c.Address().Hex(), *state)
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	wg.Go(func() { errc <- px.ServeSOCKS(ctx, sl) })
	if hl != nil {
		wg.Go(func() { errc <- px.ServeHTTP(ctx, hl) })
	}
	var serr error
	select {
	case <-ctx.Done():
	case serr = <-errc:
	}
	sl.Close()
	if hl != nil {
		hl.Close()
	}
	px.Close()
	wg.Wait()
	// Pay for everything carried before leaving.
	c.Close()
	reportWG.Wait()
	for _, s := range c.Stats() {
		how := "ok"
		if s.Err != nil {
			how = "left: " + s.Err.Error()
		}
		fmt.Fprintf(e.Stdout, "exit %s (%s) channel %s: sent %d, received %d, paid %d, acknowledged up to %d bytes in %d vouchers (%s)\n",
			s.Addr, s.Miner.Hex(), s.Channel, s.Sent, s.Received, s.Paid, s.Acked, s.Vouchers, how)
	}
	if serr != nil && !errors.Is(serr, net.ErrClosed) {
		return serr
	}
	return nil
}

// onChainRelay makes the relay client pay on ChannelManager channels, as
// 'client fetch --rpc' does.
func onChainRelay(ctx context.Context, e *env, co *relay.ClientOptions, key *ecdsa.PrivateKey, rk *protocol.ReceiptKey,
	rec *challenge.PaymentRecord, specs []minerSpec, given map[string]protocol.Element, dom *protocol.ChainDomain,
	rpc, chain, deposit string, price *big.Int, period time.Duration, shape protocol.Shape) (func(), error) {
	minerEth := map[string]common.Address{}
	for _, m := range specs {
		if m.hasEth {
			minerEth[m.addr] = m.eth
		}
	}
	mgr, err := dialManager(ctx, e, rpc, dom.Contract)
	if err != nil {
		return nil, err
	}
	closeChain := func() { mgr.Chain().Close() }
	if chain != "" && mgr.Domain().ChainID.Cmp(dom.ChainID) != 0 {
		closeChain()
		return nil, fmt.Errorf("%w: --chain-id %s, but the node at --rpc is chain %s", errUsage, dom.ChainID, mgr.Domain().ChainID)
	}
	cco := node.ClientChannelsOptions{Manager: mgr, Key: key, ReceiptKey: rk.Public(), Record: rec, Shape: shape,
		Given: given, Miners: minerEth, Log: e.Log,
		Chosen: func(c node.ChannelChoice) {
			fmt.Fprintf(e.Stderr, "channel %s with miner %s at %s (%s): %s wei/byte, deposit %s wei, %s wei left\n",
				c.Channel.ID, c.Channel.Miner.Hex(), c.Addr, c.How, c.Channel.PricePerByte, c.Channel.Deposit, c.Left)
		}}
	if deposit != "" {
		dep, err := parseWei("deposit", deposit)
		if err != nil {
			closeChain()
			return nil, err
		}
		cco.Open = &node.OpenTerms{Deposit: dep, PricePerByte: price, ChallengePeriod: period}
	}
	cc, err := node.NewClientChannels(cco)
	if err != nil {
		closeChain()
		return nil, err
	}
	co.Domain = mgr.Domain()
	co.Channel = cc.Channel
	co.ChainState = cc.ChainState
	return closeChain, nil
}
