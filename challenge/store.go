package challenge

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/bwproof/bwproof/protocol"
)

// DefaultChunkSize is the chunk size objects are cut into unless told
// otherwise.
const DefaultChunkSize = 64 << 10

// Store is a directory of content-addressed objects:
//
//	DIR/objects/<id hex>.data  the object's bytes
//	DIR/objects/<id hex>.meta  size, chunk size and the chunk digests
//
// The meta file is written last (atomically), so an object exists exactly
// when its meta does. Opened objects are cached; Store is safe for
// concurrent use.
type Store struct {
	dir string
	mu  sync.Mutex
	obj map[protocol.ObjectID]*Object
}

// OpenStore opens (creating) a store directory.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "objects"), 0o755); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	return &Store{dir: dir, obj: map[protocol.ObjectID]*Object{}}, nil
}

// Dir returns the store's directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) path(id protocol.ObjectID, ext string) string {
	return filepath.Join(s.dir, "objects", hex.EncodeToString(id[:])+ext)
}

// Object is one stored object, open for reading chunks.
type Object struct {
	ID        protocol.ObjectID
	Size      uint64
	ChunkSize uint32
	Digests   [][32]byte
	tree      *protocol.MerkleTree
	f         *os.File
}

// Chunks is the number of chunks.
func (o *Object) Chunks() uint64 { return uint64(len(o.Digests)) }

// ChunkLen is the length of chunk i.
func (o *Object) ChunkLen(i uint64) uint32 { return chunkLen(o.Size, o.ChunkSize, i) }

func chunkLen(size uint64, chunkSize uint32, i uint64) uint32 {
	off := i * uint64(chunkSize)
	if off >= size {
		return 0
	}
	return uint32(min(uint64(chunkSize), size-off))
}

// Leaf is chunk i's window leaf.
func (o *Object) Leaf(i uint64) protocol.ChunkLeaf {
	return protocol.ChunkLeaf{Length: o.ChunkLen(i), Digest: o.Digests[i]}
}

// Path is chunk i's Merkle path.
func (o *Object) Path(i uint64) ([][32]byte, error) { return o.tree.Path(i) }

// ReadChunk reads chunk i into dst (which must hold ChunkSize bytes) and
// returns the filled part.
func (o *Object) ReadChunk(i uint64, dst []byte) ([]byte, error) {
	if i >= o.Chunks() {
		return nil, fmt.Errorf("%w: chunk %d of %d", ErrUnknownObject, i, o.Chunks())
	}
	n := int(o.ChunkLen(i))
	if len(dst) < n {
		dst = make([]byte, n)
	}
	if _, err := o.f.ReadAt(dst[:n], int64(i)*int64(o.ChunkSize)); err != nil {
		return nil, fmt.Errorf("%w: read chunk %d: %w", ErrStore, i, err)
	}
	return dst[:n], nil
}

// Add imports r as an object cut into chunkSize chunks (0: the default)
// and returns its id. Adding an object twice is harmless.
func (s *Store) Add(r io.Reader, chunkSize uint32) (protocol.ObjectID, error) {
	if chunkSize == 0 {
		chunkSize = DefaultChunkSize
	}
	if chunkSize > protocol.MaxChunkSize {
		return protocol.ObjectID{}, fmt.Errorf("%w: chunk size %d above %d", ErrConfig, chunkSize, protocol.MaxChunkSize)
	}
	tmp, err := os.CreateTemp(filepath.Join(s.dir, "objects"), ".add-*")
	if err != nil {
		return protocol.ObjectID{}, fmt.Errorf("%w: %w", ErrStore, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	defer tmp.Close()
	var digests [][32]byte
	var size uint64
	w := bufio.NewWriterSize(tmp, 1<<20)
	chunk := make([]byte, chunkSize)
	for {
		n, err := io.ReadFull(r, chunk)
		if n > 0 {
			digests = append(digests, sha256.Sum256(chunk[:n]))
			size += uint64(n)
			if _, werr := w.Write(chunk[:n]); werr != nil {
				return protocol.ObjectID{}, fmt.Errorf("%w: %w", ErrStore, werr)
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return protocol.ObjectID{}, fmt.Errorf("add: read: %w", err)
		}
	}
	if len(digests) == 0 { // the empty object is one empty chunk
		digests = append(digests, sha256.Sum256(nil))
	}
	tree, err := protocol.BuildMerkleTree(size, chunkSize, digests)
	if err != nil {
		return protocol.ObjectID{}, fmt.Errorf("%w: %w", ErrStore, err)
	}
	id := tree.ID()
	if err := w.Flush(); err != nil {
		return id, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if err := tmp.Sync(); err != nil {
		return id, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if _, err := os.Stat(s.path(id, ".meta")); err == nil {
		return id, nil
	}
	if err := os.Rename(tmp.Name(), s.path(id, ".data")); err != nil {
		return id, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if err := writeFileAtomic(s.path(id, ".meta"), encodeMeta(size, chunkSize, digests)); err != nil {
		return id, fmt.Errorf("%w: %w", ErrStore, err)
	}
	return id, nil
}

// AddFile imports the file at path.
func (s *Store) AddFile(path string, chunkSize uint32) (protocol.ObjectID, error) {
	f, err := os.Open(path)
	if err != nil {
		return protocol.ObjectID{}, fmt.Errorf("add: %w", err)
	}
	defer f.Close()
	return s.Add(f, chunkSize)
}

const metaMagic = "bwobj\x01"

func encodeMeta(size uint64, chunkSize uint32, digests [][32]byte) []byte {
	b := make([]byte, 0, len(metaMagic)+20+32*len(digests))
	b = append(b, metaMagic...)
	b = binary.BigEndian.AppendUint64(b, size)
	b = binary.BigEndian.AppendUint32(b, chunkSize)
	b = binary.BigEndian.AppendUint64(b, uint64(len(digests)))
	for _, d := range digests {
		b = append(b, d[:]...)
	}
	return b
}

// Open returns the object with id, or ErrUnknownObject.
func (s *Store) Open(id protocol.ObjectID) (*Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.obj[id]; ok {
		return o, nil
	}
	meta, err := os.ReadFile(s.path(id, ".meta"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %x", ErrUnknownObject, id[:])
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	o, err := decodeMeta(id, meta)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(s.path(id, ".data"))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if st, err := f.Stat(); err != nil || uint64(st.Size()) != o.Size {
		f.Close()
		return nil, fmt.Errorf("%w: object %x: data file does not match its size", ErrStore, id[:8])
	}
	o.f = f
	s.obj[id] = o
	return o, nil
}

func decodeMeta(id protocol.ObjectID, meta []byte) (*Object, error) {
	bad := fmt.Errorf("%w: object %x: corrupt meta file", ErrStore, id[:8])
	if len(meta) < len(metaMagic)+20 || string(meta[:len(metaMagic)]) != metaMagic {
		return nil, bad
	}
	p := meta[len(metaMagic):]
	size := binary.BigEndian.Uint64(p)
	chunkSize := binary.BigEndian.Uint32(p[8:])
	n := binary.BigEndian.Uint64(p[12:])
	p = p[20:]
	if chunkSize == 0 || chunkSize > protocol.MaxChunkSize || n != protocol.ChunkCount(size, chunkSize) || uint64(len(p)) != 32*n {
		return nil, bad
	}
	digests := make([][32]byte, n)
	for i := range digests {
		copy(digests[i][:], p[32*i:])
	}
	tree, err := protocol.BuildMerkleTree(size, chunkSize, digests)
	if err != nil || tree.ID() != id {
		return nil, bad
	}
	return &Object{ID: id, Size: size, ChunkSize: chunkSize, Digests: digests, tree: tree}, nil
}

// Close closes the open object files.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for id, o := range s.obj {
		errs = append(errs, o.f.Close())
		delete(s.obj, id)
	}
	return errors.Join(errs...)
}

// writeFileAtomic writes data to path via a synced temp file and a rename,
// then syncs the directory, so a crash leaves either the old or the new file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// writeFileReplace is writeFileAtomic without the syncs: the file is
// replaced whole, but may be lost in a crash.
func writeFileReplace(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
