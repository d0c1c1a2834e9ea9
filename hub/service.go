package hub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
)

// Service defaults.
const (
	DefaultWorkers          = 32
	DefaultAnnounceInterval = 30 * time.Second
	DefaultSweepInterval    = 10 * time.Second
	DefaultServiceTimeout   = 10 * time.Second
)

// ServiceOptions configures a Service.
type ServiceOptions struct {
	NC  *nats.Conn // required
	Hub *Hub       // required
	// Workers is how many requests of each endpoint are handled at once
	// (default DefaultWorkers): each is a micro endpoint on the same
	// subject in the same queue group, so the framework counts every
	// reply while forwards run in parallel and share fsyncs.
	Workers int
	// AnnounceInterval is how often the hub announces itself (default
	// DefaultAnnounceInterval; it also announces on capacity changes);
	// negative: never.
	AnnounceInterval time.Duration
	// SweepInterval is how often expired routes are released (default
	// DefaultSweepInterval).
	SweepInterval time.Duration
	// RequestTimeout bounds one request's handling (default
	// DefaultServiceTimeout).
	RequestTimeout time.Duration
	Version        string
	Log            *slog.Logger
}

// Service serves a Hub on NATS: the micro service bwproof-hub with the
// endpoints route and forward under Subject(hub, …), announcements on
// AnnounceSubject, and the expiry sweep.
type Service struct {
	opts ServiceOptions
	svc  micro.Service

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{}

	mu  sync.Mutex
	seq uint64
}

// NewService starts the service.
func NewService(opts ServiceOptions) (*Service, error) {
	if opts.NC == nil || opts.Hub == nil {
		return nil, fmt.Errorf("%w: service needs a NATS connection and a hub", ErrConfig)
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.AnnounceInterval == 0 {
		opts.AnnounceInterval = DefaultAnnounceInterval
	}
	if opts.SweepInterval <= 0 {
		opts.SweepInterval = DefaultSweepInterval
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultServiceTimeout
	}
	if opts.Version == "" {
		opts.Version = "0.1.0"
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{opts: opts, kick: make(chan struct{}, 1)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	h := opts.Hub
	// Set before any request can arrive (the hub reads it unlocked).
	prev := h.opts.OnCapacity
	h.opts.OnCapacity = func() {
		if prev != nil {
			prev()
		}
		s.Announce()
	}
	svc, err := micro.AddService(opts.NC, micro.Config{
		Name: ServiceName, Version: opts.Version,
		Description: "forwards conditional lane vouchers between a hub's channels for a fee",
		Metadata:    map[string]string{"hub": strings.ToLower(h.Address().Hex())},
	})
	if err != nil {
		return nil, fmt.Errorf("hub service: %w", err)
	}
	s.svc = svc
	for i := range opts.Workers {
		for _, ep := range []struct {
			name   string
			handle func(context.Context, []byte) ([]byte, error)
		}{{"route", s.route}, {"forward", s.forward}} {
			err := svc.AddEndpoint(ep.name, s.handler(ep.handle), micro.WithEndpointSubject(Subject(h.Address(), ep.name)),
				micro.WithEndpointMetadata(map[string]string{"worker": strconv.Itoa(i)}))
			if err != nil {
				_ = svc.Stop()
				return nil, fmt.Errorf("hub service endpoint %s: %w", ep.name, err)
			}
		}
	}
	// The endpoints answer once the server has their subscriptions.
	if err := opts.NC.Flush(); err != nil {
		_ = svc.Stop()
		return nil, fmt.Errorf("hub service: %w", err)
	}
	s.wg.Add(1)
	go s.loop()
	return s, nil
}

// handler decodes nothing itself: it drops requests with a reply subject
// no requester can have, then replies through the micro request so the
// endpoint's statistics count every reply and every refusal.
func (s *Service) handler(handle func(context.Context, []byte) ([]byte, error)) micro.HandlerFunc {
	return func(req micro.Request) {
		if !replySubjectAllowed(req.Reply()) {
			s.opts.Log.Warn("request with a foreign reply subject dropped", "subject", req.Subject(), "reply", clip(sanitize(req.Reply()), 80))
			return
		}
		ctx, cancel := context.WithTimeout(s.ctx, s.opts.RequestTimeout)
		defer cancel()
		body, err := handle(ctx, req.Data())
		if err == nil {
			_ = req.Respond(body)
			return
		}
		var re *RouteError
		if !errors.As(err, &re) {
			re = &RouteError{Hop: 1, Hub: s.opts.Hub.Address(), Reason: ReasonInternal, Err: err}
		}
		_ = req.Error(string(re.Reason), clip(sanitize(re.Error()), MaxDetailLen), encodeRefusal(re))
	}
}

// replySubjectAllowed refuses reply subjects no requester's inbox has:
// $-subjects (JetStream, KV, system, discovery) and the bwproof namespace,
// so the reply subject alone cannot aim a hub's answer at a service.
func replySubjectAllowed(reply string) bool {
	return reply != "" && !strings.HasPrefix(reply, "$") && !strings.HasPrefix(reply, "bwproof.") && reply != "bwproof"
}

func (s *Service) route(ctx context.Context, data []byte) ([]byte, error) {
	req, err := DecodeRouteRequest(data)
	if err != nil {
		return nil, &RouteError{Hop: 1, Hub: s.opts.Hub.Address(), Reason: ReasonBadRequest, Detail: "route request", Err: err}
	}
	reply, err := s.opts.Hub.Setup(ctx, req)
	if err != nil {
		return nil, err
	}
	return reply.Encode(), nil
}

func (s *Service) forward(ctx context.Context, data []byte) ([]byte, error) {
	req, err := DecodeForwardRequest(data)
	if err != nil {
		return nil, &RouteError{Hop: 1, Hub: s.opts.Hub.Address(), Reason: ReasonBadRequest, Detail: "forward request", Err: err}
	}
	v, err := s.opts.Hub.Forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return v.Encode(), nil
}

// Announce asks for an announcement now (coalesced with one pending).
func (s *Service) Announce() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *Service) loop() {
	defer s.wg.Done()
	var tick <-chan time.Time
	if s.opts.AnnounceInterval > 0 {
		t := time.NewTicker(s.opts.AnnounceInterval)
		defer t.Stop()
		tick = t.C
	}
	sweep := time.NewTicker(s.opts.SweepInterval)
	defer sweep.Stop()
	s.publish()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-tick:
			s.publish()
		case <-s.kick:
			if s.opts.AnnounceInterval > 0 {
				s.publish()
			}
		case <-sweep.C:
			s.opts.Hub.Sweep()
		}
	}
}

// publish signs and publishes an announcement with the next sequence
// (time-based, so a restarted hub continues above its last one).
func (s *Service) publish() {
	if s.opts.AnnounceInterval < 0 {
		return
	}
	s.mu.Lock()
	seq := uint64(time.Now().UnixNano())
	if seq <= s.seq {
		seq = s.seq + 1
	}
	s.seq = seq
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	a, err := s.opts.Hub.Announcement(ctx, seq)
	if err != nil {
		s.opts.Log.Error("announcement", "err", err)
		return
	}
	if err := s.opts.NC.Publish(AnnounceSubject, a.Encode()); err != nil {
		s.opts.Log.Error("publish announcement", "err", err)
	}
}

// Stop stops the service (requests in flight finish) and its loop.
func (s *Service) Stop() error {
	err := s.svc.Stop()
	s.cancel()
	s.wg.Wait()
	return err
}
