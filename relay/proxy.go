package relay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"strconv"
	"sync"
	"time"
)

// ProxyOptions configures a Proxy.
type ProxyOptions struct {
	Client *Client // carries the streams (required)
	// Auth, when set, is the SOCKS5 username and password the proxy
	// requires (RFC 1929).
	Auth SOCKSAuth
	// HandshakeTimeout bounds a SOCKS handshake and an exit's open.
	HandshakeTimeout time.Duration
	Log              *slog.Logger
}

// Proxy serves SOCKS5 and HTTP (CONNECT, and plain requests with an
// absolute URL) to local applications, carrying every connection through
// the Client's exits.
type Proxy struct {
	opts ProxyOptions
	log  *slog.Logger
	wg   sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// NewProxy checks opts.
func NewProxy(opts ProxyOptions) (*Proxy, error) {
	if opts.Client == nil {
		return nil, fmt.Errorf("%w: a proxy needs a client", ErrConfig)
	}
	if opts.HandshakeTimeout <= 0 {
		opts.HandshakeTimeout = 30 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Proxy{opts: opts, log: opts.Log, conns: map[net.Conn]bool{}}, nil
}

func (p *Proxy) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.conns[c] = true
	} else {
		delete(p.conns, c)
	}
}

// Close closes the application connections and waits for them.
func (p *Proxy) Close() {
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// ServeSOCKS serves SOCKS5 on ln until ctx ends.
func (p *Proxy) ServeSOCKS(ctx context.Context, ln net.Listener) error {
	return acceptLoop(ctx, ln, func(c net.Conn) {
		p.wg.Add(1)
		p.track(c, true)
		go func() {
			defer p.wg.Done()
			defer p.track(c, false)
			p.socks(ctx, c)
		}()
	})
}

func (p *Proxy) socks(ctx context.Context, c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(p.opts.HandshakeTimeout))
	req, err := SOCKSHandshake(c, p.opts.Auth)
	if err != nil {
		p.log.Debug("socks handshake", "remote", c.RemoteAddr().String(), "err", err)
		return
	}
	dctx, cancel := context.WithTimeout(ctx, p.opts.HandshakeTimeout)
	st, err := p.opts.Client.Dial(dctx, req.Host, req.Port)
	cancel()
	if err != nil {
		code := ReplyFailure
		var oe *OpenError
		if errors.As(err, &oe) {
			code = oe.Code
		}
		p.log.Info("socks connect failed", "host", req.Host, "port", req.Port, "code", code, "err", err)
		SOCKSReply(c, code)
		return
	}
	if err := SOCKSReply(c, ReplyOK); err != nil {
		st.Close()
		return
	}
	c.SetDeadline(time.Time{})
	splice(c, st)
}

// splice copies both ways, passing half-closes through, until both
// directions end or either fails.
func splice(app net.Conn, st *Stream) {
	defer app.Close()
	defer st.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := io.Copy(st, app); err != nil {
			app.Close()
			return
		}
		st.CloseWrite()
	}()
	if _, err := io.Copy(app, st); err != nil {
		app.Close()
		st.Close()
	} else if cw, ok := app.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	<-done
}

// HTTPHandler serves CONNECT (a tunnel to host:port) and plain proxy
// requests (an absolute http:// URL), both through the Client.
func (p *Proxy) HTTPHandler() http.Handler {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			host, port, err := splitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return p.opts.Client.Dial(ctx, host, port)
		},
		MaxIdleConnsPerHost: 8,
		IdleConnTimeout:     30 * time.Second,
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL = r.In.URL
			r.Out.Host = r.In.Host
		},
		Transport: tr,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			p.log.Info("http proxy request failed", "url", r.URL.String(), "err", err)
			http.Error(w, err.Error(), httpStatus(err))
		},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			if !r.URL.IsAbs() || r.URL.Scheme != "http" {
				http.Error(w, "this is a proxy: CONNECT host:port, or an absolute http:// URL", http.StatusBadRequest)
				return
			}
			rp.ServeHTTP(w, r)
			return
		}
		host, port, err := splitHostPort(r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), p.opts.HandshakeTimeout)
		st, err := p.opts.Client.Dial(ctx, host, port)
		cancel()
		if err != nil {
			p.log.Info("http connect failed", "host", host, "port", port, "err", err)
			http.Error(w, err.Error(), httpStatus(err))
			return
		}
		hj, ok := w.(http.Hijacker)
		if !ok {
			st.Close()
			http.Error(w, "cannot hijack", http.StatusInternalServerError)
			return
		}
		c, rw, err := hj.Hijack()
		if err != nil {
			st.Close()
			return
		}
		p.wg.Add(1)
		p.track(c, true)
		defer p.wg.Done()
		defer p.track(c, false)
		if _, err := c.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
			c.Close()
			st.Close()
			return
		}
		// Bytes the application sent after its request are already buffered.
		if n := rw.Reader.Buffered(); n > 0 {
			b, _ := rw.Reader.Peek(n)
			if _, err := st.Write(b); err != nil {
				c.Close()
				st.Close()
				return
			}
		}
		splice(c, st)
	})
}

// ServeHTTP serves the HTTP proxy on ln until ctx ends.
func (p *Proxy) ServeHTTP(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: p.HTTPHandler(), ReadHeaderTimeout: p.opts.HandshakeTimeout,
		ErrorLog: slog.NewLogLogger(p.log.Handler(), slog.LevelDebug)}
	stop := context.AfterFunc(ctx, func() { srv.Close() })
	defer stop()
	err := srv.Serve(ln)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func splitHostPort(addr string) (string, uint16, error) {
	host, ps, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("%w: %q: %w", ErrConfig, addr, err)
	}
	port, err := strconv.ParseUint(ps, 10, 16)
	if err != nil || port == 0 || host == "" || len(host) > MaxHost {
		return "", 0, fmt.Errorf("%w: %q: bad host or port", ErrConfig, addr)
	}
	return host, uint16(port), nil
}

// httpStatus maps a relay error to an HTTP status.
func httpStatus(err error) int {
	var oe *OpenError
	if errors.As(err, &oe) {
		switch oe.Code {
		case ReplyNotAllowed:
			return http.StatusForbidden
		case ReplyTTLExpired:
			return http.StatusGatewayTimeout
		}
		return http.StatusBadGateway
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}
