package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"github.com/golang-jwt/jwt/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/servertest"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	expired := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "alice", "iss": servertest.Issuer, "aud": servertest.Audience,
		"exp": time.Now().Add(-time.Hour).Unix(),
	})
	expiredTok, err := expired.SignedString([]byte("not the server's secret but expired anyway...."))
	if err != nil {
		t.Fatal(err)
	}
	valid := env.Token(t, "alice")
	parts := strings.Split(valid, ".")
	forged := parts[0] + "." + parts[1] + ".c2lnbmF0dXJl"
	none := "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + "."
	tests := []struct{ name, token string }{
		{"no token", ""},
		{"garbage", "not-a-jwt"},
		{"expired", expiredTok},
		{"forged signature", forged},
		{"alg none", none},
	}
	for _, p := range []servertest.Protocol{servertest.Connect, servertest.GRPC, servertest.GRPCWeb} {
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				c := env.ClientsWithToken(p, tt.token)
				ctx := servertest.Context(t)
				_, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
				if connect.CodeOf(err) != connect.CodeUnauthenticated {
					t.Fatalf("unary: got %v (%v), want Unauthenticated", connect.CodeOf(err), err)
				}
				if tt.token != "" && strings.Contains(err.Error(), tt.token) {
					t.Fatalf("error echoes the token: %v", err)
				}
				// Streaming RPCs are guarded too.
				s, err := c.Chat.WatchConversations(ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{}))
				if err == nil {
					for s.Receive() {
					}
					err = s.Err()
					_ = s.Close()
				}
				if connect.CodeOf(err) != connect.CodeUnauthenticated {
					t.Fatalf("stream: got %v (%v), want Unauthenticated", connect.CodeOf(err), err)
				}
			})
		}
	}
}

func TestHealthAndReflectionNeedNoToken(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	hc, opts := env.ClientOptions(servertest.GRPC, "")
	client := grpchealth.NewClient(hc, env.URL, opts...)
	for _, svc := range []string{"", "bestchat.v1.ChatService", "bestchat.v1.ToolService"} {
		resp, err := client.Check(servertest.Context(t), &grpchealth.CheckRequest{Service: svc})
		if err != nil {
			t.Fatalf("health %q: %v", svc, err)
		}
		if resp.Status != grpchealth.StatusServing {
			t.Fatalf("health %q = %v", svc, resp.Status)
		}
	}
	if _, err := client.Check(servertest.Context(t), &grpchealth.CheckRequest{Service: "nope.Service"}); connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("unknown service: %v", err)
	}
	resp, err := http.Get(env.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz = %d", resp.StatusCode)
	}
}

func TestReflectionListsServicesWithoutToken(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	hc, opts := env.ClientOptions(servertest.GRPC, "")
	stream := grpcreflect.NewClient(hc, env.URL, opts...).NewStream(servertest.Context(t))
	defer stream.Close()
	names, err := stream.ListServices()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, n := range names {
		got[string(n)] = true
	}
	for _, want := range []string{bestchatv1connect.ChatServiceName, bestchatv1connect.ProviderServiceName, bestchatv1connect.UsageServiceName, bestchatv1connect.ToolServiceName} {
		if !got[want] {
			t.Errorf("reflection does not list %s (got %v)", want, names)
		}
	}
	fds, err := stream.FileContainingSymbol("bestchat.v1.ChatService")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, fd := range fds {
		if fd.GetName() == "bestchat/v1/chat.proto" {
			found = strings.Contains(fd.String(), "SendMessage")
		}
	}
	if !found {
		t.Fatalf("chat.proto with SendMessage not among %d descriptors", len(fds))
	}
}
