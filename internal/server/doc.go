// Package server builds bestchatd's HTTP handler: the four Connect services
// (which also speak gRPC and gRPC-Web) behind the interceptor chain, plus
// gRPC health and reflection, on one mux.
//
// The chain, outermost first: request id and access log, error sanitising
// (no raw database or provider text reaches a client), per-call deadline
// for unary RPCs, authentication (bearer JWT), request validation
// (protovalidate rules, NUL bytes). Health and reflection are mounted
// outside the chain and need no token. cmd/bestchatd wires a Server from
// flags; tests build one around an httptest server.
package server
