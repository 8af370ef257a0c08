package server_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/ratelimit"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/servertest"
)

// failing returns a plain (non-Connect) error from the handler of calls
// that carry failHeader: what a bug deep in a handler looks like.
type failing struct{}

const failHeader = "X-Test-Fail"

func (failing) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if !req.Spec().IsClient && req.Header().Get(failHeader) != "" {
			return nil, errors.New("pq: relation does not exist (raw text that must not reach a client)")
		}
		return next(ctx, req)
	}
}

func (failing) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (failing) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}

// sendErr runs a SendMessage to its end and returns its error.
func sendErr(ctx context.Context, c servertest.Clients, convID string) error {
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: convID, Content: textPart("hello"),
	}))
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Receive() {
	}
	return s.Err()
}

// TestEveryErrorCarriesErrorInfo: every error a client can see — from the
// guard, the validator, a handler, the rate limiter, the engine, a
// provider, a plain Go error, a panic — carries one google.rpc.ErrorInfo
// of domain bestchat.dev whose reason says what happened (AIP-193), over
// Connect, gRPC and gRPC-Web, unary and streaming.
func TestEveryErrorCarriesErrorInfo(t *testing.T) {
	t.Parallel()
	// An OpenAI-compatible upstream that refuses the key.
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"message":"Incorrect API key provided: sk-te****1234.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`))
	}))
	t.Cleanup(up.Close)
	env := servertest.New(t, servertest.Options{
		Env:          map[string]string{"OPENAI_API_KEY": "sk-test-errorinfo-1234", "OPENAI_BASE_URL": up.URL + "/v1"},
		Generation:   engine.Config{MaxRetries: 1, RetryBaseDelay: 1},
		ChatLimits:   chat.Limits{MaxUploadBytes: 100},
		Interceptors: []connect.Interceptor{failing{}, panicky{}},
	})
	limited := servertest.New(t, servertest.Options{RateLimit: ratelimit.Config{RPS: 0.001, Burst: 1}})
	// A server with no provider at all.
	bare := servertest.New(t, servertest.Options{Env: map[string]string{}})

	type call func(ctx context.Context, p servertest.Protocol) error
	tests := []struct {
		name     string
		call     call
		code     connect.Code
		reason   string
		metadata map[string]string
	}{
		{"invalid field", func(ctx context.Context, p servertest.Protocol) error {
			_, err := env.Clients(t, p, "alice").Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: "nope"}))
			return err
		}, connect.CodeInvalidArgument, rpcerror.ReasonValidationFailed, nil},
		{"missing object", func(ctx context.Context, p servertest.Protocol) error {
			_, err := env.Clients(t, p, "alice").Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: uuid.NewString()}))
			return err
		}, connect.CodeNotFound, rpcerror.ReasonNotFound, map[string]string{"resource": "conversation"}},
		{"no token", func(ctx context.Context, p servertest.Protocol) error {
			_, err := env.ClientsWithToken(p, "").Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
			return err
		}, connect.CodeUnauthenticated, rpcerror.ReasonUnauthenticated, nil},
		{"forged token", func(ctx context.Context, p servertest.Protocol) error {
			_, err := env.ClientsWithToken(p, "eyJhbGciOiJIUzI1NiJ9.e30.forged").Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
			return err
		}, connect.CodeUnauthenticated, rpcerror.ReasonUnauthenticated, nil},
		{"upload over the limit", func(ctx context.Context, p servertest.Protocol) error {
			_, err := env.Clients(t, p, "alice").Chat.UploadFile(ctx, connect.NewRequest(&bestchatv1.UploadFileRequest{
				Name: "big.txt", MediaType: "text/plain", Content: []byte(strings.Repeat("x", 101)),
			}))
			return err
		}, connect.CodeResourceExhausted, rpcerror.ReasonRequestTooLarge, nil},
		{"rate limited", func(ctx context.Context, p servertest.Protocol) error {
			c := limited.Clients(t, p, "flood-"+string(p))
			var err error
			for range 3 {
				if _, err = c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{})); err != nil {
					break
				}
			}
			return err
		}, connect.CodeResourceExhausted, rpcerror.ReasonRateLimited, nil},
		{"plain error in a handler", func(ctx context.Context, p servertest.Protocol) error {
			req := connect.NewRequest(&bestchatv1.ListConversationsRequest{})
			req.Header().Set(failHeader, "1")
			_, err := env.Clients(t, p, "alice").Chat.ListConversations(ctx, req)
			if err != nil && strings.Contains(err.Error(), "relation") {
				t.Errorf("the raw error reached the client: %v", err)
			}
			return err
		}, connect.CodeInternal, rpcerror.ReasonInternal, nil},
		{"panic in a handler", func(ctx context.Context, p servertest.Protocol) error {
			req := connect.NewRequest(&bestchatv1.ListConversationsRequest{})
			req.Header().Set(panicHeader, "1")
			_, err := env.Clients(t, p, "alice").Chat.ListConversations(ctx, req)
			return err
		}, connect.CodeInternal, rpcerror.ReasonInternal, nil},
		{"no provider configured", func(ctx context.Context, p servertest.Protocol) error {
			c := bare.Clients(t, p, "alice")
			conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
			if err != nil {
				return err
			}
			return sendErr(ctx, c, conv.Msg.GetConversation().GetId())
		}, connect.CodeFailedPrecondition, rpcerror.ReasonProviderNotConfigured, nil},
		{"provider refuses the key (stream)", func(ctx context.Context, p servertest.Protocol) error {
			c := env.Clients(t, p, "bob")
			conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "openai", Model: "gpt-4o-mini"}))
			if err != nil {
				return err
			}
			return sendErr(ctx, c, conv.Msg.GetConversation().GetId())
		}, connect.CodeFailedPrecondition, rpcerror.ReasonProviderAuthFailed, map[string]string{"provider": "openai"}},
		{"provider refuses the key (resumed stream)", func(ctx context.Context, p servertest.Protocol) error {
			c := env.Clients(t, p, "carol")
			conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "openai", Model: "gpt-4o-mini"}))
			if err != nil {
				return err
			}
			s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
				ConversationId: conv.Msg.GetConversation().GetId(), Content: textPart("hello"),
			}))
			if err != nil {
				return err
			}
			var answer string
			var failed *bestchatv1.ErrorDetail
			for s.Receive() {
				ev := s.Msg().GetEvent()
				if id := ev.GetAssistantStarted().GetMessageId(); id != "" {
					answer = id
				}
				if f := ev.GetFailed(); f != nil {
					failed = f.GetError()
				}
			}
			_ = s.Close()
			if failed.GetReason() != bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED {
				t.Errorf("Failed event: %v", failed)
			}
			rs, err := c.Chat.ResumeStream(ctx, connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: answer}))
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Receive() {
			}
			return rs.Err()
		}, connect.CodeFailedPrecondition, rpcerror.ReasonProviderAuthFailed, map[string]string{"provider": "openai"}},
	}
	for _, p := range []servertest.Protocol{servertest.Connect, servertest.GRPC, servertest.GRPCWeb} {
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				err := tt.call(servertest.Context(t), p)
				if connect.CodeOf(err) != tt.code {
					t.Fatalf("got %v, want code %v", err, tt.code)
				}
				info := rpcerror.ErrorInfo(err)
				if info == nil {
					t.Fatalf("%v carries no ErrorInfo", err)
				}
				if info.GetReason() != tt.reason || info.GetDomain() != rpcerror.Domain {
					t.Errorf("ErrorInfo = %s/%s, want %s/%s", info.GetDomain(), info.GetReason(), rpcerror.Domain, tt.reason)
				}
				for k, v := range tt.metadata {
					if got := info.GetMetadata()[k]; got != v {
						t.Errorf("metadata[%q] = %q, want %q", k, got, v)
					}
				}
				if n := countErrorInfos(err); n != 1 {
					t.Errorf("%d ErrorInfo details, want exactly 1", n)
				}
			})
		}
	}
}

func countErrorInfos(err error) int {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return 0
	}
	n := 0
	for _, d := range cerr.Details() {
		if d.Type() == "google.rpc.ErrorInfo" {
			n++
		}
	}
	return n
}
