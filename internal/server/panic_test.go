package server_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/servertest"
)

// panicHeader asks panicky to panic in the handler of the call.
const panicHeader = "X-Test-Panic"

// panicky is a test-only fault: it panics where the handler would run,
// for calls that carry panicHeader.
type panicky struct{}

func (panicky) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if !req.Spec().IsClient && req.Header().Get(panicHeader) != "" {
			panic("injected handler panic")
		}
		return next(ctx, req)
	}
}

func (panicky) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (panicky) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		if conn.RequestHeader().Get(panicHeader) != "" {
			panic("injected stream panic")
		}
		return next(ctx, conn)
	}
}

// TestHandlerPanicIsInternal: a panic in a handler answers Internal with
// the request id over every protocol, unary and streaming, is logged with
// its stack and in the access log, and the server keeps serving.
func TestHandlerPanicIsInternal(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	env := servertest.New(t, servertest.Options{Interceptors: []connect.Interceptor{panicky{}}, Logs: &logs})
	for _, p := range []servertest.Protocol{servertest.Connect, servertest.GRPC, servertest.GRPCWeb} {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice")
			ctx := servertest.Context(t)
			id := "panic-" + string(p)
			req := connect.NewRequest(&bestchatv1.ListConversationsRequest{})
			req.Header().Set(panicHeader, "1")
			req.Header().Set(server.RequestIDHeader, id)
			_, err := c.Chat.ListConversations(ctx, req)
			if connect.CodeOf(err) != connect.CodeInternal || !strings.Contains(err.Error(), id) {
				t.Fatalf("unary panic: got %v, want Internal naming request id %s", err, id)
			}
			sreq := connect.NewRequest(&bestchatv1.WatchConversationsRequest{})
			sreq.Header().Set(panicHeader, "1")
			sreq.Header().Set(server.RequestIDHeader, id+"-stream")
			s, err := c.Chat.WatchConversations(ctx, sreq)
			if err == nil {
				for s.Receive() {
				}
				err = s.Err()
				_ = s.Close()
			}
			if connect.CodeOf(err) != connect.CodeInternal || !strings.Contains(err.Error(), id+"-stream") {
				t.Fatalf("stream panic: got %v, want Internal naming request id %s-stream", err, id)
			}
			// The server goes on serving, on the same client.
			if _, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{})); err != nil {
				t.Fatalf("after the panics: %v", err)
			}
			for _, want := range []string{`msg="handler panicked" request_id=` + id, `msg=rpc request_id=` + id} {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("log lacks %s", want)
				}
			}
		})
	}
	t.Cleanup(func() {
		if !strings.Contains(logs.String(), "panic_test.go") {
			t.Errorf("the panic's log has no stack:\n%s", logs.String())
		}
	})
}
