package verifier

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/circuits"
	"github.com/bwproof/bwproof/protocol"
)

// KindBatchSubmission is the protocol.Kind of a binary batch submission.
const KindBatchSubmission = protocol.KindBatchSubmission

// batchSlotSize is one slot's encoding: channel, key hash, nonce, bytes.
const batchSlotSize = 32 + 32 + 8 + 8

// MaxBatchSubmissionSize bounds a binary batch submission: header, miner,
// circuit id, shape, K, slot count, K slots, proof, signature.
const MaxBatchSubmissionSize = protocol.HeaderSize + 20 + 32 + 4 + 4 + 4 + 4 +
	circuits.MaxBatchSlots*batchSlotSize + 4 + attest.MaxProofSize + 65

const batchSigDomain = "bwproof/batch-submission/v1"

// BatchSubmission is a miner's signed batch attestation. The signature
// covers the whole encoding but the signature itself.
type BatchSubmission struct {
	Miner       common.Address
	Attestation *attest.BatchAttestation
	Signature   [65]byte // r || s || v (v in {27, 28}, low s), over SigningHash
}

// NewBatchSubmission signs a with the miner's key.
func NewBatchSubmission(a *attest.BatchAttestation, key *ecdsa.PrivateKey) (*BatchSubmission, error) {
	s := &BatchSubmission{Miner: crypto.PubkeyToAddress(key.PublicKey), Attestation: a}
	sig, err := protocol.SignHash(s.SigningHash(), key)
	if err != nil {
		return nil, fmt.Errorf("sign batch submission: %w", err)
	}
	s.Signature = sig
	return s, nil
}

func (s *BatchSubmission) unsigned() []byte {
	a := s.Attestation
	e := protocol.NewEncoder(KindBatchSubmission)
	e.Fixed(s.Miner[:])
	e.Fixed(a.CircuitID[:])
	e.U32(uint32(a.Shape.Chunks))
	e.U32(uint32(a.Shape.Probes))
	e.U32(uint32(a.K))
	e.U32(uint32(len(a.Slots)))
	for _, sl := range a.Slots {
		e.Fixed(sl.ChannelID[:])
		e.Fixed(sl.KeyHash[:])
		e.U64(sl.Nonce)
		e.U64(sl.CumulativeBytes)
	}
	e.Var(a.Proof)
	return e.Bytes()
}

// SigningHash is keccak256(domain || encoding without the signature).
func (s *BatchSubmission) SigningHash() common.Hash {
	return crypto.Keccak256Hash([]byte(batchSigDomain), s.unsigned())
}

// CheckSignature checks that Miner signed the batch.
func (s *BatchSubmission) CheckSignature() error {
	signer, err := recoverLowS(s.SigningHash(), s.Signature)
	if err != nil {
		return err
	}
	if signer != s.Miner {
		return fmt.Errorf("%w: signed by %s, not the miner %s", ErrBadSignature, signer.Hex(), s.Miner.Hex())
	}
	return nil
}

// Encode returns the binary form: header (kind 0xA2), miner (20 bytes),
// circuit id (32), chunks, probes, K, slot count (uint32 each), the slots
// (channel, key hash, nonce, cumulative bytes), the proof (uint32 length +
// bytes), the signature (65 bytes).
func (s *BatchSubmission) Encode() []byte {
	return append(s.unsigned(), s.Signature[:]...)
}

// DecodeBatchSubmission decodes a binary batch submission (size-limited
// before anything is read, canonical elements, 1 ≤ slots ≤ K ≤
// circuits.MaxBatchSlots, a valid shape). It checks neither the signature
// nor the proof. Errors are *Error with reason malformed, too_large or
// out_of_field.
func DecodeBatchSubmission(body []byte) (*BatchSubmission, error) {
	d, err := protocol.NewDecoder(body, KindBatchSubmission, MaxBatchSubmissionSize)
	if err != nil {
		return nil, wireErr(err)
	}
	a := &attest.BatchAttestation{}
	s := &BatchSubmission{Attestation: a}
	d.Fixed(s.Miner[:], "batch miner")
	d.Fixed(a.CircuitID[:], "batch circuit id")
	a.Shape.Chunks = d.Count(protocol.MaxWindowChunks, "batch window chunks")
	a.Shape.Probes = d.Count(protocol.MaxWindowProbes, "batch window probes")
	a.K = d.Count(circuits.MaxBatchSlots, "batch slots")
	n := d.Count(a.K, "batch channels")
	if d.Err() == nil && n == 0 {
		d.Fail(fmt.Errorf("%w: batch without a channel", protocol.ErrEncoding))
	}
	if d.Err() == nil {
		a.Slots = make([]attest.BatchSlot, n)
		for i := range a.Slots {
			sl := &a.Slots[i]
			sl.ChannelID = d.Element(fmt.Sprintf("batch slot %d channel", i))
			sl.KeyHash = d.Element(fmt.Sprintf("batch slot %d key hash", i))
			sl.Nonce = d.U64("batch slot nonce")
			sl.CumulativeBytes = d.U64("batch slot bytes")
		}
	}
	a.Proof = d.Var(attest.MaxProofSize, "batch proof")
	d.Fixed(s.Signature[:], "batch signature")
	if err := d.Finish(); err != nil {
		return nil, wireErr(err)
	}
	if err := a.Shape.Check(); err != nil {
		return nil, wireErr(fmt.Errorf("%w: batch shape: %w", protocol.ErrEncoding, err))
	}
	return s, nil
}

// SlotResult is one channel's outcome in a batch reply.
type SlotResult struct {
	Slot      int          `json:"slot"`
	Status    string       `json:"status"` // accepted, or rejected (Reason, Detail)
	Duplicate bool         `json:"duplicate,omitempty"`
	Reason    Reason       `json:"reason,omitempty"`
	Detail    string       `json:"detail,omitempty"`
	Channel   *ChannelInfo `json:"channel,omitempty"`
}

// slotRecordHash identifies slot i of a batch in its channel's record: a
// resubmitted batch is a duplicate slot by slot; a different proof of the
// same counters is not (it is then refused as stale, like a single one).
func slotRecordHash(batch []byte, i int) string {
	h := sha256.New()
	h.Write(batch)
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(i)))
	return hex.EncodeToString(h.Sum(nil))
}

// submitBatch accepts a batch attestation. The checks run in the order of
// a single submission, cheapest first: decoding, key and shape, the K
// inputs (the same channel twice, tags), the signature, the miner's rate,
// per slot the chain binding and the stored record (compare-and-set
// rules); the one pairing last. It is atomic up to the pairing: any slot
// refused there refuses the batch and nothing is recorded (the reply lists
// every slot's result). After the pairing each channel is committed with
// compare-and-set on its own: a slot that loses a race with a newer record
// committed meanwhile is reported rejected while the others stand (the
// store has no multi-key transaction; the proof is valid for them).
func (s *Service) submitBatch(ctx context.Context, data []byte) (*Reply, string, error) {
	sub, err := DecodeBatchSubmission(data)
	if err != nil {
		return nil, "", err
	}
	a := sub.Attestation
	bk := s.batchKeys[a.CircuitID]
	if bk == nil {
		return nil, "", reject(ReasonUnknownCircuit, "no batch verifying key for circuit %s", a.CircuitID)
	}
	if a.Shape != bk.Shape || a.K != bk.Slots {
		return nil, "", reject(ReasonShapeMismatch, "batch shape %v K=%d, key %v K=%d", a.Shape, a.K, bk.Shape, bk.Slots)
	}
	if _, err := a.Inputs(); err != nil {
		return nil, "", reject(ReasonInvalidProof, "%v", err)
	}
	if err := sub.CheckSignature(); err != nil {
		return nil, "", reject(ReasonBadSignature, "%v", err)
	}
	if !s.attLimit.allow(addrKey(sub.Miner)) {
		return nil, "", reject(ReasonRateLimited, "miner %s over %g attestations/s", sub.Miner.Hex(), s.opts.AttestationRate)
	}
	raw := sub.Encode()
	batchHash := hashHex(raw)
	type slot struct {
		cand *channelRecord
		cur  *channelRecord
		rev  uint64
		dup  bool
	}
	slots := make([]slot, len(a.Slots))
	results := make([]SlotResult, len(a.Slots))
	var refused *Error
	for i, sl := range a.Slots {
		results[i] = SlotResult{Slot: i}
		cand := &channelRecord{Channel: elementHex(sl.ChannelID), Nonce: sl.Nonce, Bytes: sl.CumulativeBytes,
			Miner: sub.Miner.Hex(), Circuit: a.CircuitID.String(), Hash: slotRecordHash(raw, i)}
		err := func() error {
			if s.chain != nil {
				miner, err := s.checkOnChain(ctx, sl.ChannelID, sub.Miner, sl.KeyHash)
				if err != nil {
					return err
				}
				cand.Miner, cand.OnChain = miner.Hex(), true
			}
			cur, rev, err := s.store.channel(ctx, cand.key())
			if err != nil {
				return err
			}
			slots[i] = slot{cand: cand, cur: cur, rev: rev}
			if cur != nil {
				dup, err := compare(cur, cand)
				if err != nil {
					return err
				}
				slots[i].dup = dup
			}
			return nil
		}()
		if err != nil {
			e := asError(err)
			results[i].Status, results[i].Reason, results[i].Detail = StatusRejected, e.Reason, e.Detail
			if refused == nil {
				refused = e
			}
		}
	}
	if refused != nil {
		if !verdictReasons[refused.Reason] {
			return nil, "", refused // unavailable, internal: an error reply
		}
		for i := range results {
			if results[i].Status == "" {
				results[i].Status, results[i].Detail = StatusRejected, "batch refused: another slot was"
			}
		}
		return &Reply{Status: StatusRejected, Reason: refused.Reason, Detail: refused.Detail, Slots: results}, "rejected", nil
	}
	allDup := true
	for _, sl := range slots {
		allDup = allDup && sl.dup
	}
	if !allDup {
		if err := a.Verify(bk.VK); err != nil {
			s.metrics.add(mProofs, 1, "result", "invalid")
			return nil, "", reject(ReasonInvalidProof, "%v", err)
		}
		s.metrics.add(mProofs, 1, "result", "valid")
	}
	accepted := 0
	for i, sl := range slots {
		var (
			rec *channelRecord
			rev uint64
			dup bool
			err error
		)
		if sl.dup {
			if _, err = s.settleKnown(ctx, sl.cur); err == nil {
				rec, rev, dup = sl.cur, sl.rev, true
			}
		} else {
			rec, rev, dup, err = s.commit(ctx, sl.cand, sl.cur, sl.rev)
		}
		if err != nil {
			e := asError(err)
			results[i].Status, results[i].Reason, results[i].Detail = StatusRejected, e.Reason, e.Detail
			continue
		}
		results[i].Status, results[i].Duplicate, results[i].Channel = StatusAccepted, dup, rec.info(rev)
		if !dup {
			accepted++
		}
	}
	s.log.Info("batch attestation", "batch", batchHash[:16], "miner", sub.Miner.Hex(), "slots", len(slots), "accepted", accepted)
	r := &Reply{Status: StatusAccepted, Duplicate: allDup, Slots: results}
	for _, res := range results {
		if res.Status != StatusAccepted {
			r.Status, r.Reason, r.Detail = StatusRejected, res.Reason, fmt.Sprintf("slot %d: %s", res.Slot, res.Detail)
			break
		}
	}
	result := "accepted"
	if allDup {
		result = "duplicate"
	}
	return r, result, nil
}

func asError(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{Reason: ReasonOf(err), Detail: err.Error(), cause: err}
}

// BatchResult is the reply to a batch submission: one result per slot.
type BatchResult struct {
	Duplicate bool // every slot had been accepted from this very batch before
	Slots     []SlotResult
}

// SubmitBatch signs a with the miner's key and submits it. A refused batch
// returns the per-slot results (which slot was refused, and why) with an
// *Error.
func (c *Client) SubmitBatch(ctx context.Context, a *attest.BatchAttestation, miner *ecdsa.PrivateKey) (*BatchResult, error) {
	sub, err := NewBatchSubmission(a, miner)
	if err != nil {
		return nil, err
	}
	m, err := c.raw(ctx, SubjectSubmitBatch, sub.Encode())
	if err != nil {
		return nil, err
	}
	if err := replyError(m); err != nil {
		return nil, err
	}
	r, err := DecodeReply(m.Data)
	if err != nil {
		return nil, err
	}
	if r.Status != StatusAccepted && len(r.Slots) == 0 { // refused before the slots were looked at
		return nil, &Error{Reason: r.Reason, Detail: r.Detail}
	}
	if len(r.Slots) != len(a.Slots) {
		return nil, reject(ReasonMalformed, "batch reply: %d slot results for %d slots", len(r.Slots), len(a.Slots))
	}
	res := &BatchResult{Duplicate: r.Duplicate, Slots: r.Slots}
	if r.Status != StatusAccepted {
		return res, &Error{Reason: r.Reason, Detail: r.Detail}
	}
	return res, nil
}
