package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// synthesize rebuilds a generation's stream from its stored message, for
// replays once the in-memory events are gone (or live on another
// replica). With the message's event layout the events are the very ones
// the original stream sent, seq and time included, and exact reports so;
// without one (a row older than the layouts, or one not saved yet) each
// stored part is announced and its text arrives as one delta. A settled message's log is finished: it ends
// with the completion or, for an answer that failed or was interrupted,
// with the code the live stream ended with (UNAVAILABLE when the layout
// does not say: a server that died). A streaming message's log holds the events saved so
// far and stays open. user is the stored user message, if the caller has
// it.
func (e *Engine) synthesize(ctx context.Context, q *dbsqlc.Queries, user *dbsqlc.Message, m dbsqlc.Message) (g *generation, exact bool) {
	content := message.DecodeContent(m.Content)
	var (
		l        *eventLog
		restored restoredLog
	)
	if len(m.EventLayout) > 0 {
		var err error
		restored, err = restoreLog(m.ID.String(), m.EventLayout, content, rowEvents{
			user: func() (*bestchatv1.ChatEvent, error) {
				if user == nil && m.ParentID.Valid {
					um, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: m.ParentID.UUID, UserID: m.UserID})
					if err != nil {
						return nil, fmt.Errorf("user message of %s: %w", m.ID, err)
					}
					user = &um
				}
				if user == nil {
					return nil, fmt.Errorf("%w: no user message", errLayout)
				}
				return userEvent(e.messageProto(ctx, q, *user)), nil
			},
			started:   func() *bestchatv1.ChatEvent { return startedEvent(m) },
			completed: func() *bestchatv1.ChatEvent { return completedEvent(e.messageProto(ctx, q, m)) },
			failed:    func() *bestchatv1.ChatEvent { return rowFailedEvent(e.messageProto(ctx, q, m)) },
		})
		if err != nil && m.EventLayout[0] == layoutVersion {
			e.logger.Warn("replay without the event layout", "message_id", m.ID, "err", err)
		}
		l = restored.log
	}
	exact = l != nil
	if l == nil {
		l = newEventLog(m.ID.String())
		if user != nil {
			l.appendEvent(userEvent(e.messageProto(ctx, q, *user)))
		}
		l.appendEvent(startedEvent(m))
		appendParts(l, content)
	}
	g = &generation{messageID: m.ID, userID: m.UserID, log: l, done: closedChan}
	switch m.Status {
	case dbenum.MessageStreaming:
		return g, exact
	case dbenum.MessageFailed, dbenum.MessageInterrupted:
		// The code the live stream ended with; a server that died ended
		// it without one, as an unavailable server does.
		code := restored.end
		if code == 0 {
			code = connect.CodeUnavailable
		}
		if !restored.failed {
			l.appendEvent(rowFailedEvent(e.messageProto(ctx, q, m)))
		}
		reason := rpcerror.ReasonFromDB(m.ErrorReason)
		if reason == bestchatv1.ErrorReason_ERROR_REASON_UNSPECIFIED {
			reason = bestchatv1.ErrorReason_ERROR_REASON_INTERRUPTED // a server that died
		}
		l.finish(rpcerror.ForDetail(connect.NewError(code, errors.New(nonEmpty(m.ErrorMessage, "generation failed"))), &bestchatv1.ErrorDetail{Reason: reason}))
		return g, exact
	}
	if !restored.completed {
		l.appendEvent(completedEvent(e.messageProto(ctx, q, m)))
	}
	l.finish(nil)
	return g, exact
}

// appendParts appends the events that rebuild content, part by part: each
// part announced, its text or reasoning as one delta, its signature.
func appendParts(l *eventLog, content []*bestchatv1.ContentPart) {
	for i, p := range content {
		if i >= maxParts {
			return
		}
		started := p
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Text:
			started = &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{}}
		case *bestchatv1.ContentPart_Reasoning:
			if !part.Reasoning.GetRedacted() {
				started = &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{}}}
			}
		}
		l.appendEvent(partStartedEvent(i, started))
		if started == p {
			continue
		}
		if t := partText(p); t != "" {
			l.append(entry{kind: deltaKind(partKind(p)), text: t, part: uint16(i)})
		}
		if sig := p.GetReasoning().GetSignature(); sig != "" {
			l.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{
				PartIndex: int32(i), Signature: sig,
			}}})
		}
	}
}

// rowFailedEvent is the Failed event of a stored failed answer.
func rowFailedEvent(msg *bestchatv1.Message) *bestchatv1.ChatEvent {
	d := msg.GetError()
	if d == nil {
		d = &bestchatv1.ErrorDetail{Message: "generation failed"}
	}
	return failedEvent(d, msg)
}

// startedEvent announces assistant message m.
func startedEvent(m dbsqlc.Message) *bestchatv1.ChatEvent {
	parent := ""
	if m.ParentID.Valid {
		parent = m.ParentID.UUID.String()
	}
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_AssistantStarted{AssistantStarted: &bestchatv1.AssistantMessageStarted{
		MessageId: m.ID.String(), ParentId: parent, Provider: m.Provider, Model: m.Model,
	}}}
}

// completedEvent ends a stream with its settled answer.
func completedEvent(msg *bestchatv1.Message) *bestchatv1.ChatEvent {
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Completed{Completed: &bestchatv1.Completed{Message: msg, FinishReason: msg.GetFinishReason()}}}
}

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// messageProto converts a message with its siblings.
func (e *Engine) messageProto(ctx context.Context, q *dbsqlc.Queries, m dbsqlc.Message) *bestchatv1.Message {
	sib, err := q.SiblingIDs(ctx, dbsqlc.SiblingIDsParams{ConversationID: m.ConversationID, UserID: m.UserID, Depth: m.Depth, ParentID: m.ParentID})
	if err != nil {
		sib = nil
	}
	return message.ToProto(m, sib)
}

func userEvent(msg *bestchatv1.Message) *bestchatv1.ChatEvent {
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_UserMessage{UserMessage: &bestchatv1.UserMessagePersisted{Message: msg}}}
}

// Resume re-attaches to a generation: it pushes the events after
// afterSeq to send, then follows live ones, and ends as the original
// stream ended. A generation this process no longer holds in memory is
// rebuilt from the stored message; one running on another replica is
// followed from its saves.
func (e *Engine) Resume(ctx context.Context, userID string, id uuid.UUID, afterSeq int64, send func(*bestchatv1.ChatEvent) error) error {
	uid := userID
	if g := e.gens.get(id); g != nil && g.userID == uid {
		return g.log.follow(ctx, afterSeq, send)
	}
	m, err := e.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid})
	if err != nil {
		return rpcerror.DB(err, "get message", "message")
	}
	if m.Role != dbenum.RoleAssistant {
		return rpcerror.FailedPrecondition("only assistant messages have generation streams")
	}
	after := afterSeq
	for {
		g, exact := e.synthesize(ctx, e.q, nil, m)
		if m.Status != dbenum.MessageStreaming {
			if n := int64(g.log.len()); !exact && after >= n {
				// The client saw more events than the approximate rebuild
				// has: end it the way the original ended.
				after = n - 1
			}
			return g.log.follow(ctx, after, send)
		}
		// Running on another replica (or on one that died: recovery will
		// mark it): send what its last save holds beyond what the client
		// has, then look again after the next save.
		if exact {
			r := &reader{log: g.log, next: int(after)}
			if _, _, _, err := r.sendReady(send, false); err != nil {
				return err
			}
			after = max(after, int64(r.next))
		}
		t := time.NewTimer(e.cfg.FlushInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		if g := e.gens.get(id); g != nil && g.userID == uid {
			return g.log.follow(ctx, after, send)
		}
		if m, err = e.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid}); err != nil {
			return rpcerror.DB(err, "get message", "message")
		}
	}
}
