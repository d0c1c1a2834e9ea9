package challenge

import (
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// CreditError is a hello refused because no credit is left for the
// channel: it still owes bytes from earlier connections (Bound "channel"),
// its on-chain deposit does not cover more ("deposit"), its client key
// holds its credit on other channels ("client key"), or the miner's bound
// on unpaid bytes across all unverified channels is reached ("miner").
type CreditError struct {
	Channel protocol.Element
	Client  common.Address
	Bound   string
	Owed    uint64 // unpaid bytes the channel carries from earlier connections
	Held    uint64 // bytes held against the bound (owed or reserved)
	Limit   uint64 // the bound
}

func (e *CreditError) Error() string {
	return fmt.Sprintf("challenge: no credit for channel %s: %s bound %d reached (%d held, channel owes %d)",
		e.Channel, e.Bound, e.Limit, e.Held, e.Owed)
}

// Unwrap makes a refusal for the channel's own debt an ErrUnpaid (the
// client must pay or wait), one for its deposit an ErrChannel (the client
// must top up) and one for shared bounds an ErrBusy (the client should
// try another miner).
func (e *CreditError) Unwrap() error {
	switch e.Bound {
	case "channel":
		return ErrUnpaid
	case "deposit":
		return ErrChannel
	}
	return ErrBusy
}

// Refusal reasons of credit errors, sent to the client.
const (
	ReasonUnpaidDebt          = "unpaid_debt"
	ReasonInsufficientDeposit = "insufficient_deposit"
	ReasonClientCreditUsed    = "client_credit_used"
	ReasonMinerCreditUsed     = "miner_credit_used"
)

// RefusalReason makes a CreditError a Refusal.
func (e *CreditError) RefusalReason() string {
	switch e.Bound {
	case "channel":
		return ReasonUnpaidDebt
	case "deposit":
		return ReasonInsufficientDeposit
	case "client key":
		return ReasonClientCreditUsed
	}
	return ReasonMinerCreditUsed
}

// creditBook is the miner's view of unpaid bytes, across connections.
//
// Each channel has a debt (bytes sent on ended connections and not covered
// by an accepted voucher, kept for hold after its last connection) and, while
// a connection serves it, that connection's credit reservation: the most it
// may send unpaid. A reservation plus the debt never exceeds the credit
// limit, so reconnecting never yields more than one credit. Channels not
// verified on chain also count, debt plus reservation, against their client
// key (one credit per key across its channels) and against max (all such
// channels), so fresh channel ids and fresh keys cost the miner at most
// max per hold.
type creditBook struct {
	limit, max uint64
	hold       time.Duration

	mu        sync.Mutex
	chans     map[protocol.Element]*chanCredit
	keys      map[common.Address]uint64 // exposure of unverified channels per client key
	exposure  uint64                    // exposure of all unverified channels
	debt      uint64                    // sum of channel debts
	live      uint64                    // unpaid bytes on live connections
	nextSweep time.Time
}

type chanCredit struct {
	key      common.Address
	onChain  bool
	debt     uint64
	reserved uint64 // credit of the live connection; 0 when none
	expires  time.Time
}

func newCreditBook(limit, max uint64, hold time.Duration) *creditBook {
	return &creditBook{limit: limit, max: max, hold: hold, chans: map[protocol.Element]*chanCredit{},
		keys: map[common.Address]uint64{}}
}

// pool adds add to and removes sub from the shared bounds, if c counts
// against them.
func (b *creditBook) pool(c *chanCredit, add, sub uint64) {
	if c.onChain {
		return
	}
	b.keys[c.key] += add
	b.keys[c.key] -= sub
	if b.keys[c.key] == 0 {
		delete(b.keys, c.key)
	}
	b.exposure += add
	b.exposure -= sub
}

// drop forgets an idle channel's debt.
func (b *creditBook) drop(id protocol.Element, c *chanCredit) {
	b.pool(c, 0, c.debt)
	b.debt -= c.debt
	delete(b.chans, id)
}

// sweep forgets debts held longer than hold (at most every hold/8).
func (b *creditBook) sweep(now time.Time) {
	if now.Before(b.nextSweep) {
		return
	}
	b.nextSweep = now.Add(max(b.hold/8, time.Second))
	for id, c := range b.chans {
		if c.reserved == 0 && !now.Before(c.expires) {
			b.drop(id, c)
		}
	}
}

// reserve gives a new connection on info its credit: at most the credit
// limit minus the channel's debt and, for a channel not on chain, what its
// client key and the miner's bound have left; for an on-chain channel, at
// most covered bytes (its remaining deposit) minus its debt. The channel
// must not have a live connection (the caller holds its lock).
func (b *creditBook) reserve(info *ChannelInfo, onChain bool, covered uint64) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.sweep(now)
	c := b.chans[info.ID]
	if c != nil && c.reserved == 0 && !now.Before(c.expires) {
		b.drop(info.ID, c)
		c = nil
	}
	if c == nil {
		c = &chanCredit{key: info.Client, onChain: onChain}
		b.chans[info.ID] = c
	}
	if c.key != info.Client {
		// Terms not in the ledger yet (no payment): the debt stays with
		// the key that ran it up.
		return 0, fmt.Errorf("%w: channel %s is in use by another client", ErrChannel, info.ID)
	}
	if c.onChain != onChain { // moves its debt to or from the shared bounds
		if c.onChain {
			c.onChain = false
			b.pool(c, c.debt, 0)
		} else {
			b.pool(c, 0, c.debt)
			c.onChain = true
		}
	}
	refuse := func(bound string, held, limit uint64) error {
		if c.debt == 0 && c.reserved == 0 {
			delete(b.chans, info.ID)
		}
		return &CreditError{Channel: info.ID, Client: info.Client, Bound: bound, Owed: c.debt, Held: held, Limit: limit}
	}
	if c.debt >= b.limit {
		return 0, refuse("channel", c.debt, b.limit)
	}
	r := b.limit - c.debt
	if onChain {
		if covered <= c.debt {
			return 0, refuse("deposit", c.debt, covered)
		}
		r = min(r, covered-c.debt)
	} else {
		k := b.keys[c.key] // includes this channel's debt
		if k >= b.limit {
			return 0, refuse("client key", k, b.limit)
		}
		if b.exposure >= b.max {
			return 0, refuse("miner", b.exposure, b.max)
		}
		r = min(r, b.limit-k, b.max-b.exposure)
	}
	c.reserved = r
	b.pool(c, r, 0)
	return r, nil
}

// grow adds up to want bytes to the credit reserved for id's live
// connection and returns what it added: for a channel not verified on
// chain, only what the miner's bound (max) has left.
func (b *creditBook) grow(id protocol.Element, want uint64) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.chans[id]
	if c == nil || c.reserved == 0 {
		return 0
	}
	if !c.onChain {
		if b.exposure >= b.max {
			return 0
		}
		want = min(want, b.max-b.exposure)
	}
	c.reserved += want
	b.pool(c, want, 0)
	return want
}

// warm grows a new connection's credit by up to want bytes, as grow,
// but only while the channel owes nothing from earlier connections.
func (b *creditBook) warm(id protocol.Element, want uint64) uint64 {
	b.mu.Lock()
	c := b.chans[id]
	owes := c != nil && c.debt > 0
	b.mu.Unlock()
	if owes {
		return 0
	}
	return b.grow(id, want)
}

// shrink takes n bytes of grown credit back from id's live connection
// (its unpaid bytes stay within what is left).
func (b *creditBook) shrink(id protocol.Element, n uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.chans[id]
	if c == nil || c.reserved < n {
		return
	}
	c.reserved -= n
	b.pool(c, 0, n)
}

// sent counts n more bytes sent unpaid on a live connection (n may undo
// an earlier count with unsend).
func (b *creditBook) sent(n uint64) {
	b.mu.Lock()
	b.live += n
	b.mu.Unlock()
}

// paid counts n unpaid bytes of a live connection paid for.
func (b *creditBook) paid(n uint64) {
	b.mu.Lock()
	b.live -= n
	b.mu.Unlock()
}

// settle applies a payment made on a connection that sent nothing yet (a
// step re-sent after a lost acknowledgement) to the channel's debt.
func (b *creditBook) settle(id protocol.Element, n uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.chans[id]
	if c == nil {
		return
	}
	d := min(c.debt, n)
	c.debt -= d
	b.debt -= d
	b.pool(c, 0, d)
}

// release ends a connection's reservation: its unpaid bytes become the
// channel's debt, the rest of its credit is freed.
func (b *creditBook) release(id protocol.Element, unpaid uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.chans[id]
	if c == nil {
		return
	}
	unpaid = min(unpaid, c.reserved)
	b.live -= unpaid
	b.pool(c, 0, c.reserved-unpaid)
	c.reserved = 0
	c.debt += unpaid
	b.debt += unpaid
	c.expires = time.Now().Add(b.hold)
	if c.debt == 0 {
		delete(b.chans, id)
	}
}

// stats returns the unpaid bytes (debts and live) and the exposure of
// unverified channels (debts and reservations).
func (b *creditBook) stats() (unpaid, exposure uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.debt + b.live, b.exposure
}
