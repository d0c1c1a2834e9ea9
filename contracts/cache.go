package contracts

import (
	"sync"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// ChannelCache holds channel reads (any form of them: T) with the time
// each was read, for readers that are fed the Watcher's events: an event
// drops its channel, a reorg everything. The zero value is ready; safe
// for concurrent use.
type ChannelCache[T any] struct {
	mu sync.Mutex
	m  map[protocol.Element]cachedRead[T]
}

type cachedRead[T any] struct {
	v  T
	at time.Time
}

// Get returns id's read if one was put less than ttl before now.
func (c *ChannelCache[T]) Get(id protocol.Element, now time.Time, ttl time.Duration) (T, bool) {
	c.mu.Lock()
	e, ok := c.m[id]
	c.mu.Unlock()
	if !ok || now.Sub(e.at) >= ttl {
		var zero T
		return zero, false
	}
	return e.v, true
}

// Put stores v as id's read at time at.
func (c *ChannelCache[T]) Put(id protocol.Element, v T, at time.Time) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[protocol.Element]cachedRead[T]{}
	}
	c.m[id] = cachedRead[T]{v: v, at: at}
	c.mu.Unlock()
}

// Invalidate drops id's read.
func (c *ChannelCache[T]) Invalidate(id protocol.Element) {
	c.mu.Lock()
	delete(c.m, id)
	c.mu.Unlock()
}

// HandleEvent drops what ev makes stale: its channel, or everything on a
// reorg.
func (c *ChannelCache[T]) HandleEvent(ev Event) {
	if ev.Kind == EventReorg {
		c.mu.Lock()
		clear(c.m)
		c.mu.Unlock()
		return
	}
	c.Invalidate(ev.Channel)
}
