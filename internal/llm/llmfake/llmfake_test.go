package llmfake

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestReply(t *testing.T) {
	t.Parallel()
	got := strings.Join(Reply("  What   is\nthe capital of France? ", 11), "")
	want := `Simulated reply to: "What is the capital of France?". This answer`
	if got != want {
		t.Errorf("Reply = %q, want %q", got, want)
	}
	long := strings.Repeat("ab ", 100)
	got = strings.Join(Reply(long, 0), "")
	if !strings.Contains(got, `"`+strings.Repeat("ab ", 20)[:60]+`…".`) || len(strings.Fields(got)) != 32 {
		t.Errorf("long Reply = %q", got)
	}
	if a, b := strings.Join(Reply("x", 50), ""), strings.Join(Reply("x", 50), ""); a != b {
		t.Error("Reply is not deterministic")
	}
}

func TestRequestedWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		msg  string
		want int
	}{
		{"Tell me a story in 300 words", 300},
		{"IN 5 WORDS please", 5},
		{"in 99999 words", MaxRequestedWords},
		{"in 0 words", 0},
		{"a story in words", 0},
		{"within 300 words", 0},
		{"hello", 0},
	}
	for _, tt := range tests {
		if got := RequestedWords(tt.msg); got != tt.want {
			t.Errorf("RequestedWords(%q) = %d, want %d", tt.msg, got, tt.want)
		}
	}
	sim := Simulation{Tokens: 6}
	if got := len(sim.script(&request{LastUser: "go on in 40 words"}).Tokens); got != 40 {
		t.Errorf("a message asking for 40 words got %d", got)
	}
	if got := len(sim.script(&request{LastUser: "go on"}).Tokens); got != 6 {
		t.Errorf("a message asking for nothing got %d words, want the simulation's 6", got)
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "a", `{"q":"naïve 日本語 café"}`, strings.Repeat("é", 33)} {
		for n := 1; n <= 8; n++ {
			parts := split(s, n)
			if strings.Join(parts, "") != s {
				t.Errorf("split(%q, %d) = %q", s, n, parts)
			}
			for _, p := range parts {
				if !utf8.ValidString(p) {
					t.Errorf("split(%q, %d) broke UTF-8: %q", s, n, p)
				}
			}
		}
	}
}

func TestMux(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(NewMux(Simulation{Tokens: 6}))
	defer srv.Close()

	get := func(path string, header map[string]string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := get("/v1/models", nil); got["object"] != "list" {
		t.Errorf("OpenAI models = %v", got)
	}
	if got := get("/v1/models", map[string]string{"anthropic-version": "2023-06-01"}); got["has_more"] != false {
		t.Errorf("Anthropic models = %v", got)
	}

	resp, err := srv.Client().Post(srv.URL+"/v1/chat/completions", "application/json",
		strings.NewReader(`{"model":"simulated","messages":[{"role":"user","content":[{"type":"text","text":"ping"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var whole struct {
		Choices []struct {
			Message struct{ Content string } `json:"message"`
		} `json:"choices"`
	}
	err = json.NewDecoder(resp.Body).Decode(&whole)
	_ = resp.Body.Close()
	if err != nil || len(whole.Choices) != 1 || whole.Choices[0].Message.Content != `Simulated reply to: "ping". This answer` {
		t.Errorf("non-streamed completion = %+v, %v", whole, err)
	}

	resp, err = srv.Client().Post(srv.URL+"/v1/messages", "application/json",
		strings.NewReader(`{"model":"simulated","stream":true,"max_tokens":100,"messages":[{"role":"user","content":"ping"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var events []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			events = append(events, name)
		}
	}
	want := "message_start,content_block_start," + strings.Repeat("content_block_delta,", 6) +
		"content_block_stop,message_delta,message_stop"
	if got := strings.Join(events, ","); got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
}

func TestRecording(t *testing.T) {
	t.Parallel()
	h := NewOpenAI(Script{Tokens: []string{"a"}}, Script{Status: 429, RetryAfter: "1"})
	srv := httptest.NewServer(h)
	defer srv.Close()

	statuses := make(chan int, 3)
	go func() {
		for range 3 {
			resp, err := srv.Client().Post(srv.URL+"/v1/chat/completions", "application/json",
				strings.NewReader(`{"model":"m","stream":true,"messages":[]}`))
			if err != nil {
				statuses <- 0
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			statuses <- resp.StatusCode
		}
	}()
	rec, err := h.WaitRequest(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for range 3 {
		got = append(got, <-statuses)
	}
	<-rec.Done()
	// Scripts play in order and the last one repeats.
	if want := []int{200, 429, 429}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if rec.WasCancelled() || string(rec.Body) != `{"model":"m","stream":true,"messages":[]}` || rec.Path != "/v1/chat/completions" {
		t.Errorf("recorded %+v", rec)
	}
	if n := len(h.Requests()); n != 3 {
		t.Errorf("Requests() = %d, want 3", n)
	}
}
