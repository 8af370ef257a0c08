package llm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/llm"
)

// rawOpenAI returns an OpenAI adapter whose upstream answers every call with
// status and body as given: the wire shapes of compatible servers that the
// fakes do not speak.
func rawOpenAI(t *testing.T, key string, status int, contentType, body string) llm.Provider {
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
	return llm.NewOpenAI(llm.OpenAIConfig{BaseURL: srv.URL + "/v1", APIKey: key, HTTPClient: hc})
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
			p := rawOpenAI(t, testKey, http.StatusOK, "text/event-stream", body)
			got := streamSummary(t, p, simpleRequest())
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
			p := rawOpenAI(t, testKey, http.StatusOK, "text/event-stream", body)
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

// TestOpenAICompatibleErrorBodies: refusals of OpenAI-compatible providers
// are classified by what they say, not only by their status: OpenRouter's
// moderation 403 and OpenAI's invalid_prompt are the content filter, and
// Google's error bodies (a JSON array of one error) are read like OpenAI's:
// an exhausted quota is final, a per-minute limit is retried after the
// delay Google gives. No rendering of the error shows the key.
func TestOpenAICompatibleErrorBodies(t *testing.T) {
	t.Parallel()
	const googleKey = "AIzaSyD-0123456789abcdefghijklmnopq"
	tests := []struct {
		name     string
		status   int
		body     string
		wantKind llm.Kind
		wantCode string
		wantMsg  string // a part of the message

		wantRetryAfter time.Duration
	}{
		{
			name:   "openrouter moderation",
			status: 403,
			body: `{"error":{"code":403,"message":"gpt-4o requires moderation on OpenAI. Your input was flagged for \"violence\".",` +
				`"metadata":{"reasons":["violence"],"flagged_input":"...","provider_name":"OpenAI","model_slug":"openai/gpt-4o"}}}`,
			wantKind: llm.KindContentFiltered,
			wantMsg:  "Your input was flagged",
		},
		{
			name:     "plain 403 stays a permission failure",
			status:   403,
			body:     `{"error":{"code":403,"message":"This key may not use this model."}}`,
			wantKind: llm.KindAuth,
			wantMsg:  "permission denied",
		},
		{
			name:   "openai invalid_prompt",
			status: 400,
			body: `{"error":{"message":"Invalid prompt: your prompt was flagged as potentially violating our usage policy.",` +
				`"type":"invalid_request_error","param":null,"code":"invalid_prompt"}}`,
			wantKind: llm.KindContentFiltered,
			wantCode: "invalid_prompt",
			wantMsg:  "usage policy",
		},
		{
			name:   "google invalid key",
			status: 400,
			body: `[{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",` +
				`"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}]`,
			wantKind: llm.KindAuth,
			wantCode: "API_KEY_INVALID",
			wantMsg:  "check the API key",
		},
		{
			name:     "google invalid key, object without details",
			status:   400,
			body:     `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}`,
			wantKind: llm.KindAuth,
			wantCode: "INVALID_ARGUMENT",
			wantMsg:  "check the API key",
		},
		{
			name:   "google context window",
			status: 400,
			body: `[{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",` +
				`"status":"INVALID_ARGUMENT"}}]`,
			wantKind: llm.KindContextWindowExceeded,
			wantCode: "INVALID_ARGUMENT",
			wantMsg:  "exceeds the maximum number of tokens allowed",
		},
		{
			name:   "google quota",
			status: 429,
			body: `[{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",` +
				`"status":"RESOURCE_EXHAUSTED"}}]`,
			wantKind: llm.KindQuota,
			wantCode: "RESOURCE_EXHAUSTED",
			wantMsg:  "exceeded your current quota",
		},
		{
			name:     "google array echoing the key",
			status:   400,
			body:     `[{"error":{"code":400,"message":"Model not found for key ` + googleKey + `.","status":"NOT_FOUND"}}]`,
			wantKind: llm.KindBadRequest,
			wantCode: "NOT_FOUND",
			wantMsg:  "Model not found",
		},
		{
			name:   "google per-minute limit, with a retry delay",
			status: 429,
			body: `[{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",` +
				`"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":` +
				`[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},` +
				`{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"41s"}]}}]`,
			wantKind:       llm.KindRetryable,
			wantCode:       "RESOURCE_EXHAUSTED",
			wantMsg:        "exceeded your current quota",
			wantRetryAfter: 41 * time.Second,
		},
		{
			name:   "google per-minute limit, without a retry delay",
			status: 429,
			body: `{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",` +
				`"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":` +
				`[{"quotaId":"GenerateContentInputTokensPerModelPerMinute-FreeTier"}]}]}}`,
			wantKind: llm.KindRetryable,
			wantCode: "RESOURCE_EXHAUSTED",
			wantMsg:  "exceeded your current quota",
		},
		{
			name:     "vertex shared quota exhausted for now",
			status:   429,
			body:     `[{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]`,
			wantKind: llm.KindRetryable,
			wantCode: "RESOURCE_EXHAUSTED",
			wantMsg:  "Resource has been exhausted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := rawOpenAI(t, googleKey, tt.status, "application/json", tt.body)
			s, err := p.Stream(context.Background(), simpleRequest())
			if err == nil {
				_ = s.Close()
				t.Fatal("Stream succeeded")
			}
			e, ok := llm.AsError(err)
			if !ok {
				t.Fatalf("err = %v (%T), want *llm.Error", err, err)
			}
			if e.Kind != tt.wantKind || e.StatusCode != tt.status || e.Code != tt.wantCode || !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("got kind %v status %d code %q message %q; want %v %d %q and a message with %q",
					e.Kind, e.StatusCode, e.Code, e.Message, tt.wantKind, tt.status, tt.wantCode, tt.wantMsg)
			}
			if got := llm.IsRetryable(err); got != (tt.wantKind == llm.KindRetryable) {
				t.Errorf("IsRetryable = %v", got)
			}
			if e.RetryAfter != tt.wantRetryAfter {
				t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, tt.wantRetryAfter)
			}
			for _, r := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(r, googleKey) || strings.Contains(r, googleKey[:8]) || strings.Contains(r, googleKey[len(googleKey)-8:]) {
					t.Errorf("error rendering leaks the key: %s", r)
				}
			}
		})
	}
}
