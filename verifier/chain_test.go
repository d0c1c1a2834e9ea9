package verifier

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

var (
	solOnce sync.Once
	solArt  *solc.Artifact
	solErr  error
)

// verifierArtifact compiles the Solidity verifier of testKeys once per
// test binary (the ChannelManager needs a verifier with code).
func verifierArtifact(t *testing.T) *solc.Artifact {
	t.Helper()
	c, err := solc.NewCompiler(solc.Options{})
	if errors.Is(err, solc.ErrNoSolc) && os.Getenv("CI") == "" {
		t.Skipf("%v (run `npm ci` in contracts/; CI fails instead of skipping)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	solOnce.Do(func() {
		var src bytes.Buffer
		if solErr = testKeys(t).ExportSolidity(&src); solErr != nil {
			return
		}
		solArt, solErr = solc.CompileVerifier(context.Background(), c, src.Bytes())
	})
	if solErr != nil {
		t.Fatal(solErr)
	}
	return solArt
}

// chainEnv is a simulated chain with the real contracts and a verifier
// service bound to them.
type chainEnv struct {
	t                           *testing.T
	ctx                         context.Context
	sim                         *contracts.Simulated
	m                           *contracts.Manager
	client, miner, owner, other *ecdsa.PrivateKey
	rkey                        *protocol.ReceiptKey
	svc                         *Service
	c                           *Client
}

func newChainEnv(t *testing.T, mod func(*Options)) *chainEnv {
	t.Helper()
	art := verifierArtifact(t)
	e := &chainEnv{t: t, ctx: ctxT(t)}
	alloc := types.GenesisAlloc{}
	var deployer *ecdsa.PrivateKey
	for i, k := range []**ecdsa.PrivateKey{&deployer, &e.client, &e.miner, &e.owner, &e.other} {
		key, acct := contracts.DevKey(uint64(i))
		*k = key
		alloc[crypto.PubkeyToAddress(key.PublicKey)] = acct
	}
	var err error
	if e.sim, err = contracts.NewSimulated(e.ctx, contracts.SimulatedOptions{Alloc: alloc}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.sim.Close() })
	v, _, err := contracts.DeployVerifier(e.ctx, e.sim.Chain, deployer, art)
	if err != nil {
		t.Fatal(err)
	}
	if e.m, _, err = contracts.DeployManager(e.ctx, e.sim.Chain, deployer, v.Address()); err != nil {
		t.Fatal(err)
	}
	if e.rkey, err = protocol.GenerateReceiptKey(prototest.NewSeeded(21)); err != nil {
		t.Fatal(err)
	}
	nc := connect(t, startServer(t, "", nil).ClientURL(), nil)
	src := contracts.NewChannelSource(e.m, contracts.ChannelSourceOptions{PollInterval: 20 * time.Millisecond})
	e.svc = startService(t, nc, func(o *Options) {
		o.AllowOffchain, o.Chain, o.ChainCacheTTL = false, src, time.Hour // only events refresh
		if mod != nil {
			mod(o)
		}
	})
	e.c = NewClient(nc, ClientOptions{})
	return e
}

func keyHashOf(t *testing.T, k *protocol.ReceiptKey) protocol.Element {
	t.Helper()
	h, err := k.Public().Hash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// open opens a channel from the client to the miner whose receipts are
// signed with a key of hash kh.
func (e *chainEnv) open(kh protocol.Element) protocol.Element {
	e.t.Helper()
	id, _, err := e.m.Open(e.ctx, e.client, contracts.OpenParams{Miner: addrOf(e.miner), KeyHash: kh,
		PricePerByte: big.NewInt(1), ChallengePeriod: time.Hour, Deposit: big.NewInt(1e12)})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// prove proves the steps of an honest session of n bytes on channel id
// whose receipts rk signs.
func (e *chainEnv) prove(id protocol.Element, rk *protocol.ReceiptKey, n uint64) []*attest.Attestation {
	e.t.Helper()
	sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: testShape, Bytes: n, ChunkSize: 1024, ChannelID: id,
		Domain: e.m.Domain(), PricePerByte: big.NewInt(1), Client: e.client, ReceiptKey: rk, Rand: prototest.NewSeeded(7)})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []*attest.Attestation
	for i := range sess.Steps {
		a, err := attest.Prove(e.ctx, testKeys(e.t), &sess.Steps[i])
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// epochTotals returns the current epoch's on-chain and off-chain bytes
// over all miners.
func (e *chainEnv) epochTotals() (on, off uint64, miners []MinerBytes) {
	e.t.Helper()
	eb, err := e.c.EpochBytes(e.ctx, nil, common.Address{})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range eb.Miners {
		on += m.Bytes
		off += m.OffchainBytes
	}
	return on, off, eb.Miners
}

// TestVerifierRejectsOffchainChannel: with a chain, an attestation on a
// channel that is not on the contract, signed by a miner that is not the
// channel's, or proving receipts of another key than the channel's, is
// refused with its own reason and counts nowhere; the channel's miner is
// accepted and counted, and so is its Owner once the chain says it is the
// channel's payee (the cache learns it from the PayeeChanged event).
func TestVerifierRejectsOffchainChannel(t *testing.T) {
	e := newChainEnv(t, nil)
	good := e.open(keyHashOf(t, e.rkey))
	atts := e.prove(good, e.rkey, 8<<10) // two steps
	other, err := protocol.GenerateReceiptKey(prototest.NewSeeded(22))
	if err != nil {
		t.Fatal(err)
	}
	foreignKey := e.open(keyHashOf(t, other)) // on chain, but another receipt key
	wrongKey := e.prove(foreignKey, e.rkey, 4<<10)[0]
	offchain := e.prove(randomElement(t), e.rkey, 4<<10)[0]

	for _, tc := range []struct {
		name   string
		att    *attest.Attestation
		key    *ecdsa.PrivateKey
		reason Reason
		rule   error
	}{
		{"not on chain", offchain, e.miner, ReasonOffchainChannel, protocol.ErrUnknownChannel},
		{"another miner", atts[0], e.other, ReasonWrongMiner, protocol.ErrWrongMiner},
		{"the client", atts[0], e.client, ReasonWrongMiner, protocol.ErrWrongMiner},
		{"not yet the payee", atts[0], e.owner, ReasonWrongMiner, protocol.ErrWrongMiner},
		{"another key hash", wrongKey, e.miner, ReasonWrongKeyHash, protocol.ErrWrongReceiptKey},
	} {
		_, err := e.c.SubmitAttestation(e.ctx, tc.att, tc.key)
		mustReason(t, err, tc.reason)
		if tc.reason.Temporary() {
			t.Fatalf("%s: %s is not final", tc.name, tc.reason)
		}
		// Inside the service the refusal carries the protocol rule.
		sub, err := NewAttestationSubmission(tc.att, tc.key)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = e.svc.submitAttestation(e.ctx, sub.Encode())
		if !errors.Is(err, tc.rule) || ReasonOf(err) != tc.reason {
			t.Fatalf("%s: in-process %v, want rule %v", tc.name, err, tc.rule)
		}
	}
	for _, id := range []protocol.Element{good, foreignKey, offchain.ChannelID()} {
		if _, err := e.c.ChannelState(e.ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("refused channel %s recorded: %v", elementHex(id), err)
		}
	}
	if on, off, miners := e.epochTotals(); on != 0 || off != 0 {
		t.Fatalf("epoch counts refused attestations: %+v", miners)
	}
	if m := e.svc.Metrics().Counter(mProofs, "result", "valid") + e.svc.Metrics().Counter(mProofs, "result", "invalid"); m != 0 {
		t.Fatalf("%v pairings for refused attestations; the chain check comes first", m)
	}

	// The channel's miner: accepted, on chain, counted.
	acc, err := e.c.SubmitAttestation(e.ctx, atts[0], e.miner)
	if err != nil || !acc.Channel.OnChain || acc.Channel.Miner != addrOf(e.miner).Hex() {
		t.Fatalf("miner's attestation: %+v %v", acc, err)
	}
	if st, err := e.c.ChannelState(e.ctx, good); err != nil || !st.OnChain || st.Bytes != atts[0].CumulativeBytes() {
		t.Fatalf("channel state: %+v %v", st, err)
	}
	on, off, miners := e.epochTotals()
	if on != atts[0].CumulativeBytes() || off != 0 || len(miners) != 1 || miners[0].Miner != addrOf(e.miner).Hex() || miners[0].Channels != 1 {
		t.Fatalf("epoch: %+v", miners)
	}

	// The miner names an Owner and the channel's payee follows it: the
	// Owner may now submit for the channel, whose bytes stay the miner's.
	if _, err := e.m.SetOwner(e.ctx, e.miner, addrOf(e.owner)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.RefreshPayee(e.ctx, e.other, good); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		acc, err = e.c.SubmitAttestation(e.ctx, atts[1], e.owner)
		if err == nil || !errors.Is(err, ErrWrongMiner) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond) // until the watcher saw PayeeChanged
	}
	if err != nil || !acc.Channel.OnChain || acc.Channel.Miner != addrOf(e.miner).Hex() || acc.Channel.Nonce != atts[1].Nonce() {
		t.Fatalf("owner's attestation after PayeeChanged: %+v %v", acc, err)
	}
	on, off, miners = e.epochTotals()
	if on != atts[1].CumulativeBytes() || off != 0 || len(miners) != 1 || miners[0].Miner != addrOf(e.miner).Hex() {
		t.Fatalf("epoch after the owner's attestation: %+v", miners)
	}
	sd, err := e.c.Standing(e.ctx, addrOf(e.miner))
	if err != nil || sd.BytesAttested != atts[1].CumulativeBytes() || sd.BytesAttestedOffchain != 0 {
		t.Fatalf("standing: %+v %v", sd, err)
	}
	// A stale nonce is the one voucher rule's error.
	_, err = e.c.SubmitAttestation(e.ctx, rerandomize(t, testKeys(t), atts[0]), e.miner)
	mustReason(t, err, ReasonStaleNonce)
	if !errors.Is(err, protocol.ErrStaleNonce) {
		t.Fatalf("stale nonce does not match protocol.ErrStaleNonce: %v", err)
	}
}

// TestVerifierChainUnavailable: when the chain cannot be read the
// attestation is refused as retryable (chain_unavailable) and nothing is
// recorded or counted.
func TestVerifierChainUnavailable(t *testing.T) {
	e := newChainEnv(t, func(o *Options) { o.ChainTimeout = 2 * time.Second })
	id := e.open(keyHashOf(t, e.rkey))
	att := e.prove(id, e.rkey, 4<<10)[0]
	e.sim.Close()
	_, err := e.c.SubmitAttestation(e.ctx, att, e.miner)
	mustReason(t, err, ReasonChainUnavailable)
	var ve *Error
	if !errors.As(err, &ve) || !ve.Reason.Temporary() {
		t.Fatalf("chain_unavailable must be retryable: %v", err)
	}
	if _, err := e.c.ChannelState(e.ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("recorded while the chain was down: %v", err)
	}
	if on, off, miners := e.epochTotals(); on != 0 || off != 0 {
		t.Fatalf("counted while the chain was down: %+v", miners)
	}
}

// TestOptionsNeedChainOrOffchain: a verifier binds to a chain unless told
// explicitly to accept off-chain channels, and not both.
func TestOptionsNeedChainOrOffchain(t *testing.T) {
	nc := connect(t, startServer(t, "", nil).ClientURL(), nil)
	for _, o := range []Options{
		{Conn: nc, Keys: []*attest.Keys{testKeys(t)}},
		{Conn: nc, Keys: []*attest.Keys{testKeys(t)}, AllowOffchain: true, Chain: refusingSource{}},
	} {
		if _, err := New(ctxT(t), o); !errors.Is(err, ErrConfig) {
			t.Fatalf("New(%+v) = %v, want ErrConfig", o, err)
		}
	}
}

type refusingSource struct{}

func (refusingSource) Channel(context.Context, protocol.Element) (*protocol.ChainChannel, error) {
	return nil, errors.New("no chain")
}
