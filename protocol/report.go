package protocol

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// ErrEvidence is returned when a report's evidence does not prove what the
// report claims.
var ErrEvidence = errors.New("protocol: evidence does not hold")

// ChunkHeader is what a miner states about a chunk it sends.
type ChunkHeader struct {
	Object     ObjectID
	ObjectSize uint64
	ChunkSize  uint32
	Index      uint64
	Length     uint32
	Digest     [32]byte // SHA-256 of the bytes sent
}

// SignedChunk is a chunk header with its Merkle path, signed by the miner's
// secp256k1 key. It is what makes a bad chunk provable to third parties: the
// miner cannot deny a header and path that do not lead to the object id.
type SignedChunk struct {
	Header    ChunkHeader
	Path      [][32]byte
	Signature [65]byte // r || s || v (v in {27, 28}), over SigningHash
}

const chunkSigDomain = "bwproof/chunk/v1"

func (s *SignedChunk) encodeBody(e *Encoder) {
	h := &s.Header
	e.Fixed(h.Object[:])
	e.U64(h.ObjectSize)
	e.U32(h.ChunkSize)
	e.U64(h.Index)
	e.U32(h.Length)
	e.Fixed(h.Digest[:])
	e.U32(uint32(len(s.Path)))
	for _, p := range s.Path {
		e.Fixed(p[:])
	}
}

// SigningHash is the keccak256 hash the miner signs.
func (s *SignedChunk) SigningHash() common.Hash {
	e := &Encoder{}
	s.encodeBody(e)
	return crypto.Keccak256Hash([]byte(chunkSigDomain), e.Bytes())
}

// Sign signs the header and path with the miner's key.
func (s *SignedChunk) Sign(key *ecdsa.PrivateKey) error {
	sig, err := SignHash(s.SigningHash(), key)
	if err != nil {
		return fmt.Errorf("chunk header: %w", err)
	}
	s.Signature = sig
	return nil
}

// Signer recovers the miner's address (low-s only).
func (s *SignedChunk) Signer() (common.Address, error) {
	return RecoverSigner(s.SigningHash(), s.Signature)
}

// PathValid reports whether the header's digest is at its index in the
// object, according to the signed path.
func (s *SignedChunk) PathValid() bool {
	h := &s.Header
	if h.Length > h.ChunkSize {
		return false
	}
	return VerifyMerklePath(h.Object, h.ObjectSize, h.ChunkSize, h.Index, h.Digest, s.Path)
}

// SignHash signs h with a secp256k1 key in the r || s || v layout that
// Solidity's ecrecover takes (v in {27, 28}); go-ethereum's signer always
// produces low-s signatures.
func SignHash(h common.Hash, key *ecdsa.PrivateKey) ([65]byte, error) {
	var out [65]byte
	sig, err := crypto.Sign(h[:], key)
	if err != nil {
		return out, fmt.Errorf("sign: %w", err)
	}
	copy(out[:], sig)
	out[64] += 27
	return out, nil
}

// RecoverSigner recovers a secp256k1 signer the way the contracts do,
// refusing malleable (high-s) signatures and recovery ids other than 27/28.
func RecoverSigner(h common.Hash, sig65 [65]byte) (common.Address, error) {
	s := new(big.Int).SetBytes(sig65[32:64])
	if s.Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, fmt.Errorf("%w: high s", ErrMalleableSignature)
	}
	if sig65[64] != 27 && sig65[64] != 28 {
		return common.Address{}, fmt.Errorf("%w: recovery id %d", ErrBadSignature, sig65[64])
	}
	sig := append([]byte(nil), sig65[:]...)
	sig[64] -= 27
	pub, err := crypto.SigToPub(h[:], sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// ReportKind names a kind of misbehavior.
type ReportKind uint8

// Report kinds. Only a bad chunk can be proven to a third party; the others
// are complaints that the verifier weighs.
const (
	ReportBadChunk       ReportKind = 1 // miner sent a chunk whose signed header/path contradicts the object
	ReportFailedProbe    ReportKind = 2 // miner answered a probe wrongly or late
	ReportMissingVoucher ReportKind = 3 // client took data and did not pay
	ReportTimeout        ReportKind = 4 // peer stopped answering
)

func (k ReportKind) String() string {
	switch k {
	case ReportBadChunk:
		return "bad-chunk"
	case ReportFailedProbe:
		return "failed-probe"
	case ReportMissingVoucher:
		return "missing-voucher"
	case ReportTimeout:
		return "timeout"
	}
	return fmt.Sprintf("report(%d)", uint8(k))
}

// Report is a signed misbehavior record from one party about another.
type Report struct {
	Kind      ReportKind
	Reporter  common.Address // who signs the report
	Accused   common.Address
	ChannelID Element
	Time      uint64 // unix seconds, as the reporter saw it
	Detail    string // human-readable, at most MaxReportDetail bytes

	// Evidence, by kind.
	Chunk       *SignedChunk // bad chunk: the miner's signed header and path
	LastVoucher *Voucher     // missing voucher: the last voucher the client paid
	UnpaidFrom  uint64       // missing voucher: unpaid byte range [from, to)
	UnpaidTo    uint64

	Signature [65]byte // reporter's signature over SigningHash
}

// Limits on reports.
const (
	MaxReportDetail = 512
	MaxReportSize   = 8 << 10
)

const reportSigDomain = "bwproof/report/v1"

func (r *Report) encodeBody(e *Encoder) {
	e.U8(uint8(r.Kind))
	e.Fixed(r.Reporter[:])
	e.Fixed(r.Accused[:])
	e.Fixed(r.ChannelID[:])
	e.U64(r.Time)
	e.Var([]byte(r.Detail))
	if r.Chunk != nil {
		e.U8(1)
		body := &Encoder{}
		r.Chunk.encodeBody(body)
		e.Var(body.Bytes())
		e.Fixed(r.Chunk.Signature[:])
	} else {
		e.U8(0)
	}
	if r.LastVoucher != nil {
		e.U8(1)
		e.Var(r.LastVoucher.Encode())
	} else {
		e.U8(0)
	}
	e.U64(r.UnpaidFrom)
	e.U64(r.UnpaidTo)
}

// SigningHash is the keccak256 hash the reporter signs.
func (r *Report) SigningHash() common.Hash {
	e := &Encoder{}
	r.encodeBody(e)
	return crypto.Keccak256Hash([]byte(reportSigDomain), e.Bytes())
}

// Sign sets Reporter to key's address and signs the report.
func (r *Report) Sign(key *ecdsa.PrivateKey) error {
	r.Reporter = crypto.PubkeyToAddress(key.PublicKey)
	sig, err := SignHash(r.SigningHash(), key)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	r.Signature = sig
	return nil
}

// Verify checks the reporter's signature and, for a bad-chunk report, that
// the evidence proves the fault: the accused signed a header whose path does
// not lead to the object id. It returns proven=true only in that case; a
// bad-chunk report whose signed header is consistent (wrong bytes under a
// right header) and a valid report of another kind are complaints
// (proven=false, err=nil). Evidence not signed by the accused is an error.
func (r *Report) Verify() (proven bool, err error) {
	signer, err := RecoverSigner(r.SigningHash(), r.Signature)
	if err != nil {
		return false, fmt.Errorf("report signature: %w", err)
	}
	if signer != r.Reporter {
		return false, fmt.Errorf("report: %w: signed by %s, reporter %s", ErrBadSignature, signer, r.Reporter)
	}
	if r.Reporter == r.Accused {
		return false, fmt.Errorf("%w: reporter accuses itself", ErrEvidence)
	}
	switch r.Kind {
	case ReportBadChunk:
		if r.Chunk == nil {
			return false, fmt.Errorf("%w: bad-chunk report without a signed chunk", ErrEvidence)
		}
		miner, err := r.Chunk.Signer()
		if err != nil {
			return false, fmt.Errorf("%w: chunk header signature: %w", ErrEvidence, err)
		}
		if miner != r.Accused {
			return false, fmt.Errorf("%w: chunk header signed by %s, not the accused %s", ErrEvidence, miner, r.Accused)
		}
		// A header and path that lead to the object prove nothing: the
		// bytes may still have been wrong (the miner signs their digest,
		// not the bytes), so it counts as a complaint.
		return !r.Chunk.PathValid(), nil
	case ReportMissingVoucher:
		if r.UnpaidTo <= r.UnpaidFrom {
			return false, fmt.Errorf("%w: empty unpaid range", ErrEvidence)
		}
		if r.LastVoucher != nil && r.LastVoucher.ChannelID != r.ChannelID {
			return false, fmt.Errorf("%w: last voucher is for another channel", ErrEvidence)
		}
		return false, nil
	case ReportFailedProbe, ReportTimeout:
		return false, nil
	}
	return false, fmt.Errorf("%w: unknown report kind %d", ErrEncoding, r.Kind)
}

// Encode returns the canonical encoding.
func (r *Report) Encode() []byte {
	e := NewEncoder(KindEvidence)
	r.encodeBody(e)
	e.Fixed(r.Signature[:])
	return e.Bytes()
}

// DecodeReport decodes a report (it does not verify it).
func DecodeReport(data []byte) (Report, error) {
	var r Report
	d, err := NewDecoder(data, KindEvidence, MaxReportSize)
	if err != nil {
		return r, err
	}
	r.Kind = ReportKind(d.U8("report kind"))
	d.Fixed(r.Reporter[:], "report reporter")
	d.Fixed(r.Accused[:], "report accused")
	r.ChannelID = d.Element("report channel id")
	r.Time = d.U64("report time")
	r.Detail = string(d.Var(MaxReportDetail, "report detail"))
	if d.Bool("report chunk flag") {
		body := d.Var(MaxReportSize, "report chunk")
		r.Chunk = decodeSignedChunk(d, body)
		d.Fixed(r.Chunk.Signature[:], "report chunk signature")
	}
	if d.Bool("report voucher flag") {
		b := d.Var(VoucherSize, "report voucher")
		if d.Err() == nil {
			v, err := DecodeVoucher(b)
			d.Fail(err)
			r.LastVoucher = &v
		}
	}
	r.UnpaidFrom = d.U64("report unpaid from")
	r.UnpaidTo = d.U64("report unpaid to")
	d.Fixed(r.Signature[:], "report signature")
	return r, d.Finish()
}

func decodeSignedChunk(outer *Decoder, body []byte) *SignedChunk {
	sc := &SignedChunk{}
	d := &Decoder{data: body}
	h := &sc.Header
	d.Fixed(h.Object[:], "chunk object")
	h.ObjectSize = d.U64("chunk object size")
	h.ChunkSize = d.U32("chunk size")
	h.Index = d.U64("chunk index")
	h.Length = d.U32("chunk length")
	d.Fixed(h.Digest[:], "chunk digest")
	n := d.Count(MaxMerkleDepth, "chunk path")
	for i := 0; i < n && d.Err() == nil; i++ {
		var p [32]byte
		d.Fixed(p[:], "chunk path node")
		sc.Path = append(sc.Path, p)
	}
	outer.Fail(d.Finish())
	return sc
}

// EncodeSignedChunk / DecodeSignedChunk give the data path one encoding
// for the headers it sends (the same bytes a report carries).
func (s *SignedChunk) Encode() []byte {
	e := &Encoder{}
	s.encodeBody(e)
	e.Fixed(s.Signature[:])
	return e.Bytes()
}

// MaxSignedChunkSize bounds an encoded signed chunk header.
const MaxSignedChunkSize = 32 + 8 + 4 + 8 + 4 + 32 + 4 + 32*MaxMerkleDepth + 65

// DecodeSignedChunk decodes what Encode wrote.
func DecodeSignedChunk(data []byte) (*SignedChunk, error) {
	if len(data) > MaxSignedChunkSize || len(data) < 65 {
		return nil, fmt.Errorf("%w: signed chunk of %d bytes", ErrEncoding, len(data))
	}
	outer := &Decoder{data: data[len(data)-65:]}
	sc := decodeSignedChunk(outer, data[:len(data)-65])
	outer.Fixed(sc.Signature[:], "chunk signature")
	if err := outer.Finish(); err != nil {
		return nil, err
	}
	return sc, nil
}
