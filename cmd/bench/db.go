package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// benchDatabase is the database bestchatd runs on during the bench.
const benchDatabase = "bestchat_bench"

// benchDB is the bench's own connection to bestchatd's database, used for
// WAL figures.
type benchDB struct {
	conn       *pgx.Conn
	oid        uint32
	walinspect bool   // pg_walinspect is installed
	note       string // why it is not
}

// freshDatabase finds or starts PostgreSQL with scripts/pg.sh, drops and
// recreates the bench database, and returns its URL.
func freshDatabase(ctx context.Context, root string) (string, error) {
	url, err := runOutput(ctx, root, filepath.Join(root, "scripts", "pg.sh"), "--db", benchDatabase)
	if err != nil {
		return "", err
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "", fmt.Errorf("pg.sh printed an invalid URL: %w", err)
	}
	cfg.Database = "postgres"
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", fmt.Errorf("connect to the admin database: %w", err)
	}
	defer admin.Close(ctx)
	name := pgx.Identifier{benchDatabase}.Sanitize()
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("drop %s: %w", benchDatabase, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create %s: %w", benchDatabase, err)
	}
	return url, nil
}

func openBenchDB(ctx context.Context, url string) (*benchDB, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	db := &benchDB{conn: conn}
	if err := conn.QueryRow(ctx, "SELECT oid FROM pg_database WHERE datname = current_database()").Scan(&db.oid); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS pg_walinspect"); err != nil {
		db.note = "pg_walinspect unavailable: " + err.Error()
	} else {
		db.walinspect = true
	}
	return db, nil
}

func (db *benchDB) close() { db.conn.Close(context.Background()) }

// walLSN returns the current WAL insert position.
func (db *benchDB) walLSN(ctx context.Context) (string, error) {
	var lsn string
	err := db.conn.QueryRow(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&lsn)
	return lsn, err
}

// walStats describes the WAL written between two positions.
type walStats struct {
	Bytes      int64 // pg_wal_lsn_diff, cluster-wide
	DBBytes    int64 // records touching this database's relations
	DBFPIBytes int64 // full-page images among them
	DBRecords  int64
	RowWrites  int64 // heap inserts, updates and deletes in this database
	Commits    int64 // transaction commits, cluster-wide
	Inspected  bool  // the DB* figures and RowWrites are set
}

func (db *benchDB) walBetween(ctx context.Context, from, to string) (walStats, error) {
	var s walStats
	if err := db.conn.QueryRow(ctx, "SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint", to, from).Scan(&s.Bytes); err != nil {
		return s, err
	}
	if !db.walinspect || s.Bytes == 0 {
		s.Inspected = db.walinspect
		return s, nil
	}
	rel := "%/" + strconv.FormatUint(uint64(db.oid), 10) + "/%"
	err := db.conn.QueryRow(ctx, `
SELECT
  coalesce(sum(record_length) FILTER (WHERE block_ref LIKE $3), 0)::bigint,
  coalesce(sum(fpi_length) FILTER (WHERE block_ref LIKE $3), 0)::bigint,
  count(*) FILTER (WHERE block_ref LIKE $3),
  count(*) FILTER (WHERE block_ref LIKE $3 AND resource_manager IN ('Heap', 'Heap2')
    AND (record_type LIKE 'INSERT%' OR record_type LIKE 'MULTI_INSERT%' OR record_type LIKE 'UPDATE%'
      OR record_type LIKE 'HOT_UPDATE%' OR record_type LIKE 'DELETE%')),
  count(*) FILTER (WHERE resource_manager = 'Transaction' AND record_type LIKE 'COMMIT%')
FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)`, from, to, rel).
		Scan(&s.DBBytes, &s.DBFPIBytes, &s.DBRecords, &s.RowWrites, &s.Commits)
	if err != nil {
		return s, fmt.Errorf("pg_walinspect: %w", err)
	}
	s.Inspected = true
	return s, nil
}
