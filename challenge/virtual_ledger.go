package challenge

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bwproof/bwproof/protocol"
)

// A virtual session's files in the ledger, beside its terms and steps:
//
//	DIR/channels/<vcid hex>/virtual                 VirtualBinding encoding
//	DIR/channels/<vcid hex>/<nonce, 20 digits>.lane the lane voucher paid with that step
//
// The binding is written before the terms (a crash in between leaves a
// binding without terms: the lane stays bound to that vcid, which only
// refuses other sessions on it); a step's lane voucher before the step.

const (
	virtualFile = "virtual"
	laneExt     = ".lane"
)

func laneName(nonce uint64) string { return fmt.Sprintf("%020d%s", nonce, laneExt) }

// laneKey names one lane of a paying channel.
type laneKey struct {
	paying protocol.Element
	lane   uint32
}

// Virtual returns a virtual session's binding; ok is false for a direct
// or unknown channel.
func (l *Ledger) Virtual(id protocol.Element) (b VirtualBinding, ok bool, err error) {
	return readVirtual(channelDir(l.dir, id))
}

func readVirtual(dir string) (VirtualBinding, bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, virtualFile))
	if errors.Is(err, os.ErrNotExist) {
		return VirtualBinding{}, false, nil
	}
	if err != nil {
		return VirtualBinding{}, false, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if len(data) != virtualBindingSize {
		return VirtualBinding{}, false, fmt.Errorf("%w: virtual binding %s: %d bytes", ErrStore, dir, len(data))
	}
	b, err := DecodeVirtualBinding(data)
	if err != nil {
		return VirtualBinding{}, false, fmt.Errorf("%w: virtual binding %s: %w", ErrStore, dir, err)
	}
	return b, true, nil
}

// SaveVirtual stores a virtual session's binding (before its terms). A
// vcid keeps its first binding, and a paying lane serves one vcid.
func (l *Ledger) SaveVirtual(id protocol.Element, b VirtualBinding) error {
	if err := b.Check(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.loadLanesLocked(); err != nil {
		return err
	}
	k := laneKey{b.Paying, b.Lane}
	if other, ok := l.lanes[k]; ok && other != id {
		return fmt.Errorf("%w: lane %d of channel %s already pays virtual channel %s", ErrChannel, b.Lane, b.Paying, other)
	}
	dir := channelDir(l.dir, id)
	if old, ok, err := readVirtual(dir); err != nil {
		return err
	} else if ok {
		if !old.Equal(&b) {
			return fmt.Errorf("%w: virtual channel %s bound to another lane", ErrChannel, id)
		}
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	if err := writeFileAtomic(filepath.Join(dir, virtualFile), b.Encode()); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	l.lanes[k] = id
	return nil
}

// LaneHolder returns the virtual channel a paying lane is bound to.
func (l *Ledger) LaneHolder(paying protocol.Element, lane uint32) (protocol.Element, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.loadLanesLocked(); err != nil {
		return protocol.Element{}, false, err
	}
	id, ok := l.lanes[laneKey{paying, lane}]
	return id, ok, nil
}

// loadLanesLocked builds the lane index from the bindings on disk (l.mu held).
func (l *Ledger) loadLanesLocked() error {
	if l.lanes != nil {
		return nil
	}
	ids, err := l.Channels()
	if err != nil {
		return err
	}
	lanes := map[laneKey]protocol.Element{}
	for _, id := range ids {
		b, ok, err := readVirtual(channelDir(l.dir, id))
		if err != nil {
			return err
		}
		if ok {
			lanes[laneKey{b.Paying, b.Lane}] = id
		}
	}
	l.lanes = lanes
	return nil
}

// AppendLane stores an accepted step of a virtual session with the lane
// voucher that paid it, both synced before it returns (see Append).
func (l *Ledger) AppendLane(step *protocol.Step, lv *protocol.LaneVoucher) error {
	return l.append(step, func(dir string) error {
		if err := writeFileAtomic(filepath.Join(dir, laneName(step.Voucher.Nonce)), lv.Encode()); err != nil {
			return fmt.Errorf("%w: %w", ErrStore, err)
		}
		return nil
	})
}

// LaneVoucher returns the lane voucher stored with a virtual session's
// step (nil if there is none).
func (l *Ledger) LaneVoucher(id protocol.Element, nonce uint64) (*protocol.LaneVoucher, error) {
	path := filepath.Join(channelDir(l.dir, id), laneName(nonce))
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if len(b) != protocol.LaneVoucherSize {
		return nil, fmt.Errorf("%w: %s: %d bytes", ErrStore, path, len(b))
	}
	lv, err := protocol.DecodeLaneVoucher(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrStore, path, err)
	}
	return &lv, nil
}

// LatestLane returns the lane voucher of a virtual session's latest step
// (nil before its first).
func (l *Ledger) LatestLane(id protocol.Element) (*protocol.LaneVoucher, error) {
	st, err := l.Latest(id)
	if err != nil || st == nil {
		return nil, err
	}
	lv, err := l.LaneVoucher(id, st.Voucher.Nonce)
	if err == nil && lv == nil {
		err = fmt.Errorf("%w: virtual channel %s: step %d without its lane voucher", ErrStore, id, st.Voucher.Nonce)
	}
	return lv, err
}

// HeldLane is a virtual session the miner holds on a paying channel.
type HeldLane struct {
	Channel protocol.Element // the vcid
	Binding VirtualBinding
	Latest  *protocol.LaneVoucher // nil before its first step
}

// LanesOn lists the virtual sessions bound to lanes of paying channel
// paying (what the miner holds on it beside a lane it is judging).
func (l *Ledger) LanesOn(paying protocol.Element) ([]HeldLane, error) {
	l.mu.Lock()
	err := l.loadLanesLocked()
	var ids []protocol.Element
	for k, id := range l.lanes {
		if k.paying == paying {
			ids = append(ids, id)
		}
	}
	l.mu.Unlock()
	if err != nil {
		return nil, err
	}
	var out []HeldLane
	for _, id := range ids {
		b, ok, err := l.Virtual(id)
		if err != nil || !ok {
			return nil, fmt.Errorf("%w: virtual channel %s: binding lost", ErrStore, id)
		}
		h := HeldLane{Channel: id, Binding: b}
		if _, known, err := l.Channel(id); err != nil {
			return nil, err
		} else if known {
			if h.Latest, err = l.LatestLane(id); err != nil {
				return nil, err
			}
		}
		out = append(out, h)
	}
	return out, nil
}
