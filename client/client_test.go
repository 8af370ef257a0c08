package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/client"
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// cutter is an HTTP transport that drops the connection of the first
// SendMessage answer after a few hundred bytes, as a proxy timeout or a
// network change does.
type cutter struct {
	base http.RoundTripper
	cut  atomic.Bool
}

func (c *cutter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err == nil && strings.HasSuffix(req.URL.Path, "/SendMessage") && c.cut.CompareAndSwap(false, true) {
		resp.Body = &cutBody{ReadCloser: resp.Body, left: 400}
	}
	return resp, err
}

type cutBody struct {
	io.ReadCloser
	left int
}

func (b *cutBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= n
	return n, err
}

func newEnv(t *testing.T) *servertest.Env {
	t.Helper()
	return servertest.New(t, servertest.Options{
		Env: servertest.Simulated(t, llmfake.Simulation{Tokens: 12}),
	})
}

func newConversation(t *testing.T, c *client.Client) string {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetConversation().GetId()
}

func TestStreamReattachesAfterADroppedConnection(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	for _, p := range []struct {
		name     string
		protocol client.Protocol
		base     func() http.RoundTripper
	}{
		{"connect", client.Connect, func() http.RoundTripper { return http.DefaultTransport.(*http.Transport).Clone() }},
		{"grpc", client.GRPC, func() http.RoundTripper {
			tr := &http.Transport{Protocols: new(http.Protocols)}
			tr.Protocols.SetUnencryptedHTTP2(true)
			return tr
		}},
		{"grpcweb", client.GRPCWeb, func() http.RoundTripper { return http.DefaultTransport.(*http.Transport).Clone() }},
	} {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			cut := &cutter{base: p.base()}
			c, err := client.New(env.URL, env.Token(t, "sdk-"+p.name), client.WithProtocol(p.protocol),
				client.WithHTTPClient(&http.Client{Transport: cut}))
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.Send(servertest.Context(t), &bestchatv1.SendMessageRequest{
				ConversationId: newConversation(t, c), Content: client.Text("tell me in 300 words"),
			})
			if err != nil {
				t.Fatal(err)
			}
			var seqs []int32
			for s.Next() {
				seqs = append(seqs, s.Event().GetSeq())
			}
			if err := s.Err(); err != nil {
				t.Fatalf("stream: %v", err)
			}
			if !cut.cut.Load() || s.Reattached() != 1 {
				t.Fatalf("cut %v, re-attached %d times; want one cut and one re-attach", cut.cut.Load(), s.Reattached())
			}
			for i := 1; i < len(seqs); i++ {
				if seqs[i] != seqs[i-1]+1 {
					t.Fatalf("seqs %v: a gap or a repeat at %d", seqs, i)
				}
			}
			want := strings.Join(llmfake.Reply("tell me in 300 words", 300), "")
			if s.Text() != want {
				t.Fatalf("text after re-attach:\n%q\nwant\n%q", s.Text(), want)
			}
		})
	}
}

func TestStreamEndsWithTheServersError(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	c, err := client.New(env.URL, env.Token(t, "sdk-err"))
	if err != nil {
		t.Fatal(err)
	}
	missing := "00000000-0000-4000-8000-000000000000"
	s, err := c.Send(servertest.Context(t), &bestchatv1.SendMessageRequest{ConversationId: missing, Content: client.Text("hi")})
	if err == nil {
		_, err = s.Answer()
	}
	if connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("got %v, want NotFound", err)
	}
	if err := c.Cancel(servertest.Context(t), missing); connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("Cancel: got %v, want NotFound", err)
	}
}

func TestTokenSource(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	var calls atomic.Int32
	good := env.Token(t, "sdk-ts")
	c, err := client.New(env.URL, "", client.WithTokenSource(func(ctx context.Context) (string, error) {
		if calls.Add(1) == 2 {
			return "", errors.New("refresh failed")
		}
		return good, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	list := func() error {
		_, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
		return err
	}
	if err := list(); err != nil {
		t.Fatal(err)
	}
	if err := list(); connect.CodeOf(err) != connect.CodeUnauthenticated || !strings.Contains(err.Error(), "refresh failed") {
		t.Fatalf("failing source: got %v, want Unauthenticated naming the cause", err)
	}
	if err := list(); err != nil {
		t.Fatal(err)
	}
	bad, err := client.New(env.URL, "not-a-jwt", client.WithProtocol(client.GRPC))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
	if connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("bad token over gRPC: got %v", err)
	}
}

func TestNewRefusesBadArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, token string
		opts             []client.Option
	}{
		{"no scheme", "localhost:8080", "t", nil},
		{"other scheme", "ftp://x", "t", nil},
		{"no token", "http://localhost:8080", "", nil},
		{"negative resumes", "http://localhost:8080", "t", []client.Option{client.WithMaxResumes(-1)}},
		{"unknown protocol", "http://localhost:8080", "t", []client.Option{client.WithProtocol(client.Protocol(9))}},
	}
	for _, tt := range tests {
		if _, err := client.New(tt.url, tt.token, tt.opts...); err == nil {
			t.Errorf("%s: New accepted it", tt.name)
		}
	}
}

// TestEveryServiceIsReachable calls one RPC of each service over each
// protocol; a service not implemented yet answers Unimplemented, which
// still proves the route, the protocol and the token.
func TestEveryServiceIsReachable(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	for _, p := range []client.Protocol{client.Connect, client.GRPC, client.GRPCWeb} {
		c, err := client.New(env.URL, env.Token(t, "sdk-all"), client.WithProtocol(p))
		if err != nil {
			t.Fatal(err)
		}
		ctx := servertest.Context(t)
		calls := map[string]error{}
		_, calls[bestchatv1connect.ChatServiceName] = c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
		_, calls[bestchatv1connect.ProviderServiceName] = c.Provider.ListSupportedProviders(ctx, connect.NewRequest(&bestchatv1.ListSupportedProvidersRequest{}))
		_, calls[bestchatv1connect.UsageServiceName] = c.Usage.GetBudget(ctx, connect.NewRequest(&bestchatv1.GetBudgetRequest{}))
		_, calls[bestchatv1connect.ToolServiceName] = c.Tool.ListTools(ctx, connect.NewRequest(&bestchatv1.ListToolsRequest{}))
		for svc, err := range calls {
			if code := connect.CodeOf(err); err != nil && code != connect.CodeUnimplemented {
				t.Errorf("protocol %d, %s: %v", p, svc, err)
			}
		}
	}
}
