package testnats

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

func TestStart(t *testing.T) {
	nc, err := nats.Connect(Start(t))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	sub, err := nc.SubscribeSync("ping")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("ping", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if m, err := sub.NextMsg(5 * time.Second); err != nil || string(m.Data) != "x" {
		t.Fatalf("round trip: %v", err)
	}
}
