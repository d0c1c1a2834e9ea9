package main

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
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/verifier"
)

func init() {
	register(command{Name: "demo", Summary: "run the whole network in one process and check every step", Run: runDemoCmd})
}

// demoOptions configures the one-process network.
type demoOptions struct {
	Dir        string // working directory (default: a new temp dir, removed after)
	Keys       string // key set to use (default: a fresh dev setup, cached in Dir)
	Window     int    // chunks per window when making keys
	ObjectSize int    // bytes fetched
	ChunkSize  int
	CorruptAt  uint64 // object chunk the faulty miner corrupts
	Log        *slog.Logger
	Out        io.Writer
}

func runDemoCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "deploy the contracts on an embedded chain, start an in-process NATS verifier, two miners (one corrupts a chunk) and a client; fetch, probe, pay, report, prove, verify and withdraw; exit 0 only if every step checked out")
	o := demoOptions{Log: e.Log, Out: e.Stdout}
	fs.StringVar(&o.Dir, "dir", envOr("BWPROOF_DEMO_DIR", ""), "working directory to keep (default: a temporary one, removed at the end)")
	fs.StringVar(&o.Keys, "keys", envOr("BWPROOF_KEYS", ""), "existing key set (default: a fresh development setup)")
	fs.IntVar(&o.Window, "window", 16, "chunks per window when making fresh keys")
	fs.IntVar(&o.ObjectSize, "size", 4<<20, "object size in bytes")
	fs.IntVar(&o.ChunkSize, "chunk", 64<<10, "chunk size in bytes")
	corrupt := fs.Uint64("corrupt-chunk", 20, "object chunk the faulty miner corrupts")
	verbose := fs.Bool("verbose", false, "show the components' logs (by default only errors: the summary says what happened)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*verbose {
		o.Log = slog.New(minLevel{e.Log.Handler(), slog.LevelError})
	}
	o.CorruptAt = *corrupt
	_, err := runDemo(ctx, o)
	return err
}

// demoSummary is what the demo checked; the test asserts on it.
type demoSummary struct {
	Bytes           uint64
	Windows         int
	Vouchers        int
	ProbesPassed    int
	ProbesFailed    int
	Failovers       int
	Reports         int
	ProvenReports   int
	Flagged         []string
	ProveTime       time.Duration
	VerifyTime      time.Duration
	Attested        uint64
	WithdrawGas     uint64
	Paid            *big.Int
	PayeeBefore     *big.Int
	PayeeAfter      *big.Int
	FileIdentical   bool
	AttestationDupe bool
}

type demoStep struct {
	name  string
	start time.Time
}

func (o *demoOptions) step(name string) *demoStep {
	o.Log.Info("demo", "step", name)
	return &demoStep{name: name, start: time.Now()}
}

func (o *demoOptions) done(s *demoStep, detail string) {
	fmt.Fprintf(o.Out, "  ✓ %-34s %-8s %s\n", s.name, time.Since(s.start).Round(10*time.Millisecond), detail)
}

// runDemo runs the whole flow and returns an error unless every check held.
func runDemo(ctx context.Context, o demoOptions) (*demoSummary, error) {
	started := time.Now()
	if o.Window == 0 {
		o.Window = 16
	}
	if o.ChunkSize == 0 {
		o.ChunkSize = 64 << 10
	}
	if o.ObjectSize == 0 {
		o.ObjectSize = 4 << 20
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Dir == "" {
		d, err := os.MkdirTemp("", "bwproof-demo-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		o.Dir = d
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sum := &demoSummary{}
	fmt.Fprintf(o.Out, "bwproof demo (working directory %s)\n", o.Dir)

	// 1. Keys.
	s := o.step("keys")
	keys, err := demoKeys(ctx, &o)
	if err != nil {
		return nil, err
	}
	o.done(s, fmt.Sprintf("circuit %s…, window %d chunks, %d constraints (%s)", keys.CircuitID.String()[:12],
		keys.Shape.Chunks, keys.CS.GetNbConstraints(), keys.Origin))

	// 2. Chain and contracts.
	s = o.step("chain + contracts")
	deployer, deployerAcct := contracts.DevKey(0)
	minerKeys := make([]*ecdsa.PrivateKey, 2)
	alloc := types.GenesisAlloc{crypto.PubkeyToAddress(deployer.PublicKey): deployerAcct}
	for i := range minerKeys {
		k, acct := contracts.DevKey(uint64(1 + i))
		minerKeys[i] = k
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = acct
	}
	clientKey, clientAcct := contracts.DevKey(3)
	alloc[crypto.PubkeyToAddress(clientKey.PublicKey)] = clientAcct
	chain, err := contracts.NewSimulated(ctx, contracts.SimulatedOptions{Alloc: alloc, Log: o.Log})
	if err != nil {
		return nil, err
	}
	defer chain.Close()
	compiler, err := ensureSolc(ctx, o.Log)
	if err != nil {
		return nil, err
	}
	var src bytes.Buffer
	if err := keys.ExportSolidity(&src); err != nil {
		return nil, err
	}
	dep, err := contracts.Deploy(ctx, chain.Chain, deployer, compiler, src.Bytes())
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	mgr := dep.Manager
	o.done(s, fmt.Sprintf("ChannelManager %s, verifier %s (deploy gas %d + %d)", short(mgr.Address()),
		short(dep.Verifier.Address()), dep.ManagerReceipt.GasUsed, dep.VerifierReceipt.GasUsed))

	// 3. NATS and the verifier service.
	s = o.step("NATS + verifier service")
	ns, err := verifier.StartServer(verifier.ServerOptions{DataDir: filepath.Join(o.Dir, "nats"), Port: -1})
	if err != nil {
		return nil, err
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	nc, err := verifier.Connect(verifier.ConnectOptions{URL: ns.ClientURL(), Name: "demo"})
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	svc, err := verifier.New(ctx, verifier.Options{Conn: nc, Keys: []*attest.Keys{keys}, Log: o.Log,
		Chain: contracts.NewChannelSource(mgr, contracts.ChannelSourceOptions{Log: o.Log})})
	if err != nil {
		return nil, err
	}
	defer svc.Stop(context.Background())
	vc := verifier.NewClient(nc, verifier.ClientOptions{})
	flags := make(chan *verifier.FlagEvent, 8)
	fsub, err := vc.SubscribeFlags(func(ev *verifier.FlagEvent) { flags <- ev })
	if err != nil {
		return nil, err
	}
	defer fsub.Unsubscribe()
	o.done(s, fmt.Sprintf("nats %s, service %s", ns.ClientURL(), svc.ID()))

	// 4. Two miners with the same object; the first corrupts a chunk.
	s = o.step("miners")
	content := make([]byte, o.ObjectSize)
	if _, err := rand.Read(content); err != nil {
		return nil, err
	}
	type minerNode struct {
		addr     string
		key      *ecdsa.PrivateKey
		attestor *attest.Attestor
		miner    *challenge.Miner
		ledger   *challenge.Ledger
	}
	var objID protocol.ObjectID
	nodes := make([]*minerNode, 2)
	var serveWG sync.WaitGroup
	defer serveWG.Wait()
	for i := range nodes {
		dir := filepath.Join(o.Dir, fmt.Sprintf("miner%d", i))
		store, err := challenge.OpenStore(filepath.Join(dir, "store"))
		if err != nil {
			return nil, err
		}
		defer store.Close()
		id, err := store.Add(bytes.NewReader(content), uint32(o.ChunkSize))
		if err != nil {
			return nil, err
		}
		objID = id
		ledger, err := challenge.OpenLedger(filepath.Join(dir, "ledger"))
		if err != nil {
			return nil, err
		}
		reports, err := challenge.OpenReportLog(filepath.Join(dir, "reports"), minerKeys[i])
		if err != nil {
			return nil, err
		}
		at, err := attest.NewAttestor(attest.AttestorOptions{Keys: keys, Domain: mgr.Domain(), Log: o.Log})
		if err != nil {
			return nil, err
		}
		n := &minerNode{key: minerKeys[i], attestor: at, ledger: ledger}
		mo := challenge.MinerOptions{Store: store, Ledger: ledger, Key: minerKeys[i], Reports: reports,
			CreditLimit: uint64(2 * keys.Shape.Chunks * o.ChunkSize), Domain: ptr(mgr.Domain()), Log: o.Log,
			OnStep: func(info challenge.ChannelInfo, step protocol.Step) {
				if err := at.Record(step, info.Client); err != nil {
					o.Log.Warn("attestor refused a step", "err", err)
				}
			}}
		if i == 0 {
			mo.Faults = &challenge.Faults{Corrupt: challenge.CorruptProvable, CorruptChunk: o.CorruptAt}
		}
		m, err := challenge.NewMiner(mo)
		if err != nil {
			return nil, err
		}
		defer m.Close()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		n.addr, n.miner = ln.Addr().String(), m
		serveWG.Add(1)
		go func() {
			defer serveWG.Done()
			if err := m.Serve(ctx, ln); err != nil && ctx.Err() == nil {
				o.Log.Error("miner stopped", "err", err)
			}
		}()
		nodes[i] = n
	}
	o.done(s, fmt.Sprintf("object %x… (%d bytes); faulty %s at %s, honest %s at %s", objID[:6], o.ObjectSize,
		short(nodes[0].miner.Address()), nodes[0].addr, short(nodes[1].miner.Address()), nodes[1].addr))

	// 5. The client opens an on-chain channel per miner and fetches.
	s = o.step("client fetch")
	rk, err := protocol.GenerateReceiptKey(nil)
	if err != nil {
		return nil, err
	}
	keyHash, err := rk.Public().Hash()
	if err != nil {
		return nil, err
	}
	price := big.NewInt(1_000_000_000) // 1 gwei per byte
	minerAt := map[string]common.Address{}
	for _, n := range nodes {
		minerAt[n.addr] = n.miner.Address()
	}
	var chMu sync.Mutex
	channels := map[string]protocol.Element{}
	record, err := challenge.OpenPaymentRecord(filepath.Join(o.Dir, "client", "payments"))
	if err != nil {
		return nil, err
	}
	clientReports, err := challenge.OpenReportLog(filepath.Join(o.Dir, "client", "reports"), clientKey)
	if err != nil {
		return nil, err
	}
	deposit := new(big.Int).Mul(big.NewInt(int64(o.ObjectSize)), price)
	cl, err := challenge.NewClient(challenge.ClientOptions{
		Key: clientKey, ReceiptKey: rk, Record: record, Reports: clientReports,
		PricePerByte: price, Domain: mgr.Domain(), Shape: keys.Shape, Log: o.Log,
		Channel: func(ctx context.Context, addr string) (challenge.ChannelInfo, error) {
			miner, ok := minerAt[addr]
			if !ok {
				return challenge.ChannelInfo{}, fmt.Errorf("no miner known at %s", addr)
			}
			id, _, err := mgr.Open(ctx, clientKey, contracts.OpenParams{Miner: miner, KeyHash: keyHash,
				PricePerByte: price, ChallengePeriod: time.Hour, Deposit: deposit})
			if err != nil {
				return challenge.ChannelInfo{}, fmt.Errorf("open channel: %w", err)
			}
			chMu.Lock()
			channels[addr] = id
			chMu.Unlock()
			return challenge.ChannelInfo{ID: id, Client: crypto.PubkeyToAddress(clientKey.PublicKey), Miner: miner,
				ReceiptKey: rk.Public(), PricePerByte: price, Domain: mgr.Domain(), Shape: keys.Shape}, nil
		},
	})
	if err != nil {
		return nil, err
	}
	outPath := filepath.Join(o.Dir, "client", "object.out")
	out, err := os.Create(outPath)
	if err != nil {
		return nil, err
	}
	res, err := cl.Fetch(ctx, objID, []string{nodes[0].addr, nodes[1].addr}, out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	got, err := os.ReadFile(outPath)
	if err != nil {
		return nil, err
	}
	sum.FileIdentical = bytes.Equal(got, content)
	sum.Bytes, sum.Vouchers = res.Received, res.Vouchers
	sum.ProbesPassed, sum.ProbesFailed, sum.Failovers = res.ProbesPassed, res.ProbesFailed, res.Failovers
	if !sum.FileIdentical {
		return sum, errors.New("check failed: the fetched file differs from the object")
	}
	if res.Failovers < 1 || len(res.Reports) == 0 {
		return sum, fmt.Errorf("check failed: the corrupt chunk went unnoticed (%d failovers, %d reports)", res.Failovers, len(res.Reports))
	}
	o.done(s, fmt.Sprintf("%d bytes byte-identical, %d vouchers, probes %d passed/%d failed, %d failover",
		res.Received, res.Vouchers, res.ProbesPassed, res.ProbesFailed, res.Failovers))
	for _, m := range res.Miners {
		reason := "completed"
		if m.Err != nil {
			reason = "left: " + m.Err.Error()
		}
		fmt.Fprintf(o.Out, "      miner %s received %d, paid %d (%s)\n", short(m.Miner), m.Received, m.Paid, reason)
	}

	// 6. Reports go to the verifier; the proven one flags the miner.
	s = o.step("report + flag")
	for i := range res.Reports {
		r, err := vc.SubmitReport(ctx, &res.Reports[i])
		if err != nil {
			return sum, fmt.Errorf("submit report: %w", err)
		}
		sum.Reports++
		if r.Verdict.Proven {
			sum.ProvenReports++
		}
	}
	if sum.ProvenReports == 0 {
		return sum, errors.New("check failed: no report was proven")
	}
	select {
	case ev := <-flags:
		sum.Flagged = append(sum.Flagged, ev.Party)
		if !strings.EqualFold(ev.Party, nodes[0].miner.Address().Hex()) {
			return sum, fmt.Errorf("check failed: flagged %s, not the faulty miner", ev.Party)
		}
		o.done(s, fmt.Sprintf("%d report(s), %d proven; flag event for %s: %s", sum.Reports, sum.ProvenReports, short(nodes[0].miner.Address()), ev.Reason))
	case <-time.After(10 * time.Second):
		return sum, errors.New("check failed: no flag event for the faulty miner")
	}

	// 7. The honest miner proves its latest voucher and the verifier records it.
	s = o.step("prove + verifier")
	honest := nodes[1]
	chMu.Lock()
	chID, ok := channels[honest.addr]
	chMu.Unlock()
	if !ok {
		return sum, errors.New("check failed: no channel with the honest miner")
	}
	step, ok := honest.attestor.Latest(chID)
	if !ok {
		return sum, errors.New("check failed: the honest miner recorded no step")
	}
	sess, err := honest.ledger.Session(chID)
	if err != nil {
		return sum, err
	}
	sum.Windows = len(sess.Steps)
	t0 := time.Now()
	att, err := honest.attestor.Prove(ctx, chID)
	if err != nil {
		return sum, fmt.Errorf("prove: %w", err)
	}
	sum.ProveTime = time.Since(t0)
	t0 = time.Now()
	if err := att.Verify(keys.VK); err != nil {
		return sum, err
	}
	sum.VerifyTime = time.Since(t0)
	acc, err := vc.SubmitAttestation(ctx, att, honest.key)
	if err != nil {
		return sum, fmt.Errorf("verifier refused the attestation: %w", err)
	}
	st, err := vc.ChannelState(ctx, chID)
	if err != nil {
		return sum, err
	}
	sum.Attested = att.CumulativeBytes()
	o.done(s, fmt.Sprintf("nonce %d, %d bytes, prove %s, verify %s; verifier: channel at nonce %d",
		att.Nonce(), att.CumulativeBytes(), sum.ProveTime.Round(time.Millisecond), sum.VerifyTime.Round(10*time.Microsecond), st.Nonce))
	_ = acc

	// 8. Withdraw on chain with the voucher and the proof.
	s = o.step("withdraw on chain")
	before, err := chain.Balance(ctx, honest.miner.Address())
	if err != nil {
		return sum, err
	}
	// The miner submits its own withdrawal, as in production; its balance
	// moves by the payout minus the gas it paid.
	rcpt, err := mgr.WithdrawAttestation(ctx, honest.key, &step.Voucher, att)
	if err != nil {
		return sum, fmt.Errorf("withdraw: %w", err)
	}
	after, err := chain.Balance(ctx, honest.miner.Address())
	if err != nil {
		return sum, err
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), rcpt.EffectiveGasPrice)
	sum.WithdrawGas, sum.PayeeBefore, sum.PayeeAfter = rcpt.GasUsed, before, after
	sum.Paid = new(big.Int).Add(new(big.Int).Sub(after, before), fee)
	if sum.Paid.Cmp(step.Voucher.CumulativeAmount) != 0 {
		return sum, fmt.Errorf("check failed: miner received %s wei, voucher says %s", sum.Paid, step.Voucher.CumulativeAmount)
	}
	ch, err := mgr.Channel(ctx, chID)
	if err != nil {
		return sum, err
	}
	o.done(s, fmt.Sprintf("gas %d, miner paid %s wei (balance %s → %s after gas), channel nonce %d", rcpt.GasUsed, sum.Paid,
		weiETH(before), weiETH(after), ch.Nonce))

	fmt.Fprintf(o.Out, "\nall checks passed in %s: %d bytes over %d vouchers, %d windows proven by the honest miner, faulty miner flagged\n",
		time.Since(started).Round(100*time.Millisecond), sum.Bytes, sum.Vouchers, sum.Windows)
	return sum, nil
}

func ptr[T any](v T) *T { return &v }

// minLevel drops records below a level whatever the handler's own level.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (m minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= m.min && m.Handler.Enabled(ctx, l)
}

func (m minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{m.Handler.WithAttrs(as), m.min}
}

func (m minLevel) WithGroup(g string) slog.Handler { return minLevel{m.Handler.WithGroup(g), m.min} }

func short(a common.Address) string { return a.Hex()[:10] + "…" }

func weiETH(w *big.Int) string {
	f, _ := new(big.Float).Quo(new(big.Float).SetInt(w), big.NewFloat(1e18)).Float64()
	return fmt.Sprintf("%.6f ETH", f)
}

// demoKeys loads o.Keys, or makes a dev key set (cached under o.Dir).
func demoKeys(ctx context.Context, o *demoOptions) (*attest.Keys, error) {
	if o.Keys != "" {
		return attest.LoadKeys(o.Keys)
	}
	dir := filepath.Join(o.Dir, "keys")
	if k, err := attest.LoadKeys(dir); err == nil {
		return k, nil
	}
	shape := protocol.ShapeFor(o.Window)
	k, err := attest.Setup(ctx, shape, attest.SetupOptions{Log: o.Log})
	if err != nil {
		return nil, err
	}
	return k, k.Save(dir)
}

// ensureSolc finds solcjs (contracts/node_modules/solc); on a fresh
// checkout it runs `npm ci` in contracts/ first (the lock file pins
// solc 0.8.37), so the demo and benchmarks need no separate install step.
func ensureSolc(ctx context.Context, log *slog.Logger) (*solc.Compiler, error) {
	if c, err := solc.NewCompiler(solc.Options{}); err == nil {
		return c, nil
	}
	root, err := repoRoot()
	if err != nil {
		return nil, fmt.Errorf("solc not found and no checkout to install it in: %w", err)
	}
	log.Info("installing solc with npm ci (first run only)", "dir", filepath.Join(root, "contracts"))
	cmd := exec.CommandContext(ctx, "npm", "ci", "--prefix", filepath.Join(root, "contracts"), "--no-audit", "--no-fund")
	var outb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &outb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm ci in contracts/: %w\n%s", err, outb.String())
	}
	return solc.NewCompiler(solc.Options{SolcDir: filepath.Join(root, "contracts", "node_modules", "solc")})
}

// repoRoot walks up from the working directory to the checkout holding
// contracts/package-lock.json.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "contracts", "package-lock.json")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no contracts/package-lock.json above the working directory")
		}
		dir = parent
	}
}
