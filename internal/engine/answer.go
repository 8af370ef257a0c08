package engine

import (
	"errors"
	"fmt"
	"math"
	"strings"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm"
)

// The answer of a turn is one assistant message whose content parts hold,
// in the order they happened, every step's reasoning and text, then that
// step's tool calls and their results. Parts are announced on the stream
// (PartStarted) as they begin, and text and reasoning deltas name the part
// they extend, so a client rebuilds the stored content exactly. A delta
// extends the step's last part when it is of the same kind and still open;
// otherwise it starts a new part, so two steps' text (or text around
// reasoning) are never glued together.

// maxParts bounds the parts of one answer: a part index fits an entry's
// uint16 (see entry).
const maxParts = math.MaxUint16 + 1

// errTooManyParts ends a generation whose answer would exceed maxParts.
var errTooManyParts = errors.New("the answer has more parts than a message can hold")

// answerPart is one part of the answer being written.
type answerPart struct {
	kind bestchatv1.ContentPartKind
	// text of a text or reasoning part, grown by deltas.
	text strings.Builder
	// signature of a reasoning part; redacted and redactedData of an
	// encrypted one.
	signature    string
	redacted     bool
	redactedData string
	// closed: a signed or redacted reasoning part takes no more deltas.
	closed bool
	// callID and name of a tool call, whose arguments are in text;
	// providerState is the state its provider attached to it (Google's
	// thought signature), set once the call is complete, or to a reasoning
	// part (OpenRouter's reasoning_details), which it ends.
	callID, name, providerState string
	// explanation of a refusal, whose text is in text.
	explanation string
	// source of a source part, complete when it starts.
	source *bestchatv1.SourcePart
	// whole is a tool result part, complete when it starts.
	whole *bestchatv1.ContentPart
}

// proto returns the part as it stands now (a new message each call).
func (p *answerPart) proto() *bestchatv1.ContentPart {
	switch p.kind {
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT:
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: p.text.String()}}
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING:
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{
			Text: p.text.String(), Signature: p.signature, Redacted: p.redacted, RedactedData: p.redactedData,
			ProviderState: p.providerState,
		}}}
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_REFUSAL:
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Refusal{Refusal: &bestchatv1.RefusalPart{
			Text: p.text.String(), Explanation: p.explanation,
		}}}
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_CALL:
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_ToolCall{ToolCall: &bestchatv1.ToolCallPart{
			ToolCallId: p.callID, ToolName: p.name, ArgumentsJson: p.text.String(), ProviderState: p.providerState,
		}}}
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_SOURCE:
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Source{Source: &bestchatv1.SourcePart{
			Url: p.source.GetUrl(), Title: p.source.GetTitle(), CitedText: p.source.GetCitedText(),
		}}}
	}
	return p.whole
}

// answer is the content of the assistant message being written.
type answer struct {
	parts []*answerPart
	// stepStart is the index of the current step's first part: a delta
	// never extends a part of an earlier step.
	stepStart int
	// textLen and reasoningLen are the bytes of text and reasoning so far
	// (output estimates).
	textLen, reasoningLen int
	// sources holds the key (sourceKey) of every source part: a source
	// cited again adds no part.
	sources map[string]bool
}

// content returns the answer's parts as stored.
func (a *answer) content() []*bestchatv1.ContentPart {
	out := make([]*bestchatv1.ContentPart, len(a.parts))
	for i, p := range a.parts {
		out[i] = p.proto()
	}
	return out
}

// text is the answer's text parts joined: the searchable text.
func (a *answer) text() string {
	var sb strings.Builder
	sb.Grow(a.textLen)
	for _, p := range a.parts {
		if p.kind == bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT {
			sb.WriteString(p.text.String())
		}
	}
	return sb.String()
}

// endStep makes the next delta start a new part.
func (a *answer) endStep() { a.stepStart = len(a.parts) }

// stepParts returns the current step's reasoning and text, as the
// provider-neutral parts of the step's assistant message.
func (a *answer) stepParts() []llm.Part {
	var out []llm.Part
	// Text a source split (see addSource) goes back whole, without the
	// source, as appendAssistant sends it on later turns.
	lastText, join := false, false
	for _, p := range a.parts[a.stepStart:] {
		if p.kind == bestchatv1.ContentPartKind_CONTENT_PART_KIND_SOURCE {
			join = lastText
			continue
		}
		isText := p.kind == bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT
		if isText && join {
			out[len(out)-1].Text += p.text.String()
			join = false
			continue
		}
		lastText, join = isText, false
		switch p.kind {
		case bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT:
			out = append(out, llm.TextPart(p.text.String()))
		case bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING:
			out = append(out, reasoningPart(p.proto().GetReasoning()))
		}
	}
	return out
}

// reasoningPart converts stored reasoning for a request.
func reasoningPart(r *bestchatv1.ReasoningPart) llm.Part {
	if r.GetRedacted() {
		return llm.Part{Type: llm.PartRedactedReasoning, Data: r.GetRedactedData()}
	}
	return llm.Part{Type: llm.PartReasoning, Text: r.GetText(), Signature: r.GetSignature(), ProviderState: r.GetProviderState()}
}

// partKind is the kind of a content part.
func partKind(p *bestchatv1.ContentPart) bestchatv1.ContentPartKind {
	switch p.GetPart().(type) {
	case *bestchatv1.ContentPart_Text:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT
	case *bestchatv1.ContentPart_Image:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_IMAGE
	case *bestchatv1.ContentPart_File:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_FILE
	case *bestchatv1.ContentPart_ToolCall:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_CALL
	case *bestchatv1.ContentPart_ToolResult:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_RESULT
	case *bestchatv1.ContentPart_Reasoning:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING
	case *bestchatv1.ContentPart_Refusal:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_REFUSAL
	case *bestchatv1.ContentPart_Source:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_SOURCE
	}
	return bestchatv1.ContentPartKind_CONTENT_PART_KIND_UNSPECIFIED
}

// partStartedEvent announces part i with its initial content.
func partStartedEvent(i int, part *bestchatv1.ContentPart) *bestchatv1.ChatEvent {
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_PartStarted{PartStarted: &bestchatv1.PartStarted{
		PartIndex: int32(i), Kind: partKind(part), Part: part,
	}}}
}

// deltaKind is the entry kind of the deltas that grow a part of kind k.
func deltaKind(k bestchatv1.ContentPartKind) entryKind {
	switch k {
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT:
		return entryText
	case bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING:
		return entryReasoning
	}
	return 0
}

// openPart returns the index of the part a delta of kind k extends: the
// step's last part when it is an open part of that kind, else a new one.
// r.mu is held.
func (r *runState) openPart(k bestchatv1.ContentPartKind) (int, error) {
	a := &r.ans
	if n := len(a.parts); n > a.stepStart {
		if last := a.parts[n-1]; last.kind == k && !last.closed {
			return n - 1, nil
		}
	}
	return r.startPart(&answerPart{kind: k})
}

// startPart appends p to the answer and announces it; r.mu is held.
func (r *runState) startPart(p *answerPart) (int, error) {
	i := len(r.ans.parts)
	if i >= maxParts {
		return 0, errTooManyParts
	}
	r.ans.parts = append(r.ans.parts, p)
	r.g.log.appendEvent(partStartedEvent(i, p.proto()))
	r.dirty = true
	return i, nil
}

// addDelta records a text or reasoning delta: the answer the housekeeper
// saves, and the event every stream reads.
func (r *runState) addDelta(kind entryKind, text string) error {
	if text == "" {
		return nil
	}
	r.markOutput()
	pk := bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT
	if kind == entryReasoning {
		pk = bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING
	}
	// The answer and the log change together, so that a save (which reads
	// both under r.mu) stores an event layout that fits its content.
	r.mu.Lock()
	i, err := r.openPart(pk)
	if err != nil {
		r.mu.Unlock()
		return err
	}
	r.ans.parts[i].text.WriteString(text)
	if kind == entryText {
		r.ans.textLen += len(text)
	} else {
		r.ans.reasoningLen += len(text)
	}
	r.dirty = true
	r.g.log.append(entry{kind: kind, text: text, part: uint16(i)})
	r.mu.Unlock()
	r.direct.push()
	return nil
}

// addSignature ends the step's open reasoning part with the provider's
// signature (a new, empty part when none is open).
func (r *runState) addSignature(sig string) error {
	r.markOutput()
	r.mu.Lock()
	i, err := r.openPart(bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING)
	if err != nil {
		r.mu.Unlock()
		return err
	}
	p := r.ans.parts[i]
	p.signature, p.closed = sig, true
	r.g.log.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{
		PartIndex: int32(i), Signature: sig,
	}}})
	r.mu.Unlock()
	r.direct.push()
	return nil
}

// addReasoningState ends the step's open reasoning part with the
// provider's own record of it (a new, empty part when none is open).
func (r *runState) addReasoningState(state string) error {
	r.markOutput()
	r.mu.Lock()
	i, err := r.openPart(bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING)
	if err != nil {
		r.mu.Unlock()
		return err
	}
	p := r.ans.parts[i]
	p.providerState, p.closed = state, true
	r.g.log.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{
		PartIndex: int32(i), ProviderState: state,
	}}})
	r.dirty = true
	r.mu.Unlock()
	r.direct.push()
	return nil
}

// addRefusalDelta records a piece of a refusal the model writes instead
// of an answer, in the step's open refusal part (stored whole in the log:
// refusals are short).
func (r *runState) addRefusalDelta(text string) error {
	if text == "" {
		return nil
	}
	r.markOutput()
	r.mu.Lock()
	i, err := r.openPart(bestchatv1.ContentPartKind_CONTENT_PART_KIND_REFUSAL)
	if err != nil {
		r.mu.Unlock()
		return err
	}
	r.ans.parts[i].text.WriteString(text)
	r.g.log.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_RefusalDelta{RefusalDelta: &bestchatv1.RefusalDelta{
		Text: text, PartIndex: int32(i),
	}}})
	r.dirty = true
	r.mu.Unlock()
	r.direct.push()
	return nil
}

// refused records that the call ended in a refusal (explanation: the
// provider's, or llm's placeholder "refusal"): a step that wrote none gets
// a refusal part, with the explanation when the provider gave one.
func (r *runState) refusedWith(explanation string) error {
	if explanation == "refusal" {
		explanation = ""
	}
	r.mu.Lock()
	a := &r.ans
	for _, p := range a.parts[a.stepStart:] {
		if p.kind == bestchatv1.ContentPartKind_CONTENT_PART_KIND_REFUSAL {
			r.mu.Unlock()
			return nil
		}
	}
	r.mu.Unlock()
	r.markOutput()
	return r.addWhole(&answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_REFUSAL, explanation: explanation, closed: true})
}

// sourceKey identifies a cited source within an answer: its URL, or for a
// document of the request (no URL) its title and the passage cited. ok is
// false for a citation that names nothing.
func sourceKey(c *llm.Citation) (key string, ok bool) {
	switch {
	case c.URL != "":
		return "u" + c.URL, true
	case c.Title != "" || c.CitedText != "":
		return "d" + c.Title + "\x00" + c.CitedText, true
	}
	return "", false
}

// addSource records a source the answer cites as a part of its own, after
// the parts so far (so the text before it is the text it supports, and
// text after it starts a new part), unless the answer already cites it.
func (r *runState) addSource(c *llm.Citation) error {
	key, ok := sourceKey(c)
	if !ok {
		return nil
	}
	r.mu.Lock()
	if r.ans.sources[key] {
		r.mu.Unlock()
		return nil
	}
	if r.ans.sources == nil {
		r.ans.sources = map[string]bool{}
	}
	r.ans.sources[key] = true
	r.mu.Unlock()
	// An announced part is output: the call is no longer retried.
	r.markOutput()
	return r.addWhole(&answerPart{
		kind:   bestchatv1.ContentPartKind_CONTENT_PART_KIND_SOURCE,
		source: &bestchatv1.SourcePart{Url: c.URL, Title: c.Title, CitedText: c.CitedText},
		closed: true,
	})
}

// addToolCallDelta records a piece of the arguments of call (the adapter's
// *ToolCall, the same for all its pieces): the call's part is announced
// with its first piece.
func (r *runState) addToolCallDelta(call *llm.ToolCall, piece string) error {
	r.markOutput()
	r.mu.Lock()
	i, ok := r.callParts[call]
	if !ok {
		var err error
		if i, err = r.startPart(&answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_CALL, callID: call.ID, name: call.Name}); err != nil {
			r.mu.Unlock()
			return err
		}
		if r.callParts == nil {
			r.callParts = map[*llm.ToolCall]int{}
		}
		r.callParts[call] = i
	}
	p := r.ans.parts[i]
	p.text.WriteString(piece)
	r.g.log.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ToolCallDelta{ToolCallDelta: &bestchatv1.ToolCallDelta{
		PartIndex: int32(i), ToolCallId: p.callID, ToolName: p.name, ArgumentsDelta: piece,
	}}})
	r.dirty = true
	r.mu.Unlock()
	r.direct.push()
	return nil
}

// addToolCall records a complete call: its part, announced by its deltas
// (or whole, when none came), holds exactly its arguments.
func (r *runState) addToolCall(call *llm.ToolCall) error {
	r.markOutput()
	r.calls = append(r.calls, *call)
	r.mu.Lock()
	i, ok := r.callParts[call]
	r.mu.Unlock()
	if !ok {
		p := &answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_CALL, callID: call.ID, name: call.Name, providerState: call.ProviderState}
		p.text.WriteString(string(call.Arguments))
		return r.addWhole(p)
	}
	r.mu.Lock()
	r.ans.parts[i].providerState = call.ProviderState
	r.mu.Unlock()
	if got := r.ans.parts[i].text.String(); got != string(call.Arguments) || r.ans.parts[i].callID != call.ID {
		// The adapter's pieces add up to the call: a bug otherwise.
		return fmt.Errorf("tool call %s: streamed arguments %q, complete %q", call.ID, got, call.Arguments)
	}
	return nil
}

// addWhole appends a part that arrives complete: redacted reasoning, a
// tool call or a tool result.
func (r *runState) addWhole(p *answerPart) error {
	r.mu.Lock()
	_, err := r.startPart(p)
	r.mu.Unlock()
	r.direct.push()
	return err
}
