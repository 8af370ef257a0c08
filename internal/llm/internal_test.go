package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSSEReader(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 200<<10)
	type ev struct{ Event, Data string }
	tests := []struct {
		name    string
		in      string
		want    []ev
		wantErr error
	}{
		{
			name: "events, comments, CRLF, multi-line data",
			in: ": keep-alive\n\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n" +
				"data:no-space\n\ndata: one\ndata: two\nid: 7\nretry: 10\n\n\n\ndata: [DONE]\n\n",
			want: []ev{{"message_start", `{"a":1}`}, {"", "no-space"}, {"", "one\ntwo"}, {"", "[DONE]"}},
		},
		{
			name: "line longer than the buffer",
			in:   "data: " + long + "\n\n",
			want: []ev{{"", long}},
		},
		{
			name: "last event without blank line",
			in:   "data: a\n\ndata: b\n",
			want: []ev{{"", "a"}, {"", "b"}},
		},
		{
			name: "llama.cpp error lines are error events",
			in:   "error: {\"code\":400}\n\nevent: error\ndata: {\"a\":1}\n\nevent: x\nerror: e\n\n",
			want: []ev{{"error", `{"code":400}`}, {"error", `{"a":1}`}, {"x", "e"}},
		},
		{
			name:    "body cut inside a line",
			in:      "data: a\n\ndata: {\"trunc",
			want:    []ev{{"", "a"}},
			wantErr: io.ErrUnexpectedEOF,
		},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			name := tt.name
			if oneByte {
				name += "/one byte per read"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var r io.Reader = strings.NewReader(tt.in)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				sr := newSSEReader(r)
				var got []ev
				var err error
				for {
					var e string
					var d []byte
					e, d, err = sr.next()
					if err != nil {
						break
					}
					got = append(got, ev{e, string(d)})
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("events (-want +got):\n%.2000s", diff)
				}
				wantErr := tt.wantErr
				if wantErr == nil {
					wantErr = io.EOF
				}
				if !errors.Is(err, wantErr) {
					t.Errorf("err = %v, want %v", err, wantErr)
				}
			})
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"none", nil, 0},
		{"seconds", map[string]string{"Retry-After": "2"}, 2 * time.Second},
		{"fractional seconds", map[string]string{"Retry-After": "0.5"}, 500 * time.Millisecond},
		{"http date", map[string]string{"Retry-After": now.Add(30 * time.Second).Format(http.TimeFormat)}, 30 * time.Second},
		{"date in the past", map[string]string{"Retry-After": now.Add(-time.Minute).Format(http.TimeFormat)}, 0},
		{"milliseconds win", map[string]string{"Retry-After": "2", "retry-after-ms": "1234"}, 1234 * time.Millisecond},
		{"garbage", map[string]string{"Retry-After": "soon"}, 0},
		{"negative", map[string]string{"Retry-After": "-3"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := parseRetryAfter(h, now); got != tt.want {
				t.Errorf("parseRetryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	const key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz"
	tests := []struct{ in, mustNot string }{
		{"invalid key " + key, key},
		{"Incorrect API key provided: sk-ant-a**********************wxyz.", "sk-ant-a*"},
		{"masked tail …stuvwxyz", "stuvwxyz"},
		{"header Authorization: Bearer eyJhbGciOi.secret.token", "eyJhbGciOi"},
		{"other key sk-proj-ZZZZZZZZZZZZZZZZ leaked", "sk-proj-ZZZZ"},
	}
	for _, tt := range tests {
		if got := redact(tt.in, key); strings.Contains(got, tt.mustNot) {
			t.Errorf("redact(%q) = %q still contains %q", tt.in, got, tt.mustNot)
		}
	}
	if got := redact(strings.Repeat("é", 1000), ""); len(got) > 520 || !strings.HasSuffix(got, "…") {
		t.Errorf("long message not truncated: %d bytes", len(got))
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status        int
		code, message string
		want          Kind
	}{
		{429, "rate_limit_exceeded", "slow down", KindRetryable},
		{429, "insufficient_quota", "You exceeded your current quota", KindQuota},
		{529, "overloaded_error", "Overloaded", KindRetryable},
		{500, "", "", KindRetryable},
		{408, "", "", KindRetryable},
		{401, "invalid_api_key", "prompt is too long", KindAuth},
		{403, "permission_error", "", KindAuth},
		{400, "context_length_exceeded", "", KindContextWindowExceeded},
		{400, "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum", KindContextWindowExceeded},
		{400, "invalid_request_error", "input length and `max_tokens` exceed context limit: 197202 + 8192 > 200000", KindContextWindowExceeded},
		{400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API.", KindQuota},
		{400, "content_filter", "", KindContentFiltered},
		{400, "", "Unsupported parameter: 'temperature'", KindBadRequest},
		{404, "model_not_found", "", KindBadRequest},
		{422, "", "", KindBadRequest},
		{403, "", "gpt-4o requires moderation on OpenAI. Your input was flagged for \"violence\".", KindContentFiltered},
		{403, "", "Your account was flagged for review.", KindAuth},
		{401, "", "Your input was flagged.", KindAuth},
		{400, "invalid_prompt", "Invalid prompt: your prompt was flagged as potentially violating our usage policy.", KindContentFiltered},
		{400, "API_KEY_INVALID", "API key not valid. Please pass a valid API key.", KindAuth},
		{400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", KindAuth},
		{400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", KindContextWindowExceeded},
		{429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", KindQuota},
		{429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", KindRetryable},
	}
	for _, tt := range tests {
		e := newStatusError("p", tt.status, nil, tt.code, tt.message, "")
		if e.Kind != tt.want {
			t.Errorf("%d %q %q: kind %v, want %v", tt.status, tt.code, tt.message, e.Kind, tt.want)
		}
	}
}

func TestErrorString(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "anthropic", Kind: KindRetryable, StatusCode: 529, Code: "overloaded_error", Message: "Overloaded", RetryAfter: 2 * time.Second}
	if got, want := e.Error(), "llm: anthropic: retryable (529 overloaded_error): Overloaded (retry after 2s)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := errors.Join(errors.New("generation"), e)
	if !IsRetryable(wrapped) || RetryAfter(wrapped) != 2*time.Second {
		t.Error("IsRetryable/RetryAfter do not see a wrapped *Error")
	}
	if IsRetryable(context.Canceled) {
		t.Error("context.Canceled is retryable")
	}
}

// A server that ignores stream:true and answers with one JSON completion
// still yields the usual events.
func TestOpenAIWholeJSONResponse(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, `{"id":"x","object":"chat.completion","choices":[{"index":0,
			"message":{"role":"assistant","content":"Hi!","reasoning":"thinking",
			"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
			"finish_reason":"tool_calls"}],
			"usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14,"prompt_cache_hit_tokens":6}}`)
	}))
	defer srv.Close()
	p := NewOpenAI(OpenAIConfig{BaseURL: srv.URL, HTTPClient: srv.Client()})
	s, err := p.Stream(context.Background(), &Request{Model: "m", Messages: []Message{UserText("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	var kinds []string
	var usage *Usage
	for {
		ev, err := s.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, ev.Kind.String())
		if ev.Usage != nil {
			usage = ev.Usage
		}
	}
	if got, want := strings.Join(kinds, ","), "reasoning_delta,text_delta,tool_call,usage,finish"; got != want {
		t.Errorf("kinds = %s, want %s", got, want)
	}
	if diff := cmp.Diff(&Usage{InputTokens: 4, CacheReadTokens: 6, OutputTokens: 4}, usage); diff != "" {
		t.Errorf("usage (-want +got):\n%s", diff)
	}
}

// Tool-call fragments without an index (some compatible servers) are
// matched by id, then by position.
func TestOpenAIToolDeltasWithoutIndex(t *testing.T) {
	t.Parallel()
	s := &openaiStream{tools: map[int]*toolBuilder{}}
	for _, data := range []string{
		`{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\""}}]}}]}`,
		`{"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":":1}"}}]}}]}`,
		`{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]}}]}`,
		`{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
	} {
		if err := s.chunk([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, ev := range s.queue {
		got = append(got, ev.ToolCall.ID+" "+ev.ToolCall.Name+" "+string(ev.ToolCall.Arguments))
	}
	if diff := cmp.Diff([]string{`a f {"x":1}`, `b g {}`}, got); diff != "" {
		t.Errorf("tool calls (-want +got):\n%s", diff)
	}
}

// errWouldBlock stands for a network read: the reader behind the buffered
// bytes returns it instead of waiting.
var errWouldBlock = errors.New("would block")

type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { return 0, errWouldBlock }

// TestSSEReaderReady: ready says yes exactly when next can return an event
// from the bytes already buffered.
func TestSSEReaderReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"", false},
		{"data: a\n\n", true},
		{"data: a\r\n\r\n", true},
		{"data: a\n", false},
		{"data: a\ndata: b\n", false},
		{": keep-alive\n\n", false},
		{": keep-alive\n\ndata: x\n\n", true},
		{"\n\n\ndata: x\n\n", true},
		{"id: 7\nretry: 10\n\n", false},
		{"event: ping\n\n", true},
		{"event:\n\n", false},
		{"event: ping\nevent:\n\n", false},
		{"event: message_start\ndata: {}\n\ndata: partial", true},
		{"data: [DONE]\n\n", true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			t.Parallel()
			sr := newSSEReader(io.MultiReader(strings.NewReader(tt.in), blockingReader{}))
			_, _ = sr.r.Peek(len(tt.in)) // buffer all of in, as one read from the wire would
			if got := sr.ready(); got != tt.want {
				t.Fatalf("ready() = %v, want %v", got, tt.want)
			}
			// next agrees: it returns an event from the buffer exactly when
			// ready said so, and otherwise needs to read on.
			_, _, err := sr.next()
			if tt.want && err != nil {
				t.Fatalf("ready, but next failed: %v", err)
			}
			if !tt.want && !errors.Is(err, errWouldBlock) {
				t.Fatalf("not ready, but next returned err=%v without reading on", err)
			}
		})
	}
}

// TestOpenAITryNext: deltas received together are handed over without
// waiting, events without data between them skipped, and TryNext says so
// when the next event is still on the wire.
func TestOpenAITryNext(t *testing.T) {
	t.Parallel()
	chunk := func(content string) string {
		return `data: {"choices":[{"index":0,"delta":{"content":"` + content + `"}}]}` + "\n\n"
	}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, chunk("a")+"event: ping\n\n"+chunk("b")+`data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}`+"\n\n"+"data:\n\n"+chunk("c")+": ping\n\nevent: ping\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		_, _ = io.WriteString(w, `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
	}))
	defer srv.Close()
	p := NewOpenAI(OpenAIConfig{BaseURL: srv.URL, HTTPClient: NewHTTPClient()})
	ctx := context.Background()
	s, err := p.Stream(ctx, &Request{Model: "m", Messages: []Message{UserText("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	checkTryNext(t, s, release, "finish")
}

// checkTryNext drives a stream whose server sent deltas "a", "b", "c"
// (with things that are not events around them) in one write and holds the
// rest until release: Next gives "a", TryNext hands over "bc" without
// waiting and then reports nothing ready, and after the release the stream
// ends with the events wantAfter (kinds, comma-separated).
func checkTryNext(t *testing.T, s Stream, release chan struct{}, wantAfter string) {
	t.Helper()
	ctx := context.Background()
	b, ok := s.(Buffered)
	if !ok {
		t.Fatalf("%T does not implement Buffered", s)
	}
	ev, err := s.Next(ctx)
	if err != nil || ev.Kind != EventTextDelta || ev.Text != "a" {
		t.Fatalf("Next = %v, %v", ev, err)
	}
	// The rest of the first write is buffered, or arrives in a moment.
	got := ""
	deadline := time.Now().Add(5 * time.Second)
	for got != "bc" && time.Now().Before(deadline) {
		ev, ok, err := b.TryNext()
		switch {
		case err != nil:
			t.Fatal(err)
		case ok:
			got += ev.Text
		default:
			time.Sleep(time.Millisecond)
		}
	}
	if got != "bc" {
		t.Fatalf("TryNext handed over %q, want %q", got, "bc")
	}
	// What is left is not an event: the next one is still on the wire.
	if ev, ok, err := b.TryNext(); ok || err != nil {
		t.Fatalf("TryNext with nothing received = %v, %v, %v", ev, ok, err)
	}
	close(release)
	var kinds []string
	for {
		ev, err := s.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, ev.Kind.String())
	}
	if got := strings.Join(kinds, ","); got != wantAfter {
		t.Fatalf("events after the release = %s, want %s", got, wantAfter)
	}
	if _, ok, err := b.TryNext(); !ok || !errors.Is(err, io.EOF) {
		t.Fatalf("TryNext after the end = %v, %v; want io.EOF", ok, err)
	}
}

// The Anthropic stream reads its events itself too: what is buffered is
// handed over without waiting, pings, untyped events and events without
// data in between included, and nothing is while the next event is on the
// wire.
func TestAnthropicTryNext(t *testing.T) {
	t.Parallel()
	delta := func(text string) string {
		return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n"
	}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		_, _ = io.WriteString(w, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"+
			"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"+
			delta("a")+delta("b")+"event: ping\ndata: {\"type\": \"ping\"}\n\n"+"data: {\"type\":\"ignored\"}\n\n"+"event: ping\n\ndata:\n\n"+delta("c")+"event: ping\ndata: {\"type\": \"ping\"}\n\nevent: ping\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		_, _ = io.WriteString(w, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"+
			"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n"+
			"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
	}))
	defer srv.Close()
	p := NewAnthropic(AnthropicConfig{BaseURL: srv.URL, APIKey: "k", HTTPClient: NewHTTPClient()})
	ctx := context.Background()
	s, err := p.Stream(ctx, &Request{Model: "m", Messages: []Message{UserText("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	checkTryNext(t, s, release, "usage,finish")
}

// An error event is the API's error whatever its data holds (a gateway may
// leave out the type, or send a bare string): classified by its wording,
// never taken for a network failure that a retry could cure.
func TestAnthropicErrorEventShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		kind       Kind
		message    string
	}{
		{"typed", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, KindRetryable, "Overloaded"},
		{"untyped, context window", `{"type":"error","error":{"message":"prompt is too long: 210000 tokens > 200000 maximum"}}`, KindContextWindowExceeded, "prompt is too long"},
		{"bare string", `{"error":"credit balance is too low"}`, KindQuota, "credit balance is too low"},
		{"untyped overload", `{"type":"error","error":{"message":"Overloaded"}}`, KindRetryable, "Overloaded"},
		{"not JSON", `upstream exploded`, KindUnknown, "upstream exploded"},
		{"empty", ``, KindUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				_, _ = io.WriteString(w, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"+
					"event: error\ndata: "+tt.data+"\n\n")
			}))
			defer srv.Close()
			p := NewAnthropic(AnthropicConfig{BaseURL: srv.URL, APIKey: "k", HTTPClient: NewHTTPClient()})
			s, err := p.Stream(t.Context(), &Request{Model: "m", Messages: []Message{UserText("hi")}})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = s.Close() }()
			_, err = s.Next(t.Context())
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("Next = %v; want an *Error", err)
			}
			if le.Kind != tt.kind || !le.MidStream || !strings.Contains(le.Message, tt.message) {
				t.Fatalf("error = kind %v, mid-stream %v, message %q; want kind %v, mid-stream, message with %q", le.Kind, le.MidStream, le.Message, tt.kind, tt.message)
			}
		})
	}
}
