package llmfake

import (
	"net/http"
	"strings"
)

const anthropicID = "msg_fake"

// anEvent sends one Anthropic SSE event.
func (p *player) anEvent(name string, data any) bool {
	b := mustJSON(data)
	buf := make([]byte, 0, len(b)+len(name)+16)
	buf = append(buf, "event: "...)
	buf = append(buf, name...)
	buf = append(buf, "\ndata: "...)
	buf = append(buf, b...)
	buf = append(buf, "\n\n"...)
	return p.send(buf)
}

func (p *player) anDelta(index int, delta map[string]any) bool {
	return p.anEvent("content_block_delta", map[string]any{"type": "content_block_delta", "index": index, "delta": delta})
}

func (p *player) anStart(index int, block map[string]any) bool {
	return p.anEvent("content_block_start", map[string]any{"type": "content_block_start", "index": index, "content_block": block})
}

func (p *player) anStop(index int) bool {
	return p.anEvent("content_block_stop", map[string]any{"type": "content_block_stop", "index": index})
}

// anthropicErrorDefaults are Anthropic's error type and message per status.
func anthropicErrorDefaults(status int) (typ, msg string) {
	switch status {
	case http.StatusBadRequest:
		return "invalid_request_error", "Invalid request."
	case http.StatusUnauthorized:
		return "authentication_error", "invalid x-api-key: %KEY%"
	case http.StatusPaymentRequired:
		return "billing_error", "Your credit balance is too low to access the Anthropic API."
	case http.StatusForbidden:
		return "permission_error", "Your API key does not have permission to use the specified resource."
	case http.StatusNotFound:
		return "not_found_error", "The requested resource could not be found."
	case http.StatusRequestEntityTooLarge:
		return "request_too_large", "Request exceeds the maximum allowed number of bytes."
	case http.StatusTooManyRequests:
		return "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."
	case 529:
		return "overloaded_error", "Overloaded"
	case http.StatusGatewayTimeout:
		return "timeout_error", "Request timed out."
	}
	return "api_error", "Internal server error"
}

// writeAnthropicError writes an Anthropic error body. A default 401 echoes
// the request's key, as a worst case for redaction.
func writeAnthropicError(w http.ResponseWriter, r *http.Request, s *Script) {
	typ, msg := anthropicErrorDefaults(s.Status)
	typ, msg = orDefault(s.ErrorType, typ), orDefault(s.ErrorMessage, msg)
	key := r.Header.Get("X-Api-Key")
	if key == "" {
		key = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	msg = strings.ReplaceAll(msg, "%KEY%", key)
	w.Header().Set("Request-Id", "req_fake")
	writeJSON(w, s.Status, map[string]any{
		"type":       "error",
		"error":      map[string]any{"type": typ, "message": msg},
		"request_id": "req_fake",
	})
}

func (p *player) anModel() string {
	if p.req.Model != "" {
		return p.req.Model
	}
	return SimulatedModel
}

// playAnthropic streams the script in Anthropic's format; false when the
// client went away or the connection is to be cut.
func (p *player) playAnthropic() bool {
	s := p.s
	u := s.Usage
	if u == nil {
		u = &Usage{}
	}
	errEvent := func() bool {
		typ := orDefault(s.ErrorType, "overloaded_error")
		_, defMsg := anthropicErrorDefaults(529)
		if typ != "overloaded_error" {
			defMsg = "Internal server error"
		}
		return p.anEvent("error", map[string]any{"type": "error", "error": map[string]any{
			"type": typ, "message": orDefault(s.ErrorMessage, defMsg),
		}})
	}
	if !p.anEvent("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": anthropicID, "type": "message", "role": "assistant", "model": p.anModel(),
		"content": []any{}, "stop_reason": nil, "stop_sequence": nil,
		"usage": map[string]any{
			"input_tokens": u.Input, "cache_creation_input_tokens": u.CacheWrite,
			"cache_read_input_tokens": u.CacheRead, "output_tokens": 1,
			"cache_creation": anthropicCacheCreation(u),
		},
	}}) {
		return false
	}
	if s.Pings && !p.anEvent("ping", map[string]any{"type": "ping"}) {
		return false
	}
	index := 0
	if len(s.Reasoning) > 0 {
		if !p.anStart(index, map[string]any{"type": "thinking", "thinking": "", "signature": ""}) {
			return false
		}
		for _, r := range s.Reasoning {
			if !p.pause() || !p.keepAlive() || !p.anDelta(index, map[string]any{"type": "thinking_delta", "thinking": r}) {
				return false
			}
		}
		if !p.anDelta(index, map[string]any{"type": "signature_delta", "signature": orDefault(s.Signature, "sig-fake")}) ||
			!p.anStop(index) {
			return false
		}
		index++
	}
	textOpen := false
	for i, t := range s.Tokens {
		if p.fault(errEvent) {
			return !p.cut && p.ctx.Err() == nil
		}
		if !textOpen {
			if !p.anStart(index, map[string]any{"type": "text", "text": ""}) {
				return false
			}
			textOpen = true
		}
		for _, c := range s.citationsBefore(i) {
			if !p.pause() || !p.anDelta(index, anCitation(c)) {
				return false
			}
		}
		if !p.pause() || !p.keepAlive() || !p.anDelta(index, map[string]any{"type": "text_delta", "text": t}) {
			return false
		}
		p.textSent++
	}
	if p.fault(errEvent) {
		return !p.cut && p.ctx.Err() == nil
	}
	if textOpen {
		for _, c := range s.citationsBefore(len(s.Tokens)) {
			if !p.pause() || !p.anDelta(index, anCitation(c)) {
				return false
			}
		}
		if !p.anStop(index) {
			return false
		}
		index++
	}
	for _, tc := range s.ToolCalls {
		if !p.pause() || !p.anStart(index, map[string]any{"type": "tool_use", "id": tc.ID, "name": tc.Name, "input": map[string]any{}}) {
			return false
		}
		for _, piece := range tc.pieces() {
			if !p.pause() || !p.anDelta(index, map[string]any{"type": "input_json_delta", "partial_json": piece}) {
				return false
			}
		}
		if !p.anStop(index) {
			return false
		}
		index++
	}
	finish := s.FinishReason
	if finish == "" {
		finish = "end_turn"
		if len(s.ToolCalls) > 0 {
			finish = "tool_use"
		}
	}
	usage := map[string]any{"output_tokens": u.Output}
	if u.Reasoning > 0 {
		usage["output_tokens_details"] = map[string]any{"thinking_tokens": u.Reasoning}
	}
	if u.WebSearches > 0 {
		usage["server_tool_use"] = map[string]any{"web_search_requests": u.WebSearches}
	}
	if !p.anEvent("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": finish, "stop_sequence": nil}, "usage": usage}) {
		return false
	}
	return p.anEvent("message_stop", map[string]any{"type": "message_stop"})
}

// writeAnthropicWhole answers a non-streamed request with one message.
func writeAnthropicWhole(w http.ResponseWriter, s *Script, req *request) {
	var content []any
	if len(s.Reasoning) > 0 {
		content = append(content, map[string]any{"type": "thinking", "thinking": strings.Join(s.Reasoning, ""), "signature": orDefault(s.Signature, "sig-fake")})
	}
	if len(s.Tokens) > 0 {
		content = append(content, map[string]any{"type": "text", "text": s.Text()})
	}
	for _, tc := range s.ToolCalls {
		content = append(content, map[string]any{"type": "tool_use", "id": tc.ID, "name": tc.Name, "input": rawJSON(tc.Arguments)})
	}
	finish := orDefault(s.FinishReason, "end_turn")
	if s.FinishReason == "" && len(s.ToolCalls) > 0 {
		finish = "tool_use"
	}
	u := s.Usage
	if u == nil {
		u = &Usage{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": anthropicID, "type": "message", "role": "assistant", "model": orDefault(req.Model, SimulatedModel),
		"content": content, "stop_reason": finish, "stop_sequence": nil,
		"usage": map[string]any{
			"input_tokens": u.Input, "output_tokens": u.Output,
			"cache_creation_input_tokens": u.CacheWrite, "cache_read_input_tokens": u.CacheRead,
			"cache_creation":  anthropicCacheCreation(u),
			"server_tool_use": map[string]any{"web_search_requests": u.WebSearches},
		},
	})
}

// anthropicCacheCreation is usage.cache_creation: the cache writes split
// by how long the cache keeps them.
func anthropicCacheCreation(u *Usage) map[string]any {
	return map[string]any{"ephemeral_5m_input_tokens": u.CacheWrite - u.CacheWrite1h, "ephemeral_1h_input_tokens": u.CacheWrite1h}
}

// writeError answers with the script's HTTP error.
func writeError(w http.ResponseWriter, r *http.Request, proto protocol, s *Script) {
	if s.RetryAfter != "" {
		w.Header().Set("Retry-After", s.RetryAfter)
	}
	if s.ErrorBody != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(s.Status)
		_, _ = w.Write([]byte(s.ErrorBody)) //nolint:gosec // G705: a wire fake replays its script's JSON body verbatim, by design
		return
	}
	if proto == protoAnthropic {
		writeAnthropicError(w, r, s)
		return
	}
	writeOpenAIError(w, r, s)
}

// writeWhole answers a non-streamed request.
func writeWhole(w http.ResponseWriter, proto protocol, s *Script, req *request) {
	if proto == protoAnthropic {
		writeAnthropicWhole(w, s, req)
		return
	}
	writeOpenAIWhole(w, s, req)
}

// anCitation is the citations_delta of a web search result.
func anCitation(c Citation) map[string]any {
	return map[string]any{"type": "citations_delta", "citation": map[string]any{
		"type": "web_search_result_location", "url": c.URL, "title": c.Title,
		"cited_text": c.CitedText, "encrypted_index": "ZmFrZQ==",
	}}
}
