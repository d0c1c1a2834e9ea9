package circuits

import (
	"fmt"

	"github.com/bwproof/bwproof/protocol"
)

// Assign builds a full witness assignment for step in shape s. The step
// must pass protocol's Step.Check: Assign refuses what could not prove.
func Assign(s protocol.Shape, step *protocol.Step) (*ByteCount, error) {
	if err := step.Check(s); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAssignment, err)
	}
	c, err := NewByteCount(s)
	if err != nil {
		return nil, err
	}
	r := &step.Receipt
	keyHash, err := r.PublicKey.Hash()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAssignment, err)
	}
	ax, ay, err := r.PublicKey.Point()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAssignment, err)
	}
	rx, ry, sigS, err := r.SignatureParts()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAssignment, err)
	}
	c.ChannelID = r.ChannelID.Big()
	c.Nonce = r.Nonce
	c.CumulativeBytes = r.CumulativeBytes
	c.KeyHash = keyHash.Big()
	c.PublicKey.A.X, c.PublicKey.A.Y = ax.Big(), ay.Big()
	c.Signature.R.X, c.Signature.R.Y, c.Signature.S = rx.Big(), ry.Big(), sigS
	c.PrevBytes = step.PrevBytes
	c.PrevRoot = step.PrevRoot.Big()
	leaves, probes := step.Window.Padded(s)
	for i, l := range leaves {
		c.Lengths[i] = l.Length
		c.Digests[i] = l.DigestElement().Big()
	}
	for i, p := range probes {
		c.Probes[i] = ProbeVar{Index: p.Index, Challenge: p.Challenge.Big(), Answer: p.Answer.Big()}
	}
	return c, nil
}

// PublicInputs returns the circuit's public inputs for step, in order.
func PublicInputs(step *protocol.Step) ([4]protocol.Element, error) {
	kh, err := step.Receipt.PublicKey.Hash()
	if err != nil {
		return [4]protocol.Element{}, err
	}
	r := &step.Receipt
	return [4]protocol.Element{r.ChannelID, protocol.ElementFromUint64(r.Nonce),
		protocol.ElementFromUint64(r.CumulativeBytes), kh}, nil
}
