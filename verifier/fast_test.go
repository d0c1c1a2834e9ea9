package verifier

import (
	"bytes"
	"crypto/rand"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// TestRecoverLowSMatchesProtocol holds the verifier's signer recovery
// (which skips the ecdsa.PublicKey round trip) equal to
// protocol.RecoverSigner on valid signatures, their malleable twins,
// wrong recovery ids and random tamperings: same address, or both refuse
// with the same protocol error.
func TestRecoverLowSMatchesProtocol(t *testing.T) {
	n := crypto.S256().Params().N
	same := func(h common.Hash, sig [65]byte) {
		t.Helper()
		want, werr := protocol.RecoverSigner(h, sig)
		got, gerr := recoverLowS(h, sig)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("sig %x: protocol %v, verifier %v", sig, werr, gerr)
		}
		if werr != nil {
			if !errors.Is(gerr, ErrBadSignature) {
				t.Fatalf("verifier error %v is not ErrBadSignature", gerr)
			}
			for _, pe := range []error{protocol.ErrBadSignature, protocol.ErrMalleableSignature} {
				if errors.Is(werr, pe) != errors.Is(gerr, pe) {
					t.Fatalf("sig %x: protocol %v, verifier %v", sig, werr, gerr)
				}
			}
			return
		}
		if got != want {
			t.Fatalf("sig %x: protocol %s, verifier %s", sig, want.Hex(), got.Hex())
		}
	}
	for i := 0; i < 64; i++ {
		key := newKey(t)
		var h common.Hash
		rand.Read(h[:])
		sig, err := protocol.SignHash(h, key)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := recoverLowS(h, sig); err != nil || got != addrOf(key) {
			t.Fatalf("recovered %s, %v; want %s", got.Hex(), err, addrOf(key).Hex())
		}
		same(h, sig)
		// The malleable twin: s → n - s, v flipped.
		twin := sig
		s := new(big.Int).SetBytes(sig[32:64])
		new(big.Int).Sub(n, s).FillBytes(twin[32:64])
		twin[64] ^= 1
		same(h, twin)
		if _, err := recoverLowS(h, twin); !errors.Is(err, protocol.ErrMalleableSignature) {
			t.Fatalf("malleable twin: %v", err)
		}
		for _, v := range []byte{0, 1, 26, 29, 255} {
			bad := sig
			bad[64] = v
			same(h, bad)
		}
		bad := sig
		bad[i%64] ^= 1 << (i % 8)
		same(h, bad)
		var zero [65]byte
		zero[64] = 27
		same(h, zero)
		edge := sig
		copy(edge[32:64], secp256k1HalfN[:])
		same(h, edge)
	}
	// The constant is half the order.
	if half := new(big.Int).Rsh(n, 1); !bytes.Equal(half.FillBytes(make([]byte, 32)), secp256k1HalfN[:]) {
		t.Fatal("secp256k1HalfN is not n/2")
	}
}

// TestIdleChecksKeepTheirOrder: an idle verifier decodes the proof and
// reads the record beside the signature check, but the reply is still the
// first failing check in the documented order (signature, the miner's
// rate, then the proof), and nothing is recorded or verified for a
// refused submission.
func TestIdleChecksKeepTheirOrder(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AttestationRate, o.AttestationBurst = 0.001, 1 })
	ctx := ctxT(t)
	miner, other := newKey(t), newKey(t)
	garbage := *realProof(t, 3, 0)
	garbage.Proof = bytes.Repeat([]byte{0xff}, len(garbage.Proof))

	// Garbage proof under a wrong signature: the signature decides.
	sub, err := NewAttestationSubmission(&garbage, miner)
	if err != nil {
		t.Fatal(err)
	}
	sub.Miner = addrOf(other)
	_, err = e.c.Submit(ctx, sub)
	mustReason(t, err, ReasonBadSignature)

	// Signed garbage: the proof decides, and it costs the miner its token.
	sub, err = NewAttestationSubmission(&garbage, miner)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.c.Submit(ctx, sub)
	mustReason(t, err, ReasonInvalidProof)
	// Again: over the miner's rate, refused before the proof.
	_, err = e.c.Submit(ctx, sub)
	mustReason(t, err, ReasonRateLimited)

	if _, err := e.c.ChannelState(ctx, garbage.ChannelID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused submission left state: %v", err)
	}
	if v := e.svc.Metrics().Counter(mProofs, "result", "valid") + e.svc.Metrics().Counter(mProofs, "result", "invalid"); v != 0 {
		t.Fatalf("%v pairings for refused submissions", v)
	}
	// A good one from another miner is accepted as usual.
	good := realProof(t, 3, 0)
	if acc, err := e.c.SubmitAttestation(ctx, good, other); err != nil || acc.Duplicate {
		t.Fatalf("accepted %+v, %v", acc, err)
	}
}
