package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/protobuf/encoding/protojson"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// dumpTables returns the text of every row of every table.
func dumpTables(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var sb strings.Builder
	for _, tbl := range tables {
		var s string
		if err := pool.QueryRow(ctx, fmt.Sprintf(`SELECT coalesce(string_agg(t::text, E'\n'), '') FROM %q t`, tbl)).Scan(&s); err != nil {
			t.Fatal(err)
		}
		sb.WriteString(s)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// TestProviderKeyNeverLeaks points the server at a hostile provider that
// echoes the configured key in every field of its error bodies, in many
// spellings, and checks that no spelling of it reaches the client's
// error, the stream, any stored row, the server's log or its metrics. A
// rejected key (401/403) is FailedPrecondition naming the provider.
func TestProviderKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	keys := []string{"sk-or-v1-0f9e8d7c6b5a40312f1e0d9c8b7a6f5e4d3c2b1a", "corp.Gateway/Token+Zeta=Omega~unusual"}
	type kind struct {
		name      string
		anthropic bool
		env       func(base, key string) map[string]string
	}
	kinds := []kind{
		{"openai", false, func(base, key string) map[string]string {
			return map[string]string{"OPENAI_API_KEY": key, "OPENAI_BASE_URL": base + "/v1"}
		}},
		{"anthropic", true, func(base, key string) map[string]string {
			return map[string]string{"ANTHROPIC_API_KEY": key, "ANTHROPIC_BASE_URL": base}
		}},
	}
	for _, k := range kinds {
		for ki, key := range keys {
			t.Run(fmt.Sprintf("%s/key%d", k.name, ki), func(t *testing.T) {
				t.Parallel()
				scripts := llmfake.KeyEchoScripts(k.anthropic)
				var logs syncBuffer
				var mu sync.Mutex
				current := 0
				newHandler := llmfake.NewOpenAI
				if k.anthropic {
					newHandler = llmfake.NewAnthropic
				}
				handlers := make([]http.Handler, len(scripts))
				for i, s := range scripts {
					handlers[i] = newHandler(s)
				}
				up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					h := handlers[current]
					mu.Unlock()
					h.ServeHTTP(w, r)
				}))
				t.Cleanup(up.Close)
				env := servertest.New(t, servertest.Options{
					Env:        k.env(up.URL, key),
					Generation: engine.Config{MaxRetries: 1, RetryBaseDelay: 1},
					Logs:       &logs,
				})
				c := env.Clients(t, servertest.Connect, "alice")
				ctx := servertest.Context(t)
				var seen strings.Builder
				for i, s := range scripts {
					mu.Lock()
					current = i
					mu.Unlock()
					conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
					if err != nil {
						t.Fatal(err)
					}
					st, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
						ConversationId: conv.Msg.GetConversation().GetId(), Content: textPart("hi"),
					}))
					if err != nil {
						t.Fatal(err)
					}
					for st.Receive() {
						b, _ := protojson.Marshal(st.Msg())
						seen.Write(b)
					}
					err = st.Err()
					_ = st.Close()
					if err == nil {
						t.Fatalf("script %d: the answer did not fail", i)
					}
					seen.WriteString(err.Error())
					if s.Status == http.StatusUnauthorized || s.Status == http.StatusForbidden {
						if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), k.name) {
							t.Errorf("script %d (%d): got %v, want FailedPrecondition naming %s", i, s.Status, err, k.name)
						}
					}
					msgs, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.Msg.GetConversation().GetId()}))
					if err != nil {
						t.Fatal(err)
					}
					b, _ := protojson.Marshal(msgs.Msg)
					seen.Write(b)
					if llmfake.ContainsKey(seen.String(), key) {
						t.Fatalf("script %d (%d): the client saw the key: %s", i, s.Status, seen.String())
					}
				}
				if rows := dumpTables(t, env.Pool); llmfake.ContainsKey(rows, key) {
					t.Errorf("a stored row holds the key:\n%s", rows)
				}
				if !strings.Contains(logs.String(), "provider") {
					t.Errorf("nothing was logged about the failures: %s", logs.String())
				}
				if llmfake.ContainsKey(logs.String(), key) {
					t.Errorf("the log holds the key:\n%s", logs.String())
				}
				rec := httptest.NewRecorder()
				env.Server.Metrics().Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
				body, _ := io.ReadAll(rec.Body)
				if !strings.Contains(string(body), "provider") {
					t.Errorf("no provider metrics: %s", body)
				}
				if llmfake.ContainsKey(string(body), key) {
					t.Errorf("the metrics hold the key:\n%s", body)
				}
			})
		}
	}
}
