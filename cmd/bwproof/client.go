package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "client", Summary: "fetch objects from miners, verifying, probing and paying step by step", Run: runClient})
}

func runClient(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "client", "fetch content-addressed objects from miners: every chunk verified, probes each window, a voucher and a receipt after each", []subcommand{
		{"fetch", "fetch OBJECT from the first honest miner into --out", clientFetch},
	}, args)
}

func clientFetch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "client fetch", "bwproof client fetch --miner ADDR[,ADDR...] OBJECT --out FILE\n\n"+
		"fetch OBJECT (hex id) into FILE, checking every chunk against the id, probing each window and paying after it; "+
		"a miner that sends a wrong chunk or fails a probe is reported and the fetch resumes from the next miner")
	miners := fs.String("miner", envOr("BWPROOF_MINERS", ""), "miner addresses host:port, comma-separated, in order of preference (env BWPROOF_MINERS)")
	out := fs.String("out", "", "file to write the object to")
	state := fs.String("state", envOr("BWPROOF_CLIENT_STATE", "bwproof-client"), "directory of the client's channels, payment record, keys and reports (env BWPROOF_CLIENT_STATE)")
	keyFile := fs.String("key", envOr("BWPROOF_CLIENT_KEY", ""), "secp256k1 voucher key file (hex); default STATE/client.key, created if missing (env BWPROOF_CLIENT_KEY)")
	rkFile := fs.String("receipt-key", envOr("BWPROOF_RECEIPT_KEY", ""), "EdDSA receipt key file (hex); default STATE/receipt.key, created if missing (env BWPROOF_RECEIPT_KEY)")
	price := fs.String("price", envOr("BWPROOF_PRICE", "1"), "price per byte in wei for new channels (env BWPROOF_PRICE)")
	chain := fs.String("chain-id", envOr("BWPROOF_CHAIN_ID", ""), "chain id of the voucher domain for new channels (default 1337) (env BWPROOF_CHAIN_ID)")
	contract := fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "channel contract of the voucher domain for new channels (env BWPROOF_CONTRACT)")
	var w, p int
	shapeFlags(fs, &w, &p)
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "take the window shape from this key set, so the miner can prove the receipts (env BWPROOF_KEYS)")
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
	var addrs []string
	for _, a := range strings.Split(*miners, ",") {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		return fmt.Errorf("%w: --miner is required", errUsage)
	}
	pr, ok := new(big.Int).SetString(*price, 10)
	if !ok || pr.Sign() < 0 {
		return fmt.Errorf("%w: --price %q is not a non-negative integer", errUsage, *price)
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
	bar := &progressBar{w: e.Stderr, enabled: *progress}
	c, err := challenge.NewClient(challenge.ClientOptions{Key: key, ReceiptKey: rk, Record: rec, Reports: reports,
		PricePerByte: pr, Domain: *dom, Shape: shape, WindowBytes: wb, Probes: *probeCount,
		LatencyEvery: *latencyEvery, ProbeDeadline: *deadline, MinRate: float64(rate), IdleTimeout: *idle,
		Progress: bar.update, Log: e.Log})
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
	if res != nil {
		for _, r := range res.Reports {
			fmt.Fprintf(e.Stdout, "reported %s: %s %s (%s)\n", r.Kind, "miner", r.Accused.Hex(), r.Detail)
		}
	}
	if ferr != nil {
		return fmt.Errorf("%w (partial output left in %s; reports in %s)", ferr, *out, reports.Dir())
	}
	fmt.Fprintf(e.Stdout, "fetched %x (%d bytes) to %s in %s, %s; %d vouchers (%d acknowledged), probes %d passed / %d failed, %d failovers\n",
		obj[:], res.Size, *out, res.Elapsed.Round(time.Millisecond), rateString(float64(res.Received)/res.Elapsed.Seconds()),
		res.Vouchers, res.Acked, res.ProbesPassed, res.ProbesFailed, res.Failovers)
	return nil
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
	b, err := os.ReadFile(path)
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
