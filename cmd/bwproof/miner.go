package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "miner", Summary: "serve content to paying clients; import files; export ledgers", Run: runMiner})
}

func runMiner(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "miner", "serve content-addressed objects over TCP, paid step by step with vouchers and receipts", []subcommand{
		{"serve", "serve the store's objects to paying clients", minerServe},
		{"add", "import files into the store and print their object ids", minerAdd},
		{"export", "write a channel's accepted steps as a session file for 'attest prove'", minerExport},
	}, args)
}

func minerServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "miner serve", "serve the store's objects over TCP; every accepted voucher is on disk before it is acknowledged")
	store := fs.String("store", envOr("BWPROOF_STORE", "bwproof-store"), "object store directory (env BWPROOF_STORE)")
	ledger := fs.String("ledger", envOr("BWPROOF_LEDGER", "bwproof-ledger"), "ledger directory: channels, accepted steps, reports (env BWPROOF_LEDGER)")
	listen := fs.String("listen", envOr("BWPROOF_MINER_LISTEN", "127.0.0.1:7480"), "TCP address to listen on (env BWPROOF_MINER_LISTEN)")
	keyFile := fs.String("key", envOr("BWPROOF_MINER_KEY", ""), "secp256k1 key file (hex) signing chunk headers and reports; default LEDGER/miner.key, created if missing (env BWPROOF_MINER_KEY)")
	credit := fs.String("credit", envOr("BWPROOF_MINER_CREDIT", strconv.Itoa(challenge.DefaultCreditLimit)), "most unpaid bytes one channel may hold, across its connections; for channels not verified on chain also the most for one client key across all its channels (env BWPROOF_MINER_CREDIT)")
	maxUnpaid := fs.String("max-unpaid", envOr("BWPROOF_MINER_MAX_UNPAID", ""), fmt.Sprintf("most unpaid bytes all channels not verified on chain may hold together, owed or reserved; bytes still owed when a connection ends count for --unpaid-hold (default %d × --credit; env BWPROOF_MINER_MAX_UNPAID)", challenge.DefaultMaxUnpaidCredits))
	unpaidHold := fs.Duration("unpaid-hold", challenge.DefaultUnpaidHold, "how long bytes a channel still owes after its last connection count against its credit, its client key's and --max-unpaid; strangers can take at most --max-unpaid per --unpaid-hold without paying")
	minPrice := fs.String("min-price", envOr("BWPROOF_MINER_MIN_PRICE", "0"), "lowest price per byte accepted, in wei (env BWPROOF_MINER_MIN_PRICE)")
	chain := fs.String("chain-id", envOr("BWPROOF_CHAIN_ID", ""), "accept vouchers only for this chain id (with --contract; default: any) (env BWPROOF_CHAIN_ID)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "accept vouchers only for this channel contract (env BWPROOF_CONTRACT)")
	maxWindow := fs.Int("max-window", challenge.DefaultMaxWindow, "largest window (chunks) a channel may use")
	payTimeout := fs.Duration("payment-timeout", challenge.DefaultPaymentTimeout, "how long to wait for a voucher once the credit is used up")
	idle := fs.Duration("idle-timeout", challenge.DefaultIdleTimeout, "close connections silent for this long")
	progress := fs.Duration("progress-timeout", challenge.DefaultProgressTimeout, "close a connection that goes this long without an accepted payment (hello counts as the first), whatever else it sends")
	maxConns := fs.Int("max-conns", challenge.DefaultMaxConns, "most open client connections; more are closed at once")
	maxConnsPerIP := fs.Int("max-conns-per-ip", challenge.DefaultMaxConnsPerIP, "most open connections from one remote address (IPv6: one /64); more are closed at once")
	faults := addFaultFlags(fs)
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
	domain, err := domainFlags(*chain, *contract, false)
	if err != nil {
		return err
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
	m, err := challenge.NewMiner(challenge.MinerOptions{Store: st, Ledger: led, Key: key, Reports: reports,
		CreditLimit: creditN, MinPrice: price, Domain: domain, MaxWindowChunks: *maxWindow,
		PaymentTimeout: *payTimeout, IdleTimeout: *idle, Faults: fl, Log: e.Log,
		MaxUnpaid: maxUnpaidN, UnpaidHold: *unpaidHold, ProgressTimeout: *progress,
		MaxConns: *maxConns, MaxConnsPerIP: *maxConnsPerIP})
	if err != nil {
		return err
	}
	if fl != nil {
		e.Log.Warn("FAULTY MINER: misbehaving on purpose (--fault-* flags are for tests and demos only)",
			"corrupt", *faults.mode, "corrupt_chunk", *faults.chunk, "wrong_probe", *faults.wrongProbe)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		m.Close()
		return err
	}
	fmt.Fprintf(e.Stdout, "miner %s listening on %s (store %s, ledger %s)\n", m.Address().Hex(), ln.Addr(), *store, *ledger)
	err = m.Serve(ctx, ln)
	m.Close()
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
		for _, id := range ids {
			latest, err := led.Latest(id)
			if err != nil {
				return err
			}
			if latest == nil {
				fmt.Fprintf(e.Stdout, "%x  no steps\n", id[:])
				continue
			}
			fmt.Fprintf(e.Stdout, "%x  nonce %d  %d bytes  %s wei\n", id[:], latest.Voucher.Nonce,
				latest.Voucher.CumulativeBytes, latest.Voucher.CumulativeAmount)
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
	fmt.Fprintf(e.Stdout, "session written to %s: %d steps, latest nonce %d, %d bytes\n", *out, len(sess.Steps),
		latest.Voucher.Nonce, latest.Voucher.CumulativeBytes)
	return nil
}

// loadOrCreateKey loads a hex secp256k1 key file, creating it (0600) if
// it does not exist.
func loadOrCreateKey(e *env, path string) (*ecdsa.PrivateKey, error) {
	key, err := crypto.LoadECDSA(path)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("key %s: %w", path, err)
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
