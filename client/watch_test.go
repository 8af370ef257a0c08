package client_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/client"
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

// watchCutter drops the first WatchConversations answer after a few hundred
// bytes, as a proxy timeout does.
type watchCutter struct {
	base http.RoundTripper
	cut  atomic.Bool
}

func (c *watchCutter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err == nil && strings.HasSuffix(req.URL.Path, "/WatchConversations") && c.cut.CompareAndSwap(false, true) {
		resp.Body = &cutBody{ReadCloser: resp.Body, left: 700}
	}
	return resp, err
}

// TestWatchReopensAfterADroppedConnection: a Watcher whose connection
// drops opens the watch again from its last cursor: every change arrives
// once, in order; a cursor the server refuses ends the watch, without a
// retry loop.
func TestWatchReopensAfterADroppedConnection(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	cut := &watchCutter{base: http.DefaultTransport.(*http.Transport).Clone()}
	c, err := client.New(env.URL, env.Token(t, "watcher"), client.WithHTTPClient(&http.Client{Transport: cut}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := servertest.Context(t)
	w, err := c.Watch(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if !w.Next() || w.Change().GetSynced() == nil {
		t.Fatalf("first message %v (%v), want synced", w.Change(), w.Err())
	}
	const n = 8
	var want []string
	for i := range n {
		r, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "watched " + string(rune('a'+i))}))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, r.Msg.GetConversation().GetId())
	}
	var got []string
	for len(got) < n && w.Next() {
		if conv := w.Change().GetConversationCreated(); conv != nil {
			got = append(got, conv.GetId())
		}
	}
	if err := w.Err(); err != nil {
		t.Fatalf("watch: %v", err)
	}
	if !cut.cut.Load() {
		t.Fatal("the connection was never cut")
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("created conversations seen %v, want %v (once each, in order)", got, want)
	}

	// A cursor the server refuses ends the watch at once, without retries.
	old, err := client.New(env.URL, env.Token(t, "watcher"))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := old.Watch(ctx, "not a cursor")
	if err == nil {
		for bad.Next() {
		}
		err = bad.Err()
	}
	if connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("bad cursor: %v, want INVALID_ARGUMENT", err)
	}
}

var _ io.Reader = (*cutBody)(nil)
