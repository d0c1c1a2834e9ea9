package hub

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"

	"github.com/bwproof/bwproof/protocol"
)

// AnnouncedChannel is one outbound channel of a hub as it announces it.
type AnnouncedChannel struct {
	ID              protocol.Element
	Peer            common.Address // the channel's miner on chain: the next hop
	PricePerByte    *big.Int
	ChallengePeriod time.Duration // whole seconds
	Free            *big.Int      // deposit not withdrawn nor reserved
}

// HubAnnouncement is a hub's signed statement of its fees and outbound
// channels. Seq increases with every announcement of the hub; IssuedAt
// bounds how long it is believed.
type HubAnnouncement struct {
	Hub         common.Address
	Fee         Fee
	ExpiryDelta time.Duration // whole seconds
	Seq         uint64
	IssuedAt    time.Time // whole seconds
	Channels    []AnnouncedChannel
	Signature   [65]byte
}

func (a *HubAnnouncement) encode(withSig bool) []byte {
	e := protocol.NewEncoder(KindAnnouncement)
	e.Fixed(a.Hub[:])
	e.Uint256(a.Fee.Base)
	e.U32(a.Fee.PPM)
	e.U32(uint32(a.ExpiryDelta / time.Second))
	e.U64(a.Seq)
	e.U64(uint64(a.IssuedAt.Unix()))
	e.U32(uint32(len(a.Channels)))
	for _, c := range a.Channels {
		e.Fixed(c.ID[:])
		e.Fixed(c.Peer[:])
		e.Uint256(c.PricePerByte)
		e.U64(uint64(c.ChallengePeriod / time.Second))
		e.Uint256(c.Free)
	}
	if withSig {
		e.Fixed(a.Signature[:])
	}
	return e.Bytes()
}

// Encode returns the canonical encoding.
func (a *HubAnnouncement) Encode() []byte { return a.encode(true) }

// Digest is what the hub signs (secp256k1, in the chain domain).
func (a *HubAnnouncement) Digest(d protocol.ChainDomain) common.Hash {
	return signedDigest(d, a.encode(false))
}

// Sign signs with the hub's key.
func (a *HubAnnouncement) Sign(d protocol.ChainDomain, key *ecdsa.PrivateKey) error {
	sig, err := protocol.SignHash(a.Digest(d), key)
	if err != nil {
		return fmt.Errorf("announcement: %w", err)
	}
	a.Signature = sig
	return nil
}

// DecodeAnnouncement decodes an announcement (size checked first; it does
// not check the signature).
func DecodeAnnouncement(data []byte) (HubAnnouncement, error) {
	var a HubAnnouncement
	d, err := protocol.NewDecoder(data, KindAnnouncement, MaxAnnouncementSize)
	if err != nil {
		return a, err
	}
	d.Fixed(a.Hub[:], "announcement hub")
	a.Fee.Base = d.Uint256("announcement fee base")
	a.Fee.PPM = d.U32("announcement fee ppm")
	a.ExpiryDelta = time.Duration(d.U32("announcement expiry delta")) * time.Second
	a.Seq = d.U64("announcement sequence")
	issued := d.U64("announcement issued at")
	n := d.Count(MaxAnnouncedChannels, "announcement channels")
	if d.Err() == nil {
		a.Channels = make([]AnnouncedChannel, n)
	}
	for i := range a.Channels {
		c := &a.Channels[i]
		c.ID = d.Element("announced channel id")
		d.Fixed(c.Peer[:], "announced channel peer")
		c.PricePerByte = d.Uint256("announced channel price")
		period := d.U64("announced challenge period")
		if d.Err() == nil && period > 1<<32 {
			d.Fail(fmt.Errorf("%w: challenge period %d s", protocol.ErrEncoding, period))
		}
		c.ChallengePeriod = time.Duration(period) * time.Second
		c.Free = d.Uint256("announced free capacity")
	}
	d.Fixed(a.Signature[:], "announcement signature")
	if err := d.Finish(); err != nil {
		return a, err
	}
	if issued > 1<<40 {
		return a, fmt.Errorf("%w: issued at %d", protocol.ErrEncoding, issued)
	}
	a.IssuedAt = time.Unix(int64(issued), 0).UTC()
	return a, nil
}

// Why an announcement is refused (AnnouncementError.Reason).
var (
	ErrAnnounceSignature = errors.New("hub: announcement not signed by its hub")
	ErrAnnounceStale     = errors.New("hub: announcement sequence not above the last accepted")
	ErrAnnounceExpired   = errors.New("hub: announcement too old or from the future")
	ErrAnnounceChannel   = errors.New("hub: announced channel contradicts the chain")
	ErrAnnounceCapacity  = errors.New("hub: announced capacity above the channel's remaining deposit")
)

// AnnouncementError is a refused announcement: Reason is one of the
// ErrAnnounce* (or protocol.ErrEncoding/ErrTooLarge for a bad encoding),
// Channel the channel at fault when one is.
type AnnouncementError struct {
	Hub     common.Address
	Seq     uint64
	Channel protocol.Element
	Reason  error
	Detail  string
	Err     error
}

func (e *AnnouncementError) Error() string {
	s := fmt.Sprintf("announcement of %s (seq %d): %v", e.Hub.Hex(), e.Seq, e.Reason)
	if e.Channel != (protocol.Element{}) {
		s += fmt.Sprintf(" (channel %s)", e.Channel)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes the reason and the cause.
func (e *AnnouncementError) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Reason, e.Err}
	}
	return []error{e.Reason}
}

// DirectoryOptions configures a Directory.
type DirectoryOptions struct {
	Chain  Chain                // required: every channel is checked on it
	Domain protocol.ChainDomain // required: announcements are signed in it
	// MaxAge is how long an announcement is believed (default 2 min);
	// MaxSkew how far in the future IssuedAt may be (default 30 s).
	MaxAge  time.Duration
	MaxSkew time.Duration
	// ChainTimeout bounds the chain reads of one announcement (default 5 s).
	ChainTimeout time.Duration
	Now          func() time.Time
	Log          *slog.Logger
}

// Directory holds the latest checked announcement of every hub. Safe for
// concurrent use.
type Directory struct {
	opts DirectoryOptions

	mu   sync.Mutex
	hubs map[common.Address]*HubAnnouncement
	seqs map[common.Address]uint64 // highest sequence seen with a good signature
	sub  *nats.Subscription
}

// NewDirectory checks opts.
func NewDirectory(opts DirectoryOptions) (*Directory, error) {
	if opts.Chain == nil || opts.Domain.ChainID == nil {
		return nil, fmt.Errorf("%w: directory needs a chain and a domain", ErrConfig)
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = 2 * time.Minute
	}
	if opts.MaxSkew <= 0 {
		opts.MaxSkew = 30 * time.Second
	}
	if opts.ChainTimeout <= 0 {
		opts.ChainTimeout = 5 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Directory{opts: opts, hubs: map[common.Address]*HubAnnouncement{}, seqs: map[common.Address]uint64{}}, nil
}

// Subscribe listens on AnnounceSubject until Close.
func (d *Directory) Subscribe(nc *nats.Conn) error {
	sub, err := nc.Subscribe(AnnounceSubject, func(m *nats.Msg) {
		ctx, cancel := context.WithTimeout(context.Background(), d.opts.ChainTimeout)
		defer cancel()
		if _, err := d.Accept(ctx, m.Data); err != nil {
			d.opts.Log.Info("announcement refused", "err", err)
		}
	})
	if err != nil {
		return fmt.Errorf("subscribe %s: %w", AnnounceSubject, err)
	}
	d.mu.Lock()
	d.sub = sub
	d.mu.Unlock()
	return nil
}

// Close stops the subscription.
func (d *Directory) Close() error {
	d.mu.Lock()
	sub := d.sub
	d.sub = nil
	d.mu.Unlock()
	if sub != nil {
		return sub.Unsubscribe()
	}
	return nil
}

// Accept checks an encoded announcement and keeps it: decoded within its
// size limit, signed by its hub, fresh (IssuedAt within MaxAge, not
// beyond MaxSkew ahead), a sequence above the hub's last, and every
// channel on chain open with client = the hub, miner = the announced
// peer, the announced price and challenge period, and capacity <= the
// remaining deposit. Any failure refuses the whole announcement with an
// *AnnouncementError.
func (d *Directory) Accept(ctx context.Context, data []byte) (*HubAnnouncement, error) {
	a, err := DecodeAnnouncement(data)
	if err != nil {
		return nil, &AnnouncementError{Reason: err, Detail: "decode"}
	}
	refuse := func(reason error, ch protocol.Element, err error, format string, args ...any) (*HubAnnouncement, error) {
		return nil, &AnnouncementError{Hub: a.Hub, Seq: a.Seq, Channel: ch, Reason: reason, Detail: fmt.Sprintf(format, args...), Err: err}
	}
	signer, err := protocol.RecoverSigner(a.Digest(d.opts.Domain), a.Signature)
	if err != nil {
		return refuse(ErrAnnounceSignature, protocol.Element{}, err, "")
	}
	if signer != a.Hub {
		return refuse(ErrAnnounceSignature, protocol.Element{}, nil, "signed by %s", signer.Hex())
	}
	now := d.opts.Now()
	if a.IssuedAt.Before(now.Add(-d.opts.MaxAge)) || a.IssuedAt.After(now.Add(d.opts.MaxSkew)) {
		return refuse(ErrAnnounceExpired, protocol.Element{}, nil, "issued %s, now %s", a.IssuedAt.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	d.mu.Lock()
	last, seen := d.seqs[a.Hub]
	d.mu.Unlock()
	if seen && a.Seq <= last {
		return refuse(ErrAnnounceStale, protocol.Element{}, nil, "seq %d, last accepted %d", a.Seq, last)
	}
	for _, c := range a.Channels {
		ch, err := d.opts.Chain.Channel(ctx, c.ID)
		if err != nil {
			return refuse(ErrAnnounceChannel, c.ID, err, "read")
		}
		switch {
		case ch.State != protocol.ChainOpen:
			return refuse(ErrAnnounceChannel, c.ID, nil, "channel is %s", ch.State)
		case ch.Client != a.Hub:
			return refuse(ErrAnnounceChannel, c.ID, nil, "client on chain is %s, not the hub", ch.Client.Hex())
		case ch.Miner != c.Peer:
			return refuse(ErrAnnounceChannel, c.ID, nil, "peer on chain is %s, announced %s", ch.Miner.Hex(), c.Peer.Hex())
		case orZero(ch.PricePerByte).Cmp(orZero(c.PricePerByte)) != 0:
			return refuse(ErrAnnounceChannel, c.ID, nil, "price on chain %s, announced %s", ch.PricePerByte, c.PricePerByte)
		case ch.ChallengePeriod != c.ChallengePeriod:
			return refuse(ErrAnnounceChannel, c.ID, nil, "challenge period on chain %s, announced %s", ch.ChallengePeriod, c.ChallengePeriod)
		case orZero(c.Free).Cmp(ch.Remaining()) > 0:
			return refuse(ErrAnnounceCapacity, c.ID, nil, "announced %s wei, remaining on chain %s", c.Free, ch.Remaining())
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if last, seen := d.seqs[a.Hub]; seen && a.Seq <= last {
		// Another one was accepted while the chain was read.
		return nil, &AnnouncementError{Hub: a.Hub, Seq: a.Seq, Reason: ErrAnnounceStale, Detail: fmt.Sprintf("seq %d, last accepted %d", a.Seq, last)}
	}
	d.seqs[a.Hub] = a.Seq
	d.hubs[a.Hub] = &a
	return &a, nil
}

// Hub returns a hub's latest accepted announcement that is still fresh.
func (d *Directory) Hub(h common.Address) (*HubAnnouncement, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.hubs[h]
	if !ok || a.IssuedAt.Before(d.opts.Now().Add(-d.opts.MaxAge)) {
		return nil, false
	}
	return a, true
}

// Hubs returns every fresh announcement.
func (d *Directory) Hubs() []*HubAnnouncement {
	d.mu.Lock()
	defer d.mu.Unlock()
	cut := d.opts.Now().Add(-d.opts.MaxAge)
	out := make([]*HubAnnouncement, 0, len(d.hubs))
	for _, a := range d.hubs {
		if !a.IssuedAt.Before(cut) {
			out = append(out, a)
		}
	}
	return out
}
