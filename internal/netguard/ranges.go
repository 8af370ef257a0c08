package netguard

import "net/netip"

// blockedRange is a range of addresses outbound calls may not reach.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// Reasons a destination is blocked, as [BlockedError.Reason] reports them.
const (
	ReasonMetadata    = "cloud metadata"
	ReasonLoopback    = "loopback"
	ReasonPrivate     = "private"
	ReasonLinkLocal   = "link-local"
	ReasonUniqueLocal = "unique-local"
	ReasonCGNAT       = "carrier-grade NAT"
	ReasonMulticast   = "multicast"
	ReasonUnspecified = "unspecified"
	ReasonReserved    = "reserved"
)

func mustPrefixes(reason string, cidrs ...string) []blockedRange {
	out := make([]blockedRange, len(cidrs))
	for i, c := range cidrs {
		out[i] = blockedRange{prefix: netip.MustParsePrefix(c), reason: reason}
	}
	return out
}

// metadataRanges are the instance metadata endpoints of the big clouds.
// They sit inside wider blocked ranges; they are listed first so that the
// refusal names them, and so that a host rule never opens them.
var metadataRanges = mustPrefixes(ReasonMetadata,
	"169.254.169.254/32", // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
	"169.254.170.2/32",   // AWS ECS task metadata
	"169.254.170.23/32",  // AWS EKS pod identity
	"100.100.100.200/32", // Alibaba Cloud
	"192.0.0.192/32",     // Oracle Cloud (classic)
	"fd00:ec2::254/128",  // AWS over IPv6
	"fd00:ec2::23/128",   // AWS EKS pod identity over IPv6
)

// blockedRanges are checked in order; the first match names the reason.
var blockedRanges = append(append([]blockedRange(nil), metadataRanges...), concat(
	mustPrefixes(ReasonUnspecified, "0.0.0.0/8", "::/128"),
	mustPrefixes(ReasonLoopback, "127.0.0.0/8", "::1/128"),
	mustPrefixes(ReasonPrivate, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
	mustPrefixes(ReasonCGNAT, "100.64.0.0/10"),
	mustPrefixes(ReasonLinkLocal, "169.254.0.0/16", "fe80::/10"),
	mustPrefixes(ReasonUniqueLocal, "fc00::/7", "fec0::/10"),
	mustPrefixes(ReasonMulticast, "224.0.0.0/4", "ff00::/8"),
	mustPrefixes(ReasonReserved,
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"192.88.99.0/24",  // 6to4 relay anycast
		"198.18.0.0/15",   // benchmarking
		"240.0.0.0/4",     // reserved, and the broadcast address
		"::/96",           // IPv4-compatible (deprecated)
		"100::/64",        // discard
		"2001::/32",       // Teredo (the IPv4 inside is obfuscated)
		"2001:db8::/32",   // documentation
	),
)...)

func concat(lists ...[]blockedRange) []blockedRange {
	var out []blockedRange
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var (
	nat64    = []netip.Prefix{netip.MustParsePrefix("64:ff9b::/96"), netip.MustParsePrefix("64:ff9b:1::/48")}
	sixToFou = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address an IPv6 address carries: mapped
// (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::).
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	if a.Is4In6() {
		return a.Unmap(), true
	}
	if !a.Is6() {
		return netip.Addr{}, false
	}
	b := a.As16()
	for _, p := range nat64 {
		if p.Contains(a) {
			return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
		}
	}
	if sixToFou.Contains(a) {
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// Classify reports why a is not a public destination ("" when it is one).
// IPv6 addresses that carry an IPv4 address are judged by that address.
func Classify(a netip.Addr) string {
	a = a.WithZone("")
	if v4, ok := embeddedIPv4(a); ok {
		if r := Classify(v4); r != "" {
			return r
		}
		if a.Is4In6() {
			return ""
		}
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(a) {
			return r.reason
		}
	}
	return ""
}

func isMetadata(a netip.Addr) bool {
	a = a.WithZone("")
	if v4, ok := embeddedIPv4(a); ok {
		a = v4
	}
	for _, r := range metadataRanges {
		if r.prefix.Contains(a) {
			return true
		}
	}
	return false
}
