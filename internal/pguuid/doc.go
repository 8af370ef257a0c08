// Package pguuid teaches pgx to read PostgreSQL's uuid straight into
// github.com/google/uuid's UUID and NullUUID, the types sqlc generates for
// uuid columns.
//
// Without it pgx reads them through database/sql's Scanner, which google's
// types implement: each id is formatted as a 36-character string and
// parsed back (pgx checks for a sql.Scanner before its own unwrapping, and
// the adapter pgx's wiki points to changes only the encoding). A
// ListMessages page of 100 messages reads about 400 ids that way — half of
// the time pgx spent scanning its rows. Every pool the server and its
// benchmarks open registers the codec after connecting (Configure).
//
// The codec wraps pgx's own UUIDCodec and answers only binary-format scans
// into the two google types; everything else (encoding, text format, other
// targets) is pgx's.
package pguuid
