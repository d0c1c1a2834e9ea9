package hub

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

func seedRequest() RouteRequest {
	return RouteRequest{ID: RouteID{1}, Target: protocol.ElementFromUint64(5), TargetKeyHash: protocol.ElementFromUint64(6),
		HashLock: common.Hash{1}, Miner: common.Address{2}, MinerPrice: big.NewInt(1000), MaxBytes: 1 << 20,
		InChannel: protocol.ElementFromUint64(7), InLane: 3, InValidUntil: 2000,
		Hops: []Hop{{Hub: common.Address{3}, OutChannel: protocol.ElementFromUint64(8), Fee: Fee{Base: big.NewInt(1), PPM: 2}, OutValidUntil: 1000}}}
}

// Each decoder: no panic, and what decodes re-encodes to the same bytes.
func FuzzDecodeRouteRequest(f *testing.F) {
	r := seedRequest()
	f.Add(r.Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeRouteRequest(data)
		if err == nil && !bytes.Equal(r.Encode(), data) {
			t.Fatal("not canonical")
		}
	})
}

func FuzzDecodeRouteReply(f *testing.F) {
	f.Add((&RouteReply{ID: RouteID{1}, Lanes: []uint32{1, 2}}).Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeRouteReply(data)
		if err == nil && !bytes.Equal(r.Encode(), data) {
			t.Fatal("not canonical")
		}
	})
}

func FuzzDecodeForwardRequest(f *testing.F) {
	v := protocol.LaneVoucher{ChannelID: protocol.ElementFromUint64(1), Lane: 1, Nonce: 1, CumulativeAmount: big.NewInt(5),
		CumulativeBytes: 5, ValidUntil: 10, HashLock: common.Hash{1}, Target: protocol.ElementFromUint64(2)}
	f.Add((&ForwardRequest{ID: RouteID{1}, Voucher: v}).Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeForwardRequest(data)
		if err == nil && !bytes.Equal(r.Encode(), data) {
			t.Fatal("not canonical")
		}
	})
}

func FuzzDecodeAnnouncement(f *testing.F) {
	a := HubAnnouncement{Hub: common.Address{1}, Fee: Fee{Base: big.NewInt(1)}, Seq: 3,
		Channels: []AnnouncedChannel{{ID: protocol.ElementFromUint64(1), Peer: common.Address{2}, PricePerByte: big.NewInt(3), Free: big.NewInt(4)}}}
	f.Add(a.Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeAnnouncement(data)
		if err == nil && !bytes.Equal(a.Encode(), data) {
			t.Fatal("not canonical")
		}
	})
}

func FuzzDecodeRefusal(f *testing.F) {
	f.Add(encodeRefusal(&RouteError{Hop: 2, Reason: ReasonFeeTooLow, Detail: "x"}))
	f.Add(encodeRefusal(&RouteError{Hop: 1, Reason: "made-up\x00", Detail: "\xff"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeRefusal(data)
		if err == nil {
			if _, ok := knownReasons[e.Reason]; !ok {
				t.Fatalf("unknown reason %q passed through", e.Reason)
			}
			if sanitize(e.Detail) != e.Detail {
				t.Fatal("detail not sanitized")
			}
		}
	})
}
