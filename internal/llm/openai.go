package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// OpenAIDefaultBaseURL is the base URL of OpenAI's API.
const OpenAIDefaultBaseURL = "https://api.openai.com/v1"

// MaxTokensField names the request field that carries
// [Params.MaxOutputTokens] to an OpenAI-compatible endpoint.
type MaxTokensField string

// Output-limit fields.
const (
	// MaxCompletionTokens is OpenAI's current field, required by its
	// reasoning models.
	MaxCompletionTokens MaxTokensField = "max_completion_tokens"
	// MaxTokens is the legacy field most compatible servers (Ollama,
	// vLLM, older gateways) still expect.
	MaxTokens MaxTokensField = "max_tokens"
)

// OpenAIConfig configures an [OpenAI] adapter.
type OpenAIConfig struct {
	// BaseURL is the API root including the version, e.g.
	// "https://api.openai.com/v1" (the default) or
	// "http://localhost:11434/v1". The adapter appends
	// "/chat/completions".
	BaseURL string
	// APIKey is sent as "Authorization: Bearer"; empty sends no
	// Authorization header (local servers).
	APIKey string
	// Headers are added to every request (e.g. OpenRouter's HTTP-Referer).
	Headers map[string]string
	// HTTPClient sends the requests; nil uses a shared [NewHTTPClient].
	// The adapter follows a redirect only within the base URL's host.
	HTTPClient *http.Client
	// MaxTokensField selects the output-limit field; default
	// [MaxCompletionTokens].
	MaxTokensField MaxTokensField
	// Name labels errors; default "openai".
	Name string
}

// OpenAI is the adapter for OpenAI-compatible chat-completions endpoints.
// It is safe for concurrent use.
type OpenAI struct {
	url      string
	key      string
	headers  map[string]string
	client   *http.Client
	maxField MaxTokensField
	name     string
	cfgErr   error
}

var _ Provider = (*OpenAI)(nil)

// NewOpenAI returns an adapter for an OpenAI-compatible endpoint. It is
// cheap: build one per provider configuration.
//
// The adapter marshals go-openai's request types and decodes its response
// types, but sends the request and reads the SSE stream itself: go-openai's
// stream reader drops the response headers of failures (no Retry-After), has
// no reasoning field for OpenRouter/vLLM "reasoning" deltas, and its
// float32 temperature with omitempty cannot send temperature 0.
func NewOpenAI(cfg OpenAIConfig) *OpenAI {
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = OpenAIDefaultBaseURL
	}
	o := &OpenAI{
		url:      base + "/chat/completions",
		key:      cfg.APIKey,
		headers:  cfg.Headers,
		client:   cfg.HTTPClient,
		maxField: cfg.MaxTokensField,
		name:     cfg.Name,
	}
	if o.client == nil {
		o.client = defaultHTTPClient()
	}
	if o.maxField == "" {
		o.maxField = MaxCompletionTokens
	}
	if o.name == "" {
		o.name = "openai"
	}
	o.client = sameHostRedirects(o.client, o.name)
	o.cfgErr = checkBaseURL(base)
	return o
}

// openaiRequest is go-openai's request with the sampling fields replaced by
// pointers, so that 0 is sent and "unset" is omitted. The outer fields
// shadow the embedded ones in encoding/json.
type openaiRequest struct {
	openai.ChatCompletionRequest
	Temperature *float64 `json:"temperature,omitempty"`
	TopP        *float64 `json:"top_p,omitempty"`
	// Messages replaces go-openai's, whose tool calls have no room for
	// extra_content: each is go-openai's encoding, or openaiStateMessage's.
	Messages []json.RawMessage `json:"messages"`
}

// openaiStateMessage is an assistant message that carries provider
// state: its tool calls' as each call's extra_content (Google), its
// reasoning's as reasoning_details (OpenRouter).
type openaiStateMessage struct {
	Role             string            `json:"role"`
	Content          string            `json:"content,omitempty"`
	ToolCalls        []openaiToolCall  `json:"tool_calls,omitempty"`
	ReasoningDetails []json.RawMessage `json:"reasoning_details,omitempty"`
}

// hasProviderState reports whether m carries state to send back.
func hasProviderState(m *Message) bool {
	return slices.ContainsFunc(m.ToolCalls, func(c ToolCall) bool { return c.ProviderState != "" }) ||
		slices.ContainsFunc(m.Parts, func(p Part) bool { return p.ProviderState != "" })
}

func (o *OpenAI) buildRequest(req *Request) ([]byte, error) {
	if body, ok := o.buildTextRequest(req); ok {
		return body, nil
	}
	return o.buildRequestJSON(req)
}

// buildRequestJSON is buildRequest's general path, through go-openai's
// types.
func (o *OpenAI) buildRequestJSON(req *Request) ([]byte, error) {
	var r openaiRequest
	r.Model = req.Model
	r.Stream = true
	r.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	r.Temperature = req.Params.Temperature
	r.TopP = req.Params.TopP
	r.ReasoningEffort = req.Params.ReasoningEffort
	if o.maxField == MaxTokens {
		r.MaxTokens = req.maxOutputTokens() //nolint:staticcheck // the legacy field is what compatible servers expect

	} else {
		r.MaxCompletionTokens = req.maxOutputTokens()
	}
	if req.System != "" {
		m, err := json.Marshal(openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: req.System})
		if err != nil {
			return nil, fmt.Errorf("system message: %w", err)
		}
		r.Messages = append(r.Messages, m)
	}
	for i := range req.Messages {
		m, err := openaiMessage(&req.Messages[i])
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		var b []byte
		if hasProviderState(&req.Messages[i]) {
			b, err = json.Marshal(withProviderState(m, &req.Messages[i]))
		} else {
			b, err = json.Marshal(m)
		}
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		r.Messages = append(r.Messages, b)
	}
	for _, t := range req.Tools {
		params := json.RawMessage(`{"type":"object","properties":{}}`)
		if len(t.Schema) > 0 {
			params = t.Schema
		}
		r.Tools = append(r.Tools, openai.Tool{
			Type:     openai.ToolTypeFunction,
			Function: &openai.FunctionDefinition{Name: t.Name, Description: t.Description, Parameters: params},
		})
	}
	if len(req.Tools) > 0 {
		switch c := req.ToolChoice; c.Mode {
		case ToolChoiceAuto, ToolChoiceNone, ToolChoiceRequired:
			r.ToolChoice = c.Mode
		case ToolChoiceTool:
			r.ToolChoice = openai.ToolChoice{Type: openai.ToolTypeFunction, Function: openai.ToolFunction{Name: c.Name}}
		}
	}
	return json.Marshal(&r)
}

// withProviderState is assistant message m (the encoding of src) with
// its tool calls' provider state (src.ToolCalls[i] is m's i-th call) as
// their extra_content, as Google documents for thought signatures: each
// call goes back as it came; and with the items of its reasoning parts'
// state, in order, as its reasoning_details, as OpenRouter documents for
// preserving reasoning blocks.
func withProviderState(m openai.ChatCompletionMessage, src *Message) openaiStateMessage {
	out := openaiStateMessage{Role: m.Role, Content: m.Content}
	for i, c := range m.ToolCalls {
		tc := openaiToolCall{ToolCall: c}
		if st := src.ToolCalls[i].ProviderState; json.Valid([]byte(st)) {
			tc.ExtraContent = json.RawMessage(st)
		}
		out.ToolCalls = append(out.ToolCalls, tc)
	}
	for _, p := range src.Parts {
		if p.Type != PartReasoning && p.Type != PartRedactedReasoning || p.ProviderState == "" {
			continue
		}
		var items []json.RawMessage
		if json.Unmarshal([]byte(p.ProviderState), &items) == nil {
			out.ReasoningDetails = append(out.ReasoningDetails, items...)
		}
	}
	return out
}

// buildTextRequest writes the body of the common call, text messages and
// no tools, without reflection: go-openai's ChatCompletionMessage marshals
// itself with a nested json.Marshal whose output encoding/json then checks
// again, for every message of the conversation on every turn, on the way
// to the first token (about 1.5 µs a message). Its JSON is the general
// path's for such requests (TestOpenAITextRequestMatches); false sends req
// down the general path.
func (o *OpenAI) buildTextRequest(req *Request) ([]byte, bool) {
	if len(req.Tools) > 0 || (req.System == "" && len(req.Messages) == 0) {
		return nil, false
	}
	size := 256 + len(req.Model) + len(req.System)
	for i := range req.Messages {
		m := &req.Messages[i]
		switch {
		case m.Role == RoleUser && !slices.ContainsFunc(m.Parts, func(p Part) bool { return p.Type == PartImage || p.Type == PartDocument }):
		case m.Role == RoleAssistant && len(m.ToolCalls) == 0 && !hasProviderState(m):
		default:
			return nil, false
		}
		for _, p := range m.Parts {
			size += len(p.Text) + len(p.Text)/8 // room for some escapes
		}
		size += 40
	}
	b := make([]byte, 0, size)
	b = append(b, `{"model":`...)
	b = appendJSONString(b, req.Model)
	b = append(b, `,"messages":[`...)
	msg := func(role, content string) {
		if b[len(b)-1] != '[' {
			b = append(b, ',')
		}
		b = append(b, `{"role":"`...)
		b = append(b, role...)
		b = append(b, '"')
		if content != "" {
			b = append(b, `,"content":`...)
			b = appendJSONString(b, content)
		}
		b = append(b, '}')
	}
	if req.System != "" {
		msg(openai.ChatMessageRoleSystem, req.System)
	}
	for i := range req.Messages {
		m := &req.Messages[i]
		role := openai.ChatMessageRoleUser
		if m.Role == RoleAssistant {
			role = openai.ChatMessageRoleAssistant
		}
		msg(role, m.Text())
	}
	b = append(b, ']')
	if n := req.maxOutputTokens(); n != 0 {
		if o.maxField == MaxTokens {
			b = append(b, `,"max_tokens":`...)
		} else {
			b = append(b, `,"max_completion_tokens":`...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, `,"stream":true,"stream_options":{"include_usage":true}`...)
	if req.Params.ReasoningEffort != "" {
		b = append(b, `,"reasoning_effort":`...)
		b = appendJSONString(b, req.Params.ReasoningEffort)
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"temperature", req.Params.Temperature}, {"top_p", req.Params.TopP}} {
		if f.v == nil {
			continue
		}
		if math.IsInf(*f.v, 0) || math.IsNaN(*f.v) {
			return nil, false // encoding/json's error, from the general path
		}
		b = append(b, `,"`...)
		b = append(b, f.name...)
		b = append(b, `":`...)
		b = appendJSONFloat(b, *f.v)
	}
	return append(b, '}'), true
}

// appendJSONString appends s as a JSON string, as encoding/json would
// decode to the same value: invalid UTF-8 becomes U+FFFD, control
// characters, quotes and backslashes are escaped, U+2028 and U+2029 too
// (for JavaScript readers).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat appends a finite f as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, f, format, -1, 64)
}

func openaiMessage(m *Message) (openai.ChatCompletionMessage, error) {
	switch m.Role {
	case RoleUser:
		out := openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser}
		if slices.ContainsFunc(m.Parts, func(p Part) bool { return p.Type == PartDocument }) {
			return out, errors.New("OpenAI-compatible providers do not take document parts")
		}
		onlyText := !slices.ContainsFunc(m.Parts, func(p Part) bool { return p.Type == PartImage })
		if onlyText {
			out.Content = m.Text()
			return out, nil
		}
		for _, p := range m.Parts {
			switch p.Type {
			case PartText:
				out.MultiContent = append(out.MultiContent, openai.ChatMessagePart{Type: openai.ChatMessagePartTypeText, Text: p.Text})
			case PartImage:
				u := p.URL
				if u == "" {
					if p.Data == "" || p.MediaType == "" {
						return out, errors.New("image part needs a URL or data with a media type")
					}
					u = "data:" + p.MediaType + ";base64," + p.Data
				}
				out.MultiContent = append(out.MultiContent, openai.ChatMessagePart{
					Type:     openai.ChatMessagePartTypeImageURL,
					ImageURL: &openai.ChatMessageImageURL{URL: u, Detail: openai.ImageURLDetailAuto},
				})
			}
		}
		return out, nil
	case RoleAssistant:
		// Reasoning parts are not sent back: OpenAI keeps reasoning
		// server-side and DeepSeek rejects reasoning_content in input.
		out := openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: m.Text()}
		for _, c := range m.ToolCalls {
			args := string(c.Arguments)
			if args == "" {
				args = "{}"
			}
			out.ToolCalls = append(out.ToolCalls, openai.ToolCall{
				ID: c.ID, Type: openai.ToolTypeFunction,
				Function: openai.FunctionCall{Name: c.Name, Arguments: args},
			})
		}
		return out, nil
	case RoleTool:
		content := m.Text()
		if content == "" {
			// content is required; go-openai omits an empty string.
			content = "(no output)"
		}
		return openai.ChatCompletionMessage{Role: openai.ChatMessageRoleTool, ToolCallID: m.ToolCallID, Content: content}, nil
	}
	return openai.ChatCompletionMessage{}, fmt.Errorf("unknown role %q", m.Role)
}

// Stream implements [Provider].
func (o *OpenAI) Stream(ctx context.Context, req *Request) (Stream, error) {
	hreq, sctx, cancel, err := o.newHTTPRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	resp, err := o.client.Do(hreq) //nolint:bodyclose // open closes the body or hands it to the stream
	return o.open(ctx, sctx, cancel, req, resp, err)
}

// Send implements [Sender]: the call is made on a goroutine of its own
// (which dials if need be) until Open.
func (o *OpenAI) Send(ctx context.Context, req *Request) Pending {
	hreq, sctx, cancel, err := o.newHTTPRequest(ctx, req)
	p := &openaiPending{o: o, req: req, ctx: ctx, sctx: sctx, cancel: cancel, err: err}
	if err != nil {
		return p
	}
	p.background(func() (*http.Response, error) { return o.client.Do(hreq) })
	return p
}

// background makes the call on a goroutine of its own; Open waits for it.
func (p *openaiPending) background(call func() (*http.Response, error)) {
	p.done = make(chan struct{})
	go func() {
		p.resp, p.err = call() //nolint:bodyclose // open closes the body or hands it to the stream
		close(p.done)
	}()
}

// openaiPending is an OpenAI call sent by Send.
type openaiPending struct {
	o      *OpenAI
	req    *Request
	ctx    context.Context // Send's
	sctx   context.Context // the call's own, cancelled by cancel
	cancel context.CancelFunc

	done chan struct{} // closed when the call on its goroutine returned
	resp *http.Response
	err  error
}

func (p *openaiPending) Open() (Stream, error) {
	if p.done != nil {
		<-p.done
	}
	resp, err := p.resp, p.err
	p.resp = nil
	return p.o.open(p.ctx, p.sctx, p.cancel, p.req, resp, err)
}

func (p *openaiPending) Close() {
	if p.cancel != nil {
		p.cancel()
	}
	if p.done != nil {
		go func() {
			<-p.done
			if p.resp != nil {
				_ = p.resp.Body.Close()
			}
		}()
	}
}

// newHTTPRequest builds the HTTP request of a call, with the call's own
// context.
func (o *OpenAI) newHTTPRequest(ctx context.Context, req *Request) (*http.Request, context.Context, context.CancelFunc, error) {
	if o.cfgErr != nil {
		return nil, nil, nil, &Error{Provider: o.name, Kind: KindBadRequest, Message: redact(o.cfgErr.Error(), o.key)}
	}
	body, err := o.buildRequest(req)
	if err != nil {
		return nil, nil, nil, &Error{Provider: o.name, Kind: KindBadRequest, Message: "building request: " + err.Error()}
	}
	sctx, cancel := context.WithCancel(ctx)
	hreq, err := http.NewRequestWithContext(sctx, http.MethodPost, o.url, bytes.NewReader(body))
	if err != nil {
		cancel()
		return nil, nil, nil, &Error{Provider: o.name, Kind: KindBadRequest, Message: redact("invalid base URL: "+err.Error(), o.key)}
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "text/event-stream")
	for k, v := range o.headers {
		hreq.Header.Set(k, v)
	}
	if o.key != "" {
		hreq.Header.Set("Authorization", "Bearer "+o.key)
	}
	return hreq, sctx, cancel, nil
}

// open turns the response to a call (or its failure) into the stream.
func (o *OpenAI) open(ctx, sctx context.Context, cancel context.CancelFunc, req *Request, resp *http.Response, err error) (Stream, error) {
	if err != nil {
		if cancel != nil {
			cancel()
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var le *Error
		if errors.As(err, &le) {
			return nil, le
		}
		return nil, newTransportError(o.name, err, false, o.key)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer cancel()
		defer func() { _ = resp.Body.Close() }()
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		body := parseOpenAIError(raw)
		e := newStatusError(o.name, resp.StatusCode, resp.Header, body.code, body.msg, o.key)
		if e.Kind == KindQuota && (body.retryDelay > 0 || body.perMinute) {
			// Google words a per-minute limit as an exceeded quota,
			// and says when to try again: it passes.
			e.Kind = KindRetryable
		}
		if e.RetryAfter == 0 {
			e.RetryAfter = body.retryDelay
		}
		return nil, e
	}
	s := &openaiStream{
		name:       o.name,
		key:        o.key,
		parentDone: ctx.Done(),
		ctx:        sctx,
		cancel:     cancel,
		body:       resp.Body,
		tools:      map[int]*toolBuilder{},
		argDeltas:  req.StreamToolArguments,
		searches:   ImpliedWebSearches(req.Model),
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "application/json" {
		// A server that ignored stream:true answered with one completion.
		s.whole = true
	} else {
		s.sse = newSSEReader(resp.Body)
	}
	return s, nil
}

// openaiErrorBody is what an error response says.
type openaiErrorBody struct {
	code, msg string
	// retryDelay is Google's google.rpc.RetryInfo delay, 0 when none.
	retryDelay time.Duration
	// perMinute: a Google quota failure names a per-minute limit.
	perMinute bool
}

// parseOpenAIError extracts the code and message of an error body. Besides
// OpenAI's {"error":{...}} it accepts {"error":"..."} (Ollama),
// {"detail":"..."} (FastAPI servers), {"message":"..."}, and a JSON array
// whose first element is one of these (Google's OpenAI-compatible
// endpoint), whose google.rpc details it reads too.
func parseOpenAIError(raw []byte) openaiErrorBody {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(t, &list) == nil && len(list) > 0 {
			raw = list[0]
		}
	}
	var body struct {
		Error   json.RawMessage `json:"error"`
		Detail  json.RawMessage `json:"detail"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return openaiErrorBody{msg: string(raw)}
	}
	if len(body.Error) > 0 {
		var e openai.APIError
		if json.Unmarshal(body.Error, &e) == nil && e.Message != "" {
			out := openaiErrorBody{code: apiErrorCode(&e), msg: e.Message}
			out.readGoogle(body.Error)
			return out
		}
		var s string
		if json.Unmarshal(body.Error, &s) == nil {
			return openaiErrorBody{msg: s}
		}
	}
	if len(body.Detail) > 0 {
		var s string
		if json.Unmarshal(body.Detail, &s) == nil {
			return openaiErrorBody{msg: s}
		}
		return openaiErrorBody{msg: string(body.Detail)}
	}
	return openaiErrorBody{msg: body.Message}
}

// readGoogle reads the parts of a Google error object
// ({"code":400,"message":...,"status":"INVALID_ARGUMENT","details":[...]})
// that OpenAI's lacks: the code, when there is none yet, is the first
// detail's reason (API_KEY_INVALID) or else the status
// (RESOURCE_EXHAUSTED); a RetryInfo detail gives the retry delay.
func (b *openaiErrorBody) readGoogle(raw json.RawMessage) {
	var g struct {
		Status  string `json:"status"`
		Details []struct {
			Reason     string `json:"reason"`
			RetryDelay string `json:"retryDelay"`
			Violations []struct {
				QuotaID string `json:"quotaId"`
			} `json:"violations"`
		} `json:"details"`
	}
	if json.Unmarshal(raw, &g) != nil {
		return
	}
	for _, d := range g.Details {
		if b.code == "" && d.Reason != "" {
			b.code = d.Reason
		}
		if d.RetryDelay != "" {
			if delay, err := time.ParseDuration(d.RetryDelay); err == nil && delay > 0 {
				b.retryDelay = delay
			}
		}
		for _, v := range d.Violations {
			if strings.Contains(v.QuotaID, "PerMinute") {
				b.perMinute = true
			}
		}
	}
	isEnum := g.Status != "" && strings.Trim(g.Status, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == ""
	if b.code == "" && isEnum { // not an HTTP reason phrase some gateways put there
		b.code = g.Status
	}
}

func apiErrorCode(e *openai.APIError) string {
	if s, ok := e.Code.(string); ok && s != "" {
		return s
	}
	if e.InnerError != nil && e.InnerError.Code != "" {
		return e.InnerError.Code
	}
	return e.Type
}

// openaiChunk is one chat.completion.chunk. Delta is ours rather than
// go-openai's so that OpenRouter's and vLLM's "reasoning" field is read.
type openaiChunk struct {
	Choices []openaiChoice `json:"choices"`
	Usage   *openaiUsage   `json:"usage"`
	Error   *openaiMidErr  `json:"error"`
	// Citations are Perplexity's source URLs, repeated whole in every
	// chunk.
	Citations []string `json:"citations"`
}

type openaiChoice struct {
	Index int         `json:"index"`
	Delta openaiDelta `json:"delta"`
	// Message is set instead of Delta in a non-streamed completion.
	Message      *openaiDelta `json:"message"`
	FinishReason string       `json:"finish_reason"`
}

type openaiDelta struct {
	Content          openaiContent    `json:"content"`
	Refusal          string           `json:"refusal"`
	ReasoningContent string           `json:"reasoning_content"`
	Reasoning        json.RawMessage  `json:"reasoning"`
	ToolCalls        []openaiToolCall `json:"tool_calls"`
	// ReasoningDetails are OpenRouter's typed reasoning items
	// (reasoning.text with its signature, reasoning.encrypted,
	// reasoning.summary), streamed in pieces that share an index.
	ReasoningDetails []json.RawMessage `json:"reasoning_details"`
	// Annotations are OpenRouter's url_citation sources (web search).
	Annotations []struct {
		Type        string `json:"type"`
		URLCitation struct {
			URL     string `json:"url"`
			Title   string `json:"title"`
			Content string `json:"content"`
		} `json:"url_citation"`
	} `json:"annotations"`
}

// openaiToolCall is a tool call, or a fragment of one, with the
// extra_content Google's compatible endpoint adds to it: the thought
// signature Gemini wants back with the call ([ToolCall.ProviderState]).
type openaiToolCall struct {
	openai.ToolCall
	ExtraContent json.RawMessage `json:"extra_content,omitempty"`
}

// openaiContent is a delta's content: a string, or an array of typed
// parts. Mistral's reasoning models (magistral) stream
// [{"type":"thinking","thinking":[{"type":"text","text":...}]}] and then
// [{"type":"text","text":...}]: thinking parts are reasoning, text parts
// the answer; other parts (references, images) carry no text.
type openaiContent struct {
	Text, Thinking string
}

func (c *openaiContent) UnmarshalJSON(b []byte) error {
	*c = openaiContent{}
	switch t := bytes.TrimSpace(b); {
	case len(t) == 0 || t[0] == 'n':
		return nil
	case t[0] == '"':
		return json.Unmarshal(t, &c.Text)
	}
	var parts []struct {
		Type     string          `json:"type"`
		Text     string          `json:"text"`
		Thinking json.RawMessage `json:"thinking"`
	}
	if err := json.Unmarshal(b, &parts); err != nil {
		return err
	}
	var text, thinking strings.Builder
	for _, p := range parts {
		switch p.Type {
		case "text":
			text.WriteString(p.Text)
		case "thinking":
			var inner openaiContent
			if err := inner.UnmarshalJSON(p.Thinking); err != nil {
				return err
			}
			thinking.WriteString(inner.Text)
			thinking.WriteString(inner.Thinking)
		}
	}
	c.Text, c.Thinking = text.String(), thinking.String()
	return nil
}

// openaiUsage is go-openai's usage plus DeepSeek's cache counters, the
// cost OpenRouter (cost, in USD) and xAI (cost_in_usd_ticks, 10^-10 USD)
// report, and OpenRouter's count of the web searches it ran.
type openaiUsage struct {
	openai.Usage
	PromptCacheHitTokens *int64      `json:"prompt_cache_hit_tokens"`
	Cost                 json.Number `json:"cost"`
	CostInUSDTicks       *int64      `json:"cost_in_usd_ticks"`
	// ServerToolUseDetails is where OpenRouter's Chat Completions usage
	// counts web searches (its OpenAPI ChatUsage, and the streams
	// pydantic-ai recorded: corpus openrouter/web-search-*.sse);
	// ServerToolUse is the name its web-search guide shows ("Usage
	// Tracking", https://openrouter.ai/docs/guides/features/server-tools/web-search)
	// and its Responses and Messages usage use.
	ServerToolUseDetails *openaiServerToolUse `json:"server_tool_use_details"`
	ServerToolUse        *openaiServerToolUse `json:"server_tool_use"`
}

// openaiServerToolUse is a count of server-side tool uses. A shape it does
// not expect counts nothing rather than failing the chunk: the usage
// around it still counts.
type openaiServerToolUse struct {
	WebSearchRequests *int64
}

func (u *openaiServerToolUse) UnmarshalJSON(b []byte) error {
	var v struct {
		WebSearchRequests *int64 `json:"web_search_requests"`
	}
	if json.Unmarshal(b, &v) == nil {
		u.WebSearchRequests = v.WebSearchRequests
	}
	return nil
}

// openaiMidErr is an error object sent inside the stream. The code is an
// OpenAI string or an OpenRouter HTTP status number.
type openaiMidErr struct {
	Code    json.RawMessage `json:"code"`
	Type    string          `json:"type"`
	Message string          `json:"message"`
}

type toolBuilder struct {
	id, name string
	state    string // the call's extra_content (openaiToolCall)
	args     strings.Builder
	// whole is the arguments given at once when the call opened
	// (Anthropic), used when no fragment followed.
	whole string
	// ref is the call every event of it carries (EventToolCallDelta, then
	// EventToolCall); sent is how many bytes of its trimmed arguments
	// deltas carried.
	ref  ToolCall
	sent int
}

func (b *toolBuilder) finalArgs() string {
	args := strings.TrimSpace(b.args.String())
	if args == "" {
		args = b.whole
	}
	if args == "" {
		args = "{}"
	}
	return args
}

func (b *toolBuilder) call() *ToolCall {
	b.ref.ID, b.ref.Name, b.ref.Arguments, b.ref.ProviderState = b.id, b.name, json.RawMessage(b.finalArgs()), b.state
	return &b.ref
}

// piece returns the arguments a delta may carry now: what the call's
// trimmed arguments gained since the last piece. Nothing is sent before
// the call's id and name are known (they name every delta), and
// whitespace at the ends is held back, so that the pieces add up to
// call()'s Arguments.
func (b *toolBuilder) piece() string {
	if b.id == "" || b.name == "" {
		return ""
	}
	args := b.args.String()
	t := strings.TrimSpace(args)
	if len(t) <= b.sent {
		return ""
	}
	p := t[b.sent:]
	b.sent = len(t)
	return p
}

// lastPiece returns what the deltas still owe when the call is complete:
// the rest of its arguments (all of them when the provider streamed
// none, or the id or name came last).
func (b *toolBuilder) lastPiece() string {
	return b.finalArgs()[b.sent:]
}

// toolDelta is the event of a piece of b's arguments.
func (b *toolBuilder) toolDelta(piece string) Event {
	b.ref.ID, b.ref.Name = b.id, b.name
	return Event{Kind: EventToolCallDelta, ToolCall: &b.ref, Text: piece}
}

type openaiStream struct {
	name, key  string
	ctx        context.Context
	cancel     context.CancelFunc
	body       io.ReadCloser
	sse        *sseReader
	whole      bool // body is one JSON completion, not SSE
	closeOnce  sync.Once
	parentDone <-chan struct{} // Done of the context given to Stream
	// ended is set once Next has read the stream to its end, for Close,
	// which may run on another goroutine (eventQueue.done is Next's).
	// Close reads the body only after it sees ended: the store follows
	// Next's last read of the body.
	ended atomic.Bool

	eventQueue
	output  bool // an output event was produced
	refused bool // the model streamed a refusal
	// argDeltas: emit EventToolCallDelta (Request.StreamToolArguments).
	argDeltas bool
	cited     []string // the URLs of the citations emitted
	details   reasoningDetails
	finish    *Finish
	usage     *Usage
	tools     map[int]*toolBuilder
	toolIdx   []int
	replaced  []*toolBuilder // calls whose index a later call took, in order
	lastTool  int
	choices   []openaiChoice // scratch for decodeChunkFast

	// searches is the web searches the request's model makes on every
	// call ([ImpliedWebSearches]), charged when the usage does not count
	// them.
	searches int64
}

func (s *openaiStream) Close() error {
	s.closeOnce.Do(func() {
		if s.ended.Load() {
			// The stream ended normally: read what is left of the body (the
			// chunked terminator) so the connection goes back to the pool
			// instead of being torn down and redialled for the next call.
			// A server that keeps the body open is cut after a moment.
			t := time.AfterFunc(50*time.Millisecond, s.cancel)
			_, _ = io.Copy(io.Discard, io.LimitReader(s.body, 64<<10))
			t.Stop()
		}
		s.cancel()
		_ = s.body.Close()
	})
	return nil
}

func (s *openaiStream) Next(ctx context.Context) (Event, error) {
	return s.next(ctx, s.parentDone, s.cancel, s.read)
}

// TryNext implements [Buffered].
func (s *openaiStream) TryNext() (Event, bool, error) {
	return s.tryNext(s.ctx, func() bool { return !s.whole && s.sse.ready() }, s.read)
}

// read consumes one SSE event (or the whole JSON body) into the queue; an
// event without data queues nothing.
func (s *openaiStream) read(ctx context.Context) error {
	if s.whole {
		raw, err := io.ReadAll(io.LimitReader(s.body, maxSSEEvent))
		if err != nil {
			return s.readErr(ctx, err)
		}
		if err := s.chunk(raw); err != nil {
			return err
		}
		s.end()
		return nil
	}
	typ, data, err := s.sse.next()
	if err != nil {
		if errors.Is(err, io.EOF) && s.finish != nil {
			// No [DONE], but the model had finished: accept.
			s.end()
			return nil
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return s.readErr(ctx, err)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		// An event without data (a keep-alive such as "event: ping", an
		// empty "data:") is not dispatched, as the SSE spec says.
		return nil
	}
	if string(data) == "[DONE]" {
		s.end()
		return nil
	}
	if typ == "error" {
		return s.errorEvent(data)
	}
	return s.chunk(data)
}

// errorEvent reads an "error" event (llama.cpp's "error:" line): the
// error object itself, or wrapped as {"error": {...}}, or any other text
// as its message.
func (s *openaiStream) errorEvent(data []byte) error {
	var wrapped struct {
		Error *openaiMidErr `json:"error"`
	}
	if json.Unmarshal(data, &wrapped) == nil && wrapped.Error != nil {
		return s.midStreamError(wrapped.Error)
	}
	var me openaiMidErr
	if json.Unmarshal(data, &me) != nil || me.Message == "" {
		me = openaiMidErr{Message: sanitize(string(data), 500)}
	}
	return s.midStreamError(&me)
}

func (s *openaiStream) readErr(ctx context.Context, err error) error {
	return bodyReadError(ctx, s.ctx, s.name, s.key, s.output, err)
}

func (s *openaiStream) chunk(data []byte) error {
	// A chunk that follows the model's finish may still report an error
	// (OpenRouter sends one, with the usage, after finish "length"): the
	// answer is whole, so the finish and the usage are what counts.
	finished := s.finish != nil
	// The fast path reuses the previous chunk's choices array (one
	// allocation less per token); nothing keeps a reference to it.
	// c stays on the stack: only the rare fallback's own variable is
	// handed to encoding/json (and so to the heap).
	c := openaiChunk{Choices: s.choices[:0]}
	if decodeChunkFast(data, &c) {
		s.choices = c.Choices
	} else {
		var slow openaiChunk
		if err := json.Unmarshal(data, &slow); err != nil {
			return &Error{Provider: s.name, Kind: KindUnknown, MidStream: true, Message: "malformed stream chunk: " + sanitize(err.Error(), 200)}
		}
		c = slow
	}
	for i := range c.Choices {
		ch := &c.Choices[i]
		if ch.Index != 0 {
			continue
		}
		d := &ch.Delta
		if ch.Message != nil {
			d.Content, d.Refusal, d.ReasoningContent, d.Reasoning, d.ToolCalls, d.ReasoningDetails =
				ch.Message.Content, ch.Message.Refusal, ch.Message.ReasoningContent, ch.Message.Reasoning, ch.Message.ToolCalls, ch.Message.ReasoningDetails
		}
		reasoning := d.ReasoningContent + d.Content.Thinking
		if reasoning == "" && len(d.Reasoning) > 0 && d.Reasoning[0] == '"' {
			var r string // on the heap only on this path
			_ = json.Unmarshal(d.Reasoning, &r)
			reasoning = r
		}
		if reasoning != "" {
			s.emit(Event{Kind: EventReasoningDelta, Text: reasoning})
		}
		for _, item := range d.ReasoningDetails {
			s.details.add(item)
		}
		if d.Content.Text != "" || d.Refusal != "" || len(d.ToolCalls) > 0 || ch.FinishReason != "" {
			// The reasoning ended: its record goes with it.
			s.flushDetails()
		}
		if d.Content.Text != "" {
			s.emit(Event{Kind: EventTextDelta, Text: d.Content.Text})
		}
		if d.Refusal != "" {
			s.emit(Event{Kind: EventRefusalDelta, Text: d.Refusal})
			s.refused = true
		}
		for j := range d.ToolCalls {
			s.addToolDelta(j, &d.ToolCalls[j])
		}
		for _, a := range d.Annotations {
			if a.Type == "url_citation" {
				s.cite(Citation{URL: a.URLCitation.URL, Title: a.URLCitation.Title, CitedText: a.URLCitation.Content})
			}
		}
		if ch.FinishReason != "" && !(finished && ch.FinishReason == "error") {
			s.flushTools()
			s.finish = &Finish{Reason: openaiFinish(ch.FinishReason), Raw: ch.FinishReason}
			if s.refused && s.finish.Reason == FinishStop {
				// The model answered with a refusal, not content.
				s.finish.Reason, s.finish.Refusal = FinishContentFilter, "refusal"
			}
		}
	}
	for _, u := range c.Citations {
		s.cite(Citation{URL: u})
	}
	if c.Usage != nil {
		var counted bool
		s.usage, counted = c.Usage.normalise()
		if !counted {
			s.usage.WebSearchRequests = s.searches
		}
	}
	if c.Error != nil && !finished {
		return s.midStreamError(c.Error)
	}
	return nil
}

// cite emits a citation the first time its URL is seen: Perplexity
// repeats its whole list in every chunk.
func (s *openaiStream) cite(c Citation) {
	if c.URL == "" || slices.Contains(s.cited, c.URL) {
		return
	}
	s.cited = append(s.cited, c.URL)
	s.emit(Event{Kind: EventCitation, Citation: &c})
}

func (s *openaiStream) emit(ev Event) {
	s.queue = append(s.queue, ev)
	s.output = true
}

// addToolDelta appends a tool-call fragment. Fragments are matched by index;
// servers that omit the index are matched by id, else by position. A
// fragment whose id differs from the one its index holds starts a new call:
// Ollama (ollama/ollama#15457) sends every parallel call whole at index 0,
// each with its own id, where OpenAI's later fragments of a call have no id.
func (s *openaiStream) addToolDelta(pos int, otc *openaiToolCall) {
	tc := &otc.ToolCall
	idx := pos
	switch {
	case tc.Index != nil:
		idx = *tc.Index
	case tc.ID != "":
		idx = -1
		for k, b := range s.tools {
			if b.id == tc.ID {
				idx = k
			}
		}
		if idx < 0 {
			idx = len(s.toolIdx) + 1000
		}
	case len(s.toolIdx) > 0:
		idx = s.lastTool
	}
	b, ok := s.tools[idx]
	switch {
	case !ok:
		b = &toolBuilder{}
		s.tools[idx] = b
		s.toolIdx = append(s.toolIdx, idx)
	case tc.ID != "" && b.id != "" && tc.ID != b.id:
		// The call the index held is complete: it goes out first.
		s.replaced = append(s.replaced, b)
		b = &toolBuilder{}
		s.tools[idx] = b
	}
	s.lastTool = idx
	if b.id == "" {
		b.id = tc.ID
	}
	if b.name == "" {
		b.name = tc.Function.Name
	}
	if e := bytes.TrimSpace(otc.ExtraContent); len(e) > 0 && e[0] == '{' {
		b.state = string(e)
	}
	b.args.WriteString(tc.Function.Arguments)
	if s.argDeltas {
		if p := b.piece(); p != "" {
			s.emit(b.toolDelta(p))
		}
	}
}

// emitCall emits a complete call, after the last piece of its arguments
// when deltas are on.
func (s *openaiStream) emitCall(b *toolBuilder) {
	if s.argDeltas {
		if p := b.lastPiece(); p != "" {
			s.emit(b.toolDelta(p))
		}
	}
	s.emit(Event{Kind: EventToolCall, ToolCall: b.call()})
}

func (s *openaiStream) flushTools() {
	for i, b := range s.replaced {
		s.emitCall(b)
		s.replaced[i] = nil
	}
	s.replaced = s.replaced[:0]
	slices.Sort(s.toolIdx)
	for _, idx := range s.toolIdx {
		s.emitCall(s.tools[idx])
		delete(s.tools, idx)
	}
	s.toolIdx = s.toolIdx[:0]
}

// flushDetails emits the reasoning_details gathered since the last flush,
// as the state of the reasoning they record.
func (s *openaiStream) flushDetails() {
	if st := s.details.flush(); st != "" {
		s.emit(Event{Kind: EventReasoningDelta, ReasoningState: st})
	}
}

// end queues the trailing events: any unflushed tool calls, usage, finish.
func (s *openaiStream) end() {
	s.flushDetails()
	s.flushTools()
	if s.usage != nil {
		s.queue = append(s.queue, Event{Kind: EventUsage, Usage: s.usage})
	}
	f := s.finish
	if f == nil {
		f = &Finish{Reason: FinishUnknown}
	}
	s.queue = append(s.queue, Event{Kind: EventFinish, Finish: f})
	s.done = true
	s.ended.Store(true)
}

func (s *openaiStream) midStreamError(me *openaiMidErr) *Error {
	var code string
	status := 0
	if len(me.Code) > 0 {
		if json.Unmarshal(me.Code, &code) != nil {
			_ = json.Unmarshal(me.Code, &status)
		}
	}
	if code == "" {
		code = me.Type
	}
	if status < 400 {
		// No HTTP status in the event: the one its code or type stands for.
		status = openaiErrorStatus[strings.ToLower(code)]
		if status == 0 {
			status = openaiErrorStatus[strings.ToLower(me.Type)]
		}
	}
	kind := kindForStatus(status)
	e := &Error{Provider: s.name, StatusCode: status, Code: redactField(code, s.key, 64), MidStream: true}
	e.Kind = refine(kind, status, code, me.Message)
	if e.Kind == KindAuth {
		e.Message = "authentication failed: check the API key"
	} else {
		e.Message = redact(me.Message, s.key)
	}
	return e
}

// openaiErrorStatus maps the code or type of an error sent inside a
// stream to the HTTP status it has as a response: OpenAI's types and
// codes, the ones compatible servers reuse, and Groq's tool_use_failed
// (a tool call the model wrote did not parse: the request failed).
var openaiErrorStatus = map[string]int{
	"invalid_request_error":   http.StatusBadRequest,
	"tool_use_failed":         http.StatusBadRequest,
	"context_length_exceeded": http.StatusBadRequest,
	"authentication_error":    http.StatusUnauthorized,
	"invalid_api_key":         http.StatusUnauthorized,
	"permission_error":        http.StatusForbidden,
	"not_found_error":         http.StatusNotFound,
	"insufficient_quota":      http.StatusTooManyRequests,
	"rate_limit_exceeded":     http.StatusTooManyRequests,
	"rate_limit_error":        http.StatusTooManyRequests,
	"tokens":                  http.StatusTooManyRequests,
	"server_error":            http.StatusInternalServerError,
	"api_error":               http.StatusInternalServerError,
	"internal_error":          http.StatusInternalServerError,
	"timeout":                 http.StatusGatewayTimeout,
	"service_unavailable":     http.StatusServiceUnavailable,
	"unavailable_error":       http.StatusServiceUnavailable,
	"overloaded":              529,
	"overloaded_error":        529,
}

// normalise returns the usage in the neutral form, and whether it counted
// the call's web searches.
func (u *openaiUsage) normalise() (*Usage, bool) {
	out := &Usage{OutputTokens: int64(u.CompletionTokens)}
	counted := false
	for _, st := range []*openaiServerToolUse{u.ServerToolUseDetails, u.ServerToolUse} {
		if st != nil && st.WebSearchRequests != nil && *st.WebSearchRequests >= 0 {
			out.WebSearchRequests = max(out.WebSearchRequests, *st.WebSearchRequests)
			counted = true
		}
	}
	var cached int64
	if u.PromptTokensDetails != nil {
		cached = int64(u.PromptTokensDetails.CachedTokens)
	}
	if cached == 0 && u.PromptCacheHitTokens != nil {
		cached = *u.PromptCacheHitTokens
	}
	out.CacheReadTokens = cached
	out.InputTokens = max(int64(u.PromptTokens)-cached, 0)
	if u.CompletionTokensDetails != nil {
		out.ReasoningTokens = int64(u.CompletionTokensDetails.ReasoningTokens)
	}
	// xAI leaves reasoning out of completion_tokens, and Google's
	// compatible endpoint leaves its thinking out of the counts
	// altogether; both count it in total_tokens, and bill it as output.
	if hidden := int64(u.TotalTokens) - int64(u.PromptTokens) - int64(u.CompletionTokens); hidden > 0 {
		out.OutputTokens += hidden
		out.ReasoningTokens = max(out.ReasoningTokens, hidden)
	}
	switch {
	case u.CostInUSDTicks != nil && *u.CostInUSDTicks >= 0:
		// A tick is 10^-10 USD: ten to the nano-dollar, rounded half up.
		out.ProviderCostNanos, out.ProviderCostKnown = (*u.CostInUSDTicks+5)/10, true
	case u.Cost != "":
		out.ProviderCostNanos, out.ProviderCostKnown = usdToNanos(string(u.Cost))
	}
	return out, counted
}

// usdToNanos converts a JSON number of US dollars to nano-USD exactly
// (decimal arithmetic, rounded half up); false for a negative or
// malformed number.
func usdToNanos(usd string) (int64, bool) {
	r, ok := new(big.Rat).SetString(usd)
	if !ok || r.Sign() < 0 {
		return 0, false
	}
	r.Mul(r, big.NewRat(1_000_000_000, 1))
	r.Add(r, big.NewRat(1, 2))
	n := new(big.Int).Quo(r.Num(), r.Denom())
	if !n.IsInt64() {
		return 0, false
	}
	return n.Int64(), true
}

func openaiFinish(r string) FinishReason {
	switch r {
	case "stop", "end_turn", "stop_sequence", "eos":
		return FinishStop
	case "length", "max_tokens":
		return FinishLength
	case "tool_calls", "function_call", "tool_use":
		return FinishToolCalls
	case "content_filter", "refusal":
		return FinishContentFilter
	}
	return FinishReason(r)
}
