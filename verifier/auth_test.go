package verifier

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bwproof/bwproof/internal/fsutil"
)

func TestAccessControl(t *testing.T) {
	a0, a1 := realProof(t, 1, 0), realProof(t, 1, 1) // before any deadline starts
	layout := &AuthLayout{}
	seeds := map[Role][]byte{}
	for _, r := range Roles {
		seed, err := layout.NewUser(string(r)+"-1", r)
		if err != nil {
			t.Fatal(err)
		}
		seeds[r] = seed
	}
	if _, err := layout.NewUser("miner-1", RoleMiner); !errors.Is(err, ErrAuth) {
		t.Fatalf("duplicate user name: %v", err)
	}
	// The layout survives a save and load.
	path := filepath.Join(t.TempDir(), AuthFile)
	if err := layout.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadAuthLayout(path)
	if err != nil || len(loaded.Users) != len(Roles) {
		t.Fatalf("load layout: %+v %v", loaded, err)
	}
	conf, err := loaded.ServerConfig()
	if err != nil || !strings.Contains(conf, layout.Users[1].NKey) || !strings.Contains(conf, `"`+SubjectSubmitAttestation+`"`) ||
		!strings.Contains(conf, `"`+SubjectSubmitBatch+`"`) {
		t.Fatalf("server config:\n%s\n%v", conf, err)
	}

	srv := startServer(t, "", loaded)
	url := srv.ClientURL()
	ctx := ctxT(t)

	if nc, err := Connect(ConnectOptions{URL: url, Timeout: time.Second}); err == nil {
		nc.Close()
		t.Fatal("connected without credentials")
	}
	stranger := &AuthLayout{}
	sseed, _ := stranger.NewUser("x", RoleVerifier)
	if nc, err := Connect(ConnectOptions{URL: url, NkeySeed: sseed, Timeout: time.Second}); err == nil {
		nc.Close()
		t.Fatal("connected with an unknown nkey")
	}

	startService(t, connect(t, url, seeds[RoleVerifier]), nil)

	violations := make(chan error, 16)
	roleConn := func(r Role) *nats.Conn {
		opt, err := nkeyOption(seeds[r])
		if err != nil {
			t.Fatal(err)
		}
		nc, err := nats.Connect(url, opt, nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			if errors.Is(err, nats.ErrPermissionViolation) {
				violations <- err
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		return nc
	}
	expectViolation := func(what string) {
		t.Helper()
		select {
		case err := <-violations:
			if !strings.Contains(err.Error(), what) {
				t.Fatalf("violation %v, want one about %s", err, what)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no permission violation for %s", what)
		}
	}

	mnc := roleConn(RoleMiner)
	mc := NewClient(mnc, ClientOptions{Timeout: 2 * time.Second})
	minerKey := newKey(t)
	if _, err := mc.SubmitAttestation(ctx, a0, minerKey); err != nil {
		t.Fatalf("miner submits an attestation: %v", err)
	}
	// The batch endpoint is reachable for a miner (this service has no
	// batch key: the reply is the service's unknown_circuit, not a
	// permission violation), not for a client (below).
	junkBatch := fuzzBatchSubmission(t).Attestation
	if _, err := mc.SubmitBatch(ctx, junkBatch, minerKey); ReasonOf(err) != ReasonUnknownCircuit {
		t.Fatalf("miner submits a batch: %v", err)
	}

	// Watch everything the verifier role can see.
	watch := connect(t, url, seeds[RoleVerifier])
	seen, err := watch.SubscribeSync(SubjectPrefix + ".>")
	if err != nil {
		t.Fatal(err)
	}
	watch.Flush()

	// A miner credential cannot publish a verdict or a flag, nor write to
	// the service's streams or JetStream's API.
	for _, subj := range []string{SubjectVerdicts + ".00", FlagSubject("00"), subjectAttLog + ".00",
		"$JS.API.STREAM.PURGE." + StreamReportLog} {
		if err := mnc.Publish(subj, []byte(`{"forged":true}`)); err != nil {
			t.Fatal(err)
		}
		mnc.Flush()
		expectViolation(subj)
	}
	if m, err := seen.NextMsg(300 * time.Millisecond); err == nil {
		t.Fatalf("a forged message got through: %s %s", m.Subject, m.Data)
	}

	// A client credential cannot submit attestations, nor use JetStream.
	cnc := roleConn(RoleClient)
	cc := NewClient(cnc, ClientOptions{Timeout: time.Second})
	if _, err := cc.SubmitAttestation(ctx, a1, minerKey); err == nil {
		t.Fatal("a client submitted an attestation")
	}
	expectViolation(SubjectSubmitAttestation)
	if _, err := cc.SubmitBatch(ctx, junkBatch, minerKey); err == nil {
		t.Fatal("a client submitted a batch")
	}
	expectViolation(SubjectSubmitBatch)
	js, _ := jetstream.New(cnc)
	jctx, cancel := context.WithTimeout(ctx, time.Second)
	if _, err := js.Stream(jctx, StreamReportLog); err == nil {
		t.Fatal("a client read the JetStream API")
	}
	cancel()
	// ... but it may report and query.
	if _, err := cc.SubmitReport(ctx, report(t, 2, newKey(t), addrOf(minerKey), "slow")); err != nil {
		t.Fatal(err)
	}
	if st, err := cc.ChannelState(ctx, a0.ChannelID()); err != nil || st.Nonce != 1 {
		t.Fatalf("client query: %+v %v", st, err)
	}

	// Ops may use the micro discovery subjects.
	onc := roleConn(RoleOps)
	if _, err := onc.Request("$SRV.PING."+ServiceName, nil, 2*time.Second); err != nil {
		t.Fatalf("ops ping: %v", err)
	}
}

func TestSeedFiles(t *testing.T) {
	l := &AuthLayout{}
	seed, err := l.NewUser("m", RoleMiner)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p, err := WriteSeed(dir, "m", seed)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("seed file mode: %v %v", fi.Mode(), err)
	}
	if _, err := WriteSeed(dir, "m", seed); err == nil {
		t.Fatal("overwrote a seed file")
	}
	back, err := ReadSeed(p)
	if err != nil || string(back) != string(seed) {
		t.Fatalf("read seed: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "bad.nk"), []byte("not a seed"), 0o600)
	if _, err := ReadSeed(filepath.Join(dir, "bad.nk")); !errors.Is(err, ErrAuth) {
		t.Fatalf("bad seed: %v", err)
	}
	for _, bad := range []string{`{"users":[{"name":"a","role":"admin","nkey":"x"}]}`, `{"users":[{"name":"","role":"miner"}]}`, `{`} {
		os.WriteFile(filepath.Join(dir, "auth.json"), []byte(bad), 0o644)
		if _, err := LoadAuthLayout(filepath.Join(dir, "auth.json")); !errors.Is(err, ErrAuth) {
			t.Fatalf("layout %s: %v", bad, err)
		}
	}
	// Operator files are read with a bound: an oversized (sparse) file is
	// refused by its size, before it is read.
	huge := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	if _, err := LoadAuthLayout(huge("huge.json", MaxAuthLayoutSize+1)); !errors.Is(err, ErrAuth) || !errors.Is(err, fsutil.ErrTooLarge) {
		t.Fatalf("huge layout: %v", err)
	}
	hugeSeed := huge("huge.nk", 1<<30)
	if _, err := ReadSeed(hugeSeed); !errors.Is(err, ErrAuth) || !errors.Is(err, fsutil.ErrTooLarge) {
		t.Fatalf("huge seed: %v", err)
	}
	if _, err := Connect(ConnectOptions{URL: "nats://127.0.0.1:1", NkeySeedFile: hugeSeed}); !errors.Is(err, fsutil.ErrTooLarge) {
		t.Fatalf("connect with a huge seed file: %v", err)
	}
}
