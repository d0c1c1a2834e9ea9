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
	c.Counters = protocol.PackCounters(r.Nonce, r.CumulativeBytes).Big()
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

// NumPublic is the number of public inputs.
const NumPublic = 3

// PublicInputs returns the circuit's public inputs for step, in order:
// channel id, packed counters, key hash.
func PublicInputs(step *protocol.Step) ([NumPublic]protocol.Element, error) {
	kh, err := step.Receipt.PublicKey.Hash()
	if err != nil {
		return [NumPublic]protocol.Element{}, err
	}
	r := &step.Receipt
	return [NumPublic]protocol.Element{r.ChannelID, protocol.PackCounters(r.Nonce, r.CumulativeBytes), kh}, nil
}
