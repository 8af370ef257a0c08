package server_test

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/servertest"
)

const allowedOrigin = "http://app.example.test:5173"

func corsEnv(t *testing.T) *servertest.Env {
	t.Helper()
	origins, err := server.ParseOrigins(" " + allowedOrigin + "/ , https://other.example.test")
	if err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, servertest.Options{
		Wrap: func(h http.Handler) http.Handler { return server.WithCORS(h, origins) },
	})
}

// preflight sends the OPTIONS request a browser sends before a
// cross-origin call of procedure with the given request headers.
func preflight(t *testing.T, env *servertest.Env, origin, procedure, headers string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(servertest.Context(t), http.MethodOptions, env.URL+procedure, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	// Browsers send the header names lower-case, sorted, comma-separated.
	names := strings.Split(headers, ",")
	sort.Strings(names)
	req.Header.Set("Access-Control-Request-Headers", strings.Join(names, ","))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp
}

func TestCORSPreflight(t *testing.T) {
	t.Parallel()
	env := corsEnv(t)
	tests := []struct {
		name, procedure, headers string
	}{
		{"connect unary", bestchatv1connect.ChatServiceListConversationsProcedure,
			"authorization,content-type,connect-protocol-version,connect-timeout-ms"},
		{"connect streaming", bestchatv1connect.ChatServiceSendMessageProcedure,
			"authorization,content-type,connect-protocol-version,x-request-id"},
		{"grpc-web", bestchatv1connect.ChatServiceResumeStreamProcedure,
			"authorization,content-type,x-grpc-web,x-user-agent,grpc-timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := preflight(t, env, allowedOrigin, tt.procedure, tt.headers)
			if resp.StatusCode != http.StatusNoContent {
				t.Fatalf("allowed origin: status %d, want 204", resp.StatusCode)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != allowedOrigin {
				t.Fatalf("Access-Control-Allow-Origin = %q, want %q", got, allowedOrigin)
			}
			if got := strings.ToLower(resp.Header.Get("Access-Control-Allow-Methods")); !strings.Contains(got, "post") {
				t.Fatalf("Access-Control-Allow-Methods = %q, want POST", got)
			}
			allowed := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers"))
			for _, h := range strings.Split(tt.headers, ",") {
				if !strings.Contains(allowed, h) {
					t.Fatalf("Access-Control-Allow-Headers = %q, missing %q", allowed, h)
				}
			}
			if resp.Header.Get("Access-Control-Max-Age") == "" {
				t.Fatal("no Access-Control-Max-Age: every call would pay a preflight")
			}

			other := preflight(t, env, "https://evil.example.test", tt.procedure, tt.headers)
			for k := range other.Header {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Fatalf("another origin got %s: %q", k, other.Header.Get(k))
				}
			}
		})
	}
}

// TestCORSExposesConnectHeaders makes the calls a page makes after its
// preflight: the answer names the origin and exposes what the Connect and
// gRPC-Web clients read (gRPC-Web's status comes as headers when a call
// fails before its body).
func TestCORSExposesConnectHeaders(t *testing.T) {
	t.Parallel()
	env := corsEnv(t)
	for _, p := range []servertest.Protocol{servertest.Connect, servertest.GRPCWeb} {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			hc, opts := env.ClientOptions(p, env.Token(t, "cors-"+string(p)))
			var seen http.Header
			origin := connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
				return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
					req.Header().Set("Origin", allowedOrigin)
					resp, err := next(ctx, req)
					if err == nil {
						seen = resp.Header()
					}
					return resp, err
				}
			})
			c := bestchatv1connect.NewChatServiceClient(hc, env.URL, append(opts, connect.WithInterceptors(origin))...)
			if _, err := c.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{})); err != nil {
				t.Fatal(err)
			}
			if got := seen.Get("Access-Control-Allow-Origin"); got != allowedOrigin {
				t.Fatalf("Access-Control-Allow-Origin = %q, want %q", got, allowedOrigin)
			}
			exposed := strings.ToLower(seen.Get("Access-Control-Expose-Headers"))
			for _, h := range []string{"grpc-status", "grpc-message", "grpc-status-details-bin", "x-request-id"} {
				if !strings.Contains(exposed, h) {
					t.Fatalf("Access-Control-Expose-Headers = %q, missing %q", exposed, h)
				}
			}
		})
	}
}

func TestParseOrigins(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"app.example.com", "ftp://x", "https://x/path", "https://u:p@x", "https://x?q=1"} {
		if _, err := server.ParseOrigins(bad); err == nil {
			t.Errorf("ParseOrigins(%q) accepted it", bad)
		}
	}
	got, err := server.ParseOrigins("https://a.example, ,http://localhost:8080/,*")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "https://a.example http://localhost:8080 *" {
		t.Fatalf("got %q", got)
	}
}
