package llm

import (
	"context"
	"encoding/json"
	"io"
	"strings"
)

// DefaultMaxOutputTokens is sent as the output limit when a request leaves
// [Params.MaxOutputTokens] at zero. The limit is always sent: Anthropic
// requires it, and an explicit bound keeps budget reservations honest.
const DefaultMaxOutputTokens = 4096

// Provider starts a streamed generation. Both adapters implement it.
type Provider interface {
	// Stream sends req and returns the stream of the model's output.
	// Failures before the response started (HTTP status, connection
	// errors) are returned here as an [*Error]; the caller must Close a
	// returned Stream.
	Stream(ctx context.Context, req *Request) (Stream, error)
}

// Stream is one generation in flight.
type Stream interface {
	// Next blocks until the next event and returns it. It returns io.EOF
	// after the last event (a [EventFinish]), an [*Error] when the provider
	// fails mid-stream, and ctx.Err() when ctx or the context given to
	// [Provider.Stream] is done; a cancelled Next aborts the whole stream.
	Next(ctx context.Context) (Event, error)
	// Close aborts the HTTP request upstream (the provider sees the
	// connection or HTTP/2 stream reset) and releases the connection. It
	// may be called concurrently with Next and more than once.
	Close() error
}

// Sender is implemented by providers that can send a request now and read
// the answer later: a caller that must do other work first (the engine
// stores the turn) gets the request on its way without a goroutine of its
// own, and waits for the provider's response only when it is ready to.
type Sender interface {
	// Send starts the call; the returned Pending must be opened or closed.
	// It waits for the network no longer than a small write takes: a call
	// that needs a new connection, or sends a large request, is made on a
	// goroutine of its own. ctx governs the whole call.
	Send(ctx context.Context, req *Request) Pending
}

// Pending is a provider call sent and not yet answered.
type Pending interface {
	// Open waits for the provider's response and returns what
	// [Provider.Stream] would have.
	Open() (Stream, error)
	// Close abandons the call and releases what it holds. A call still
	// waiting for the provider's answer is cut at once only by some
	// Pendings (OpenAI's); callers cancel the context given to Send first.
	Close()
}

// Send starts a call through p: with [Sender.Send] when p implements it,
// else with [Provider.Stream] on a goroutine of its own. The stream is
// opened with ctx itself, so a caller that reads it with ctx pays no
// cancellation hook per event.
func Send(ctx context.Context, p Provider, req *Request) Pending {
	if s, ok := p.(Sender); ok {
		return s.Send(ctx, req)
	}
	a := &asyncPending{done: make(chan struct{})}
	go func() {
		a.stream, a.err = p.Stream(ctx, req)
		close(a.done)
	}()
	return a
}

// asyncPending is a call made by Stream on a goroutine of its own.
type asyncPending struct {
	done   chan struct{}
	stream Stream
	err    error
}

func (a *asyncPending) Open() (Stream, error) {
	<-a.done
	return a.stream, a.err
}

func (a *asyncPending) Close() {
	go func() {
		<-a.done
		if a.stream != nil {
			_ = a.stream.Close()
		}
	}()
}

// Buffered is implemented by streams that can hand over events they have
// already received without waiting for the network. The engine uses it to
// join deltas that arrived together: a stream that fell behind (a busy
// server, a burst from the provider) catches up with one event to send
// instead of one per token, and a stream that keeps up is not delayed.
type Buffered interface {
	// TryNext returns what Next would, when that needs no wait: ok is
	// false when the next event is not fully received yet. It never
	// blocks.
	TryNext() (ev Event, ok bool, err error)
}

// Request is a provider-neutral generation request.
type Request struct {
	// Model is the provider's model id, e.g. "gpt-4.1" or "claude-sonnet-4-5".
	Model string
	// System is the system prompt; empty for none.
	System string
	// Messages is the conversation, oldest first.
	Messages []Message
	// Tools the model may call.
	Tools []Tool
	// ToolChoice says whether and which tool the model must call; the
	// zero value leaves it to the model (sent as nothing). Ignored
	// without Tools.
	ToolChoice ToolChoice
	// StreamToolArguments asks for an [EventToolCallDelta] per piece of a
	// tool call's arguments as the provider streams them, before the
	// call's [EventToolCall].
	StreamToolArguments bool
	// Params are the sampling parameters.
	Params Params
}

// ToolChoice constrains a call's use of the request's tools.
type ToolChoice struct {
	// Mode is "" (the provider's default: the model decides),
	// ToolChoiceAuto, ToolChoiceNone, ToolChoiceRequired (some tool) or
	// ToolChoiceTool (the tool Name).
	Mode string
	// Name is the tool of ToolChoiceTool.
	Name string
}

// Tool choice modes.
const (
	ToolChoiceAuto     = "auto"
	ToolChoiceNone     = "none"
	ToolChoiceRequired = "required"
	ToolChoiceTool     = "tool"
)

// Params are the generation parameters of a [Request].
type Params struct {
	// Temperature is sent only when non-nil, so 0 means 0.
	Temperature *float64
	// TopP is sent only when non-nil.
	TopP *float64
	// MaxOutputTokens bounds the output (reasoning included); always sent,
	// [DefaultMaxOutputTokens] when zero.
	MaxOutputTokens int
	// ReasoningEffort is "", "none", "minimal", "low", "medium", "high",
	// "xhigh" or "max". OpenAI-compatible providers receive it as
	// reasoning_effort; Anthropic maps it to an extended-thinking budget
	// ("adaptive" selects adaptive thinking).
	ReasoningEffort string
}

// Role is the author of a [Message].
type Role string

// Roles of a [Message]. The system prompt is [Request.System], not a message.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	// RoleTool messages carry the result of one tool call: ToolCallID names
	// the call, Parts hold the result.
	RoleTool Role = "tool"
)

// Message is one turn of the conversation.
type Message struct {
	Role  Role
	Parts []Part
	// ToolCalls are the calls an assistant message made.
	ToolCalls []ToolCall
	// ToolCallID is the call a tool message answers.
	ToolCallID string
	// IsError marks a tool result as a failure (Anthropic is_error; other
	// providers see only the text).
	IsError bool
}

// Text returns the concatenated text parts of m.
func (m *Message) Text() string {
	if len(m.Parts) == 1 && m.Parts[0].Type == PartText {
		return m.Parts[0].Text
	}
	var b strings.Builder
	for _, p := range m.Parts {
		if p.Type == PartText {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// UserText returns a user message holding text.
func UserText(text string) Message {
	return Message{Role: RoleUser, Parts: []Part{TextPart(text)}}
}

// AssistantText returns an assistant message holding text.
func AssistantText(text string) Message {
	return Message{Role: RoleAssistant, Parts: []Part{TextPart(text)}}
}

// ToolResult returns the tool message answering the call callID.
func ToolResult(callID, result string, isError bool) Message {
	return Message{Role: RoleTool, ToolCallID: callID, Parts: []Part{TextPart(result)}, IsError: isError}
}

// PartType says what a [Part] holds.
type PartType string

// Part types.
const (
	PartText PartType = "text"
	// PartImage is an image given by URL or by base64 Data + MediaType.
	PartImage PartType = "image"
	// PartReasoning is the model's reasoning from an earlier assistant turn,
	// with the provider's Signature. Anthropic requires it to be sent back
	// before tool calls when extended thinking is on; other providers drop
	// it.
	PartReasoning PartType = "reasoning"
	// PartRedactedReasoning is opaque encrypted reasoning (Anthropic
	// redacted_thinking) in Data, to be sent back verbatim.
	PartRedactedReasoning PartType = "redacted_reasoning"
	// PartDocument is a PDF document given as base64 Data with its
	// MediaType, titled Text. Only providers that implement
	// [DocumentReader] accept it.
	PartDocument PartType = "document"
)

// DocumentReader is implemented by providers that read [PartDocument]
// parts (Anthropic's document blocks). Others refuse a request holding
// one: the caller checks first.
type DocumentReader interface {
	// ReadsDocuments reports that the provider reads PDF documents.
	ReadsDocuments() bool
}

// Part is one piece of message content.
type Part struct {
	Type PartType
	// Text of a text or reasoning part.
	Text string
	// URL of an image given by URL (https: or data:).
	URL string
	// Data is the base64 image or document data, or the opaque redacted
	// reasoning.
	Data string
	// MediaType of base64 image or document data, e.g. "image/png".
	MediaType string
	// Signature of a reasoning part.
	Signature string
	// ProviderState of a reasoning part is the provider's own record of it
	// ([Event.ReasoningState]), sent back as the provider documents
	// (OpenRouter: the assistant message's reasoning_details).
	ProviderState string
}

// TextPart returns a text part.
func TextPart(text string) Part { return Part{Type: PartText, Text: text} }

// ImageURLPart returns an image part given by URL.
func ImageURLPart(url string) Part { return Part{Type: PartImage, URL: url} }

// ImageDataPart returns an image part given by base64 data.
func ImageDataPart(mediaType, base64Data string) Part {
	return Part{Type: PartImage, MediaType: mediaType, Data: base64Data}
}

// DocumentPart returns a document part: base64 data of a PDF titled title.
func DocumentPart(title, mediaType, base64Data string) Part {
	return Part{Type: PartDocument, Text: title, MediaType: mediaType, Data: base64Data}
}

// Tool is a function the model may call.
type Tool struct {
	Name        string
	Description string
	// Schema is the JSON schema of the arguments (an object schema); nil
	// means no arguments.
	Schema json.RawMessage
}

// ToolCall is one complete call the model made.
type ToolCall struct {
	// ID is the provider's call id; tool results refer to it.
	ID   string
	Name string
	// Arguments is the model's JSON text, assembled from all its deltas;
	// "{}" when the model sent none. The adapters do not validate it (a
	// model can emit broken JSON): check with [ToolCall.ValidArguments]
	// before unmarshalling or embedding it.
	Arguments json.RawMessage
	// ProviderState is opaque state the provider attached to the call and
	// wants back with it on the next request, kept byte for byte: the
	// OpenAI-compatible adapter's is the call's extra_content object
	// (Google's thought signature, {"google":{"thought_signature":...}}),
	// sent back as the call's extra_content. Empty when there is none.
	ProviderState string
}

// ValidArguments reports whether c.Arguments is a JSON object.
func (c *ToolCall) ValidArguments() bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(c.Arguments, &m) == nil && m != nil
}

// EventKind says what an [Event] carries.
type EventKind int

// Event kinds.
const (
	// EventTextDelta: Text is the next piece of the answer.
	EventTextDelta EventKind = iota + 1
	// EventReasoningDelta: Text is the next piece of the model's
	// reasoning; Signature or RedactedReasoning may be set instead
	// (Anthropic), to be kept with the reasoning for the next turn.
	EventReasoningDelta
	// EventToolCall: ToolCall is a whole call (arguments assembled).
	EventToolCall
	// EventUsage: Usage is the token count of the whole call. Sent once,
	// before EventFinish, when the provider reports usage.
	EventUsage
	// EventFinish: Finish says why the model stopped. Always the last
	// event before io.EOF.
	EventFinish
	// EventCitation: Citation is a source the answer cites (Anthropic
	// citations_delta, Perplexity citations, OpenRouter url_citation
	// annotations), in the order the provider gave it among the deltas.
	EventCitation
	// EventRefusalDelta: Text is the next piece of a refusal the model
	// wrote instead of an answer (OpenAI delta.refusal); the stream then
	// finishes with Finish.Refusal set.
	EventRefusalDelta
	// EventToolCallDelta (only when [Request.StreamToolArguments] is set):
	// Text is the next piece of the arguments of the call ToolCall names
	// (its ID and Name set; Arguments not yet). Every delta of one call
	// carries the same *ToolCall, which its EventToolCall carries too,
	// complete; the pieces of a call joined are exactly its Arguments
	// (whitespace around them held back, "{}" or the whole input sent
	// when the provider streamed none).
	EventToolCallDelta
)

// String returns the kind's name.
func (k EventKind) String() string {
	switch k {
	case EventTextDelta:
		return "text_delta"
	case EventReasoningDelta:
		return "reasoning_delta"
	case EventToolCall:
		return "tool_call"
	case EventUsage:
		return "usage"
	case EventFinish:
		return "finish"
	case EventCitation:
		return "citation"
	case EventToolCallDelta:
		return "tool_call_delta"
	case EventRefusalDelta:
		return "refusal_delta"
	}
	return "unknown"
}

// Event is one piece of a [Stream].
type Event struct {
	Kind EventKind
	// Text of a text or reasoning delta.
	Text string
	// Signature of the reasoning block (Anthropic signature_delta).
	Signature string
	// RedactedReasoning is an opaque redacted_thinking block (Anthropic).
	RedactedReasoning string
	// ReasoningState, on an EventReasoningDelta, is the provider's own
	// record of the reasoning since the last one (OpenRouter's
	// reasoning_details, a JSON array), to send back with it as
	// [Part.ProviderState]; it ends the reasoning block.
	ReasoningState string
	// ToolCall of an EventToolCall.
	ToolCall *ToolCall
	// Usage of an EventUsage.
	Usage *Usage
	// Finish of an EventFinish.
	Finish *Finish
	// Citation of an EventCitation.
	Citation *Citation
}

// Citation is a source an answer cites.
type Citation struct {
	// URL of the source; empty for a document of the request.
	URL string
	// Title of the source or document, when the provider gives one.
	Title string
	// CitedText is the passage cited, when the provider gives it.
	CitedText string
}

// Usage is the token count of one provider call, normalised so that the
// kinds are disjoint (see the package documentation): cost is the sum of
// each kind times its price, with ReasoningTokens already inside
// OutputTokens.
type Usage struct {
	// InputTokens is the input not read from or written to the cache.
	InputTokens int64
	// OutputTokens is the whole output, reasoning included.
	OutputTokens int64
	// CacheReadTokens is the input read from the provider's prompt cache.
	CacheReadTokens int64
	// CacheWriteTokens is the input written to the prompt cache.
	CacheWriteTokens int64
	// ReasoningTokens is the part of OutputTokens spent on reasoning.
	ReasoningTokens int64
	// CacheWrite1hTokens is the part of CacheWriteTokens written to the
	// one-hour cache (Anthropic's ephemeral_1h_input_tokens), which costs
	// more than a five-minute write; 0 when the provider does not say.
	CacheWrite1hTokens int64
	// WebSearchRequests counts the server-side web searches the call made
	// (Anthropic's server_tool_use, OpenRouter's server_tool_use_details,
	// else [ImpliedWebSearches] of the model), charged per request, not
	// per token.
	WebSearchRequests int64
	// ProviderCostNanos is the call's cost as the provider itself
	// reported it, in nano-USD (OpenRouter's usage.cost, xAI's
	// cost_in_usd_ticks), to be recorded beside the cost computed from
	// the catalog; valid when ProviderCostKnown.
	ProviderCostNanos int64
	ProviderCostKnown bool
	// Partial marks counts taken before the call finished (see
	// [PartialUsage]): the input counts are final, the output counts only
	// what was reported so far.
	Partial bool
}

// PartialUsage is implemented by streams whose provider reports the input
// side of the usage when the answer starts (Anthropic's message_start),
// so that a call cancelled or broken before its final report can still be
// charged exactly for its input. Call it from the goroutine that reads
// the stream, once Next returned an error.
type PartialUsage interface {
	// UsageSoFar returns the counts reported so far, with Partial set;
	// false when none was.
	UsageSoFar() (Usage, bool)
}

// TotalInputTokens is all input, cached or not: what fills the context window.
func (u Usage) TotalInputTokens() int64 {
	return u.InputTokens + u.CacheReadTokens + u.CacheWriteTokens
}

// FinishReason says why a generation stopped, in OpenAI's vocabulary.
type FinishReason string

// Finish reasons. Reasons a provider adds later arrive as their raw value.
const (
	// FinishStop: the model ended its turn or hit a stop sequence.
	FinishStop FinishReason = "stop"
	// FinishLength: the output limit (or the context window) was reached.
	FinishLength FinishReason = "length"
	// FinishToolCalls: the model wants tool results before continuing.
	FinishToolCalls FinishReason = "tool_calls"
	// FinishContentFilter: the provider filtered the output, or the model
	// refused (Anthropic "refusal").
	FinishContentFilter FinishReason = "content_filter"
	// FinishPause: the provider paused a long turn (Anthropic
	// "pause_turn"); send the conversation again to continue.
	FinishPause FinishReason = "pause"
	// FinishUnknown: the stream ended without a reason.
	FinishUnknown FinishReason = "unknown"
)

// Finish is the end of a generation.
type Finish struct {
	Reason FinishReason
	// Raw is the provider's own reason, e.g. "end_turn".
	Raw string
	// Refusal says why the model refused, when Reason is
	// [FinishContentFilter] and the provider explains it: Anthropic's
	// stop_details ("cyber: This request triggered ..."), or "refusal"
	// when an OpenAI model answered with a refusal instead of content.
	Refusal string
}

func (r *Request) maxOutputTokens() int {
	if r.Params.MaxOutputTokens > 0 {
		return r.Params.MaxOutputTokens
	}
	return DefaultMaxOutputTokens
}

// eventQueue holds the events one read of the wire produced; the adapters'
// streams embed it and share its Next loop.
type eventQueue struct {
	queue []Event
	head  int
	err   error
	done  bool
}

// next returns the next queued event, reading more with read when the
// queue is empty. Cancelling ctx (other than the stream's own context,
// whose Done is parentDone) aborts the stream through cancel.
func (q *eventQueue) next(ctx context.Context, parentDone <-chan struct{}, cancel context.CancelFunc, read func(context.Context) error) (Event, error) {
	if done := ctx.Done(); done != nil && done != parentDone {
		// Cancelling this Next's context aborts the stream. The
		// Stream's own context is already tied to the request.
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
	}
	ev, _, err := q.tryNext(ctx, alwaysRead, read)
	return ev, err
}

func alwaysRead() bool { return true }

// tryNext is next without waiting: ready reports whether read would
// return without touching the network (next reads regardless).
func (q *eventQueue) tryNext(ctx context.Context, ready func() bool, read func(context.Context) error) (Event, bool, error) {
	for {
		if q.head < len(q.queue) {
			ev := q.queue[q.head]
			q.queue[q.head] = Event{}
			q.head++
			return ev, true, nil
		}
		q.queue, q.head = q.queue[:0], 0
		if q.err != nil {
			return Event{}, true, q.err
		}
		if q.done {
			return Event{}, true, io.EOF
		}
		if !ready() {
			return Event{}, false, nil
		}
		q.err = read(ctx)
	}
}
