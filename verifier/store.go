package verifier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// State lives in JetStream, never only in a process:
//
//   - KV bucket bwproof_channels, key = channel id hex: the channel's latest
//     accepted attestation (channelRecord). Acceptance IS the compare-and-set
//     of this key (kv.Create for a new channel, kv.Update with the revision
//     read for an existing one), so two verifier processes can never both
//     accept the same (channel, nonce).
//   - stream BWPROOF_ATTESTATIONS, subject bwproof.v1.log.att.<channel>: the
//     full history of accepted attestations, appended in nonce order.
//   - KV bucket bwproof_accounting: e.<epoch>.<miner>.<channel> holds the
//     range of cumulative bytes a channel moved through in an epoch and
//     t.<miner>.<channel> its latest cumulative bytes. Updates are min/max,
//     so applying a record twice or late changes nothing. Channels not
//     checked on chain are kept under o.e.… and o.t.…, out of the totals.
//   - stream BWPROOF_REPORTS, subject bwproof.v1.log.report.<accused>: every
//     verified report (deduplicated by its hash).
//   - KV bucket bwproof_standing, key = address hex: a party's standing, the
//     fold of its reports up to a stream sequence (so folding is idempotent).
//   - streams BWPROOF_FLAGS and BWPROOF_VERDICTS: flag and verdict events,
//     stored once (message ids) and republished by the stream leader on
//     bwproof.v1.flags.<address> and bwproof.v1.verdicts.<address>, where
//     plain NATS subscribers get each event once.
//
// An accepted record is "settled" once it is in the history stream and in
// the accounting bucket. A record is settled before the reply says
// accepted, and before a newer record replaces it, so a crash between the
// compare-and-set and the settling loses nothing: the next submission for
// the channel, a resubmission of the same attestation, or the startup
// reconciliation finishes the job.

// Names of the JetStream assets.
const (
	BucketChannels   = "bwproof_channels"
	BucketAccounting = "bwproof_accounting"
	BucketStanding   = "bwproof_standing"
	StreamAttLog     = "BWPROOF_ATTESTATIONS"
	StreamReportLog  = "BWPROOF_REPORTS"
	StreamFlags      = "BWPROOF_FLAGS"
	StreamVerdicts   = "BWPROOF_VERDICTS"
)

// Subjects.
const (
	SubjectPrefix            = "bwproof.v1"
	SubjectSubmitAttestation = SubjectPrefix + ".attestation.submit"
	SubjectSubmitReport      = SubjectPrefix + ".report.submit"
	SubjectSubmitBatch       = SubjectPrefix + ".batch.submit"
	SubjectQueryChannel      = SubjectPrefix + ".query.channel"
	SubjectQueryStanding     = SubjectPrefix + ".query.standing"
	SubjectQueryEpoch        = SubjectPrefix + ".query.epoch"
	SubjectExportSolidity    = SubjectPrefix + ".export.solidity"
	SubjectFlags             = SubjectPrefix + ".flags"    // .<address hex>
	SubjectVerdicts          = SubjectPrefix + ".verdicts" // .<address hex>
	subjectAttLog            = SubjectPrefix + ".log.att"
	subjectReportLog         = SubjectPrefix + ".log.report"
	// Verifiers publish events here; the event streams store them once
	// (message ids) and republish what they stored on SubjectFlags and
	// SubjectVerdicts, so subscribers see each event once even when two
	// verifiers (or a retry, or the startup reconciliation) publish it.
	subjectFlagEvents    = SubjectPrefix + ".events.flag"
	subjectVerdictEvents = SubjectPrefix + ".events.verdict"
)

// FlagSubject is the subject of flag events about party; subscribe to
// SubjectFlags+".*" for all of them.
func FlagSubject(party string) string { return SubjectFlags + "." + party }

// maxRecordSize bounds a stored record a verifier reads back (the store
// is shared with other verifiers; a corrupt record must not blow up).
const maxRecordSize = 16 << 10

// channelRecord is the value of a channel key and of a history message.
type channelRecord struct {
	Channel    string    `json:"channel"` // 0x-hex
	Nonce      uint64    `json:"nonce"`
	Bytes      uint64    `json:"bytes"`
	PrevBytes  uint64    `json:"prev_bytes"` // cumulative bytes of the record this one replaced
	Miner      string    `json:"miner"`      // 0x-hex
	Epoch      uint64    `json:"epoch"`
	Circuit    string    `json:"circuit"`
	Hash       string    `json:"hash"` // SHA-256 hex of the attestation encoding
	AcceptedAt time.Time `json:"accepted_at"`
	Submission []byte    `json:"submission"` // the binary AttestationSubmission (proof + miner signature)
	// OnChain: the channel, its miner and key hash were checked on chain
	// (Miner is then the channel's miner). Off-chain records are counted
	// apart (accounting keys o.e.…, o.t.…).
	OnChain bool `json:"onchain"`
}

func decodeChannelRecord(b []byte) (*channelRecord, error) {
	if len(b) > maxRecordSize {
		return nil, fmt.Errorf("%w: channel record of %d bytes", ErrInternal, len(b))
	}
	var r channelRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%w: channel record: %v", ErrInternal, err)
	}
	if _, err := parseElement(r.Channel, "record channel"); err != nil {
		return nil, fmt.Errorf("%w: channel record: %v", ErrInternal, err)
	}
	if _, err := parseAddress(r.Miner, "record miner"); err != nil {
		return nil, fmt.Errorf("%w: channel record: %v", ErrInternal, err)
	}
	return &r, nil
}

func (r *channelRecord) info(rev uint64) *ChannelInfo {
	return &ChannelInfo{Channel: r.Channel, Nonce: r.Nonce, Bytes: r.Bytes, Miner: r.Miner, Epoch: r.Epoch,
		Circuit: r.Circuit, Hash: r.Hash, AcceptedAt: r.AcceptedAt, Revision: rev, OnChain: r.OnChain}
}

func (r *channelRecord) key() string { return strings.TrimPrefix(r.Channel, "0x") }

func (r *channelRecord) minerKey() string { return strings.ToLower(strings.TrimPrefix(r.Miner, "0x")) }

// epochRange is the value of an accounting key e.<epoch>.<miner>.<channel>:
// the channel's cumulative bytes went from Start to End in the epoch.
type epochRange struct {
	Start uint64 `json:"start"`
	End   uint64 `json:"end"`
}

// reportRecord is a verified report as stored in the report stream.
type reportRecord struct {
	Hash       string    `json:"hash"`
	Kind       string    `json:"kind"`
	Reporter   string    `json:"reporter"`
	Accused    string    `json:"accused"`
	Channel    string    `json:"channel"`
	Proven     bool      `json:"proven"`
	Evidence   string    `json:"evidence,omitempty"` // proven: hash of the signed chunk, to count a fault once
	ReceivedAt time.Time `json:"received_at"`
	Report     []byte    `json:"report"` // the canonical report encoding
}

func decodeReportRecord(b []byte) (*reportRecord, error) {
	if len(b) > maxRecordSize {
		return nil, fmt.Errorf("%w: report record of %d bytes", ErrInternal, len(b))
	}
	var r reportRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%w: report record: %v", ErrInternal, err)
	}
	if _, err := parseAddress(r.Reporter, "record reporter"); err != nil {
		return nil, fmt.Errorf("%w: report record: %v", ErrInternal, err)
	}
	return &r, nil
}

// maxRemembered caps the lists kept in a standing record: beyond the flag
// threshold more names change nothing.
const maxRemembered = 64

// standingRecord is the value of a standing key.
type standingRecord struct {
	Party         string     `json:"party"`
	LastSeq       uint64     `json:"last_seq"` // report stream sequence folded up to
	Proven        uint64     `json:"proven"`
	Complaints    uint64     `json:"complaints"`
	Complainants  []string   `json:"complainants,omitempty"` // distinct, capped
	NComplainants uint64     `json:"n_complainants"`
	Evidence      []string   `json:"evidence,omitempty"` // distinct proven evidence hashes, capped
	Flagged       bool       `json:"flagged"`
	FlagReason    string     `json:"flag_reason,omitempty"`
	FlaggedAt     *time.Time `json:"flagged_at,omitempty"`
	FlagPublished bool       `json:"flag_published"`
}

func decodeStandingRecord(b []byte) (*standingRecord, error) {
	if len(b) > maxRecordSize {
		return nil, fmt.Errorf("%w: standing record of %d bytes", ErrInternal, len(b))
	}
	var r standingRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%w: standing record: %v", ErrInternal, err)
	}
	return &r, nil
}

func (r *standingRecord) standing() *Standing {
	return &Standing{Party: r.Party, ProvenFaults: r.Proven, Complaints: r.Complaints,
		Complainants: r.NComplainants, Flagged: r.Flagged, FlagReason: r.FlagReason, FlaggedAt: r.FlaggedAt}
}

// store wraps the JetStream assets.
type store struct {
	js         jetstream.JetStream
	channels   jetstream.KeyValue
	accounting jetstream.KeyValue
	standing   jetstream.KeyValue
	attLog     jetstream.Stream
	reportLog  jetstream.Stream
	opTimeout  time.Duration
	// acct: the accounting keys' revisions and values this process last
	// saw (see accountingUpdate).
	acct revCache
}

// storeConfig configures openStore.
type storeConfig struct {
	Replicas int
	Memory   bool // memory storage (tests of the store logic only)
	// OpTimeout bounds one JetStream request (default 2s), see store.do.
	OpTimeout time.Duration
}

func openStore(ctx context.Context, nc *nats.Conn, cfg storeConfig) (*store, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("%w: jetstream: %w", ErrUnavailable, err)
	}
	storage := jetstream.FileStorage
	if cfg.Memory {
		storage = jetstream.MemoryStorage
	}
	s := &store{js: js, opTimeout: cfg.OpTimeout}
	if s.opTimeout <= 0 {
		s.opTimeout = 2 * time.Second
	}
	// A bucket is created through the KV API, then its stream is made
	// unerasable: no purge, no message delete, no roll-up (a roll-up
	// header on a put would purge the bucket). The service never deletes
	// or purges a key: records only move forward by compare-and-set. An
	// existing bucket is brought to this configuration at startup (the
	// server refuses to relax it again).
	kv := func(name, desc string) (jetstream.KeyValue, error) {
		var b jetstream.KeyValue
		err := s.do(ctx, 2*s.opTimeout, func(ctx context.Context) (err error) {
			b, err = ensureKV(ctx, js, jetstream.KeyValueConfig{Bucket: name, Description: desc,
				History: 1, Storage: storage, Replicas: cfg.Replicas, MaxValueSize: maxRecordSize})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("%w: kv bucket %s: %w", ErrUnavailable, name, err)
		}
		return b, nil
	}
	stream := func(name, desc string, subject string, republish *jetstream.RePublish) (jetstream.Stream, error) {
		var st jetstream.Stream
		err := s.do(ctx, 2*s.opTimeout, func(ctx context.Context) (err error) {
			st, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: name, Description: desc,
				Subjects: []string{subject}, Storage: storage, Replicas: cfg.Replicas, Duplicates: time.Hour,
				MaxMsgSize: maxRecordSize, DenyDelete: true, DenyPurge: true, Discard: jetstream.DiscardNew,
				RePublish: republish})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("%w: stream %s: %w", ErrUnavailable, name, err)
		}
		return st, nil
	}
	if s.channels, err = kv(BucketChannels, "bwproof: latest accepted attestation per channel"); err != nil {
		return nil, err
	}
	if s.accounting, err = kv(BucketAccounting, "bwproof: attested bytes per epoch, miner and channel"); err != nil {
		return nil, err
	}
	if s.standing, err = kv(BucketStanding, "bwproof: standing per party"); err != nil {
		return nil, err
	}
	if s.attLog, err = stream(StreamAttLog, "bwproof: accepted attestations", subjectAttLog+".*", nil); err != nil {
		return nil, err
	}
	if s.reportLog, err = stream(StreamReportLog, "bwproof: verified reports", subjectReportLog+".*", nil); err != nil {
		return nil, err
	}
	if _, err = stream(StreamFlags, "bwproof: flag events", subjectFlagEvents+".*", &jetstream.RePublish{
		Source: subjectFlagEvents + ".*", Destination: SubjectFlags + ".{{wildcard(1)}}"}); err != nil {
		return nil, err
	}
	if _, err = stream(StreamVerdicts, "bwproof: verdict events", subjectVerdictEvents+".*", &jetstream.RePublish{
		Source: subjectVerdictEvents + ".*", Destination: SubjectVerdicts + ".{{wildcard(1)}}"}); err != nil {
		return nil, err
	}
	return s, nil
}

// ensureKV binds to (or creates) a KV bucket and makes its stream refuse
// purges, deletes and roll-ups.
func ensureKV(ctx context.Context, js jetstream.JetStream, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
	b, err := js.KeyValue(ctx, cfg.Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		b, err = js.CreateKeyValue(ctx, cfg)
		if errors.Is(err, jetstream.ErrBucketExists) { // another verifier was quicker
			b, err = js.KeyValue(ctx, cfg.Bucket)
		}
	}
	if err != nil {
		return nil, err
	}
	st, err := js.Stream(ctx, "KV_"+cfg.Bucket)
	if err != nil {
		return nil, err
	}
	sc := st.CachedInfo().Config
	want := sc
	want.DenyDelete, want.DenyPurge, want.AllowRollup = true, true, false
	want.Replicas, want.MaxMsgSize, want.Description = cfg.Replicas, cfg.MaxValueSize, cfg.Description
	if want.Replicas <= 0 {
		want.Replicas = 1
	}
	if want.DenyDelete != sc.DenyDelete || want.DenyPurge != sc.DenyPurge || want.AllowRollup != sc.AllowRollup ||
		want.Replicas != sc.Replicas || want.MaxMsgSize != sc.MaxMsgSize || want.Description != sc.Description {
		if _, err := js.UpdateStream(ctx, want); err != nil {
			return nil, fmt.Errorf("make bucket %s unerasable: %w", cfg.Bucket, err)
		}
	}
	return b, nil
}

func unavailable(what string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Reason: ReasonUnavailable, Detail: fmt.Sprintf("%s: %v", what, err)}
}

func isConflict(err error) bool {
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return true
	}
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// transient reports whether a JetStream request may succeed if retried:
// its reply was lost (the connection moved to another node), nobody
// answered (leaders being elected), or the cluster said so.
func transient(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, nats.ErrConnectionReconnecting) || errors.Is(err, nats.ErrDisconnected) {
		return true
	}
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.Code == 503
}

// do runs one JetStream request with its own timeout and retries it while
// it fails transiently and ctx lasts. Without this, a request whose reply
// was lost when the connection moved to another node would hold the whole
// client request until it timed out. Retrying is safe because every write
// is idempotent: KV revisions, expected sequences and message ids.
func (s *store) do(ctx context.Context, timeout time.Duration, f func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		octx, cancel := context.WithTimeout(ctx, timeout)
		err := f(octx)
		cancel()
		if err == nil || !transient(err) || ctx.Err() != nil {
			return err
		}
		if err := backoff(ctx, min(attempt, 15)); err != nil {
			return err
		}
	}
}

func (s *store) kvGet(ctx context.Context, kv jetstream.KeyValue, key string) (e jetstream.KeyValueEntry, err error) {
	err = s.do(ctx, s.opTimeout, func(ctx context.Context) error {
		e, err = kv.Get(ctx, key)
		return err
	})
	return e, err
}

// kvSet creates key (rev 0) or updates it from revision rev.
func (s *store) kvSet(ctx context.Context, kv jetstream.KeyValue, key string, value []byte, rev uint64) (nrev uint64, err error) {
	err = s.do(ctx, s.opTimeout, func(ctx context.Context) error {
		if rev == 0 {
			nrev, err = kv.Create(ctx, key, value)
		} else {
			nrev, err = kv.Update(ctx, key, value, rev)
		}
		return err
	})
	return nrev, err
}

func (s *store) publish(ctx context.Context, subj string, data []byte, opts ...jetstream.PublishOpt) (ack *jetstream.PubAck, err error) {
	err = s.do(ctx, s.opTimeout, func(ctx context.Context) error {
		ack, err = s.js.Publish(ctx, subj, data, opts...)
		return err
	})
	return ack, err
}

func (s *store) getMsg(ctx context.Context, st jetstream.Stream, seq uint64, opts ...jetstream.GetMsgOpt) (m *jetstream.RawStreamMsg, err error) {
	err = s.do(ctx, s.opTimeout, func(ctx context.Context) error {
		m, err = st.GetMsg(ctx, seq, opts...)
		return err
	})
	return m, err
}

func (s *store) lastMsg(ctx context.Context, st jetstream.Stream, subj string) (m *jetstream.RawStreamMsg, err error) {
	err = s.do(ctx, s.opTimeout, func(ctx context.Context) error {
		m, err = st.GetLastMsgForSubject(ctx, subj)
		return err
	})
	return m, err
}

// maxCASAttempts bounds compare-and-set retries; contention on one key is
// one channel's miner or one accused party, so a few suffice.
const maxCASAttempts = 12

func backoff(ctx context.Context, attempt int) error {
	select {
	case <-time.After(time.Duration(attempt+1) * 3 * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// casUpdate applies mutate to key's value with compare-and-set until it
// sticks. mutate gets nil for a missing key and returns the new value, or
// nil for "no change". With missing (the caller expects no such key yet)
// the first attempt creates the key without reading it; if the key exists
// after all, the create fails and the loop reads it as usual. known, if
// not nil, remembers the revision and value the key was last seen with.
func (s *store) casUpdate(ctx context.Context, kv jetstream.KeyValue, key string, missing bool, known *revCache, mutate func(old []byte) ([]byte, error)) error {
	if missing {
		nv, err := mutate(nil)
		if err != nil || nv == nil {
			return err
		}
		nrev, err := s.kvSet(ctx, kv, key, nv, 0)
		if err == nil {
			known.put(key, nrev, nv)
			return nil
		}
		if !isConflict(err) {
			return unavailable("kv create "+key, err)
		}
	}
	for attempt := 0; attempt < maxCASAttempts; attempt++ {
		var old []byte
		var rev uint64
		e, err := s.kvGet(ctx, kv, key)
		switch {
		case err == nil:
			old, rev = e.Value(), e.Revision()
		case errors.Is(err, jetstream.ErrKeyNotFound):
		default:
			return unavailable("kv get "+key, err)
		}
		nv, err := mutate(old)
		if err != nil {
			return err
		}
		if nv == nil {
			if old != nil {
				known.put(key, rev, old)
			}
			return nil
		}
		nrev, err := s.kvSet(ctx, kv, key, nv, rev)
		if err == nil {
			known.put(key, nrev, nv)
			return nil
		}
		if !isConflict(err) {
			return unavailable("kv update "+key, err)
		}
		if err := backoff(ctx, attempt); err != nil {
			return unavailable("kv update "+key, err)
		}
	}
	return &Error{Reason: ReasonUnavailable, Detail: "kv update " + key + ": too much contention"}
}

// accountingUpdate is casUpdate for the accounting bucket, whose values
// only widen (min/max merges, here and in every other verifier). It first
// tries the update against the revision and value this process last saw
// for the key, without reading it: a channel's next record updates its
// keys in one round trip instead of two. If the key moved meanwhile it
// only widened, so "no change" decided on the remembered value holds for
// the current one too; an update against a stale revision fails its
// compare-and-set and the key is read as usual.
func (s *store) accountingUpdate(ctx context.Context, key string, missing bool, mutate func(old []byte) ([]byte, error)) error {
	if rev, val, ok := s.acct.get(key); ok {
		nv, err := mutate(val)
		if err != nil || nv == nil {
			return err
		}
		nrev, err := s.kvSet(ctx, s.accounting, key, nv, rev)
		if err == nil {
			s.acct.put(key, nrev, nv)
			return nil
		}
		if !isConflict(err) {
			return unavailable("kv update "+key, err)
		}
		s.acct.drop(key)
		missing = false
	}
	return s.casUpdate(ctx, s.accounting, key, missing, &s.acct, mutate)
}

// revCache remembers keys' last seen revisions and values. Bounded; it
// forgets everything when full. A nil *revCache remembers nothing.
type revCache struct {
	mu sync.Mutex
	m  map[string]revEntry
}

type revEntry struct {
	rev uint64
	val []byte
}

const maxRevCache = 1 << 16

func (c *revCache) get(key string) (uint64, []byte, bool) {
	if c == nil {
		return 0, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	return e.rev, e.val, ok
}

func (c *revCache) put(key string, rev uint64, val []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxRevCache {
		c.m = make(map[string]revEntry)
	}
	c.m[key] = revEntry{rev, bytes.Clone(val)}
}

func (c *revCache) drop(key string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// channel returns a channel's record and its revision (nil, 0 if none).
func (s *store) channel(ctx context.Context, key string) (*channelRecord, uint64, error) {
	e, err := s.kvGet(ctx, s.channels, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, unavailable("kv get channel", err)
	}
	r, err := decodeChannelRecord(e.Value())
	if err != nil {
		return nil, 0, err
	}
	return r, e.Revision(), nil
}

// settle makes sure an accepted record is in the history stream and in the
// accounting bucket. It is idempotent.
func (s *store) settle(ctx context.Context, r *channelRecord) error {
	_, err := s.settleWith(ctx, r, nil, r, 0, false)
	return err
}

// settleWith settles r, saving reads with what the caller knows: prev is
// the record r replaced, itself settled (nil: r is the channel's first
// record, so its accounting keys are new; r itself: no hint);
// histSeq is the history subject's last sequence when histKnown. The
// history append and the two accounting updates are independent and
// idempotent, so they run at once: one round trip instead of up to six.
// enc is r's JSON encoding if the caller has it. It returns the history
// subject's last sequence.
func (s *store) settleWith(ctx context.Context, r *channelRecord, enc []byte, prev *channelRecord, histSeq uint64, histKnown bool) (uint64, error) {
	// A key r's predecessor did not use is probably missing (a wrong
	// guess costs a failed create, never a wrong value).
	ek, tk := r.accountingKeys()
	emiss, tmiss := true, true
	if prev != nil {
		pek, ptk := prev.accountingKeys()
		emiss, tmiss = ek != pek, tk != ptk
	}
	var wg sync.WaitGroup
	var eerr, terr error
	wg.Add(2)
	go func() { defer wg.Done(); eerr = s.accountEpoch(ctx, r, ek, emiss) }()
	go func() { defer wg.Done(); terr = s.accountLatest(ctx, r, tk, tmiss) }()
	seq, herr := s.appendHistory(ctx, r, enc, histSeq, histKnown)
	wg.Wait()
	for _, err := range []error{herr, eerr, terr} {
		if err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// appendHistory appends r to its channel's history unless it is there
// (records are appended in nonce order) and returns the subject's last
// sequence. known: last is that sequence already (no read needed first).
// data is r's JSON encoding (nil: encoded here).
func (s *store) appendHistory(ctx context.Context, r *channelRecord, data []byte, last uint64, known bool) (uint64, error) {
	subj := subjectAttLog + "." + r.key()
	if data == nil {
		var err error
		if data, err = json.Marshal(r); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrInternal, err)
		}
	}
	for attempt := 0; attempt < maxCASAttempts; attempt++ {
		lastSeq := last
		if !known || attempt > 0 {
			lastSeq = 0
			lm, err := s.lastMsg(ctx, s.attLog, subj)
			switch {
			case err == nil:
				lr, err := decodeChannelRecord(lm.Data)
				if err != nil {
					return 0, err
				}
				if lr.Nonce >= r.Nonce {
					return lm.Sequence, nil // already there
				}
				lastSeq = lm.Sequence
			case errors.Is(err, jetstream.ErrMsgNotFound):
			default:
				return 0, unavailable("history last", err)
			}
		}
		// The expected last sequence makes the append a compare-and-set
		// too: two verifiers settling the same record append it once.
		ack, err := s.publish(ctx, subj, data, jetstream.WithMsgID("att-"+r.key()+"-"+strconv.FormatUint(r.Nonce, 10)),
			jetstream.WithExpectLastSequencePerSubject(lastSeq))
		if err == nil {
			return ack.Sequence, nil
		}
		if !isConflict(err) {
			return 0, unavailable("history append", err)
		}
		if attempt > 0 || !known {
			if err := backoff(ctx, attempt); err != nil {
				return 0, unavailable("history append", err)
			}
		}
	}
	return 0, &Error{Reason: ReasonUnavailable, Detail: "history append: too much contention"}
}

// offchainPrefix marks the accounting keys of channels not checked on
// chain: their bytes are reported apart and never in the epoch totals.
const offchainPrefix = "o."

// accountingKeys names r's accounting keys: e.<epoch>.<miner>.<channel>
// and t.<miner>.<channel> (o.-prefixed off chain).
func (r *channelRecord) accountingKeys() (epoch, latest string) {
	mk, ck := r.minerKey(), r.key()
	pre := ""
	if !r.OnChain {
		pre = offchainPrefix
	}
	return fmt.Sprintf("%se.%d.%s.%s", pre, r.Epoch, mk, ck), fmt.Sprintf("%st.%s.%s", pre, mk, ck)
}

// accountEpoch widens the epoch key's range to r's bytes (min/max: no
// effect when applied twice). missing: the key is probably new.
func (s *store) accountEpoch(ctx context.Context, r *channelRecord, ekey string, missing bool) error {
	return s.accountingUpdate(ctx, ekey, missing, func(old []byte) ([]byte, error) {
		rg := epochRange{Start: r.PrevBytes, End: r.Bytes}
		if old != nil {
			var cur epochRange
			if err := json.Unmarshal(old, &cur); err != nil {
				return nil, fmt.Errorf("%w: accounting %s: %v", ErrInternal, ekey, err)
			}
			if cur.Start <= rg.Start && cur.End >= rg.End {
				return nil, nil
			}
			rg.Start, rg.End = min(cur.Start, rg.Start), max(cur.End, rg.End)
		}
		return json.Marshal(rg)
	})
}

// accountLatest raises the channel's latest cumulative bytes to r's.
func (s *store) accountLatest(ctx context.Context, r *channelRecord, tkey string, missing bool) error {
	return s.accountingUpdate(ctx, tkey, missing, func(old []byte) ([]byte, error) {
		if old != nil {
			cur, err := strconv.ParseUint(string(old), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: accounting %s: %v", ErrInternal, tkey, err)
			}
			if cur >= r.Bytes {
				return nil, nil
			}
		}
		return []byte(strconv.FormatUint(r.Bytes, 10)), nil
	})
}

// listKeys returns the keys of kv matching filter (none is not an error).
func (s *store) listKeys(ctx context.Context, kv jetstream.KeyValue, filter string, timeout time.Duration) ([]string, error) {
	var keys []string
	err := s.do(ctx, timeout, func(ctx context.Context) error {
		keys = keys[:0]
		l, err := kv.ListKeysFiltered(ctx, filter)
		if err != nil {
			return err
		}
		for k := range l.Keys() {
			keys = append(keys, k)
		}
		return ctx.Err() // the lister stops silently on cancellation
	})
	if err != nil {
		return nil, unavailable("kv list", err)
	}
	return keys, nil
}

// bytesAttested sums the latest cumulative bytes of a miner's channels on
// chain, and apart those of its off-chain channels.
func (s *store) bytesAttested(ctx context.Context, minerKey string) (onchain, offchain uint64, err error) {
	if onchain, err = s.sumLatest(ctx, "t."+minerKey+".*"); err != nil {
		return 0, 0, err
	}
	offchain, err = s.sumLatest(ctx, offchainPrefix+"t."+minerKey+".*")
	return onchain, offchain, err
}

func (s *store) sumLatest(ctx context.Context, filter string) (uint64, error) {
	keys, err := s.listKeys(ctx, s.accounting, filter, 4*s.opTimeout)
	if err != nil {
		return 0, err
	}
	var total uint64
	for _, k := range keys {
		e, err := s.kvGet(ctx, s.accounting, k)
		if err != nil {
			if errors.Is(err, jetstream.ErrKeyNotFound) {
				continue
			}
			return 0, unavailable("kv get", err)
		}
		v, err := strconv.ParseUint(string(e.Value()), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: accounting %s: %v", ErrInternal, k, err)
		}
		total += v
	}
	return total, nil
}

// epochBytes sums an epoch's attested bytes per miner (one miner, or all
// when minerKey is "*"): on-chain channels in Bytes, the others apart.
func (s *store) epochBytes(ctx context.Context, epoch uint64, minerKey string) ([]MinerBytes, error) {
	keys, err := s.listKeys(ctx, s.accounting, fmt.Sprintf("e.%d.%s.*", epoch, minerKey), 4*s.opTimeout)
	if err != nil {
		return nil, err
	}
	off, err := s.listKeys(ctx, s.accounting, fmt.Sprintf("%se.%d.%s.*", offchainPrefix, epoch, minerKey), 4*s.opTimeout)
	if err != nil {
		return nil, err
	}
	byMiner := map[string]*MinerBytes{}
	var order []string
	for _, k := range append(keys, off...) {
		offchain := strings.HasPrefix(k, offchainPrefix)
		parts := strings.Split(strings.TrimPrefix(k, offchainPrefix), ".")
		if len(parts) != 4 {
			continue
		}
		e, err := s.kvGet(ctx, s.accounting, k)
		if err != nil {
			if errors.Is(err, jetstream.ErrKeyNotFound) {
				continue
			}
			return nil, unavailable("kv get", err)
		}
		var rg epochRange
		if err := json.Unmarshal(e.Value(), &rg); err != nil || rg.End < rg.Start {
			return nil, fmt.Errorf("%w: accounting %s", ErrInternal, k)
		}
		m := byMiner[parts[2]]
		if m == nil {
			m = &MinerBytes{Miner: "0x" + parts[2]}
			byMiner[parts[2]] = m
			order = append(order, parts[2])
		}
		if offchain {
			m.OffchainBytes += rg.End - rg.Start
			m.OffchainChannels++
		} else {
			m.Bytes += rg.End - rg.Start
			m.Channels++
		}
	}
	out := make([]MinerBytes, 0, len(order))
	for _, k := range sortedKeys(byMiner) {
		out = append(out, *byMiner[k])
	}
	return out, nil
}

// appendReport stores a verified report; it returns the stream sequence
// of the report (the original one for a duplicate) and whether it was one.
func (s *store) appendReport(ctx context.Context, r *reportRecord, accusedKey string) (uint64, bool, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return 0, false, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	ack, err := s.publish(ctx, subjectReportLog+"."+accusedKey, data, jetstream.WithMsgID("report-"+r.Hash))
	if err != nil {
		return 0, false, unavailable("report append", err)
	}
	return ack.Sequence, ack.Duplicate, nil
}

// foldPolicy says when a party is flagged.
type foldPolicy struct {
	ComplaintThreshold int
	Now                func() time.Time
}

// fold brings accused's standing up to report sequence upTo and returns it.
func (s *store) fold(ctx context.Context, accusedKey string, upTo uint64, pol foldPolicy) (*standingRecord, error) {
	subj := subjectReportLog + "." + accusedKey
	var out *standingRecord
	err := s.casUpdate(ctx, s.standing, accusedKey, false, nil, func(old []byte) ([]byte, error) {
		st := &standingRecord{Party: "0x" + accusedKey}
		if old != nil {
			var err error
			if st, err = decodeStandingRecord(old); err != nil {
				return nil, err
			}
		}
		out = st
		if st.LastSeq >= upTo {
			return nil, nil
		}
		for seq := st.LastSeq + 1; seq <= upTo; {
			m, err := s.getMsg(ctx, s.reportLog, seq, jetstream.WithGetMsgSubject(subj))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				break
			}
			if err != nil {
				return nil, unavailable("report read", err)
			}
			if m.Sequence > upTo {
				break
			}
			rr, err := decodeReportRecord(m.Data)
			if err != nil {
				return nil, err
			}
			applyReport(st, rr, pol)
			st.LastSeq = m.Sequence
			seq = m.Sequence + 1
		}
		st.LastSeq = max(st.LastSeq, upTo)
		return json.Marshal(st)
	})
	return out, err
}

// applyReport folds one report into a standing. A proven fault counts once
// per piece of evidence and flags at once; complaints count, but only
// distinct complainants weigh: one reporter adds at most 1 to the weight,
// however often it complains, so one client cannot ruin a miner.
func applyReport(st *standingRecord, rr *reportRecord, pol foldPolicy) {
	if rr.Proven {
		if contains(st.Evidence, rr.Evidence) {
			return
		}
		st.Proven++
		if len(st.Evidence) < maxRemembered {
			st.Evidence = append(st.Evidence, rr.Evidence)
		}
	} else {
		st.Complaints++
		if !contains(st.Complainants, rr.Reporter) {
			st.NComplainants++
			if len(st.Complainants) < maxRemembered {
				st.Complainants = append(st.Complainants, rr.Reporter)
			}
		}
	}
	if st.Flagged {
		return
	}
	switch {
	case st.Proven > 0:
		st.Flagged, st.FlagReason = true, "proven fault: "+rr.Kind
	case pol.ComplaintThreshold > 0 && st.NComplainants >= uint64(pol.ComplaintThreshold):
		st.Flagged, st.FlagReason = true, fmt.Sprintf("complaints from %d distinct reporters", st.NComplainants)
	}
	if st.Flagged {
		t := rr.ReceivedAt.UTC()
		st.FlaggedAt = &t
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// markFlagPublished records that the flag event went out.
func (s *store) markFlagPublished(ctx context.Context, key string) error {
	return s.casUpdate(ctx, s.standing, key, false, nil, func(old []byte) ([]byte, error) {
		if old == nil {
			return nil, nil
		}
		st, err := decodeStandingRecord(old)
		if err != nil || st.FlagPublished {
			return nil, err
		}
		st.FlagPublished = true
		return json.Marshal(st)
	})
}

// getStanding returns a party's standing record (an empty one if none).
func (s *store) getStanding(ctx context.Context, key string) (*standingRecord, error) {
	e, err := s.kvGet(ctx, s.standing, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return &standingRecord{Party: "0x" + key}, nil
	}
	if err != nil {
		return nil, unavailable("kv get standing", err)
	}
	return decodeStandingRecord(e.Value())
}

func jsMsgID(id string) jetstream.PublishOpt { return jetstream.WithMsgID(id) }
