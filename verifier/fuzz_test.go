package verifier

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

func fuzzSubmission(f *testing.F) *AttestationSubmission {
	key, err := crypto.ToECDSA(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		f.Fatal(err)
	}
	a := &attest.Attestation{CircuitID: attest.CircuitID{1}, Shape: protocol.ShapeFor(4), Proof: make([]byte, 128)}
	a.Public[0] = protocol.ElementFromUint64(77)
	a.Public[1] = protocol.PackCounters(3, 4096)
	s, err := NewAttestationSubmission(a, key)
	if err != nil {
		f.Fatal(err)
	}
	return s
}

func FuzzDecodeAttestationSubmission(f *testing.F) {
	s := fuzzSubmission(f)
	f.Add(s.Encode())
	js, _ := json.Marshal(s)
	f.Add(js)
	f.Add([]byte("bw\x01\xa1"))
	f.Add([]byte(`{"miner":"0x0000000000000000000000000000000000000001","attestation":"YnccAQY=","signature":"0x00"}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		sub, a, err := DecodeAttestationSubmission(body)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		if len(sub.Attestation) > attest.MaxAttestationSize {
			t.Fatal("oversized attestation accepted")
		}
		for _, p := range a.Public {
			if !p.Valid() {
				t.Fatal("out-of-field public input accepted")
			}
		}
		if bodyFormat(body) == formatBinary && !bytes.Equal(sub.Encode(), body) {
			t.Fatal("non-canonical binary submission accepted")
		}
		// What decodes, re-encodes and decodes to the same.
		sub2, _, err := DecodeAttestationSubmission(sub.Encode())
		if err != nil || sub2.Miner != sub.Miner || !bytes.Equal(sub2.Attestation, sub.Attestation) || sub2.Signature != sub.Signature {
			t.Fatalf("round trip: %v", err)
		}
		_ = sub.CheckSignature() // must not panic
	})
}

func FuzzDecodeReportSubmission(f *testing.F) {
	key, _ := crypto.ToECDSA(bytes.Repeat([]byte{9}, 32))
	r := &protocol.Report{Kind: protocol.ReportBadChunk, ChannelID: protocol.ElementFromUint64(5), Time: 1_700_000_000,
		Chunk: &protocol.SignedChunk{Path: [][32]byte{{1}, {2}}}}
	r.Sign(key)
	f.Add(r.Encode())
	f.Add(EncodeReportJSON(r))
	f.Add([]byte(`{"report":""}`))
	f.Add([]byte("bw\x01\x07"))
	f.Fuzz(func(t *testing.T, body []byte) {
		rep, raw, err := DecodeReportSubmission(body)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		if len(raw) > protocol.MaxReportSize || !bytes.Equal(rep.Encode(), raw) {
			t.Fatal("non-canonical or oversized report accepted")
		}
		_, _ = rep.Verify() // must not panic
	})
}

func FuzzDecodeQueries(f *testing.F) {
	for _, s := range []string{
		`{"channel":"0x000000000000000000000000000000000000000000000000000000000000004d"}`,
		`{"party":"0x00000000000000000000000000000000000000c0"}`,
		`{"epoch":5,"miner":"0x00000000000000000000000000000000000000c0"}`,
		`{}`,
		`{"circuit_id":"0101010101010101010101010101010101010101010101010101010101010101"}`,
		`{"channel":"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if ch, err := DecodeChannelQuery(body); err == nil && !ch.Valid() {
			t.Fatal("out-of-field channel accepted")
		}
		_, _ = DecodeStandingQuery(body)
		_, _, _ = DecodeEpochQuery(body)
		_, _ = DecodeSolidityQuery(body)
	})
}

func FuzzDecodeReply(f *testing.F) {
	now := time.Unix(1_700_000_000, 0).UTC()
	for _, r := range []*Reply{
		{Status: StatusAccepted, Channel: &ChannelInfo{Channel: "0x01", Nonce: 1, AcceptedAt: now}},
		{Status: StatusRejected, Reason: ReasonStaleNonce, Detail: "x"},
		{Status: StatusOK, Standing: &Standing{Party: "0x02", Flagged: true, FlaggedAt: &now}},
		{Status: StatusOK, Epoch: &EpochBytes{Epoch: 3, Miners: []MinerBytes{{Miner: "0x03", Bytes: 9}}}},
	} {
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	ev, _ := json.Marshal(FlagEvent{Party: "0x00000000000000000000000000000000000000c0", Reason: "r", At: now})
	f.Add(ev)
	f.Fuzz(func(t *testing.T, body []byte) {
		if r, err := DecodeReply(body); err == nil {
			if (r.Status == StatusRejected || r.Status == StatusError) && r.Reason == "" {
				t.Fatal("rejection without a reason accepted")
			}
		}
		_, _ = DecodeFlagEvent(body)
	})
}

// The records verifiers read back from JetStream are shared between
// processes: a corrupt one must produce an error, not a panic.
func FuzzDecodeRecords(f *testing.F) {
	cr, _ := json.Marshal(channelRecord{Channel: "0x" + elemKey(protocol.ElementFromUint64(1)),
		Miner: "0x00000000000000000000000000000000000000c0", Nonce: 2})
	f.Add(cr)
	rr, _ := json.Marshal(reportRecord{Reporter: "0x00000000000000000000000000000000000000c0", Report: []byte{1}})
	f.Add(rr)
	sr, _ := json.Marshal(standingRecord{Party: "0x01", Complainants: []string{"a"}})
	f.Add(sr)
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := decodeChannelRecord(b); err == nil {
			_ = r.info(1)
		}
		_, _ = decodeReportRecord(b)
		if s, err := decodeStandingRecord(b); err == nil {
			applyReport(s, &reportRecord{Reporter: "0x01", Kind: "timeout"}, foldPolicy{ComplaintThreshold: 2})
		}
	})
}

// The credential header is set by the server on imports, but on a server
// without an access layout a client writes it: any value must parse
// without panicking into a bounded key, or none.
func FuzzRequester(f *testing.F) {
	f.Add(`{"acc":"U_ABC","user":"UABC","id":7}`)
	f.Add(`{"acc":"BWPROOF"}`)
	f.Add(`{"acc":`)
	f.Fuzz(func(t *testing.T, v string) {
		k := requester(nats.Header{server.ClientInfoHdr: []string{v}})
		if len(k) > maxRequestInfoSize {
			t.Fatalf("key of %d bytes", len(k))
		}
	})
}
