package challenge

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/bwproof/bwproof/protocol"
)

// PaymentRecord is the client's own record of its channels and of what it
// paid on each:
//
//	DIR/miners/<sha256(address) hex>   channel id used with the miner at address
//	DIR/channels/<channel hex>/info     the channel's terms
//	DIR/channels/<channel hex>/<nonce>.step  steps it signed (saved before they are sent),
//	                                         from the last acknowledged one on
//	DIR/channels/<channel hex>/acked    the latest nonce the miner acknowledged
//
// The latest step holds the cumulative bytes and amount of the latest
// voucher: that is what the client owes at most. Steps not yet
// acknowledged are kept so that they can be sent again to a miner that
// lost them.
type PaymentRecord struct {
	dir string
	mu  sync.Mutex
}

// OpenPaymentRecord opens (creating) a record directory.
func OpenPaymentRecord(dir string) (*PaymentRecord, error) {
	for _, d := range []string{"miners", "channels"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, fmt.Errorf("%w: record: %w", ErrStore, err)
		}
	}
	return &PaymentRecord{dir: dir}, nil
}

// Dir returns the record's directory.
func (r *PaymentRecord) Dir() string { return r.dir }

func (r *PaymentRecord) minerFile(addr string) string {
	h := sha256.Sum256([]byte(addr))
	return filepath.Join(r.dir, "miners", hex.EncodeToString(h[:16]))
}

// ChannelFor returns the channel the client uses with the miner at addr.
func (r *PaymentRecord) ChannelFor(addr string) (ChannelInfo, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, err := os.ReadFile(r.minerFile(addr))
	if errors.Is(err, os.ErrNotExist) {
		return ChannelInfo{}, false, nil
	}
	if err != nil {
		return ChannelInfo{}, false, fmt.Errorf("%w: %w", ErrStore, err)
	}
	id, err := hex.DecodeString(string(b))
	if err != nil || len(id) != 32 {
		return ChannelInfo{}, false, fmt.Errorf("%w: corrupt miner record for %s", ErrStore, addr)
	}
	return readChannelInfo(channelDir(r.dir, protocol.Element(id)))
}

// SaveChannel stores a channel's terms and binds it to the miner at addr.
func (r *PaymentRecord) SaveChannel(addr string, info ChannelInfo) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := writeChannelInfo(channelDir(r.dir, info.ID), &info); err != nil {
		return err
	}
	if err := writeFileAtomic(r.minerFile(addr), []byte(hex.EncodeToString(info.ID[:]))); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	return nil
}

// SaveStep stores a step the client signed, durably.
func (r *PaymentRecord) SaveStep(step *protocol.Step) error {
	dir := channelDir(r.dir, step.Voucher.ChannelID)
	if err := writeFileAtomic(filepath.Join(dir, stepName(step.Voucher.Nonce)), step.Encode()); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	return nil
}

// Steps returns the kept steps of a channel, oldest first: the last
// acknowledged one and every later one.
func (r *PaymentRecord) Steps(id protocol.Element) ([]protocol.Step, error) {
	dir := channelDir(r.dir, id)
	names, err := stepFiles(dir)
	if err != nil {
		return nil, err
	}
	out := make([]protocol.Step, 0, len(names))
	for _, n := range names {
		s, err := readStep(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, nil
}

// LatestStep returns the latest step the client signed on a channel, or nil.
func (r *PaymentRecord) LatestStep(id protocol.Element) (*protocol.Step, error) {
	dir := channelDir(r.dir, id)
	names, err := stepFiles(dir)
	if err != nil || len(names) == 0 {
		return nil, err
	}
	return readStep(filepath.Join(dir, names[len(names)-1]))
}

// SaveAck records the latest nonce the miner acknowledged.
func (r *PaymentRecord) SaveAck(id protocol.Element, nonce uint64) error {
	b := binary.BigEndian.AppendUint64(nil, nonce)
	dir := channelDir(r.dir, id)
	// Not synced: the acknowledged nonce only decides which kept steps can
	// go; losing it keeps a few more.
	if err := writeFileReplace(filepath.Join(dir, "acked"), b); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	// Steps before the acknowledged one can no longer be needed.
	names, err := stepFiles(dir)
	if err != nil {
		return err
	}
	for _, n := range names {
		if n >= stepName(nonce) {
			break
		}
		os.Remove(filepath.Join(dir, n))
	}
	return nil
}

// Acked returns the latest nonce the miner acknowledged (0: none).
func (r *PaymentRecord) Acked(id protocol.Element) (uint64, error) {
	b, err := os.ReadFile(filepath.Join(channelDir(r.dir, id), "acked"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrStore, err)
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: corrupt ack record", ErrStore)
	}
	return binary.BigEndian.Uint64(b), nil
}
