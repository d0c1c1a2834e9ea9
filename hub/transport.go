package hub

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
)

// Subjects.
const (
	// SubjectPrefix is the prefix of every hub subject.
	SubjectPrefix = "bwproof.v1.hub"
	// AnnounceSubject carries signed HubAnnouncements.
	AnnounceSubject = SubjectPrefix + ".announce"
	// ServiceName is the micro service name.
	ServiceName = "bwproof-hub"
)

// Subject returns a hub's endpoint subject ("route" or "forward"):
// bwproof.v1.hub.<address lowercase hex>.<endpoint>.
func Subject(hub common.Address, endpoint string) string {
	return SubjectPrefix + "." + strings.ToLower(hub.Hex()) + "." + endpoint
}

// request sends data to hub's endpoint and returns the reply body. An
// error reply becomes its *RouteError (Hop as the hub numbered it: 1 is
// the hub itself); a hub that does not answer in time or is not there is
// a *RouteError with ReasonUnavailable at Hop 1.
func request(ctx context.Context, nc *nats.Conn, hub common.Address, endpoint string, data []byte) ([]byte, error) {
	msg, err := nc.RequestWithContext(ctx, Subject(hub, endpoint), data)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, &RouteError{Hop: 1, Hub: hub, Reason: ReasonUnavailable, Detail: endpoint + " request", Err: err}
	}
	if code := msg.Header.Get(micro.ErrorCodeHeader); code != "" {
		re, derr := decodeRefusal(msg.Data)
		if derr != nil {
			return nil, &RouteError{Hop: 1, Hub: hub, Reason: ReasonUnknown,
				Detail: fmt.Sprintf("undecodable refusal (code %q)", sanitize(clip(code, MaxReasonLen))), Err: derr}
		}
		if re.Hop == 0 {
			re.Hop = 1
		}
		if re.Hop == 1 {
			re.Hub = hub // the hub speaks for itself only
		}
		return nil, re
	}
	return msg.Data, nil
}

// shift renumbers a downstream refusal for the upstream: the callee's hop
// 1 is hop 1+by here. Other errors become ReasonInternal.
func shift(err error, by int) *RouteError {
	var re *RouteError
	if !errors.As(err, &re) {
		return &RouteError{Hop: 1 + by, Reason: ReasonInternal, Err: err}
	}
	out := *re
	out.Hop += by
	return &out
}
