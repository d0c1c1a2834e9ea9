package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

func init() {
	register(command{Name: "verifier", Summary: "the verifier service on NATS: serve, credentials, queries", Run: runVerifier})
}

func runVerifier(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "verifier", "check attestations and reports over NATS, keep standings, answer queries", []subcommand{
		{"serve", "run the verifier (with an embedded NATS server unless --nats is given)", verifierServe},
		{"creds", "create an nkey user for a role and add it to the access layout", verifierCreds},
		{"submit", "sign an attestation file with the miner's key and submit it", verifierSubmit},
		{"channel", "query a channel's latest accepted attestation", verifierChannel},
		{"standing", "query a party's standing", verifierStanding},
		{"epoch", "query the bytes attested per miner in an epoch", verifierEpoch},
		{"solidity", "fetch the Solidity verifier of a circuit from the service", verifierSolidity},
	}, args)
}

// natsFlags are the connection flags every subcommand that talks to NATS has.
type natsFlags struct {
	url, nkey, creds, tlsCA, tlsCert, tlsKey *string
}

func addNATSFlags(fs interface {
	String(string, string, string) *string
}, urlDef string) *natsFlags {
	return &natsFlags{
		url:     fs.String("nats", envOr("BWPROOF_NATS_URL", urlDef), "NATS server URL(s), comma-separated (env BWPROOF_NATS_URL)"),
		nkey:    fs.String("nkey", envOr("BWPROOF_NATS_NKEY", ""), "nkey seed file to authenticate with (env BWPROOF_NATS_NKEY)"),
		creds:   fs.String("creds", envOr("BWPROOF_NATS_CREDS", ""), "JWT credentials file (env BWPROOF_NATS_CREDS)"),
		tlsCA:   fs.String("tls-ca", envOr("BWPROOF_NATS_TLS_CA", ""), "CA file to verify the server (env BWPROOF_NATS_TLS_CA)"),
		tlsCert: fs.String("tls-cert", envOr("BWPROOF_NATS_TLS_CERT", ""), "client certificate (env BWPROOF_NATS_TLS_CERT)"),
		tlsKey:  fs.String("tls-key", envOr("BWPROOF_NATS_TLS_KEY", ""), "client key (env BWPROOF_NATS_TLS_KEY)"),
	}
}

func (f *natsFlags) connect(e *env, url, name string) (*nats.Conn, error) {
	return f.connectTo(e, url, name, nil)
}

// connectTo connects in process to srv when it is this process's embedded
// server (no socket, no loopback hop on every JetStream request), else to url.
func (f *natsFlags) connectTo(e *env, url, name string, srv *server.Server) (*nats.Conn, error) {
	return verifier.Connect(verifier.ConnectOptions{URL: url, Name: name, NkeySeedFile: *f.nkey, CredsFile: *f.creds,
		TLSCAFile: *f.tlsCA, TLSCertFile: *f.tlsCert, TLSKeyFile: *f.tlsKey, Log: e.Log, InProcess: srv})
}

func envInt(key string, def int) int {
	if v, err := strconv.Atoi(envOr(key, "")); err == nil {
		return v
	}
	return def
}

func envFloat(key string, def float64) float64 {
	if v, err := strconv.ParseFloat(envOr(key, ""), 64); err == nil {
		return v
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(envOr(key, "")); err == nil {
		return v
	}
	return def
}

func verifierServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "verifier serve", "run the verifier service; by default it also runs an embedded NATS server with JetStream in --data")
	keyDirs := fs.String("keys", envOr("BWPROOF_VERIFIER_KEYS", envOr("BWPROOF_KEYS", "")), "key set directories, comma-separated (env BWPROOF_VERIFIER_KEYS)")
	nf := addNATSFlags(fs, "")
	data := fs.String("data", envOr("BWPROOF_VERIFIER_DATA", "bwproof-verifier"), "embedded server: JetStream data directory (env BWPROOF_VERIFIER_DATA)")
	listen := fs.String("listen", envOr("BWPROOF_VERIFIER_LISTEN", "127.0.0.1:4222"), "embedded server: client address (env BWPROOF_VERIFIER_LISTEN)")
	authFile := fs.String("auth", envOr("BWPROOF_VERIFIER_AUTH", ""), "embedded server: enforce this access layout (auth.json from 'verifier creds'); needs --nkey of a verifier user (env BWPROOF_VERIFIER_AUTH)")
	serverName := fs.String("server-name", envOr("BWPROOF_VERIFIER_SERVER_NAME", ""), "embedded server: name (required in a cluster)")
	clusterName := fs.String("cluster", envOr("BWPROOF_VERIFIER_CLUSTER", ""), "embedded server: cluster name, to be one node of a cluster (env BWPROOF_VERIFIER_CLUSTER)")
	clusterListen := fs.String("cluster-listen", envOr("BWPROOF_VERIFIER_CLUSTER_LISTEN", "127.0.0.1:6222"), "embedded server: route address (env BWPROOF_VERIFIER_CLUSTER_LISTEN)")
	routes := fs.String("routes", envOr("BWPROOF_VERIFIER_ROUTES", ""), "embedded server: nats-route:// URLs of the other nodes, comma-separated (env BWPROOF_VERIFIER_ROUTES)")
	syncAlways := fs.Bool("sync-always", envOr("BWPROOF_VERIFIER_SYNC_ALWAYS", "") != "", "embedded server: fsync every JetStream write (survives power loss; slower) (env BWPROOF_VERIFIER_SYNC_ALWAYS)")
	replicas := fs.Int("replicas", envInt("BWPROOF_VERIFIER_REPLICAS", 1), "JetStream replicas of the streams and buckets: 1, or 3 on a cluster (env BWPROOF_VERIFIER_REPLICAS)")
	metricsAddr := fs.String("metrics", envOr("BWPROOF_VERIFIER_METRICS", ""), "serve Prometheus /metrics on this address, e.g. 127.0.0.1:9464 (env BWPROOF_VERIFIER_METRICS; default off)")
	epoch := fs.Duration("epoch", envDuration("BWPROOF_VERIFIER_EPOCH", time.Hour), "accounting epoch for rewards (env BWPROOF_VERIFIER_EPOCH)")
	workers := fs.Int("workers", envInt("BWPROOF_VERIFIER_WORKERS", 0), "proof verification workers (0: one per core)")
	maxBatch := fs.Int("max-batch", envInt("BWPROOF_VERIFIER_MAX_BATCH", 64), "largest proof verification batch")
	threshold := fs.Int("complaint-threshold", envInt("BWPROOF_VERIFIER_COMPLAINTS", 5), "distinct complainants that flag a party")
	credRate := fs.Float64("credential-rate", envFloat("BWPROOF_VERIFIER_CREDENTIAL_RATE", 50), "requests per second per user credential, over all endpoints (with an access layout; env BWPROOF_VERIFIER_CREDENTIAL_RATE)")
	credBurst := fs.Int("credential-burst", envInt("BWPROOF_VERIFIER_CREDENTIAL_BURST", 100), "burst of --credential-rate (env BWPROOF_VERIFIER_CREDENTIAL_BURST)")
	rpc := fs.String("rpc", envOr("BWPROOF_RPC", ""), "bind attestations to the chain: JSON-RPC URL of the node (env BWPROOF_RPC)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "with --rpc: the ChannelManager whose channels are accepted (env BWPROOF_CONTRACT)")
	confirmations := fs.Uint64("confirmations", uint64(max(0, envInt("BWPROOF_VERIFIER_CONFIRMATIONS", 0))), "with --rpc: read channels this many blocks below the head, so no acceptance rests on a block a reorg may remove (env BWPROOF_VERIFIER_CONFIRMATIONS)")
	chainTTL := fs.Duration("chain-cache-ttl", envDuration("BWPROOF_VERIFIER_CHAIN_CACHE_TTL", verifier.DefaultChainCacheTTL), "with --rpc: trust a channel read this long without an event (env BWPROOF_VERIFIER_CHAIN_CACHE_TTL)")
	allowOffchain := fs.Bool("allow-offchain", envOr("BWPROOF_VERIFIER_ALLOW_OFFCHAIN", "") != "", "without --rpc: accept attestations on channels nobody checked on chain, attributed to their first miner and counted apart from the epoch totals (development and tests only; env BWPROOF_VERIFIER_ALLOW_OFFCHAIN)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *keyDirs == "" {
		return fmt.Errorf("%w: --keys is required", errUsage)
	}
	var keys []*attest.Keys
	for _, d := range strings.Split(*keyDirs, ",") {
		k, err := attest.LoadVerifyingKey(strings.TrimSpace(d))
		if err != nil {
			// A missing or undecodable key set is unreadable input (exit 3).
			return &inputError{What: "key set", Path: strings.TrimSpace(d), Err: err}
		}
		keys = append(keys, k)
		e.Log.Info("verifying key loaded", "dir", d, "circuit_id", k.CircuitID, "window", k.Shape.Chunks)
	}
	// Bound to a chain unless told otherwise: an attestation on a channel
	// nobody checked is how a client and a miner would farm rewards.
	var chain verifier.ChainSource
	switch {
	case *rpc != "" && *allowOffchain:
		return fmt.Errorf("%w: --allow-offchain is for a verifier without --rpc", errUsage)
	case *rpc != "":
		addr, err := parseAddr(*contract, "--contract")
		if err != nil {
			return err
		}
		m, err := dialManager(ctx, e, *rpc, addr)
		if err != nil {
			return err
		}
		defer m.Chain().Close()
		chain = contracts.NewChannelSource(m, contracts.ChannelSourceOptions{Confirmations: *confirmations, Log: e.Log})
		e.Log.Info("attestations bound to the chain", "rpc", *rpc, "contract", addr, "chain_id", m.Domain().ChainID, "confirmations", *confirmations)
	case !*allowOffchain:
		return fmt.Errorf("%w: the verifier accepts attestations only on channels it reads from the chain: give --rpc and --contract (or --allow-offchain for development and tests)", errUsage)
	default:
		e.Log.Warn("accepting off-chain channels (--allow-offchain): their bytes are not in the epoch totals")
	}

	url := *nf.url
	var srv *server.Server
	if url == "" {
		so, err := embeddedOptions(e, *data, *listen, *authFile, *nf.nkey, *serverName, *clusterName, *clusterListen, *routes)
		if err != nil {
			return err
		}
		so.SyncAlways = *syncAlways
		if srv, err = verifier.StartServer(so); err != nil {
			return err
		}
		defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
		url = srv.ClientURL()
		e.Log.Info("embedded NATS server ready", "url", url, "data", *data, "auth", so.Auth != nil, "cluster", *clusterName)
	} else if *authFile != "" {
		return fmt.Errorf("%w: --auth configures the embedded server; with --nats configure your server (see 'verifier creds --server-config')", errUsage)
	}
	nc, err := nf.connectTo(e, url, "bwproof-verifier", srv)
	if err != nil {
		return err
	}
	defer nc.Close()

	metrics := verifier.NewMetrics()
	if *metricsAddr != "" {
		ms, err := verifier.ServeMetrics(*metricsAddr, metrics, e.Log)
		if err != nil {
			return err
		}
		defer ms.Close()
		e.Log.Info("metrics", "url", "http://"+ms.Addr()+"/metrics")
	}
	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	svc, err := verifier.New(startCtx, verifier.Options{Conn: nc, Keys: keys, Replicas: *replicas, EpochLength: *epoch,
		Workers: *workers, MaxBatch: *maxBatch, ComplaintThreshold: *threshold, CredentialRate: *credRate,
		CredentialBurst: *credBurst, Chain: chain, ChainCacheTTL: *chainTTL, AllowOffchain: *allowOffchain, Metrics: metrics, Log: e.Log})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "verifier %s serving on %s (service %s)\n", svc.ID(), url, verifier.ServiceName)
	<-ctx.Done()
	stopCtx, cancelStop := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelStop()
	return svc.Stop(stopCtx)
}

func embeddedOptions(e *env, data, listen, authFile, nkey, serverName, clusterName, clusterListen, routes string) (verifier.ServerOptions, error) {
	so := verifier.ServerOptions{DataDir: data, ServerName: serverName, Log: e.Log}
	host, port, err := splitHostPort(listen)
	if err != nil {
		return so, fmt.Errorf("%w: --listen: %w", errUsage, err)
	}
	so.Host, so.Port = host, port
	if authFile != "" {
		l, err := verifier.LoadAuthLayout(authFile)
		if err != nil {
			return so, err
		}
		if nkey == "" {
			return so, fmt.Errorf("%w: with --auth the verifier connects with its own --nkey (a verifier user of the layout)", errUsage)
		}
		so.Auth = l
	}
	if clusterName != "" {
		h, p, err := splitHostPort(clusterListen)
		if err != nil {
			return so, fmt.Errorf("%w: --cluster-listen: %w", errUsage, err)
		}
		so.Cluster = &verifier.ClusterOptions{Name: clusterName, Host: h, Port: p}
		for _, r := range strings.Split(routes, ",") {
			if r = strings.TrimSpace(r); r != "" {
				so.Cluster.Routes = append(so.Cluster.Routes, r)
			}
		}
		if serverName == "" {
			return so, fmt.Errorf("%w: a cluster node needs --server-name", errUsage)
		}
	}
	return so, nil
}

func splitHostPort(s string) (string, int, error) {
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return "", 0, fmt.Errorf("%q is not host:port", s)
	}
	p, err := strconv.Atoi(s[i+1:])
	if err != nil || p < -1 || p > 65535 {
		return "", 0, fmt.Errorf("%q: bad port", s)
	}
	if p == 0 {
		p = -1 // any free port
	}
	return s[:i], p, nil
}

func verifierCreds(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "verifier creds", "create an nkey user (seed file DIR/NAME.nk) for a role and add it to DIR/auth.json; roles: verifier, miner, client, ops")
	dir := fs.String("dir", envOr("BWPROOF_VERIFIER_CREDS", "bwproof-creds"), "credentials directory (env BWPROOF_VERIFIER_CREDS)")
	role := fs.String("role", "", "role of the new user: verifier, miner, client or ops")
	name := fs.String("name", "", "user name (default: the role)")
	serverConfig := fs.Bool("server-config", false, "print the layout as a nats-server authorization block instead (for your own server)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	layoutPath := filepath.Join(*dir, verifier.AuthFile)
	layout := &verifier.AuthLayout{}
	if _, err := os.Stat(layoutPath); err == nil {
		if layout, err = verifier.LoadAuthLayout(layoutPath); err != nil {
			return err
		}
	}
	if *serverConfig {
		conf, err := layout.ServerConfig()
		if err != nil {
			return err
		}
		fmt.Fprint(e.Stdout, conf)
		return nil
	}
	if *role == "" {
		return fmt.Errorf("%w: --role is required", errUsage)
	}
	if *name == "" {
		*name = *role
	}
	seed, err := layout.NewUser(*name, verifier.Role(*role))
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	path, err := verifier.WriteSeed(*dir, *name, seed)
	if err != nil {
		return err
	}
	if err := layout.Save(layoutPath); err != nil {
		os.Remove(path)
		return err
	}
	u := layout.Users[len(layout.Users)-1]
	fmt.Fprintf(e.Stdout, "%s user %q: public key %s\nseed written to %s (keep it secret)\nlayout %s\n", u.Role, u.Name, u.NKey, path, layoutPath)
	return nil
}

// queryClient parses the connection flags of a query subcommand.
func queryClient(e *env, name, summary string, args []string, extra func(fs flagSet)) (*verifier.Client, func(), error) {
	fs := newFlags(e, "verifier "+name, summary)
	nf := addNATSFlags(fs, "nats://127.0.0.1:4222")
	timeout := fs.Duration("timeout", 10*time.Second, "request timeout")
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, nil, err
	}
	nc, err := nf.connect(e, *nf.url, "bwproof-"+name)
	if err != nil {
		return nil, nil, err
	}
	return verifier.NewClient(nc, verifier.ClientOptions{Timeout: *timeout}), nc.Close, nil
}

type flagSet interface {
	String(string, string, string) *string
	Int64(string, int64, string) *int64
	Bool(string, bool, string) *bool
}

func printJSON(e *env, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.Stdout, string(b))
	return err
}

func parseChannel(s string) (protocol.Element, error) {
	var el protocol.Element
	s = strings.TrimPrefix(s, "0x")
	if n, err := strconv.ParseUint(s, 10, 64); err == nil && !strings.HasPrefix(s, "0") {
		return protocol.ElementFromUint64(n), nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) > 32 {
		return el, fmt.Errorf("%w: --channel wants 0x-hex (up to 32 bytes)", errUsage)
	}
	copy(el[32-len(b):], b)
	if !el.Valid() {
		return el, fmt.Errorf("%w: --channel is not a BN254 field element", errUsage)
	}
	return el, nil
}

func verifierChannel(ctx context.Context, e *env, args []string) error {
	var ch *string
	c, closeFn, err := queryClient(e, "channel", "print a channel's latest accepted attestation", args, func(fs flagSet) {
		ch = fs.String("channel", "", "channel id (0x-hex)")
	})
	if err != nil {
		return err
	}
	defer closeFn()
	el, err := parseChannel(*ch)
	if err != nil {
		return err
	}
	st, err := c.ChannelState(ctx, el)
	if err != nil {
		return err
	}
	return printJSON(e, st)
}

func parseAddr(s, flag string) (common.Address, error) {
	if !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("%w: %s wants a 0x-hex address", errUsage, flag)
	}
	return common.HexToAddress(s), nil
}

func verifierStanding(ctx context.Context, e *env, args []string) error {
	var party *string
	c, closeFn, err := queryClient(e, "standing", "print a party's standing (proven faults, complaints, bytes attested, flag)", args, func(fs flagSet) {
		party = fs.String("party", "", "the party's address (0x-hex)")
	})
	if err != nil {
		return err
	}
	defer closeFn()
	a, err := parseAddr(*party, "--party")
	if err != nil {
		return err
	}
	st, err := c.Standing(ctx, a)
	if err != nil {
		return err
	}
	return printJSON(e, st)
}

func verifierEpoch(ctx context.Context, e *env, args []string) error {
	var miner *string
	var epoch *int64
	c, closeFn, err := queryClient(e, "epoch", "print the bytes attested per miner in an epoch (for rewards)", args, func(fs flagSet) {
		miner = fs.String("miner", "", "only this miner (0x-hex address)")
		epoch = fs.Int64("epoch", -1, "epoch number (default: the current one)")
	})
	if err != nil {
		return err
	}
	defer closeFn()
	var m common.Address
	if *miner != "" {
		if m, err = parseAddr(*miner, "--miner"); err != nil {
			return err
		}
	}
	var ep *uint64
	if *epoch >= 0 {
		v := uint64(*epoch)
		ep = &v
	}
	eb, err := c.EpochBytes(ctx, ep, m)
	if err != nil {
		return err
	}
	return printJSON(e, eb)
}

func verifierSolidity(ctx context.Context, e *env, args []string) error {
	var circuit, out *string
	c, closeFn, err := queryClient(e, "solidity", "fetch the Solidity verifier of a circuit from the service (the same as 'keys solidity')", args, func(fs flagSet) {
		circuit = fs.String("circuit", "", "circuit id (hex)")
		out = fs.String("out", "", "write to this file (default: stdout)")
	})
	if err != nil {
		return err
	}
	defer closeFn()
	b, err := hex.DecodeString(strings.TrimPrefix(*circuit, "0x"))
	if err != nil || len(b) != 32 {
		return fmt.Errorf("%w: --circuit wants a 32-byte hex circuit id", errUsage)
	}
	var id attest.CircuitID
	copy(id[:], b)
	src, err := c.ExportSolidity(ctx, id)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = e.Stdout.Write(src)
		return err
	}
	return os.WriteFile(*out, src, 0o644)
}

func verifierSubmit(ctx context.Context, e *env, args []string) error {
	var attFile, keyFile *string
	var asJSON *bool
	c, closeFn, err := queryClient(e, "submit", "sign an attestation (from 'attest prove') with the miner's secp256k1 key and submit it", args, func(fs flagSet) {
		attFile = fs.String("attestation", "", "attestation file")
		keyFile = fs.String("key", envOr("BWPROOF_MINER_KEY", envOr("BWPROOF_CHAIN_KEY", "")), "the miner's key file (hex) the bytes are attributed to (env BWPROOF_MINER_KEY)")
		asJSON = fs.Bool("json", false, "send the JSON body instead of the binary one")
	})
	if err != nil {
		return err
	}
	defer closeFn()
	if *attFile == "" || *keyFile == "" {
		return fmt.Errorf("%w: --attestation and --key are required", errUsage)
	}
	raw, err := fsutil.ReadFileLimit(*attFile, attest.MaxAttestationSize)
	if err != nil {
		return err
	}
	a, err := attest.DecodeAttestation(raw)
	if err != nil {
		return &inputError{What: "attestation", Path: *attFile, Err: err}
	}
	// An unreadable key file is bad input (exit 3), not a misuse.
	key, err := loadKeyFile(*keyFile)
	if err != nil {
		return fmt.Errorf("--key: %w", err)
	}
	if *asJSON {
		c = verifier.NewClient(c.Conn(), verifier.ClientOptions{Timeout: c.Timeout(), JSON: true})
	}
	acc, err := c.SubmitAttestation(ctx, a, key)
	if err != nil {
		return err
	}
	return printJSON(e, acc)
}
