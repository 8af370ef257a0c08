package engine

import (
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/tool"
)

// buildRequest turns the stored branch into the provider-neutral request.
// The turn's tools are offered when the model can call tools.
func (e *Engine) buildRequest(st *started, override *bestchatv1.GenerationParams, tools *tool.Toolset) *llm.Request {
	req := &llm.Request{Model: st.resolved.Model, System: st.conv.SystemPrompt}
	if tools != nil && st.model.Capabilities.Tools {
		for _, d := range tools.Definitions() {
			req.Tools = append(req.Tools, llm.Tool{Name: d.Name, Description: d.Description, Schema: d.Schema})
		}
	}
	for _, m := range st.history {
		parts := message.DecodeContent(m.Content)
		var msg llm.Message
		switch m.Role {
		case "user":
			msg.Role = llm.RoleUser
		case "assistant":
			msg.Role = llm.RoleAssistant
		default:
			continue
		}
		for _, p := range parts {
			switch part := p.GetPart().(type) {
			case *bestchatv1.ContentPart_Text:
				msg.Parts = append(msg.Parts, llm.TextPart(part.Text))
			case *bestchatv1.ContentPart_Image:
				if u := part.Image.GetUrl(); u != "" {
					msg.Parts = append(msg.Parts, llm.ImageURLPart(u))
				}
			}
		}
		if len(msg.Parts) == 0 {
			continue // e.g. an answer interrupted before its first token
		}
		req.Messages = append(req.Messages, msg)
	}
	params := message.DecodeParams(st.conv.Params)
	if override != nil {
		if override.Temperature != nil {
			params.Temperature = override.Temperature
		}
		if override.TopP != nil {
			params.TopP = override.TopP
		}
		if override.MaxOutputTokens != nil {
			params.MaxOutputTokens = override.MaxOutputTokens
		}
		if override.ReasoningEffort != bestchatv1.ReasoningEffort_REASONING_EFFORT_UNSPECIFIED {
			params.ReasoningEffort = override.ReasoningEffort
		}
	}
	req.Params.Temperature = params.Temperature
	req.Params.TopP = params.TopP
	// The output cap is always sent: the smallest of the request, the
	// model's maximum and the operator's cap.
	maxOut := e.cfg.MaxOutputTokens
	if st.model.MaxOutputTokens > 0 && int(st.model.MaxOutputTokens) < maxOut {
		maxOut = int(st.model.MaxOutputTokens)
	}
	if params.MaxOutputTokens != nil && int(*params.MaxOutputTokens) < maxOut {
		maxOut = int(*params.MaxOutputTokens)
	}
	req.Params.MaxOutputTokens = maxOut
	switch params.ReasoningEffort {
	case bestchatv1.ReasoningEffort_REASONING_EFFORT_LOW:
		req.Params.ReasoningEffort = "low"
	case bestchatv1.ReasoningEffort_REASONING_EFFORT_MEDIUM:
		req.Params.ReasoningEffort = "medium"
	case bestchatv1.ReasoningEffort_REASONING_EFFORT_HIGH:
		req.Params.ReasoningEffort = "high"
	}
	return req
}
