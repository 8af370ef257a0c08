package main

import (
	"context"
	"crypto/md5" //nolint:gosec // G501: not for security, the generator's md5(text)::uuid ids
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/pguuid"
	"github.com/bestchat/bestchat/internal/server"
)

// recorder watches the server pool's connections: while on, it keeps
// every statement the server runs (its pgx tracer) and every plan
// auto_explain reports for them (its notices), so that the bench can save
// the plans PostgreSQL executed for one call on the server's own
// connections — generic plans included, which an EXPLAIN run beside them
// with the same values would not show.
type recorder struct {
	mu      sync.Mutex
	on      bool
	stmts   []string
	notices []string
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.stmts = append(r.stmts, d.SQL)
	}
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *recorder) notice(_ *pgconn.PgConn, n *pgconn.Notice) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on && strings.Contains(n.Message, "Query Text: ") {
		r.notices = append(r.notices, n.Message)
	}
}

func (r *recorder) record(on bool) (stmts, notices []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = on
	stmts, notices = r.stmts, r.notices
	r.stmts, r.notices = nil, nil
	return stmts, notices
}

// autoExplainSetup runs on every connection of the server's pool:
// auto_explain loaded (the generator already needs a superuser), reporting
// to the client with ANALYZE and BUFFERS, and off until explainAll turns
// it on.
const autoExplainSetup = `LOAD 'auto_explain';
SET auto_explain.log_level = notice; SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on; SET auto_explain.log_min_duration = -1`

// explainAll turns auto_explain on or off on every connection of the
// pool; they are all idle between the sequential client's calls.
func explainAll(ctx context.Context, pool *pgxpool.Pool, on bool) error {
	d := "-1"
	if on {
		d = "0"
	}
	for _, conn := range pool.AcquireAllIdle(ctx) {
		_, err := conn.Exec(ctx, "SET auto_explain.log_min_duration = "+d)
		conn.Release()
		if err != nil {
			return fmt.Errorf("auto_explain: %w", err)
		}
	}
	return nil
}

// benchCase is one read RPC with fixed arguments.
type benchCase struct {
	name string
	call func(ctx context.Context) error
}

type result struct {
	name     string
	p50, p99 time.Duration
	explain  string
}

// measure serves ChatService in this process on the generated database
// (the real server: interceptor chain, authentication, validation, over
// Connect on loopback HTTP/1.1), runs every case, and writes the figures
// and the executed plans (ANALYZE, BUFFERS) of each case's statements to
// c.out.
func measure(ctx context.Context, c *config, url string, logf func(string, ...any)) error {
	rec := &recorder{}
	pcfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	pcfg.ConnConfig.Tracer = rec
	pcfg.ConnConfig.OnNotice = rec.notice
	pcfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, autoExplainSetup)
		return err
	}
	pguuid.Configure(pcfg) // as bestchatd's pool
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	verifier, err := authn.New(authn.Config{HS256Secret: secret, Issuer: "benchscale", Audience: "benchscale"})
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Reads only: no engine (SendMessage and the other streams are not
	// measured here).
	chatSvc := chat.New(chat.Params{Pool: pool, Logger: logger})
	srv, err := server.New(server.Config{
		Pool: pool, Verifier: verifier, Logger: logger, Metrics: metrics.New(),
		Services: []server.Service{{Name: bestchatv1connect.ChatServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return chat.NewHandler(chatSvc, o...)
		}}},
	})
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	if err := server.ConfigureProtocols(hs); err != nil {
		return err
	}
	go func() { _ = hs.Serve(ln) }()
	defer func() { _ = hs.Close() }()
	base := "http://" + ln.Addr().String()
	client := func(user string) (bestchatv1connect.ChatServiceClient, error) {
		tok, err := authn.MintHS256(secret, user, "benchscale", "benchscale", 24*time.Hour)
		if err != nil {
			return nil, err
		}
		return bestchatv1connect.NewChatServiceClient(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}, base,
			connect.WithInterceptors(authn.ClientToken(tok))), nil
	}
	cases, err := buildCases(ctx, c, client, pool)
	if err != nil {
		return err
	}
	if c.only != nil {
		cases = slices.DeleteFunc(cases, func(bc benchCase) bool { return !c.only.MatchString(bc.name) })
		if len(cases) == 0 {
			return fmt.Errorf("--only %q matches no case", c.only)
		}
	}
	load0 := loadavg()
	var results []result
	for _, bc := range cases {
		r, err := runCase(ctx, c, bc, rec, pool)
		if err != nil {
			return fmt.Errorf("%s: %w", bc.name, err)
		}
		logf("%-58s p50 %7.2f ms  p99 %7.2f ms", bc.name, ms(r.p50), ms(r.p99))
		results = append(results, r)
	}
	return writeResults(c, results, load0, loadavg())
}

// planOf finds the plan auto_explain reported for the statement sql: its
// notice is "duration: D ms  plan:", "Query Text: " and sql, then the plan.
// It returns the duration line and the plan.
func planOf(notices []string, sql string) (string, bool) {
	for _, n := range notices {
		head, rest, _ := strings.Cut(n, "Query Text: ")
		if plan, ok := strings.CutPrefix(rest, sql); ok {
			return strings.TrimSpace(head) + "\n" + strings.Trim(plan, "\n"), true
		}
	}
	return "", false
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// runCase warms a case up (so the server's pooled connections have run
// its statements more than the five times after which PostgreSQL may
// plan a prepared statement generically), times it, then records one
// more call with auto_explain on and keeps the plans each of its
// statements executed with.
func runCase(ctx context.Context, c *config, bc benchCase, rec *recorder, pool *pgxpool.Pool) (result, error) {
	r := result{name: bc.name}
	for range c.warmup {
		if err := bc.call(ctx); err != nil {
			return r, err
		}
	}
	d := make([]time.Duration, 0, c.calls)
	for range c.calls {
		t0 := time.Now()
		if err := bc.call(ctx); err != nil {
			return r, err
		}
		d = append(d, time.Since(t0))
	}
	slices.Sort(d)
	r.p50, r.p99 = d[len(d)/2], d[min(len(d)-1, len(d)*99/100)]
	if err := explainAll(ctx, pool, true); err != nil {
		return r, err
	}
	rec.record(true)
	err := bc.call(ctx)
	stmts, notices := rec.record(false)
	if err := errors.Join(err, explainAll(ctx, pool, false)); err != nil {
		return r, err
	}
	var sb strings.Builder
	for _, st := range stmts {
		if !strings.HasPrefix(strings.TrimSpace(st), "-- name:") {
			continue // BEGIN, COMMIT, pings
		}
		name, _, _ := strings.Cut(strings.TrimSpace(st), "\n")
		fmt.Fprintf(&sb, "%s\n", name)
		plan, ok := planOf(notices, st)
		if !ok {
			return r, fmt.Errorf("auto_explain reported no plan for %q", name)
		}
		sb.WriteString(plan + "\n\n")
	}
	r.explain = sb.String()
	return r, nil
}

// buildCases picks the subjects in the generated data and returns the
// cases: every implemented read RPC of ChatService.
func buildCases(ctx context.Context, c *config, client func(string) (bestchatv1connect.ChatServiceClient, error), pool *pgxpool.Pool) ([]benchCase, error) {
	s := newShape(c.messages)
	heavy, err := client(heavyUser)
	if err != nil {
		return nil, err
	}
	typical, err := client(typicalUserName)
	if err != nil {
		return nil, err
	}
	owner, err := client(longOwner)
	if err != nil {
		return nil, err
	}
	longConv := genUUID(fmt.Sprintf("c%d", longConversationIndex(s)))
	var typicalConv uuid.UUID
	if err := pool.QueryRow(ctx, `SELECT id FROM conversations WHERE user_id = $1 ORDER BY updated_at DESC LIMIT 1`, typicalUserName).Scan(&typicalConv); err != nil {
		return nil, fmt.Errorf("typical user's conversation: %w", err)
	}
	var heavyConv uuid.UUID
	if err := pool.QueryRow(ctx, `SELECT id FROM conversations WHERE user_id = $1 ORDER BY updated_at DESC LIMIT 1`, heavyUser).Scan(&heavyConv); err != nil {
		return nil, fmt.Errorf("heavy user's conversation: %w", err)
	}
	// The heavy user's last full page of the list, and pages of the long branch.
	deepToken, deepPage, err := lastPageToken(ctx, heavy)
	if err != nil {
		return nil, err
	}
	longTokens := map[int]string{}
	token := ""
	for page := 1; page <= 49; page++ {
		resp, err := owner.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: longConv.String(), PageSize: 100, PageToken: token}))
		if err != nil {
			return nil, fmt.Errorf("page through the long branch: %w", err)
		}
		token = resp.Msg.GetNextPageToken()
		longTokens[page] = token
	}
	list := func(cl bestchatv1connect.ChatServiceClient, req *bestchatv1.ListConversationsRequest) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := cl.ListConversations(ctx, connect.NewRequest(req))
			return err
		}
	}
	msgs := func(cl bestchatv1connect.ChatServiceClient, conv uuid.UUID, token string) func(context.Context) error {
		return func(ctx context.Context) error {
			resp, err := cl.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.String(), PageSize: 100, PageToken: token}))
			if err == nil && len(resp.Msg.GetMessages()) == 0 {
				err = errors.New("empty page")
			}
			return err
		}
	}
	stats := func(cl bestchatv1connect.ChatServiceClient, conv uuid.UUID) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := cl.GetConversationStats(ctx, connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: conv.String()}))
			return err
		}
	}
	yes := true
	cases := []benchCase{
		{"ListConversations, heavy user, first page of 50", list(heavy, &bestchatv1.ListConversationsRequest{PageSize: 50})},
		{fmt.Sprintf("ListConversations, heavy user, page %d (the last)", deepPage), list(heavy, &bestchatv1.ListConversationsRequest{PageSize: 50, PageToken: deepToken})},
		{"ListConversations, heavy user, pinned", list(heavy, &bestchatv1.ListConversationsRequest{PageSize: 50, Pinned: &yes})},
		{"ListConversations, heavy user, archived only", list(heavy, &bestchatv1.ListConversationsRequest{PageSize: 50, Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_ONLY})},
	}
	for _, w := range []struct{ label, q string }{
		{"common word", commonWord}, {"rare word", rareWord}, {"absent word", absentWord}, {"literal %", "100%"},
	} {
		cases = append(cases,
			benchCase{fmt.Sprintf("search, heavy user, %s (%q)", w.label, w.q), list(heavy, &bestchatv1.ListConversationsRequest{PageSize: 50, Query: w.q})},
			benchCase{fmt.Sprintf("search, typical user, %s (%q)", w.label, w.q), list(typical, &bestchatv1.ListConversationsRequest{PageSize: 50, Query: w.q})},
		)
	}
	cases = append(cases,
		benchCase{"GetConversation", func(ctx context.Context) error {
			_, err := heavy.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: heavyConv.String()}))
			return err
		}},
		benchCase{"ListMessages, 5,000-message branch, page 1 of 50", msgs(owner, longConv, "")},
		benchCase{"ListMessages, 5,000-message branch, page 25", msgs(owner, longConv, longTokens[24])},
		benchCase{"ListMessages, 5,000-message branch, page 50", msgs(owner, longConv, longTokens[49])},
		benchCase{"ListMessages, typical conversation, whole", msgs(typical, typicalConv, "")},
		benchCase{"GetConversationStats, 5,000-message conversation", stats(owner, longConv)},
		benchCase{"GetConversationStats, typical conversation", stats(typical, typicalConv)},
	)
	return cases, nil
}

// genUUID is PostgreSQL's md5(s)::uuid, the generator's ids.
func genUUID(s string) uuid.UUID { return uuid.UUID(md5.Sum([]byte(s))) } //nolint:gosec // G401: an id, not a digest for security

// lastPageToken returns the token of the user's last page of 50 and its number.
func lastPageToken(ctx context.Context, cl bestchatv1connect.ChatServiceClient) (string, int, error) {
	token, prev, page := "", "", 1
	for {
		resp, err := cl.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageSize: 50, PageToken: token}))
		if err != nil {
			return "", 0, err
		}
		next := resp.Msg.GetNextPageToken()
		if next == "" {
			if prev == "" && token == "" {
				return "", 0, errors.New("the heavy user has a single page")
			}
			return token, page, nil
		}
		prev, token = token, next
		page++
	}
}

func writeResults(c *config, results []result, load0, load1 string) error {
	if err := os.MkdirAll(filepath.Join(c.out, "explain"), 0o750); err != nil { //nolint:gosec // G703: --out, the operator's own directory
		return err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "# Reads at scale: %d messages\n\n", c.messages)
	fmt.Fprintf(&sb, "Generated by `go run ./cmd/benchscale --messages %d` on %s: %d calls per case after %d warm-up calls, one sequential client over Connect (HTTP/1.1) to ChatService served in process. Load average before / after: %s / %s.\n\n",
		c.messages, time.Now().UTC().Format("2006-01-02 15:04 MST"), c.calls, c.warmup, load0, load1)
	sb.WriteString("| RPC | p50 | p99 |\n|---|---|---|\n")
	for i, r := range results {
		fmt.Fprintf(&sb, "| %s | %.2f ms | %.2f ms |\n", r.name, ms(r.p50), ms(r.p99))
		name := fmt.Sprintf("%02d-%s.txt", i+1, slug(r.name))
		if err := os.WriteFile(filepath.Join(c.out, "explain", name), []byte(r.name+"\n\n"+r.explain), 0o600); err != nil { //nolint:gosec // G703: under --out
			return err
		}
	}
	sb.WriteString("\nThe plan PostgreSQL executed for every statement of one more call of each case, on the server's own connection after the timed calls (auto_explain with ANALYZE and BUFFERS; a generic plan shows $n where a custom one shows values), is in explain/, one file per row.\n")
	if err := os.WriteFile(filepath.Join(c.out, "figures.md"), []byte(sb.String()), 0o600); err != nil { //nolint:gosec // G703: under --out
		return err
	}
	fmt.Print(sb.String())
	return nil
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}
