package contracts

import (
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

func TestChannelCache(t *testing.T) {
	var c ChannelCache[int]
	a, b := protocol.Element{1}, protocol.Element{2}
	t0 := time.Unix(1000, 0)
	if _, ok := c.Get(a, t0, time.Second); ok {
		t.Fatal("empty cache hit")
	}
	c.Put(a, 1, t0)
	c.Put(b, 2, t0)
	if v, ok := c.Get(a, t0.Add(999*time.Millisecond), time.Second); !ok || v != 1 {
		t.Fatalf("fresh read: %d %v", v, ok)
	}
	if _, ok := c.Get(a, t0.Add(time.Second), time.Second); ok {
		t.Fatal("read as old as the TTL still served")
	}
	c.HandleEvent(Event{Kind: EventToppedUp, Channel: a})
	if _, ok := c.Get(a, t0, time.Second); ok {
		t.Fatal("event did not drop its channel")
	}
	if _, ok := c.Get(b, t0, time.Second); !ok {
		t.Fatal("event dropped another channel")
	}
	c.HandleEvent(Event{Kind: EventReorg})
	if _, ok := c.Get(b, t0, time.Second); ok {
		t.Fatal("reorg did not drop everything")
	}
}
