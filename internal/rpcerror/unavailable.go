package rpcerror

import (
	"errors"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// DBUnavailable reports whether err says that the database could not be
// reached or went away: a failed connect (refused, timed out, DNS), a
// connection lost mid-call, a server shutting down or not yet accepting
// connections, or one with too many connections. Such a
// failure passes: it is Unavailable, which clients retry, not Internal.
func DBUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "08": // connection exception
			return true
		case pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03", // admin/crash shutdown, cannot connect now
			pgErr.Code == "53300": // too many connections
			return true
		}
		return false
	}
	// Any other failure of pgconn's own (it marks each with SafeToRetry)
	// that is a network failure: the connection was lost mid-call.
	var pgconnErr interface{ SafeToRetry() bool }
	if !errors.As(err, &pgconnErr) {
		return false
	}
	var opErr *net.OpError
	return pgconnErr.SafeToRetry() || errors.As(err, &opErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}
