package engine

import (
	"context"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// speculativeCall is a provider call opened before the start transaction
// committed.
type speculativeCall struct {
	conv     dbsqlc.Conversation // the snapshot's conversation
	branch   []dbsqlc.Message    // the snapshot's branch, without the new user message
	files    attachments         // the branch's uploads, loaded for the call
	resolved Resolved            // the provider and model the call was resolved to
	req      *llm.Request
	ctx      context.Context // the call's context, a child of the generation's
	cancel   context.CancelFunc
	pending  llm.Pending // sent; opened by the generation, or abandoned
}

// abandon closes the call without reading it; nil-safe.
func (c *speculativeCall) abandon() {
	if c == nil {
		return
	}
	c.cancel()
	c.pending.Close()
}

// open waits for the provider's answer to the call.
func (c *speculativeCall) open() (llm.Stream, error) {
	stream, err := c.pending.Open()
	c.pending = nil // the generation keeps c; the call's set-up can go
	return stream, err
}

// branchSnapshot returns the conversation and the branch a new turn would
// extend: from the cache when this process wrote it last, else read.
func (e *Engine) branchSnapshot(ctx context.Context, sp startSpec) (dbsqlc.Conversation, []dbsqlc.Message, bool) {
	if snap := e.snapshots.get(sp.convID, sp.userID); snap != nil {
		leaf := snap.conv.ActiveLeafID
		if !sp.parentID.Valid || (leaf.Valid && leaf.UUID == sp.parentID.UUID) {
			// A copy with room for the turn's own message.
			history := make([]dbsqlc.Message, len(snap.history), len(snap.history)+1)
			copy(history, snap.history)
			return snap.conv, history, true
		}
	}
	conv, err := e.q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: sp.convID, UserID: sp.userID})
	if err != nil {
		return conv, nil, false
	}
	leaf := sp.parentID
	if sp.sendUser && !leaf.Valid {
		leaf = conv.ActiveLeafID
	}
	var history []dbsqlc.Message
	if leaf.Valid {
		rows, err := e.q.ListBranch(ctx, dbsqlc.ListBranchParams{LeafID: leaf.UUID, UserID: sp.userID, ConversationID: conv.ID, AfterDepth: -1, LastDepth: 99999, RowLimit: 100000})
		if err != nil || len(rows) == 0 || rows[len(rows)-1].Message.Status == dbenum.MessageStreaming {
			return conv, nil, false
		}
		for _, r := range rows {
			m := r.Message
			m.EventLayout = nil // replays read it from the row; the cached branch need not hold it
			history = append(history, m)
		}
	}
	return conv, history, true
}

// prepare reserves the worst-case cost of the turn's first provider call,
// from a read-only snapshot of the branch, and opens that call early when
// it is cheap and likely to match what the start stores. A call that does
// not fit the budget is refused here, before anything is stored. The hold
// and the call are nil when the snapshot cannot be had (the start then
// decides, and the first call reserves for itself) or the engine enforces
// no budget.
func (e *Engine) prepare(ctx, gctx context.Context, sp startSpec) (*hold, *speculativeCall, error) {
	// A refused turn must not reach the provider; a retry replays, or is
	// refused as a duplicate.
	early := e.gens.running(sp.userID) < e.cfg.MaxInFlightPerUser &&
		(sp.requestID == "" || e.requestIDs.first(sp.userID, sp.requestID))
	if !early && e.budget == nil {
		return nil, nil, nil
	}
	conv, history, ok := e.branchSnapshot(ctx, sp)
	if !ok {
		return nil, nil, nil
	}
	// The branch and the request's history share one array: the user
	// message goes past the branch's end (sp.known, which start copies
	// before any use).
	branch := history[:len(history):len(history)]
	if sp.sendUser {
		history = append(history, dbsqlc.Message{Role: "user", Content: sp.content})
	}
	resolved, err := e.resolver.Resolve(ctx, sp.userID, sp.choice, convChoiceOf(conv))
	if err != nil {
		return nil, nil, nil //nolint:nilerr // the start gives the refusal, on fresh rows
	}
	snap := &started{conv: conv, history: history, resolved: resolved, model: e.catalog.Resolve(resolved.Provider, resolved.Model)}
	if checkInputs(inputsOf(snap.model, resolved.Client), lastUserParts(history)) != nil || checkToolChoice(snap.model, sp.toolChoice) != nil {
		return nil, nil, nil //nolint:nilerr // refused by the start, on fresh rows
	}
	if snap.files, err = e.loadAttachments(ctx, e.q, sp.userID, userContents(history, nil), nil); err != nil {
		return nil, nil, nil //nolint:nilerr // the start loads them again, and refuses
	}
	req, fit := e.buildRequest(snap, sp.params, sp.tools, sp.toolChoice)
	if fit.fit != nil && fit.strategy == dbenum.StrategySummarize {
		early = false // the request waits for its summary: no early call
	}
	h, err := e.reserve(ctx, sp.userID, uuid.NullUUID{}, worstCost(req, snap.model.Price))
	if err != nil {
		if sp.requestID != "" && e.requestIDUsed(ctx, sp) {
			return nil, nil, nil // the start replays it, or refuses it as a duplicate
		}
		return nil, nil, err
	}
	if !early {
		return h, nil, nil
	}
	cctx, cancel := context.WithCancel(gctx)
	c := &speculativeCall{conv: conv, branch: branch, files: snap.files, resolved: resolved, req: req, ctx: cctx, cancel: cancel}
	// The request leaves now, from this goroutine when the adapter can
	// (a pooled connection to a plain-HTTP upstream), else from one of the
	// call's own; the answer is awaited by the generation, once the turn
	// is stored and live (its events, CancelGeneration, the in-flight cap),
	// however long the provider takes to answer.
	c.pending = llm.Send(cctx, resolved.Client, c.req)
	return h, c, nil
}

// requestIDUsed reports whether sp's request_id already names a stored
// turn (a retry, whose start replays it without a provider call).
func (e *Engine) requestIDUsed(ctx context.Context, sp startSpec) bool {
	_, err := e.q.GetMessageByRequestID(ctx, dbsqlc.GetMessageByRequestIDParams{UserID: sp.userID, RequestID: &sp.requestID})
	return err == nil
}
