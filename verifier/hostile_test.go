package verifier

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/protocol"
)

// hostileEnv is an embedded server enforcing an access layout with one
// user per role (and a second client), and a verifier serving on it.
type hostileEnv struct {
	url    string
	seeds  map[string][]byte // by user name
	roles  map[string]Role
	svc    *Service
	vnc    *nats.Conn // the verifier's own connection
	layout *AuthLayout
}

func newHostileEnv(t *testing.T, mod func(*Options)) *hostileEnv {
	t.Helper()
	h := &hostileEnv{seeds: map[string][]byte{}, roles: map[string]Role{}, layout: &AuthLayout{}}
	for _, u := range []struct {
		name string
		role Role
	}{{"verifier", RoleVerifier}, {"miner-1", RoleMiner}, {"miner-2", RoleMiner}, {"client-1", RoleClient},
		{"client-2", RoleClient}, {"ops-1", RoleOps}} {
		seed, err := h.layout.NewUser(u.name, u.role)
		if err != nil {
			t.Fatal(err)
		}
		h.seeds[u.name], h.roles[u.name] = seed, u.role
	}
	srv := startServer(t, "", h.layout)
	h.url = srv.ClientURL()
	h.vnc = connect(t, h.url, h.seeds["verifier"])
	h.svc = startService(t, h.vnc, mod)
	return h
}

// userConn connects as a user and collects its permission violations.
type userConn struct {
	*nats.Conn
	mu         sync.Mutex
	violations []string
}

func (h *hostileEnv) conn(t *testing.T, name string) *userConn {
	t.Helper()
	opt, err := nkeyOption(h.seeds[name])
	if err != nil {
		t.Fatal(err)
	}
	uc := &userConn{}
	nc, err := nats.Connect(h.url, opt, nats.Name(name), nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		uc.mu.Lock()
		uc.violations = append(uc.violations, err.Error())
		uc.mu.Unlock()
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	uc.Conn = nc
	return uc
}

// violated reports whether the server refused something about subject.
func (uc *userConn) violated(subject string) bool {
	uc.Flush()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		uc.mu.Lock()
		for _, v := range uc.violations {
			if strings.Contains(v, `"`+subject+`"`) {
				uc.mu.Unlock()
				return true
			}
		}
		uc.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// storeSnapshot is everything the verifier keeps: every stream's state
// and every KV record with its revision.
type storeSnapshot struct {
	streams map[string]string
	kv      map[string]string
}

func snapshotStore(t *testing.T, nc *nats.Conn) *storeSnapshot {
	t.Helper()
	ctx := ctxT(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	s := &storeSnapshot{streams: map[string]string{}, kv: map[string]string{}}
	for _, name := range []string{"KV_" + BucketChannels, "KV_" + BucketAccounting, "KV_" + BucketStanding,
		StreamAttLog, StreamReportLog, StreamFlags, StreamVerdicts} {
		st, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatalf("stream %s: %v", name, err)
		}
		info, err := st.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s.streams[name] = fmt.Sprintf("msgs=%d first=%d last=%d deleted=%d", info.State.Msgs, info.State.FirstSeq,
			info.State.LastSeq, info.State.NumDeleted)
	}
	for _, b := range []string{BucketChannels, BucketAccounting, BucketStanding} {
		kv, err := js.KeyValue(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		l, err := kv.ListKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for k := range l.Keys() {
			e, err := kv.Get(ctx, k)
			if err != nil {
				t.Fatalf("kv %s %s: %v", b, k, err)
			}
			s.kv[b+"/"+k] = fmt.Sprintf("rev=%d %s", e.Revision(), e.Value())
		}
	}
	return s
}

func (s *storeSnapshot) diff(o *storeSnapshot) string {
	var out []string
	for k, v := range s.streams {
		if o.streams[k] != v {
			out = append(out, fmt.Sprintf("stream %s: %s -> %s", k, v, o.streams[k]))
		}
	}
	for k, v := range s.kv {
		if o.kv[k] != v {
			out = append(out, fmt.Sprintf("kv %s: %s -> %s", k, v, o.kv[k]))
		}
	}
	for k, v := range o.kv {
		if _, ok := s.kv[k]; !ok {
			out = append(out, fmt.Sprintf("kv %s: new %s", k, v))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// A hostile miner, client or ops user tries every reply-subject trick and
// every direct access to the verifier's state: each is refused or lands
// nowhere, the stores are unchanged afterwards, nobody sees a forged
// event, and no user reads another's replies.
func TestHostileClientCannotTouchStores(t *testing.T) {
	a0, a1 := realProof(t, 1, 0), realProof(t, 1, 1)
	h := newHostileEnv(t, func(o *Options) { o.Log = testLogger(t, slog.LevelWarn) })
	ctx := ctxT(t)
	minerKey, reporter := newKey(t), newKey(t)
	mc := NewClient(h.conn(t, "miner-1").Conn, ClientOptions{Timeout: 5 * time.Second})
	if _, err := mc.SubmitAttestation(ctx, a0, minerKey); err != nil {
		t.Fatal(err)
	}
	if _, err := mc.SubmitAttestation(ctx, a1, minerKey); err != nil {
		t.Fatal(err)
	}
	m2 := NewClient(h.conn(t, "miner-2").Conn, ClientOptions{Timeout: 5 * time.Second})
	cc := NewClient(h.conn(t, "client-2").Conn, ClientOptions{Timeout: 5 * time.Second})
	if _, err := cc.SubmitReport(ctx, report(t, 2, reporter, addrOf(minerKey), "slow")); err != nil {
		t.Fatal(err)
	}
	channel := elementHex(a1.ChannelID())
	party := addrKey(addrOf(minerKey))
	before := snapshotStore(t, h.vnc)

	// Whoever listens for events, in the users' world and in the
	// verifier's, must hear nothing while the tricks run.
	var heardMu sync.Mutex
	var heard []string
	listen := func(nc *nats.Conn, subj string) {
		sub, err := nc.Subscribe(subj, func(m *nats.Msg) {
			heardMu.Lock()
			heard = append(heard, m.Subject+": "+string(m.Data))
			heardMu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sub.Unsubscribe() })
		nc.Flush()
	}
	bystander := h.conn(t, "client-2")
	listen(bystander.Conn, SubjectFlags+".*")
	listen(bystander.Conn, SubjectVerdicts+".*")
	for _, subj := range []string{SubjectFlags + ".>", SubjectVerdicts + ".>", SubjectPrefix + ".events.>", SubjectPrefix + ".log.>"} {
		listen(h.vnc, subj)
	}

	queryChannel := []byte(`{"channel":"` + channel + `"}`)
	solidity := []byte(`{"circuit_id":"` + testKeys(t).CircuitID.String() + `"}`)
	tricks := []struct {
		name, subject, reply string
		body                 []byte
	}{
		{"purge-channels", SubjectExportSolidity, "$JS.API.STREAM.PURGE.KV_" + BucketChannels, solidity},
		{"purge-attestations", SubjectExportSolidity, "$JS.API.STREAM.PURGE." + StreamAttLog, solidity},
		{"delete-stream", SubjectExportSolidity, "$JS.API.STREAM.DELETE.KV_" + BucketStanding, solidity},
		{"overwrite-channel", SubjectQueryChannel, "$KV." + BucketChannels + "." + strings.TrimPrefix(channel, "0x"), queryChannel},
		{"overwrite-standing", SubjectQueryChannel, "$KV." + BucketStanding + "." + party, queryChannel},
		{"forge-flag", SubjectQueryChannel, FlagSubject(party), queryChannel},
		{"forge-flag-event", SubjectQueryChannel, subjectFlagEvents + "." + party, queryChannel},
		{"forge-verdict", SubjectQueryChannel, SubjectVerdicts + "." + party, queryChannel},
		{"forge-history", SubjectQueryChannel, subjectAttLog + "." + strings.TrimPrefix(channel, "0x"), queryChannel},
		{"sys-ping", SubjectQueryChannel, "$SYS.REQ.SERVER.PING", queryChannel},
		{"sys-account", SubjectQueryChannel, "$SYS.REQ.ACCOUNT.PING.CONNZ", queryChannel},
		{"srv-ping", SubjectQueryChannel, "$SRV.PING", queryChannel},
	}
	for _, user := range []string{"miner-1", "client-1", "ops-1"} {
		t.Run(string(h.roles[user]), func(t *testing.T) {
			uc := h.conn(t, user)
			for _, tr := range tricks {
				t.Run(tr.name, func(t *testing.T) {
					if err := uc.PublishRequest(tr.subject, tr.reply, tr.body); err != nil {
						t.Fatal(err)
					}
					uc.Flush()
				})
			}
			// No direct access to JetStream, the KV subjects, the event
			// subjects or the system account.
			for _, subj := range []string{"$JS.API.STREAM.PURGE.KV_" + BucketChannels, "$JS.API.INFO",
				"$KV." + BucketChannels + "." + strings.TrimPrefix(channel, "0x"), FlagSubject(party),
				subjectFlagEvents + "." + party, "$SYS.REQ.SERVER.PING"} {
				t.Run("publish "+subj, func(t *testing.T) {
					if err := uc.Publish(subj, []byte(`{}`)); err != nil {
						t.Fatal(err)
					}
					if !uc.violated(subj) {
						t.Fatalf("%s may publish on %s", user, subj)
					}
				})
			}
			js, _ := jetstream.New(uc.Conn)
			jctx, cancel := context.WithTimeout(ctx, time.Second)
			if _, err := js.AccountInfo(jctx); err == nil {
				t.Fatalf("%s reached a JetStream API", user)
			}
			cancel()
			// Nobody can read another user's replies or the verifier's own.
			t.Run("snoop", func(t *testing.T) {
				var got []string
				var gotMu sync.Mutex
				for _, subj := range []string{"_INBOX.>", "$SYS.>", ">"} {
					sub, err := uc.Subscribe(subj, func(m *nats.Msg) {
						gotMu.Lock()
						got = append(got, m.Subject)
						gotMu.Unlock()
					})
					if err != nil {
						t.Fatal(err)
					}
					defer sub.Unsubscribe()
				}
				uc.Flush()
				other := NewClient(h.conn(t, "client-2").Conn, ClientOptions{Timeout: 5 * time.Second})
				if _, err := other.ChannelState(ctx, a1.ChannelID()); err != nil {
					t.Fatal(err)
				}
				if _, err := m2.SubmitAttestation(ctx, a1, minerKey); err != nil { // the verifier uses JetStream
					t.Fatal(err)
				}
				time.Sleep(200 * time.Millisecond)
				gotMu.Lock()
				defer gotMu.Unlock()
				if len(got) > 0 {
					t.Fatalf("%s read %d messages not meant for it, e.g. %s", user, len(got), got[0])
				}
			})
		})
	}

	// The stores are exactly as they were, and behave so.
	h.vnc.Flush()
	time.Sleep(300 * time.Millisecond)
	if d := before.diff(snapshotStore(t, h.vnc)); d != "" {
		t.Fatalf("the stores changed:\n%s", d)
	}
	heardMu.Lock()
	if len(heard) > 0 {
		t.Fatalf("forged events were heard: %q", heard)
	}
	heardMu.Unlock()
	_, err := mc.SubmitAttestation(ctx, a0, minerKey)
	mustReason(t, err, ReasonStaleNonce)
	if st, err := cc.ChannelState(ctx, a1.ChannelID()); err != nil || st.Nonce != a1.Nonce() {
		t.Fatalf("channel after the tricks: %+v %v", st, err)
	}
	// Another miner's copy of the accepted attestation stays the first
	// miner's.
	if acc, err := mc.SubmitAttestation(ctx, a1, newKey(t)); err != nil || !acc.Duplicate || acc.Channel.Miner != addrOf(minerKey).Hex() {
		t.Fatalf("another miner's copy: %+v %v", acc, err)
	}
}

// proofsVerified counts the proofs that reached a pairing check.
func proofsVerified(s *Service) float64 {
	return s.Metrics().Counter(mProofs, "result", "valid") + s.Metrics().Counter(mProofs, "result", "invalid")
}

// Throwaway miner keys do not buy pairings: one credential's flood of
// invalid proofs, each signed by a fresh key, is cut by the per-credential
// limit, and what can be refused without a pairing never reaches one.
func TestFloodOfThrowawayKeysIsLimitedPerCredential(t *testing.T) {
	k := testKeys(t)
	a0, a1, a2 := realProof(t, 3, 0), realProof(t, 3, 1), realProof(t, 3, 2)
	const burst = 12
	h := newHostileEnv(t, func(o *Options) { o.CredentialRate, o.CredentialBurst = 0.001, burst })
	ctx := ctxT(t)

	// Cheap refusals from one credential: none costs a pairing.
	mc := NewClient(h.conn(t, "miner-2").Conn, ClientOptions{Timeout: 5 * time.Second})
	miner := newKey(t)
	if _, err := mc.SubmitAttestation(ctx, a1, miner); err != nil { // one valid proof: one pairing
		t.Fatal(err)
	}
	base := proofsVerified(h.svc)
	if base != 1 {
		t.Fatalf("%v proofs verified for one submission", base)
	}
	unknown := *a2
	unknown.CircuitID[0] ^= 1
	shape := *a2
	shape.Shape = protocol.ShapeFor(8)
	badSig, err := NewAttestationSubmission(a2, miner)
	if err != nil {
		t.Fatal(err)
	}
	badSig.Signature[5] ^= 1
	cheap := []struct {
		name string
		sub  func() (*Acceptance, error)
		want Reason
	}{
		{"unknown circuit", func() (*Acceptance, error) { return mc.SubmitAttestation(ctx, &unknown, miner) }, ReasonUnknownCircuit},
		{"shape", func() (*Acceptance, error) { return mc.SubmitAttestation(ctx, &shape, miner) }, ReasonShapeMismatch},
		{"signature", func() (*Acceptance, error) { return mc.Submit(ctx, badSig) }, ReasonBadSignature},
		{"stale nonce", func() (*Acceptance, error) { return mc.SubmitAttestation(ctx, a0, miner) }, ReasonStaleNonce},
		{"stale nonce, new proof", func() (*Acceptance, error) { return mc.SubmitAttestation(ctx, rerandomize(t, k, a0), miner) }, ReasonStaleNonce},
		{"wrong miner", func() (*Acceptance, error) { return mc.SubmitAttestation(ctx, a2, newKey(t)) }, ReasonWrongMiner},
		{"duplicate", func() (*Acceptance, error) { return mc.SubmitAttestation(ctx, a1, miner) }, ""},
	}
	for _, c := range cheap {
		_, err := c.sub()
		if c.want == "" {
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			continue
		}
		mustReason(t, err, c.want)
	}
	if n := proofsVerified(h.svc); n != base {
		t.Fatalf("cheap refusals cost %v pairings", n-base)
	}

	// The flood: invalid proofs (A and C swapped), each from a fresh key,
	// over one connection. At most the credential's burst reaches a pairing.
	flood := NewClient(h.conn(t, "miner-1").Conn, ClientOptions{Timeout: 5 * time.Second})
	bad := withProof(t, realProof(t, 4, 0), func(p *groth16bn254.Proof) { p.Ar, p.Krs = p.Krs, p.Ar })
	base = proofsVerified(h.svc)
	var limited, invalid int
	const n = 3 * burst
	for i := 0; i < n; i++ {
		_, err := flood.SubmitAttestation(ctx, bad, newKey(t))
		switch {
		case errors.Is(err, ErrRateLimited):
			limited++
		case errors.Is(err, ErrInvalidProof):
			invalid++
		default:
			t.Fatalf("flood submission %d: %v", i, err)
		}
	}
	if invalid > burst || limited < n-burst {
		t.Fatalf("%d invalid proofs checked, %d refused by the credential limit (burst %d)", invalid, limited, burst)
	}
	if got := proofsVerified(h.svc) - base; got != float64(invalid) {
		t.Fatalf("%v pairings for %d checked proofs", got, invalid)
	}
	// Another credential is not affected.
	if _, err := NewClient(h.conn(t, "client-1").Conn, ClientOptions{Timeout: 5 * time.Second}).ChannelState(ctx, a1.ChannelID()); err != nil {
		t.Fatal(err)
	}
}

// The verifier's buckets refuse purge, message delete and roll-up, and a
// bucket made by an older verifier (KV defaults) is brought to that
// configuration at startup, keeping its records.
func TestBucketsCannotBeErased(t *testing.T) {
	srv := startServer(t, "", nil)
	nc := connect(t, srv.ClientURL(), nil)
	ctx := ctxT(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	old, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: BucketChannels, History: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Put(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	startService(t, nc, nil)
	for _, b := range []string{BucketChannels, BucketAccounting, BucketStanding} {
		st, err := js.Stream(ctx, "KV_"+b)
		if err != nil {
			t.Fatal(err)
		}
		c := st.CachedInfo().Config
		if !c.DenyPurge || !c.DenyDelete || c.AllowRollup {
			t.Fatalf("bucket %s: deny purge %v, deny delete %v, roll-up %v", b, c.DenyPurge, c.DenyDelete, c.AllowRollup)
		}
		if err := st.Purge(ctx); err == nil {
			t.Fatalf("bucket %s was purged", b)
		}
	}
	kv, err := js.KeyValue(ctx, BucketChannels)
	if err != nil {
		t.Fatal(err)
	}
	if e, err := kv.Get(ctx, "k"); err != nil || string(e.Value()) != "v" {
		t.Fatalf("record after the upgrade: %v", err)
	}
	if err := kv.Purge(ctx, "k"); err == nil {
		t.Fatal("a key was purged (roll-up)")
	}
	st, _ := js.Stream(ctx, "KV_"+BucketChannels)
	if err := st.DeleteMsg(ctx, 1); err == nil {
		t.Fatal("a record was deleted")
	}
	// A second start binds to the buckets as they are.
	startService(t, nc, nil)
}

// The block `verifier creds --server-config` prints runs an external
// server as is: the verifier serves, users query, ops discover, and users
// have no JetStream.
func TestExternalServerConfig(t *testing.T) {
	a0 := realProof(t, 1, 0)
	h := &hostileEnv{seeds: map[string][]byte{}, layout: &AuthLayout{}}
	for _, u := range []struct {
		name string
		role Role
	}{{"v", RoleVerifier}, {"m", RoleMiner}, {"o", RoleOps}} {
		seed, err := h.layout.NewUser(u.name, u.role)
		if err != nil {
			t.Fatal(err)
		}
		h.seeds[u.name] = seed
	}
	block, err := h.layout.ServerConfig()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "nats-server.conf")
	text := fmt.Sprintf("listen: \"127.0.0.1:-1\"\njetstream { store_dir: %q }\n%s", filepath.Join(dir, "js"), block)
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(conf)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	opts.NoSigs, opts.NoLog = true, true
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	h.url = srv.ClientURL()
	startService(t, connect(t, h.url, h.seeds["v"]), nil)
	ctx := ctxT(t)
	mc := NewClient(h.conn(t, "m").Conn, ClientOptions{Timeout: 5 * time.Second})
	if _, err := mc.SubmitAttestation(ctx, a0, newKey(t)); err != nil {
		t.Fatal(err)
	}
	if st, err := mc.ChannelState(ctx, a0.ChannelID()); err != nil || st.Nonce != a0.Nonce() {
		t.Fatalf("query: %+v %v", st, err)
	}
	if _, err := h.conn(t, "o").Request("$SRV.PING."+ServiceName, nil, 5*time.Second); err != nil {
		t.Fatalf("ops ping: %v", err)
	}
	js, _ := jetstream.New(h.conn(t, "m").Conn)
	jctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if _, err := js.AccountInfo(jctx); err == nil {
		t.Fatal("a miner reached JetStream")
	}
}

// A single server that starts enforcing an access layout keeps the state
// it had without one.
func TestAuthUpgradeKeepsState(t *testing.T) {
	a0 := realProof(t, 1, 0)
	dir := t.TempDir()
	srv, err := StartServer(ServerOptions{DataDir: dir, Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := Connect(ConnectOptions{URL: srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(ctxT(t), Options{Conn: nc, Keys: []*attest.Keys{testKeys(t)}, AllowOffchain: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewClient(nc, ClientOptions{}).SubmitAttestation(ctxT(t), a0, newKey(t)); err != nil {
		t.Fatal(err)
	}
	svc.Stop(ctxT(t))
	nc.Close()
	srv.Shutdown()
	srv.WaitForShutdown()

	layout := &AuthLayout{}
	vseed, _ := layout.NewUser("v", RoleVerifier)
	cseed, _ := layout.NewUser("c", RoleClient)
	srv2 := startServer(t, dir, layout)
	startService(t, connect(t, srv2.ClientURL(), vseed), nil)
	st, err := NewClient(connect(t, srv2.ClientURL(), cseed), ClientOptions{Timeout: 5 * time.Second}).ChannelState(ctxT(t), a0.ChannelID())
	if err != nil || st.Nonce != a0.Nonce() {
		t.Fatalf("state after enabling the access layout: %+v %v", st, err)
	}
}
