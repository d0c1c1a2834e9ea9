package attest

import (
	"testing"

	"github.com/bwproof/bwproof/protocol"
)

func FuzzDecodeAttestation(f *testing.F) {
	a := &Attestation{CircuitID: CircuitID{1}, Shape: protocol.ShapeFor(4), Proof: make([]byte, 128)}
	f.Add(a.Encode())
	f.Add([]byte{})
	f.Add([]byte("bw\x01\x06"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeAttestation(data)
		if err != nil {
			return
		}
		// Canonical: what decodes re-encodes to the same bytes.
		if string(got.Encode()) != string(data) {
			t.Fatalf("non-canonical encoding accepted")
		}
		for _, p := range got.Public {
			if !p.Valid() {
				t.Fatal("out-of-field public input accepted")
			}
		}
	})
}
