package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/pgnotify"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/usage"
)

// TestDatabaseDownIsUnavailable serves ChatService over a database that
// cannot be reached: calls answer Unavailable, which clients retry, not
// Internal.
func TestDatabaseDownIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens there.
	pool, err := pgxpool.New(ctx, "postgres://postgres@127.0.0.1:1/none?connect_timeout=5")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	secret := []byte("0123456789abcdef0123456789abcdef")
	v, err := authn.New(authn.Config{HS256Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	providers, err := provider.FromEnv(func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Params{Pool: pool, Notifier: pgnotify.New(pgnotify.Params{Pool: pool}), Resolver: provider.NewResolver(provider.ResolverParams{Operator: providers}), Charger: usage.Charger{}})
	if err != nil {
		t.Fatal(err)
	}
	chatSvc := chat.New(chat.Params{Pool: pool, Engine: eng})
	s, err := server.New(server.Config{Pool: pool, Verifier: v, Services: []server.Service{{
		Name: bestchatv1connect.ChatServiceName,
		Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return chat.NewHandler(chatSvc, o...)
		},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	tok, err := authn.MintHS256(secret, "alice", "", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c := bestchatv1connect.NewChatServiceClient(srv.Client(), srv.URL, connect.WithInterceptors(authn.ClientToken(tok)))
	_, err = c.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
	if connect.CodeOf(err) != connect.CodeUnavailable {
		t.Errorf("ListConversations: %v, want Unavailable", err)
	}
	_, err = c.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
	if connect.CodeOf(err) != connect.CodeUnavailable {
		t.Errorf("CreateConversation: %v, want Unavailable", err)
	}
}
