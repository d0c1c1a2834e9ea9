package main

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"os"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/protocol"
)

// Size bounds for files the CLI reads that are not protocol encodings (those
// use the protocol's own Max*Size).
const (
	// maxReceiptKeyFile: a receipt key file is 64 hex digits and a newline.
	maxReceiptKeyFile = 4 << 10
	// maxSoliditySource: gnark's exported verifier is ~30 KiB.
	maxSoliditySource = 1 << 20
)

func init() {
	register(command{Name: "attest", Summary: "miner-side proofs: simulate a signed session, prove it, verify an attestation", Run: runAttest})
}

func runAttest(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "attest", "turn a client's signed receipts into a zero-knowledge proof of the bytes delivered", []subcommand{
		{"simulate", "write a session signed by a simulated honest client", attestSimulate},
		{"prove", "prove the latest voucher of a session file", attestProve},
		{"verify", "verify an attestation file (exit 0 if valid)", attestVerify},
	}, args)
}

func attestSimulate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "attest simulate", "simulate an honest client receiving random content in chunks, probing each window and signing a receipt and voucher after it")
	bytes := fs.Uint64("bytes", 1<<20, "content size in bytes")
	chunk := fs.Int("chunk", 64<<10, "chunk size in bytes (at most 1 MiB)")
	var w, p int
	shapeFlags(fs, &w, &p)
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "take the window shape from this key set (env BWPROOF_KEYS)")
	out := fs.String("out", "", "session file to write")
	price := fs.String("price", "1", "price per byte in wei")
	chain := fs.Int64("chain-id", 1337, "chain id of the EIP-712 voucher domain")
	contract := fs.String("contract", "0x0000000000000000000000000000000000000000", "channel contract address of the voucher domain")
	channel := fs.Uint64("channel", 1, "channel id")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	shape, err := shapeOrKeys(w, p, *keys)
	if err != nil {
		return err
	}
	pr, ok := new(big.Int).SetString(*price, 10)
	if !ok || pr.Sign() < 0 {
		return fmt.Errorf("%w: --price %q is not a non-negative integer", errUsage, *price)
	}
	if !common.IsHexAddress(*contract) {
		return fmt.Errorf("%w: --contract %q is not an address", errUsage, *contract)
	}
	client, err := ecdsa.GenerateKey(crypto.S256(), randReader{})
	if err != nil {
		return err
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return err
	}
	start := time.Now()
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{
		Shape: shape, Bytes: *bytes, ChunkSize: *chunk, ChannelID: protocol.ElementFromUint64(*channel),
		Domain:       protocol.ChainDomain{ChainID: big.NewInt(*chain), Contract: common.HexToAddress(*contract)},
		PricePerByte: pr, Client: client, ReceiptKey: rk,
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, sess.Encode(), 0o644); err != nil {
		return err
	}
	last, _ := sess.Latest()
	e.Log.Info("session simulated", "elapsed", time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(e.Stdout, "session written to %s: %d windows of up to %d chunks, %d bytes, last nonce %d\nclient %s\n",
		*out, len(sess.Steps), shape.Chunks, last.Receipt.CumulativeBytes, last.Receipt.Nonce, crypto.PubkeyToAddress(client.PublicKey))
	return nil
}

func attestProve(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "attest prove", "check a session file and prove its latest voucher with Groth16")
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "key set directory (env BWPROOF_KEYS)")
	receipts := fs.String("receipts", "", "session file (from the miner's records or attest simulate)")
	out := fs.String("out", "", "attestation file to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *keys == "" || *receipts == "" || *out == "" {
		return fmt.Errorf("%w: --keys, --receipts and --out are required", errUsage)
	}
	data, err := fsutil.ReadFileLimit(*receipts, protocol.MaxSessionSize)
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	sess, err := protocol.DecodeSession(data)
	if err != nil {
		return fmt.Errorf("session %s: %w", *receipts, err)
	}
	if err := sess.Check(); err != nil {
		return fmt.Errorf("session %s: %w", *receipts, err)
	}
	step, err := sess.Latest()
	if err != nil {
		return err
	}
	start := time.Now()
	k, err := attest.LoadKeys(*keys)
	if err != nil {
		return err
	}
	e.Log.Info("keys loaded", "circuit_id", k.CircuitID, "elapsed", time.Since(start).Round(time.Millisecond))
	if k.Shape != sess.Shape {
		return fmt.Errorf("%w: session has windows of %d chunks/%d probes, key set %d/%d", attest.ErrKeyMismatch,
			sess.Shape.Chunks, sess.Shape.Probes, k.Shape.Chunks, k.Shape.Probes)
	}
	start = time.Now()
	a, err := attest.Prove(ctx, k, step)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, a.Encode(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "attestation written to %s: channel %s nonce %d bytes %d (proved in %s)\n",
		*out, a.ChannelID(), a.Nonce(), a.CumulativeBytes(), time.Since(start).Round(time.Millisecond))
	return nil
}

func attestVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "attest verify", "verify an attestation against a key set: exit 0 if valid, 1 with the reason if not")
	keys := fs.String("keys", envOr("BWPROOF_KEYS", ""), "key set directory (env BWPROOF_KEYS)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *keys == "" || fs.NArg() != 1 {
		return fmt.Errorf("%w: usage: bwproof attest verify --keys DIR FILE", errUsage)
	}
	// Exit 3 for a file that cannot be read or decoded, 1 for a decoded
	// attestation whose proof does not verify.
	data, err := fsutil.ReadFileLimit(fs.Arg(0), attest.MaxAttestationSize)
	if err != nil {
		return &inputError{What: "attestation", Path: fs.Arg(0), Err: err}
	}
	a, err := attest.DecodeAttestation(data)
	if err != nil {
		return &inputError{What: "attestation", Path: fs.Arg(0), Err: fmt.Errorf("invalid encoding: %w", err)}
	}
	k, err := attest.LoadVerifyingKey(*keys)
	if err != nil {
		return err
	}
	if err := a.Verify(k.VK); err != nil {
		return fmt.Errorf("invalid: %w", err)
	}
	if e.JSON {
		return writeJSON(e, attestVerifyJSON{Valid: true, Channel: a.ChannelID().String(), Nonce: a.Nonce(),
			CumulativeBytes: a.CumulativeBytes(), KeyHash: a.KeyHash().String()})
	}
	fmt.Fprintf(e.Stdout, "valid: channel %s nonce %d bytes %d key hash %s\n", a.ChannelID(), a.Nonce(), a.CumulativeBytes(), a.KeyHash())
	return nil
}

// attestVerifyJSON is `attest verify --json` for a valid attestation (an
// invalid one exits 1 with the reason on stderr).
type attestVerifyJSON struct {
	Valid           bool   `json:"valid"`
	Channel         string `json:"channel"`
	Nonce           uint64 `json:"nonce"`
	CumulativeBytes uint64 `json:"cumulative_bytes"`
	KeyHash         string `json:"key_hash"`
}
