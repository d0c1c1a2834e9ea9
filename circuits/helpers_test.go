package circuits

import (
	"crypto/ecdsa"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

// seeded is a deterministic reader for test content and challenges.
type seeded struct{ r *rand.ChaCha8 }

func newSeeded(seed byte) *seeded {
	var s [32]byte
	s[0] = seed
	return &seeded{r: rand.NewChaCha8(s)}
}

func (s *seeded) Read(p []byte) (int, error) { return s.r.Read(p) }

type fixture struct {
	shape   protocol.Shape
	client  *ecdsa.PrivateKey
	rkey    *protocol.ReceiptKey
	domain  protocol.ChainDomain
	session *protocol.Session
}

func newFixture(t testing.TB, shape protocol.Shape, bytes uint64, chunk int, seed byte) *fixture {
	t.Helper()
	client, err := crypto.ToECDSA(common.LeftPadBytes([]byte{seed, 1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	rkey, err := protocol.GenerateReceiptKey(newSeeded(seed))
	if err != nil {
		t.Fatal(err)
	}
	domain := protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: common.HexToAddress("0x00000000000000000000000000000000000000c0")}
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{
		Shape: shape, Bytes: bytes, ChunkSize: chunk,
		ChannelID: protocol.ElementFromUint64(uint64(seed) + 77), Domain: domain,
		Client: client, ReceiptKey: rkey, Rand: newSeeded(seed + 100),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{shape: shape, client: client, rkey: rkey, domain: domain, session: sess}
}
