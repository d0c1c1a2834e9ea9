package verifier

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/bwproof/bwproof/internal/fsutil"
)

// ServerOptions configures the embedded NATS server.
type ServerOptions struct {
	// DataDir holds the JetStream store (DataDir/jetstream). Required.
	DataDir string
	// Host and Port to listen on for clients (default 127.0.0.1:4222;
	// Port -1 picks a free port).
	Host string
	Port int
	// ServerName names the server (required in a cluster).
	ServerName string
	// Auth, when set, enforces the access layout: only its nkey users may
	// connect, each with its role's permissions.
	Auth *AuthLayout
	// MaxPayload is the largest message the server accepts (default 256 KiB).
	MaxPayload int32
	// SyncAlways fsyncs every JetStream write (survives power loss, not
	// just a killed process; slower).
	SyncAlways bool
	// Cluster makes the server one node of a NATS cluster.
	Cluster *ClusterOptions
	// TLS for client connections (optional).
	TLS *tls.Config
	// Log receives the server's logs (nil: discarded). Debug adds its
	// debug logs.
	Log   *slog.Logger
	Debug bool
}

// ClusterOptions configures cluster routes.
type ClusterOptions struct {
	Name   string   // cluster name, the same on every node
	Host   string   // route listen host (default 127.0.0.1)
	Port   int      // route listen port (-1: any)
	Routes []string // nats-route://host:port of the other nodes
}

// StartServer starts an embedded nats-server with JetStream and waits until
// it accepts connections. Stop it with Shutdown (then WaitForShutdown).
func StartServer(o ServerOptions) (*server.Server, error) {
	if o.DataDir == "" {
		return nil, fmt.Errorf("%w: the embedded server needs a data directory", ErrConfig)
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("%w: data dir: %w", ErrConfig, err)
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Port == 0 {
		o.Port = 4222
	}
	if o.MaxPayload <= 0 {
		o.MaxPayload = 256 << 10
	}
	opts := &server.Options{}
	if o.Auth != nil {
		if len(o.Auth.Users) == 0 {
			return nil, fmt.Errorf("%w: the access layout has no users", ErrAuth)
		}
		// The embedded server runs the very block `verifier creds
		// --server-config` prints for an external server.
		conf, err := o.Auth.ServerConfig()
		if err != nil {
			return nil, err
		}
		if err := opts.ProcessConfigString(conf); err != nil {
			return nil, fmt.Errorf("%w: access layout as server config: %w", ErrAuth, err)
		}
	}
	opts.ServerName = o.ServerName
	opts.Host, opts.Port = o.Host, o.Port
	opts.JetStream = true
	opts.StoreDir = filepath.Join(o.DataDir, "jetstream")
	opts.SyncAlways = o.SyncAlways
	opts.MaxPayload = o.MaxPayload
	opts.NoSigs = true
	opts.NoLog = o.Log == nil
	opts.TLSConfig = o.TLS
	// A verifier restarted after a crash must find its streams: strict
	// JetStream and no in-memory fallback.
	if o.TLS != nil {
		opts.TLS = true
		opts.TLSTimeout = 2
	}
	if o.Auth != nil && o.Cluster == nil {
		if err := moveGlobalStore(opts.StoreDir, o.Log); err != nil {
			return nil, err
		}
	}
	if c := o.Cluster; c != nil {
		if o.ServerName == "" || c.Name == "" {
			return nil, fmt.Errorf("%w: a cluster node needs a server name and a cluster name", ErrConfig)
		}
		opts.Cluster = server.ClusterOpts{Name: c.Name, Host: c.Host, Port: c.Port}
		if opts.Cluster.Host == "" {
			opts.Cluster.Host = "127.0.0.1"
		}
		for _, r := range c.Routes {
			u, err := url.Parse(r)
			if err != nil {
				return nil, fmt.Errorf("%w: route %q: %w", ErrConfig, r, err)
			}
			opts.Routes = append(opts.Routes, u)
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("%w: nats server: %w", ErrConfig, err)
	}
	if o.Log != nil {
		srv.SetLoggerV2(&slogAdapter{l: o.Log.With("component", "nats-server")}, o.Debug, false, false)
	}
	srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("%w: nats server did not become ready", ErrUnavailable)
	}
	return srv, nil
}

// moveGlobalStore moves a single server's JetStream store from the global
// account (where it lives without access control) to the verifier
// account, once: a verifier that starts enforcing an access layout keeps
// its state. A cluster's store is moved by the operator (stream backup and
// restore), since its assignments are replicated.
func moveGlobalStore(storeDir string, log *slog.Logger) error {
	// The server keeps accounts in <StoreDir>/jetstream/<account>.
	base := filepath.Join(storeDir, server.JetStreamStoreDir)
	from, to := filepath.Join(base, server.DEFAULT_GLOBAL_ACCOUNT), filepath.Join(base, VerifierAccount)
	if _, err := os.Stat(from); err != nil {
		return nil
	}
	if _, err := os.Stat(to); err == nil {
		return nil
	}
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("%w: move the JetStream store to account %s: %w", ErrConfig, VerifierAccount, err)
	}
	if log != nil {
		log.Info("moved the JetStream store to the verifier account", "from", from, "to", to)
	}
	return nil
}

// slogAdapter routes nats-server logs to slog.
type slogAdapter struct{ l *slog.Logger }

func (a *slogAdapter) Noticef(f string, v ...any) { a.l.Info(fmt.Sprintf(f, v...)) }
func (a *slogAdapter) Warnf(f string, v ...any)   { a.l.Warn(fmt.Sprintf(f, v...)) }
func (a *slogAdapter) Fatalf(f string, v ...any)  { a.l.Error(fmt.Sprintf(f, v...)) }
func (a *slogAdapter) Errorf(f string, v ...any)  { a.l.Error(fmt.Sprintf(f, v...)) }
func (a *slogAdapter) Debugf(f string, v ...any)  { a.l.Debug(fmt.Sprintf(f, v...)) }
func (a *slogAdapter) Tracef(f string, v ...any)  { a.l.Debug(fmt.Sprintf(f, v...)) }

// ConnectOptions configures Connect.
type ConnectOptions struct {
	// URL of the server(s), comma-separated (default nats://127.0.0.1:4222).
	URL  string
	Name string // connection name, shown by the server
	// Credentials: an nkey seed (file or bytes) or a JWT creds file.
	NkeySeedFile string
	NkeySeed     []byte
	CredsFile    string
	// TLS: CA to trust, and a client certificate if the server wants one.
	TLSCAFile   string
	TLSCertFile string
	TLSKeyFile  string
	// Timeout of the initial connection (default 5s). Once connected the
	// connection reconnects forever.
	Timeout time.Duration
	Log     *slog.Logger
	// InProcess connects to this embedded server in process (a pipe, no
	// socket; URL is then not dialled): a verifier beside its own server
	// saves a system call and a loopback hop on every JetStream request.
	InProcess *server.Server
}

// Connect connects to NATS with the given credentials.
func Connect(o ConnectOptions) (*nats.Conn, error) {
	if o.URL == "" {
		o.URL = nats.DefaultURL
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := []nats.Option{nats.Name(o.Name), nats.Timeout(o.Timeout), nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Warn("nats error", "subject", subj, "err", err)
		}),
	}
	if o.InProcess != nil {
		opts = append(opts, nats.InProcessServer(o.InProcess))
	}
	switch {
	case o.NkeySeedFile != "":
		// Read here, bounded (nats.NkeyOptionFromSeed reads any size).
		seed, err := ReadSeed(o.NkeySeedFile)
		if err != nil {
			return nil, fmt.Errorf("nkey seed %s: %w", o.NkeySeedFile, err)
		}
		opt, err := nkeyOption(seed)
		if err != nil {
			return nil, err
		}
		opts = append(opts, opt)
	case len(o.NkeySeed) > 0:
		opt, err := nkeyOption(o.NkeySeed)
		if err != nil {
			return nil, err
		}
		opts = append(opts, opt)
	}
	if o.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(o.CredsFile))
	}
	if o.TLSCAFile != "" {
		opts = append(opts, nats.RootCAs(o.TLSCAFile))
	}
	if o.TLSCertFile != "" || o.TLSKeyFile != "" {
		opts = append(opts, nats.ClientCert(o.TLSCertFile, o.TLSKeyFile))
	}
	nc, err := nats.Connect(o.URL, opts...)
	if err != nil {
		return nil, &UnreachableError{URL: o.URL, Err: err}
	}
	return nc, nil
}

// nkeyOption signs the server's nonce with a user seed held in memory.
func nkeyOption(seed []byte) (nats.Option, error) {
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		return nil, fmt.Errorf("%w: nkey seed: %w", ErrAuth, err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("%w: nkey seed: %w", ErrAuth, err)
	}
	if !nkeys.IsValidPublicUserKey(pub) {
		return nil, fmt.Errorf("%w: the seed is not a user nkey", ErrAuth)
	}
	return nats.Nkey(pub, func(nonce []byte) ([]byte, error) { return kp.Sign(nonce) }), nil
}

// MaxSeedFileSize bounds a seed file read (a decorated nkey seed is
// about 200 bytes).
const MaxSeedFileSize = 16 << 10

// ReadSeed reads a seed file (the first non-empty line).
func ReadSeed(path string) ([]byte, error) {
	b, err := fsutil.ReadFileLimit(path, MaxSeedFileSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	kp, err := nkeys.ParseDecoratedNKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrAuth, path, err)
	}
	return kp.Seed()
}
