// Package prototest builds deterministic, really signed protocol data for
// tests and benchmarks in every bwproof package.
package prototest

import (
	"crypto/ecdsa"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// Seeded is a deterministic io.Reader.
type Seeded struct{ r *rand.ChaCha8 }

// NewSeeded returns a reader whose stream depends only on seed.
func NewSeeded(seed uint64) *Seeded {
	var s [32]byte
	for i := 0; i < 8; i++ {
		s[i] = byte(seed >> (8 * i))
	}
	return &Seeded{r: rand.NewChaCha8(s)}
}

func (s *Seeded) Read(p []byte) (int, error) { return s.r.Read(p) }

// Fixture is a client, its keys, a chain domain and an honest session.
type Fixture struct {
	Shape      protocol.Shape
	Client     *ecdsa.PrivateKey
	ClientAddr common.Address
	ReceiptKey *protocol.ReceiptKey
	Domain     protocol.ChainDomain
	Channel    protocol.Element
	Session    *protocol.Session
}

// Domain is the EIP-712 domain fixtures sign for.
var Domain = protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x00000000000000000000000000000000000000c0")}

// NewFixture simulates an honest session of bytes in chunks of chunk
// bytes; everything is derived from seed.
func NewFixture(t testing.TB, shape protocol.Shape, bytes uint64, chunk int, seed uint64) *Fixture {
	t.Helper()
	client, err := crypto.ToECDSA(common.LeftPadBytes(new(big.Int).SetUint64(seed+1).Bytes(), 32))
	if err != nil {
		t.Fatal(err)
	}
	rkey, err := protocol.GenerateReceiptKey(NewSeeded(seed))
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{Shape: shape, Client: client, ClientAddr: crypto.PubkeyToAddress(client.PublicKey),
		ReceiptKey: rkey, Domain: Domain, Channel: protocol.ElementFromUint64(seed + 77)}
	f.Session, err = protocol.SimulateSession(protocol.SimulateOptions{
		Shape: shape, Bytes: bytes, ChunkSize: chunk, ChannelID: f.Channel, Domain: Domain,
		Client: client, ReceiptKey: rkey, Rand: NewSeeded(seed + 1000),
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Latest returns the session's last step.
func (f *Fixture) Latest(t testing.TB) *protocol.Step {
	t.Helper()
	s, err := f.Session.Latest()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
