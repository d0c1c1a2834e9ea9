package verifier

import (
	"crypto/rand"
	"fmt"
	"testing"
)

// BenchmarkVerify compares gnark's single verification with the batch
// equation; ns/op is per batch, see the proofs/s metric for throughput.
func BenchmarkVerify(b *testing.B) {
	its := items(b, validAttestations(b, 64))
	b.Run("single", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := verifySingle(its[i%len(its)]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
	})
	for _, n := range []int{8, 32, 64} {
		for _, par := range []int{1, 2} {
			b.Run(fmt.Sprintf("batch=%d/parallel=%d", n, par), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					ok, err := batchCheck(its[:n], rand.Reader, par)
					if err != nil || !ok {
						b.Fatal(ok, err)
					}
				}
				b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "proofs/s")
			})
		}
	}
}

// BenchmarkDecodeProof is the per-proof decoding (points on the curve and
// in the subgroup) that every verification of an attestation pays.
func BenchmarkDecodeProof(b *testing.B) {
	atts := validAttestations(b, 8)
	k, err := prepareKey(testKeys(b))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := newProofItem(k, atts[i%len(atts)]); err != nil {
			b.Fatal(err)
		}
	}
}
