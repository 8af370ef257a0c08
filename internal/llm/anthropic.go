package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
)

// AnthropicDefaultBaseURL is the base URL of Anthropic's API.
const AnthropicDefaultBaseURL = "https://api.anthropic.com"

// AnthropicConfig configures an [Anthropic] adapter.
type AnthropicConfig struct {
	// BaseURL is the API root without the version, e.g.
	// "https://api.anthropic.com" (the default); a trailing "/v1" is
	// tolerated.
	BaseURL string
	// APIKey is sent as x-api-key (or as a bearer token, see BearerAuth).
	APIKey string
	// BearerAuth sends the key as "Authorization: Bearer" instead of
	// x-api-key, for Anthropic-compatible gateways that want that.
	BearerAuth bool
	// Headers are added to every request (e.g. anthropic-beta).
	Headers map[string]string
	// HTTPClient sends the requests; nil uses a shared [NewHTTPClient].
	// The adapter follows a redirect only within the base URL's host.
	HTTPClient *http.Client
	// PromptCaching asks for automatic prompt caching (top-level
	// cache_control: ephemeral), so long conversations are billed at the
	// cache-read price on later turns.
	PromptCaching bool
	// Name labels errors; default "anthropic".
	Name string
}

// Anthropic is the adapter for Anthropic's Messages API, over
// anthropic-sdk-go v2. It is safe for concurrent use.
type Anthropic struct {
	client  anthropic.Client
	key     string
	caching bool
	name    string
	cfgErr  error
}

var _ Provider = (*Anthropic)(nil)

// NewAnthropic returns an adapter for the Anthropic Messages API. The SDK
// client is built without its environment defaults (no ANTHROPIC_API_KEY,
// ANTHROPIC_BASE_URL or profile files: keys are per user here) and with
// its retries off: the engine retries, and only before the first token.
func NewAnthropic(cfg AnthropicConfig) *Anthropic {
	base := strings.TrimRight(cfg.BaseURL, "/")
	base = strings.TrimSuffix(base, "/v1")
	if base == "" {
		base = AnthropicDefaultBaseURL
	}
	name := cfg.Name
	if name == "" {
		name = "anthropic"
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient()
	}
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithBaseURL(base),
		option.WithHTTPClient(sameHostRedirects(hc, name)),
		option.WithMaxRetries(0),
	}
	for k, v := range cfg.Headers {
		opts = append(opts, option.WithHeader(k, v))
	}
	if cfg.APIKey != "" {
		if cfg.BearerAuth {
			opts = append(opts, option.WithHeader("Authorization", "Bearer "+cfg.APIKey))
		} else {
			opts = append(opts, option.WithHeader("X-Api-Key", cfg.APIKey))
		}
	}
	return &Anthropic{
		client: anthropic.NewClient(opts...), key: cfg.APIKey, caching: cfg.PromptCaching,
		name: name, cfgErr: checkBaseURL(base),
	}
}

// thinkingBudgets maps a reasoning effort to an extended-thinking budget.
var thinkingBudgets = map[string]int{
	"minimal": 1024,
	"low":     2048,
	"medium":  8192,
	"high":    16384,
	"xhigh":   32000,
	"max":     64000,
}

func (a *Anthropic) buildParams(req *Request) (anthropic.MessageNewParams, []option.RequestOption, error) {
	p := anthropic.MessageNewParams{
		Model:     req.Model,
		MaxTokens: int64(req.maxOutputTokens()),
	}
	var opts []option.RequestOption
	if req.System != "" {
		p.System = []anthropic.TextBlockParam{{Text: req.System}}
	}
	if a.caching {
		p.CacheControl = anthropic.NewCacheControlEphemeralParam()
	}
	msgs, err := anthropicMessages(req.Messages)
	if err != nil {
		return p, nil, err
	}
	p.Messages = msgs
	for _, t := range req.Tools {
		schema, err := anthropicSchema(t.Schema)
		if err != nil {
			return p, nil, fmt.Errorf("tool %q: %w", t.Name, err)
		}
		tool := anthropic.ToolUnionParamOfTool(schema, t.Name)
		if t.Description != "" {
			tool.OfTool.Description = anthropic.String(t.Description)
		}
		p.Tools = append(p.Tools, tool)
	}
	if len(req.Tools) > 0 {
		switch c := req.ToolChoice; c.Mode {
		case ToolChoiceAuto:
			p.ToolChoice = anthropic.ToolChoiceUnionParam{OfAuto: &anthropic.ToolChoiceAutoParam{}}
		case ToolChoiceNone:
			p.ToolChoice = anthropic.ToolChoiceUnionParam{OfNone: &anthropic.ToolChoiceNoneParam{}}
		case ToolChoiceRequired:
			p.ToolChoice = anthropic.ToolChoiceUnionParam{OfAny: &anthropic.ToolChoiceAnyParam{}}
		case ToolChoiceTool:
			p.ToolChoice = anthropic.ToolChoiceParamOfTool(c.Name)
		}
	}

	thinking := false
	effort := req.Params.ReasoningEffort
	if m := req.ToolChoice.Mode; len(req.Tools) > 0 && (m == ToolChoiceRequired || m == ToolChoiceTool) {
		// Extended thinking accepts only tool_choice auto or none: a call
		// that must use a tool is made without thinking, as the caller
		// asked for the tool explicitly.
		effort = ""
	}
	switch effort {
	case "", "none":
	case "adaptive":
		p.Thinking.OfAdaptive = &anthropic.ThinkingConfigAdaptiveParam{}
		thinking = true
	default:
		budget, ok := thinkingBudgets[effort]
		if !ok {
			budget = thinkingBudgets["medium"]
		}
		// The budget counts toward max_tokens and must stay below it,
		// with room left for the answer; the API's minimum is 1024.
		if budget > int(p.MaxTokens)/2 {
			budget = int(p.MaxTokens) / 2
		}
		if budget >= 1024 {
			p.Thinking = anthropic.ThinkingConfigParamOfEnabled(int64(budget))
			thinking = true
		}
	}
	// Extended thinking rejects a custom temperature and most top_p
	// values: drop them rather than fail the request.
	if !thinking {
		if t := req.Params.Temperature; t != nil {
			opts = append(opts, option.WithJSONSet("temperature", *t))
		}
		if tp := req.Params.TopP; tp != nil {
			opts = append(opts, option.WithJSONSet("top_p", *tp))
		}
	}
	return p, opts, nil
}

// anthropicMessages converts the conversation. Tool results become
// tool_result blocks of a user turn, and consecutive turns of the same
// Anthropic role are merged into one, as the API requires all results of
// one assistant turn in the next user turn.
func anthropicMessages(in []Message) ([]anthropic.MessageParam, error) {
	type turn struct {
		role   Role
		blocks []anthropic.ContentBlockParamUnion
	}
	var turns []turn
	for i := range in {
		m := &in[i]
		var role Role
		var blocks []anthropic.ContentBlockParamUnion
		switch m.Role {
		case RoleUser:
			role = RoleUser
			for _, p := range m.Parts {
				b, ok, err := anthropicUserBlock(p)
				if err != nil {
					return nil, fmt.Errorf("message %d: %w", i, err)
				}
				if ok {
					blocks = append(blocks, b)
				}
			}
		case RoleAssistant:
			role = RoleAssistant
			for _, p := range m.Parts {
				switch p.Type {
				case PartReasoning:
					if p.Signature != "" { // unsigned thinking is rejected
						blocks = append(blocks, anthropic.NewThinkingBlock(p.Signature, p.Text))
					}
				case PartRedactedReasoning:
					blocks = append(blocks, anthropic.NewRedactedThinkingBlock(p.Data))
				case PartText:
					if p.Text != "" {
						blocks = append(blocks, anthropic.NewTextBlock(p.Text))
					}
				}
			}
			for _, c := range m.ToolCalls {
				args := c.Arguments
				if !c.ValidArguments() {
					args = json.RawMessage("{}")
				}
				blocks = append(blocks, anthropic.NewToolUseBlock(c.ID, args, c.Name))
			}
		case RoleTool:
			role = RoleUser
			tr := anthropic.ToolResultBlockParam{ToolUseID: m.ToolCallID}
			if m.IsError {
				tr.IsError = anthropic.Bool(true)
			}
			if text := m.Text(); text != "" {
				tr.Content = []anthropic.ToolResultBlockParamContentUnion{{OfText: &anthropic.TextBlockParam{Text: text}}}
			}
			blocks = append(blocks, anthropic.ContentBlockParamUnion{OfToolResult: &tr})
		default:
			return nil, fmt.Errorf("message %d: unknown role %q", i, m.Role)
		}
		if len(blocks) == 0 {
			continue
		}
		if n := len(turns); n > 0 && turns[n-1].role == role {
			turns[n-1].blocks = append(turns[n-1].blocks, blocks...)
			continue
		}
		turns = append(turns, turn{role, blocks})
	}
	out := make([]anthropic.MessageParam, len(turns))
	for i, t := range turns {
		if t.role == RoleAssistant {
			out[i] = anthropic.NewAssistantMessage(t.blocks...)
		} else {
			out[i] = anthropic.NewUserMessage(t.blocks...)
		}
	}
	return out, nil
}

func anthropicUserBlock(p Part) (anthropic.ContentBlockParamUnion, bool, error) {
	switch p.Type {
	case PartText:
		if p.Text == "" { // empty text blocks are rejected
			return anthropic.ContentBlockParamUnion{}, false, nil
		}
		return anthropic.NewTextBlock(p.Text), true, nil
	case PartImage:
		if p.Data != "" {
			if p.MediaType == "" {
				return anthropic.ContentBlockParamUnion{}, false, errors.New("image data needs a media type")
			}
			return anthropic.NewImageBlockBase64(p.MediaType, p.Data), true, nil
		}
		if rest, ok := strings.CutPrefix(p.URL, "data:"); ok {
			// data:<media type>;base64,<data>
			meta, data, ok := strings.Cut(rest, ",")
			mediaType, isB64 := strings.CutSuffix(meta, ";base64")
			if !ok || !isB64 || mediaType == "" {
				return anthropic.ContentBlockParamUnion{}, false, errors.New("image data URL must be base64 with a media type")
			}
			return anthropic.NewImageBlockBase64(mediaType, data), true, nil
		}
		if p.URL == "" {
			return anthropic.ContentBlockParamUnion{}, false, errors.New("image part needs a URL or data")
		}
		return anthropic.NewImageBlock(anthropic.URLImageSourceParam{URL: p.URL}), true, nil
	case PartDocument:
		if p.Data == "" || p.MediaType != "application/pdf" {
			return anthropic.ContentBlockParamUnion{}, false, errors.New("a document part needs base64 PDF data")
		}
		b := anthropic.NewDocumentBlock(anthropic.Base64PDFSourceParam{Data: p.Data})
		if p.Text != "" {
			b.OfDocument.Title = anthropic.String(p.Text)
		}
		return b, true, nil
	}
	return anthropic.ContentBlockParamUnion{}, false, nil
}

// ReadsDocuments reports that Anthropic reads PDF documents
// ([PartDocument]).
func (a *Anthropic) ReadsDocuments() bool { return true }

// anthropicSchema splits a JSON schema into the SDK's input schema:
// properties and required are fields, every other keyword is kept as an
// extra field.
func anthropicSchema(raw json.RawMessage) (anthropic.ToolInputSchemaParam, error) {
	var s anthropic.ToolInputSchemaParam
	if len(raw) == 0 {
		s.Properties = map[string]any{}
		return s, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return s, fmt.Errorf("schema is not a JSON object: %w", err)
	}
	for k, v := range m {
		switch k {
		case "type":
		case "properties":
			s.Properties = v
		case "required":
			if err := json.Unmarshal(v, &s.Required); err != nil {
				return s, fmt.Errorf("schema required: %w", err)
			}
		default:
			if s.ExtraFields == nil {
				s.ExtraFields = map[string]any{}
			}
			s.ExtraFields[k] = v
		}
	}
	if s.Properties == nil {
		s.Properties = map[string]any{}
	}
	return s, nil
}

// Stream implements [Provider].
func (a *Anthropic) Stream(ctx context.Context, req *Request) (Stream, error) {
	if a.cfgErr != nil {
		return nil, &Error{Provider: a.name, Kind: KindBadRequest, Message: redact(a.cfgErr.Error(), a.key)}
	}
	params, opts, err := a.buildParams(req)
	if err != nil {
		return nil, &Error{Provider: a.name, Kind: KindBadRequest, Message: "building request: " + redact(err.Error(), a.key)}
	}
	sctx, cancel := context.WithCancel(ctx)
	// The SDK builds and sends the request and classifies a refusal; the
	// events are read here, with the reader the OpenAI adapter uses, so
	// that a generation that fell behind can join the deltas it holds
	// (TryNext) and an open stream holds a 1 KiB buffer, not a Scanner's.
	var resp *http.Response
	opts = append(opts, option.WithJSONSet("stream", true))
	if err := a.client.Post(sctx, "v1/messages", params, &resp, opts...); err != nil {
		cancel()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, a.requestError(err)
	}
	return &anthropicStream{
		name: a.name, key: a.key, parentDone: ctx.Done(), ctx: sctx, cancel: cancel,
		body: resp.Body, sse: newSSEReader(resp.Body), argDeltas: req.StreamToolArguments,
	}, nil
}

// requestError classifies a failure before the stream started. The SDK's
// error keeps the request (with its key header) and prints the request
// URL and body: only its status, type, message and headers are kept.
func (a *Anthropic) requestError(err error) error {
	if le, ok := AsError(err); ok { // a redirect refused by sameHostRedirects
		return le
	}
	var apiErr *anthropic.Error
	if errors.As(err, &apiErr) {
		var h http.Header
		if apiErr.Response != nil {
			h = apiErr.Response.Header
		}
		msg := apiErr.Message
		if msg == "" {
			msg = apiErr.RawJSON()
		}
		return newStatusError(a.name, apiErr.StatusCode, h, string(apiErr.Type()), msg, a.key)
	}
	return newTransportError(a.name, err, false, a.key)
}

type anthropicStream struct {
	name, key  string
	ctx        context.Context
	cancel     context.CancelFunc
	body       io.ReadCloser
	sse        *sseReader
	closeOnce  sync.Once
	parentDone <-chan struct{} // Done of the context given to Stream

	cur anthropic.MessageStreamEventUnion // the event being read

	eventQueue
	output bool
	tools  map[int64]*toolBuilder
	// argDeltas: emit EventToolCallDelta (Request.StreamToolArguments).
	argDeltas bool
	usage     *Usage
	finish    *Finish
}

func (s *anthropicStream) Close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		_ = s.body.Close()
	})
	return nil
}

func (s *anthropicStream) Next(ctx context.Context) (Event, error) {
	return s.next(ctx, s.parentDone, s.cancel, s.read)
}

// TryNext implements [Buffered].
func (s *anthropicStream) TryNext() (Event, bool, error) {
	return s.tryNext(s.ctx, s.sse.ready, s.read)
}

func (s *anthropicStream) emit(ev Event) {
	s.queue = append(s.queue, ev)
	s.output = true
}

// read consumes one server-sent event into the queue. Like the SDK's
// stream, it skips events without a type, pings and events without data,
// turns an "error" event into the API's error, and decodes the rest by
// the type in their data.
func (s *anthropicStream) read(ctx context.Context) error {
	typ, data, err := s.sse.next()
	if err != nil {
		if (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) && s.finish != nil && ctx.Err() == nil && s.ctx.Err() == nil {
			// The body ended before (or inside) message_stop, but
			// message_delta had given the stop reason and the usage:
			// the answer is whole.
			s.end()
			return nil
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the body ended before message_stop
		}
		return s.readErr(ctx, err)
	}
	switch typ {
	case "", "ping":
		return nil
	case "error":
		return s.errorEvent(data)
	}
	if len(bytes.TrimSuffix(data, []byte("\n"))) == 0 {
		return nil
	}
	// Decoded in place, as the SDK's stream does: a fresh union per event
	// would be allocated for every token.
	s.cur = anthropic.MessageStreamEventUnion{}
	if err := json.Unmarshal(data, &s.cur); err != nil {
		return s.readErr(ctx, err)
	}
	ev := &s.cur
	switch ev.Type {
	case "message_start":
		u := ev.Message.Usage
		s.usage = &Usage{
			InputTokens:        u.InputTokens,
			OutputTokens:       u.OutputTokens,
			CacheReadTokens:    u.CacheReadInputTokens,
			CacheWriteTokens:   u.CacheCreationInputTokens,
			CacheWrite1hTokens: u.CacheCreation.Ephemeral1hInputTokens,
			ReasoningTokens:    u.OutputTokensDetails.ThinkingTokens,
			WebSearchRequests:  u.ServerToolUse.WebSearchRequests,
		}

	case "content_block_start":
		cb := &ev.ContentBlock
		switch cb.Type {
		case "tool_use":
			if s.tools == nil {
				s.tools = map[int64]*toolBuilder{}
			}
			b := &toolBuilder{id: cb.ID, name: cb.Name}
			// A call is usually opened with input {} and its arguments
			// streamed as input_json_delta; a call made from code
			// execution (programmatic tool calling) comes whole here.
			if in := strings.TrimSpace(cb.JSON.Input.Raw()); in != "" && in != "{}" && in != "null" {
				b.whole = in
			}
			s.tools[ev.Index] = b
		case "text":
			if cb.Text != "" {
				s.emit(Event{Kind: EventTextDelta, Text: cb.Text})
			}
		case "thinking":
			if cb.Thinking != "" {
				s.emit(Event{Kind: EventReasoningDelta, Text: cb.Thinking})
			}
		case "redacted_thinking":
			s.emit(Event{Kind: EventReasoningDelta, RedactedReasoning: cb.Data})
		}
	case "content_block_delta":
		d := &ev.Delta
		switch d.Type {
		case "text_delta":
			if d.Text != "" {
				s.emit(Event{Kind: EventTextDelta, Text: d.Text})
			}
		case "thinking_delta":
			if d.Thinking != "" {
				s.emit(Event{Kind: EventReasoningDelta, Text: d.Thinking})
			}
		case "signature_delta":
			s.emit(Event{Kind: EventReasoningDelta, Signature: d.Signature})
		case "citations_delta":
			c := &d.Citation
			title := c.Title
			if title == "" {
				title = c.DocumentTitle
			}
			s.emit(Event{Kind: EventCitation, Citation: &Citation{URL: c.URL, Title: title, CitedText: c.CitedText}})
		case "input_json_delta":
			if b := s.tools[ev.Index]; b != nil {
				b.args.WriteString(d.PartialJSON)
				if s.argDeltas {
					if p := b.piece(); p != "" {
						s.emit(b.toolDelta(p))
					}
				}
			}
		}
	case "content_block_stop":
		if b := s.tools[ev.Index]; b != nil {
			if s.argDeltas {
				if p := b.lastPiece(); p != "" {
					s.emit(b.toolDelta(p))
				}
			}
			s.emit(Event{Kind: EventToolCall, ToolCall: b.call()})
			delete(s.tools, ev.Index)
		}
	case "message_delta":
		if r := string(ev.Delta.StopReason); r != "" {
			s.finish = &Finish{Reason: anthropicFinish(r), Raw: r}
			if sd := ev.Delta.StopDetails; r == "refusal" {
				s.finish.Refusal = "refusal"
				if why := strings.TrimSpace(string(sd.Category) + ": " + sd.Explanation); why != ":" {
					s.finish.Refusal = redact(strings.Trim(why, ": "), s.key)
				}
			}
		}
		s.mergeUsage(&ev.Usage)
	case "message_stop":
		s.end()
	}
	return nil
}

// end queues the usage and the finish, the stream's last events.
func (s *anthropicStream) end() {
	if s.usage != nil {
		s.queue = append(s.queue, Event{Kind: EventUsage, Usage: s.usage})
	}
	f := s.finish
	if f == nil {
		f = &Finish{Reason: FinishUnknown}
	}
	s.queue = append(s.queue, Event{Kind: EventFinish, Finish: f})
	s.done = true
}

// UsageSoFar implements [PartialUsage]: the counts of message_start and
// the message_delta events read so far.
func (s *anthropicStream) UsageSoFar() (Usage, bool) {
	if s.usage == nil {
		return Usage{}, false
	}
	u := *s.usage
	u.Partial = true
	return u, true
}

func (s *anthropicStream) readErr(ctx context.Context, err error) error {
	return bodyReadError(ctx, s.ctx, s.name, s.key, s.output, err)
}

// mergeUsage applies message_delta's usage: its counts are cumulative, and
// the input counts, when present, supersede message_start's.
func (s *anthropicStream) mergeUsage(u *anthropic.MessageDeltaUsage) {
	if s.usage == nil {
		s.usage = &Usage{}
	}
	if u.JSON.OutputTokens.Valid() {
		s.usage.OutputTokens = u.OutputTokens
	}
	if u.JSON.InputTokens.Valid() && u.InputTokens > s.usage.InputTokens {
		s.usage.InputTokens = u.InputTokens
	}
	if u.JSON.CacheReadInputTokens.Valid() && u.CacheReadInputTokens > s.usage.CacheReadTokens {
		s.usage.CacheReadTokens = u.CacheReadInputTokens
	}
	if u.JSON.CacheCreationInputTokens.Valid() && u.CacheCreationInputTokens > s.usage.CacheWriteTokens {
		s.usage.CacheWriteTokens = u.CacheCreationInputTokens
	}
	if u.OutputTokensDetails.JSON.ThinkingTokens.Valid() {
		s.usage.ReasoningTokens = u.OutputTokensDetails.ThinkingTokens
	}
	if u.ServerToolUse.JSON.WebSearchRequests.Valid() && u.ServerToolUse.WebSearchRequests > s.usage.WebSearchRequests {
		s.usage.WebSearchRequests = u.ServerToolUse.WebSearchRequests
	}
	s.sumIterations(u.JSON.ExtraFields["iterations"].Raw())
}

// sumIterations applies message_delta's usage.iterations: when the API
// sampled more than once for one call (a compaction before the answer, a
// fallback to another model), the top-level counts are only the last
// iteration's, and the call is billed the sum of all of them.
func (s *anthropicStream) sumIterations(raw string) {
	if raw == "" || raw == "null" {
		return
	}
	var its []struct {
		InputTokens              int64 `json:"input_tokens"`
		OutputTokens             int64 `json:"output_tokens"`
		CacheReadInputTokens     int64 `json:"cache_read_input_tokens"`
		CacheCreationInputTokens int64 `json:"cache_creation_input_tokens"`
		CacheCreation            struct {
			Ephemeral1h int64 `json:"ephemeral_1h_input_tokens"`
		} `json:"cache_creation"`
	}
	if json.Unmarshal([]byte(raw), &its) != nil || len(its) < 2 {
		return
	}
	var sum Usage
	for _, it := range its {
		sum.InputTokens += it.InputTokens
		sum.OutputTokens += it.OutputTokens
		sum.CacheReadTokens += it.CacheReadInputTokens
		sum.CacheWriteTokens += it.CacheCreationInputTokens
		sum.CacheWrite1hTokens += it.CacheCreation.Ephemeral1h
	}
	u := s.usage
	u.InputTokens, u.OutputTokens = sum.InputTokens, sum.OutputTokens
	u.CacheReadTokens, u.CacheWriteTokens, u.CacheWrite1hTokens = sum.CacheReadTokens, sum.CacheWriteTokens, sum.CacheWrite1hTokens
}

// anthropicErrorTypes maps an error event's type to the HTTP status the API
// uses for it.
var anthropicErrorTypes = map[string]int{
	"invalid_request_error": http.StatusBadRequest,
	"authentication_error":  http.StatusUnauthorized,
	"billing_error":         http.StatusPaymentRequired,
	"permission_error":      http.StatusForbidden,
	"not_found_error":       http.StatusNotFound,
	"request_too_large":     http.StatusRequestEntityTooLarge,
	"rate_limit_error":      http.StatusTooManyRequests,
	"api_error":             http.StatusInternalServerError,
	"timeout_error":         http.StatusGatewayTimeout,
	"overloaded_error":      529,
}

// errorEvent turns an "error" event into the API's error, whatever its
// data holds, as the SDK's stream did: the type and message when they are
// there (an error given as a bare string is its message), else the data
// itself as the message, classified by its wording.
func (s *anthropicStream) errorEvent(data []byte) *Error {
	var body struct {
		Error json.RawMessage `json:"error"`
	}
	var detail struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &body) == nil && len(body.Error) > 0 {
		if json.Unmarshal(body.Error, &detail) != nil {
			_ = json.Unmarshal(body.Error, &detail.Message)
		}
	}
	if detail.Message == "" {
		detail.Message = sanitize(string(bytes.TrimSpace(data)), 500)
	}
	return s.eventError(detail.Type, detail.Message)
}

// eventError classifies an "error" event received mid-stream.
func (s *anthropicStream) eventError(typ, message string) *Error {
	status := anthropicErrorTypes[typ]
	if status == 0 && typ == "" && strings.Contains(strings.ToLower(message), "overloaded") {
		// An untyped overload (some gateways): retryable, as the typed one.
		status = anthropicErrorTypes["overloaded_error"]
	}
	e := newStatusError(s.name, status, nil, typ, message, s.key)
	if status == 0 {
		e.Kind = refine(KindUnknown, 0, typ, message)
	}
	e.MidStream = true
	return e
}

func anthropicFinish(r string) FinishReason {
	switch r {
	case "end_turn", "stop_sequence":
		return FinishStop
	case "max_tokens", "model_context_window_exceeded":
		return FinishLength
	case "tool_use":
		return FinishToolCalls
	case "refusal":
		return FinishContentFilter
	case "pause_turn":
		return FinishPause
	}
	return FinishReason(r)
}
