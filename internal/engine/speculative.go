package engine

import (
	"context"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// speculativeCall is a provider call opened before the start transaction
// committed.
type speculativeCall struct {
	conv     dbsqlc.Conversation // the snapshot's conversation
	branch   []dbsqlc.Message    // the snapshot's branch, without the new user message
	files    attachments         // the branch's uploads, loaded for the call
	provider string
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
		rows, err := e.q.ListBranch(ctx, dbsqlc.ListBranchParams{LeafID: leaf.UUID, UserID: sp.userID, ConversationID: conv.ID, AfterDepth: -1, RowLimit: 100000})
		if err != nil || len(rows) == 0 || rows[len(rows)-1].Message.Status == "streaming" {
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

// speculate opens the provider call from a read-only snapshot when that is
// cheap and likely to match what the transaction stores; nil otherwise.
func (e *Engine) speculate(ctx, gctx context.Context, sp startSpec) *speculativeCall {
	if e.gens.running(sp.userID) >= e.cfg.MaxInFlightPerUser {
		return nil // a refused turn must not reach the provider
	}
	if sp.requestID != "" && !e.requestIDs.first(sp.userID, sp.requestID) {
		return nil // a retry: it replays, or is refused as a duplicate
	}
	conv, history, ok := e.branchSnapshot(ctx, sp)
	if !ok {
		return nil
	}
	// The branch and the request's history share one array: the user
	// message goes past the branch's end (sp.known, which start copies
	// before any use).
	branch := history[:len(history):len(history)]
	if sp.sendUser {
		history = append(history, dbsqlc.Message{Role: "user", Content: sp.content})
	}
	resolved, err := e.resolver.Resolve(ctx, sp.userID, sp.choice, Choice{Provider: conv.Provider, Model: conv.Model})
	if err != nil {
		return nil
	}
	snap := &started{conv: conv, history: history, resolved: resolved, model: e.catalog.Resolve(resolved.Provider, resolved.Model)}
	if checkInputs(inputsOf(snap.model, resolved.Client), lastUserParts(history)) != nil {
		return nil // refused by the start
	}
	if snap.files, err = e.loadAttachments(ctx, e.q, sp.userID, userContents(history, nil), nil); err != nil {
		return nil
	}
	cctx, cancel := context.WithCancel(gctx)
	c := &speculativeCall{
		conv: conv, branch: branch, files: snap.files, provider: resolved.Provider,
		req: e.buildRequest(snap, sp.params, sp.tools), ctx: cctx, cancel: cancel,
	}
	// The request leaves now, from this goroutine when the adapter can
	// (a pooled connection to a plain-HTTP upstream), else from one of the
	// call's own; the answer is awaited by the generation, once the turn
	// is stored and live (its events, CancelGeneration, the in-flight cap),
	// however long the provider takes to answer.
	c.pending = llm.Send(cctx, resolved.Client, c.req)
	return c
}
