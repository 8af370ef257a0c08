package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

const testKey = "sk-test-0123456789abcdefSECRET"

// adapter pairs a fake upstream with the adapter that talks to it.
type adapter struct {
	name       string
	newHandler func(...llmfake.Script) *llmfake.Handler
	newClient  func(baseURL string, hc *http.Client) llm.Provider
}

var adapters = []adapter{
	{
		name:       "openai",
		newHandler: llmfake.NewOpenAI,
		newClient: func(baseURL string, hc *http.Client) llm.Provider {
			return llm.NewOpenAI(llm.OpenAIConfig{BaseURL: baseURL + "/v1", APIKey: testKey, HTTPClient: hc})
		},
	},
	{
		name:       "anthropic",
		newHandler: llmfake.NewAnthropic,
		newClient: func(baseURL string, hc *http.Client) llm.Provider {
			return llm.NewAnthropic(llm.AnthropicConfig{BaseURL: baseURL, APIKey: testKey, HTTPClient: hc})
		},
	},
}

// start serves h and returns an adapter pointed at it.
func (a adapter) start(t *testing.T, scripts ...llmfake.Script) (llm.Provider, *llmfake.Handler) {
	t.Helper()
	h := a.newHandler(scripts...)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// The production client: plain-HTTP fakes take its lean HTTP/1.1 path.
	hc := llm.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	return a.newClient(srv.URL, hc), h
}

func simpleRequest() *llm.Request {
	return &llm.Request{
		Model:    "test-model",
		System:   "Be brief.",
		Messages: []llm.Message{llm.UserText("Hello there")},
		Params:   llm.Params{MaxOutputTokens: 256},
	}
}

// collect drains s; err is nil when the stream ended with io.EOF.
func collect(t *testing.T, s llm.Stream) ([]llm.Event, error) {
	t.Helper()
	defer func() { _ = s.Close() }()
	var evs []llm.Event
	for {
		ev, err := s.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return evs, nil
		}
		if err != nil {
			return evs, err
		}
		evs = append(evs, ev)
		if len(evs) > 100000 {
			t.Fatal("runaway stream")
		}
	}
}

// streamSummary streams req through p to its end and digests it; any
// error fails the test.
func streamSummary(t *testing.T, p llm.Provider, req *llm.Request) summary {
	t.Helper()
	s, err := p.Stream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := collect(t, s)
	if err != nil {
		t.Fatal(err)
	}
	return summarize(evs)
}

// summary is a comparable digest of a stream.
type summary struct {
	Text, Reasoning string
	Signatures      int
	Tools           []llm.ToolCall
	Usage           *llm.Usage
	Finish          llm.FinishReason
	Kinds           string // event kinds in order, runs collapsed
}

func summarize(evs []llm.Event) summary {
	var s summary
	var text, reasoning strings.Builder
	var kinds []string
	for _, ev := range evs {
		if k := ev.Kind.String(); len(kinds) == 0 || kinds[len(kinds)-1] != k {
			kinds = append(kinds, k)
		}
		switch ev.Kind {
		case llm.EventTextDelta:
			text.WriteString(ev.Text)
		case llm.EventReasoningDelta:
			reasoning.WriteString(ev.Text)
			if ev.Signature != "" {
				s.Signatures++
			}
		case llm.EventToolCall:
			s.Tools = append(s.Tools, *ev.ToolCall)
		case llm.EventUsage:
			s.Usage = ev.Usage
		case llm.EventFinish:
			s.Finish = ev.Finish.Reason
		}
	}
	s.Text, s.Reasoning, s.Kinds = text.String(), reasoning.String(), strings.Join(kinds, ",")
	return s
}

func TestStreamText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("0123456789abcdef", 150<<10/16) // one 150 KiB delta
	tests := []struct {
		name   string
		script llmfake.Script
		want   string
	}{
		{
			name:   "plain",
			script: llmfake.Script{Tokens: []string{"Hel", "lo", ", wor", "ld", "!"}},
			want:   "Hello, world!",
		},
		{
			name:   "pings and keep-alives are not tokens",
			script: llmfake.Script{Tokens: []string{"a", "b", "c"}, Pings: true},
			want:   "abc",
		},
		{
			name: "lines split across writes",
			script: llmfake.Script{
				Tokens:    []string{"naïve ", "café ", "日本語 ", "done"},
				ChunkSize: 5, ChunkInterval: 50 * time.Microsecond,
			},
			want: "naïve café 日本語 done",
		},
		{
			name:   "150 KiB single delta",
			script: llmfake.Script{Tokens: []string{"start:", long, ":end"}},
			want:   "start:" + long + ":end",
		},
		{
			name:   "150 KiB delta in small writes",
			script: llmfake.Script{Tokens: []string{long}, ChunkSize: 4096},
			want:   long,
		},
	}
	for _, a := range adapters {
		for _, tt := range tests {
			t.Run(a.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				tt.script.Usage = &llmfake.Usage{Input: 10, Output: 5}
				p, _ := a.start(t, tt.script)
				s, err := p.Stream(context.Background(), simpleRequest())
				if err != nil {
					t.Fatal(err)
				}
				evs, err := collect(t, s)
				if err != nil {
					t.Fatal(err)
				}
				got := summarize(evs)
				if got.Text != tt.want {
					t.Errorf("text = %.80q… (%d bytes), want %d bytes", got.Text, len(got.Text), len(tt.want))
				}
				// No event precedes the first token: message_start, ping
				// and content_block_start produce none.
				if evs[0].Kind != llm.EventTextDelta || got.Kinds != "text_delta,usage,finish" {
					t.Errorf("kinds = %s, want text_delta,usage,finish", got.Kinds)
				}
				if got.Finish != llm.FinishStop {
					t.Errorf("finish = %q", got.Finish)
				}
			})
		}
	}
}

func TestUsageAndReasoning(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{
		Reasoning: []string{"Let me ", "think."},
		Tokens:    []string{"Answer."},
		Usage:     &llmfake.Usage{Input: 100, CacheRead: 900, CacheWrite: 50, Output: 40, Reasoning: 25},
	}
	want := map[string]summary{
		// OpenAI has no cache writes: prompt_tokens (1050) minus
		// cached_tokens (900) is the uncached input.
		"openai": {
			Text: "Answer.", Reasoning: "Let me think.",
			Usage:  &llm.Usage{InputTokens: 150, CacheReadTokens: 900, OutputTokens: 40, ReasoningTokens: 25},
			Finish: llm.FinishStop, Kinds: "reasoning_delta,text_delta,usage,finish",
		},
		"anthropic": {
			Text: "Answer.", Reasoning: "Let me think.", Signatures: 1,
			Usage:  &llm.Usage{InputTokens: 100, CacheReadTokens: 900, CacheWriteTokens: 50, OutputTokens: 40, ReasoningTokens: 25},
			Finish: llm.FinishStop, Kinds: "reasoning_delta,text_delta,usage,finish",
		},
	}
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, _ := a.start(t, script)
			s, err := p.Stream(context.Background(), simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			evs, err := collect(t, s)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want[a.name], summarize(evs)); diff != "" {
				t.Errorf("stream (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOpenAIReasoningField(t *testing.T) {
	t.Parallel()
	p, _ := adapters[0].start(t, llmfake.Script{
		Reasoning: []string{"hmm", "…"}, ReasoningField: "reasoning", Tokens: []string{"ok"},
	})
	s, err := p.Stream(context.Background(), simpleRequest())
	if err != nil {
		t.Fatal(err)
	}
	evs, err := collect(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if got := summarize(evs); got.Reasoning != "hmm…" || got.Text != "ok" {
		t.Errorf("reasoning %q text %q", got.Reasoning, got.Text)
	}
}

func TestToolCallsAssembled(t *testing.T) {
	t.Parallel()
	calls := []llmfake.ToolCall{
		{ID: "call_1", Name: "get_weather", Arguments: `{"city":"Paris","units":"metric","days":[1,2,3]}`, Chunks: 7},
		{ID: "call_2", Name: "search", Arguments: `{"q":"naïve café \"quoted\" 日本"}`, Chunks: 5},
		{ID: "call_3", Name: "now", Arguments: ``},
	}
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, _ := a.start(t, llmfake.Script{Tokens: []string{"Checking."}, ToolCalls: calls, ChunkSize: 9})
			got := streamSummary(t, p, simpleRequest())
			if got.Finish != llm.FinishToolCalls {
				t.Errorf("finish = %q", got.Finish)
			}
			if len(got.Tools) != len(calls) {
				t.Fatalf("got %d tool calls, want %d", len(got.Tools), len(calls))
			}
			for i, c := range got.Tools {
				want := calls[i]
				if c.ID != want.ID || c.Name != want.Name {
					t.Errorf("call %d = %s %s, want %s %s", i, c.ID, c.Name, want.ID, want.Name)
				}
				if !c.ValidArguments() {
					t.Errorf("call %d arguments not a JSON object: %s", i, c.Arguments)
				}
				wantArgs := want.Arguments
				if wantArgs == "" {
					wantArgs = "{}"
				}
				if string(c.Arguments) != wantArgs {
					t.Errorf("call %d arguments = %s, want %s", i, c.Arguments, wantArgs)
				}
			}
		})
	}
}

// TestToolCallArgumentDeltas: with Request.StreamToolArguments, each piece
// of a call's arguments arrives as an EventToolCallDelta naming the call
// (the same *ToolCall its EventToolCall then carries, complete), and the
// pieces of a call joined are exactly its arguments: whitespace around
// them held back, "{}" for a call streamed without any. Without the flag,
// no delta is sent.
func TestToolCallArgumentDeltas(t *testing.T) {
	t.Parallel()
	calls := []llmfake.ToolCall{
		{ID: "call_1", Name: "get_weather", Arguments: `  {"city":"Paris", "days":[1,2,3]}  ` + "\n", Chunks: 7},
		{ID: "call_2", Name: "search", Arguments: `{"q":"naïve café \"quoted\" 日本"}`, Chunks: 5},
		{ID: "call_3", Name: "now", Arguments: ``},
	}
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, _ := a.start(t, llmfake.Script{Tokens: []string{"Checking."}, ToolCalls: calls, ChunkSize: 9},
				llmfake.Script{Tokens: []string{"Checking."}, ToolCalls: calls, ChunkSize: 9})
			req := simpleRequest()
			req.StreamToolArguments = true
			evs, err := runStream(p, req)
			if err != nil {
				t.Fatal(err)
			}
			pieces := map[*llm.ToolCall]string{}
			deltas := 0
			var done []*llm.ToolCall
			for _, ev := range evs {
				switch ev.Kind {
				case llm.EventToolCallDelta:
					if slices.Contains(done, ev.ToolCall) {
						t.Fatalf("a delta of %s after its call", ev.ToolCall.ID)
					}
					if ev.ToolCall.ID == "" || ev.ToolCall.Name == "" || ev.Text == "" {
						t.Fatalf("delta %+v %q", ev.ToolCall, ev.Text)
					}
					pieces[ev.ToolCall] += ev.Text
					deltas++
				case llm.EventToolCall:
					done = append(done, ev.ToolCall)
				}
			}
			if len(done) != len(calls) || deltas <= len(calls) {
				t.Fatalf("%d calls, %d deltas", len(done), deltas)
			}
			for i, c := range done {
				want := strings.TrimSpace(calls[i].Arguments)
				if want == "" {
					want = "{}"
				}
				if string(c.Arguments) != want || pieces[c] != want {
					t.Errorf("call %s: arguments %s, deltas joined %q, want %s", c.ID, c.Arguments, pieces[c], want)
				}
			}
			plain, err := runStream(p, simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range plain {
				if ev.Kind == llm.EventToolCallDelta {
					t.Fatal("a tool call delta without StreamToolArguments")
				}
			}
		})
	}
}

func TestOpenAIUsageOnlyFinalChunk(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script llmfake.Script
	}{
		{"with done", llmfake.Script{Tokens: []string{"x"}, Usage: &llmfake.Usage{Input: 7, Output: 3}}},
		{"without done", llmfake.Script{Tokens: []string{"x"}, Usage: &llmfake.Usage{Input: 7, Output: 3}, NoDone: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, h := adapters[0].start(t, tt.script)
			got := streamSummary(t, p, simpleRequest())
			if diff := cmp.Diff(&llm.Usage{InputTokens: 7, OutputTokens: 3}, got.Usage); diff != "" {
				t.Errorf("usage (-want +got):\n%s", diff)
			}
			if got.Kinds != "text_delta,usage,finish" {
				t.Errorf("kinds = %s", got.Kinds)
			}
			var body struct {
				StreamOptions struct {
					IncludeUsage bool `json:"include_usage"`
				} `json:"stream_options"`
			}
			if err := h.Requests()[0].JSON(&body); err != nil || !body.StreamOptions.IncludeUsage {
				t.Errorf("stream_options.include_usage not sent (%v)", err)
			}
		})
	}
}

func TestErrorMidStream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		script   llmfake.Script
		wantKind map[string]llm.Kind
	}{
		{
			name:     "overloaded error event",
			script:   llmfake.Script{Fault: llmfake.FaultErrorEvent, FaultAfter: 2},
			wantKind: map[string]llm.Kind{"openai": llm.KindRetryable, "anthropic": llm.KindRetryable},
		},
		{
			name: "invalid request event",
			script: llmfake.Script{Fault: llmfake.FaultErrorEvent, FaultAfter: 2,
				ErrorType: "invalid_request_error", ErrorMessage: "bad things"},
			wantKind: map[string]llm.Kind{"openai": llm.KindBadRequest, "anthropic": llm.KindBadRequest},
		},
		{
			name:     "connection cut after output",
			script:   llmfake.Script{Fault: llmfake.FaultCut, FaultAfter: 2},
			wantKind: map[string]llm.Kind{"openai": llm.KindInterrupted, "anthropic": llm.KindInterrupted},
		},
	}
	for _, a := range adapters {
		for _, tt := range tests {
			t.Run(a.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				tt.script.Tokens = []string{"one ", "two ", "three ", "four"}
				p, _ := a.start(t, tt.script)
				s, err := p.Stream(context.Background(), simpleRequest())
				if err != nil {
					t.Fatal(err)
				}
				evs, err := collect(t, s)
				if got := summarize(evs); got.Text != "one two " || got.Kinds != "text_delta" {
					t.Errorf("before the error: text %q kinds %s", got.Text, got.Kinds)
				}
				e, ok := llm.AsError(err)
				if !ok {
					t.Fatalf("err = %v (%T), want *llm.Error", err, err)
				}
				if e.Kind != tt.wantKind[a.name] {
					t.Errorf("kind = %v, want %v (%v)", e.Kind, tt.wantKind[a.name], e)
				}
				if !e.MidStream {
					t.Error("MidStream = false")
				}
			})
		}
	}
}

func TestCutBeforeOutputIsRetryable(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, _ := a.start(t, llmfake.Script{Tokens: []string{"x"}, Fault: llmfake.FaultCut, FaultAfter: 0})
			s, err := p.Stream(context.Background(), simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			evs, err := collect(t, s)
			if len(evs) != 0 {
				t.Errorf("events = %v", evs)
			}
			if !llm.IsRetryable(err) {
				t.Errorf("err = %v, want retryable", err)
			}
		})
	}
}

func TestStatusErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		script         llmfake.Script
		wantKind       llm.Kind
		wantRetryAfter time.Duration
	}{
		{"429 retry-after seconds", llmfake.Script{Status: 429, RetryAfter: "2"}, llm.KindRetryable, 2 * time.Second},
		{"429 retry-after-ms", llmfake.Script{Status: 429, RetryAfter: "2", Headers: map[string]string{"retry-after-ms": "1500"}}, llm.KindRetryable, 1500 * time.Millisecond},
		{"500", llmfake.Script{Status: 500}, llm.KindRetryable, 0},
		{"503", llmfake.Script{Status: 503, RetryAfter: "1"}, llm.KindRetryable, time.Second},
		{"529 overloaded", llmfake.Script{Status: 529}, llm.KindRetryable, 0},
		{"401", llmfake.Script{Status: 401}, llm.KindAuth, 0},
		{"403", llmfake.Script{Status: 403}, llm.KindAuth, 0},
		{"400", llmfake.Script{Status: 400}, llm.KindBadRequest, 0},
		{"404", llmfake.Script{Status: 404}, llm.KindBadRequest, 0},
		{"422", llmfake.Script{Status: 422}, llm.KindBadRequest, 0},
		{"openai context window", llmfake.Script{Status: 400, ErrorCode: "context_length_exceeded",
			ErrorMessage: "This model's maximum context length is 128000 tokens."}, llm.KindContextWindowExceeded, 0},
		{"anthropic prompt too long", llmfake.Script{Status: 400, ErrorType: "invalid_request_error",
			ErrorMessage: "prompt is too long: 208310 tokens > 200000 maximum"}, llm.KindContextWindowExceeded, 0},
		{"content filter", llmfake.Script{Status: 400, ErrorCode: "content_filter", ErrorType: "invalid_request_error",
			ErrorMessage: "The response was filtered due to the prompt triggering content management policy."}, llm.KindContentFiltered, 0},
		{"quota", llmfake.Script{Status: 429, ErrorCode: "insufficient_quota", ErrorType: "insufficient_quota",
			ErrorMessage: "You exceeded your current quota."}, llm.KindQuota, 0},
		{"non-JSON 502", llmfake.Script{Status: 502, ErrorBody: "<html>bad gateway</html>"}, llm.KindRetryable, 0},
	}
	for _, a := range adapters {
		for _, tt := range tests {
			t.Run(a.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				p, h := a.start(t, tt.script)
				s, err := p.Stream(context.Background(), simpleRequest())
				if err == nil {
					_ = s.Close()
					t.Fatal("Stream succeeded")
				}
				e, ok := llm.AsError(err)
				if !ok {
					t.Fatalf("err = %v (%T), want *llm.Error", err, err)
				}
				if e.Kind != tt.wantKind || e.StatusCode != tt.script.Status || e.RetryAfter != tt.wantRetryAfter {
					t.Errorf("got kind %v status %d retry-after %v, want %v %d %v (%v)",
						e.Kind, e.StatusCode, e.RetryAfter, tt.wantKind, tt.script.Status, tt.wantRetryAfter, e)
				}
				if got := llm.IsRetryable(err); got != (tt.wantKind == llm.KindRetryable) {
					t.Errorf("IsRetryable = %v", got)
				}
				// The SDK's own retries are off: one request per call.
				if n := len(h.Requests()); n != 1 {
					t.Errorf("upstream saw %d requests, want 1", n)
				}
				assertNoSecret(t, err)
			})
		}
	}
}

// assertNoSecret fails if err shows the key in any rendering.
func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, secret := range []string{testKey, testKey[:8], testKey[len(testKey)-8:], "Bearer " + testKey} {
			if strings.Contains(s, secret) {
				t.Errorf("error rendering leaks %q: %s", secret, s)
			}
		}
	}
}

func TestAuthErrorHidesKey(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			// The fake echoes the whole key in its 401 message, and the
			// custom body below echoes it in a 400 too.
			for _, script := range []llmfake.Script{
				{Status: 401},
				{Status: 400, ErrorMessage: "bad header x-api-key=" + testKey + " Authorization: Bearer " + testKey},
			} {
				p, h := a.start(t, script)
				_, err := p.Stream(context.Background(), simpleRequest())
				if err == nil {
					t.Fatal("Stream succeeded")
				}
				assertNoSecret(t, err)
				if rec := h.Requests()[0]; rec.Header.Get("X-Api-Key") != testKey &&
					rec.Header.Get("Authorization") != "Bearer "+testKey {
					t.Errorf("key not sent: %v", rec.Header)
				}
			}
		})
	}
}

func TestConnectionRefusedIsRetryable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p := a.newClient(url, &http.Client{})
			_, err := p.Stream(context.Background(), simpleRequest())
			if !llm.IsRetryable(err) {
				t.Errorf("err = %v, want retryable", err)
			}
			assertNoSecret(t, err)
		})
	}
}

func TestCloseCancelsUpstream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script llmfake.Script
		// stop ends the stream from the client side.
		stop func(s llm.Stream, cancelStream, cancelNext context.CancelFunc)
	}{
		{
			name:   "Close while the upstream stalls",
			script: llmfake.Script{Tokens: []string{"a", "b", "c"}, Fault: llmfake.FaultStall, FaultAfter: 2},
			stop:   func(s llm.Stream, _, _ context.CancelFunc) { _ = s.Close() },
		},
		{
			name:   "Close between slow tokens",
			script: llmfake.Script{Tokens: strings.Split("abcdefghijklmnopqrstuvwxyz", ""), Interval: 20 * time.Millisecond},
			stop:   func(s llm.Stream, _, _ context.CancelFunc) { _ = s.Close() },
		},
		{
			name:   "stream context cancelled",
			script: llmfake.Script{Tokens: []string{"a", "b", "c"}, Fault: llmfake.FaultStall, FaultAfter: 2},
			stop:   func(_ llm.Stream, cancel, _ context.CancelFunc) { cancel() },
		},
		{
			name:   "Next context cancelled",
			script: llmfake.Script{Tokens: []string{"a", "b", "c"}, Fault: llmfake.FaultStall, FaultAfter: 2},
			stop:   func(_ llm.Stream, _, cancel context.CancelFunc) { cancel() },
		},
	}
	for _, a := range adapters {
		for _, tt := range tests {
			t.Run(a.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				p, h := a.start(t, tt.script)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				nctx, ncancel := context.WithCancel(context.Background())
				defer ncancel()
				s, err := p.Stream(ctx, simpleRequest())
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = s.Close() }()
				for range 2 {
					if ev, err := s.Next(nctx); err != nil || ev.Kind != llm.EventTextDelta {
						t.Fatalf("Next = %v, %v", ev, err)
					}
				}
				// Next blocks on the stalled upstream while we stop it.
				nextErr := make(chan error, 1)
				go func() {
					for {
						if _, err := s.Next(nctx); err != nil {
							nextErr <- err
							return
						}
					}
				}()
				tt.stop(s, cancel, ncancel)

				rec := h.Requests()[0]
				select {
				case <-rec.Cancelled():
				case <-time.After(time.Second):
					t.Fatal("upstream did not see the cancellation within 1s")
				}
				select {
				case err := <-nextErr:
					if !errors.Is(err, context.Canceled) {
						t.Errorf("Next after stop = %v, want context.Canceled", err)
					}
				case <-time.After(time.Second):
					t.Fatal("Next still blocked after stop")
				}
			})
		}
	}
}

func TestSimulation(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, _ := a.start(t) // no scripts: simulated mode
			req := simpleRequest()
			req.Messages = append(req.Messages, llm.AssistantText("Hi!"), llm.UserText("What is the capital of France?"))
			got := streamSummary(t, p, req)
			want := strings.Join(llmfake.Reply("What is the capital of France?", 0), "")
			if got.Text != want || !strings.HasPrefix(want, `Simulated reply to: "What is the capital of France?".`) {
				t.Errorf("text = %q, want %q", got.Text, want)
			}
			in := llmfake.EstimateTokens("Be brief.") + llmfake.EstimateTokens("Hello there") +
				llmfake.EstimateTokens("Hi!") + llmfake.EstimateTokens("What is the capital of France?")
			wantUsage := &llm.Usage{InputTokens: int64(in), OutputTokens: int64(llmfake.EstimateTokens(want))}
			if diff := cmp.Diff(wantUsage, got.Usage); diff != "" {
				t.Errorf("usage (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSimulationHonoursMaxTokens(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, _ := a.start(t)
			req := simpleRequest()
			req.Params.MaxOutputTokens = 5
			got := streamSummary(t, p, req)
			if got.Finish != llm.FinishLength || got.Usage.OutputTokens > 5 {
				t.Errorf("finish %q usage %+v", got.Finish, got.Usage)
			}
		})
	}
}

func TestOpenAIRequestEncoding(t *testing.T) {
	t.Parallel()
	zero, topP := 0.0, 0.9
	tests := []struct {
		name   string
		cfg    func(*llm.OpenAIConfig)
		params llm.Params
		want   string // a JSON object whose fields must appear in the body
		absent []string
	}{
		{
			name:   "temperature zero is sent",
			params: llm.Params{Temperature: &zero, MaxOutputTokens: 100},
			want:   `{"temperature":0,"max_completion_tokens":100,"stream":true,"stream_options":{"include_usage":true}}`,
			absent: []string{"top_p", "max_tokens", "reasoning_effort"},
		},
		{
			name:   "legacy max_tokens",
			cfg:    func(c *llm.OpenAIConfig) { c.MaxTokensField = llm.MaxTokens },
			params: llm.Params{TopP: &topP, ReasoningEffort: "low"},
			want:   `{"top_p":0.9,"max_tokens":4096,"reasoning_effort":"low"}`,
			absent: []string{"temperature", "max_completion_tokens"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"ok"}})
			srv := httptest.NewServer(h)
			defer srv.Close()
			cfg := llm.OpenAIConfig{BaseURL: srv.URL + "/v1/", APIKey: testKey, HTTPClient: srv.Client(),
				Headers: map[string]string{"HTTP-Referer": "https://bestchat.example"}}
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			req := simpleRequest()
			req.Params = tt.params
			if _, err := runStream(llm.NewOpenAI(cfg), req); err != nil {
				t.Fatal(err)
			}
			rec := h.Requests()[0]
			if rec.Path != "/v1/chat/completions" || rec.Header.Get("Authorization") != "Bearer "+testKey ||
				rec.Header.Get("HTTP-Referer") != "https://bestchat.example" {
				t.Errorf("path %s headers %v", rec.Path, rec.Header)
			}
			assertJSONSubset(t, rec.Body, tt.want)
			var body map[string]any
			_ = json.Unmarshal(rec.Body, &body)
			for _, k := range tt.absent {
				if _, ok := body[k]; ok {
					t.Errorf("%s sent: %s", k, rec.Body)
				}
			}
		})
	}
}

func TestOpenAIMessageEncoding(t *testing.T) {
	t.Parallel()
	h := llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"ok"}})
	srv := httptest.NewServer(h)
	defer srv.Close()
	p := llm.NewOpenAI(llm.OpenAIConfig{BaseURL: srv.URL + "/v1", HTTPClient: srv.Client()})
	if _, err := runStream(p, conversation()); err != nil {
		t.Fatal(err)
	}
	rec := h.Requests()[0]
	if got := rec.Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization sent without a key: %q", got)
	}
	assertJSONSubset(t, rec.Body, `{"model":"test-model","messages":[
		{"role":"system","content":"Be brief."},
		{"role":"user","content":[{"type":"text","text":"What is this?"},
			{"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"auto"}},
			{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"}}]},
		{"role":"assistant","content":"Let me check.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"cat\"}"}}]},
		{"role":"tool","content":"a cat","tool_call_id":"call_1"},
		{"role":"user","content":"Thanks"}],
		"tools":[{"type":"function","function":{"name":"lookup","description":"Look things up.","parameters":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}}]}`)
}

func TestAnthropicRequestEncoding(t *testing.T) {
	t.Parallel()
	temp := 0.3
	tests := []struct {
		name   string
		cfg    func(*llm.AnthropicConfig)
		req    func(*llm.Request)
		want   string
		absent []string
		header map[string]string
	}{
		{
			name: "conversation",
			req:  func(r *llm.Request) { r.Params.Temperature = &temp },
			want: `{"model":"test-model","max_tokens":256,"stream":true,"temperature":0.3,
				"system":[{"type":"text","text":"Be brief."}],
				"messages":[
					{"role":"user","content":[{"type":"text","text":"What is this?"},
						{"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}},
						{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
					{"role":"assistant","content":[{"type":"thinking","thinking":"User wants a lookup.","signature":"sig-1"},
						{"type":"text","text":"Let me check."},
						{"type":"tool_use","id":"call_1","name":"lookup","input":{"q":"cat"}}]},
					{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"a cat"}]},
						{"type":"text","text":"Thanks"}]}],
				"tools":[{"name":"lookup","description":"Look things up.","input_schema":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}]}`,
			absent: []string{"thinking", "top_p", "cache_control"},
			header: map[string]string{"X-Api-Key": testKey, "Authorization": "", "Anthropic-Version": "*"},
		},
		{
			name: "reasoning effort enables thinking and drops temperature",
			cfg:  func(c *llm.AnthropicConfig) { c.PromptCaching = true },
			req: func(r *llm.Request) {
				r.Params = llm.Params{Temperature: &temp, MaxOutputTokens: 20000, ReasoningEffort: "medium"}
			},
			want:   `{"max_tokens":20000,"thinking":{"type":"enabled","budget_tokens":8192},"cache_control":{"type":"ephemeral"}}`,
			absent: []string{"temperature"},
		},
		{
			name:   "budget capped to half of max tokens",
			req:    func(r *llm.Request) { r.Params = llm.Params{MaxOutputTokens: 4096, ReasoningEffort: "high"} },
			want:   `{"max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":2048}}`,
			absent: []string{"temperature"},
		},
		{
			name: "a forced tool turns thinking off for the call",
			req: func(r *llm.Request) {
				r.Params = llm.Params{MaxOutputTokens: 20000, ReasoningEffort: "medium"}
				r.Tools = []llm.Tool{{Name: "calculator", Schema: []byte(`{"type":"object"}`)}}
				r.ToolChoice = llm.ToolChoice{Mode: llm.ToolChoiceTool, Name: "calculator"}
			},
			want:   `{"max_tokens":20000,"tool_choice":{"type":"tool","name":"calculator"}}`,
			absent: []string{"thinking"},
		},
		{
			name: "tool choice none keeps thinking",
			req: func(r *llm.Request) {
				r.Params = llm.Params{MaxOutputTokens: 20000, ReasoningEffort: "medium"}
				r.Tools = []llm.Tool{{Name: "calculator", Schema: []byte(`{"type":"object"}`)}}
				r.ToolChoice = llm.ToolChoice{Mode: llm.ToolChoiceNone}
			},
			want: `{"thinking":{"type":"enabled","budget_tokens":8192},"tool_choice":{"type":"none"}}`,
		},
		{
			name:   "bearer auth",
			cfg:    func(c *llm.AnthropicConfig) { c.BearerAuth = true },
			want:   `{"model":"test-model"}`,
			header: map[string]string{"X-Api-Key": "", "Authorization": "Bearer " + testKey},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := llmfake.NewAnthropic(llmfake.Script{Tokens: []string{"ok"}})
			srv := httptest.NewServer(h)
			defer srv.Close()
			cfg := llm.AnthropicConfig{BaseURL: srv.URL + "/v1", APIKey: testKey, HTTPClient: srv.Client()}
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			req := conversation()
			req.Params.MaxOutputTokens = 256
			if tt.req != nil {
				tt.req(req)
			}
			if _, err := runStream(llm.NewAnthropic(cfg), req); err != nil {
				t.Fatal(err)
			}
			rec := h.Requests()[0]
			if rec.Path != "/v1/messages" {
				t.Errorf("path = %s", rec.Path)
			}
			for k, v := range tt.header {
				if got := rec.Header.Get(k); got != v && (v != "*" || got == "") {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			assertJSONSubset(t, rec.Body, tt.want)
			var body map[string]any
			_ = json.Unmarshal(rec.Body, &body)
			for _, k := range tt.absent {
				if _, ok := body[k]; ok {
					t.Errorf("%s sent: %s", k, rec.Body)
				}
			}
		})
	}
}

// conversation is a request exercising every part type.
func conversation() *llm.Request {
	return &llm.Request{
		Model:  "test-model",
		System: "Be brief.",
		Messages: []llm.Message{
			{Role: llm.RoleUser, Parts: []llm.Part{
				llm.TextPart("What is this?"),
				llm.ImageURLPart("https://example.com/cat.png"),
				llm.ImageDataPart("image/png", "iVBORw0KGgo="),
			}},
			{
				Role: llm.RoleAssistant,
				Parts: []llm.Part{
					{Type: llm.PartReasoning, Text: "User wants a lookup.", Signature: "sig-1"},
					llm.TextPart("Let me check."),
				},
				ToolCalls: []llm.ToolCall{{ID: "call_1", Name: "lookup", Arguments: json.RawMessage(`{"q":"cat"}`)}},
			},
			llm.ToolResult("call_1", "a cat", false),
			llm.UserText("Thanks"),
		},
		Tools: []llm.Tool{{
			Name: "lookup", Description: "Look things up.",
			Schema: json.RawMessage(`{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}`),
		}},
	}
}

// runStream drains one generation.
func runStream(p llm.Provider, req *llm.Request) ([]llm.Event, error) {
	s, err := p.Stream(context.Background(), req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = s.Close() }()
	var evs []llm.Event
	for {
		ev, err := s.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return evs, nil
		}
		if err != nil {
			return evs, err
		}
		evs = append(evs, ev)
	}
}

// assertJSONSubset checks that every field of want appears in got with the
// same value (objects compared by subset, arrays element-wise).
func assertJSONSubset(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body: %v", err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want: %v", err)
	}
	if path, ok := subset(w, g, "$"); !ok {
		t.Errorf("body differs at %s\nbody: %s", path, got)
	}
}

func subset(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return path + "." + k + " (missing)", false
			}
			if p, ok := subset(wv, gv, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s (len %d, want %d)", path, len(g), len(w)), false
		}
		for i := range w {
			if p, ok := subset(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	default:
		if !cmp.Equal(want, got) {
			return fmt.Sprintf("%s (%v, want %v)", path, got, want), false
		}
		return "", true
	}
}

// A caller may give each Next its own context and cancel it when Next
// returns; that must not abort the stream.
func TestPerCallContexts(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, h := a.start(t, llmfake.Script{Tokens: []string{"a", "b", "c", "d"}, Interval: time.Millisecond})
			s, err := p.Stream(context.Background(), simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = s.Close() }()
			var text strings.Builder
			for {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				ev, err := s.Next(ctx)
				cancel()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				text.WriteString(ev.Text)
			}
			if text.String() != "abcd" {
				t.Errorf("text = %q", text.String())
			}
			if h.Requests()[0].WasCancelled() {
				t.Error("upstream saw a cancellation")
			}
		})
	}
}

func TestInvalidBaseURL(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			_, err := a.newClient("localhost:8080", nil).Stream(context.Background(), simpleRequest())
			if e, ok := llm.AsError(err); !ok || e.Kind != llm.KindBadRequest {
				t.Errorf("err = %v, want bad request", err)
			}
		})
	}
}

// TestSendThenOpen: llm.Send gets the request to the provider without
// waiting for its answer (through the lean transport, from the caller's
// goroutine once a connection is pooled), Open streams the answer as
// Stream would, and Close abandons a call the provider is holding.
func TestSendThenOpen(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: []string{"Hel", "lo"}, Usage: &llmfake.Usage{Input: 3, Output: 2}}
	held := llmfake.Script{Tokens: []string{"a", "b"}, Fault: llmfake.FaultStall, FaultAfter: 0}
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			p, h := a.start(t, script, script, script, held, llmfake.Script{Status: 429, RetryAfter: "2"})
			ctx := context.Background()
			// Arrived waits until the fake has recorded n requests.
			arrived := func(n int) {
				t.Helper()
				deadline := time.Now().Add(5 * time.Second)
				for len(h.Requests()) < n {
					if time.Now().After(deadline) {
						t.Fatalf("the provider has %d requests, want %d before Open", len(h.Requests()), n)
					}
					time.Sleep(time.Millisecond)
				}
			}
			open := func(pd llm.Pending) string {
				t.Helper()
				s, err := pd.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = s.Close() }()
				evs, err := collect(t, s)
				if err != nil {
					t.Fatal(err)
				}
				return summarize(evs).Text
			}
			// No connection pooled yet: the call dials when opened at the
			// latest, and answers as Stream would.
			if got := open(llm.Send(ctx, p, simpleRequest())); got != "Hello" {
				t.Fatalf("first call: text %q", got)
			}
			// A connection is pooled now: the request leaves before Open.
			pd := llm.Send(ctx, p, simpleRequest())
			arrived(2)
			if got := open(pd); got != "Hello" {
				t.Fatalf("second call: text %q", got)
			}
			pd = llm.Send(ctx, p, simpleRequest())
			arrived(3)
			_ = open(pd)
			// Close, after cancelling the call's context, abandons a call
			// the provider holds: it sees the request cancelled.
			cctx, cancel := context.WithCancel(ctx)
			pd = llm.Send(cctx, p, simpleRequest())
			arrived(4)
			rec := h.Requests()[3]
			cancel()
			pd.Close()
			select {
			case <-rec.Cancelled():
			case <-time.After(time.Second):
				t.Fatal("the provider did not see the abandoned call cancelled within 1s")
			}
			// A refusal comes from Open, classified as Stream would.
			_, err := llm.Send(ctx, p, simpleRequest()).Open()
			if le, ok := llm.AsError(err); !ok || le.Kind != llm.KindRetryable || llm.RetryAfter(err) != 2*time.Second {
				t.Fatalf("Open of a 429 = %v", err)
			}
		})
	}
}

// TestOpenAISendFollowsRedirects: a call sent early on a pooled connection
// follows a redirect as Client.Do does, and a large request (which is not
// written from the caller's goroutine) still leaves before Open.
func TestOpenAISendFollowsRedirects(t *testing.T) {
	t.Parallel()
	h := llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"Hel", "lo"}})
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/old/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, "/v1/chat/completions", http.StatusPermanentRedirect)
	})
	mux.Handle("/v1/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	hc := llm.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	p := llm.NewOpenAI(llm.OpenAIConfig{BaseURL: srv.URL + "/old", APIKey: testKey, HTTPClient: hc})
	big := simpleRequest()
	big.Messages = []llm.Message{llm.UserText(strings.Repeat("long question ", 5000))} // 70 KB
	for i, req := range []*llm.Request{simpleRequest(), simpleRequest(), big} {
		pd := llm.Send(context.Background(), p, req)
		deadline := time.Now().Add(5 * time.Second)
		for int(hits.Load()) < i+1 {
			if time.Now().After(deadline) {
				t.Fatalf("call %d did not reach the provider before Open", i)
			}
			time.Sleep(time.Millisecond)
		}
		s, err := pd.Open()
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		evs, err := collect(t, s)
		_ = s.Close()
		if err != nil || summarize(evs).Text != "Hello" {
			t.Fatalf("call %d: %q, %v", i, summarize(evs).Text, err)
		}
	}
	if n := len(h.Requests()); n != 3 {
		t.Fatalf("the provider got %d calls, want 3", n)
	}
}

// TestRedirectToAnotherHost: a base URL that answers with a redirect to
// another host does not get the call sent there. Go's client drops only
// Authorization and cookies on the way, so the other host would receive
// Anthropic's X-Api-Key, the configured headers and the conversation. The
// failure is a bad request (a configuration to fix), not retryable. A
// redirect within the host is still followed.
func TestRedirectToAnotherHost(t *testing.T) {
	t.Parallel()
	configs := []struct {
		name       string
		newHandler func(...llmfake.Script) *llmfake.Handler
		newClient  func(baseURL string, hc *http.Client) llm.Provider
	}{
		{"openai", llmfake.NewOpenAI, func(baseURL string, hc *http.Client) llm.Provider {
			return llm.NewOpenAI(llm.OpenAIConfig{BaseURL: baseURL + "/v1", APIKey: testKey, HTTPClient: hc,
				Headers: map[string]string{"X-Gateway-Token": testKey}})
		}},
		{"anthropic", llmfake.NewAnthropic, func(baseURL string, hc *http.Client) llm.Provider {
			return llm.NewAnthropic(llm.AnthropicConfig{BaseURL: baseURL, APIKey: testKey, HTTPClient: hc})
		}},
		{"anthropic bearer", llmfake.NewAnthropic, func(baseURL string, hc *http.Client) llm.Provider {
			return llm.NewAnthropic(llm.AnthropicConfig{BaseURL: baseURL, APIKey: testKey, BearerAuth: true, HTTPClient: hc})
		}},
	}
	calls := []struct {
		name string
		call func(p llm.Provider) (llm.Stream, error)
	}{
		{"stream", func(p llm.Provider) (llm.Stream, error) { return p.Stream(context.Background(), simpleRequest()) }},
		{"send", func(p llm.Provider) (llm.Stream, error) {
			return llm.Send(context.Background(), p, simpleRequest()).Open()
		}},
	}
	for _, c := range configs {
		for _, call := range calls {
			t.Run(c.name+"/"+call.name, func(t *testing.T) {
				t.Parallel()
				var elsewhere atomic.Int32
				var leaked atomic.Value
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					elsewhere.Add(1)
					leaked.Store(r.Header.Clone())
					_, _ = io.Copy(io.Discard, r.Body)
					http.Error(w, "unexpected", http.StatusTeapot)
				}))
				t.Cleanup(other.Close)
				h := c.newHandler(llmfake.Script{Tokens: []string{"Hel", "lo"}})
				mux := http.NewServeMux()
				mux.HandleFunc("/away/", func(w http.ResponseWriter, r *http.Request) {
					_, _ = io.Copy(io.Discard, r.Body)
					http.Redirect(w, r, other.URL+strings.TrimPrefix(r.URL.Path, "/away"), http.StatusTemporaryRedirect)
				})
				mux.HandleFunc("/moved/", func(w http.ResponseWriter, r *http.Request) {
					_, _ = io.Copy(io.Discard, r.Body)
					http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/moved"), http.StatusPermanentRedirect)
				})
				mux.Handle("/v1/", h)
				srv := httptest.NewServer(mux)
				t.Cleanup(srv.Close)
				hc := llm.NewHTTPClient()
				t.Cleanup(hc.CloseIdleConnections)

				s, err := call.call(c.newClient(srv.URL+"/away", hc))
				if err == nil {
					_, _ = collect(t, s)
					t.Fatal("the call succeeded")
				}
				if n := elsewhere.Load(); n != 0 {
					t.Errorf("the other host received %d requests, headers %v", n, leaked.Load())
				}
				if e, ok := llm.AsError(err); !ok || e.Kind != llm.KindBadRequest || !strings.Contains(e.Message, "redirect") {
					t.Errorf("err = %v; want a bad request about the redirect", err)
				}
				assertNoSecret(t, err)

				s, err = call.call(c.newClient(srv.URL+"/moved", hc))
				if err != nil {
					t.Fatalf("redirect within the host: %v", err)
				}
				evs, err := collect(t, s)
				if err != nil || summarize(evs).Text != "Hello" {
					t.Fatalf("redirect within the host: %q, %v", summarize(evs).Text, err)
				}
			})
		}
	}
}

// TestCloseWhileNextRuns: Close may be called from another goroutine while
// Next reads, or just after Next ended the stream, with nothing ordering
// the two (run with -race): the stream ends, cancelled or whole.
func TestCloseWhileNextRuns(t *testing.T) {
	t.Parallel()
	for _, a := range adapters {
		for _, delay := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
			t.Run(fmt.Sprintf("%s/close after %v", a.name, delay), func(t *testing.T) {
				t.Parallel()
				p, _ := a.start(t, llmfake.Script{Tokens: []string{"one ", "two ", "three"}, Usage: &llmfake.Usage{Input: 3, Output: 3}})
				s, err := p.Stream(context.Background(), simpleRequest())
				if err != nil {
					t.Fatal(err)
				}
				ended := make(chan error, 1)
				go func() {
					for {
						if _, err := s.Next(context.Background()); err != nil {
							ended <- err
							return
						}
					}
				}()
				time.Sleep(delay) // no synchronisation with Next on purpose
				_ = s.Close()
				select {
				case err := <-ended:
					if !errors.Is(err, io.EOF) && !errors.Is(err, context.Canceled) {
						t.Errorf("Next ended with %v, want io.EOF or context.Canceled", err)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("Next still running 10s after Close")
				}
				_ = s.Close() // again: a no-op
			})
		}
	}
}
