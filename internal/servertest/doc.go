// Package servertest runs a whole bestchatd handler for tests: a fresh
// migrated PostgreSQL database (internal/pgtest), the real interceptor chain
// with HS256 authentication, served over HTTP/1.1 and cleartext HTTP/2 like
// the real binary, and generated clients for every protocol and user.
//
// Handler tests go through these clients only, so they exercise the wire
// format, authentication, validation and error mapping the way grpcurl, the
// Go SDK and the TypeScript client do.
package servertest
