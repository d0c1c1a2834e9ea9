package challenge

import (
	"crypto/sha256"

	"github.com/bwproof/bwproof/protocol"
)

// Domain tags keep byte-level answers from being replayed across kinds.
var (
	byteProbeTag    = []byte("bwproof/probe/bytes/v1")
	latencyProbeTag = []byte("bwproof/probe/latency/v1")
)

// ByteAnswer is the byte-level possession answer: SHA-256 over a tag, the
// challenge and the chunk's bytes. Unlike the field-level answer (which only
// needs the chunk's digest, public in its header), it needs the bytes.
func ByteAnswer(challenge protocol.Element, data []byte) [32]byte {
	h := sha256.New()
	h.Write(byteProbeTag)
	h.Write(challenge[:])
	h.Write(data)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// LatencyAnswer is the answer to a latency probe.
func LatencyAnswer(challenge protocol.Element) [32]byte {
	h := sha256.New()
	h.Write(latencyProbeTag)
	h.Write(challenge[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// possessionAnswer computes both answers to a possession probe.
func possessionAnswer(challenge protocol.Element, leaf protocol.ChunkLeaf, data []byte) (protocol.Element, [32]byte, error) {
	f, err := protocol.ProbeAnswer(challenge, leaf)
	if err != nil {
		return f, [32]byte{}, err
	}
	return f, ByteAnswer(challenge, data), nil
}
