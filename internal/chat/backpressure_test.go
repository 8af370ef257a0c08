package chat_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestClientThatStopsReadingDoesNotStallTheGeneration: the generation runs
// on its client's handler goroutine; a client that keeps its connection
// open but stops reading fills the socket buffers, and after
// ClientWriteTimeout the server stops writing to it and finishes the
// answer anyway. The client speaks the Connect protocol over a raw TCP
// connection with a small receive buffer, so nothing reads behind its back.
//
// Not parallel: it stores a 10 MB answer, re-saved every second, and
// among the package's parallel tests on a 2-core machine its settle once
// exceeded the engine's 30 s settle timeout (alone the whole test takes
// about 4 s), so it runs before them.
func TestClientThatStopsReadingDoesNotStallTheGeneration(t *testing.T) {
	// Far more than the socket buffers hold.
	const tokens, tokenBytes = 160, 64 << 10
	toks := make([]string, tokens)
	for i := range toks {
		toks[i] = strings.Repeat("a", tokenBytes)
	}
	gen := fastGen
	gen.FlushInterval = time.Second
	gen.ClientWriteTimeout = 300 * time.Millisecond
	env, _ := genEnv(t, gen, llmfake.Script{Tokens: toks})
	c := env.Clients(t, servertest.Connect, "stuck")
	conv := createConv(t, c, "openai", "gpt-4o")

	body, err := proto.Marshal(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")})
	if err != nil {
		t.Fatal(err)
	}
	envelope := append([]byte{0, byte(len(body) >> 24), byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body...)
	u, err := url.Parse(env.URL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close() // never read: the connection stays open until the end
	if err := conn.(*net.TCPConn).SetReadBuffer(4 << 10); err != nil {
		t.Fatal(err)
	}
	req := fmt.Sprintf("POST /bestchat.v1.ChatService/SendMessage HTTP/1.1\r\nHost: %s\r\n"+
		"Content-Type: application/connect+proto\r\nConnect-Protocol-Version: 1\r\n"+
		"Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", u.Host, env.Token(t, "stuck"), len(envelope))
	if _, err := conn.Write(append([]byte(req), envelope...)); err != nil {
		t.Fatal(err)
	}
	waitWholeAnswer(t, env, conv, tokens*tokenBytes)
}

// TestGRPCClientThatStopsReadingIsCut: the same over HTTP/2, where the
// client's flow-control window, not a socket buffer, holds the server's
// write back. The write watch resets the stream, which the server's
// HTTP/2 must send ahead of the DATA that flow control holds back; the
// answer completes and is stored whole.
func TestGRPCClientThatStopsReadingIsCut(t *testing.T) {
	t.Parallel()
	const tokens, tokenBytes = 64, 16 << 10
	// Text that compression cannot shrink below the window.
	rng := rand.New(rand.NewPCG(1, 2))
	toks := make([]string, tokens)
	for i := range toks {
		b := make([]byte, tokenBytes)
		for j := range b {
			b[j] = 'a' + byte(rng.IntN(26))
		}
		toks[i] = string(b)
	}
	gen := fastGen
	gen.FlushInterval = time.Second
	gen.ClientWriteTimeout = 300 * time.Millisecond
	env, _ := genEnv(t, gen, llmfake.Script{Tokens: toks})
	c := env.Clients(t, servertest.GRPC, "stuck-h2")
	conv := createConv(t, c, "openai", "gpt-4o")

	// A client that grants the server 64 KiB at a time, per stream and per
	// connection, and only as it reads.
	tr := &http.Transport{
		Protocols: new(http.Protocols),
		HTTP2:     &http.HTTP2Config{MaxReceiveBufferPerStream: 64 << 10, MaxReceiveBufferPerConnection: 64 << 10},
	}
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections)
	_, opts := env.ClientOptions(servertest.GRPC, env.Token(t, "stuck-h2"))
	stuck := bestchatv1connect.NewChatServiceClient(&http.Client{Transport: tr}, env.URL, opts...)
	ctx, cancel := context.WithCancel(servertest.Context(t))
	defer cancel() // the stream stays open, unread, until the end
	s, err := stuck.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Receive() {
		t.Fatalf("no first event: %v", s.Err())
	}
	waitWholeAnswer(t, env, conv, tokens*tokenBytes)
}

// TestSilentModelKeepsHealthyStreams: the write watch cuts only a client
// whose write is blocked; a stream waiting on a model that is silent for
// longer than ClientWriteTimeout (and the heartbeat interval) keeps going,
// over HTTP/1.1 and HTTP/2 alike.
func TestSilentModelKeepsHealthyStreams(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.HeartbeatInterval = 5 * time.Second
	gen.ClientWriteTimeout = 200 * time.Millisecond
	script := llmfake.Script{Tokens: []string{"slow", " and", " steady"}, Interval: 700 * time.Millisecond}
	env, _ := genEnv(t, gen, script, script)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "silent-"+string(p))
			evs, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hi", "")
			if err != nil {
				t.Fatal(err)
			}
			if textOf(evs) != script.Text() || evs[len(evs)-1].GetCompleted() == nil {
				t.Fatalf("got %q and %d events, want %q and a completed event", textOf(evs), len(evs), script.Text())
			}
		})
	}
}

// TestDeltasThatArriveTogetherAreJoined: a token that arrives alone is
// sent at once, and a burst the provider sent in one write (a server that
// fell behind reads it the same way) becomes one event, which live and
// resumed streams see alike.
func TestDeltasThatArriveTogetherAreJoined(t *testing.T) {
	t.Parallel()
	chunk := func(content string) string {
		return `data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"` + content + `"}}]}` + "\n\n"
	}
	release := make(chan struct{})   // the client has w0
	burstSeen := make(chan struct{}) // the client has the whole burst
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, chunk("w0"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		var burst strings.Builder
		for i := 1; i <= 8; i++ {
			burst.WriteString(chunk(fmt.Sprintf(" w%d", i)))
		}
		_, _ = io.WriteString(w, burst.String())
		w.(http.Flusher).Flush()
		select { // the end comes apart from the burst
		case <-burstSeen:
		case <-r.Context().Done():
			return
		}
		_, _ = io.WriteString(w, `data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`+"\n\n"+
			`data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":9,"total_tokens":12}}`+"\n\n"+
			"data: [DONE]\n\n")
	}))
	t.Cleanup(srv.Close)
	env := openAIEnv(t, fastGen, srv.URL)
	const want = "w0 w1 w2 w3 w4 w5 w6 w7 w8"
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "join-"+string(p))
		conv := createConv(t, c, "openai", "gpt-4o")
		s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")}))
		if err != nil {
			t.Fatal(err)
		}
		var evs []*bestchatv1.ChatEvent
		for s.Receive() {
			ev := s.Msg().GetEvent()
			evs = append(evs, ev)
			if ev.GetTextDelta() != nil && textOf(evs) == "w0" {
				// The first token reached the client on its own, before
				// the provider sent anything more.
				release <- struct{}{}
			}
			if ev.GetTextDelta() != nil && textOf(evs) == want {
				burstSeen <- struct{}{}
			}
		}
		if err := s.Err(); err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		_ = s.Close()
		var deltas []string
		for i, e := range evs {
			if e.GetSeq() != int32(i+1) {
				t.Fatalf("%v: event %d has seq %d", p, i, e.GetSeq())
			}
			if e.GetTextDelta() != nil {
				deltas = append(deltas, e.GetTextDelta().GetText())
			}
		}
		if got := textOf(evs); got != want {
			t.Fatalf("%v: text %q, want %q", p, got, want)
		}
		// w0 alone, then the burst: one event, or a few if the socket
		// split it; never one per token.
		if len(deltas) < 2 || deltas[0] != "w0" || len(deltas) > 4 {
			t.Fatalf("%v: text events %q, want \"w0\" then the burst joined", p, deltas)
		}
		if last := evs[len(evs)-1].GetCompleted(); last.GetMessage().GetContent()[0].GetText() != want {
			t.Fatalf("%v: last event %v", p, evs[len(evs)-1])
		}
		r, err := c.Chat.ResumeStream(servertest.Context(t), connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: evs[0].GetMessageId()}))
		if err != nil {
			t.Fatal(err)
		}
		replay, err := collect[*bestchatv1.ResumeStreamResponse](r)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(evs, replay, cmp.Comparer(proto.Equal)); diff != "" {
			t.Fatalf("%v: replay differs from the live stream (-live +replay):\n%s", p, diff)
		}
	}
}
