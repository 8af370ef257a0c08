// Package validation turns bad requests into INVALID_ARGUMENT errors a client
// can read: a google.rpc.BadRequest detail with one field violation per
// problem.
//
// It sits at the edge of the server. The Interceptor runs the protovalidate
// rules declared in proto/bestchat/v1 on every request (unary and streamed)
// and rejects NUL bytes anywhere in a request's strings, since PostgreSQL
// text cannot hold them. Handlers use Violations for the checks the proto
// rules cannot express (update masks, page tokens, configured limits).
package validation
