package rpcerror_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/rpcerror"
)

// TestDatabaseUnreachableIsUnavailable: a database that cannot be reached
// (a refused connect, through a pool as handlers meet it; a server
// shutting down) is Unavailable; other database errors are not.
func TestDatabaseUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens there.
	pool, err := pgxpool.New(ctx, "postgres://postgres@127.0.0.1:1/none?connect_timeout=5")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var one int
	refused := pool.QueryRow(ctx, "SELECT 1").Scan(&one)
	if refused == nil {
		t.Fatal("a query on a dead database succeeded")
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"refused connect through the pool", refused, true},
		{"wrapped", fmt.Errorf("list conversations: %w", refused), true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"no rows", pgx.ErrNoRows, false},
		{"other", errors.New("boom"), false},
	}
	for _, tt := range tests {
		if got := rpcerror.DBUnavailable(tt.err); got != tt.want {
			t.Errorf("%s: DBUnavailable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
		if tt.want {
			err := rpcerror.DB(tt.err, "op", "thing")
			var cerr *connect.Error
			if errors.As(err, &cerr) || !rpcerror.DBUnavailable(err) {
				t.Errorf("%s: DB() = %v, want an Unavailable for the interceptor", tt.name, err)
			}
		}
	}
}
