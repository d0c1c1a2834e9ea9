package protocol

import (
	"crypto/sha256"
	"fmt"
)

// Content addressing. An object is cut into chunks of ChunkSize bytes (the
// last may be shorter). Leaf i is SHA-256(0x00 || digest_i) where digest_i is
// the SHA-256 of chunk i; an inner node is SHA-256(0x01 || left || right);
// a level with an odd count promotes its last node unchanged. The object id
// binds the root to the object's size and chunk size, so a path alone fixes
// where a chunk sits.

// ObjectID names an object by content.
type ObjectID [32]byte

// MaxMerkleDepth bounds paths (2^40 chunks).
const MaxMerkleDepth = 40

func merkleLeaf(digest [32]byte) [32]byte {
	return sha256.Sum256(append([]byte{0}, digest[:]...))
}

func merkleNode(l, r [32]byte) [32]byte {
	b := make([]byte, 65)
	b[0] = 1
	copy(b[1:], l[:])
	copy(b[33:], r[:])
	return sha256.Sum256(b)
}

func objectIDOf(size uint64, chunkSize uint32, root [32]byte) ObjectID {
	b := make([]byte, 1+8+4+32)
	b[0] = 2
	for i := 0; i < 8; i++ {
		b[1+i] = byte(size >> (56 - 8*i))
	}
	for i := 0; i < 4; i++ {
		b[9+i] = byte(chunkSize >> (24 - 8*i))
	}
	copy(b[13:], root[:])
	return ObjectID(sha256.Sum256(b))
}

// ChunkCount is the number of chunks of an object.
func ChunkCount(size uint64, chunkSize uint32) uint64 {
	if chunkSize == 0 {
		return 0
	}
	return max(1, (size+uint64(chunkSize)-1)/uint64(chunkSize))
}

// MerkleTree holds every level of an object's tree.
type MerkleTree struct {
	Size      uint64
	ChunkSize uint32
	levels    [][][32]byte
}

// BuildMerkleTree builds the tree over the chunk digests of an object.
func BuildMerkleTree(size uint64, chunkSize uint32, digests [][32]byte) (*MerkleTree, error) {
	if chunkSize == 0 || chunkSize > MaxChunkSize {
		return nil, fmt.Errorf("%w: chunk size %d", ErrChunkTooLarge, chunkSize)
	}
	if uint64(len(digests)) != ChunkCount(size, chunkSize) {
		return nil, fmt.Errorf("%w: %d digests for %d chunks", ErrEncoding, len(digests), ChunkCount(size, chunkSize))
	}
	level := make([][32]byte, len(digests))
	for i, d := range digests {
		level[i] = merkleLeaf(d)
	}
	t := &MerkleTree{Size: size, ChunkSize: chunkSize, levels: [][][32]byte{level}}
	for len(level) > 1 {
		next := make([][32]byte, (len(level)+1)/2)
		for i := range next {
			if 2*i+1 < len(level) {
				next[i] = merkleNode(level[2*i], level[2*i+1])
			} else {
				next[i] = level[2*i]
			}
		}
		t.levels = append(t.levels, next)
		level = next
	}
	return t, nil
}

// ID returns the object id.
func (t *MerkleTree) ID() ObjectID {
	return objectIDOf(t.Size, t.ChunkSize, t.levels[len(t.levels)-1][0])
}

// Path returns the sibling hashes from chunk i's leaf to the root
// (promoted levels contribute no sibling).
func (t *MerkleTree) Path(i uint64) ([][32]byte, error) {
	if i >= uint64(len(t.levels[0])) {
		return nil, fmt.Errorf("%w: chunk %d of %d", ErrEncoding, i, len(t.levels[0]))
	}
	var path [][32]byte
	for _, level := range t.levels[:len(t.levels)-1] {
		sib := i ^ 1
		if sib < uint64(len(level)) {
			path = append(path, level[sib])
		}
		i /= 2
	}
	return path, nil
}

// VerifyMerklePath reports whether digest is chunk index of the object id
// names, of the given size and chunk size.
func VerifyMerklePath(id ObjectID, size uint64, chunkSize uint32, index uint64, digest [32]byte, path [][32]byte) bool {
	n := ChunkCount(size, chunkSize)
	if n == 0 || index >= n || len(path) > MaxMerkleDepth {
		return false
	}
	h := merkleLeaf(digest)
	used := 0
	for width := n; width > 1; width = (width + 1) / 2 {
		sib := index ^ 1
		if sib < width {
			if used >= len(path) {
				return false
			}
			if index&1 == 0 {
				h = merkleNode(h, path[used])
			} else {
				h = merkleNode(path[used], h)
			}
			used++
		}
		index /= 2
	}
	return used == len(path) && objectIDOf(size, chunkSize, h) == id
}
