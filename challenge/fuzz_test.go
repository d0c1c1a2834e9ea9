package challenge

import (
	"bytes"
	"testing"

	"github.com/bwproof/bwproof/protocol"
)

// The ledger's and store's file decoders also get fuzzed: a damaged file
// must be refused, never crash the miner.
func FuzzChannelInfo(f *testing.F) {
	for _, m := range sampleMessages(f)[:1] {
		f.Add(m.(*Hello).Channel.Encode())
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ci, err := DecodeChannelInfo(data)
		if err != nil {
			return
		}
		if !bytes.Equal(ci.Encode(), data) {
			t.Fatal("channel info does not round-trip")
		}
	})
}

func FuzzStoreMeta(f *testing.F) {
	digests := [][32]byte{{1}, {2}, {3}}
	tree, err := protocol.BuildMerkleTree(10000, 4096, digests)
	if err != nil {
		f.Fatal(err)
	}
	id := tree.ID()
	f.Add(id[:], encodeMeta(10000, 4096, digests))
	f.Add(id[:], encodeMeta(0, 4096, [][32]byte{{}}))
	f.Add([]byte{}, []byte(metaMagic))
	f.Fuzz(func(t *testing.T, idb, data []byte) {
		var id protocol.ObjectID
		copy(id[:], idb)
		o, err := decodeMeta(id, data)
		if err != nil {
			return
		}
		tree, err := protocol.BuildMerkleTree(o.Size, o.ChunkSize, o.Digests)
		if err != nil || tree.ID() != id || !bytes.Equal(encodeMeta(o.Size, o.ChunkSize, o.Digests), data) {
			t.Fatal("meta accepted for the wrong object")
		}
	})
}
