package challenge

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/bwproof/bwproof/protocol"
)

// Ledger is the miner's durable hand-off to attest: per channel, the
// channel's terms and every step the miner accepted, one file per step:
//
//	DIR/channels/<channel hex>/info                 ChannelInfo encoding
//	DIR/channels/<channel hex>/<nonce, 20 digits>.step  protocol.Step encoding
//
// Files are written atomically (temp file, fsync, rename, fsync dir), so a
// step is on disk before Append returns and a crash never leaves a torn
// one. Ledger is safe for concurrent use.
type Ledger struct {
	dir    string
	mu     sync.Mutex
	latest map[protocol.Element]*protocol.Step // cache of each channel's latest step
	lanes  map[laneKey]protocol.Element        // virtual sessions by paying lane; nil until first needed
}

// OpenLedger opens (creating) a ledger directory.
func OpenLedger(dir string) (*Ledger, error) {
	if err := os.MkdirAll(filepath.Join(dir, "channels"), 0o755); err != nil {
		return nil, fmt.Errorf("%w: ledger: %w", ErrStore, err)
	}
	return &Ledger{dir: dir, latest: map[protocol.Element]*protocol.Step{}}, nil
}

// Dir returns the ledger's directory.
func (l *Ledger) Dir() string { return l.dir }

func channelDir(root string, id protocol.Element) string {
	return filepath.Join(root, "channels", hex.EncodeToString(id[:]))
}

const stepExt = ".step"

func stepName(nonce uint64) string { return fmt.Sprintf("%020d%s", nonce, stepExt) }

// Channel returns a channel's stored terms; ok is false for an unknown channel.
func (l *Ledger) Channel(id protocol.Element) (info ChannelInfo, ok bool, err error) {
	return readChannelInfo(channelDir(l.dir, id))
}

func readChannelInfo(dir string) (ChannelInfo, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, "info"))
	if errors.Is(err, os.ErrNotExist) {
		return ChannelInfo{}, false, nil
	}
	if err != nil {
		return ChannelInfo{}, false, fmt.Errorf("%w: %w", ErrStore, err)
	}
	ci, err := DecodeChannelInfo(b)
	if err != nil {
		return ChannelInfo{}, false, fmt.Errorf("%w: channel info %s: %w", ErrStore, dir, err)
	}
	return ci, true, nil
}

func writeChannelInfo(dir string, info *ChannelInfo) error {
	if err := info.Check(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	if err := writeFileAtomic(filepath.Join(dir, "info"), info.Encode()); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	return nil
}

// SaveChannel stores a channel's terms (before its first step).
func (l *Ledger) SaveChannel(info ChannelInfo) error {
	return writeChannelInfo(channelDir(l.dir, info.ID), &info)
}

// Append stores an accepted step durably. The step must advance on the
// channel's latest (protocol.CheckAdvance: a higher nonce, no fewer bytes,
// no smaller amount); it is synced to disk before Append returns.
func (l *Ledger) Append(step *protocol.Step) error { return l.append(step, nil) }

// append is Append with before run (under the lock, once the step is
// known to advance) ahead of the step's own file.
func (l *Ledger) append(step *protocol.Step, before func(dir string) error) error {
	id := step.Voucher.ChannelID
	l.mu.Lock()
	defer l.mu.Unlock()
	last, err := l.latestLocked(id)
	if err != nil {
		return err
	}
	if last != nil {
		// The one voucher check's ordering rule: a replayed or older step
		// is protocol.ErrStaleNonce here as everywhere.
		if err := protocol.CheckAdvance(protocol.StateOf(last), protocol.StateOf(step)); err != nil {
			return fmt.Errorf("%w: %w", ErrPayment, err)
		}
	}
	dir := channelDir(l.dir, id)
	if _, err := os.Stat(filepath.Join(dir, "info")); err != nil {
		return fmt.Errorf("%w: step for unknown channel %s", ErrStore, id)
	}
	if before != nil {
		if err := before(dir); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(filepath.Join(dir, stepName(step.Voucher.Nonce)), step.Encode()); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	cp := *step
	l.latest[id] = &cp
	return nil
}

// Latest returns the channel's latest step, or nil if it has none.
func (l *Ledger) Latest(id protocol.Element) (*protocol.Step, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, err := l.latestLocked(id)
	if s == nil || err != nil {
		return nil, err
	}
	cp := *s
	return &cp, nil
}

func (l *Ledger) latestLocked(id protocol.Element) (*protocol.Step, error) {
	if s, ok := l.latest[id]; ok {
		return s, nil
	}
	names, err := stepFiles(channelDir(l.dir, id))
	if err != nil || len(names) == 0 {
		return nil, err
	}
	s, err := readStep(filepath.Join(channelDir(l.dir, id), names[len(names)-1]))
	if err != nil {
		return nil, err
	}
	l.latest[id] = s
	return s, nil
}

// stepFiles lists a channel's step files, oldest nonce first.
func stepFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if !strings.HasSuffix(n, stepExt) {
			continue
		}
		if _, err := strconv.ParseUint(strings.TrimSuffix(n, stepExt), 10, 64); err != nil {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names) // zero-padded: lexical order is nonce order
	return names, nil
}

func readStep(path string) (*protocol.Step, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	s, err := protocol.DecodeStep(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrStore, path, err)
	}
	return &s, nil
}

// Session loads a channel's steps, oldest first, as the protocol.Session
// attest proves from (attest.Prove takes its Latest step). It checks the
// session: every step verifies and continues the previous one.
func (l *Ledger) Session(id protocol.Element) (*protocol.Session, error) {
	info, ok, err := l.Channel(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: unknown channel %s", ErrChannel, id)
	}
	dir := channelDir(l.dir, id)
	names, err := stepFiles(dir)
	if err != nil {
		return nil, err
	}
	sess := &protocol.Session{Shape: info.Shape}
	for _, n := range names {
		s, err := readStep(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		sess.Steps = append(sess.Steps, *s)
	}
	if err := sess.Check(); err != nil {
		return nil, fmt.Errorf("%w: channel %s: %w", ErrStore, id, err)
	}
	return sess, nil
}

// Channels lists the channels the ledger knows.
func (l *Ledger) Channels() ([]protocol.Element, error) {
	ents, err := os.ReadDir(filepath.Join(l.dir, "channels"))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	var ids []protocol.Element
	for _, e := range ents {
		b, err := hex.DecodeString(e.Name())
		if err != nil || len(b) != 32 {
			continue
		}
		ids = append(ids, protocol.Element(b))
	}
	return ids, nil
}
