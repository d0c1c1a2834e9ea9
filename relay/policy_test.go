package relay

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"
)

// socksConnect runs a SOCKS5 CONNECT by hand (domain address type for
// names, IPv4/IPv6 for literals) and returns the reply code; on success
// the connection is the tunnel.
func socksConnect(t *testing.T, proxy, host string, port uint16, auth *SOCKSAuth) (net.Conn, uint8) {
	t.Helper()
	c, err := net.DialTimeout("tcp", proxy, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(20 * time.Second))
	method := byte(authNone)
	if auth != nil {
		method = authUserPass
	}
	c.Write([]byte{5, 1, method})
	var r [2]byte
	if _, err := io.ReadFull(c, r[:]); err != nil {
		t.Fatal(err)
	}
	if r[1] != method {
		c.Close()
		return nil, 0xff
	}
	if auth != nil {
		b := []byte{1, byte(len(auth.Username))}
		b = append(b, auth.Username...)
		b = append(b, byte(len(auth.Password)))
		b = append(b, auth.Password...)
		c.Write(b)
		if _, err := io.ReadFull(c, r[:]); err != nil {
			t.Fatal(err)
		}
		if r[1] != 0 {
			c.Close()
			return nil, 0xfe
		}
	}
	req := []byte{5, cmdConnect, 0}
	if a, err := netip.ParseAddr(host); err == nil && a.Is4() {
		b := a.As4()
		req = append(append(req, atypIPv4), b[:]...)
	} else if err == nil {
		b := a.As16()
		req = append(append(req, atypIPv6), b[:]...)
	} else {
		req = append(append(req, atypDomain, byte(len(host))), host...)
	}
	req = append(req, byte(port>>8), byte(port))
	c.Write(req)
	var rep [10]byte
	if _, err := io.ReadFull(c, rep[:]); err != nil {
		t.Fatal(err)
	}
	if rep[1] != ReplyOK {
		c.Close()
		return nil, rep[1]
	}
	c.SetDeadline(time.Time{})
	return c, rep[1]
}

func TestRelayEgressPolicy(t *testing.T) {
	srv := startContent(t, 1000)
	allowed := portOf(t, srv.srv.Listener.Addr().String())
	other, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	otherPort := portOf(t, other.Addr().String())

	// Only the content server's port on loopback; port 25 denied
	// everywhere; a name denied before it resolves.
	pol := &Policy{
		Allow: []Rule{{Prefix: netip.MustParsePrefix("127.0.0.1/32"), PortLow: allowed, PortHigh: allowed}},
		Deny:  []Rule{{PortLow: 25, PortHigh: 25}, {Host: "blocked.example"}},
	}
	x := startExit(t, ExitOptions{Policy: pol})
	c := newClient(t, []string{x.addr}, nil)
	auth := SOCKSAuth{Username: "alice", Password: "s3cret"}
	socks, _ := startProxy(t, c, auth)

	conn, code := socksConnect(t, socks, "127.0.0.1", allowed, &auth)
	if code != ReplyOK {
		t.Fatalf("allowed port: reply %d", code)
	}
	io.WriteString(conn, "GET /page.html HTTP/1.0\r\nHost: x\r\n\r\n")
	body, _ := io.ReadAll(conn)
	conn.Close()
	if len(body) == 0 || string(body[:12]) != "HTTP/1.0 200" {
		t.Fatalf("through the tunnel: %q", body)
	}
	for _, tc := range []struct {
		name string
		host string
		port uint16
		want uint8
	}{
		{"loopback port not allowed", "127.0.0.1", otherPort, ReplyNotAllowed},
		{"loopback v6", "::1", allowed, ReplyNotAllowed},
		// DNS rebinding: a name that resolves to loopback is judged by
		// the address it resolves to.
		{"name resolving to loopback, other port", "localhost", otherPort, ReplyNotAllowed},
		{"private", "10.1.2.3", 80, ReplyNotAllowed},
		{"link-local", "169.254.169.254", 80, ReplyNotAllowed},
		{"multicast", "224.0.0.251", 5353, ReplyNotAllowed},
		{"unspecified", "0.0.0.0", allowed, ReplyNotAllowed},
		{"denied port", "127.0.0.1", 25, ReplyNotAllowed},
		{"denied name", "blocked.example", 443, ReplyNotAllowed},
	} {
		if conn, code := socksConnect(t, socks, tc.host, tc.port, &auth); code != tc.want {
			if conn != nil {
				conn.Close()
			}
			t.Errorf("%s (%s:%d): reply %d, want %d", tc.name, tc.host, tc.port, code, tc.want)
		}
	}
	if _, code := socksConnect(t, socks, "127.0.0.1", allowed, &SOCKSAuth{Username: "alice", Password: "wrong"}); code != 0xfe {
		t.Errorf("wrong password: %d", code)
	}
	if _, code := socksConnect(t, socks, "127.0.0.1", allowed, nil); code != 0xff {
		t.Errorf("no auth offered to a proxy that requires it: %d", code)
	}
	// The library answer for a refused destination is an OpenError with
	// the code, an ErrRefused.
	if _, err := c.Dial(t.Context(), "127.0.0.1", otherPort); !errors.Is(err, ErrRefused) {
		t.Errorf("Dial refused destination: %v", err)
	}

	// Only a public CIDR allowed: a name that resolves to 127.0.0.1 is
	// refused on its resolved address (what a rebinding attack tries).
	x2 := startExit(t, ExitOptions{Policy: &Policy{Allow: []Rule{{Prefix: netip.MustParsePrefix("8.8.8.0/24")}}}})
	c2 := newClient(t, []string{x2.addr}, nil)
	socks2, _ := startProxy(t, c2, SOCKSAuth{})
	for _, host := range []string{"localhost", "127.0.0.1"} {
		if conn, code := socksConnect(t, socks2, host, allowed, nil); code != ReplyNotAllowed {
			if conn != nil {
				conn.Close()
			}
			t.Errorf("public-only policy, %s: reply %d, want %d", host, code, ReplyNotAllowed)
		}
	}
}

func TestParseRule(t *testing.T) {
	good := map[string]Rule{
		"127.0.0.1/32":     {Prefix: netip.MustParsePrefix("127.0.0.1/32")},
		"127.0.0.1":        {Prefix: netip.MustParsePrefix("127.0.0.1/32")},
		"10.0.0.0/8:443":   {Prefix: netip.MustParsePrefix("10.0.0.0/8"), PortLow: 443, PortHigh: 443},
		"[::1/128]:80-90":  {Prefix: netip.MustParsePrefix("::1/128"), PortLow: 80, PortHigh: 90},
		"::1":              {Prefix: netip.MustParsePrefix("::1/128")},
		":25":              {PortLow: 25, PortHigh: 25},
		"Example.COM":      {Host: "example.com"},
		"*.example.com:22": {Host: "*.example.com", PortLow: 22, PortHigh: 22},
	}
	for in, want := range good {
		got, err := ParseRule(in)
		if err != nil || got != want {
			t.Errorf("ParseRule(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if again, err := ParseRule(got.String()); err != nil || again != got {
			t.Errorf("ParseRule(%q.String() = %q) = %+v, %v", in, got.String(), again, err)
		}
	}
	for _, in := range []string{"", ":0", ":70000", "10.0.0.0/33", ":", "a b", "[::1", ":9-1", "*.*.x"} {
		if r, err := ParseRule(in); err == nil {
			t.Errorf("ParseRule(%q) = %+v, want an error", in, r)
		}
	}
	p := &Policy{Allow: []Rule{{Host: "localhost"}}}
	if err := p.CheckAddr("localhost", netip.MustParseAddr("127.0.0.1"), 80); err == nil {
		t.Error("a name-only allow rule opened loopback")
	}
	if err := (&Policy{}).CheckAddr("x", netip.MustParseAddr("::ffff:10.0.0.1"), 80); err == nil {
		t.Error("mapped private address allowed")
	}
	if err := (&Policy{}).CheckAddr("x", netip.MustParseAddr("93.184.215.14"), 443); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	_ = strconv.Itoa
}
