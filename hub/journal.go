package hub

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync"
)

// MaxRecordSize bounds one journal record (a route record is about 1 KiB).
const MaxRecordSize = 64 << 10

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrJournal: the journal failed to write or sync; it refuses every later
// append (the hub's memory may be ahead of the disk).
var ErrJournal = errors.New("hub: journal failed")

// Journal is an append-only file of records with group commit: Append
// returns once its record is on disk (fsynced), and all records appended
// while one fsync runs share the next. Each record is framed as
// length(4) ‖ crc32c(4) ‖ payload; a torn tail (a crash mid-write) is cut
// off when the journal is opened.
type Journal struct {
	f *os.File

	mu sync.Mutex
	// work wakes the writer (a record is pending, or close); durable
	// wakes the appenders once a batch is on disk. Two conditions, so an
	// Append wakes only the writer, not every appender waiting for its
	// fsync (with many concurrent routes that herd cost CPU).
	work       *sync.Cond
	durable    *sync.Cond
	pending    []byte
	pendingGen uint64 // batch the next Append joins
	durableGen uint64 // last batch on disk
	err        error  // sticky
	closed     bool
	done       chan struct{}
	syncs      uint64 // fsyncs done (for the benchmark's report)
}

// OpenJournal opens (or creates) the journal at path, calls replay with
// every intact record in order, cuts off a torn tail, and starts the
// writer. replay's error stops the open.
func OpenJournal(path string, replay func(rec []byte) error) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	good, err := readRecords(f, replay)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal: cut torn tail: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{f: f, pendingGen: 1, done: make(chan struct{})}
	j.work, j.durable = sync.NewCond(&j.mu), sync.NewCond(&j.mu)
	go j.writer()
	return j, nil
}

// readRecords replays the intact prefix and returns its length.
func readRecords(f *os.File, replay func([]byte) error) (int64, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return 0, fmt.Errorf("read journal: %w", err)
	}
	off := 0
	for len(data)-off >= 8 {
		n := int(binary.BigEndian.Uint32(data[off:]))
		sum := binary.BigEndian.Uint32(data[off+4:])
		if n > MaxRecordSize || len(data)-off-8 < n {
			break
		}
		rec := data[off+8 : off+8+n]
		if crc32.Checksum(rec, crcTable) != sum {
			break
		}
		if err := replay(rec); err != nil {
			return 0, fmt.Errorf("journal record at %d: %w", off, err)
		}
		off += 8 + n
	}
	return int64(off), nil
}

// Append writes rec and returns once it is durable.
func (j *Journal) Append(rec []byte) error {
	if len(rec) > MaxRecordSize {
		return fmt.Errorf("%w: record of %d bytes", ErrJournal, len(rec))
	}
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(rec)))
	binary.BigEndian.PutUint32(hdr[4:], crc32.Checksum(rec, crcTable))
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return ErrClosed
	}
	if j.err != nil {
		return j.err
	}
	j.pending = append(append(j.pending, hdr[:]...), rec...)
	gen := j.pendingGen
	j.work.Signal()
	for j.durableGen < gen && j.err == nil {
		j.durable.Wait()
	}
	if j.durableGen < gen {
		return j.err
	}
	return nil
}

// writer writes and fsyncs whatever accumulated, one batch at a time.
func (j *Journal) writer() {
	defer close(j.done)
	var buf []byte
	j.mu.Lock()
	for {
		for len(j.pending) == 0 && !j.closed {
			j.work.Wait()
		}
		if len(j.pending) == 0 {
			j.mu.Unlock()
			return
		}
		buf, j.pending = j.pending, buf[:0]
		gen := j.pendingGen
		j.pendingGen++
		j.mu.Unlock()
		_, err := j.f.Write(buf)
		if err == nil {
			err = j.f.Sync()
		}
		j.mu.Lock()
		if err != nil {
			j.err = fmt.Errorf("%w: %w", ErrJournal, err)
		} else {
			j.durableGen = gen
			j.syncs++
		}
		j.durable.Broadcast()
		if err != nil {
			j.mu.Unlock()
			return
		}
	}
}

// Syncs returns how many fsyncs the journal did.
func (j *Journal) Syncs() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.syncs
}

// Close waits for pending records to be written and closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	j.work.Signal()
	j.durable.Broadcast()
	j.mu.Unlock()
	<-j.done
	return j.f.Close()
}
