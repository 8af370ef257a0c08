package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Kind classifies an [*Error] by what the engine should do about it.
type Kind int

// Error kinds.
const (
	// KindUnknown is a failure nothing more is known about; not retried.
	KindUnknown Kind = iota
	// KindRetryable is transient: 408, 409, 429, 5xx, 529 overloaded, an
	// overloaded/api/rate-limit error event, or a connection that failed
	// or ended before any output. The engine retries it (honouring
	// RetryAfter) only while no output has been streamed.
	KindRetryable
	// KindAuth: the key is missing, wrong or lacks permission (401/403,
	// Google's 400 API_KEY_INVALID).
	KindAuth
	// KindBadRequest: the provider rejected the request (400/404/413/422):
	// unknown model, bad parameter, malformed history.
	KindBadRequest
	// KindContextWindowExceeded: the prompt does not fit the model's
	// context window (OpenAI context_length_exceeded, Anthropic "prompt is
	// too long", Google "input token count ... exceeds the maximum", and
	// the other wordings of contextOverflows). The engine may shrink the
	// context and try again.
	KindContextWindowExceeded
	// KindContentFiltered: the provider's safety filter rejected the
	// request (OpenAI invalid_prompt, OpenRouter's moderation and
	// guardrail 403s).
	KindContentFiltered
	// KindQuota: the account is out of credit or quota (OpenAI
	// insufficient_quota, Anthropic billing_error, Google
	// RESOURCE_EXHAUSTED "exceeded your current quota" without a retry
	// delay, OpenRouter's key limit), or the request alone exceeds a
	// per-minute token limit (OpenAI's 429 "Request too large"); retrying
	// will not help.
	KindQuota
	// KindInterrupted: the stream broke after output began (connection
	// reset, unexpected EOF). Never retried: the text would be duplicated.
	KindInterrupted
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case KindRetryable:
		return "retryable"
	case KindAuth:
		return "auth"
	case KindBadRequest:
		return "bad_request"
	case KindContextWindowExceeded:
		return "context_window_exceeded"
	case KindContentFiltered:
		return "content_filtered"
	case KindQuota:
		return "quota"
	case KindInterrupted:
		return "interrupted"
	}
	return "unknown"
}

// Error is a classified provider failure. Its message is safe to log: it
// never contains the API key or the request's headers. It is still
// provider text, so the API edge should not forward it to clients verbatim.
type Error struct {
	// Kind says what to do about the failure.
	Kind Kind
	// Provider names the adapter: "openai" or "anthropic".
	Provider string
	// StatusCode is the HTTP status; for an error event mid-stream, the
	// status the provider uses for that error type (e.g. 529 for
	// overloaded_error), 0 when none applies.
	StatusCode int
	// Code is the provider's error code or type, e.g.
	// "context_length_exceeded" or "overloaded_error".
	Code string
	// Message is the provider's explanation, redacted and truncated; a
	// fixed text for auth failures (providers echo parts of the key).
	Message string
	// RetryAfter is the provider's requested delay (retry-after-ms or
	// Retry-After in seconds or as an HTTP date); 0 when not given.
	RetryAfter time.Duration
	// RequestID is the provider's request id, for support tickets.
	RequestID string
	// MidStream is true when the error arrived after the response started.
	MidStream bool

	err error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.String())
	if e.StatusCode != 0 || e.Code != "" {
		b.WriteString(" (")
		if e.StatusCode != 0 {
			b.WriteString(strconv.Itoa(e.StatusCode))
			if e.Code != "" {
				b.WriteString(" ")
			}
		}
		b.WriteString(e.Code)
		b.WriteString(")")
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Unwrap returns the underlying cause, if any (a transport error such as
// io.ErrUnexpectedEOF). It is never an SDK error that holds the request.
func (e *Error) Unwrap() error { return e.err }

// AsError returns the [*Error] in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsRetryable reports whether err is an [*Error] of [KindRetryable]. The
// engine must still not retry once output has been streamed.
func IsRetryable(err error) bool {
	e, ok := AsError(err)
	return ok && e.Kind == KindRetryable
}

// RetryAfter returns the delay the provider asked for in err, 0 if none.
func RetryAfter(err error) time.Duration {
	if e, ok := AsError(err); ok {
		return e.RetryAfter
	}
	return 0
}

// kindForStatus classifies an HTTP status.
func kindForStatus(status int) Kind {
	switch {
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return KindAuth
	case status == http.StatusRequestTimeout, status == http.StatusConflict,
		status == http.StatusTooEarly, status == http.StatusTooManyRequests,
		status >= 500:
		return KindRetryable
	case status == http.StatusPaymentRequired:
		return KindQuota
	case status >= 400:
		return KindBadRequest
	}
	return KindUnknown
}

// refine upgrades a status-derived kind using the provider's code and
// message: context-window, content-filter and quota errors hide behind 400
// and 429, and a moderation refusal behind 403 (OpenRouter). status is the
// HTTP status, 0 when none is known.
func refine(kind Kind, status int, code, message string) Kind {
	c := strings.ToLower(code)
	m := strings.ToLower(message)
	switch {
	case kind == KindAuth:
		switch {
		case status != http.StatusForbidden:
		case moderated(c, m):
			return KindContentFiltered
		case strings.Contains(m, "key limit exceeded"):
			// OpenRouter: the key's spending limit, not its validity.
			return KindQuota
		}
		return kind
	case c == "api_key_invalid" || strings.Contains(m, "api key not valid"):
		// Google answers a wrong key with 400 INVALID_ARGUMENT.
		return KindAuth
	case tooLargeForRateLimit(m):
		// OpenAI's 429 "Request too large for <model> ... on tokens per
		// min (TPM)": the request alone exceeds the account's
		// per-minute limit, so waiting will not let it through.
		return KindQuota
	case contextOverflow(c, m):
		return KindContextWindowExceeded
	case c == "content_filter" || c == "content_policy_violation" ||
		c == "responsibleaipolicyviolation" || strings.Contains(m, "content management policy") ||
		moderated(c, m):
		return KindContentFiltered
	case c == "insufficient_quota" || c == "billing_error" || c == "billing_not_active" ||
		strings.Contains(m, "credit balance is too low") ||
		// Google; its "Resource has been exhausted (e.g. check quota)"
		// is a passing shortage, left retryable.
		(c == "resource_exhausted" && strings.Contains(m, "exceeded your current quota")):
		return KindQuota
	}
	return kind
}

// moderated reports whether a (lower-cased) code and message say that a
// moderation check flagged the input: OpenAI's invalid_prompt ("your
// prompt was flagged as potentially violating our usage policy"),
// OpenRouter's 403 moderation ("... requires moderation on OpenAI. Your
// input was flagged for ...") and guardrail blocks ("Request blocked:
// prompt injection patterns detected"). A key or account that was
// flagged is not this.
func moderated(c, m string) bool {
	return c == "invalid_prompt" ||
		strings.Contains(m, "input was flagged") ||
		strings.Contains(m, "prompt was flagged") ||
		strings.Contains(m, "requires moderation") ||
		strings.HasPrefix(m, "request blocked")
}

// contextOverflows are the codes and wordings with which providers
// reject a prompt that does not fit the model's context window, matched
// against the lower-cased code (exactly) and message (as a substring).
// Each has a body in the transcript corpus (testdata/corpus). A wording
// is specific enough not to match a rate limit ("tokens per min") or an
// output limit ("max_tokens is too large").
var contextOverflows = []struct {
	provider, code, wording string
}{
	{provider: "OpenAI, Groq", code: "context_length_exceeded"},
	{provider: "OpenAI, OpenRouter, Mistral", wording: "maximum context length"},
	{provider: "OpenAI", wording: "exceeds the context window"},
	{provider: "Anthropic", wording: "prompt is too long"},
	{provider: "Google", wording: "exceeds the maximum number of tokens allowed"},
	{provider: "xAI", wording: "maximum prompt length is"},
	{provider: "Groq", wording: "reduce the length of the messages"},
	{provider: "llama.cpp", code: "exceed_context_size_error"},
	{provider: "llama.cpp", wording: "exceeds the available context size"},
	{provider: "LM Studio", wording: "greater than the context length"},
	{provider: "Kimi", wording: "exceeded model token limit"},
	{provider: "MiniMax", wording: "context window exceeds limit"},
	{provider: "z.ai", code: "model_context_window_exceeded"},
	{provider: "z.ai", wording: "model_context_window_exceeded"},
	{provider: "vLLM, generic", wording: "context_length_exceeded"},
	{provider: "generic", wording: "context length exceeded"},
	{provider: "generic", wording: "exceed context limit"},
	{provider: "generic", wording: "context window"},
}

// contextOverflow reports whether a lower-cased code and message say that
// the prompt does not fit the context window (see contextOverflows).
func contextOverflow(c, m string) bool {
	for _, o := range contextOverflows {
		if (o.code != "" && c == o.code) || (o.wording != "" && strings.Contains(m, o.wording)) {
			return true
		}
	}
	return false
}

// tooLargeForRateLimit reports whether a lower-cased message says that a
// request exceeds a per-minute token limit by itself (OpenAI's 429, Groq's
// 413 "Request too large for model ... on tokens per minute (TPM)").
func tooLargeForRateLimit(m string) bool {
	return strings.Contains(m, "request too large") && strings.Contains(m, "tokens per min")
}

// parseRetryAfter reads retry-after-ms, then Retry-After (delta seconds or
// HTTP date), from h.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "Request-Id"} {
		if v := h.Get(k); v != "" {
			return sanitize(v, 128)
		}
	}
	return ""
}

// sanitize drops control characters and truncates s to at most n bytes.
func sanitize(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > n {
		cut := n
		for cut > 0 && (s[cut]&0xC0) == 0x80 { // don't split a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// newStatusError builds the error for an HTTP error response.
func newStatusError(provider string, status int, h http.Header, code, message, secret string) *Error {
	e := &Error{
		Provider:   provider,
		StatusCode: status,
		Code:       redactField(code, secret, 64),
		RetryAfter: parseRetryAfter(h, time.Now()),
		RequestID:  redactField(requestID(h), secret, 128),
	}
	e.Kind = refine(kindForStatus(status), status, code, message)
	if e.Kind == KindAuth {
		// OpenAI's 401 echoes the key ("Incorrect API key provided:
		// sk-proj-…abcd"); say nothing the provider said.
		e.Message = "authentication failed: check the API key"
		if status == http.StatusForbidden {
			e.Message = "permission denied for this key"
		}
	} else {
		e.Message = redact(message, secret)
		if e.Message == "" {
			e.Message = http.StatusText(status)
		}
	}
	return e
}

// bodyReadError is what a stream reports when reading its body failed:
// the cancellation of the read's context or of the stream's own (Close),
// else a transport error.
func bodyReadError(ctx, own context.Context, provider, secret string, afterOutput bool, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if own.Err() != nil {
		return own.Err()
	}
	return newTransportError(provider, err, afterOutput, secret)
}

// newTransportError classifies a failure to reach the provider or a broken
// stream; afterOutput says whether events were already delivered.
func newTransportError(provider string, err error, afterOutput bool, secret string) *Error {
	e := &Error{Provider: provider, Kind: KindRetryable, MidStream: afterOutput, err: err}
	e.Message = redact(err.Error(), secret)
	if afterOutput {
		e.Kind = KindInterrupted
	}
	return e
}
