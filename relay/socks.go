package relay

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/netip"
)

// SOCKS5 (RFC 1928) server side, CONNECT only, with no authentication or
// username/password (RFC 1929). Names are not resolved here: they travel
// to the exit, which resolves them under its policy (no DNS leak on the
// client, and rebinding is the exit's check).

// ErrSOCKS is a SOCKS handshake the proxy refuses.
var ErrSOCKS = errors.New("relay: socks")

// SOCKS constants.
const (
	socksVersion     = 5
	authNone         = 0x00
	authUserPass     = 0x02
	authNoAcceptable = 0xff
	cmdConnect       = 1
	atypIPv4         = 1
	atypDomain       = 3
	atypIPv6         = 4
)

// SOCKSRequest is a parsed CONNECT request.
type SOCKSRequest struct {
	Host string // a name, or an IP literal without brackets
	Port uint16
}

// SOCKSAuth is the username and password the proxy requires; zero: none.
type SOCKSAuth struct {
	Username, Password string
}

// SOCKSHandshake reads a client's greeting, authenticates it and reads
// its request. It answers the greeting and the authentication itself;
// the request's reply is the caller's (SOCKSReply), once it knows the
// outcome. A request the proxy cannot serve (another command, an unknown
// address type) is answered here with its reply code and an error. Every
// length is a single byte, so nothing it reads exceeds 255 bytes.
func SOCKSHandshake(rw io.ReadWriter, auth SOCKSAuth) (*SOCKSRequest, error) {
	var hdr [2]byte
	if _, err := io.ReadFull(rw, hdr[:]); err != nil {
		return nil, fmt.Errorf("%w: greeting: %w", ErrSOCKS, err)
	}
	if hdr[0] != socksVersion {
		return nil, fmt.Errorf("%w: version %d", ErrSOCKS, hdr[0])
	}
	methods := make([]byte, hdr[1])
	if _, err := io.ReadFull(rw, methods); err != nil {
		return nil, fmt.Errorf("%w: methods: %w", ErrSOCKS, err)
	}
	want := byte(authNone)
	if auth != (SOCKSAuth{}) {
		want = authUserPass
	}
	offered := false
	for _, m := range methods {
		offered = offered || m == want
	}
	if !offered {
		rw.Write([]byte{socksVersion, authNoAcceptable})
		return nil, fmt.Errorf("%w: no acceptable authentication method offered", ErrSOCKS)
	}
	if _, err := rw.Write([]byte{socksVersion, want}); err != nil {
		return nil, err
	}
	if want == authUserPass {
		if err := userPass(rw, auth); err != nil {
			return nil, err
		}
	}
	var req [4]byte
	if _, err := io.ReadFull(rw, req[:]); err != nil {
		return nil, fmt.Errorf("%w: request: %w", ErrSOCKS, err)
	}
	if req[0] != socksVersion || req[2] != 0 {
		return nil, fmt.Errorf("%w: request version %d reserved %d", ErrSOCKS, req[0], req[2])
	}
	if req[1] != cmdConnect {
		SOCKSReply(rw, ReplyCmdUnsupported)
		return nil, fmt.Errorf("%w: command %d not supported (CONNECT only)", ErrSOCKS, req[1])
	}
	r := &SOCKSRequest{}
	switch req[3] {
	case atypIPv4:
		var a [4]byte
		if _, err := io.ReadFull(rw, a[:]); err != nil {
			return nil, fmt.Errorf("%w: address: %w", ErrSOCKS, err)
		}
		r.Host = netip.AddrFrom4(a).String()
	case atypIPv6:
		var a [16]byte
		if _, err := io.ReadFull(rw, a[:]); err != nil {
			return nil, fmt.Errorf("%w: address: %w", ErrSOCKS, err)
		}
		r.Host = netip.AddrFrom16(a).Unmap().String()
	case atypDomain:
		var n [1]byte
		if _, err := io.ReadFull(rw, n[:]); err != nil {
			return nil, fmt.Errorf("%w: name length: %w", ErrSOCKS, err)
		}
		name := make([]byte, n[0])
		if _, err := io.ReadFull(rw, name); err != nil {
			return nil, fmt.Errorf("%w: name: %w", ErrSOCKS, err)
		}
		if len(name) == 0 {
			SOCKSReply(rw, ReplyHostUnreachable)
			return nil, fmt.Errorf("%w: empty name", ErrSOCKS)
		}
		r.Host = string(name)
	default:
		SOCKSReply(rw, ReplyAddrTypeUnsupported)
		return nil, fmt.Errorf("%w: address type %d", ErrSOCKS, req[3])
	}
	var port [2]byte
	if _, err := io.ReadFull(rw, port[:]); err != nil {
		return nil, fmt.Errorf("%w: port: %w", ErrSOCKS, err)
	}
	r.Port = uint16(port[0])<<8 | uint16(port[1])
	if r.Port == 0 {
		SOCKSReply(rw, ReplyHostUnreachable)
		return nil, fmt.Errorf("%w: port 0", ErrSOCKS)
	}
	return r, nil
}

// userPass runs RFC 1929's sub-negotiation.
func userPass(rw io.ReadWriter, auth SOCKSAuth) error {
	var v [2]byte
	if _, err := io.ReadFull(rw, v[:]); err != nil {
		return fmt.Errorf("%w: auth: %w", ErrSOCKS, err)
	}
	if v[0] != 1 {
		return fmt.Errorf("%w: auth version %d", ErrSOCKS, v[0])
	}
	user := make([]byte, v[1])
	if _, err := io.ReadFull(rw, user); err != nil {
		return fmt.Errorf("%w: auth: %w", ErrSOCKS, err)
	}
	var pl [1]byte
	if _, err := io.ReadFull(rw, pl[:]); err != nil {
		return fmt.Errorf("%w: auth: %w", ErrSOCKS, err)
	}
	pass := make([]byte, pl[0])
	if _, err := io.ReadFull(rw, pass); err != nil {
		return fmt.Errorf("%w: auth: %w", ErrSOCKS, err)
	}
	okU := subtle.ConstantTimeCompare(user, []byte(auth.Username))
	okP := subtle.ConstantTimeCompare(pass, []byte(auth.Password))
	if okU&okP != 1 {
		rw.Write([]byte{1, 1})
		return fmt.Errorf("%w: wrong username or password", ErrSOCKS)
	}
	_, err := rw.Write([]byte{1, 0})
	return err
}

// SOCKSReply answers a request with a reply code (bound address 0.0.0.0:0:
// the exit's address is not the application's business).
func SOCKSReply(w io.Writer, code uint8) error {
	_, err := w.Write([]byte{socksVersion, code, 0, atypIPv4, 0, 0, 0, 0, 0, 0})
	return err
}
