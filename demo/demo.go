package demo

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

// Defaults of Options.
const (
	DefaultWindow          = 16
	DefaultObjectSize      = 4 << 20
	DefaultChunkSize       = 64 << 10
	DefaultSettleWindows   = 2
	DefaultChallengePeriod = time.Hour
)

// DefaultPrice is what the client pays per byte: 1 gwei.
var DefaultPrice = big.NewInt(1_000_000_000)

// ErrCheck matches every check that did not hold (a *CheckError).
var ErrCheck = errors.New("demo: check failed")

// CheckError is a check that did not hold, with what was got and wanted.
type CheckError struct {
	Stage string
	What  string
}

func (e *CheckError) Error() string { return fmt.Sprintf("%v at %s: %s", ErrCheck, e.Stage, e.What) }

// Is makes errors.Is(err, ErrCheck) match.
func (e *CheckError) Is(target error) bool { return target == ErrCheck }

func failed(stage, format string, args ...any) error {
	return &CheckError{Stage: stage, What: fmt.Sprintf(format, args...)}
}

// Options configures Run. The zero value runs the default demo.
type Options struct {
	// Dir is the working directory (default: a new temporary one,
	// removed at the end).
	Dir string
	// Keys is a key set directory to use (default: a fresh dev setup of
	// Window chunks, cached in Dir/keys).
	Keys       string
	Window     int // chunks per window of fresh keys (default DefaultWindow)
	ObjectSize int // bytes of the object fetched (default DefaultObjectSize)
	ChunkSize  int // default DefaultChunkSize
	// CorruptAt is the object chunk the faulty miner corrupts.
	CorruptAt uint64
	// SecondSize is the object bought from the honest miner after its
	// auto-settlement, on the same channel (default half a window).
	SecondSize int
	// SettleWindows is the honest miner node's auto-settle threshold, in
	// windows' worth of wei (default DefaultSettleWindows).
	SettleWindows   int
	Price           *big.Int      // wei per byte (default DefaultPrice)
	ChallengePeriod time.Duration // of the channels (default DefaultChallengePeriod)
	Log             *slog.Logger  // the components' logs (default: discarded)
	Out             io.Writer     // one line per stage (default: discarded)
}

// Summary is what Run checked.
type Summary struct {
	Bytes         uint64   `json:"bytes"`
	Vouchers      int      `json:"vouchers"`
	ProbesPassed  int      `json:"probes_passed"`
	ProbesFailed  int      `json:"probes_failed"`
	Failovers     int      `json:"failovers"`
	FileIdentical bool     `json:"file_identical"`
	Reports       int      `json:"reports"`
	ProvenReports int      `json:"proven_reports"`
	Flagged       []string `json:"flagged"`
	SecondBytes   uint64   `json:"second_fetch_bytes"` // bought after the auto-settlement

	HonestMiner common.Address `json:"honest_miner"`
	Channel     string         `json:"channel"`
	Deposit     *big.Int       `json:"deposit_wei"`
	Threshold   *big.Int       `json:"settle_threshold_wei"`
	// Latest is the honest miner's latest voucher.
	LatestNonce  uint64   `json:"latest_nonce"`
	LatestBytes  uint64   `json:"latest_bytes"`
	LatestAmount *big.Int `json:"latest_amount_wei"`
	// StaleNonce and StaleAmount were settled on chain when the client
	// started the close.
	StaleNonce  uint64        `json:"stale_nonce"`
	StaleAmount *big.Int      `json:"stale_amount_wei"`
	AnsweredIn  time.Duration `json:"answered_in_ns"` // close started → latest voucher withdrawn
	// Withdrawals are the honest channel's Withdrawn events, in order.
	Withdrawals []Withdrawal `json:"withdrawals"`
	// Settlement is the honest miner node's status at the end: channels,
	// proofs made, withdrawals, gas spent.
	Settlement node.Status `json:"settlement"`
	// MinerPaid is the honest miner's balance change plus the gas its
	// settler paid: what the channel paid it.
	MinerPaid     *big.Int      `json:"miner_paid_wei"`
	Refund        *big.Int      `json:"client_refund_wei"`
	VerifierNonce uint64        `json:"verifier_nonce"` // the verifier's record of the channel
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// Withdrawal is one Withdrawn event of the honest channel.
type Withdrawal struct {
	Nonce     uint64      `json:"nonce"`
	Bytes     uint64      `json:"cumulative_bytes"`
	Amount    *big.Int    `json:"cumulative_wei"`
	Paid      *big.Int    `json:"paid_wei"` // this withdrawal
	GasUsed   uint64      `json:"gas_used"`
	Block     uint64      `json:"block"`
	Tx        common.Hash `json:"tx"`
	Trigger   string      `json:"trigger"` // "auto-settle threshold" or "stale close"
	closeSeen bool
}

type stage struct {
	o     *Options
	name  string
	start time.Time
}

func (o *Options) stage(name string) *stage {
	o.Log.Info("demo", "stage", name)
	return &stage{o: o, name: name, start: time.Now()}
}

func (s *stage) done(format string, args ...any) {
	fmt.Fprintf(s.o.Out, "  ✓ %-26s %-7s %s\n", s.name, time.Since(s.start).Round(10*time.Millisecond), fmt.Sprintf(format, args...))
}

func (o *Options) defaults() {
	if o.ObjectSize == 0 {
		o.ObjectSize = DefaultObjectSize
	}
	if o.SettleWindows == 0 {
		o.SettleWindows = DefaultSettleWindows
	}
	networkDefaults(&o.Window, &o.ChunkSize, &o.Price, &o.ChallengePeriod, &o.Out, &o.Log)
}

// networkDefaults fills the settings Options and ViaHubOptions share.
func networkDefaults(window, chunkSize *int, price **big.Int, challengePeriod *time.Duration, out *io.Writer, log **slog.Logger) {
	if *window == 0 {
		*window = DefaultWindow
	}
	if *chunkSize == 0 {
		*chunkSize = DefaultChunkSize
	}
	if *price == nil {
		*price = DefaultPrice
	}
	if *challengePeriod == 0 {
		*challengePeriod = DefaultChallengePeriod
	}
	if *out == nil {
		*out = io.Discard
	}
	if *log == nil {
		*log = slog.New(slog.DiscardHandler)
	}
}

// Run runs the whole network and returns an error unless every check held
// (a *CheckError for a check, another error when something could not run).
// The summary is returned as far as it got.
func Run(ctx context.Context, o Options) (*Summary, error) {
	started := time.Now()
	o.defaults()
	if o.ObjectSize < 1 || o.ChunkSize < 1 || o.SecondSize < 0 || o.Price.Sign() <= 0 || o.ChallengePeriod < time.Minute {
		return nil, fmt.Errorf("demo: object size %d, chunk size %d, second size %d, price %s, challenge period %s: want positive sizes and price, a period of at least a minute",
			o.ObjectSize, o.ChunkSize, o.SecondSize, o.Price, o.ChallengePeriod)
	}
	if o.Dir == "" {
		d, err := os.MkdirTemp("", "bwproof-demo-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		o.Dir = d
	}
	// A kept directory keeps its keys, not the last run's state: the
	// chain is new, and the same dev keys would make the same channel ids.
	for _, d := range []string{"miner0", "miner1", "client", "nats"} {
		if err := os.RemoveAll(filepath.Join(o.Dir, d)); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{o: &o, sum: &Summary{}}
	fmt.Fprintf(o.Out, "bwproof demo (working directory %s)\n", o.Dir)
	err := r.all(ctx)
	r.sum.Elapsed = time.Since(started)
	r.close()
	if err != nil {
		return r.sum, err
	}
	fmt.Fprintf(o.Out, "\nall checks passed in %s: %d bytes over %d vouchers, faulty miner flagged, stale close answered by the miner node in %s\n",
		r.sum.Elapsed.Round(100*time.Millisecond), r.sum.Bytes, r.sum.Vouchers, r.sum.AnsweredIn.Round(10*time.Millisecond))
	return r.sum, nil
}

// run is one demo's parts; close releases them in reverse order.
type run struct {
	o       *Options
	sum     *Summary
	closers []func()

	keys      *attest.Keys
	sim       *contracts.Simulated
	mgr       *contracts.Manager
	vc        *verifier.Client
	flags     chan *verifier.FlagEvent
	faulty    *challenge.Miner
	faultyAt  string
	honest    *node.MinerNode
	honestAt  string
	honestLed *challenge.Ledger
	obj, obj2 protocol.ObjectID
	content   []byte
	content2  []byte
	reports   []protocol.Report
	clientKey *ecdsa.PrivateKey
	client    *challenge.Client
	threshold *big.Int
	chID      protocol.Element
	before    *big.Int // honest miner's balance before it settled anything
}

func (r *run) defer_(f func()) { r.closers = append(r.closers, f) }

// minerFiles opens a miner's store (closed with the run) and ledger under
// dir and adds content to the store.
func (r *run) minerFiles(dir string, content []byte, chunkSize int) (*challenge.Store, protocol.ObjectID, *challenge.Ledger, error) {
	store, err := challenge.OpenStore(filepath.Join(dir, "store"))
	if err != nil {
		return nil, protocol.ObjectID{}, nil, err
	}
	r.defer_(func() { store.Close() })
	obj, err := store.Add(bytes.NewReader(content), uint32(chunkSize))
	if err != nil {
		return nil, protocol.ObjectID{}, nil, err
	}
	ledger, err := challenge.OpenLedger(filepath.Join(dir, "ledger"))
	if err != nil {
		return nil, protocol.ObjectID{}, nil, err
	}
	return store, obj, ledger, nil
}

func (r *run) close() {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i]()
	}
	r.closers = nil
}

func (r *run) all(ctx context.Context) error {
	for _, f := range []func(context.Context) error{
		r.setupKeys, r.setupChain, r.setupVerifier, r.setupMiners, r.fetch, r.report,
		r.autoSettle, r.moreService, r.staleClose, r.finalize,
	} {
		if err := f(ctx); err != nil {
			return err
		}
	}
	r.printSettlement()
	return nil
}

func (r *run) setupKeys(ctx context.Context) error {
	s := r.o.stage("keys")
	var err error
	if r.o.Keys != "" {
		r.keys, err = attest.LoadKeys(r.o.Keys)
	} else {
		dir := filepath.Join(r.o.Dir, "keys")
		if r.keys, err = attest.LoadKeys(dir); err != nil {
			if r.keys, err = attest.Setup(ctx, protocol.ShapeFor(r.o.Window), attest.SetupOptions{Log: r.o.Log}); err == nil {
				err = r.keys.Save(dir)
			}
		}
	}
	if err != nil {
		return err
	}
	s.done("circuit %s…, window %d chunks, %d constraints (%s)", r.keys.CircuitID.String()[:12],
		r.keys.Shape.Chunks, r.keys.CS.GetNbConstraints(), r.keys.Origin)
	return nil
}

// Dev key indices of the parties.
const (
	deployerIdx = 0
	faultyIdx   = 1
	honestIdx   = 2
	clientIdx   = 3
)

func (r *run) setupChain(ctx context.Context) error {
	s := r.o.stage("chain + contracts")
	dep, err := r.startChain(ctx, 4, deployerIdx)
	if err != nil {
		return err
	}
	r.mgr = dep.Manager
	s.done("ChannelManager %s, verifier %s (deploy gas %d + %d)", short(r.mgr.Address()),
		short(dep.Verifier.Address()), dep.ManagerReceipt.GasUsed, dep.VerifierReceipt.GasUsed)
	return nil
}

// startChain starts the embedded chain (r.sim, closed with the run) with
// dev keys 0 to funded-1 funded, and deploys the ChannelManager for
// r.keys with dev key deployer: the start of Run and RunViaHub.
func (r *run) startChain(ctx context.Context, funded int, deployer uint64) (*contracts.Deployment, error) {
	alloc := types.GenesisAlloc{}
	for i := range funded {
		k, acct := contracts.DevKey(uint64(i))
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = acct
	}
	sim, err := contracts.NewSimulated(ctx, contracts.SimulatedOptions{Alloc: alloc, Log: r.o.Log})
	if err != nil {
		return nil, err
	}
	r.sim = sim
	r.defer_(func() { sim.Close() })
	var src bytes.Buffer
	if err := r.keys.ExportSolidity(&src); err != nil {
		return nil, err
	}
	key, _ := contracts.DevKey(deployer)
	// No compiler: the verifier comes from the committed templates, so the
	// demo needs neither node nor the checkout.
	dep, err := contracts.Deploy(ctx, sim.Chain, key, nil, src.Bytes())
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	return dep, nil
}

func (r *run) setupVerifier(ctx context.Context) error {
	s := r.o.stage("NATS + verifier service")
	ns, err := verifier.StartServer(verifier.ServerOptions{DataDir: filepath.Join(r.o.Dir, "nats"), Port: -1})
	if err != nil {
		return err
	}
	r.defer_(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := verifier.Connect(verifier.ConnectOptions{URL: ns.ClientURL(), Name: "demo"})
	if err != nil {
		return err
	}
	r.defer_(nc.Close)
	svc, err := verifier.New(ctx, verifier.Options{Conn: nc, Keys: []*attest.Keys{r.keys}, Log: r.o.Log,
		Chain: contracts.NewChannelSource(r.mgr, contracts.ChannelSourceOptions{Log: r.o.Log})})
	if err != nil {
		return err
	}
	r.defer_(func() { svc.Stop(context.Background()) })
	r.vc = verifier.NewClient(nc, verifier.ClientOptions{})
	r.flags = make(chan *verifier.FlagEvent, 8)
	fsub, err := r.vc.SubscribeFlags(func(ev *verifier.FlagEvent) {
		select {
		case r.flags <- ev:
		default:
		}
	})
	if err != nil {
		return err
	}
	r.defer_(func() { fsub.Unsubscribe() })
	s.done("nats %s, service %s, bound to the chain", ns.ClientURL(), svc.ID())
	return nil
}

func (r *run) windowBytes() int { return r.keys.Shape.Chunks * r.o.ChunkSize }

// setupMiners starts the faulty miner (a bare challenge.Miner) and the
// honest one (a node.MinerNode: on-chain admission, settler, auto-settle).
func (r *run) setupMiners(ctx context.Context) error {
	s := r.o.stage("miners")
	r.content = make([]byte, r.o.ObjectSize)
	second := r.o.SecondSize
	if second == 0 {
		second = max(r.windowBytes()/2, 1)
	}
	r.content2 = make([]byte, second)
	content2 := r.content2
	for _, b := range [][]byte{r.content, content2} {
		if _, err := rand.Read(b); err != nil {
			return err
		}
	}
	wb := new(big.Int).SetUint64(uint64(r.windowBytes()))
	r.threshold = new(big.Int).Mul(new(big.Int).Mul(wb, big.NewInt(int64(r.o.SettleWindows))), r.o.Price)
	credit := uint64(2 * r.windowBytes())
	for i, idx := range []uint64{faultyIdx, honestIdx} {
		key, _ := contracts.DevKey(idx)
		dir := filepath.Join(r.o.Dir, fmt.Sprintf("miner%d", i))
		store, obj, ledger, err := r.minerFiles(dir, r.content, r.o.ChunkSize)
		if err != nil {
			return err
		}
		r.obj = obj
		reports, err := challenge.OpenReportLog(filepath.Join(dir, "reports"), key)
		if err != nil {
			return err
		}
		mo := challenge.MinerOptions{Store: store, Ledger: ledger, Key: key, Reports: reports, CreditLimit: credit,
			Domain: ptr(r.mgr.Domain()), Log: r.o.Log}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		var serve func(context.Context) error
		if i == 0 {
			mo.Faults = &challenge.Faults{Corrupt: challenge.CorruptProvable, CorruptChunk: r.o.CorruptAt}
			m, err := challenge.NewMiner(mo)
			if err != nil {
				ln.Close()
				return err
			}
			r.faulty, r.faultyAt = m, ln.Addr().String()
			serve = func(ctx context.Context) error { defer m.Close(); return m.Serve(ctx, ln) }
		} else {
			if r.obj2, err = store.Add(bytes.NewReader(content2), uint32(r.o.ChunkSize)); err != nil {
				ln.Close()
				return err
			}
			if r.before, err = r.sim.Balance(ctx, crypto.PubkeyToAddress(key.PublicKey)); err != nil {
				ln.Close()
				return err
			}
			// The node a miner operator runs: it serves only channels
			// the chain backs and settles by itself, here with a short
			// poll so the demo stays fast.
			n, err := node.NewMinerNode(node.MinerNodeOptions{Manager: r.mgr, Miner: mo, Log: r.o.Log,
				Channels: node.ChainChannelsOptions{MinChallengePeriod: r.o.ChallengePeriod},
				Settler: node.SettlerOptions{Keys: r.keys, StateDir: filepath.Join(dir, "settler"), Verifier: r.vc,
					Policy:       node.AutoSettle{SettleThreshold: r.threshold, DeadlineMargin: r.o.ChallengePeriod / 4},
					PollInterval: 50 * time.Millisecond}})
			if err != nil {
				ln.Close()
				return err
			}
			r.honest, r.honestAt, r.honestLed = n, ln.Addr().String(), ledger
			serve = func(ctx context.Context) error { defer n.Close(); return n.Run(ctx, ln) }
		}
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := serve(sctx); err != nil && sctx.Err() == nil {
				r.o.Log.Error("miner stopped", "err", err)
			}
		}()
		r.defer_(func() { stop(); <-done })
	}
	r.sum.HonestMiner = r.honest.Miner().Address()
	r.sum.Threshold = r.threshold
	s.done("object %x… (%d bytes); faulty %s at %s; honest node %s at %s, auto-settle at %s wei",
		r.obj[:6], r.o.ObjectSize, short(r.faulty.Address()), r.faultyAt, short(r.honest.Miner().Address()), r.honestAt, r.threshold)
	return nil
}

// fetch: the client opens an on-chain channel per miner and fetches,
// failing over at the corrupt chunk.
func (r *run) fetch(ctx context.Context) error {
	s := r.o.stage("client fetch")
	const st = "client fetch"
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return err
	}
	r.clientKey, _ = contracts.DevKey(clientIdx)
	record, err := challenge.OpenPaymentRecord(filepath.Join(r.o.Dir, "client", "payments"))
	if err != nil {
		return err
	}
	reports, err := challenge.OpenReportLog(filepath.Join(r.o.Dir, "client", "reports"), r.clientKey)
	if err != nil {
		return err
	}
	// The deposit covers the object twice: the honest channel also pays
	// for the second object.
	deposit := new(big.Int).Mul(big.NewInt(int64(2*r.o.ObjectSize+r.windowBytes())), r.o.Price)
	r.sum.Deposit = deposit
	cc, err := node.NewClientChannels(node.ClientChannelsOptions{Manager: r.mgr, Key: r.clientKey, ReceiptKey: rk.Public(),
		Record: record, Shape: r.keys.Shape, Log: r.o.Log,
		Miners: map[string]common.Address{r.faultyAt: r.faulty.Address(), r.honestAt: r.honest.Miner().Address()},
		Open:   &node.OpenTerms{Deposit: deposit, PricePerByte: r.o.Price, ChallengePeriod: r.o.ChallengePeriod}})
	if err != nil {
		return err
	}
	co := challenge.ClientOptions{Key: r.clientKey, ReceiptKey: rk, Record: record, Reports: reports,
		PricePerByte: r.o.Price, Shape: r.keys.Shape, Log: r.o.Log}
	cc.Apply(&co)
	if r.client, err = challenge.NewClient(co); err != nil {
		return err
	}
	got, res, err := r.get(ctx, r.obj, "object.out", r.faultyAt, r.honestAt)
	if err != nil {
		return err
	}
	sum := r.sum
	sum.FileIdentical = bytes.Equal(got, r.content)
	sum.Bytes, sum.Vouchers = res.Received, res.Vouchers
	sum.ProbesPassed, sum.ProbesFailed, sum.Failovers = res.ProbesPassed, res.ProbesFailed, res.Failovers
	if !sum.FileIdentical {
		return failed(st, "the fetched file differs from the object")
	}
	if res.Failovers < 1 || len(res.Reports) == 0 {
		return failed(st, "the corrupt chunk went unnoticed (%d failovers, %d reports)", res.Failovers, len(res.Reports))
	}
	for _, m := range res.Miners {
		if m.Addr == r.honestAt {
			r.chID = m.Channel
		}
	}
	if r.chID == (protocol.Element{}) {
		return failed(st, "no channel with the honest miner")
	}
	sum.Channel = r.chID.String()
	r.reports = res.Reports
	s.done("%d bytes byte-identical, %d vouchers, probes %d passed/%d failed, %d failover",
		res.Received, res.Vouchers, res.ProbesPassed, res.ProbesFailed, res.Failovers)
	for _, m := range res.Miners {
		reason := "completed"
		if m.Err != nil {
			reason = "left: " + m.Err.Error()
		}
		fmt.Fprintf(r.o.Out, "      miner %s received %d, paid %d (%s)\n", short(m.Miner), m.Received, m.Paid, reason)
	}
	return nil
}

// get fetches obj from miners into Dir/client/name and returns its bytes.
func (r *run) get(ctx context.Context, obj protocol.ObjectID, name string, miners ...string) ([]byte, *challenge.FetchResult, error) {
	path := filepath.Join(r.o.Dir, "client", name)
	out, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	res, err := r.client.Fetch(ctx, obj, miners, out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, fmt.Errorf("fetch: %w", err)
	}
	got, err := os.ReadFile(path)
	return got, res, err
}

// report: the client's reports go to the verifier; the proven one flags
// the faulty miner.
func (r *run) report(ctx context.Context) error {
	const st = "report + flag"
	s := r.o.stage(st)
	for i := range r.reports {
		rr, err := r.vc.SubmitReport(ctx, &r.reports[i])
		if err != nil {
			return fmt.Errorf("submit report: %w", err)
		}
		r.sum.Reports++
		if rr.Verdict.Proven {
			r.sum.ProvenReports++
		}
	}
	if r.sum.ProvenReports == 0 {
		return failed(st, "no report was proven")
	}
	select {
	case ev := <-r.flags:
		r.sum.Flagged = append(r.sum.Flagged, ev.Party)
		if !strings.EqualFold(ev.Party, r.faulty.Address().Hex()) {
			return failed(st, "flagged %s, not the faulty miner", ev.Party)
		}
		s.done("%d report(s), %d proven; flag event for %s: %s", r.sum.Reports, r.sum.ProvenReports, short(r.faulty.Address()), ev.Reason)
	case <-time.After(10 * time.Second):
		return failed(st, "no flag event for the faulty miner")
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// latest is the honest miner's latest accepted step on the channel.
func (r *run) latest() (*protocol.Step, error) {
	st, err := r.honestLed.Latest(r.chID)
	if err == nil && st == nil {
		err = errors.New("the honest miner holds no step on its channel")
	}
	return st, err
}

// latestAndChannel is the honest miner's latest step and the channel as
// the chain holds it.
func (r *run) latestAndChannel(ctx context.Context) (*protocol.Step, *contracts.Channel, error) {
	latest, err := r.latest()
	if err != nil {
		return nil, nil, err
	}
	ch, err := r.mgr.Channel(ctx, r.chID)
	if err != nil {
		return nil, nil, err
	}
	return latest, ch, nil
}

// settled waits until the miner node has decided on its latest step and
// is not settling: its status names the ledger's latest nonce with a
// decision not to settle. Nothing changes after that until the chain or
// the ledger does.
func (r *run) settled(ctx context.Context, stage string) (*node.ChannelStatus, error) {
	latest, err := r.latest()
	if err != nil {
		return nil, err
	}
	var cs *node.ChannelStatus
	err = waitFor(ctx, 30*time.Second, func() (bool, error) {
		for _, c := range r.honest.Status().Channels {
			if c.Channel == r.chID && c.Nonce == latest.Voucher.Nonce && !c.Next.Settle && c.Next.Reason != "" {
				cs = &c
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return nil, failed(stage, "the miner node did not decide on nonce %d: %v", latest.Voucher.Nonce, err)
	}
	return cs, nil
}

// autoSettle: the honest miner node withdraws by itself once the unsettled
// amount reaches its threshold.
func (r *run) autoSettle(ctx context.Context) error {
	const st = "auto-settle"
	s := r.o.stage(st)
	cs, err := r.settled(ctx, st)
	if err != nil {
		return err
	}
	status := r.honest.Status()
	if status.Withdrawals == 0 {
		return failed(st, "no withdrawal at the threshold (%s wei paid, threshold %s wei: is the honest miner's share of the object at least %d windows?)",
			cs.PaidWei, r.threshold, r.o.SettleWindows)
	}
	ch, err := r.mgr.Channel(ctx, r.chID)
	if err != nil {
		return err
	}
	s.done("%d withdrawal(s) by the node, settled nonce %d (%s wei); now %s (%s wei unsettled)",
		status.Withdrawals, ch.Nonce, ch.Withdrawn, cs.Next.Reason, cs.Next.Unsettled)
	return nil
}

// moreService: the client buys more on the same channel, less than the
// threshold, so the miner holds a voucher newer than the one withdrawn.
func (r *run) moreService(ctx context.Context) error {
	const st = "more service"
	s := r.o.stage(st)
	latest, ch, err := r.latestAndChannel(ctx)
	if err != nil {
		return err
	}
	unsettled := new(big.Int).Sub(latest.Voucher.CumulativeAmount, ch.Withdrawn)
	size := r.o.SecondSize
	if size == 0 {
		size = max(r.windowBytes()/2, 1)
	}
	cost := new(big.Int).Mul(big.NewInt(int64(size)), r.o.Price)
	if new(big.Int).Add(unsettled, cost).Cmp(r.threshold) >= 0 {
		if unsettled.Sign() == 0 {
			return fmt.Errorf("demo: a second object of %d bytes reaches the settle threshold %s wei by itself: make it smaller", size, r.threshold)
		}
		// The miner already holds an unsettled voucher: the close is stale
		// without more service.
		s.done("skipped: %s wei already unsettled, more would reach the threshold", unsettled)
		return nil
	}
	got, res, err := r.get(ctx, r.obj2, "second.out", r.honestAt)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, r.content2) {
		return failed(st, "the second object fetched differs from the one served")
	}
	r.sum.SecondBytes = res.Received
	cs, err := r.settled(ctx, st)
	if err != nil {
		return err
	}
	s.done("%d more bytes on channel %s…, %d voucher(s); miner node: %s (%s wei unsettled)",
		res.Received, r.chID.String()[:12], res.Vouchers, cs.Next.Reason, cs.Next.Unsettled)
	return nil
}

// staleClose: the client starts a close while the chain holds an older
// voucher than the miner's latest; the miner node answers it alone.
func (r *run) staleClose(ctx context.Context) error {
	const st = "stale close"
	s := r.o.stage(st)
	latest, ch, err := r.latestAndChannel(ctx)
	if err != nil {
		return err
	}
	if ch.Nonce >= latest.Voucher.Nonce {
		return failed(st, "nothing stale: the chain settled nonce %d, the miner's latest is %d", ch.Nonce, latest.Voucher.Nonce)
	}
	r.sum.StaleNonce, r.sum.StaleAmount = ch.Nonce, new(big.Int).Set(ch.Withdrawn)
	r.sum.LatestNonce, r.sum.LatestBytes = latest.Voucher.Nonce, latest.Voucher.CumulativeBytes
	r.sum.LatestAmount = new(big.Int).Set(latest.Voucher.CumulativeAmount)
	counted := r.honest.Status().Withdrawals
	t0 := time.Now()
	cr, err := node.StartClose(ctx, r.mgr, r.clientKey, r.chID)
	if err != nil {
		return err
	}
	// Left alone, the miner node sees CloseStarted, proves the latest
	// step, submits it to the verifier and withdraws it.
	err = waitFor(ctx, time.Minute, func() (bool, error) {
		c, err := r.mgr.Channel(ctx, r.chID)
		if err != nil {
			return false, err
		}
		ch = c
		return c.Nonce >= latest.Voucher.Nonce, nil
	})
	if err != nil {
		return failed(st, "the miner node did not withdraw nonce %d: %v", latest.Voucher.Nonce, err)
	}
	r.sum.AnsweredIn = time.Since(t0)
	// The chain shows the withdrawal a moment before the node has
	// journaled and counted it.
	if err := waitFor(ctx, 10*time.Second, func() (bool, error) { return r.honest.Status().Withdrawals > counted, nil }); err != nil {
		return failed(st, "the node did not count its withdrawal of nonce %d: %v", latest.Voucher.Nonce, err)
	}
	head, err := r.sim.Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	if now := time.Unix(int64(head.Time), 0); !now.Before(cr.ClosesAt) {
		return failed(st, "withdrawn at chain time %s, the period ended at %s", now.UTC(), cr.ClosesAt.UTC())
	}
	if ch.Withdrawn.Cmp(latest.Voucher.CumulativeAmount) != 0 || ch.Nonce != latest.Voucher.Nonce {
		return failed(st, "on chain: nonce %d, withdrawn %s wei; the latest voucher is nonce %d, %s wei",
			ch.Nonce, ch.Withdrawn, latest.Voucher.Nonce, latest.Voucher.CumulativeAmount)
	}
	s.done("client closed at settled nonce %d (%s wei); the node proved nonce %d, submitted it, withdrew %s wei more in %s, %s before the period ends",
		r.sum.StaleNonce, r.sum.StaleAmount, latest.Voucher.Nonce, new(big.Int).Sub(latest.Voucher.CumulativeAmount, r.sum.StaleAmount),
		r.sum.AnsweredIn.Round(10*time.Millisecond), cr.ClosesAt.Sub(time.Unix(int64(head.Time), 0)).Round(time.Second))
	return nil
}

// finalize: after the period the client collects the rest; every wei is
// accounted for.
func (r *run) finalize(ctx context.Context) error {
	const st = "finalize + accounts"
	s := r.o.stage(st)
	if err := r.sim.AdjustTime(r.o.ChallengePeriod); err != nil {
		return err
	}
	clientAddr := crypto.PubkeyToAddress(r.clientKey.PublicKey)
	cb, err := r.sim.Balance(ctx, clientAddr)
	if err != nil {
		return err
	}
	fr, err := node.Finalize(ctx, r.mgr, r.clientKey, r.chID, node.FinalizeOptions{})
	if err != nil {
		return err
	}
	ca, err := r.sim.Balance(ctx, clientAddr)
	if err != nil {
		return err
	}
	rcpt, err := r.sim.Backend().TransactionReceipt(ctx, fr.TxHash)
	if err != nil {
		return err
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), rcpt.EffectiveGasPrice)
	refund := new(big.Int).Add(new(big.Int).Sub(ca, cb), fee)
	want := new(big.Int).Sub(r.sum.Deposit, r.sum.LatestAmount)
	r.sum.Refund = refund
	if refund.Cmp(want) != 0 || fr.Refund.Cmp(want) != 0 {
		return failed(st, "client refunded %s wei (event says %s), want deposit − latest voucher = %s", refund, fr.Refund, want)
	}
	if fr.Withdrawn.Cmp(r.sum.LatestAmount) != 0 {
		return failed(st, "the channel paid the miner %s wei in total, the latest voucher says %s", fr.Withdrawn, r.sum.LatestAmount)
	}
	// The miner's balance moved by what the channel paid it minus the gas
	// its settler spent: nothing lost, nothing twice.
	after, err := r.sim.Balance(ctx, r.sum.HonestMiner)
	if err != nil {
		return err
	}
	r.sum.Settlement = r.honest.Status()
	txs, fees, reverted, err := r.txsOf(ctx, r.sum.HonestMiner)
	if err != nil {
		return err
	}
	if txs != r.sum.Settlement.Withdrawals || fees.Cmp(r.sum.Settlement.GasWei) != 0 {
		return failed(st, "the honest miner sent %d transactions (%d reverted) for %s wei of gas; its node counts %d withdrawals for %s wei",
			txs, reverted, fees, r.sum.Settlement.Withdrawals, r.sum.Settlement.GasWei)
	}
	r.sum.MinerPaid = new(big.Int).Add(new(big.Int).Sub(after, r.before), fees)
	if r.sum.MinerPaid.Cmp(r.sum.LatestAmount) != 0 {
		return failed(st, "the honest miner received %s wei net of its settler's gas %s, the latest voucher says %s",
			r.sum.MinerPaid, fees, r.sum.LatestAmount)
	}
	if err := r.withdrawals(ctx, fr.Block); err != nil {
		return err
	}
	if n := len(r.sum.Withdrawals); n != r.sum.Settlement.Withdrawals || n < 2 {
		return failed(st, "%d withdrawals on chain, the node counts %d (want at least 2: the threshold and the close)", n, r.sum.Settlement.Withdrawals)
	}
	vs, err := r.vc.ChannelState(ctx, r.chID)
	if err != nil {
		return err
	}
	r.sum.VerifierNonce = vs.Nonce
	if vs.Nonce != r.sum.LatestNonce || !vs.OnChain {
		return failed(st, "the verifier holds nonce %d (on chain %v), want the latest %d on chain", vs.Nonce, vs.OnChain, r.sum.LatestNonce)
	}
	s.done("client refunded %s wei (deposit − latest voucher, exact); miner paid %s wei (exact, net of %s wei gas); verifier at nonce %d",
		refund, r.sum.MinerPaid, r.sum.Settlement.GasWei, vs.Nonce)
	return nil
}

// txsOf counts the transactions from sent by from, and the gas they
// cost, from the blocks themselves: the truth the node's counters are
// checked against.
func (r *run) txsOf(ctx context.Context, from common.Address) (n int, fees *big.Int, reverted int, err error) {
	blocks, ok := r.sim.Backend().(interface {
		BlockByNumber(context.Context, *big.Int) (*types.Block, error)
	})
	if !ok {
		return 0, nil, 0, errors.New("demo: the chain's backend cannot read blocks")
	}
	head, err := r.sim.Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, nil, 0, err
	}
	signer := types.LatestSignerForChainID(r.sim.ChainID())
	fees = new(big.Int)
	for i := uint64(1); i <= head.Number.Uint64(); i++ {
		b, err := blocks.BlockByNumber(ctx, new(big.Int).SetUint64(i))
		if err != nil {
			return 0, nil, 0, err
		}
		for _, tx := range b.Transactions() {
			if sender, err := types.Sender(signer, tx); err != nil || sender != from {
				continue
			}
			rcpt, err := r.sim.Backend().TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				return 0, nil, 0, err
			}
			n++
			if rcpt.Status != types.ReceiptStatusSuccessful {
				reverted++
				r.o.Log.Error("reverted transaction", "from", from, "tx", tx.Hash(), "block", i, "gas", rcpt.GasUsed)
			}
			fees.Add(fees, new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), rcpt.EffectiveGasPrice))
		}
	}
	return n, fees, reverted, nil
}

// withdrawals reads the honest channel's Withdrawn events up to block
// last and their gas; the ones after CloseStarted answered the close.
func (r *run) withdrawals(ctx context.Context, last uint64) error {
	evs, err := r.mgr.Watch(contracts.WatchOptions{}).Poll(ctx)
	if err != nil {
		return err
	}
	prev := new(big.Int)
	closing := false
	for _, ev := range evs {
		if ev.Channel != r.chID || ev.Block > last {
			continue
		}
		switch ev.Kind {
		case contracts.EventCloseStarted:
			closing = true
		case contracts.EventWithdrawn:
			rcpt, err := r.sim.Backend().TransactionReceipt(ctx, ev.TxHash)
			if err != nil {
				return err
			}
			w := Withdrawal{Nonce: ev.Nonce, Bytes: ev.CumulativeBytes, Amount: ev.CumulativeAmt, Paid: new(big.Int).Sub(ev.CumulativeAmt, prev),
				GasUsed: rcpt.GasUsed, Block: ev.Block, Tx: ev.TxHash, Trigger: "auto-settle threshold", closeSeen: closing}
			if closing {
				w.Trigger = "stale close"
			}
			prev = ev.CumulativeAmt
			r.sum.Withdrawals = append(r.sum.Withdrawals, w)
		}
	}
	if n := len(r.sum.Withdrawals); n == 0 || !r.sum.Withdrawals[n-1].closeSeen {
		return failed("finalize + accounts", "no withdrawal after the close started")
	}
	return nil
}

// printSettlement prints the miner node's settlement table.
func (r *run) printSettlement() {
	st := &r.sum.Settlement
	fmt.Fprintf(r.o.Out, "\nminer node %s settled by itself: %d channel(s), %d proofs made, %d withdrawals, %d gas (%s wei), %d verifier submissions, %d alarms\n",
		short(r.sum.HonestMiner), len(st.Channels), st.Proofs, st.Withdrawals, st.GasUsed, st.GasWei, st.VerifierSubmissions, st.Alarms)
	fmt.Fprintf(r.o.Out, "  %-22s %5s %10s %22s %22s %8s\n", "trigger", "nonce", "bytes", "cumulative wei", "paid wei", "gas")
	for _, w := range r.sum.Withdrawals {
		fmt.Fprintf(r.o.Out, "  %-22s %5d %10d %22s %22s %8d\n", w.Trigger, w.Nonce, w.Bytes, w.Amount, w.Paid, w.GasUsed)
	}
}

// waitFor polls cond every 20 ms until it holds, fails, or timeout passes.
func waitFor(ctx context.Context, timeout time.Duration, cond func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var lastErr error
	for {
		ok, err := cond()
		if ok {
			return nil
		}
		if err != nil {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), lastErr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func ptr[T any](v T) *T { return &v }

func short(a common.Address) string { return a.Hex()[:10] + "…" }

// WeiETH formats wei as ether.
func WeiETH(w *big.Int) string {
	f, _ := new(big.Float).Quo(new(big.Float).SetInt(w), big.NewFloat(1e18)).Float64()
	return fmt.Sprintf("%.6f ETH", f)
}
