package pguuid_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/pgtest"
	"github.com/bestchat/bestchat/internal/pguuid"
)

// TestScansGoogleUUIDs reads ids, NULLs and arrays of ids into google's
// types in both of PostgreSQL's formats (binary: the extended protocol's
// prepared statements; text: the simple protocol), and a NULL into a
// uuid.UUID as google's Scan reads it.
func TestScansGoogleUUIDs(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	conn, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := conn.Conn().TypeMap().TypeForOID(pgtype.UUIDOID)
	conn.Release()
	if got := fmt.Sprintf("%T", typ.Codec); got != "pguuid.codec" {
		t.Fatalf("the test pool's uuid codec is %s: pgtest does not configure its pools as the server does", got)
	}
	a, b := uuid.New(), uuid.New()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			var (
				id      uuid.UUID
				some    uuid.NullUUID
				none    uuid.NullUUID
				ids     []uuid.UUID
				maybe   []uuid.NullUUID
				asBytes [16]byte
			)
			err := pool.QueryRow(ctx, `SELECT $1::uuid, $2::uuid, NULL::uuid, ARRAY[$1::uuid, $2::uuid], ARRAY[$1::uuid, NULL], $2::uuid`,
				mode, a, uuid.NullUUID{UUID: b, Valid: true}).
				Scan(&id, &some, &none, &ids, &maybe, &asBytes)
			if err != nil {
				t.Fatal(err)
			}
			if id != a || some != (uuid.NullUUID{UUID: b, Valid: true}) || none.Valid || uuid.UUID(asBytes) != b {
				t.Fatalf("got %v %v %v %x, want %v %v invalid %v", id, some, none, asBytes, a, b, b)
			}
			if len(ids) != 2 || ids[0] != a || ids[1] != b {
				t.Fatalf("array: %v, want [%v %v]", ids, a, b)
			}
			if len(maybe) != 2 || maybe[0] != (uuid.NullUUID{UUID: a, Valid: true}) || maybe[1].Valid {
				t.Fatalf("array with NULL: %v", maybe)
			}
			// A NULL leaves a uuid.UUID as it was, as its sql.Scanner does
			// (what pgx did before the codec).
			if err := pool.QueryRow(ctx, `SELECT NULL::uuid`, mode).Scan(&id); err != nil || id != a {
				t.Fatalf("NULL into uuid.UUID: %v, %v; want %v unchanged", id, err, a)
			}
		})
	}
}

// TestConfigureKeepsAfterConnect: the pool's own AfterConnect still runs.
func TestConfigureKeepsAfterConnect(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	cfg.AfterConnect = func(context.Context, *pgx.Conn) error { ran = true; return nil }
	pguuid.Configure(cfg)
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var id uuid.UUID
	if err := pool.QueryRow(t.Context(), `SELECT gen_random_uuid()`).Scan(&id); err != nil || !ran || id == uuid.Nil {
		t.Fatalf("id %v, err %v, AfterConnect ran: %v", id, err, ran)
	}
}

// BenchmarkScanIDs reads 400 ids (a ListMessages page's worth: id,
// conversation, parent and one sibling per message) with and without the
// codec.
func BenchmarkScanIDs(b *testing.B) {
	url := pgtest.NewDatabase(b)
	for _, registered := range []bool{false, true} {
		name := "pgx"
		if registered {
			name = "pguuid"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close(ctx)
			if registered {
				pguuid.Register(conn.TypeMap())
			}
			ids := make([]uuid.UUID, 0, 400)
			for b.Loop() {
				ids = ids[:0]
				rows, err := conn.Query(ctx, `SELECT gen_random_uuid() FROM generate_series(1, 400)`)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					var id uuid.UUID
					if err := rows.Scan(&id); err != nil {
						b.Fatal(err)
					}
					ids = append(ids, id)
				}
				if rows.Err() != nil || len(ids) != 400 {
					b.Fatal(rows.Err(), len(ids))
				}
			}
		})
	}
}
