// Package authn authenticates callers of bestchat's Connect and gRPC APIs.
//
// Every RPC except health and reflection carries an
// "Authorization: Bearer <JWT>" header. A [Verifier] checks that token in one
// of two modes, chosen at start-up by [Config]:
//
//   - HS256 with a shared secret, for single-tenant deployments and for dev
//     mode, where [LoadOrCreateDevSecret] keeps a random secret in the data
//     directory and [MintHS256] (used by "bestchatd token") signs tokens with
//     it;
//   - asymmetric keys (EdDSA/Ed25519, RS256, PS256, ES256/384/512) fetched
//     from a JWKS URL such as better-auth's /api/auth/jwks. The key set is
//     cached, refreshed in the background when it grows stale, and refetched
//     when a token names an unknown key id — at most once per
//     [Config.MinRefreshInterval], so forged key ids cannot cause a fetch
//     storm.
//
// The two modes never mix: a JWKS verifier never accepts HS256 (so a public
// key can never be abused as an HMAC secret) and an HS256 verifier accepts
// nothing else; "none" is never accepted. exp is required; nbf and iat are
// honoured; iss and aud are required and checked when configured. The user id
// is the sub claim, which must be non-empty valid UTF-8 of at most 255 bytes
// without NUL, since it is stored as user_id on every row.
//
// A client sends the same token on every call, so a Verifier remembers the
// tokens it accepted (by their SHA-256, at most [DefaultTokenCacheSize]):
// a repeated token costs a map lookup instead of a signature check, which
// matters on the way to every turn's first token. An entry is honoured only
// inside the window its claims allow (exp, nbf and iat, with the leeway),
// for at most ten minutes, and only under the key set it was checked
// against: a refetched JWKS makes every token be checked again.
//
// [NewInterceptor] wraps the Connect handlers: it authenticates each unary
// call and each stream, puts the user id in the context ([WithUser],
// [UserID], [MustUserID]), and answers failures with
// connect.CodeUnauthenticated and a generic message that never echoes the
// token. [ClientToken] is the client-side counterpart used by the Go SDK, the
// CLI and tests.
//
// The package sits below the domain packages: cmd/bestchatd builds the
// Verifier from flags, internal/server installs the interceptor on every
// service handler (health and reflection are mounted without it), and domain
// services only call [MustUserID].
package authn
