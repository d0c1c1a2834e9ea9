package verifier

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

var testShape = protocol.ShapeFor(4)

var (
	keysOnce sync.Once
	keysVal  *attest.Keys
	keysErr  error
)

// testKeys runs one Groth16 setup per test binary.
func testKeys(t testing.TB) *attest.Keys {
	t.Helper()
	keysOnce.Do(func() { keysVal, keysErr = attest.Setup(context.Background(), testShape, attest.SetupOptions{}) })
	if keysErr != nil {
		t.Fatal(keysErr)
	}
	return keysVal
}

var (
	proofMu    sync.Mutex
	proofCache = map[[2]uint64]*attest.Attestation{}
	fixtures   = map[uint64]*prototest.Fixture{}
)

// fixtureBytes: three steps of 4 chunks of 1000 bytes.
const fixtureBytes, fixtureChunk = 12_000, 1000

// realProof returns a real proof of step i of fixture seed (cached: a
// handful of proofs serve the whole test binary).
func realProof(t testing.TB, seed uint64, step int) *attest.Attestation {
	t.Helper()
	k := testKeys(t)
	proofMu.Lock()
	defer proofMu.Unlock()
	if a, ok := proofCache[[2]uint64{seed, uint64(step)}]; ok {
		return a
	}
	f, ok := fixtures[seed]
	if !ok {
		f = prototest.NewFixture(t, testShape, fixtureBytes, fixtureChunk, seed)
		fixtures[seed] = f
	}
	if step >= len(f.Session.Steps) {
		t.Fatalf("fixture %d has %d steps", seed, len(f.Session.Steps))
	}
	a, err := attest.Prove(context.Background(), k, &f.Session.Steps[step])
	if err != nil {
		t.Fatal(err)
	}
	proofCache[[2]uint64{seed, uint64(step)}] = a
	return a
}

// rerandomize returns another valid proof of the same statement:
// A' = A/r, B' = r·B + r·s·δ, C' = C + s·A (Groth16 proofs are malleable
// this way; the verifier's replay rules must not care).
func rerandomize(t testing.TB, k *attest.Keys, a *attest.Attestation) *attest.Attestation {
	t.Helper()
	vk := k.VK.(*groth16bn254.VerifyingKey)
	p := new(groth16bn254.Proof)
	if _, err := p.ReadFrom(bytes.NewReader(a.Proof)); err != nil {
		t.Fatal(err)
	}
	var r, s, rinv fr.Element
	r.SetRandom()
	s.SetRandom()
	rinv.Inverse(&r)
	var rb, sb, rinvb, rsb big.Int
	r.BigInt(&rb)
	s.BigInt(&sb)
	rinv.BigInt(&rinvb)
	var rs fr.Element
	rs.Mul(&r, &s)
	rs.BigInt(&rsb)
	var a2 bn254.G1Affine
	a2.ScalarMultiplication(&p.Ar, &rinvb)
	var b2, d bn254.G2Affine
	b2.ScalarMultiplication(&p.Bs, &rb)
	d.ScalarMultiplication(&vk.G2.Delta, &rsb)
	b2.Add(&b2, &d)
	var c2, sa bn254.G1Affine
	sa.ScalarMultiplication(&p.Ar, &sb)
	c2.Add(&p.Krs, &sa)
	p.Ar, p.Bs, p.Krs = a2, b2, c2
	var buf bytes.Buffer
	if _, err := p.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := *a
	out.Proof = buf.Bytes()
	return &out
}

// withProof returns a copy of a with the proof's points replaced.
func withProof(t testing.TB, a *attest.Attestation, f func(p *groth16bn254.Proof)) *attest.Attestation {
	t.Helper()
	p := new(groth16bn254.Proof)
	if _, err := p.ReadFrom(bytes.NewReader(a.Proof)); err != nil {
		t.Fatal(err)
	}
	f(p)
	var buf bytes.Buffer
	if _, err := p.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := *a
	out.Proof = buf.Bytes()
	return &out
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// startServer starts an embedded single-node server on a random port.
func startServer(t testing.TB, dir string, auth *AuthLayout) *server.Server {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	srv, err := StartServer(ServerOptions{DataDir: dir, Port: -1, Auth: auth})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	return srv
}

func connect(t testing.TB, url string, seed []byte) *nats.Conn {
	t.Helper()
	nc, err := Connect(ConnectOptions{URL: url, NkeySeed: seed, Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func startService(t testing.TB, nc *nats.Conn, mod func(*Options)) *Service {
	t.Helper()
	opts := Options{Conn: nc, Keys: []*attest.Keys{testKeys(t)}, AttestationRate: -1, ReportRate: -1, AllowOffchain: true}
	if mod != nil {
		mod(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Stop(ctx)
	})
	return s
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// randomElement returns a random field element.
func randomElement(t testing.TB) protocol.Element {
	var f fr.Element
	if _, err := f.SetRandom(); err != nil {
		t.Fatal(err)
	}
	return protocol.Element(f.Bytes())
}

func random32(t testing.TB) (b [32]byte) {
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return b
}

func mustReason(t testing.TB, err error, want Reason) {
	t.Helper()
	if err == nil {
		t.Fatalf("got success, want %s", want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Reason != want {
		t.Fatalf("got %v, want reason %s", err, want)
	}
	if !errors.Is(err, want.Sentinel()) {
		t.Fatalf("errors.Is(%v, %v) is false", err, want.Sentinel())
	}
}

// testLogger logs through t.Log at level and above.
func testLogger(t testing.TB, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: level}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
