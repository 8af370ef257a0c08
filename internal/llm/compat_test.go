package llm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/llm"
)

// rawOpenAI returns an OpenAI adapter whose upstream answers every call with
// status and body as given: the wire shapes of compatible servers that the
// fakes do not speak.
func rawOpenAI(t *testing.T, status int, contentType, body string) llm.Provider {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	hc := llm.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	return llm.NewOpenAI(llm.OpenAIConfig{BaseURL: srv.URL + "/v1", APIKey: testKey, HTTPClient: hc})
}

// TestOpenAIToolCallsSharingAnIndex: a delta with an id of its own starts a
// new call even under an index already in use. Ollama (0.20.x,
// ollama/ollama#15457) streams every parallel tool call whole, each with
// its id, all at "index":0; OpenAI's later fragments of a call carry no id
// (some servers repeat the same one) and are appended to it.
func TestOpenAIToolCallsSharingAnIndex(t *testing.T) {
	t.Parallel()
	chunk := func(toolCalls string) string {
		return `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[` + toolCalls + `]}}]}` + "\n\n"
	}
	whole := func(id string, index int, name, args string) string {
		return fmt.Sprintf(`{"id":%q,"index":%d,"type":"function","function":{"name":%q,"arguments":%s}}`, id, index, name, args)
	}
	fragment := func(index int, args string) string {
		return fmt.Sprintf(`{"index":%d,"function":{"arguments":%s}}`, index, args)
	}
	tests := []struct {
		name   string
		chunks []string
		want   []string // id name arguments
	}{
		{
			name: "ollama: two calls at index 0",
			chunks: []string{
				chunk(whole("call_a", 0, "file_write", `"{\"filePath\":\"hello.py\"}"`)),
				chunk(whole("call_b", 0, "file_write", `"{\"filePath\":\"world.py\"}"`)),
			},
			want: []string{
				`call_a file_write {"filePath":"hello.py"}`,
				`call_b file_write {"filePath":"world.py"}`,
			},
		},
		{
			name: "ollama: three calls at index 0 in one chunk",
			chunks: []string{
				chunk(whole("call_a", 0, "f", `"{\"n\":1}"`) + "," + whole("call_b", 0, "g", `"{\"n\":2}"`) + "," + whole("call_c", 0, "f", `"{}"`)),
			},
			want: []string{
				`call_a f {"n":1}`,
				`call_b g {"n":2}`,
				`call_c f {}`,
			},
		},
		{
			name: "openai: fragments without an id are appended",
			chunks: []string{
				chunk(whole("call_1", 0, "f", `""`)),
				chunk(fragment(0, `"{\"a\""`)),
				chunk(fragment(0, `":1}"`)),
				chunk(whole("call_2", 1, "g", `"{\"b\""`)),
				chunk(fragment(1, `":2}"`)),
			},
			want: []string{
				`call_1 f {"a":1}`,
				`call_2 g {"b":2}`,
			},
		},
		{
			name: "the same id repeated on every fragment",
			chunks: []string{
				chunk(whole("call_1", 0, "f", `"{\"a\""`)),
				chunk(whole("call_1", 0, "", `":1}"`)),
			},
			want: []string{`call_1 f {"a":1}`},
		},
		{
			name: "a new call at index 0, then its fragments",
			chunks: []string{
				chunk(whole("call_a", 0, "f", `"{}"`)),
				chunk(whole("call_b", 0, "g", `"{\"b\""`)),
				chunk(fragment(0, `":2}"`)),
			},
			want: []string{
				`call_a f {}`,
				`call_b g {"b":2}`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := strings.Join(tt.chunks, "") +
				`data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n"
			p := rawOpenAI(t, http.StatusOK, "text/event-stream", body)
			s, err := p.Stream(context.Background(), simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			evs, err := collect(t, s)
			if err != nil {
				t.Fatal(err)
			}
			got := summarize(evs)
			var calls []string
			for _, c := range got.Tools {
				calls = append(calls, c.ID+" "+c.Name+" "+string(c.Arguments))
			}
			if diff := cmp.Diff(tt.want, calls); diff != "" {
				t.Errorf("tool calls (-want +got):\n%s", diff)
			}
			if got.Finish != llm.FinishToolCalls {
				t.Errorf("finish = %q", got.Finish)
			}
		})
	}
}

// TestOpenAIEventsWithoutData: an SSE event whose data buffer is empty is
// not dispatched (the SSE spec), so a keep-alive such as "event: ping" or
// an empty "data:" line between deltas neither ends nor breaks the answer.
func TestOpenAIEventsWithoutData(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, between string }{
		{"event ping", "event: ping\n\n"},
		{"event keepalive", "event: keepalive\n\n"},
		{"empty data", "data:\n\n"},
		{"data of one space", "data:  \n\n"},
		{"event with empty data", "event: ping\ndata:\n\n"},
		{"several, CRLF", "event: ping\r\n\r\ndata:\r\n\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := tt.between + `data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}` + "\n\n" + tt.between +
				`data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}` + "\n\n" + tt.between + "data: [DONE]\n\n"
			p := rawOpenAI(t, http.StatusOK, "text/event-stream", body)
			s, err := p.Stream(context.Background(), simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			evs, err := collect(t, s)
			if err != nil {
				t.Fatalf("stream failed after %q: %v", summarize(evs).Text, err)
			}
			if got := summarize(evs); got.Text != "Hello" || got.Finish != llm.FinishStop || got.Kinds != "text_delta,finish" {
				t.Errorf("got text %q finish %q kinds %s", got.Text, got.Finish, got.Kinds)
			}
		})
	}
}
