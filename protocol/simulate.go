package protocol

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"fmt"
	"io"
	"math/big"
)

// SimulateOptions configures SimulateSession.
type SimulateOptions struct {
	Shape        Shape
	Bytes        uint64            // total content size
	ChunkSize    int               // bytes per chunk (the last may be shorter)
	ChannelID    Element           // channel the session belongs to
	Domain       ChainDomain       // EIP-712 domain for vouchers
	PricePerByte *big.Int          // wei per byte; nil means 1
	Client       *ecdsa.PrivateKey // voucher key
	ReceiptKey   *ReceiptKey       // receipt key
	Rand         io.Reader         // content and challenges; nil: crypto/rand
	FirstNonce   uint64            // nonce of the first voucher; 0 means 1
}

// SimulateSession plays an honest client that receives opts.Bytes of
// random content in chunks, probes every window, and signs a receipt and
// a voucher after each window. It is how tests, benchmarks and
// `bwproof attest simulate` get real signed sessions without a network.
func SimulateSession(opts SimulateOptions) (*Session, error) {
	if err := opts.Shape.Check(); err != nil {
		return nil, err
	}
	if opts.ChunkSize <= 0 || opts.ChunkSize > MaxChunkSize {
		return nil, fmt.Errorf("%w: chunk size %d", ErrChunkTooLarge, opts.ChunkSize)
	}
	if opts.Client == nil || opts.ReceiptKey == nil {
		return nil, fmt.Errorf("simulate: client and receipt keys are required")
	}
	price := opts.PricePerByte
	if price == nil {
		price = big.NewInt(1)
	}
	nonce := max(opts.FirstNonce, 1)
	sess := &Session{Shape: opts.Shape}
	var prevRoot Element
	var prevBytes uint64
	buf := make([]byte, opts.ChunkSize)
	for sent := uint64(0); sent < opts.Bytes || len(sess.Steps) == 0; {
		var w Window
		for len(w.Leaves) < opts.Shape.Chunks && sent < opts.Bytes {
			n := min(uint64(opts.ChunkSize), opts.Bytes-sent)
			if err := fill(opts.Rand, buf[:n]); err != nil {
				return nil, err
			}
			w.Leaves = append(w.Leaves, ChunkLeaf{Length: uint32(n), Digest: sha256.Sum256(buf[:n])})
			sent += n
		}
		for i := 0; i < opts.Shape.Probes && len(w.Leaves) > 0; i++ {
			ch, err := challenge(opts.Rand)
			if err != nil {
				return nil, err
			}
			idx := uint32(ch[31]) % uint32(len(w.Leaves))
			ans, err := ProbeAnswer(ch, w.Leaves[idx])
			if err != nil {
				return nil, err
			}
			w.Probes = append(w.Probes, Probe{Index: idx, Challenge: ch, Answer: ans})
		}
		step, err := SignStep(opts.Shape, opts.ChannelID, nonce, prevRoot, prevBytes, w, price, opts.Domain, opts.Client, opts.ReceiptKey)
		if err != nil {
			return nil, err
		}
		sess.Steps = append(sess.Steps, *step)
		prevRoot, prevBytes = step.Receipt.Root, step.Receipt.CumulativeBytes
		nonce++
	}
	return sess, nil
}

// SignStep is what a client does after accepting window w: it chains the
// window onto the transcript and signs a receipt and a voucher for the new
// totals at nonce.
func SignStep(s Shape, channel Element, nonce uint64, prevRoot Element, prevBytes uint64, w Window,
	price *big.Int, domain ChainDomain, client *ecdsa.PrivateKey, rk *ReceiptKey) (*Step, error) {
	return SignStepAnswered(s, channel, nonce, prevRoot, prevBytes, w, nil, price, domain, client, rk)
}

// SignStepAnswered is SignStep for a client that computed the answers to
// its own probes (known, by challenge: Window's ProbeAnswers): the
// window's answers are compared with them instead of hashed again.
func SignStepAnswered(s Shape, channel Element, nonce uint64, prevRoot Element, prevBytes uint64, w Window,
	known ProbeAnswers, price *big.Int, domain ChainDomain, client *ecdsa.PrivateKey, rk *ReceiptKey) (*Step, error) {
	wr, err := w.root(s, known)
	if err != nil {
		return nil, err
	}
	root, err := ChainRoot(prevRoot, wr)
	if err != nil {
		return nil, err
	}
	total := prevBytes + w.Bytes()
	step := &Step{PrevRoot: prevRoot, PrevBytes: prevBytes, Window: w}
	step.Receipt = Receipt{ChannelID: channel, Nonce: nonce, CumulativeBytes: total, Root: root}
	if err := step.Receipt.Sign(rk); err != nil {
		return nil, err
	}
	amount := new(big.Int).Mul(new(big.Int).SetUint64(total), price)
	step.Voucher = Voucher{ChannelID: channel, Nonce: nonce, CumulativeAmount: amount, CumulativeBytes: total}
	if err := step.Voucher.Sign(domain, client); err != nil {
		return nil, err
	}
	return step, nil
}

func fill(r io.Reader, b []byte) error {
	if r == nil {
		return randRead(b)
	}
	if _, err := io.ReadFull(r, b); err != nil {
		return fmt.Errorf("simulate: content: %w", err)
	}
	return nil
}

func challenge(r io.Reader) (Element, error) {
	if r == nil {
		return NewChallenge()
	}
	for {
		var e Element
		if _, err := io.ReadFull(r, e[32-DigestElementBytes:]); err != nil {
			return e, fmt.Errorf("simulate: challenge: %w", err)
		}
		if e != (Element{}) {
			return e, nil
		}
	}
}
