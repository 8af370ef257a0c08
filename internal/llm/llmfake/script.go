package llmfake

import (
	"strings"
	"time"
)

// Script drives one response of a fake handler.
type Script struct {
	// Reasoning deltas, streamed before the text (OpenAI
	// reasoning_content, Anthropic thinking_delta).
	Reasoning []string
	// ReasoningField is the OpenAI delta field for reasoning:
	// "reasoning_content" (default, DeepSeek) or "reasoning" (OpenRouter,
	// vLLM).
	ReasoningField string
	// ReasoningDetails are OpenRouter reasoning_details pieces (each a JSON
	// array), streamed one delta each after the reasoning (OpenAI wire).
	ReasoningDetails []string
	// Signature ends an Anthropic thinking block; default "sig-fake".
	Signature string
	// Tokens are the text deltas, one event each.
	Tokens []string
	// Refusal pieces are streamed after the text as OpenAI's
	// delta.refusal (an OpenAI model refusing); for Anthropic, a refusal
	// is FinishReason "refusal".
	Refusal []string
	// Transcript, when set, is the whole stream served byte-exact (a
	// recorded transcript, e.g. from internal/llm/testdata/corpus) in
	// place of everything the other fields would stream; ChunkSize and
	// ChunkInterval still split it.
	Transcript []byte
	// Citations are streamed among the text: Anthropic citations_delta
	// events, OpenAI-compatible url_citation annotations (OpenRouter).
	Citations []Citation
	// Interval is the pause before each delta.
	Interval time.Duration
	// ToolCalls are streamed after the text.
	ToolCalls []ToolCall
	// Usage is the token count reported at the end. OpenAI reports it in
	// a usage-only final chunk, and only when the request asked for it
	// with stream_options.include_usage.
	Usage *Usage
	// FinishReason is the wire value; default "stop"/"end_turn", or
	// "tool_calls"/"tool_use" when there are tool calls.
	FinishReason string
	// Pings adds keep-alives between deltas: Anthropic ping events, SSE
	// comments for OpenAI.
	Pings bool
	// NoDone omits OpenAI's final "data: [DONE]".
	NoDone bool

	// Status, when not 0 or 200, answers with this HTTP status and an
	// error body in the provider's format instead of a stream.
	Status int
	// RetryAfter is the Retry-After header sent with Status.
	RetryAfter string
	// Headers are extra response headers (e.g. "retry-after-ms").
	Headers map[string]string
	// ErrorType and ErrorMessage fill the error body of Status or the
	// error event of FaultErrorEvent; defaults depend on the status and
	// provider. ErrorCode is OpenAI's code field.
	ErrorType, ErrorCode, ErrorMessage string
	// ErrorBody replaces the whole error body of Status.
	ErrorBody string

	// StallHeaders sends nothing at all, not even the response headers,
	// until the client goes away: a provider that hangs.
	StallHeaders bool

	// Fault happens after FaultAfter text tokens.
	Fault      Fault
	FaultAfter int

	// ChunkSize, when > 0, writes the response in pieces of this many
	// bytes, flushing each, so SSE lines and events straddle writes.
	ChunkSize int
	// ChunkInterval pauses between those pieces, so that the client
	// really reads them separately.
	ChunkInterval time.Duration
}

// Fault is a failure injected mid-stream.
type Fault int

// Faults.
const (
	FaultNone Fault = iota
	// FaultErrorEvent sends the provider's error event and ends the
	// stream (OpenAI: data: {"error":...}; Anthropic: event: error).
	FaultErrorEvent
	// FaultCut drops the connection without finishing the response.
	FaultCut
	// FaultStall stops sending and waits until the client goes away.
	FaultStall
)

// ToolCall is a tool call the fake model makes.
type ToolCall struct {
	ID, Name string
	// Arguments is the JSON text of the arguments.
	Arguments string
	// Chunks splits Arguments into this many deltas (default 3).
	Chunks int
	// ExtraContent is the JSON object OpenAI's format carries as the
	// call's extra_content (Google's thought signature), sent with the
	// call's first delta; omitted when empty. Anthropic's format has none.
	ExtraContent string
}

// pieces splits the arguments into Chunks deltas of about equal size.
func (c ToolCall) pieces() []string {
	n := c.Chunks
	if n <= 0 {
		n = 3
	}
	return split(c.Arguments, n)
}

// Usage is a provider-neutral token count; each handler writes it in its
// provider's format (OpenAI prompt_tokens = Input + CacheRead).
type Usage struct {
	// Input is the uncached input.
	Input      int
	Output     int
	CacheRead  int
	CacheWrite int
	Reasoning  int
	// CacheWrite1h is the part of CacheWrite written to the one-hour cache:
	// Anthropic's cache_creation splits CacheWrite into
	// ephemeral_5m_input_tokens and ephemeral_1h_input_tokens.
	CacheWrite1h int
	// WebSearches counts the server-side web searches, reported when not
	// 0: in Anthropic's format as server_tool_use.web_search_requests in
	// message_delta's usage; in OpenAI's as OpenRouter counts them,
	// usage.server_tool_use_details.web_search_requests (recorded in the
	// llm corpus, openrouter/web-search-native.sse). OpenAI's own search
	// models and OpenRouter's usage as its web-plugin documentation shows
	// it count none: leave it 0 to play those.
	WebSearches int
	// Cost is OpenAI-compatible usage.cost as OpenRouter writes it: a JSON
	// number of US dollars, verbatim (e.g. "0.0111"); omitted when empty.
	Cost string
}

// split cuts s into n pieces of about equal byte length (never inside a
// UTF-8 sequence).
func split(s string, n int) []string {
	if n <= 1 || len(s) <= 1 {
		return []string{s}
	}
	var out []string
	size := (len(s) + n - 1) / n
	for len(s) > 0 {
		cut := min(size, len(s))
		for cut < len(s) && !utf8Start(s[cut]) {
			cut++
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return out
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// Text returns the script's text tokens joined.
func (s *Script) Text() string { return strings.Join(s.Tokens, "") }

// Citation is a source the answer cites, streamed just before the text
// token at index Before (len(Tokens) or more: after the text).
type Citation struct {
	URL, Title, CitedText string
	Before                int
}

// citationsBefore returns the citations streamed before token i; the last
// index takes every citation at or past it.
func (s *Script) citationsBefore(i int) []Citation {
	var out []Citation
	for _, c := range s.Citations {
		if c.Before == i || (i == len(s.Tokens) && c.Before > i) {
			out = append(out, c)
		}
	}
	return out
}
