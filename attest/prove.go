package attest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
)

// Prove proves step with keys and returns the attestation, checked against
// keys' verifying key before it is returned. Groth16 proving cannot be
// interrupted, so on cancellation Prove returns ctx's error at once and the
// abandoned proof finishes in the background; bound concurrency with an
// Attestor when that matters.
func Prove(ctx context.Context, keys *Keys, step *protocol.Step) (*Attestation, error) {
	return prove(ctx, keys, step, func() {})
}

// prove is Prove; release runs once the proving work has really ended
// (also when it outlives a cancelled ctx), so a caller can hold a slot
// for exactly as long as the memory is in use.
func prove(ctx context.Context, keys *Keys, step *protocol.Step, release func()) (*Attestation, error) {
	started := false
	defer func() {
		if !started {
			release()
		}
	}()
	if keys.CS == nil || keys.PK == nil {
		return nil, fmt.Errorf("%w: key set was loaded for verification only", ErrKeys)
	}
	assignment, err := circuits.Assign(keys.Shape, step)
	if err != nil {
		return nil, err
	}
	public, err := circuits.PublicInputs(step)
	if err != nil {
		return nil, err
	}
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	done := make(chan struct {
		p   groth16.Proof
		err error
	}, 1)
	started = true
	go func() {
		defer release()
		p, err := groth16.Prove(keys.CS, keys.PK, w, proverOptions()...)
		done <- struct {
			p   groth16.Proof
			err error
		}{p, err}
	}()
	var proof groth16.Proof
	select {
	case r := <-done:
		if r.err != nil {
			return nil, fmt.Errorf("prove: %w", r.err)
		}
		proof = r.p
	case <-ctx.Done():
		return nil, fmt.Errorf("prove: %w", ctx.Err())
	}
	var buf bytes.Buffer
	if _, err := proof.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode proof: %w", err)
	}
	a := &Attestation{CircuitID: keys.CircuitID, Shape: keys.Shape, Public: public, Proof: buf.Bytes()}
	if err := a.Verify(keys.VK); err != nil {
		return nil, fmt.Errorf("self-check of the new proof: %w", err)
	}
	return a, nil
}

// AttestorOptions configures an Attestor.
type AttestorOptions struct {
	Keys *Keys
	// Domain is the channel contract's EIP-712 domain; vouchers are
	// checked against it when recorded.
	Domain protocol.ChainDomain
	// BatchKeys, when set, lets ProveBatch settle many channels with one
	// proof; its window shape must be Keys'.
	BatchKeys *BatchKeys
	// MaxConcurrent bounds proofs in flight (and so memory); default 1.
	MaxConcurrent int
	Log           *slog.Logger
}

// Attestor keeps, per channel, the latest step a client signed, and proves
// it on demand. It is safe for concurrent use; it holds one step per channel
// and at most MaxConcurrent proofs in memory.
type Attestor struct {
	opts AttestorOptions
	sem  chan struct{}

	mu     sync.Mutex
	latest map[protocol.Element]*protocol.Step
}

// NewAttestor returns an Attestor for opts.Keys.
func NewAttestor(opts AttestorOptions) (*Attestor, error) {
	if opts.Keys == nil || opts.Keys.PK == nil {
		return nil, fmt.Errorf("%w: an attestor needs a proving key set", ErrKeys)
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 1
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if bk := opts.BatchKeys; bk != nil && (bk.PK == nil || bk.Shape != opts.Keys.Shape) {
		return nil, fmt.Errorf("%w: batch keys for window %v without a proving key, or not the attestor's window %v", ErrKeys, bk.Shape, opts.Keys.Shape)
	}
	if opts.Domain.ChainID == nil {
		return nil, fmt.Errorf("attestor: the chain domain is required to check vouchers")
	}
	return &Attestor{opts: opts, sem: make(chan struct{}, opts.MaxConcurrent), latest: map[protocol.Element]*protocol.Step{}}, nil
}

// Record checks a step the client sent with the one voucher check
// (protocol.CheckStep: receipt signature and counts, continuity with the
// channel's recorded step, a newer nonce, the voucher signed by client in
// the attestor's domain) and keeps it. An older or equal nonce is
// protocol.ErrStaleNonce (and ErrStale). Record does not know the
// channel's price: it judges the amount at the price the voucher implies
// (the proof does not cover the price; the contract pays at most
// bytes × the channel's price). RecordTerms checks against full terms.
func (a *Attestor) Record(step protocol.Step, client common.Address) error {
	return a.RecordTerms(step, protocol.ChannelTerms{ID: step.Voucher.ChannelID, Client: client,
		PricePerByte: impliedPrice(&step.Voucher), Domain: a.opts.Domain})
}

// RecordTerms is Record against the channel's terms (price, miner,
// receipt key).
func (a *Attestor) RecordTerms(step protocol.Step, terms protocol.ChannelTerms) error {
	ch := step.Voucher.ChannelID
	a.mu.Lock()
	defer a.mu.Unlock()
	// The first step recorded for a channel may come after others (an
	// attestor started late): it continues from its own previous state.
	prev := protocol.VoucherState{Bytes: step.PrevBytes, Root: step.PrevRoot}
	if p, ok := a.latest[ch]; ok {
		prev = protocol.StateOf(p)
	}
	// CheckAdvance first: a replayed step is stale, not discontinuous.
	err := protocol.CheckAdvance(prev, protocol.StateOf(&step))
	if err == nil {
		err = protocol.CheckStep(&step, a.opts.Keys.Shape, protocol.VoucherContext{Prev: prev, Terms: terms, Accept: &a.opts.Domain})
	}
	if err != nil {
		if errors.Is(err, protocol.ErrStaleNonce) {
			return fmt.Errorf("record: %w: %w", ErrStale, err)
		}
		return fmt.Errorf("record: %w", err)
	}
	a.latest[ch] = &step
	return nil
}

// impliedPrice is amount / bytes when it divides (0 for a voucher with no
// bytes); otherwise a price the amount does not match, so CheckVoucher
// refuses it.
func impliedPrice(v *protocol.Voucher) *big.Int {
	if v.CumulativeAmount == nil || v.CumulativeBytes == 0 {
		return new(big.Int)
	}
	q, r := new(big.Int).QuoRem(v.CumulativeAmount, new(big.Int).SetUint64(v.CumulativeBytes), new(big.Int))
	if r.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// Latest returns a copy of the channel's latest recorded step.
func (a *Attestor) Latest(channel protocol.Element) (protocol.Step, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.latest[channel]
	if !ok {
		return protocol.Step{}, false
	}
	return *s, true
}

// Prove proves the channel's latest step. It waits for a proving slot
// (cancellable with ctx).
func (a *Attestor) Prove(ctx context.Context, channel protocol.Element) (*Attestation, error) {
	step, ok := a.Latest(channel)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNothingToProve, channel)
	}
	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting to prove: %w", ctx.Err())
	}
	start := time.Now()
	att, err := prove(ctx, a.opts.Keys, &step, func() { <-a.sem })
	if err != nil {
		return nil, err
	}
	a.opts.Log.Info("proved", "channel", channel, "nonce", step.Receipt.Nonce,
		"bytes", step.Receipt.CumulativeBytes, "elapsed", time.Since(start).Round(time.Millisecond))
	return att, nil
}

// ProveBatch proves the latest steps of the channels due for settlement
// (the caller decides which, and groups them by payee: the contract pays
// one payee per batch) in batch proofs of up to K channels each, in the
// order given. Each proof waits for a proving slot. A channel without a
// recorded step, or named twice, fails the call before any proving.
func (a *Attestor) ProveBatch(ctx context.Context, due []protocol.Element) ([]*BatchAttestation, error) {
	bk := a.opts.BatchKeys
	if bk == nil {
		return nil, fmt.Errorf("%w: the attestor has no batch keys", ErrKeys)
	}
	steps := make([]*protocol.Step, 0, len(due))
	seen := make(map[protocol.Element]bool, len(due))
	for _, ch := range due {
		if seen[ch] {
			return nil, fmt.Errorf("%w: channel %s named twice", circuits.ErrAssignment, ch)
		}
		seen[ch] = true
		st, ok := a.Latest(ch)
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrNothingToProve, ch)
		}
		steps = append(steps, &st)
	}
	var out []*BatchAttestation
	for len(steps) > 0 {
		n := min(len(steps), bk.Slots)
		select {
		case a.sem <- struct{}{}:
		case <-ctx.Done():
			return out, fmt.Errorf("waiting to prove: %w", ctx.Err())
		}
		start := time.Now()
		att, err := proveBatch(ctx, bk, steps[:n], func() { <-a.sem })
		if err != nil {
			return out, err
		}
		a.opts.Log.Info("proved batch", "channels", n, "slots", bk.Slots, "elapsed", time.Since(start).Round(time.Millisecond))
		out = append(out, att)
		steps = steps[n:]
	}
	return out, nil
}

// BatchTag returns the batch tag the channel's client should have
// registered on chain (circuits.BatchTag of the channel and the key of its
// latest recorded receipt): the node compares it with the contract's
// batchTagOf before batching the channel, and withdraws a channel whose tag
// is missing or wrong on its own.
func (a *Attestor) BatchTag(channel protocol.Element) (*big.Int, error) {
	st, ok := a.Latest(channel)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNothingToProve, channel)
	}
	kh, err := st.Receipt.PublicKey.Hash()
	if err != nil {
		return nil, err
	}
	return circuits.BatchTag(channel, kh)
}
