package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/llm"
)

// The transcript corpus: streams and error bodies recorded from real
// providers (or published by them), each served to the real adapters
// byte for byte, once whole and once in 3-byte writes, with what it must
// mean. testdata/corpus/manifest.json names the source and licence of
// every file; corpusTranscripts below states what each one means.

const corpusDir = "testdata/corpus"

// corpusEntry is one file of the manifest.
type corpusEntry struct {
	File     string `json:"file"`
	Provider string `json:"provider"`
	Kind     string `json:"kind"` // "stream" or "error"
	Source   struct {
		Repo   string `json:"repo"`
		Path   string `json:"path"`
		Commit string `json:"commit"`
		URL    string `json:"url"`
	} `json:"source"`
	License    string `json:"license"`
	Derivation string `json:"derivation"`
}

// corpusLicenses are the licences of the sources we redistribute with
// attribution. A file written for bestchat after a provider's
// documentation (where no recording under such a licence was found) has
// licence "own", the documentation's URL and a derivation that says so.
var corpusLicenses = []string{"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause"}

// transcript is how one corpus file is served, and what it means.
type transcript struct {
	file string
	// anthropic selects the Messages adapter; otherwise chat completions.
	anthropic bool
	// status of the response; 0 is 200 with text/event-stream.
	status int
	// header holds more response headers (Retry-After, Content-Type).
	header map[string]string
	// model is the request's model, the recording's where it matters
	// (an OpenRouter ":online" model searches the web); default
	// simpleRequest's.
	model string
	want  meaning
}

// meaning is a comparable digest of what the adapter made of a
// transcript. Text and reasoning longer than clipLen are stated as their
// start, byte length and end (see clip).
type meaning struct {
	Text      string
	Reasoning string
	// Signed counts reasoning signatures; Redacted, redacted blocks.
	Signed, Redacted int
	// States are the reasoning states (OpenRouter's reasoning_details,
	// joined), in order.
	States []string
	// Tools are the calls, "id name arguments", followed by " state " and
	// the call's provider state when it has one.
	Tools []string
	// Cites counts the citations; Sources are their distinct URLs, in
	// order.
	Cites   int
	Sources []string
	Usage   *llm.Usage
	Finish  llm.FinishReason
	// Refusal is the finish's explanation of a refusal; RefusalText the
	// refusal the model wrote instead of an answer.
	Refusal, RefusalText string
	// Err is the error that ended the stream (see errMeaning); "" when
	// it ended normally.
	Err string
}

const clipLen = 160

// clip states a long text by its start, its length in bytes and its end.
func clip(s string) string {
	if len(s) <= clipLen {
		return s
	}
	head, tail := 60, 30
	for !utf8.RuneStart(s[head]) {
		head--
	}
	for !utf8.RuneStart(s[len(s)-tail]) {
		tail--
	}
	return fmt.Sprintf("%s…(%d bytes)…%s", s[:head], len(s), s[len(s)-tail:])
}

// errMeaning states an error: its kind, HTTP status, code, whether it
// came mid-stream and the delay it asks for.
func errMeaning(err error) string {
	e, ok := llm.AsError(err)
	if !ok {
		return "not an *llm.Error: " + err.Error()
	}
	s := fmt.Sprintf("%s %d %s", e.Kind, e.StatusCode, e.Code)
	if e.MidStream {
		s += " mid-stream"
	}
	if e.RetryAfter > 0 {
		s += " retry-after " + e.RetryAfter.String()
	}
	return s
}

func loadCorpusManifest(t *testing.T) []corpusEntry {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(corpusDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m []corpusEntry
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCorpusManifest: every file of the corpus has its source and a
// licence that allows redistribution, and a transcript that says what it
// means; the corpus keeps its promised size (issue 17).
func TestCorpusManifest(t *testing.T) {
	t.Parallel()
	manifest := loadCorpusManifest(t)
	listed := map[string]corpusEntry{}
	streams, errBodies := 0, 0
	providers := map[string]bool{}
	for _, e := range manifest {
		if _, dup := listed[e.File]; dup {
			t.Errorf("%s: listed twice", e.File)
		}
		listed[e.File] = e
		written := e.License == "own" && e.Source.URL != "" && strings.HasPrefix(e.Derivation, "written for bestchat")
		if !slices.Contains(corpusLicenses, e.License) && !written {
			t.Errorf("%s: licence %q is not one we may redistribute", e.File, e.License)
		}
		if (e.Source.Repo == "" || e.Source.Path == "" || len(e.Source.Commit) != 40) && e.Source.URL == "" {
			t.Errorf("%s: no source (repository, path and commit, or URL)", e.File)
		}
		if e.Derivation == "" {
			t.Errorf("%s: how the file was made from its source is not said", e.File)
		}
		switch e.Kind {
		case "stream":
			streams++
		case "error":
			errBodies++
		default:
			t.Errorf("%s: kind %q", e.File, e.Kind)
		}
		providers[e.Provider] = true
	}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "manifest.json" {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		if _, ok := listed[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s: not in the manifest", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{}
	for _, tr := range corpusTranscripts {
		if tested[tr.file] {
			t.Errorf("%s: two transcripts", tr.file)
		}
		tested[tr.file] = true
		if _, ok := listed[tr.file]; !ok {
			t.Errorf("%s: a transcript for a file not in the manifest", tr.file)
		}
	}
	for f := range listed {
		if !tested[f] {
			t.Errorf("%s: no transcript says what it means", f)
		}
	}
	if streams < 60 || errBodies < 30 || len(providers) < 10 {
		t.Errorf("the corpus holds %d streams and %d error bodies from %d providers; want at least 60, 30 and 10", streams, errBodies, len(providers))
	}
}

// TestCorpus replays every transcript through the real adapters, whole
// and in 3-byte writes.
func TestCorpus(t *testing.T) {
	t.Parallel()
	for _, tr := range corpusTranscripts {
		body, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(tr.file)))
		if err != nil {
			t.Fatal(err)
		}
		for _, split := range []int{0, 3} {
			name := tr.file
			if split > 0 {
				name += fmt.Sprintf("/split%d", split)
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				got := replay(t, tr, body, split)
				if diff := cmp.Diff(tr.want, got); diff != "" {
					t.Errorf("meaning (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// splitBytes bounds the part of a body served in writes of split bytes:
// the rest of a long body goes in writes of 251 bytes, which still end at
// odd places, so that the race detector's run of the corpus stays short.
const splitBytes = 16 << 10

// replay serves body as tr says, in writes of split bytes (0: one
// write), and digests what the adapter makes of it.
func replay(t *testing.T, tr transcript, body []byte, split int) meaning {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		status := tr.status
		if status == 0 {
			status = http.StatusOK
			w.Header().Set("Content-Type", "text/event-stream")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		for k, v := range tr.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		if split == 0 {
			_, _ = w.Write(body)
			return
		}
		f := w.(http.Flusher)
		for b := body; len(b) > 0; {
			n := min(split, len(b))
			if len(body)-len(b) >= splitBytes {
				n = min(251, len(b))
			}
			if _, err := w.Write(b[:n]); err != nil {
				return
			}
			f.Flush()
			b = b[n:]
		}
	}))
	t.Cleanup(srv.Close)
	hc := llm.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	var p llm.Provider
	if tr.anthropic {
		p = llm.NewAnthropic(llm.AnthropicConfig{BaseURL: srv.URL, APIKey: testKey, HTTPClient: hc})
	} else {
		p = llm.NewOpenAI(llm.OpenAIConfig{BaseURL: srv.URL + "/v1", APIKey: testKey, HTTPClient: hc})
	}
	var m meaning
	req := simpleRequest()
	if tr.model != "" {
		req.Model = tr.model
	}
	s, err := p.Stream(context.Background(), req)
	if err != nil {
		m.Err = errMeaning(err)
		return m
	}
	defer func() { _ = s.Close() }()
	var text, reasoning, refusal strings.Builder
	for {
		ev, err := s.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			m.Err = errMeaning(err)
			break
		}
		switch ev.Kind {
		case llm.EventTextDelta:
			text.WriteString(ev.Text)
		case llm.EventRefusalDelta:
			refusal.WriteString(ev.Text)
		case llm.EventReasoningDelta:
			reasoning.WriteString(ev.Text)
			if ev.Signature != "" {
				m.Signed++
			}
			if ev.RedactedReasoning != "" {
				m.Redacted++
			}
			if ev.ReasoningState != "" {
				m.States = append(m.States, ev.ReasoningState)
			}
		case llm.EventToolCall:
			call := ev.ToolCall.ID + " " + ev.ToolCall.Name + " " + string(ev.ToolCall.Arguments)
			if ev.ToolCall.ProviderState != "" {
				call += " state " + ev.ToolCall.ProviderState
			}
			m.Tools = append(m.Tools, call)
		case llm.EventCitation:
			m.Cites++
			if u := ev.Citation.URL; u != "" && !slices.Contains(m.Sources, u) {
				m.Sources = append(m.Sources, u)
			}
		case llm.EventUsage:
			m.Usage = ev.Usage
		case llm.EventFinish:
			m.Finish, m.Refusal = ev.Finish.Reason, ev.Finish.Refusal
		}
	}
	m.Text, m.Reasoning, m.RefusalText = clip(text.String()), clip(reasoning.String()), clip(refusal.String())
	return m
}

// TestCorpusProviderCost: where a provider reports the cost of a call,
// the usage the adapter read, priced as the engine prices it, is that
// cost to the nano-dollar. xAI's cost of a grok-3-mini call includes the
// reasoning that its completion_tokens leave out; OpenRouter's, the web
// searches it counts in server_tool_use_details.
func TestCorpusProviderCost(t *testing.T) {
	t.Parallel()
	// grok-3-mini as xAI prices it: $0.30/M input, $0.075/M cached input,
	// $0.50/M output.
	grok3Mini := catalog.Price{
		Input: catalog.NanosPerMillion(300_000_000), CacheRead: catalog.NanosPerMillion(75_000_000),
		Output: catalog.NanosPerMillion(500_000_000), CacheWrite: catalog.NanosPerMillion(0),
	}
	// OpenRouter's openai/gpt-4.1-mini: OpenAI's $0.40/M input, $1.60/M
	// output and its native web search's $10 per 1,000 calls, passed
	// through. deepseek/deepseek-chat as the recording's cost_details
	// price its tokens (upstream_inference_prompt_cost / prompt_tokens:
	// $0.2574/M, $1.0287/M), searched with Exa at OpenRouter's $0.007 a
	// search (https://openrouter.ai/docs/guides/features/plugins/web-search,
	// "Engine-Specific Pricing").
	gpt41Mini := catalog.Price{
		Input: catalog.NanosPerMillion(400_000_000), Output: catalog.NanosPerMillion(1_600_000_000),
		CacheRead: catalog.NanosPerMillion(100_000_000), WebSearch: catalog.NanosPerRequest(10_000_000),
	}
	deepseekExa := catalog.Price{
		Input: catalog.NanosPerMillion(257_400_000), Output: catalog.NanosPerMillion(1_028_700_000),
		WebSearch: catalog.NanosPerRequest(7_000_000),
	}
	tests := []struct {
		file, model string
		price       catalog.Price
	}{
		{"xai/grok-3-mini-text.sse", "", grok3Mini},
		{"xai/grok-3-mini-text-2.sse", "", grok3Mini},
		{"xai/grok-tool-call.sse", "", grok3Mini},
		{"xai/grok-tool-call-2.sse", "", grok3Mini},
		{"openrouter/web-search-native.sse", "openai/gpt-4.1-mini", gpt41Mini},
		{"openrouter/web-search-exa.sse", "deepseek/deepseek-chat", deepseekExa},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			u := replay(t, transcript{file: tt.file, model: tt.model}, body, 0).Usage
			if u == nil || !u.ProviderCostKnown {
				t.Fatalf("usage %+v: no provider cost", u)
			}
			// As the engine prices a call (chat's catalogUsage): reasoning
			// apart from the rest of the output.
			got, known := catalog.Cost(tt.price, catalog.Usage{
				Input: u.InputTokens, Output: u.OutputTokens - u.ReasoningTokens, CacheRead: u.CacheReadTokens,
				CacheWrite: u.CacheWriteTokens, Reasoning: u.ReasoningTokens, WebSearchRequests: u.WebSearchRequests,
			})
			if !known || got != u.ProviderCostNanos {
				t.Errorf("our cost %d nano-USD (known %v), the provider's %d", got, known, u.ProviderCostNanos)
			}
		})
	}
}
