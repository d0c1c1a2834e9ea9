package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// BatchResult is the cost of one batch key set: K channels of window W
// settled with one proof.
type BatchResult struct {
	K           int
	Shape       protocol.Shape
	Constraints int
	Setup       time.Duration
	Prove       time.Duration // median of Runs, the whole batch
	Single      time.Duration // median of Runs: one ByteCount proof of the same window, timed next to each batch proof
	Verify      time.Duration // median of Runs
	ProofBytes  int
	TxGas       uint64 // withdrawBatch of K channels; 0: not measured
	Runs        int
}

// ProvePerChannel is the batch's prove time divided by K.
func (r BatchResult) ProvePerChannel() time.Duration { return r.Prove / time.Duration(r.K) }

// VsSingle is ProvePerChannel over the time of one ByteCount proof.
func (r BatchResult) VsSingle() float64 { return float64(r.ProvePerChannel()) / float64(r.Single) }

// GasPerChannel is the transaction's gas divided by K.
func (r BatchResult) GasPerChannel() uint64 { return r.TxGas / uint64(r.K) }

// BatchOptions configures MeasureBatch.
type BatchOptions struct {
	Runs      int // proofs to time (median reported); default 3
	ChunkSize int // bytes per simulated chunk; default 64 KiB
	Progress  func(msg string)
	// Gas also measures withdrawBatch's gas on an embedded chain with the
	// key sets' verifiers, made from the committed templates (no solc).
	Gas bool
	// Solc, when set, measures the gas too, with the verifiers compiled
	// from the key sets' sources instead (development).
	Solc *solc.Compiler
}

// MeasureBatch runs a dev setup of the Batch circuit for k slots of shape,
// and on an embedded simulated chain (mainnet rules) with the generated
// verifiers opens k channels of one miner, registers their batch tags,
// simulates a full window of signed traffic on each, proves them in one
// batch, times proving and verifying, and settles them with one
// withdrawBatch. Each run also proves one ByteCount window right before the
// batch, so the per-channel comparison sees the same machine load.
func MeasureBatch(ctx context.Context, shape protocol.Shape, k int, opts BatchOptions) (BatchResult, error) {
	if opts.Runs <= 0 {
		opts.Runs = 3
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 64 << 10
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	res := BatchResult{K: k, Shape: shape, Runs: opts.Runs}
	progress(fmt.Sprintf("K=%d W=%d: setup", k, shape.Chunks))
	start := time.Now()
	bk, err := attest.SetupBatch(ctx, shape, k, attest.SetupOptions{})
	if err != nil {
		return res, err
	}
	res.Setup = time.Since(start)
	res.Constraints = bk.CS.GetNbConstraints()

	chain, deployer, miner, client, err := devChain(ctx)
	if err != nil {
		return res, err
	}
	defer chain.Close()
	single, err := attest.Setup(ctx, shape, attest.SetupOptions{})
	if err != nil {
		return res, err
	}
	var m *contracts.Manager
	domain := benchDomain
	if opts.Gas || opts.Solc != nil {
		progress(fmt.Sprintf("K=%d W=%d: deploy", k, shape.Chunks))
		var src, bsrc bytes.Buffer
		if err := single.ExportSolidity(&src); err != nil {
			return res, err
		}
		if err := bk.ExportSolidity(&bsrc); err != nil {
			return res, err
		}
		dep, _, err := contracts.DeployBatch(ctx, chain.Chain, deployer, opts.Solc, src.Bytes(), bsrc.Bytes(), k)
		if err != nil {
			return res, fmt.Errorf("deploy: %w", err)
		}
		m = dep.Manager
		domain = m.Domain()
	}
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return res, err
	}
	kh, err := rk.Public().Hash()
	if err != nil {
		return res, err
	}
	price := big.NewInt(1)
	perChannel := uint64(shape.Chunks) * uint64(opts.ChunkSize)
	steps := make([]*protocol.Step, k)
	for i := range steps {
		id := protocol.ElementFromUint64(uint64(i + 1))
		if m != nil {
			if id, _, err = m.Open(ctx, client, contracts.OpenParams{Miner: crypto.PubkeyToAddress(miner.PublicKey), KeyHash: kh,
				PricePerByte: price, ChallengePeriod: time.Hour, Deposit: new(big.Int).SetUint64(perChannel)}); err != nil {
				return res, fmt.Errorf("open: %w", err)
			}
			tag, err := circuits.BatchTag(id, kh)
			if err != nil {
				return res, err
			}
			if _, err := m.SetBatchTag(ctx, client, id, tag); err != nil {
				return res, err
			}
		}
		sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: shape, Bytes: perChannel, ChunkSize: opts.ChunkSize,
			ChannelID: id, Domain: domain, PricePerByte: price, Client: client, ReceiptKey: rk})
		if err != nil {
			return res, err
		}
		if steps[i], err = sess.Latest(); err != nil {
			return res, err
		}
	}
	var proves, verifies, singles []time.Duration
	var att *attest.BatchAttestation
	for i := 0; i < opts.Runs; i++ {
		progress(fmt.Sprintf("K=%d W=%d: prove %d/%d", k, shape.Chunks, i+1, opts.Runs))
		t0 := time.Now()
		if _, err := attest.Prove(ctx, single, steps[0]); err != nil {
			return res, err
		}
		singles = append(singles, time.Since(t0))
		t0 = time.Now()
		a, err := attest.ProveBatch(ctx, bk, steps)
		if err != nil {
			return res, err
		}
		proves = append(proves, time.Since(t0))
		t0 = time.Now()
		if err := a.Verify(bk.VK); err != nil {
			return res, err
		}
		verifies = append(verifies, time.Since(t0))
		res.ProofBytes = len(a.Proof)
		att = a
	}
	res.Prove, res.Verify, res.Single = median(proves), median(verifies), median(singles)
	if m != nil {
		progress(fmt.Sprintf("K=%d W=%d: withdrawBatch", k, shape.Chunks))
		r, err := m.WithdrawBatchAttestation(ctx, miner, att)
		if err != nil {
			return res, fmt.Errorf("withdraw batch: %w", err)
		}
		res.TxGas = r.GasUsed
	}
	return res, nil
}

// WriteBatchTable prints results as an aligned table (also valid Markdown).
func WriteBatchTable(w io.Writer, rs []BatchResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| K\t W\t constraints\t setup\t prove\t prove per channel\t one ByteCount proof\t per channel vs one proof\t verify\t proof bytes\t gas per tx\t gas per channel\t")
	fmt.Fprintln(tw, "|---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t")
	for _, r := range rs {
		gas, per := "-", "-"
		if r.TxGas > 0 {
			gas, per = fmt.Sprint(r.TxGas), fmt.Sprint(r.GasPerChannel())
		}
		fmt.Fprintf(tw, "| %d\t %d\t %d\t %s\t %s\t %s\t %s\t %.2f×\t %s\t %d\t %s\t %s\t\n", r.K, r.Shape.Chunks, r.Constraints,
			r.Setup.Round(10*time.Millisecond), r.Prove.Round(time.Millisecond), r.ProvePerChannel().Round(time.Millisecond),
			r.Single.Round(time.Millisecond), r.VsSingle(), r.Verify.Round(10*time.Microsecond), r.ProofBytes, gas, per)
	}
	return tw.Flush()
}
