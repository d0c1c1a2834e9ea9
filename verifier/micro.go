package verifier

import (
	"encoding/json"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nuid"
)

// microService speaks the NATS micro protocol (PING, INFO and STATS on
// $SRV.…, the micro package's own JSON types) for the service's
// endpoints, so `nats micro ls|info|stats` work as with micro.AddService.
//
// Why not micro.AddService: a micro endpoint calls its handler on the
// subscription's one goroutine and reads the request's error for its
// statistics the moment the handler returns. A handler that blocks until
// its reply serializes the endpoint (one proof at a time, nothing to
// batch: about a third of the batched rate), and one that replies later
// from another goroutine races with that read and is never counted as an
// error. Here a request is counted when its reply is published, with the
// time from its arrival to the reply, and handlers run concurrently.
type microService struct {
	nc      *nats.Conn
	id      string
	name    string
	version string
	desc    string
	meta    map[string]string
	data    func(endpoint string) any // per-endpoint "data" in STATS

	mu        sync.Mutex
	started   time.Time
	endpoints []*microEndpoint
	verbSubs  []*nats.Subscription
	stopped   bool
}

// microEndpoint is one request/reply endpoint and its statistics.
type microEndpoint struct {
	name, subject string
	meta          map[string]string
	sub           *nats.Subscription

	// Under microService.mu.
	requests, errors int
	lastError        string
	processing       time.Duration
}

// microQueueGroup is the micro framework's default queue group: every
// verifier process on the cluster shares the requests.
const microQueueGroup = "q"

func newMicroService(nc *nats.Conn, name, version, desc string, meta map[string]string, data func(string) any) *microService {
	return &microService{nc: nc, id: nuid.Next(), name: name, version: version, desc: desc,
		meta: maps.Clone(meta), data: data, started: time.Now().UTC()}
}

// start subscribes the discovery verbs: $SRV.<VERB>, $SRV.<VERB>.<name>
// and $SRV.<VERB>.<name>.<id>, as the micro framework does.
func (m *microService) start() error {
	verbs := []struct {
		verb micro.Verb
		val  func() any
	}{
		{micro.PingVerb, func() any { return m.ping() }},
		{micro.InfoVerb, func() any { return m.info() }},
		{micro.StatsVerb, func() any { return m.stats() }},
	}
	for _, v := range verbs {
		for _, kind := range [][2]string{{"", ""}, {m.name, ""}, {m.name, m.id}} {
			subj, err := micro.ControlSubject(v.verb, kind[0], kind[1])
			if err != nil {
				return err
			}
			val := v.val
			sub, err := m.nc.Subscribe(subj, func(msg *nats.Msg) {
				// Discovery requests come from anyone allowed on $SRV;
				// the same reply-subject rule as for the endpoints.
				if msg.Reply == "" || !replySubjectAllowed(msg.Reply) {
					return
				}
				b, err := json.Marshal(val())
				if err == nil {
					_ = msg.Respond(b)
				}
			})
			if err != nil {
				return fmt.Errorf("subscribe %s: %w", subj, err)
			}
			m.mu.Lock()
			m.verbSubs = append(m.verbSubs, sub)
			m.mu.Unlock()
		}
	}
	return nil
}

// addEndpoint subscribes subject in the queue group; handle runs on the
// subscription's goroutine and must not block (it hands the request off).
func (m *microService) addEndpoint(name, subject string, meta map[string]string, handle func(ep *microEndpoint, msg *nats.Msg)) error {
	ep := &microEndpoint{name: name, subject: subject, meta: meta}
	sub, err := m.nc.QueueSubscribe(subject, microQueueGroup, func(msg *nats.Msg) { handle(ep, msg) })
	if err != nil {
		return fmt.Errorf("subscribe %s: %w", subject, err)
	}
	// The handler only hands requests off; the in-flight bound answers
	// "overloaded" long before these limits matter.
	if err := sub.SetPendingLimits(1<<16, 256<<20); err != nil {
		_ = sub.Unsubscribe()
		return err
	}
	ep.sub = sub
	m.mu.Lock()
	m.endpoints = append(m.endpoints, ep)
	m.mu.Unlock()
	return nil
}

// done counts one request of ep, answered after elapsed; errText is the
// error it was answered with ("" for a success), as micro's Error would
// count it ("<code>:<description>").
func (m *microService) done(ep *microEndpoint, elapsed time.Duration, errText string) {
	m.mu.Lock()
	ep.requests++
	ep.processing += elapsed
	if errText != "" {
		ep.errors++
		ep.lastError = errText
	}
	m.mu.Unlock()
}

// stop drains the endpoints (requests already delivered are still
// handled) and drops the discovery subscriptions.
func (m *microService) stop() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return nil
	}
	m.stopped = true
	var first error
	for _, ep := range m.endpoints {
		if err := ep.sub.Drain(); err != nil && first == nil {
			first = err
		}
	}
	for _, s := range m.verbSubs {
		if err := s.Unsubscribe(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (m *microService) identity() micro.ServiceIdentity {
	return micro.ServiceIdentity{Name: m.name, ID: m.id, Version: m.version, Metadata: maps.Clone(m.meta)}
}

func (m *microService) ping() micro.Ping {
	return micro.Ping{ServiceIdentity: m.identity(), Type: micro.PingResponseType}
}

func (m *microService) info() micro.Info {
	m.mu.Lock()
	defer m.mu.Unlock()
	eps := make([]micro.EndpointInfo, 0, len(m.endpoints))
	for _, e := range m.endpoints {
		eps = append(eps, micro.EndpointInfo{Name: e.name, Subject: e.subject, QueueGroup: microQueueGroup,
			Metadata: maps.Clone(e.meta)})
	}
	return micro.Info{ServiceIdentity: m.identity(), Type: micro.InfoResponseType, Description: m.desc, Endpoints: eps}
}

func (m *microService) stats() micro.Stats {
	m.mu.Lock()
	out := micro.Stats{ServiceIdentity: m.identity(), Type: micro.StatsResponseType, Started: m.started,
		Endpoints: make([]*micro.EndpointStats, 0, len(m.endpoints))}
	for _, e := range m.endpoints {
		st := &micro.EndpointStats{Name: e.name, Subject: e.subject, QueueGroup: microQueueGroup,
			NumRequests: e.requests, NumErrors: e.errors, LastError: e.lastError, ProcessingTime: e.processing}
		if e.requests > 0 {
			st.AverageProcessingTime = e.processing / time.Duration(e.requests)
		}
		out.Endpoints = append(out.Endpoints, st)
	}
	m.mu.Unlock()
	if m.data != nil {
		for _, st := range out.Endpoints {
			st.Data, _ = json.Marshal(m.data(st.Name))
		}
	}
	return out
}
