// Package netguard keeps outbound HTTP calls to user-supplied URLs away
// from the server's own network: loopback, private and link-local ranges,
// unique-local IPv6, carrier-grade NAT, multicast, the unspecified
// address and cloud metadata endpoints (169.254.169.254 and friends). It
// is the SSRF guard of every call whose destination a user chose: a
// provider configuration's base URL (internal/provider) and the HTTP
// fetch tool (internal/tool).
//
// # How it decides
//
// The check happens at dial time, on the address the socket is about to
// connect to ([net.Dialer]'s Control hook), after DNS resolution: a name
// that resolves to a blocked address is refused, and a name whose DNS
// answer changes between a check and the connection (DNS rebinding)
// cannot slip through, because there is no earlier check to fool. IPv4
// addresses written inside IPv6 (IPv4-mapped ::ffff:a.b.c.d, NAT64
// 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they
// carry, and numeric host forms that C resolvers accept (0x7f000001,
// 2130706433, 0177.0.0.1, 127.1) are read as those resolvers read them,
// so they are judged as the address they mean.
//
// Redirects are re-checked: the client from [Guard.Client] follows a
// redirect only to the same scheme and host unless told otherwise, and
// every connection a redirect opens goes through the same dial check.
// The client never uses an HTTP proxy from the environment (a proxy would
// make the dial check judge the proxy, not the destination).
//
// # The operator's allowlist
//
// [ParseAllowlist] reads "host, host:port, CIDR, ..." (--allow-upstreams /
// BESTCHAT_ALLOW_UPSTREAMS), e.g. "localhost:11434,10.0.0.0/8". A CIDR
// allows the addresses in it on any port; a host (optionally with a port)
// allows whatever that name resolves to, except cloud metadata addresses,
// which only a CIDR that contains them allows. Base URLs the operator sets
// in the environment are not user-supplied and do not go through this
// package.
//
// # API for other packages
//
//   - [New] builds a [Guard] from an [Allowlist].
//   - [Guard.DialContext] is a drop-in dialer for an [http.Transport] or
//     anything else that dials TCP.
//   - [Guard.Client] is a ready HTTP client (guarded dialer, no proxy,
//     redirect policy of [ClientOptions]).
//   - [Guard.CheckURL] validates a URL before it is stored (scheme, host,
//     no credentials, no blocked IP literal) for a clear InvalidArgument
//     at save time; the dial check still runs on every call.
//   - [IsBlocked] and [*BlockedError] let callers classify the refusal.
package netguard
