package verifier

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bwproof/bwproof/attest"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startCluster starts three in-process nodes with JetStream.
func startCluster(t *testing.T) []*server.Server {
	t.Helper()
	ports := []int{freePort(t), freePort(t), freePort(t)}
	nodes := make([]*server.Server, 3)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range nodes {
		var routes []string
		for j, p := range ports {
			if j != i {
				routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", p))
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			nodes[i], errs[i] = StartServer(ServerOptions{DataDir: t.TempDir(), Port: -1, ServerName: fmt.Sprintf("n%d", i),
				Cluster: &ClusterOptions{Name: "bwproof-test", Port: ports[i], Routes: routes}, Log: testLogger(t, slog.LevelWarn)})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		n := nodes[i]
		t.Cleanup(func() { n.Shutdown(); n.WaitForShutdown() })
	}
	return nodes
}

// clusterConn connects to the nodes in the given order of preference.
func clusterConn(t *testing.T, nodes []*server.Server, order ...int) *nats.Conn {
	t.Helper()
	var urls []string
	for _, i := range order {
		urls = append(urls, nodes[i].ClientURL())
	}
	nc, err := nats.Connect(strings.Join(urls, ","), nats.DontRandomize(), nats.MaxReconnects(-1),
		nats.ReconnectWait(50*time.Millisecond), nats.Name(t.Name()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// submitRetry submits until the answer is not "unavailable" (a cluster
// re-electing leaders after a node loss answers so for a few seconds).
func submitRetry(ctx context.Context, c *Client, a *attest.Attestation, sub *AttestationSubmission) (*Acceptance, error) {
	for {
		acc, err := c.Submit(ctx, sub)
		if !errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
			return acc, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// raceSubmissions sends n different valid proofs of one (channel, nonce)
// at once and returns how many were accepted as new.
func raceSubmissions(t *testing.T, ctx context.Context, c *Client, base *attest.Attestation, n int, miner *ecdsa.PrivateKey) int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for i := 0; i < n; i++ {
		sub, err := NewAttestationSubmission(rerandomize(t, testKeys(t), base), miner)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc, err := submitRetry(ctx, c, base, sub)
			switch {
			case err == nil && !acc.Duplicate:
				mu.Lock()
				accepted++
				mu.Unlock()
			case err == nil:
				t.Errorf("a different proof reported as a duplicate")
			case !errors.Is(err, ErrStaleNonce):
				t.Errorf("race submission: %v", err)
			}
		}()
	}
	wg.Wait()
	return accepted
}

// Three nodes, two verifiers sharing the work: every (channel, nonce) is
// accepted once, and the service keeps serving when a node and a verifier
// are stopped.
func TestClusterFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-node cluster")
	}
	steps := []*attest.Attestation{realProof(t, 1, 0), realProof(t, 1, 1), realProof(t, 1, 2)}
	nodes := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := func(o *Options) {
		o.Replicas = 3
		o.RequestTimeout = 20 * time.Second
		o.Log = testLogger(t, slog.LevelInfo)
	}
	v1 := startService(t, clusterConn(t, nodes, 0, 1, 2), opts)
	v2 := startService(t, clusterConn(t, nodes, 1, 2, 0), opts)
	c := NewClient(clusterConn(t, nodes, 2, 1, 0), ClientOptions{Timeout: 20 * time.Second})
	miner := newKey(t)

	if got := raceSubmissions(t, ctx, c, steps[0], 12, miner); got != 1 {
		t.Fatalf("nonce 1: %d acceptances", got)
	}
	served := func(v *Service) float64 {
		m := v.Metrics()
		return m.Counter(mAttestations, "result", "accepted", "reason", "") +
			m.Counter(mAttestations, "result", "rejected", "reason", string(ReasonStaleNonce))
	}
	if served(v1) == 0 || served(v2) == 0 {
		t.Fatalf("the queue group did not share the work: v1 %v, v2 %v", served(v1), served(v2))
	}

	// Stop a verifier, and the node that leads the channel bucket's
	// stream (the compare-and-set must move to a new leader).
	js, err := jetstream.New(clusterConn(t, nodes, 2, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	kvs, err := js.Stream(ctx, "KV_"+BucketChannels)
	if err != nil {
		t.Fatal(err)
	}
	info, err := kvs.Info(ctx)
	if err != nil || info.Cluster == nil {
		t.Fatalf("stream info %+v %v", info, err)
	}
	down := -1
	for i, n := range nodes {
		if n.Name() == info.Cluster.Leader {
			down = i
		}
	}
	if down < 0 {
		t.Fatalf("leader %q is none of the nodes", info.Cluster.Leader)
	}
	stopCtx, stopCancel := context.WithTimeout(ctx, 10*time.Second)
	v1.Stop(stopCtx)
	stopCancel()
	nodes[down].Shutdown()
	nodes[down].WaitForShutdown()
	live := []int{}
	for i := range nodes {
		if i != down {
			live = append(live, i)
		}
	}

	start := time.Now()
	sub, err := NewAttestationSubmission(steps[1], miner)
	if err != nil {
		t.Fatal(err)
	}
	if acc, err := submitRetry(ctx, c, steps[1], sub); err != nil || acc.Duplicate {
		t.Fatalf("after the failure: %+v %v", acc, err)
	}
	t.Logf("stopped node n%d (leader of the channel bucket) and verifier 1; first acceptance %s later",
		down, time.Since(start).Round(time.Millisecond))
	if got := raceSubmissions(t, ctx, c, steps[2], 8, miner); got != 1 {
		t.Fatalf("nonce 3: %d acceptances", got)
	}
	// Replays of accepted nonces are refused.
	for _, a := range steps {
		sub, _ := NewAttestationSubmission(rerandomize(t, testKeys(t), a), miner)
		if _, err := submitRetry(ctx, c, a, sub); !errors.Is(err, ErrStaleNonce) {
			t.Fatalf("replay of nonce %d: %v", a.Nonce(), err)
		}
	}
	st, err := c.ChannelState(ctx, steps[2].ChannelID())
	if err != nil || st.Nonce != steps[2].Nonce() || st.Bytes != fixtureBytes {
		t.Fatalf("channel state %+v %v", st, err)
	}
	// The history holds exactly one record per accepted nonce.
	js, err = jetstream.New(clusterConn(t, nodes, live...))
	if err != nil {
		t.Fatal(err)
	}
	hist, err := js.Stream(ctx, StreamAttLog)
	if err != nil {
		t.Fatal(err)
	}
	var nonces []uint64
	for seq := uint64(1); ; {
		m, err := hist.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(subjectAttLog+"."+elemKey(steps[0].ChannelID())))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := decodeChannelRecord(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		nonces = append(nonces, r.Nonce)
		seq = m.Sequence + 1
	}
	if fmt.Sprint(nonces) != "[1 2 3]" {
		t.Fatalf("history nonces %v", nonces)
	}
	if sd, err := c.Standing(ctx, addrOf(miner)); err != nil || sd.BytesAttestedOffchain != fixtureBytes {
		t.Fatalf("standing %+v %v", sd, err)
	}
	_ = v2
}
