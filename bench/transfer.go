package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/protocol"
)

// The transfer benchmark compares the data path with the same bytes over
// a bare TCP loopback connection: a miner serving an object from its
// store, and a client fetching it with verified chunks, possession and
// latency probes and a signed, fsynced voucher and receipt per window.

// TransferOptions configures MeasureTransfer.
type TransferOptions struct {
	Size   int // bytes transferred; default 32 MiB
	Rounds int // transfers per kind (the median is reported); default 3
	// ChunkSize of the stored object (0: challenge.DefaultChunkSize) and
	// Window of the client's channel in chunks (0:
	// challenge.DefaultWindowChunks).
	ChunkSize uint32
	Window    int
	// CreditLimit of the miner (0: challenge.DefaultCreditLimit).
	CreditLimit uint64
	// Dir is where the miner's and the client's state is made (and
	// removed); empty: the system temp dir.
	Dir string
	// Link, if not nil, is the emulated path both the raw copy and the
	// fetch take (each through its own Link with these options); nil:
	// plain loopback.
	Link     *LinkOptions
	Log      *slog.Logger
	Progress func(string)
}

func (o *TransferOptions) defaults() {
	if o.Size <= 0 {
		o.Size = 32 << 20
	}
	if o.Rounds <= 0 {
		o.Rounds = 3
	}
	if o.ChunkSize == 0 {
		o.ChunkSize = challenge.DefaultChunkSize
	}
	if o.Window <= 0 {
		o.Window = challenge.DefaultWindowChunks
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
}

// TransferResult is the transfer benchmark.
type TransferResult struct {
	Size      int
	ChunkSize uint32
	Window    int
	Rounds    int
	Link      string        // the emulated path ("" for loopback)
	Raw       time.Duration // median raw TCP copy
	Fetch     time.Duration // median full fetch
	// RoundRatio is the median over the rounds of raw time / fetch time
	// (each round runs one of each, back to back).
	RoundRatio float64
	// Per fetch (the last one; every fetch of the object is the same).
	Vouchers     int
	Acked        int
	ProbesPassed int
	ProbesFailed int
}

// RawMBps and FetchMBps are throughputs in MB/s (10^6 bytes, as go test).
func (r TransferResult) RawMBps() float64   { return mbps(r.Size, r.Raw) }
func (r TransferResult) FetchMBps() float64 { return mbps(r.Size, r.Fetch) }

// Ratio is the fetch's throughput as a fraction of the raw copy's.
func (r TransferResult) Ratio() float64 { return r.Raw.Seconds() / r.Fetch.Seconds() }

func mbps(n int, d time.Duration) float64 { return float64(n) / 1e6 / d.Seconds() }

// MeasureTransfer times Rounds raw copies and Rounds full fetches of the
// same Size bytes of random content, checking every received byte. The
// kinds alternate (raw, fetch, raw, fetch...), so both see the same load
// on a shared machine; the ratio reported is the median of the rounds'
// ratios. One untimed transfer of each kind comes first: it faults the
// buffers in, lets loopback TCP settle and opens the client's channel, so
// the rounds measure the steady state.
func MeasureTransfer(ctx context.Context, opts TransferOptions) (res TransferResult, err error) {
	opts.defaults()
	res = TransferResult{Size: opts.Size, ChunkSize: opts.ChunkSize, Window: opts.Window, Rounds: opts.Rounds}
	data := randomContent(opts.Size)
	buf := make([]byte, opts.Size)

	raw, err := startRawServer(data)
	if err != nil {
		return res, err
	}
	defer raw.close()
	if opts.Link != nil {
		l, err := NewLink(raw.ln.Addr().String(), *opts.Link)
		if err != nil {
			return res, err
		}
		raw.link, res.Link = l, l.String()
	}
	rig, err := newFetchRig(ctx, data, opts)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, rig.close()) }()
	var raws, fetches []time.Duration
	var ratios []float64
	for i := -1; i < opts.Rounds; i++ {
		opts.Progress(roundLabel("raw copy", i, opts.Rounds))
		clear(buf)
		dr, err := raw.copy(ctx, buf)
		if err != nil {
			return res, err
		}
		if !bytes.Equal(buf, data) {
			return res, fmt.Errorf("bench: raw copy delivered other bytes")
		}
		opts.Progress(roundLabel("fetch", i, opts.Rounds))
		clear(buf)
		fr, df, err := rig.fetch(ctx, buf)
		if err != nil {
			return res, err
		}
		if !bytes.Equal(buf, data) {
			return res, fmt.Errorf("bench: fetch delivered other bytes")
		}
		if i < 0 {
			continue
		}
		raws, fetches = append(raws, dr), append(fetches, df)
		ratios = append(ratios, dr.Seconds()/df.Seconds())
		res.Vouchers, res.Acked, res.ProbesPassed, res.ProbesFailed = fr.Vouchers, fr.Acked, fr.ProbesPassed, fr.ProbesFailed
	}
	res.Raw, res.Fetch = median(raws), median(fetches)
	slices.Sort(ratios)
	res.RoundRatio = ratios[len(ratios)/2]
	return res, nil
}

func roundLabel(what string, i, n int) string {
	if i < 0 {
		return what + " warm-up"
	}
	return fmt.Sprintf("%s %d/%d", what, i+1, n)
}

// randomContent returns n pseudo-random bytes (incompressible, cheap).
func randomContent(n int) []byte {
	var seed [32]byte
	seed[0] = 42
	b := make([]byte, n)
	rand.NewChaCha8(seed).Read(b)
	return b
}

// rawServer writes data to every connection and closes it: the baseline,
// bytes over loopback TCP with no protocol.
type rawServer struct {
	ln   net.Listener
	link *Link // if not nil, clients dial it instead
	wg   sync.WaitGroup
}

func startRawServer(data []byte) (*rawServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &rawServer{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				c.Write(data)
				c.Close()
			}()
		}
	}()
	return s, nil
}

// copy dials the server and reads len(buf) bytes; the time includes the
// connection set-up, as a fetch's does.
func (s *rawServer) copy(ctx context.Context, buf []byte) (time.Duration, error) {
	start := time.Now()
	var d net.Dialer
	addr := s.ln.Addr().String()
	if s.link != nil {
		addr = s.link.Addr()
	}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if _, err := io.ReadFull(c, buf); err != nil {
		return 0, fmt.Errorf("bench: raw copy: %w", err)
	}
	return time.Since(start), nil
}

func (s *rawServer) close() {
	if s.link != nil {
		s.link.Close()
	}
	s.ln.Close()
	s.wg.Wait()
}

// fetchRig is a miner serving one object on loopback and a client with
// its own payment record; the client keeps its channel across fetches, so
// every fetch after the first continues it with higher nonces.
type fetchRig struct {
	dir    string
	store  *challenge.Store
	miner  *challenge.Miner
	client *challenge.Client
	obj    protocol.ObjectID
	addr   string
	link   *Link
	cancel context.CancelFunc
	served chan error
}

func newFetchRig(ctx context.Context, data []byte, opts TransferOptions) (rig *fetchRig, err error) {
	dir, err := os.MkdirTemp(opts.Dir, "bwproof-bench-transfer-")
	if err != nil {
		return nil, err
	}
	rig = &fetchRig{dir: dir}
	defer func() {
		if err != nil {
			err = errors.Join(err, rig.close())
		}
	}()
	if rig.store, err = challenge.OpenStore(filepath.Join(dir, "store")); err != nil {
		return rig, err
	}
	if rig.obj, err = rig.store.Add(bytes.NewReader(data), opts.ChunkSize); err != nil {
		return rig, err
	}
	ledger, err := challenge.OpenLedger(filepath.Join(dir, "ledger"))
	if err != nil {
		return rig, err
	}
	minerKey, err := crypto.GenerateKey()
	if err != nil {
		return rig, err
	}
	reports, err := challenge.OpenReportLog(filepath.Join(dir, "miner-reports"), minerKey)
	if err != nil {
		return rig, err
	}
	rig.miner, err = challenge.NewMiner(challenge.MinerOptions{Store: rig.store, Ledger: ledger, Key: minerKey,
		Reports: reports, CreditLimit: opts.CreditLimit, Log: opts.Log})
	if err != nil {
		return rig, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rig, err
	}
	rig.addr = ln.Addr().String()
	sctx, cancel := context.WithCancel(context.Background())
	rig.cancel, rig.served = cancel, make(chan error, 1)
	go func() { rig.served <- rig.miner.Serve(sctx, ln) }()
	if opts.Link != nil {
		if rig.link, err = NewLink(rig.addr, *opts.Link); err != nil {
			return rig, err
		}
		rig.addr = rig.link.Addr()
	}

	clientKey, rk, err := benchKeys()
	if err != nil {
		return rig, err
	}
	record, err := challenge.OpenPaymentRecord(filepath.Join(dir, "record"))
	if err != nil {
		return rig, err
	}
	clientReports, err := challenge.OpenReportLog(filepath.Join(dir, "client-reports"), clientKey)
	if err != nil {
		return rig, err
	}
	// As `client fetch`: the fetch is timed until the data is verified
	// and paid; the last acknowledgement is collected after (fetch).
	rig.client, err = challenge.NewClient(challenge.ClientOptions{Key: clientKey, ReceiptKey: rk, Record: record,
		Reports: clientReports, Shape: protocol.ShapeFor(opts.Window), Log: opts.Log, LingerFinalAck: true})
	return rig, err
}

// fetch fetches the object into buf and checks nothing went wrong.
func (r *fetchRig) fetch(ctx context.Context, buf []byte) (*challenge.FetchResult, time.Duration, error) {
	start := time.Now()
	res, err := r.client.Fetch(ctx, r.obj, []string{r.addr}, memWriterAt(buf))
	d := time.Since(start)
	if err != nil {
		return nil, 0, fmt.Errorf("bench: fetch: %w", err)
	}
	if res.Linger != nil {
		// Outside the timed part, before the next round: the channel's
		// next session starts warm only from a connection that ended.
		n, err := res.Linger.Wait(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("bench: fetch: last acknowledgement: %w", err)
		}
		res.Acked += n
	}
	if len(res.Reports) > 0 || res.ProbesFailed > 0 || res.Received != uint64(len(buf)) {
		return nil, 0, fmt.Errorf("bench: fetch: %d reports, %d failed probes, %d of %d bytes",
			len(res.Reports), res.ProbesFailed, res.Received, len(buf))
	}
	return res, d, nil
}

func (r *fetchRig) close() error {
	var errs []error
	if r.link != nil {
		errs = append(errs, r.link.Close())
	}
	if r.miner != nil {
		errs = append(errs, r.miner.Close())
	}
	if r.cancel != nil {
		r.cancel()
		errs = append(errs, <-r.served)
	}
	if r.store != nil {
		errs = append(errs, r.store.Close())
	}
	errs = append(errs, os.RemoveAll(r.dir))
	return errors.Join(errs...)
}

// memWriterAt is the fetch's output: memory, so the comparison with the
// raw copy leaves the disk out.
type memWriterAt []byte

func (m memWriterAt) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > int64(len(m)) {
		return 0, fmt.Errorf("bench: write at %d+%d beyond %d bytes", off, len(p), len(m))
	}
	return copy(m[off:], p), nil
}

// WriteTransferTable prints the result as an aligned table (also valid Markdown).
func WriteTransferTable(w io.Writer, r TransferResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| path\t MiB\t chunk KiB\t window\t time\t MB/s\t vs raw\t vs raw per round\t vouchers\t acked\t probes passed\t")
	fmt.Fprintln(tw, "|---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t")
	mib := float64(r.Size) / (1 << 20)
	fmt.Fprintf(tw, "| raw TCP copy\t %.0f\t -\t -\t %s\t %.0f\t 1.00\t 1.00\t -\t -\t -\t\n", mib,
		r.Raw.Round(100*time.Microsecond), r.RawMBps())
	fmt.Fprintf(tw, "| challenge fetch\t %.0f\t %d\t %d\t %s\t %.0f\t %.2f\t %.2f\t %d\t %d\t %d\t\n", mib, r.ChunkSize>>10,
		r.Window, r.Fetch.Round(100*time.Microsecond), r.FetchMBps(), r.Ratio(), r.RoundRatio, r.Vouchers, r.Acked, r.ProbesPassed)
	return tw.Flush()
}
