package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	neturl "net/url"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/migrations"
)

func main() {
	if err := run(os.Args[1:]); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "benchscale:", err)
		os.Exit(1)
	}
}

type config struct {
	databaseURL string
	dbName      string
	messages    int64
	reuse       bool
	generate    bool
	out         string
	calls       int
	warmup      int
	only        *regexp.Regexp
}

func parseFlags(args []string) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("benchscale", flag.ContinueOnError)
	fs.StringVar(&c.databaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL server URL with rights to create databases (default $DATABASE_URL)")
	fs.Int64Var(&c.messages, "messages", 1_000_000, "messages to generate (10000000 for issue 21's full shape)")
	fs.StringVar(&c.dbName, "db", "", "database to fill and measure (default bestchat_scale_<messages>)")
	fs.BoolVar(&c.reuse, "reuse", false, "reuse the database when a previous run filled it completely")
	fs.BoolVar(&c.generate, "generate-only", false, "fill the database and stop")
	fs.StringVar(&c.out, "out", "", "directory for the figures and the executed plans (default bench-scale-<messages>)")
	fs.IntVar(&c.calls, "calls", 200, "timed calls per case, after the warm-up")
	fs.IntVar(&c.warmup, "warmup", 20, "untimed calls per case first (more than 5, so prepared statements have had their chance to go generic)")
	only := fs.String("only", "", "measure only the cases whose name matches this regular expression (the figures then hold those rows alone)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return nil, fmt.Errorf("--only: %w", err)
		}
		c.only = re
	}
	if c.databaseURL == "" {
		return nil, errors.New("--database-url or $DATABASE_URL is required (make bench-scale finds one with scripts/pg.sh)")
	}
	if c.messages < 20000 {
		return nil, errors.New("--messages must be at least 20000")
	}
	if c.dbName == "" {
		c.dbName = fmt.Sprintf("bestchat_scale_%d", c.messages)
	}
	if c.out == "" {
		c.out = fmt.Sprintf("bench-scale-%d", c.messages)
	}
	return c, nil
}

func run(args []string) error {
	c, err := parseFlags(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", a...)
	}
	url, err := prepareDatabase(ctx, c, logf)
	if err != nil {
		return err
	}
	if c.generate {
		return nil
	}
	return measure(ctx, c, url, logf)
}

// readyMarker is the table comment a finished generation leaves, so that
// --reuse never measures a half-filled database.
const readyMarker = "benchscale: generated"

// prepareDatabase creates, migrates and fills the database (or reuses a
// complete one) and returns its URL.
func prepareDatabase(ctx context.Context, c *config, logf func(string, ...any)) (string, error) {
	adminCfg, err := pgx.ParseConfig(c.databaseURL)
	if err != nil {
		return "", fmt.Errorf("--database-url: %w", err)
	}
	admin, err := pgx.ConnectConfig(ctx, adminCfg)
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(ctx)
	url, err := withDatabase(c.databaseURL, c.dbName)
	if err != nil {
		return "", err
	}
	name := pgx.Identifier{c.dbName}.Sanitize()
	if c.reuse {
		if ok, err := generatedBefore(ctx, url, c.messages); err == nil && ok {
			logf("reusing %s", c.dbName)
			return url, migrateDB(ctx, url)
		}
	}
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("drop %s: %w", c.dbName, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create %s: %w", c.dbName, err)
	}
	if err := migrateDB(ctx, url); err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if err := generate(ctx, conn, newShape(c.messages), logf); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("COMMENT ON TABLE messages IS '%s %d'", readyMarker, c.messages)); err != nil {
		return "", err
	}
	return url, nil
}

// withDatabase returns connString pointing at database name instead.
func withDatabase(connString, name string) (string, error) {
	if strings.HasPrefix(connString, "postgres://") || strings.HasPrefix(connString, "postgresql://") {
		u, err := neturl.Parse(connString)
		if err != nil {
			return "", fmt.Errorf("parse database URL: %w", err)
		}
		u.Path = "/" + name
		u.RawPath = ""
		q := u.Query()
		q.Del("dbname")
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	return strings.TrimSpace(connString) + " dbname=" + name, nil
}

func migrateDB(ctx context.Context, url string) error {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	return migrations.Up(ctx, pool, nil)
}

func generatedBefore(ctx context.Context, url string, messages int64) (bool, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return false, err
	}
	defer conn.Close(ctx)
	var comment *string
	if err := conn.QueryRow(ctx, "SELECT obj_description('messages'::regclass, 'pg_class')").Scan(&comment); err != nil {
		return false, err
	}
	return comment != nil && *comment == fmt.Sprintf("%s %d", readyMarker, messages), nil
}
