package engine

import (
	"encoding/json"
	"fmt"
	"slices"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/tool"
)

// buildRequest turns the stored branch into the provider-neutral request,
// fitted to the model's context window by the conversation's strategy
// (contextfit.go); the fitting is returned for the turn to record. The
// turn's tools are offered when the model can call tools.
func (e *Engine) buildRequest(st *started, override *bestchatv1.GenerationParams, tools *tool.Toolset, choice llm.ToolChoice) (*llm.Request, *fitting) {
	req := &llm.Request{Model: st.resolved.Model, System: st.conv.SystemPrompt}
	if tools != nil && st.model.Capabilities.Tools {
		for _, d := range tools.Definitions() {
			req.Tools = append(req.Tools, llm.Tool{Name: d.Name, Description: d.Description, Schema: d.Schema})
		}
	}
	if len(req.Tools) > 0 {
		req.ToolChoice = choice
	}
	structured := len(req.Tools) > 0
	// The calls' arguments stream as the model writes them (ToolCallDelta).
	req.StreamToolArguments = structured
	in := inputsOf(st.model, st.resolved.Client)
	if structured {
		_, in.readFile = tools.ByName(readFileTool)
	}
	segs := make([]segment, 0, len(st.history))
	for _, m := range st.history {
		parts := message.DecodeContent(m.Content)
		var msgs []llm.Message
		switch m.Role {
		case dbenum.RoleUser:
			if msg := (llm.Message{Role: llm.RoleUser, Parts: userParts(parts, st.files, in)}); len(msg.Parts) > 0 {
				msgs = []llm.Message{msg}
			}
		case dbenum.RoleAssistant:
			// A provider's reasoning (and its signature) and its calls'
			// state go back only to that provider.
			msgs = appendAssistant(nil, parts, structured, m.Provider == st.resolved.Provider)
		}
		if len(msgs) > 0 {
			segs = append(segs, segment{id: m.ID, user: m.Role == dbenum.RoleUser, msgs: msgs, tokens: estimateTokens(msgs)})
		}
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
	f := &fitting{segs: segs, system: estimateText(req.System), systemPrompt: req.System, strategy: st.conv.ContextStrategy}
	req.Messages, f.fit = f.apply(promptBudget(st.model.ContextWindow, maxOut))
	return req, f
}

// fitting is a turn's request before and after fitting it to the window:
// the segments it was built from, so that a provider's overflow report can
// fit it again tighter (runState.refit).
type fitting struct {
	segs []segment
	// system is the estimate of systemPrompt, the conversation's own
	// (without a summary).
	system       int64
	systemPrompt string
	strategy     dbenum.ContextStrategy
	// fit is what the last apply dropped; nil when nothing.
	fit *contextFit
}

// apply returns the request messages fitted to budget and what was
// dropped; the strategy none sends everything.
func (f *fitting) apply(budget int64) ([]llm.Message, *contextFit) {
	if f.strategy == dbenum.StrategyNone {
		return flatten(f.segs), nil
	}
	if f.strategy == dbenum.StrategySummarize && budget > 0 {
		budget = max(budget-summaryMaxTokens, budget/2) // room for the summary
	}
	kept, fit := fitSegments(f.segs, f.system, budget)
	return flatten(kept), fit
}

// readFileTool is the name of the tool that reads uploaded text files.
const readFileTool = "read_file"

// contentParts are the text, image and refusal parts of stored assistant
// content.
func contentParts(parts []*bestchatv1.ContentPart) []llm.Part {
	var out []llm.Part
	for _, p := range parts {
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Text:
			out = append(out, llm.TextPart(part.Text))
		case *bestchatv1.ContentPart_Image:
			if u := part.Image.GetUrl(); u != "" {
				out = append(out, llm.ImageURLPart(u))
			}
		case *bestchatv1.ContentPart_Refusal:
			// The model sees what it answered: its refusal, as text.
			if t := part.Refusal.GetText(); t != "" {
				out = append(out, llm.TextPart(t))
			}
		}
	}
	return out
}

// appendAssistant appends a stored assistant answer to msgs. An answer of
// a tool loop holds each step's text, its tool calls and their results, in
// that order; with structured set (the request offers tools, which
// Anthropic requires of a history with tool calls) each step becomes the
// provider's assistant message with its calls followed by one result
// message per call, so the model sees what it called and what came back.
// A call stored without a result (the turn failed while it ran) gets an
// error result, since providers refuse a call left unanswered. Without
// tools the calls and results are told as text, so a model that cannot
// call tools still knows what happened. With sameProvider set (the
// answer came from the provider the request goes to), each step's
// reasoning parts go back in their place with their signatures (Anthropic
// requires the thinking of a step that called tools; adapters that keep
// reasoning server-side drop them), a step holding only reasoning being
// left out, and each call keeps the state its provider attached to it
// (Google's thought signature); another provider would understand
// neither. An answer with no content (interrupted before its first token)
// adds nothing.
func appendAssistant(msgs []llm.Message, parts []*bestchatv1.ContentPart, structured, sameProvider bool) []llm.Message {
	type step struct {
		msg     llm.Message
		results map[string]llm.Message
	}
	steps := []step{{msg: llm.Message{Role: llm.RoleAssistant}}}
	// Sources are dropped: the model wrote the text, the provider added the
	// sources, and no provider takes them back. join: the parts before
	// were text, then sources; text after them goes back joined to it, as
	// the model wrote it.
	lastText, join := false, false
	for _, p := range parts {
		cur := &steps[len(steps)-1]
		if _, ok := p.GetPart().(*bestchatv1.ContentPart_Source); ok {
			join = lastText
			continue
		}
		t, isText := p.GetPart().(*bestchatv1.ContentPart_Text)
		if isText && join {
			n := len(cur.msg.Parts)
			cur.msg.Parts[n-1].Text += t.Text
			join = false
			continue
		}
		lastText, join = isText, false
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Text, *bestchatv1.ContentPart_Image, *bestchatv1.ContentPart_Reasoning, *bestchatv1.ContentPart_Refusal:
			if len(cur.msg.ToolCalls) > 0 { // content after a step's calls starts the next step
				steps = append(steps, step{msg: llm.Message{Role: llm.RoleAssistant}})
				cur = &steps[len(steps)-1]
			}
			if r := p.GetReasoning(); r != nil {
				if sameProvider {
					cur.msg.Parts = append(cur.msg.Parts, reasoningPart(r))
				}
				continue
			}
			cur.msg.Parts = append(cur.msg.Parts, contentParts([]*bestchatv1.ContentPart{p})...)
		case *bestchatv1.ContentPart_ToolCall:
			c := part.ToolCall
			if !structured {
				cur.msg.Parts = append(cur.msg.Parts, llm.TextPart(fmt.Sprintf("[called tool %s with %s]", c.GetToolName(), c.GetArgumentsJson())))
				continue
			}
			args := json.RawMessage(c.GetArgumentsJson())
			if !json.Valid(args) {
				args = json.RawMessage("{}")
			}
			call := llm.ToolCall{ID: c.GetToolCallId(), Name: c.GetToolName(), Arguments: args}
			if sameProvider {
				call.ProviderState = c.GetProviderState()
			}
			cur.msg.ToolCalls = append(cur.msg.ToolCalls, call)
		case *bestchatv1.ContentPart_ToolResult:
			r := part.ToolResult
			if !structured {
				label := "result"
				if r.GetIsError() {
					label = "error"
				}
				cur.msg.Parts = append(cur.msg.Parts, llm.TextPart(fmt.Sprintf("[tool %s: %s]", label, r.GetOutput())))
				continue
			}
			if cur.results == nil {
				cur.results = map[string]llm.Message{}
			}
			cur.results[r.GetToolCallId()] = llm.ToolResult(r.GetToolCallId(), r.GetOutput(), r.GetIsError())
		}
	}
	for _, st := range steps {
		if len(st.msg.ToolCalls) == 0 && !slices.ContainsFunc(st.msg.Parts, func(p llm.Part) bool {
			return p.Type != llm.PartReasoning && p.Type != llm.PartRedactedReasoning
		}) {
			continue
		}
		msgs = append(msgs, st.msg)
		for _, c := range st.msg.ToolCalls {
			res, ok := st.results[c.ID]
			if !ok {
				res = llm.ToolResult(c.ID, "the tool call did not complete: the turn ended while it ran", true)
			}
			msgs = append(msgs, res)
		}
	}
	return msgs
}
