package verifier

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// Client talks to the verifier service. Rejections and error replies come
// back as *Error (errors.As), matching the reason's sentinel (errors.Is,
// e.g. ErrStaleNonce). It is safe for concurrent use.
type Client struct {
	nc   *nats.Conn
	opts ClientOptions
}

// ClientOptions configures a Client.
type ClientOptions struct {
	// Timeout of one request (default 10s); ctx may end it sooner.
	Timeout time.Duration
	// JSON sends JSON bodies instead of the binary encoding.
	JSON bool
}

// NewClient returns a client on nc.
func NewClient(nc *nats.Conn, opts ClientOptions) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	return &Client{nc: nc, opts: opts}
}

// Conn is the client's NATS connection.
func (c *Client) Conn() *nats.Conn { return c.nc }

// Timeout is the client's request timeout.
func (c *Client) Timeout() time.Duration { return c.opts.Timeout }

// Acceptance is the reply to an accepted attestation.
type Acceptance struct {
	// Duplicate: this very attestation had been accepted before.
	Duplicate bool        `json:"duplicate"`
	Channel   ChannelInfo `json:"channel"`
}

// ReportResult is the reply to an accepted report.
type ReportResult struct {
	Duplicate bool     `json:"duplicate"`
	Verdict   Verdict  `json:"verdict"`
	Standing  Standing `json:"standing"`
}

// SubmitAttestation signs a with the miner's key and submits it.
func (c *Client) SubmitAttestation(ctx context.Context, a *attest.Attestation, miner *ecdsa.PrivateKey) (*Acceptance, error) {
	sub, err := NewAttestationSubmission(a, miner)
	if err != nil {
		return nil, err
	}
	return c.Submit(ctx, sub)
}

// Submit submits a signed attestation submission.
func (c *Client) Submit(ctx context.Context, sub *AttestationSubmission) (*Acceptance, error) {
	body := sub.Encode()
	if c.opts.JSON {
		var err error
		if body, err = json.Marshal(sub); err != nil {
			return nil, err
		}
	}
	r, err := c.request(ctx, SubjectSubmitAttestation, body)
	if err != nil {
		return nil, err
	}
	if r.Status != StatusAccepted || r.Channel == nil {
		return nil, reject(ReasonMalformed, "attestation reply: status %q without a channel", r.Status)
	}
	return &Acceptance{Duplicate: r.Duplicate, Channel: *r.Channel}, nil
}

// SubmitReport submits a signed report.
func (c *Client) SubmitReport(ctx context.Context, rep *protocol.Report) (*ReportResult, error) {
	body := rep.Encode()
	if c.opts.JSON {
		body = EncodeReportJSON(rep)
	}
	r, err := c.request(ctx, SubjectSubmitReport, body)
	if err != nil {
		return nil, err
	}
	if r.Status != StatusAccepted || r.Verdict == nil || r.Standing == nil {
		return nil, reject(ReasonMalformed, "report reply: status %q without a verdict", r.Status)
	}
	return &ReportResult{Duplicate: r.Duplicate, Verdict: *r.Verdict, Standing: *r.Standing}, nil
}

// ChannelState returns a channel's latest accepted attestation
// (ErrNotFound if none).
func (c *Client) ChannelState(ctx context.Context, channel protocol.Element) (*ChannelInfo, error) {
	body, _ := json.Marshal(ChannelQuery{Channel: elementHex(channel)})
	r, err := c.request(ctx, SubjectQueryChannel, body)
	if err != nil {
		return nil, err
	}
	if r.Channel == nil {
		return nil, reject(ReasonMalformed, "channel reply without a channel")
	}
	return r.Channel, nil
}

// Standing returns a party's standing.
func (c *Client) Standing(ctx context.Context, party common.Address) (*Standing, error) {
	body, _ := json.Marshal(StandingQuery{Party: party.Hex()})
	r, err := c.request(ctx, SubjectQueryStanding, body)
	if err != nil {
		return nil, err
	}
	if r.Standing == nil {
		return nil, reject(ReasonMalformed, "standing reply without a standing")
	}
	return r.Standing, nil
}

// EpochBytes returns the bytes attested in an epoch (nil: the current one)
// by miner (the zero address: every miner).
func (c *Client) EpochBytes(ctx context.Context, epoch *uint64, miner common.Address) (*EpochBytes, error) {
	q := EpochQuery{Epoch: epoch}
	if miner != (common.Address{}) {
		q.Miner = miner.Hex()
	}
	body, _ := json.Marshal(q)
	r, err := c.request(ctx, SubjectQueryEpoch, body)
	if err != nil {
		return nil, err
	}
	if r.Epoch == nil {
		return nil, reject(ReasonMalformed, "epoch reply without an epoch")
	}
	return r.Epoch, nil
}

// ExportSolidity returns the Solidity verifier source for a circuit.
func (c *Client) ExportSolidity(ctx context.Context, id attest.CircuitID) ([]byte, error) {
	body, _ := json.Marshal(SolidityQuery{CircuitID: id.String()})
	m, err := c.raw(ctx, SubjectExportSolidity, body)
	if err != nil {
		return nil, err
	}
	if err := replyError(m); err != nil {
		return nil, err
	}
	if len(m.Data) > MaxSolidityReplySize {
		return nil, reject(ReasonTooLarge, "solidity reply of %d bytes", len(m.Data))
	}
	return m.Data, nil
}

// SubscribeFlags calls handle for every flag event (of every party).
// Malformed events are skipped.
func (c *Client) SubscribeFlags(handle func(*FlagEvent)) (*nats.Subscription, error) {
	sub, err := c.nc.Subscribe(SubjectFlags+".*", func(m *nats.Msg) {
		if ev, err := DecodeFlagEvent(m.Data); err == nil {
			handle(ev)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%w: subscribe flags: %w", ErrUnavailable, err)
	}
	return sub, nil
}

func (c *Client) raw(ctx context.Context, subject string, body []byte) (*nats.Msg, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	m, err := c.nc.RequestWithContext(ctx, subject, body)
	switch {
	case err == nil:
		return m, nil
	case errors.Is(err, nats.ErrNoResponders):
		return nil, &Error{Reason: ReasonUnavailable, Detail: "no verifier is serving " + subject}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, nats.ErrTimeout):
		return nil, &Error{Reason: ReasonUnavailable, Detail: "no reply on " + subject + " in time"}
	case errors.Is(err, context.Canceled):
		return nil, err
	}
	return nil, &Error{Reason: ReasonUnavailable, Detail: err.Error()}
}

// replyError returns the *Error an error reply carries, or nil.
func replyError(m *nats.Msg) error {
	if m.Header == nil || m.Header.Get(micro.ErrorCodeHeader) == "" {
		return nil
	}
	if r, err := DecodeReply(m.Data); err == nil && r.Reason != "" {
		return &Error{Reason: r.Reason, Detail: r.Detail}
	}
	return &Error{Reason: ReasonInternal, Detail: m.Header.Get(micro.ErrorHeader)}
}

func (c *Client) request(ctx context.Context, subject string, body []byte) (*Reply, error) {
	m, err := c.raw(ctx, subject, body)
	if err != nil {
		return nil, err
	}
	if err := replyError(m); err != nil {
		return nil, err
	}
	r, err := DecodeReply(m.Data)
	if err != nil {
		return nil, err
	}
	if r.Status == StatusRejected || r.Status == StatusError {
		return nil, &Error{Reason: r.Reason, Detail: r.Detail}
	}
	return r, nil
}
