package node

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// Settlement phases a journal records, in order.
const (
	PhaseIntent = "intent" // decided to settle nonce; nothing sent yet
	PhaseSent   = "sent"   // withdrawal transaction sent (TxHash)
	PhaseDone   = "done"   // settled on chain at or above the nonce
)

// JournalRecord is one line of the settler's journal.
type JournalRecord struct {
	Channel  protocol.Element `json:"channel"`
	Nonce    uint64           `json:"nonce"`
	Phase    string           `json:"phase"`
	Reason   string           `json:"reason,omitempty"`
	ClosesAt time.Time        `json:"closes_at,omitzero"`
	TxHash   common.Hash      `json:"tx,omitzero"`
	GasUsed  uint64           `json:"gas_used,omitempty"`
	GasWei   string           `json:"gas_wei,omitempty"`
	At       time.Time        `json:"at"`
}

// maxJournalLine bounds a journal line (the file is ours, but a torn or
// foreign file must not make us read without limit).
const maxJournalLine = 4 << 10

// journal is an append-only JSON-lines file, fsynced after every record,
// so a settlement's intent is on disk before anything is sent and a kill
// at any point leaves a prefix of whole records (a torn last line is
// ignored on replay).
type journal struct {
	mu     sync.Mutex
	f      *os.File
	latest map[protocol.Element]JournalRecord
}

func openJournal(dir string) (*journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrJournal, err)
	}
	path := filepath.Join(dir, "settler.journal")
	j := &journal{latest: map[protocol.Element]JournalRecord{}}
	if err := j.replay(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrJournal, err)
	}
	if d, err := os.Open(dir); err == nil { // the file's directory entry too
		d.Sync()
		d.Close()
	}
	j.f = f
	return j, nil
}

func (j *journal) replay(path string) error {
	return replayJournal(path, j.apply)
}

// replayJournal calls apply on every whole record of the journal at path.
func replayJournal(path string, apply func(JournalRecord)) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrJournal, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1024), maxJournalLine)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var r JournalRecord
		if err := json.Unmarshal(line, &r); err != nil {
			continue // a line torn by a crash
		}
		apply(r)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrJournal, path, err)
	}
	return nil
}

// apply keeps, per channel, the record of the highest nonce (latest phase).
func (j *journal) apply(r JournalRecord) {
	cur, ok := j.latest[r.Channel]
	if ok && (r.Nonce < cur.Nonce || (r.Nonce == cur.Nonce && phaseRank(r.Phase) < phaseRank(cur.Phase))) {
		return
	}
	if ok && r.ClosesAt.IsZero() {
		r.ClosesAt = cur.ClosesAt
	}
	j.latest[r.Channel] = r
}

func phaseRank(p string) int {
	switch p {
	case PhaseIntent:
		return 1
	case PhaseSent:
		return 2
	case PhaseDone:
		return 3
	}
	return 0
}

// record appends r and fsyncs before returning.
func (j *journal) record(r JournalRecord) error {
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrJournal, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("%w: %w", ErrJournal, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("%w: %w", ErrJournal, err)
	}
	j.apply(r)
	return nil
}

// get returns the channel's latest record.
func (j *journal) get(id protocol.Element) (JournalRecord, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.latest[id]
	return r, ok
}

// pending lists the channels whose latest record is not done.
func (j *journal) pending() []JournalRecord {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []JournalRecord
	for _, r := range j.latest {
		if r.Phase != PhaseDone {
			out = append(out, r)
		}
	}
	return out
}

func (j *journal) close() error { return j.f.Close() }

// ReadJournal returns, per channel, the latest record of the journal in
// a settler's state directory (for status and tests).
func ReadJournal(dir string) (map[protocol.Element]JournalRecord, error) {
	j := &journal{latest: map[protocol.Element]JournalRecord{}}
	if err := j.replay(filepath.Join(dir, "settler.journal")); err != nil {
		return nil, err
	}
	return j.latest, nil
}
