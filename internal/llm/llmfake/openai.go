package llmfake

import (
	"encoding/json"
	"net/http"
	"strings"
)

const (
	openaiID      = "chatcmpl-fake"
	openaiCreated = 1735689600
)

// oaChunk is a chat.completion.chunk as OpenAI sends it.
type oaChunk struct {
	ID                string     `json:"id"`
	Object            string     `json:"object"`
	Created           int64      `json:"created"`
	Model             string     `json:"model"`
	SystemFingerprint string     `json:"system_fingerprint"`
	Choices           []oaChoice `json:"choices"`
	Usage             *oaUsage   `json:"usage"`
}

type oaChoice struct {
	Index        int            `json:"index"`
	Delta        map[string]any `json:"delta"`
	Logprobs     any            `json:"logprobs"`
	FinishReason *string        `json:"finish_reason"`
}

type oaUsage struct {
	PromptTokens            int `json:"prompt_tokens"`
	CompletionTokens        int `json:"completion_tokens"`
	TotalTokens             int `json:"total_tokens"`
	PromptTokensDetails     any `json:"prompt_tokens_details"`
	CompletionTokensDetails any `json:"completion_tokens_details"`
	// Cost is OpenRouter's usage.cost in USD.
	Cost json.RawMessage `json:"cost,omitempty"`
	// ServerToolUseDetails is OpenRouter's count of the web searches it
	// ran for the call.
	ServerToolUseDetails *oaServerToolUse `json:"server_tool_use_details,omitempty"`
}

type oaServerToolUse struct {
	WebSearchRequests int `json:"web_search_requests"`
}

func openaiUsage(u *Usage) *oaUsage {
	prompt := u.Input + u.CacheRead + u.CacheWrite
	out := &oaUsage{
		PromptTokens:     prompt,
		CompletionTokens: u.Output,
		TotalTokens:      prompt + u.Output,
		PromptTokensDetails: map[string]int{
			"cached_tokens": u.CacheRead, "audio_tokens": 0,
		},
		CompletionTokensDetails: map[string]int{
			"reasoning_tokens": u.Reasoning, "audio_tokens": 0,
			"accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
		},
	}
	if u.Cost != "" {
		out.Cost = json.RawMessage(u.Cost)
	}
	if u.WebSearches > 0 {
		out.ServerToolUseDetails = &oaServerToolUse{WebSearchRequests: u.WebSearches}
	}
	return out
}

func (p *player) oaModel() string {
	if p.req.Model != "" {
		return p.req.Model
	}
	return SimulatedModel
}

// oaDelta sends one chunk with a delta (and optionally a finish reason).
func (p *player) oaDelta(delta map[string]any, finish string) bool {
	c := oaChunk{
		ID: openaiID, Object: "chat.completion.chunk", Created: openaiCreated,
		Model: p.oaModel(), SystemFingerprint: "fp_fake",
		Choices: []oaChoice{{Index: 0, Delta: delta}},
	}
	if finish != "" {
		c.Choices[0].FinishReason = &finish
	}
	return p.oaData(mustJSON(c))
}

func (p *player) oaData(b []byte) bool {
	buf := make([]byte, 0, len(b)+8)
	buf = append(buf, "data: "...)
	buf = append(buf, b...)
	buf = append(buf, "\n\n"...)
	return p.send(buf)
}

// playOpenAI streams the script in OpenAI's format; false when the client
// went away or the connection is to be cut.
func (p *player) playOpenAI() bool {
	s := p.s
	errEvent := func() bool {
		return p.oaData(mustJSON(map[string]any{"error": map[string]any{
			"message": orDefault(s.ErrorMessage, "The server had an error while processing your request."),
			"type":    orDefault(s.ErrorType, "server_error"),
			"param":   nil,
			"code":    nullIfEmpty(s.ErrorCode),
		}}))
	}
	if !p.oaDelta(map[string]any{"role": "assistant", "content": "", "refusal": nil}, "") {
		return false
	}
	field := orDefault(s.ReasoningField, "reasoning_content")
	for _, r := range s.Reasoning {
		if !p.pause() || !p.keepAlive() || !p.oaDelta(map[string]any{field: r}, "") {
			return false
		}
	}
	for _, d := range s.ReasoningDetails {
		if !p.pause() || !p.oaDelta(map[string]any{"reasoning_details": json.RawMessage(d)}, "") {
			return false
		}
	}
	for i, t := range s.Tokens {
		if p.fault(errEvent) {
			return !p.cut && p.ctx.Err() == nil
		}
		if !p.oaCitations(s.citationsBefore(i)) {
			return false
		}
		if !p.pause() || !p.keepAlive() || !p.oaDelta(map[string]any{"content": t}, "") {
			return false
		}
		p.textSent++
	}
	if p.fault(errEvent) {
		return !p.cut && p.ctx.Err() == nil
	}
	if !p.oaCitations(s.citationsBefore(len(s.Tokens))) {
		return false
	}
	for _, r := range s.Refusal {
		if !p.pause() || !p.keepAlive() || !p.oaDelta(map[string]any{"refusal": r}, "") {
			return false
		}
	}
	for i, tc := range s.ToolCalls {
		first := map[string]any{
			"index": i, "id": tc.ID, "type": "function",
			"function": map[string]any{"name": tc.Name, "arguments": ""},
		}
		if tc.ExtraContent != "" {
			first["extra_content"] = json.RawMessage(tc.ExtraContent)
		}
		if !p.pause() || !p.oaDelta(map[string]any{"tool_calls": []any{first}}, "") {
			return false
		}
		for _, piece := range tc.pieces() {
			if !p.pause() || !p.oaDelta(map[string]any{"tool_calls": []any{map[string]any{
				"index": i, "function": map[string]any{"arguments": piece},
			}}}, "") {
				return false
			}
		}
	}
	finish := s.FinishReason
	if finish == "" {
		finish = "stop"
		if len(s.ToolCalls) > 0 {
			finish = "tool_calls"
		}
	}
	if !p.oaDelta(map[string]any{}, finish) {
		return false
	}
	if s.Usage != nil && p.req.IncludeUsage {
		c := oaChunk{
			ID: openaiID, Object: "chat.completion.chunk", Created: openaiCreated,
			Model: p.oaModel(), SystemFingerprint: "fp_fake",
			Choices: []oaChoice{}, Usage: openaiUsage(s.Usage),
		}
		if !p.oaData(mustJSON(c)) {
			return false
		}
	}
	if !s.NoDone && !p.send([]byte("data: [DONE]\n\n")) {
		return false
	}
	return true
}

// keepAlive sends an SSE comment when the script asks for pings.
func (p *player) keepAlive() bool {
	if !p.s.Pings {
		return true
	}
	if p.anthropic {
		return p.anEvent("ping", map[string]any{"type": "ping"})
	}
	return p.send([]byte(": keep-alive\n\n"))
}

// openaiErrorDefaults are OpenAI's error type and code per status.
func openaiErrorDefaults(status int) (typ, code, msg string) {
	switch status {
	case http.StatusUnauthorized:
		return "invalid_request_error", "invalid_api_key", "Incorrect API key provided: %KEY%. You can find your API key at https://platform.openai.com/account/api-keys."
	case http.StatusForbidden:
		return "invalid_request_error", "unsupported_country_region_territory", "Country, region, or territory not supported"
	case http.StatusNotFound:
		return "invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."
	case http.StatusTooManyRequests:
		return "requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again in 2s."
	case http.StatusBadRequest:
		return "invalid_request_error", "", "Invalid request."
	}
	return "server_error", "", "The server had an error while processing your request."
}

// writeOpenAIError writes an OpenAI error body. A default 401 echoes the
// request's key, as a worst case for redaction.
func writeOpenAIError(w http.ResponseWriter, r *http.Request, s *Script) {
	typ, code, msg := openaiErrorDefaults(s.Status)
	typ, code, msg = orDefault(s.ErrorType, typ), orDefault(s.ErrorCode, code), orDefault(s.ErrorMessage, msg)
	msg = strings.ReplaceAll(msg, "%KEY%", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	writeJSON(w, s.Status, map[string]any{"error": map[string]any{
		"message": msg, "type": typ, "param": nil, "code": nullIfEmpty(code),
	}})
}

// writeOpenAIWhole answers a non-streamed request with one completion.
func writeOpenAIWhole(w http.ResponseWriter, s *Script, req *request) {
	msg := map[string]any{"role": "assistant", "content": s.Text(), "refusal": nil}
	if len(s.Reasoning) > 0 {
		msg[orDefault(s.ReasoningField, "reasoning_content")] = strings.Join(s.Reasoning, "")
	}
	var calls []any
	for _, tc := range s.ToolCalls {
		call := map[string]any{
			"id": tc.ID, "type": "function",
			"function": map[string]any{"name": tc.Name, "arguments": tc.Arguments},
		}
		if tc.ExtraContent != "" {
			call["extra_content"] = json.RawMessage(tc.ExtraContent)
		}
		calls = append(calls, call)
	}
	if calls != nil {
		msg["tool_calls"] = calls
	}
	finish := orDefault(s.FinishReason, "stop")
	if s.FinishReason == "" && len(calls) > 0 {
		finish = "tool_calls"
	}
	resp := map[string]any{
		"id": openaiID, "object": "chat.completion", "created": openaiCreated,
		"model":   orDefault(req.Model, SimulatedModel),
		"choices": []any{map[string]any{"index": 0, "message": msg, "logprobs": nil, "finish_reason": finish}},
	}
	if s.Usage != nil {
		resp["usage"] = openaiUsage(s.Usage)
	}
	writeJSON(w, http.StatusOK, resp)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// oaCitations streams cs as OpenRouter does: url_citation annotations on
// a delta without content.
func (p *player) oaCitations(cs []Citation) bool {
	if len(cs) == 0 {
		return true
	}
	anns := make([]any, len(cs))
	for i, c := range cs {
		anns[i] = map[string]any{"type": "url_citation", "url_citation": map[string]any{
			"url": c.URL, "title": c.Title, "content": c.CitedText, "start_index": 0, "end_index": 0,
		}}
	}
	return p.pause() && p.oaDelta(map[string]any{"content": "", "annotations": anns}, "")
}
