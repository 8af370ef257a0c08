// Package rpcerror maps failures to Connect error codes at one edge.
//
// Domain packages return connect errors for expected failures (NotFound,
// FailedPrecondition, ...) and wrap everything else with fmt.Errorf. DB maps
// pgx/PostgreSQL errors to codes (no rows → NOT_FOUND, unique violation →
// ALREADY_EXISTS, serialization failure → ABORTED, a database that cannot be
// reached → UNAVAILABLE, which clients retry). The Interceptor makes sure
// no raw database or provider text reaches a client: any error that is not a
// *connect.Error becomes INTERNAL with a generic message carrying the
// request id, while the original is logged.
package rpcerror
