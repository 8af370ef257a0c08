package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bestchat/bestchat/internal/servertest"
)

// TestUnknownEnumNameIsInvalidArgument: over Connect JSON, an enum value
// given by a name the schema does not know is InvalidArgument naming the
// field, as its unknown number already is, whether or not the message
// also has fields this server does not know (which stay accepted, so
// newer clients work).
func TestUnknownEnumNameIsInvalidArgument(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	tok := env.Token(t, "alice")
	tests := []struct {
		name, path, body string
		wantField        string // "" for success
	}{
		{"unknown name", "ListConversations", `{"archived":"ARCHIVE_FILTER_BOGUS"}`, "archived"},
		{"lower-case name", "ListConversations", `{"archived":"archive_filter_only"}`, "archived"},
		{"unknown name after an unknown field", "ListConversations", `{"fromTheFuture":1,"archived":"ARCHIVE_FILTER_BOGUS"}`, "archived"},
		{"another unknown name beside an unknown field", "CreateConversation", `{"newField":true,"contextStrategy":"CONTEXT_STRATEGY_MAGIC"}`, "context_strategy"},
		{"unknown number", "ListConversations", `{"archived":97}`, "archived"},
		{"known name", "ListConversations", `{"archived":"ARCHIVE_FILTER_ONLY"}`, ""},
		{"unknown field only", "ListConversations", `{"fromTheFuture":{"a":[1]},"archived":"ARCHIVE_FILTER_INCLUDE"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequestWithContext(servertest.Context(t), http.MethodPost,
				env.URL+"/bestchat.v1.ChatService/"+tt.path, bytes.NewReader([]byte(tt.body)))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if tt.wantField == "" {
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d %s, want 200", tt.body, resp.StatusCode, b)
				}
				return
			}
			var e struct{ Code, Message string }
			_ = json.Unmarshal(b, &e)
			if e.Code != "invalid_argument" || !strings.Contains(e.Message, tt.wantField) {
				t.Fatalf("%s: %d %s, want invalid_argument naming %s", tt.body, resp.StatusCode, b, tt.wantField)
			}
		})
	}
}
