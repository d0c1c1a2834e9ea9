package protocol

import (
	"errors"
	"fmt"
	"math/bits"
)

// ErrInconsistent is returned when a step's parts do not agree with each
// other (receipt vs voucher vs window vs previous state).
var ErrInconsistent = errors.New("protocol: inconsistent step")

// Step is one paid window: the state before it, the window the client
// accepted, and the receipt and voucher the client sent for it. It is the
// miner's hand-off record and everything the attest package proves from.
type Step struct {
	PrevRoot  Element
	PrevBytes uint64
	Window    Window
	Receipt   Receipt
	Voucher   Voucher
}

// Check verifies the step on its own: the receipt's signature, that the
// receipt's root chains the window onto PrevRoot, that its byte count is
// PrevBytes plus the window, and that the voucher names the same channel,
// nonce and byte count. It does not check the voucher's signer (that needs
// the chain domain: see Voucher.VerifyFrom).
func (s *Step) Check(shape Shape) error { return s.check(shape, nil, nil) }

// CheckWith is Check with the receipt verified by kv (the channel's
// receipt key, decoded once): a receipt signed by another key is refused.
func (s *Step) CheckWith(shape Shape, kv *KeyVerifier) error { return s.check(shape, nil, kv) }

// check is Check with the probe answers the checker knows (nil: none)
// and the receipt verified by kv when set, else by Receipt.Verify.
func (s *Step) check(shape Shape, known ProbeAnswers, kv *KeyVerifier) error {
	if err := s.checkParts(shape, known); err != nil {
		return err
	}
	if kv != nil {
		return kv.Verify(&s.Receipt)
	}
	return s.Receipt.Verify()
}

// checkParts is Check without the receipt's signature.
func (s *Step) checkParts(shape Shape, known ProbeAnswers) error {
	wr, err := s.Window.root(shape, known)
	if err != nil {
		return fmt.Errorf("step window: %w", err)
	}
	root, err := ChainRoot(s.PrevRoot, wr)
	if err != nil {
		return fmt.Errorf("step: %w", err)
	}
	r := &s.Receipt
	// The circuit adds in the field with every counter < 2^CounterBits, so
	// a sum that carries out of a uint64 is one it refuses.
	sum, carry := bits.Add64(s.PrevBytes, s.Window.Bytes(), 0)
	switch {
	case r.Root != root:
		return fmt.Errorf("%w: receipt root does not chain the window", ErrInconsistent)
	case carry != 0 || r.CumulativeBytes != sum:
		return fmt.Errorf("%w: receipt counts %d bytes, previous %d + window %d", ErrInconsistent,
			r.CumulativeBytes, s.PrevBytes, s.Window.Bytes())
	case s.Voucher.ChannelID != r.ChannelID:
		return fmt.Errorf("%w: voucher and receipt name different channels", ErrInconsistent)
	case s.Voucher.Nonce != r.Nonce:
		return fmt.Errorf("%w: voucher nonce %d, receipt nonce %d", ErrInconsistent, s.Voucher.Nonce, r.Nonce)
	case s.Voucher.CumulativeBytes != r.CumulativeBytes:
		return fmt.Errorf("%w: voucher counts %d bytes, receipt %d", ErrInconsistent, s.Voucher.CumulativeBytes, r.CumulativeBytes)
	}
	return nil
}

// MaxStepSize bounds an encoded step.
const MaxStepSize = HeaderSize + 32 + 8 + 3*4 + MaxWindowSize + ReceiptSize + VoucherSize

// Encode returns the canonical encoding.
func (s *Step) Encode() []byte {
	e := NewEncoder(KindStep)
	s.encodeTo(e)
	return e.Bytes()
}

func (s *Step) encodeTo(e *Encoder) {
	e.Fixed(s.PrevRoot[:])
	e.U64(s.PrevBytes)
	e.Var(s.Window.Encode())
	e.Var(s.Receipt.Encode())
	e.Var(s.Voucher.Encode())
}

// DecodeStep decodes a step (it checks encodings, not signatures).
func DecodeStep(data []byte) (Step, error) {
	d, err := NewDecoder(data, KindStep, MaxStepSize)
	if err != nil {
		return Step{}, err
	}
	s := decodeStepFrom(d)
	return s, d.Finish()
}

func decodeStepFrom(d *Decoder) Step {
	var s Step
	s.PrevRoot = d.Element("step previous root")
	s.PrevBytes = d.U64("step previous bytes")
	if b := d.Var(MaxWindowSize, "step window"); d.Err() == nil {
		w, err := DecodeWindow(b)
		d.Fail(err)
		s.Window = w
	}
	if b := d.Var(ReceiptSize, "step receipt"); d.Err() == nil {
		r, err := DecodeReceipt(b)
		d.Fail(err)
		s.Receipt = r
	}
	if b := d.Var(VoucherSize, "step voucher"); d.Err() == nil {
		v, err := DecodeVoucher(b)
		d.Fail(err)
		s.Voucher = v
	}
	return s
}

// Session is a channel's sequence of steps in one shape, oldest first: the
// file `bwproof attest simulate` writes and `attest prove` reads.
type Session struct {
	Shape Shape
	Steps []Step
}

// MaxSessionSteps bounds a decoded session; MaxSessionSize its encoding.
const (
	MaxSessionSteps = 1 << 16
	MaxSessionSize  = 256 << 20
)

// Latest returns the last step.
func (s *Session) Latest() (*Step, error) {
	if len(s.Steps) == 0 {
		return nil, fmt.Errorf("%w: empty session", ErrInconsistent)
	}
	return &s.Steps[len(s.Steps)-1], nil
}

// Check checks every step and that each continues the previous one with
// a strictly greater nonce.
func (s *Session) Check() error {
	var prevRoot Element
	var prevBytes, prevNonce uint64
	for i := range s.Steps {
		st := &s.Steps[i]
		if st.PrevRoot != prevRoot || st.PrevBytes != prevBytes {
			return fmt.Errorf("step %d: %w: does not continue step %d", i, ErrInconsistent, i-1)
		}
		if i > 0 && st.Receipt.Nonce <= prevNonce {
			return fmt.Errorf("step %d: %w: nonce %d not above %d", i, ErrInconsistent, st.Receipt.Nonce, prevNonce)
		}
		if err := st.Check(s.Shape); err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
		prevRoot, prevBytes, prevNonce = st.Receipt.Root, st.Receipt.CumulativeBytes, st.Receipt.Nonce
	}
	return nil
}

// Encode returns the canonical encoding.
func (s *Session) Encode() []byte {
	e := NewEncoder(KindSession)
	e.U32(uint32(s.Shape.Chunks))
	e.U32(uint32(s.Shape.Probes))
	e.U32(uint32(len(s.Steps)))
	for i := range s.Steps {
		e.Var(s.Steps[i].Encode())
	}
	return e.Bytes()
}

// DecodeSession decodes a session (encodings only; see Check).
func DecodeSession(data []byte) (Session, error) {
	var s Session
	d, err := NewDecoder(data, KindSession, MaxSessionSize)
	if err != nil {
		return s, err
	}
	s.Shape.Chunks = d.Count(MaxWindowChunks, "session window chunks")
	s.Shape.Probes = d.Count(MaxWindowProbes, "session window probes")
	n := d.Count(MaxSessionSteps, "session steps")
	for i := 0; i < n && d.Err() == nil; i++ {
		b := d.Var(MaxStepSize, "session step")
		if d.Err() != nil {
			break
		}
		st, err := DecodeStep(b)
		if err != nil {
			d.Fail(fmt.Errorf("session step %d: %w", i, err))
			break
		}
		s.Steps = append(s.Steps, st)
	}
	return s, d.Finish()
}
