package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Allowlist is the operator's exceptions to the guard: address ranges and
// host names that user-supplied URLs may reach although they are private.
// The zero value allows nothing.
type Allowlist struct {
	prefixes []netip.Prefix
	hosts    []hostRule
}

type hostRule struct {
	host string // lower case, no trailing dot
	port string // "" for any port
}

// ParseAllowlist reads a comma-separated list of CIDRs ("10.0.0.0/8",
// "::1/128"), IP addresses ("127.0.0.1", a one-address CIDR), host names
// ("ollama.internal") and host:port pairs ("localhost:11434",
// "[::1]:8000"). An empty spec is the empty list.
func ParseAllowlist(spec string) (Allowlist, error) {
	var a Allowlist
	for _, raw := range strings.Split(spec, ",") {
		e := strings.TrimSpace(raw)
		if e == "" {
			continue
		}
		if p, err := netip.ParsePrefix(e); err == nil {
			a.prefixes = append(a.prefixes, p.Masked())
			continue
		}
		if ip, err := netip.ParseAddr(e); err == nil {
			a.prefixes = append(a.prefixes, netip.PrefixFrom(ip.WithZone(""), ip.BitLen()))
			continue
		}
		host, port := e, ""
		if h, p, err := net.SplitHostPort(e); err == nil {
			host, port = h, p
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				return Allowlist{}, fmt.Errorf("allow-upstreams: %q: port must be 1-65535", e)
			}
		}
		host = normalizeHost(host)
		if host == "" || strings.ContainsAny(host, "/ @[]") {
			return Allowlist{}, fmt.Errorf("allow-upstreams: %q is not a host, host:port or CIDR", e)
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			// An address with a port: allow that address on that port.
			a.hosts = append(a.hosts, hostRule{host: ip.WithZone("").String(), port: port})
			continue
		}
		a.hosts = append(a.hosts, hostRule{host: host, port: port})
	}
	return a, nil
}

// AllowLoopback returns a copy of a that also allows the loopback ranges
// (127.0.0.0/8 and ::1), as `make run` does for a local Ollama.
func (a Allowlist) AllowLoopback() Allowlist {
	out := Allowlist{prefixes: append([]netip.Prefix(nil), a.prefixes...), hosts: append([]hostRule(nil), a.hosts...)}
	out.prefixes = append(out.prefixes, netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128"))
	return out
}

// String lists the rules in ParseAllowlist's form.
func (a Allowlist) String() string {
	var parts []string
	for _, p := range a.prefixes {
		parts = append(parts, p.String())
	}
	for _, h := range a.hosts {
		if h.port != "" {
			parts = append(parts, net.JoinHostPort(h.host, h.port))
		} else {
			parts = append(parts, h.host)
		}
	}
	return strings.Join(parts, ",")
}

func (a Allowlist) allowsAddr(ip netip.Addr) bool {
	ip = ip.WithZone("")
	for _, p := range a.prefixes {
		if p.Contains(ip) || (ip.Is4In6() && p.Contains(ip.Unmap())) {
			return true
		}
	}
	return false
}

func (a Allowlist) allowsHost(host, port string) bool {
	host = normalizeHost(host)
	for _, h := range a.hosts {
		if h.host == host && (h.port == "" || h.port == port) {
			return true
		}
	}
	return false
}

func normalizeHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	return strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
}

// errEmptyHost is returned for an address without a host.
var errEmptyHost = errors.New("netguard: empty host")
