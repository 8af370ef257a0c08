// Package server builds bestchatd's HTTP handler: the Connect services it
// is given (which also speak gRPC and gRPC-Web) behind the interceptor
// chain, plus gRPC health and reflection, on one mux. It knows no
// service's parameters.
//
// The chain, outermost first: request id and access log, error sanitising
// (no raw database or provider text reaches a client), per-call deadline
// for unary RPCs, authentication (bearer JWT), request validation
// (protovalidate rules, NUL bytes). Health and reflection are mounted
// outside the chain and need no token.
//
// Plugging a service in: build it in cmd/bestchatd's buildServices (and
// in internal/servertest, which builds the same for handler tests) and
// add a Service with its name and a Handler func that passes the server's
// options to the generated constructor:
//
//	server.Service{Name: bestchatv1connect.UsageServiceName,
//		Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
//			return bestchatv1connect.NewUsageServiceHandler(usageSvc, o...)
//		}}
//
// A service that needs more than the generated handler (its own codec, a
// wrapping http.Handler) does it in its own package, as chat.NewHandler
// does. Background work (the engine's Start and Drain) belongs to whoever
// built it: cmd/bestchatd runs it around the HTTP server.
package server
