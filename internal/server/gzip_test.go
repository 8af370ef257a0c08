package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/servertest"
)

// encodings records the compression each request was sent with and each
// response came back with, as the HTTP headers of the protocol say.
type encodings struct {
	next connect.HTTPClient
	mu   sync.Mutex
	sent []string
	got  []string
}

func (e *encodings) Do(r *http.Request) (*http.Response, error) {
	res, err := e.next.Do(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sent = append(e.sent, r.Header.Get("Content-Encoding")+r.Header.Get("Grpc-Encoding"))
	if err == nil {
		e.got = append(e.got, res.Header.Get("Content-Encoding")+res.Header.Get("Grpc-Encoding"))
	}
	return res, err
}

// TestGzipBothWays sends a gzipped request and reads a gzipped response
// over each protocol: the server's gzip (klauspost/compress) reads what Go's
// standard library writes, and writes what it reads.
func TestGzipBothWays(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	prompt := strings.Repeat("You answer questions about databases, briefly. ", 600) // 28 KB
	for _, p := range []servertest.Protocol{servertest.Connect, servertest.GRPC, servertest.GRPCWeb} {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			hc, opts := env.ClientOptions(p, env.Token(t, "gzip-"+string(p)))
			rec := &encodings{next: hc}
			chat := bestchatv1connect.NewChatServiceClient(rec, env.URL, append(opts, connect.WithSendGzip())...)
			ctx := servertest.Context(t)
			created, err := chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{SystemPrompt: prompt}))
			if err != nil {
				t.Fatal(err)
			}
			got, err := chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: created.Msg.GetConversation().GetId()}))
			if err != nil {
				t.Fatal(err)
			}
			if got.Msg.GetConversation().GetSystemPrompt() != prompt {
				t.Fatalf("system prompt came back as %d bytes, want %d", len(got.Msg.GetConversation().GetSystemPrompt()), len(prompt))
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			for i := range rec.sent {
				if rec.sent[i] != "gzip" || rec.got[i] != "gzip" {
					t.Errorf("call %d: sent %q, got %q; want gzip both ways", i, rec.sent[i], rec.got[i])
				}
			}
		})
	}
}
