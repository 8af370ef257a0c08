// Package pgtest gives each test its own PostgreSQL database with the
// bestchat schema already migrated.
//
// The first call in a test binary migrates a template database named after a
// hash of the embedded migrations (bestchat_tpl_<hash12>), once: under a
// PostgreSQL advisory lock, so the test binaries of several packages running
// at once create it only once, and under a temporary name renamed when
// complete, so a half-migrated template is never cloned. Every test then gets
// a fresh `CREATE DATABASE ... TEMPLATE` copy (a few tens of milliseconds),
// dropped when the test ends.
//
// The server is found through BESTCHAT_TEST_DATABASE_URL, else DATABASE_URL,
// else postgres://postgres@127.0.0.1:5432/postgres; scripts/pg.sh starts one
// when none runs. The role needs CREATEDB. Set BESTCHAT_PGTEST_KEEP=1 to keep
// the per-test databases for inspection (their URLs are logged).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/migrations"
	"github.com/bestchat/bestchat/internal/pguuid"
)

const (
	// DefaultAdminURL is used when neither BESTCHAT_TEST_DATABASE_URL nor
	// DATABASE_URL is set.
	DefaultAdminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

	// MaxConns is the size of the pools NewPool returns.
	MaxConns = 8

	templatePrefix = "bestchat_tpl_"
	buildingPrefix = "bestchat_tplnew_"
	testPrefix     = "bestchat_t_"

	// templateLockKey serialises template creation across test processes
	// (pg_advisory_lock on the admin database).
	templateLockKey int64 = 0x6263_7467_706c_0001 // "bctgpl" + 1

	// staleAfter is the age after which a per-test database left behind by a
	// killed test process is dropped by the next test process.
	staleAfter = 3 * time.Hour

	setupTimeout = 3 * time.Minute

	// idleConnTimeout is how long a test pool keeps an idle connection.
	idleConnTimeout = 500 * time.Millisecond
)

// AdminURL returns the connection string of the database pgtest connects to
// in order to create and drop test databases.
func AdminURL() string {
	for _, env := range []string{"BESTCHAT_TEST_DATABASE_URL", "DATABASE_URL"} {
		if v := os.Getenv(env); v != "" {
			return v
		}
	}
	return DefaultAdminURL
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// NewDatabase creates an empty-of-data, fully migrated database for the test
// and returns its connection string (URL or keyword/value, like AdminURL).
// The database is dropped when the test and its subtests finish.
func NewDatabase(t testing.TB) string {
	t.Helper()
	templateOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		templateName, templateErr = ensureTemplate(ctx, AdminURL())
	})
	if templateErr != nil {
		t.Fatalf("pgtest: prepare template database on %s: %v (is PostgreSQL running? try scripts/pg.sh)",
			redact(AdminURL()), templateErr)
	}

	name := testPrefix + strconv.FormatInt(time.Now().Unix(), 10) + "_" + randomHex(6)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if err := createFromTemplate(ctx, AdminURL(), name, templateName); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	connString, err := withDatabase(AdminURL(), name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}

	if os.Getenv("BESTCHAT_PGTEST_KEEP") != "" {
		t.Logf("pgtest: keeping database %s", redact(connString))
		return connString
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := dropDatabase(ctx, AdminURL(), name); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return connString
}

// NewPool creates a database like NewDatabase and returns a pool of at most
// MaxConns connections to it. The pool is closed, then the database dropped,
// when the test finishes; a connection still held then (unclosed rows or
// transaction) fails the test.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return NewPoolWith(t, nil)
}

// NewPoolWith is NewPool with configure, when not nil, applied to the
// pool's configuration before the pool opens (a tracer, a dialer that
// counts round trips).
func NewPoolWith(t testing.TB, configure func(*pgxpool.Config)) *pgxpool.Pool {
	t.Helper()
	connString := NewDatabase(t)

	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		t.Fatalf("pgtest: parse connection string: %v", err)
	}
	cfg.MaxConns = MaxConns
	cfg.MinConns = 0
	// Idle connections go at once. A test whose parallel subtests wait
	// for their turn keeps its database (and pool) alive meanwhile, and a
	// package has dozens of such tests: with idle connections kept, their
	// pools held 100+ connections of a server that allows 100 (and is
	// shared with the other test binaries), and tests failed with "too
	// many clients".
	cfg.MaxConnIdleTime = idleConnTimeout
	cfg.HealthCheckPeriod = idleConnTimeout / 2
	if configure != nil {
		configure(cfg)
	}
	pguuid.Configure(cfg) // as the server's pools do

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgtest: open pool: %v", err)
	}
	if err := retryTooMany(ctx, func() error { return pool.Ping(ctx) }); err != nil {
		pool.Close()
		t.Fatalf("pgtest: ping %s: %v", cfg.ConnConfig.Database, err)
	}

	// Registered after NewDatabase's cleanup, so it runs before the drop.
	t.Cleanup(func() {
		done := make(chan struct{})
		go func() {
			pool.Close()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			// The drop below uses WITH (FORCE), so the database still goes.
			t.Errorf("pgtest: pool.Close blocked for 10s: the test left a connection acquired (unclosed rows or transaction?)")
		}
	})
	return pool
}

// ensureTemplate returns the name of the migrated template database for the
// embedded migrations, creating it if needed.
func ensureTemplate(ctx context.Context, adminURL string) (string, error) {
	sum, err := migrations.Checksum()
	if err != nil {
		return "", err
	}
	name := templatePrefix + sum[:12]

	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	if ok, err := databaseExists(ctx, conn, name); err != nil || ok {
		return name, err
	}

	// Session-level: released by the unlock below or when the connection
	// closes, even if this process dies.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", templateLockKey); err != nil {
		return "", fmt.Errorf("advisory lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", templateLockKey)
	}()

	// Under the lock: another process may have finished it meanwhile.
	if ok, err := databaseExists(ctx, conn, name); err != nil || ok {
		return name, err
	}
	dropStaleTestDatabases(ctx, conn)

	// A unique name: processes whose admin URLs name different databases do
	// not share the advisory lock and may build at the same time.
	building := buildingPrefix + sum[:12] + "_" + strconv.FormatInt(time.Now().Unix(), 10) + "_" + randomHex(4)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident(building)); err != nil {
		return "", fmt.Errorf("create %s: %w", building, err)
	}
	built := false
	defer func() {
		if !built {
			_, _ = conn.Exec(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+ident(building)+" WITH (FORCE)")
		}
	}()
	if err := migrate(ctx, adminURL, building); err != nil {
		return "", fmt.Errorf("migrate %s: %w", building, err)
	}
	// Nobody may connect to the template: CREATE DATABASE ... TEMPLATE fails
	// while anyone is connected to its source.
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+ident(building)+" WITH ALLOW_CONNECTIONS false"); err != nil {
		return "", fmt.Errorf("disallow connections to %s: %w", building, err)
	}
	err = retryInUse(ctx, conn, building, func() error {
		_, err := conn.Exec(ctx, "ALTER DATABASE "+ident(building)+" RENAME TO "+ident(name))
		return err
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: another process won
		return name, nil
	}
	if err != nil {
		return "", fmt.Errorf("rename %s to %s: %w", building, name, err)
	}
	built = true
	return name, nil
}

// migrate applies the embedded migrations to database dbName.
func migrate(ctx context.Context, adminURL, dbName string) error {
	connString, err := withDatabase(adminURL, dbName)
	if err != nil {
		return err
	}
	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return err
	}
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	return migrations.Up(ctx, pool, nil)
}

func createFromTemplate(ctx context.Context, adminURL, name, template string) error {
	conn, err := connectAdmin(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return retryInUse(ctx, conn, template, func() error {
		_, err := conn.Exec(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(template))
		return err
	})
}

func dropDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := connectAdmin(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)")
	return err
}

// retryInUse runs op until it stops failing with "database is being accessed
// by other users" (SQLSTATE 55006), terminating the sessions connected to
// busyDB between attempts: backends of just-closed connections linger for a
// moment.
func retryInUse(ctx context.Context, conn *pgx.Conn, busyDB string, op func() error) error {
	for attempt := 1; ; attempt++ {
		err := op()
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "55006" || attempt == 40 {
			return err
		}
		_, _ = conn.Exec(ctx,
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
			busyDB)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(min(attempt, 10)) * 25 * time.Millisecond):
		}
	}
}

// dropStaleTestDatabases drops per-test databases and unfinished templates
// older than staleAfter (from the time in their names): those of test
// processes killed before their cleanups ran. Best effort.
func dropStaleTestDatabases(ctx context.Context, conn *pgx.Conn) {
	rows, err := conn.Query(ctx,
		"SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR starts_with(datname, $2)",
		testPrefix, buildingPrefix)
	if err != nil {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-staleAfter).Unix()
	for _, n := range names {
		// bestchat_t_<unix>_<rand> or bestchat_tplnew_<hash12>_<unix>_<rand>
		parts := strings.Split(n, "_")
		if len(parts) < 2 {
			continue
		}
		if sec, err := strconv.ParseInt(parts[len(parts)-2], 10, 64); err == nil && sec < cutoff {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(n)+" WITH (FORCE)")
		}
	}
}

func databaseExists(ctx context.Context, conn *pgx.Conn, name string) (bool, error) {
	var ok bool
	err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("look up database %s: %w", name, err)
	}
	return ok, nil
}

// withDatabase returns connString pointing at database name instead.
func withDatabase(connString, name string) (string, error) {
	if strings.HasPrefix(connString, "postgres://") || strings.HasPrefix(connString, "postgresql://") {
		u, err := url.Parse(connString)
		if err != nil {
			return "", fmt.Errorf("parse database URL: %w", err)
		}
		u.Path = "/" + name
		u.RawPath = ""
		q := u.Query()
		q.Del("dbname") // would override the path
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	// keyword/value form: a later keyword wins.
	return strings.TrimSpace(connString) + " dbname=" + name, nil
}

// redact hides the password of a connection string for messages.
func redact(connString string) string {
	if strings.HasPrefix(connString, "postgres://") || strings.HasPrefix(connString, "postgresql://") {
		u, err := url.Parse(connString)
		if err != nil {
			return "(unparsable database URL)"
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	if strings.Contains(connString, "password") {
		return "(connection string with password)"
	}
	return connString
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

// connectAdmin connects to the admin database, waiting out a server that
// has no connection slot free for a moment (other test binaries share it).
func connectAdmin(ctx context.Context, adminURL string) (*pgx.Conn, error) {
	var conn *pgx.Conn
	err := retryTooMany(ctx, func() error {
		var err error
		conn, err = pgx.Connect(ctx, adminURL)
		return err
	})
	return conn, err
}

// retryTooMany runs op until it stops failing with "sorry, too many clients
// already" (SQLSTATE 53300), for up to about half a minute.
func retryTooMany(ctx context.Context, op func() error) error {
	wait := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := op()
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "53300" || attempt == 30 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}
