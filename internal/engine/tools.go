package engine

import (
	"context"
	"fmt"
	"math"
	"time"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/validation"
)

// The tool loop. A provider call that ends in tool calls is one step: its
// calls go to the tool service, which records them, applies the user's
// policy, waits for approvals and client results and runs the approved
// tools; the results go back to the model in the next call. The turn's
// text, its tool calls and their results are parts of one assistant
// message; every call of the loop is charged as its own usage row.

// toolset returns the tools of a turn: the server's and the client's
// declarations (nil when the engine has no tool service and the client
// declared none).
func (e *Engine) toolset(client []tool.ClientTool) (*tool.Toolset, error) {
	if e.tools == nil {
		if len(client) > 0 {
			return nil, validation.FieldError("client_tools", "this server runs no tools")
		}
		return nil, nil
	}
	ts, err := e.tools.Registry().Toolset(client)
	if err != nil {
		return nil, validation.FieldError("client_tools", err.Error())
	}
	return ts, nil
}

// toolChoiceOf checks a turn's tool choice against its tools and returns
// it as the adapters take it: a tool by the name the model knows it by.
func toolChoiceOf(c ToolChoice, tools *tool.Toolset) (llm.ToolChoice, error) {
	switch c.Mode {
	case "", llm.ToolChoiceAuto, llm.ToolChoiceNone:
		if c.ToolID != "" {
			return llm.ToolChoice{}, validation.FieldError("tool_choice.tool_id", "only with mode TOOL")
		}
		return llm.ToolChoice{Mode: c.Mode}, nil
	case llm.ToolChoiceRequired:
		if c.ToolID != "" {
			return llm.ToolChoice{}, validation.FieldError("tool_choice.tool_id", "only with mode TOOL")
		}
		if tools == nil || len(tools.Definitions()) == 0 {
			return llm.ToolChoice{}, validation.FieldError("tool_choice.mode", "REQUIRED needs a tool to call, and this turn offers none")
		}
		return llm.ToolChoice{Mode: c.Mode}, nil
	case llm.ToolChoiceTool:
		if tools != nil {
			for _, d := range tools.Definitions() {
				if d.ID == c.ToolID {
					return llm.ToolChoice{Mode: c.Mode, Name: d.Name}, nil
				}
			}
		}
		return llm.ToolChoice{}, validation.FieldError("tool_choice.tool_id", fmt.Sprintf("%q is not a tool of this turn (see ToolService.ListTools and client_tools)", c.ToolID))
	}
	return llm.ToolChoice{}, validation.FieldError("tool_choice.mode", "unknown mode")
}

// checkToolChoice refuses a turn that must call a tool on a model that
// cannot call tools, before anything is stored.
func checkToolChoice(m catalog.Model, c llm.ToolChoice) error {
	if (c.Mode == llm.ToolChoiceRequired || c.Mode == llm.ToolChoiceTool) && !m.Capabilities.Tools {
		return rpcerror.FailedPrecondition(fmt.Sprintf("model %q cannot call tools: tool_choice %s cannot be met", m.ID, c.Mode))
	}
	return nil
}

// stepCall is a provider call of the loop that ended in tool calls.
type stepCall struct {
	usage   *llm.Usage
	latency time.Duration
}

// maxSteps is the step limit of a turn.
func (r *runState) maxSteps() int { return r.e.cfg.MaxToolSteps }

// loop runs the turn's provider calls until the model answers without
// tool calls, the step limit is reached, or a call fails. It returns the
// finish reason of the last call ("max_steps" at the limit).
func (r *runState) loop(ctx context.Context) (dbenum.FinishReason, error) {
	for step := 1; ; step++ {
		r.calls = nil
		r.mu.Lock()
		r.callParts = nil
		r.mu.Unlock()
		callStart := time.Now()
		finish, err := r.call(ctx)
		if err != nil {
			return finish, err
		}
		r.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_StepFinished{StepFinished: &bestchatv1.StepFinished{
			Step: int32(min(step, math.MaxInt32)), FinishReason: finish.Proto(),
		}}})
		if r.turn == nil || len(r.calls) == 0 {
			return finish, nil
		}
		if step >= r.maxSteps() {
			// The calls of the last allowed step are not run: the model
			// keeps asking, and the turn ends here.
			return dbenum.FinishMaxSteps, nil
		}
		calls := r.calls
		sc := stepCall{usage: r.usage, latency: time.Since(callStart)}
		su, estimated := r.stepUsage(sc.usage)
		r.shrinkCall(r.charge(dbenum.UsageCompleted, su, estimated, sc.latency))
		r.appendEvent(r.stepUsageEvent(r.usage))
		// The step's assistant message, for the next call: its reasoning
		// (signed, as Anthropic requires back) and text, then its calls
		// (their parts streamed with their arguments).
		r.mu.Lock()
		assistant := llm.Message{Role: llm.RoleAssistant, Parts: r.ans.stepParts(), ToolCalls: calls}
		r.ans.endStep()
		r.mu.Unlock()
		results, err := r.e.tools.HandleStep(ctx, r.turn, step, calls, r.toolUpdate)
		if err != nil {
			r.steps = append(r.steps, sc)
			return "", err
		}
		r.req.Messages = append(r.req.Messages, assistant)
		// The tool choice binds the turn's first call only: after the
		// results the model is free to answer.
		r.req.ToolChoice = llm.ToolChoice{}
		r.req.Messages = append(r.req.Messages, results...)
		for _, m := range results {
			if err := r.addWhole(&answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_RESULT, whole: &bestchatv1.ContentPart{
				Part: &bestchatv1.ContentPart_ToolResult{ToolResult: &bestchatv1.ToolResultPart{ToolCallId: m.ToolCallID, Output: m.Text(), IsError: m.IsError}},
			}}); err != nil {
				r.steps = append(r.steps, sc)
				return "", err
			}
		}
		r.steps = append(r.steps, sc)
		// The next call starts afresh: its own usage, no speculative
		// stream, no retries once output began (the answer goes on).
		r.spec, r.usage, r.opened, r.refused = nil, nil, false, false
	}
}

// toolUpdate turns an execution's new state into a stream event.
func (r *runState) toolUpdate(u tool.Update) {
	ex := tool.ExecutionToProto(u.Execution)
	ev := &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ToolCall{ToolCall: &bestchatv1.ToolCallEvent{Execution: ex}}}
	if u.Final {
		ev = &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ToolResult{ToolResult: &bestchatv1.ToolResultEvent{Execution: ex}}}
	}
	r.appendEvent(ev)
}

// appendEvent appends an event stored whole to the log and wakes the
// direct stream.
func (r *runState) appendEvent(ev *bestchatv1.ChatEvent) {
	r.mu.Lock()
	r.g.log.appendEvent(ev)
	r.dirty = true
	r.mu.Unlock()
	r.direct.push()
}

// stepUsageEvent reports a step's provider call.
func (r *runState) stepUsageEvent(u *llm.Usage) *bestchatv1.ChatEvent {
	cu, estimated := r.stepUsage(u)
	cost, known := catalog.Cost(r.st.model.Price, cu)
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Usage{Usage: &bestchatv1.UsageEvent{
		Provider: r.st.resolved.Provider, Model: r.st.resolved.Model,
		Usage: &bestchatv1.TokenUsage{
			InputTokens: cu.Input, OutputTokens: cu.Output, CacheReadTokens: cu.CacheRead,
			CacheWriteTokens: cu.CacheWrite, ReasoningTokens: cu.Reasoning,
		},
		CostNanos: knownCost(cost, known), Estimated: estimated,
	}}}
}

// stepUsage is what a step's call used: its report, else an estimate of
// its input.
func (r *runState) stepUsage(u *llm.Usage) (catalog.Usage, bool) {
	if u != nil {
		return billedUsage(*u), u.Partial
	}
	return catalog.Usage{Input: r.estimateInput()}, true
}

// stepCalls are the loop's calls that ended in tool calls, to charge.
func (r *runState) stepCalls() []Call {
	out := make([]Call, 0, len(r.steps))
	for i, s := range r.steps {
		u, estimated := r.stepUsage(s.usage)
		c := r.charge(dbenum.UsageCompleted, u, estimated, s.latency)
		c.Step = int32(min(i+1, math.MaxInt32))
		if s.usage != nil && !s.usage.Partial {
			c.withProviderCost(*s.usage)
		}
		out = append(out, c)
	}
	return out
}
