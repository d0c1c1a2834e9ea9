package verifier

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// Request bodies are either the binary canonical encoding (they start with
// the protocol's "bw" magic) or a JSON object (they start with '{'). Replies
// are JSON. Every decoder here takes untrusted bytes: sizes are checked
// before anything is parsed.

// KindAttestationSubmission is the protocol.Kind of a binary attestation
// submission. It is outside the range the protocol package uses (1..0x7f)
// so that the two never collide.
const KindAttestationSubmission = protocol.KindAttestationSubmission

// Size limits of request bodies.
const (
	// MaxSubmissionSize bounds a binary attestation submission.
	MaxSubmissionSize = protocol.HeaderSize + 20 + 4 + attest.MaxAttestationSize + 65
	// MaxJSONSubmissionSize bounds its JSON form (base64 and hex overhead).
	MaxJSONSubmissionSize = 2*MaxSubmissionSize + 256
	// MaxJSONReportSize bounds a JSON report submission.
	MaxJSONReportSize = 2*protocol.MaxReportSize + 64
	// MaxQuerySize bounds a query body.
	MaxQuerySize = 1 << 10
	// MaxReplySize bounds a reply the client accepts (the Solidity export
	// is larger and read separately).
	MaxReplySize = 64 << 10
	// MaxSolidityReplySize bounds the Solidity export reply.
	MaxSolidityReplySize = 1 << 20
	// MaxRequestSize is the largest request body any endpoint accepts; the
	// embedded server's max_payload is set from it.
	MaxRequestSize = 64 << 10
)

const submissionSigDomain = "bwproof/attestation-submission/v1"

// AttestationSubmission is what a miner sends: the attestation's canonical
// bytes, the miner's address and the miner's secp256k1 signature over them.
// The signature attributes the attested bytes to the miner (for rewards);
// the proof alone does not name a miner.
type AttestationSubmission struct {
	Miner       common.Address
	Attestation []byte   // attest.Attestation.Encode()
	Signature   [65]byte // r || s || v (v in {27, 28}, low s), over SigningHash
}

// NewAttestationSubmission signs a's encoding with the miner's key.
func NewAttestationSubmission(a *attest.Attestation, key *ecdsa.PrivateKey) (*AttestationSubmission, error) {
	s := &AttestationSubmission{Miner: crypto.PubkeyToAddress(key.PublicKey), Attestation: a.Encode()}
	sig, err := protocol.SignHash(s.SigningHash(), key)
	if err != nil {
		return nil, fmt.Errorf("sign attestation submission: %w", err)
	}
	s.Signature = sig
	return s, nil
}

// SigningHash is keccak256(domain || attestation bytes).
func (s *AttestationSubmission) SigningHash() common.Hash {
	return crypto.Keccak256Hash([]byte(submissionSigDomain), s.Attestation)
}

// CheckSignature checks that Miner signed the attestation.
func (s *AttestationSubmission) CheckSignature() error {
	signer, err := recoverLowS(s.SigningHash(), s.Signature)
	if err != nil {
		return err
	}
	if signer != s.Miner {
		return fmt.Errorf("%w: signed by %s, not the miner %s", ErrBadSignature, signer.Hex(), s.Miner.Hex())
	}
	return nil
}

// recoverLowS recovers a secp256k1 signer with the protocol's one rule
// (low s, v in {27, 28}), as an ErrBadSignature.
func recoverLowS(h common.Hash, sig65 [65]byte) (common.Address, error) {
	a, err := protocol.RecoverSigner(h, sig65)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return a, nil
}

// Encode returns the binary form: header (kind 0xA1), miner (20 bytes),
// attestation (uint32 length + bytes), signature (65 bytes).
func (s *AttestationSubmission) Encode() []byte {
	e := protocol.NewEncoder(KindAttestationSubmission)
	e.Fixed(s.Miner[:])
	e.Var(s.Attestation)
	e.Fixed(s.Signature[:])
	return e.Bytes()
}

type jsonSubmission struct {
	Miner       string `json:"miner"`
	Attestation string `json:"attestation"` // standard base64 of the canonical encoding
	Signature   string `json:"signature"`   // 0x-hex, 65 bytes
}

// MarshalJSON returns the JSON form.
func (s *AttestationSubmission) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonSubmission{
		Miner:       s.Miner.Hex(),
		Attestation: base64.StdEncoding.EncodeToString(s.Attestation),
		Signature:   "0x" + hex.EncodeToString(s.Signature[:]),
	})
}

// DecodeAttestationSubmission decodes a binary or JSON submission and the
// attestation inside it (size-limited, canonical, public inputs in the
// field). It does not check the signature or the proof. Errors are *Error
// with reason malformed, too_large or out_of_field.
func DecodeAttestationSubmission(body []byte) (*AttestationSubmission, *attest.Attestation, error) {
	s := &AttestationSubmission{}
	switch bodyFormat(body) {
	case formatBinary:
		d, err := protocol.NewDecoder(body, KindAttestationSubmission, MaxSubmissionSize)
		if err != nil {
			return nil, nil, wireErr(err)
		}
		d.Fixed(s.Miner[:], "submission miner")
		s.Attestation = d.Var(attest.MaxAttestationSize, "submission attestation")
		d.Fixed(s.Signature[:], "submission signature")
		if err := d.Finish(); err != nil {
			return nil, nil, wireErr(err)
		}
	case formatJSON:
		if len(body) > MaxJSONSubmissionSize {
			return nil, nil, reject(ReasonTooLarge, "submission of %d bytes, limit %d", len(body), MaxJSONSubmissionSize)
		}
		var j jsonSubmission
		if err := strictJSON(body, &j); err != nil {
			return nil, nil, err
		}
		var err error
		if s.Miner, err = parseAddress(j.Miner, "miner"); err != nil {
			return nil, nil, err
		}
		if s.Attestation, err = parseBase64(j.Attestation, attest.MaxAttestationSize, "attestation"); err != nil {
			return nil, nil, err
		}
		sig, err := parseHexN(j.Signature, 65, "signature")
		if err != nil {
			return nil, nil, err
		}
		copy(s.Signature[:], sig)
	default:
		return nil, nil, reject(ReasonMalformed, "body is neither a binary submission nor a JSON object")
	}
	a, err := attest.DecodeAttestation(s.Attestation)
	if err != nil {
		return nil, nil, wireErr(err)
	}
	return s, a, nil
}

// ReportSubmission bodies: the binary form is protocol.Report.Encode()
// as is (the report carries its own signature); the JSON form is
// {"report": "<base64 of that encoding>"}.
type jsonReport struct {
	Report string `json:"report"`
}

// EncodeReportJSON returns the JSON body for a report.
func EncodeReportJSON(r *protocol.Report) []byte {
	b, _ := json.Marshal(jsonReport{Report: base64.StdEncoding.EncodeToString(r.Encode())})
	return b
}

// DecodeReportSubmission decodes a binary or JSON report submission. It
// does not verify the report.
func DecodeReportSubmission(body []byte) (*protocol.Report, []byte, error) {
	raw := body
	switch bodyFormat(body) {
	case formatBinary:
	case formatJSON:
		if len(body) > MaxJSONReportSize {
			return nil, nil, reject(ReasonTooLarge, "report of %d bytes, limit %d", len(body), MaxJSONReportSize)
		}
		var j jsonReport
		if err := strictJSON(body, &j); err != nil {
			return nil, nil, err
		}
		var err error
		if raw, err = parseBase64(j.Report, protocol.MaxReportSize, "report"); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, reject(ReasonMalformed, "body is neither a binary report nor a JSON object")
	}
	r, err := protocol.DecodeReport(raw)
	if err != nil {
		return nil, nil, wireErr(err)
	}
	return &r, raw, nil
}

// Query bodies (JSON only).

// ChannelQuery asks for a channel's latest accepted attestation.
type ChannelQuery struct {
	Channel string `json:"channel"` // 0x-hex field element
}

// StandingQuery asks for a party's standing.
type StandingQuery struct {
	Party string `json:"party"` // 0x-hex address
}

// EpochQuery asks for the bytes attested in an epoch, for one miner or
// (Miner empty) for every miner.
type EpochQuery struct {
	Epoch *uint64 `json:"epoch,omitempty"` // default: the current epoch
	Miner string  `json:"miner,omitempty"`
}

// SolidityQuery asks for the Solidity verifier of a circuit.
type SolidityQuery struct {
	CircuitID string `json:"circuit_id"` // hex, 32 bytes
}

func decodeQuery[T any](body []byte) (*T, error) {
	if len(body) > MaxQuerySize {
		return nil, reject(ReasonTooLarge, "query of %d bytes, limit %d", len(body), MaxQuerySize)
	}
	if bodyFormat(body) != formatJSON {
		return nil, reject(ReasonMalformed, "query body must be a JSON object")
	}
	var q T
	if err := strictJSON(body, &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// DecodeChannelQuery decodes and checks a channel query.
func DecodeChannelQuery(body []byte) (protocol.Element, error) {
	q, err := decodeQuery[ChannelQuery](body)
	if err != nil {
		return protocol.Element{}, err
	}
	return parseElement(q.Channel, "channel")
}

// DecodeStandingQuery decodes and checks a standing query.
func DecodeStandingQuery(body []byte) (common.Address, error) {
	q, err := decodeQuery[StandingQuery](body)
	if err != nil {
		return common.Address{}, err
	}
	return parseAddress(q.Party, "party")
}

// DecodeEpochQuery decodes an epoch query. A nil epoch means the current
// one; a zero address means every miner.
func DecodeEpochQuery(body []byte) (*uint64, common.Address, error) {
	q, err := decodeQuery[EpochQuery](body)
	if err != nil {
		return nil, common.Address{}, err
	}
	if q.Miner == "" {
		return q.Epoch, common.Address{}, nil
	}
	m, err := parseAddress(q.Miner, "miner")
	return q.Epoch, m, err
}

// DecodeSolidityQuery decodes a Solidity export query.
func DecodeSolidityQuery(body []byte) (attest.CircuitID, error) {
	var id attest.CircuitID
	q, err := decodeQuery[SolidityQuery](body)
	if err != nil {
		return id, err
	}
	b, err := parseHexN(q.CircuitID, 32, "circuit_id")
	if err != nil {
		return id, err
	}
	copy(id[:], b)
	return id, nil
}

// Replies. Every endpoint except the Solidity export answers with one JSON
// envelope; error replies also carry the micro error headers.

// Status values of a reply.
const (
	StatusAccepted = "accepted"
	StatusRejected = "rejected"
	StatusError    = "error"
	StatusOK       = "ok"
)

// Reply is the JSON reply envelope.
type Reply struct {
	Status    string       `json:"status"`
	Reason    Reason       `json:"reason,omitempty"`
	Detail    string       `json:"detail,omitempty"`
	Duplicate bool         `json:"duplicate,omitempty"`
	Channel   *ChannelInfo `json:"channel,omitempty"`
	Verdict   *Verdict     `json:"verdict,omitempty"`
	Standing  *Standing    `json:"standing,omitempty"`
	Epoch     *EpochBytes  `json:"epoch,omitempty"`
	// Slots: a batch submission's per-slot results, in slot order.
	Slots []SlotResult `json:"slots,omitempty"`
}

// ChannelInfo is a channel's latest accepted attestation.
type ChannelInfo struct {
	Channel    string    `json:"channel"` // 0x-hex
	Nonce      uint64    `json:"nonce"`
	Bytes      uint64    `json:"bytes"`
	Miner      string    `json:"miner"`
	Epoch      uint64    `json:"epoch"`
	Circuit    string    `json:"circuit"`
	Hash       string    `json:"hash"` // SHA-256 of the attestation encoding
	AcceptedAt time.Time `json:"accepted_at"`
	Revision   uint64    `json:"revision"` // JetStream KV revision of the record
	// OnChain: the channel, its miner and the proof's key hash were
	// checked on the verifier's contract; false: accepted off chain
	// (a development verifier), not in the epoch totals.
	OnChain bool `json:"onchain"`
}

// Verdict is the service's judgement of a report.
type Verdict struct {
	Report   string `json:"report"` // SHA-256 of the report encoding
	Kind     string `json:"kind"`
	Reporter string `json:"reporter"`
	Accused  string `json:"accused"`
	Channel  string `json:"channel"`
	Proven   bool   `json:"proven"` // false: a complaint
	Sequence uint64 `json:"sequence"`
}

// Standing is what the service holds against (and for) a party.
type Standing struct {
	Party         string `json:"party"`
	ProvenFaults  uint64 `json:"proven_faults"`
	Complaints    uint64 `json:"complaints"`
	Complainants  uint64 `json:"complainants"`   // distinct reporters who complained
	BytesAttested uint64 `json:"bytes_attested"` // on-chain channels only
	// BytesAttestedOffchain: channels accepted without a chain check.
	BytesAttestedOffchain uint64     `json:"bytes_attested_offchain,omitempty"`
	Flagged               bool       `json:"flagged"`
	FlagReason            string     `json:"flag_reason,omitempty"`
	FlaggedAt             *time.Time `json:"flagged_at,omitempty"`
}

// EpochBytes is the attested bytes of an epoch per miner.
type EpochBytes struct {
	Epoch        uint64       `json:"epoch"`
	EpochSeconds uint64       `json:"epoch_seconds"`
	Miners       []MinerBytes `json:"miners"`
}

// MinerBytes is one miner's attested bytes in an epoch.
type MinerBytes struct {
	Miner    string `json:"miner"`
	Bytes    uint64 `json:"bytes"` // on-chain channels only: the totals rewards are based on
	Channels int    `json:"channels"`
	// Off-chain channels (a development verifier), never in Bytes.
	OffchainBytes    uint64 `json:"offchain_bytes,omitempty"`
	OffchainChannels int    `json:"offchain_channels,omitempty"`
}

// FlagEvent is published on FlagSubject(party) when a party gets flagged.
type FlagEvent struct {
	Party    string    `json:"party"`
	Reason   string    `json:"reason"`
	Standing Standing  `json:"standing"`
	At       time.Time `json:"at"`
}

// DecodeReply decodes a reply envelope (client side: also untrusted).
func DecodeReply(body []byte) (*Reply, error) {
	if len(body) > MaxReplySize {
		return nil, reject(ReasonTooLarge, "reply of %d bytes, limit %d", len(body), MaxReplySize)
	}
	var r Reply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, reject(ReasonMalformed, "reply: %v", err)
	}
	switch r.Status {
	case StatusAccepted, StatusOK:
	case StatusRejected, StatusError:
		if r.Reason == "" {
			return nil, reject(ReasonMalformed, "reply: %s without a reason", r.Status)
		}
	default:
		return nil, reject(ReasonMalformed, "reply: unknown status %q", r.Status)
	}
	return &r, nil
}

// DecodeFlagEvent decodes a flag event.
func DecodeFlagEvent(body []byte) (*FlagEvent, error) {
	if len(body) > MaxReplySize {
		return nil, reject(ReasonTooLarge, "flag event of %d bytes", len(body))
	}
	var e FlagEvent
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, reject(ReasonMalformed, "flag event: %v", err)
	}
	if _, err := parseAddress(e.Party, "party"); err != nil {
		return nil, err
	}
	return &e, nil
}

// Helpers.

type format int

const (
	formatUnknown format = iota
	formatBinary
	formatJSON
)

func bodyFormat(body []byte) format {
	if len(body) >= 2 && body[0] == 'b' && body[1] == 'w' {
		return formatBinary
	}
	t := bytes.TrimLeft(body, " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return formatJSON
	}
	return formatUnknown
}

// strictJSON decodes exactly one object with no unknown fields.
func strictJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return reject(ReasonMalformed, "json: %v", err)
	}
	if dec.More() {
		return reject(ReasonMalformed, "json: trailing data")
	}
	return nil
}

// wireErr maps a decoding error of the protocol or attest packages to an *Error.
func wireErr(err error) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, protocol.ErrNotInField):
		return &Error{Reason: ReasonOutOfField, Detail: err.Error()}
	case errors.Is(err, protocol.ErrTooLarge):
		return &Error{Reason: ReasonTooLarge, Detail: err.Error()}
	}
	return &Error{Reason: ReasonMalformed, Detail: err.Error()}
}

func parseAddress(s, field string) (common.Address, error) {
	if !common.IsHexAddress(s) || !strings.HasPrefix(s, "0x") {
		return common.Address{}, reject(ReasonMalformed, "%s: not a 0x-hex address", field)
	}
	return common.HexToAddress(s), nil
}

func parseHexN(s string, n int, field string) ([]byte, error) {
	s = strings.TrimPrefix(s, "0x")
	if len(s) != 2*n {
		return nil, reject(ReasonMalformed, "%s: want %d hex bytes", field, n)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, reject(ReasonMalformed, "%s: %v", field, err)
	}
	return b, nil
}

func parseElement(s, field string) (protocol.Element, error) {
	var e protocol.Element
	b, err := parseHexN(s, 32, field)
	if err != nil {
		return e, err
	}
	copy(e[:], b)
	if !e.Valid() {
		return e, reject(ReasonOutOfField, "%s: not below the BN254 scalar modulus", field)
	}
	return e, nil
}

func parseBase64(s string, limit int, field string) ([]byte, error) {
	if base64.StdEncoding.DecodedLen(len(s)) > limit+3 {
		return nil, reject(ReasonTooLarge, "%s: over %d bytes", field, limit)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, reject(ReasonMalformed, "%s: base64: %v", field, err)
	}
	if len(b) > limit {
		return nil, reject(ReasonTooLarge, "%s: %d bytes, limit %d", field, len(b), limit)
	}
	return b, nil
}

// hashHex is the hex SHA-256 of b: the id of an attestation or a report.
func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func elementHex(e protocol.Element) string { return "0x" + hex.EncodeToString(e[:]) }

// addrKey is an address as a KV key / subject token (lowercase hex, no 0x).
func addrKey(a common.Address) string { return hex.EncodeToString(a[:]) }

// elemKey is a field element as a KV key / subject token.
func elemKey(e protocol.Element) string { return hex.EncodeToString(e[:]) }
