package relay

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Rule matches destinations: every field it sets must match. Prefix
// matches the resolved address, Host the name the client asked for
// (exactly, or "*.example.com" for any subdomain), Ports a port range.
type Rule struct {
	Prefix   netip.Prefix // zero: any address
	Host     string       // "": any name
	PortLow  uint16       // 0 with PortHigh 0: any port
	PortHigh uint16
}

func (r Rule) String() string {
	var s string
	switch {
	case r.Prefix.IsValid():
		s = r.Prefix.String()
		if r.Prefix.Addr().Is6() && r.PortLow != 0 {
			s = "[" + s + "]"
		}
	case r.Host != "":
		s = r.Host
	}
	if r.PortLow != 0 {
		s += ":" + strconv.Itoa(int(r.PortLow))
		if r.PortHigh != r.PortLow {
			s += "-" + strconv.Itoa(int(r.PortHigh))
		}
	}
	return s
}

func (r Rule) matchPort(port uint16) bool {
	return r.PortLow == 0 && r.PortHigh == 0 || port >= r.PortLow && port <= r.PortHigh
}

func (r Rule) matchHost(host string) bool {
	if r.Host == "" {
		return true
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if suf, ok := strings.CutPrefix(r.Host, "*."); ok {
		return strings.HasSuffix(host, "."+suf)
	}
	return host == r.Host
}

// match reports whether the rule matches (host, addr, port); addr is
// invalid before the name is resolved, when only name rules can match.
func (r Rule) match(host string, addr netip.Addr, port uint16) bool {
	if !r.matchPort(port) || !r.matchHost(host) {
		return false
	}
	if r.Prefix.IsValid() {
		return addr.IsValid() && r.Prefix.Contains(addr.Unmap())
	}
	return true
}

// ParseRule parses one --relay-allow / --relay-deny entry: a CIDR or an
// address ("10.0.0.0/8", "127.0.0.1", "[::1/128]:443"), a host name
// ("example.com", "*.example.com"), either with ":PORT" or ":LOW-HIGH",
// or a port alone (":25", ":6000-7000").
func ParseRule(s string) (Rule, error) {
	var r Rule
	in := strings.TrimSpace(s)
	if in == "" {
		return r, fmt.Errorf("%w: empty rule", ErrConfig)
	}
	target, ports := in, ""
	switch {
	case strings.HasPrefix(in, "["):
		end := strings.Index(in, "]")
		if end < 0 {
			return r, fmt.Errorf("%w: rule %q: missing ]", ErrConfig, s)
		}
		target, ports = in[1:end], in[end+1:]
		if ports != "" && !strings.HasPrefix(ports, ":") {
			return r, fmt.Errorf("%w: rule %q: want [ADDR/BITS]:PORT", ErrConfig, s)
		}
		ports = strings.TrimPrefix(ports, ":")
	case strings.Count(in, ":") == 1:
		target, ports, _ = strings.Cut(in, ":")
	}
	if ports != "" {
		lo, hi, isRange := strings.Cut(ports, "-")
		l, err := strconv.ParseUint(lo, 10, 16)
		h := l
		if err == nil && isRange {
			h, err = strconv.ParseUint(hi, 10, 16)
		}
		if err != nil || l == 0 || h < l {
			return r, fmt.Errorf("%w: rule %q: bad port %q", ErrConfig, s, ports)
		}
		r.PortLow, r.PortHigh = uint16(l), uint16(h)
	}
	switch {
	case target == "":
		if r.PortLow == 0 {
			return r, fmt.Errorf("%w: rule %q matches everything", ErrConfig, s)
		}
	case strings.Contains(target, "/"):
		p, err := netip.ParsePrefix(target)
		if err != nil {
			return r, fmt.Errorf("%w: rule %q: %w", ErrConfig, s, err)
		}
		r.Prefix = p.Masked()
	default:
		if a, err := netip.ParseAddr(target); err == nil {
			r.Prefix = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
			break
		}
		h := strings.ToLower(strings.TrimSuffix(target, "."))
		if _, err := netip.ParseAddr(h); err == nil || !validHostPattern(h) {
			return r, fmt.Errorf("%w: rule %q: bad host name", ErrConfig, s)
		}
		r.Host = h
	}
	return r, nil
}

// validHostPattern accepts a DNS name, its first label possibly "*".
func validHostPattern(h string) bool {
	if h == "" || len(h) > MaxHost {
		return false
	}
	for i, label := range strings.Split(h, ".") {
		if label == "" || (label == "*" && i == 0) {
			if label == "" {
				return false
			}
			continue
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return h != "*"
}

// ParseRules parses a comma-separated list of rules.
func ParseRules(s string) ([]Rule, error) {
	var out []Rule
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		r, err := ParseRule(part)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Policy is an exit's egress policy. A destination is refused if a Deny
// rule matches it; else allowed if an Allow rule with a Prefix matches its
// resolved address (a rule naming only a host or ports never opens a
// special address: what counts is where the name resolves to); else
// refused if its address is special (loopback, private, link-local,
// multicast, unspecified, shared or reserved: the exit operator's own
// networks); else allowed. It is checked on the resolved address of every
// connection attempt (net.Dialer.Control), so a name that resolves to a
// refused address is refused however it resolved (DNS rebinding).
type Policy struct {
	Allow []Rule
	Deny  []Rule
}

// PolicyError is a destination the policy refuses.
type PolicyError struct {
	Host   string
	Addr   netip.Addr // invalid when refused by name
	Port   uint16
	Reason string
}

func (e *PolicyError) Error() string {
	a := ""
	if e.Addr.IsValid() {
		a = " (" + e.Addr.String() + ")"
	}
	return fmt.Sprintf("relay: egress to %s%s port %d refused: %s", e.Host, a, e.Port, e.Reason)
}

// Unwrap makes a PolicyError an ErrRefused.
func (e *PolicyError) Unwrap() error { return ErrRefused }

// special ranges the default refuses beyond the netip predicates.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
	netip.MustParsePrefix("::ffff:0:0/96"),   // mapped (checked unmapped)
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments
	netip.MustParsePrefix("2002::/16"),       // 6to4 (may embed private v4)
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relay anycast
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
}

// specialReason says why the default refuses a, or "" if it does not.
func specialReason(a netip.Addr) string {
	a = a.Unmap()
	switch {
	case a.IsLoopback():
		return "loopback address"
	case a.IsPrivate():
		return "private address"
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return "link-local address"
	case a.IsMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast address"
	case a.IsUnspecified():
		return "unspecified address"
	}
	for _, p := range special {
		if p.Contains(a) {
			return "reserved address " + p.String()
		}
	}
	return ""
}

// CheckName applies the rules that can match before resolving: deny rules
// without a prefix.
func (p *Policy) CheckName(host string, port uint16) error {
	for _, r := range p.Deny {
		if !r.Prefix.IsValid() && r.match(host, netip.Addr{}, port) {
			return &PolicyError{Host: host, Port: port, Reason: "denied by rule " + r.String()}
		}
	}
	return nil
}

// CheckAddr decides a connection to addr (resolved from host) on port.
func (p *Policy) CheckAddr(host string, addr netip.Addr, port uint16) error {
	addr = addr.Unmap()
	for _, r := range p.Deny {
		if r.match(host, addr, port) {
			return &PolicyError{Host: host, Addr: addr, Port: port, Reason: "denied by rule " + r.String()}
		}
	}
	for _, r := range p.Allow {
		if r.Prefix.IsValid() && r.match(host, addr, port) {
			return nil
		}
	}
	if why := specialReason(addr); why != "" {
		return &PolicyError{Host: host, Addr: addr, Port: port, Reason: why + " (not in --relay-allow)"}
	}
	// Allow rules without a prefix (names, ports) narrow nothing here:
	// they only matter as exceptions, and a public address needs none.
	return nil
}

// Dialer dials destinations under a policy.
type Dialer struct {
	Policy  *Policy
	Timeout time.Duration
}

// Dial connects to host:port, checking the policy on the name and on each
// resolved address just before connecting to it.
func (d *Dialer) Dial(ctx context.Context, host string, port uint16) (net.Conn, error) {
	if err := d.Policy.CheckName(host, port); err != nil {
		return nil, err
	}
	nd := net.Dialer{Timeout: d.Timeout, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return &PolicyError{Host: host, Port: port, Reason: "unparsable resolved address " + address}
		}
		return d.Policy.CheckAddr(host, ap.Addr(), port)
	}}
	return nd.DialContext(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(int(port))))
}

// ReplyCode maps a dial error to the SOCKS reply the application gets.
func ReplyCode(err error) uint8 {
	var pe *PolicyError
	var dnsErr *net.DNSError
	switch {
	case err == nil:
		return ReplyOK
	case errors.As(err, &pe):
		return ReplyNotAllowed
	case errors.As(err, &dnsErr):
		return ReplyHostUnreachable
	case errors.Is(err, syscall.ECONNREFUSED):
		return ReplyConnRefused
	case errors.Is(err, syscall.ENETUNREACH):
		return ReplyNetUnreachable
	case errors.Is(err, syscall.EHOSTUNREACH):
		return ReplyHostUnreachable
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return ReplyTTLExpired
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ReplyTTLExpired
	}
	return ReplyFailure
}
