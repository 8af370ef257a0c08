package engine

import (
	"context"
	"reflect"
	"time"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
)

// Send is a turn that stores a user message and answers it.
type Send struct {
	UserID         string
	ConversationID uuid.UUID
	// ParentID is where the user message goes; not Valid: after the
	// conversation's active leaf.
	ParentID uuid.NullUUID
	// Content is the user message, already validated.
	Content []*bestchatv1.ContentPart
	// Choice overrides the conversation's provider and model.
	Choice Choice
	// Params override the conversation's generation parameters.
	Params *bestchatv1.GenerationParams
	// RequestID makes the turn idempotent (empty: not); RequestHash
	// fingerprints the rest of the request, so that a reused id with a
	// different request is refused.
	RequestID   string
	RequestHash []byte
	// ClientTools are tools the client runs itself, offered beside the
	// server's.
	ClientTools []tool.ClientTool
	// ToolChoice constrains the turn's first provider call (zero: the
	// model decides).
	ToolChoice ToolChoice
}

// ToolChoice is a turn's constraint on the model's first use of tools.
type ToolChoice struct {
	// Mode is "" or one of llm's ToolChoice modes.
	Mode string
	// ToolID is the tool of llm.ToolChoiceTool (a tool id, not the name
	// the model sees).
	ToolID string
}

// Regenerate is a turn that answers again: a new sibling of an assistant
// message, or a new child of a user message.
type Regenerate struct {
	UserID      string
	MessageID   uuid.UUID
	Choice      Choice
	Params      *bestchatv1.GenerationParams
	RequestID   string
	RequestHash []byte
	// ClientTools and ToolChoice are as in Send.
	ClientTools []tool.ClientTool
	ToolChoice  ToolChoice
}

// Send runs a SendMessage turn and pushes its events to send as they
// happen. The generation is detached from the caller: when send fails or
// ctx ends the pushing stops, and the generation runs on to its end before
// Send returns. A retried request_id replays the earlier turn's events.
func (e *Engine) Send(ctx context.Context, t Send, send func(*bestchatv1.ChatEvent) error) error {
	sp := startSpec{
		userID: t.UserID, convID: t.ConversationID, parentID: t.ParentID, userParts: t.Content,
		choice: t.Choice, params: t.Params, requestID: t.RequestID, hash: t.RequestHash, sendUser: true,
	}
	tools, err := e.toolset(t.ClientTools)
	if err != nil {
		return err
	}
	sp.tools = tools
	if sp.toolChoice, err = toolChoiceOf(t.ToolChoice, tools); err != nil {
		return err
	}
	g, run, err := e.launch(ctx, sp)
	if err != nil {
		return err
	}
	return e.stream(ctx, g, run, send)
}

// Regenerate runs a RegenerateMessage turn, like Send.
func (e *Engine) Regenerate(ctx context.Context, t Regenerate, send func(*bestchatv1.ChatEvent) error) error {
	target, err := e.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: t.MessageID, UserID: t.UserID})
	if err != nil {
		return rpcerror.DB(err, "get message", "message")
	}
	var answered uuid.NullUUID
	switch target.Role {
	case dbenum.RoleUser:
		answered = uuid.NullUUID{UUID: target.ID, Valid: true}
	case dbenum.RoleAssistant:
		if !target.ParentID.Valid {
			return rpcerror.FailedPrecondition("this answer has no question to answer again")
		}
		if target.Status == dbenum.MessageStreaming {
			return rpcerror.FailedPrecondition("this answer is still being generated; cancel it first")
		}
		answered = target.ParentID
	default:
		return rpcerror.FailedPrecondition("only user and assistant messages can be regenerated")
	}
	sp := startSpec{
		userID: t.UserID, convID: target.ConversationID, parentID: answered,
		choice: t.Choice, params: t.Params, requestID: t.RequestID, hash: t.RequestHash,
	}
	if sp.tools, err = e.toolset(t.ClientTools); err != nil {
		return err
	}
	if sp.toolChoice, err = toolChoiceOf(t.ToolChoice, sp.tools); err != nil {
		return err
	}
	g, run, err := e.launch(ctx, sp)
	if err != nil {
		return err
	}
	return e.stream(ctx, g, run, send)
}

// stream runs a launched generation on the calling handler's goroutine and
// pushes its events to the caller as they are appended: no goroutine per
// generation and no hand-off per token. The generation is still detached
// from the client: when the client goes away (or stops reading for longer
// than the write timeout) the pushing stops and the generation runs on to
// its end on this goroutine, which returns only then. A replayed request
// (run is nil) is followed from its log.
func (e *Engine) stream(ctx context.Context, g *generation, run *pendingRun, send func(*bestchatv1.ChatEvent) error) error {
	if run == nil {
		return g.log.follow(ctx, 0, send)
	}
	watch := newWriteWatch(ctx)
	d := newDirectReader(ctx, g.log, func(ev *bestchatv1.ChatEvent) error {
		watch.begin()
		defer watch.done()
		return send(ev)
	})
	d.watch = watch
	e.gens.watch(d)
	defer e.gens.unwatch(d)
	defer e.gens.wg.Done()
	d.push() // the stored user message and the answer's start
	e.run(g, run, d)
	// Keep the events for late ResumeStream calls, then let them go.
	time.AfterFunc(e.cfg.Retain, func() { e.gens.remove(g.messageID) })
	return d.end()
}

// pendingRun is a generation whose start transaction committed: what
// Engine.run needs to drive it.
type pendingRun struct {
	ctx context.Context // detached from the client; cancelled by CancelGeneration and shutdown
	st  *started
	req *llm.Request
	// fit is how req was fitted to the model's context window.
	fit   *fitting
	spec  *speculativeCall
	begin time.Time
	// turn is the turn's tool state; nil when no tools are offered.
	turn *tool.Turn
	// early is the budget hold made for the first call before the start.
	early *hold
}

// launch runs the start transaction and registers the generation; the
// caller runs it (Engine.stream). A replayed request_id returns the
// earlier generation and no run.
//
// To add almost nothing to the model's time to first token, the provider
// call is opened speculatively from a read-only snapshot of the branch
// while the start transaction runs; its output is only consumed once the
// transaction committed and produced the very same provider request.
// Otherwise (conflict, refusal, idempotent retry) the speculative call is
// closed before it produced anything a client could see.
func (e *Engine) launch(ctx context.Context, sp startSpec) (*generation, *pendingRun, error) {
	begin := time.Now()
	if sp.sendUser {
		var err error
		if sp.content, sp.text, err = message.EncodeContent(sp.userParts); err != nil {
			return nil, nil, err
		}
	}
	// The early call is decided once an earlier start of this
	// conversation in this process committed (or failed): racing sends
	// must not call the provider for the one that is refused.
	release, err := e.convStarts.acquire(ctx, sp.convID)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	gctx, cancel := context.WithCancelCause(e.bg)
	// The budget is checked before anything is stored: a refused turn
	// leaves no message, like one over the in-flight cap.
	prepCtx, cancelPrep := context.WithTimeout(context.WithoutCancel(ctx), startTimeout)
	early, spec, err := e.prepare(prepCtx, gctx, sp)
	cancelPrep()
	if err != nil {
		cancel(nil)
		return nil, nil, err
	}
	if spec != nil {
		sp.known, sp.knownConv, sp.knownFiles, sp.knownResolved = spec.branch, &spec.conv, spec.files, &spec.resolved
	}
	// The start runs to its end even when the client goes away meanwhile:
	// cancelled mid-COMMIT it could have stored the turn all the same,
	// leaving a streaming row with no generation behind it (holding a slot
	// of the user's cap, its request_id refused as in flight) until
	// recovery gave up on it.
	startCtx, cancelStart := context.WithTimeout(context.WithoutCancel(ctx), startTimeout)
	st, err := e.start(startCtx, sp)
	cancelStart()
	if spec != nil {
		spec.branch, spec.files = nil, nil // the generation keeps spec; the rows and files can go
	}
	if err != nil || st.replay != nil {
		if spec != nil {
			outcome := "refused"
			if err == nil {
				outcome = "replayed"
			}
			e.metrics.EarlyCall(spec.resolved.Provider, outcome)
		}
		spec.abandon()
		e.releaseEarly(early)
		cancel(nil)
		if err != nil {
			return nil, nil, err
		}
		return st.replay, nil, nil
	}
	g := &generation{
		messageID: st.assistant.ID, userID: sp.userID, log: newEventLog(st.assistant.ID.String()),
		cancel: cancel, done: make(chan struct{}),
	}
	// The snapshot the next turn of this conversation would start from
	// is gone before that turn may decide its early call.
	st.turn = e.snapshots.beginTurn(st.conv.ID)
	release()
	if st.user != nil {
		g.log.appendEvent(userEvent(message.ToProto(*st.user, st.userSiblings)))
	}
	g.log.appendEvent(startedEvent(st.assistant))
	req, fit := e.buildRequest(st, sp.params, sp.tools, sp.toolChoice)
	st.files = nil // the request holds what the model gets of them; the generation keeps st
	// The same provider and request, and the same configuration of it: a
	// call made with another of the user's keys is not this turn's.
	if spec != nil && (spec.resolved.Provider != st.resolved.Provider || spec.conv.ProviderConfigID != st.conv.ProviderConfigID || !reflect.DeepEqual(spec.req, req)) {
		e.metrics.EarlyCall(spec.resolved.Provider, "changed")
		spec.abandon() // the branch changed under us: call again with what was stored
		spec = nil
	} else if spec != nil {
		e.metrics.EarlyCall(spec.resolved.Provider, "used")
		req = spec.req // the same request: keep one copy for the generation's life
	}
	e.gens.add(g)
	e.gens.wg.Add(1) // done when Engine.stream ran it
	pr := &pendingRun{ctx: gctx, st: st, req: req, fit: fit, spec: spec, begin: begin, early: early}
	if len(req.Tools) > 0 {
		pr.turn = &tool.Turn{UserID: sp.userID, ConversationID: st.conv.ID, MessageID: st.assistant.ID, Tools: sp.tools}
	}
	return g, pr, nil
}

// startTimeout bounds the statements that store a turn.
const startTimeout = 30 * time.Second
