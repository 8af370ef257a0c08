package server_test

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestUnauthenticatedLargeBodiesAreNotRead posts sixteen 40 MB bodies
// without a token, at once, over HTTP/1.1 and HTTP/2, to a unary and a
// streaming procedure: each is refused without its body being read. The
// bound is on the bytes the whole process allocated meanwhile (TotalAlloc
// only grows, whatever the collector does): reading the bodies would
// allocate at least their 640 MB, refusing them a small fraction of one.
// Not parallel: the count is the process's, and the parallel tests wait
// until the sequential ones are done.
func TestUnauthenticatedLargeBodiesAreNotRead(t *testing.T) {
	env := servertest.New(t, servertest.Options{})
	const size, posts = 40 << 20, 16
	body := make([]byte, size) // shared by every post, allocated before the count
	for i := range body {
		body[i] = byte(i)
	}
	h1 := &http.Transport{}
	h2 := &http.Transport{Protocols: new(http.Protocols)}
	h2.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(h1.CloseIdleConnections)
	t.Cleanup(h2.CloseIdleConnections)
	type target struct {
		rt          http.RoundTripper
		path, ctype string
	}
	targets := []target{
		{h1, "/bestchat.v1.ChatService/CreateConversation", "application/proto"},
		{h1, "/bestchat.v1.ChatService/SendMessage", "application/connect+proto"},
		{h2, "/bestchat.v1.ChatService/CreateConversation", "application/grpc"},
		{h2, "/bestchat.v1.ChatService/SendMessage", "application/grpc"},
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var answered []string
	for i := range posts {
		tg := targets[i%len(targets)]
		wg.Go(func() {
			req, err := http.NewRequest(http.MethodPost, env.URL+tg.path, bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Content-Type", tg.ctype)
			req.Header.Set("Connect-Protocol-Version", "1")
			resp, err := tg.rt.RoundTrip(req)
			if err != nil {
				return // the server closed the connection on the body
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			mu.Lock()
			answered = append(answered, resp.Status+" "+resp.Header.Get("Grpc-Status")+" "+resp.Trailer.Get("Grpc-Status")+" "+string(b))
			mu.Unlock()
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	grown := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB while refusing %d bodies of %d MiB", grown>>10, posts, size>>20)
	if grown > size/2 {
		t.Errorf("the process allocated %d MiB while refusing %d unauthenticated %d MiB bodies; want under %d MiB",
			grown>>20, posts, size>>20, size>>21)
	}
	for _, a := range answered {
		// Connect: HTTP 401, or the stream's end message; gRPC: status
		// 16 (UNAUTHENTICATED).
		if !strings.HasPrefix(a, "401 ") && !strings.Contains(a, " 16 ") && !strings.Contains(a, `"code":"unauthenticated"`) {
			t.Errorf("answered %q, want Unauthenticated", a)
		}
	}
	// An authenticated call of the same size is refused as too large,
	// and a small one goes through.
	c := env.Clients(t, servertest.Connect, "alice")
	_, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{SystemPrompt: strings.Repeat("z", 1<<20)}))
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Errorf("1 MiB authenticated call: %v, want ResourceExhausted", err)
	}
	if _, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{})); err != nil {
		t.Errorf("small call: %v", err)
	}
}
