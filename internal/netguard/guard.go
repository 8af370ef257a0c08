package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// BlockedError is the refusal of a destination. Its message names the
// host, the address and why; it never holds anything of the request.
type BlockedError struct {
	// Host is the host name (or address) that was asked for.
	Host string
	// Addr is the address that was refused.
	Addr netip.Addr
	// Reason is one of the Reason constants, e.g. [ReasonLoopback].
	Reason string
}

func (e *BlockedError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("netguard: %s resolves to %s, a %s address; outbound calls to user-supplied URLs may not reach it unless the operator allows it (--allow-upstreams)", e.Host, e.Addr, e.Reason)
	}
	return fmt.Sprintf("netguard: %s is a %s address; outbound calls to user-supplied URLs may not reach it unless the operator allows it (--allow-upstreams)", e.Addr, e.Reason)
}

// IsBlocked reports whether err (or an error it wraps) is a [*BlockedError].
func IsBlocked(err error) bool {
	var b *BlockedError
	return errors.As(err, &b)
}

// RedirectError is the refusal of a redirect to another scheme or host.
type RedirectError struct {
	// From and To are the scheme://host of the two requests.
	From, To string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("netguard: redirect from %s to %s not followed: it leaves the URL's scheme and host", e.From, e.To)
}

// Options configure a [Guard].
type Options struct {
	// Allow lists the operator's exceptions.
	Allow Allowlist
	// DialTimeout bounds a connection attempt (default 10s).
	DialTimeout time.Duration
	// Resolver resolves host names (nil: net.DefaultResolver).
	Resolver *net.Resolver
}

// Guard checks and dials outbound connections to user-supplied
// destinations. It is immutable and safe for concurrent use.
type Guard struct {
	allow    Allowlist
	timeout  time.Duration
	resolver *net.Resolver
}

// New returns a Guard.
func New(opts Options) *Guard {
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 10 * time.Second
	}
	return &Guard{allow: opts.Allow, timeout: opts.DialTimeout, resolver: opts.Resolver}
}

// Allowlist returns the guard's exceptions.
func (g *Guard) Allowlist() Allowlist { return g.allow }

// DialContext dials a TCP address (host:port) and refuses, at connect
// time, every address the guard blocks. Numeric host forms are read as C
// resolvers read them ("0x7f000001" is 127.0.0.1). Only tcp, tcp4 and tcp6
// are dialed.
func (g *Guard) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, fmt.Errorf("netguard: network %q is not allowed", network)
	}
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("netguard: %w", err)
	}
	host = canonicalHost(host)
	if host == "" {
		return nil, errEmptyHost
	}
	byName := g.allow.allowsHost(host, port)
	d := &net.Dialer{
		Timeout:   g.timeout,
		KeepAlive: 30 * time.Second,
		Resolver:  g.resolver,
		Control: func(_, addr string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(addr)
			if err != nil {
				return fmt.Errorf("netguard: unexpected dial address %q", addr)
			}
			return g.check(host, ap.Addr(), byName)
		},
	}
	return d.DialContext(ctx, network, net.JoinHostPort(host, port))
}

// Check reports whether a connection to ip, asked for by host name host
// on port, would be allowed: nil, or a [*BlockedError].
func (g *Guard) Check(host string, ip netip.Addr, port string) error {
	host = canonicalHost(host)
	return g.check(host, ip, g.allow.allowsHost(host, port))
}

func (g *Guard) check(host string, ip netip.Addr, byName bool) error {
	if g.allow.allowsAddr(ip) {
		return nil
	}
	if byName && !isMetadata(ip) {
		return nil
	}
	if r := Classify(ip); r != "" {
		return &BlockedError{Host: host, Addr: ip.WithZone(""), Reason: r}
	}
	return nil
}

// canonicalHost lower-cases host, drops brackets and a trailing dot, and
// writes numeric IPv4 forms in dotted decimal.
func canonicalHost(host string) string {
	host = normalizeHost(host)
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.WithZone("").String()
	}
	if ip, ok := parseNumericHost(host); ok {
		return ip.String()
	}
	return host
}

// Transport returns a new HTTP transport that dials through the guard and
// never through a proxy. Each call has its own connection pool: build one
// per purpose and reuse it.
func (g *Guard) Transport() *http.Transport {
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           g.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// ClientOptions configure [Guard.Client].
type ClientOptions struct {
	// CrossHostRedirects follows redirects to other hosts (each new
	// connection is still checked). By default a redirect is followed only
	// to the same scheme and host, so credentials sent to the first host
	// never travel to another.
	CrossHostRedirects bool
	// MaxRedirects bounds the redirects followed (0: 10; negative: none).
	MaxRedirects int
	// Timeout bounds a whole request, body included (0: none; streaming
	// callers cancel the request's context instead).
	Timeout time.Duration
	// Transport is the transport to use (nil: a new [Guard.Transport]).
	// It must dial through the guard.
	Transport http.RoundTripper
}

// Client returns an HTTP client whose connections go through the guard.
func (g *Guard) Client(opts ClientOptions) *http.Client {
	maxRedirects := opts.MaxRedirects
	if maxRedirects == 0 {
		maxRedirects = 10
	}
	rt := opts.Transport
	if rt == nil {
		rt = g.Transport()
	}
	return &http.Client{
		Transport: rt,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if maxRedirects < 0 || len(via) > maxRedirects {
				return fmt.Errorf("netguard: stopped after %d redirects", len(via)-1)
			}
			from := via[0].URL
			if !opts.CrossHostRedirects && (req.URL.Scheme != from.Scheme || !strings.EqualFold(req.URL.Host, from.Host)) {
				return &RedirectError{From: from.Scheme + "://" + from.Host, To: req.URL.Scheme + "://" + req.URL.Host}
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &RedirectError{From: from.Scheme + "://" + from.Host, To: req.URL.Scheme + "://" + req.URL.Host}
			}
			return nil
		},
	}
}

// URLError is a URL [Guard.CheckURL] refuses; its message is meant for the
// user who supplied the URL.
type URLError struct{ Reason string }

func (e *URLError) Error() string { return e.Reason }

// CheckURL validates a user-supplied base URL before it is stored: an
// absolute http or https URL with a host, no credentials, query or
// fragment, and a host that is not a blocked address literal, a
// non-canonical numeric address or a localhost name (unless allowed). It
// returns the parsed URL, a [*URLError] or a [*BlockedError]. Host names
// are not resolved here: the dial check judges what they resolve to.
func (g *Guard) CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &URLError{Reason: "is not a valid URL"}
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, &URLError{Reason: "must be an http or https URL"}
	case u.Opaque != "" || u.Host == "":
		return nil, &URLError{Reason: "must be an absolute URL with a host, e.g. https://api.example.com/v1"}
	case u.User != nil:
		return nil, &URLError{Reason: "must not contain a user name or password; save the key as the configuration's API key"}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, &URLError{Reason: "must not have a query or fragment"}
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, &URLError{Reason: "must have a host"}
	}
	if port != "" {
		if n, err := parsePort(port); err != nil || n == 0 {
			return nil, &URLError{Reason: "has an invalid port"}
		}
	}
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	lower := normalizeHost(host)
	if ip, err := netip.ParseAddr(lower); err == nil {
		if ip.Zone() != "" {
			return nil, &URLError{Reason: "must not use an IPv6 zone"}
		}
		return u, g.Check(lower, ip, port)
	}
	if ip, ok := parseNumericHost(lower); ok {
		if err := g.Check(ip.String(), ip, port); err != nil {
			return nil, err
		}
		return nil, &URLError{Reason: "writes an IP address in a numeric form resolvers read differently; write it as " + ip.String()}
	}
	if (lower == "localhost" || strings.HasSuffix(lower, ".localhost")) && !g.allow.allowsHost(lower, port) {
		return nil, &BlockedError{Host: lower, Addr: netip.MustParseAddr("127.0.0.1"), Reason: ReasonLoopback}
	}
	return u, nil
}

func parsePort(p string) (int, error) {
	n := 0
	for _, c := range p {
		if c < '0' || c > '9' {
			return 0, errors.New("not a number")
		}
		n = n*10 + int(c-'0')
		if n > 65535 {
			return 0, errors.New("out of range")
		}
	}
	return n, nil
}
