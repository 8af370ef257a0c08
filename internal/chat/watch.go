package chat

import (
	"context"
	"errors"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/validation"
)

// WatchConfig tunes WatchConversations. Zero fields take the defaults.
type WatchConfig struct {
	// HeartbeatInterval is the time between heartbeats of a stream, so
	// that proxies keep it open.
	HeartbeatInterval time.Duration
	// PollInterval is how often a stream reads the feed without being
	// woken, in case a notification was lost (the LISTEN connection was
	// down) or a long transaction held the feed back.
	PollInterval time.Duration
}

// DefaultWatchConfig is the configuration used for zero fields.
var DefaultWatchConfig = WatchConfig{HeartbeatInterval: 15 * time.Second, PollInterval: 5 * time.Second}

const (
	// changesTopic is the NOTIFY channel of the change feed's triggers;
	// the payload is the user id.
	changesTopic = "bestchat_changes"
	// changeBatch bounds the events one read of the feed returns.
	changeBatch = 200
	// listenWait bounds how long a new stream waits for the LISTEN
	// connection before reading (polling covers a connection that is down).
	listenWait = 2 * time.Second
	// syncWait bounds how long a resumed watch waits for transactions
	// that began before it to end before it sends synced; syncRetry is
	// how often it reads the feed meanwhile.
	syncWait  = 5 * time.Second
	syncRetry = 20 * time.Millisecond
	// heldRetryMin is the first delay before reading held-back changes
	// again; it doubles up to heldRetryMax (or the poll interval, when
	// shorter). No notification says when the transaction holding them
	// back ends, so without the bound the events of a stream held back for
	// 20 s by any transaction in the cluster waited up to 20 s more (or a
	// whole poll interval, when one is configured long) after it ended.
	heldRetryMin = 20 * time.Millisecond
	heldRetryMax = time.Second
)

// watchers are the open streams of this process by user: a notification
// on changesTopic wakes the streams of its user.
type watchers struct {
	mu     sync.Mutex
	byUser map[string]map[chan struct{}]struct{}
}

// add registers a stream of user; remove unregisters it.
func (w *watchers) add(user string) (wake chan struct{}, remove func()) {
	wake = make(chan struct{}, 1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.byUser == nil {
		w.byUser = map[string]map[chan struct{}]struct{}{}
	}
	set := w.byUser[user]
	if set == nil {
		set = map[chan struct{}]struct{}{}
		w.byUser[user] = set
	}
	set[wake] = struct{}{}
	return wake, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(set, wake)
		if len(set) == 0 {
			delete(w.byUser, user)
		}
	}
}

// wake wakes the streams of user without blocking (it runs on the
// LISTEN connection's goroutine).
func (w *watchers) wake(user string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for c := range w.byUser[user] {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// StopWatches ends every WatchConversations stream of this process, as
// it shuts down (clients resume from their cursors on another replica).
func (s *Service) StopWatches() {
	s.stopOnce.Do(func() { close(s.stopping) })
}

// WatchConversations streams the caller's changes: the backlog after the
// request's cursor, synced, then live changes and heartbeats. See
// db/migrations/00014_change_feed.sql for the feed and its ordering.
func (s *Service) WatchConversations(ctx context.Context, req *connect.Request[bestchatv1.WatchConversationsRequest], stream *connect.ServerStream[bestchatv1.WatchConversationsResponse]) error {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return err
	}
	var pos position
	resume := req.Msg.GetCursor() != ""
	if resume {
		if pos, err = decodeCursor(req.Msg.GetCursor()); err != nil {
			return validation.FieldError("cursor", "not a cursor of WatchConversations: pass the cursor of a previous response, or none to watch live")
		}
	}
	// Registered before the first read, so that no change committed after
	// it goes unnoticed until the next poll.
	wake, remove := s.watchers.add(uid)
	defer remove()
	if s.notifier != nil {
		wctx, cancel := context.WithTimeout(ctx, listenWait)
		_ = s.notifier.WaitListening(wctx) // on failure, polling delivers
		cancel()
	}
	var target int64
	if resume {
		h, err := s.q.GetChangeHorizon(ctx)
		if err != nil {
			return rpcerror.DB(err, "change horizon", "change feed")
		}
		if pos.xid > h.NextXid {
			return validation.FieldError("cursor", "not a cursor of this server's change feed")
		}
		if (position{xid: h.PrunedXid, id: h.PrunedID}).after(pos) {
			return connect.NewError(connect.CodeOutOfRange, errors.New(
				"cursor is older than the changes the server keeps: list conversations and messages again, then watch from the new synced cursor"))
		}
		target = h.NextXid
	}
	heldBack, err := s.sendChanges(ctx, uid, &pos, resume, stream)
	if err != nil {
		return err
	}
	// A resumed watch is synced once it delivered every change committed
	// before the request. A transaction still running (any user's) may
	// hold some back: while the caller has such changes of transactions
	// that began before the request, wait for them a little, then go on
	// (they follow live).
	if heldBack && pos.xid < target {
		giveUp := time.NewTimer(syncWait)
		defer giveUp.Stop()
		retry := time.NewTicker(syncRetry)
		defer retry.Stop()
	wait:
		for heldBack && pos.xid < target {
			select {
			case <-ctx.Done():
				return nil
			case <-giveUp.C:
				break wait
			case <-wake:
			case <-retry.C:
			}
			if heldBack, err = s.sendChanges(ctx, uid, &pos, true, stream); err != nil {
				return err
			}
		}
	}
	if err := stream.Send(&bestchatv1.WatchConversationsResponse{
		Cursor: encodeCursor(pos), Time: timestamppb.Now(),
		Change: &bestchatv1.WatchConversationsResponse_Synced{Synced: &bestchatv1.WatchSynced{Cursor: encodeCursor(pos)}},
	}); err != nil {
		return err
	}
	heartbeat := time.NewTicker(s.watch.HeartbeatInterval)
	defer heartbeat.Stop()
	poll := time.NewTicker(s.watch.PollInterval)
	defer poll.Stop()
	// While changes are held back, read again soon, backing off.
	retry := time.NewTimer(0)
	<-retry.C
	backoff := heldRetryMin
	for {
		if heldBack {
			retry.Reset(backoff)
			backoff = min(2*backoff, heldRetryMax, s.watch.PollInterval)
		} else {
			backoff = heldRetryMin
		}
		beat := false
		select {
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
		case <-wake:
		case <-poll.C:
		case <-retry.C:
		case <-heartbeat.C:
			beat = true
		}
		retry.Stop()
		if heldBack, err = s.sendChanges(ctx, uid, &pos, true, stream); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if beat {
			if err := stream.Send(&bestchatv1.WatchConversationsResponse{
				Cursor: encodeCursor(pos), Time: timestamppb.Now(),
				Change: &bestchatv1.WatchConversationsResponse_Heartbeat{Heartbeat: &bestchatv1.Heartbeat{}},
			}); err != nil {
				return err
			}
		}
	}
}

// sendChanges sends the caller's events after *pos that the feed can
// deliver (below its watermark) and moves *pos past them and to the
// watermark. With send false it only moves *pos to the watermark (a
// live-only watch starts there). heldBack reports events of the caller
// at or above the watermark: a transaction still running (any user's,
// anywhere in the cluster) holds them back, and no notification will say
// when it ends.
func (s *Service) sendChanges(ctx context.Context, uid string, pos *position, send bool, stream *connect.ServerStream[bestchatv1.WatchConversationsResponse]) (heldBack bool, err error) {
	limit := int32(changeBatch)
	if !send {
		limit = 0
	}
	for {
		rows, err := s.q.ListChanges(ctx, dbsqlc.ListChangesParams{UserID: uid, AfterXid: pos.xid, AfterID: pos.id, RowLimit: limit})
		if err != nil {
			return false, rpcerror.DB(err, "list changes", "change feed")
		}
		events := rows[:0:0]
		for _, r := range rows {
			if r.EventID != nil {
				events = append(events, r)
			}
		}
		if len(events) > 0 {
			resps, err := s.changeResponses(ctx, uid, events)
			if err != nil {
				return false, err
			}
			for i, r := range events {
				*pos = position{xid: r.EventXid, id: *r.EventID}
				if resps[i] == nil {
					continue
				}
				resps[i].Cursor = encodeCursor(*pos)
				if err := stream.Send(resps[i]); err != nil {
					return false, err
				}
			}
		}
		if len(events) < int(limit) || limit == 0 {
			if wm := (position{xid: rows[0].Watermark}); wm.after(*pos) {
				*pos = wm
			}
			return rows[0].HeldBack, nil
		}
	}
}

// changeResponses builds the responses of events with the current
// objects they name, read now and scoped to the caller. An event whose
// object is gone gets nil (its deletion's event follows).
func (s *Service) changeResponses(ctx context.Context, uid string, events []dbsqlc.ListChangesRow) ([]*bestchatv1.WatchConversationsResponse, error) {
	var convIDs, msgIDs, toolIDs []uuid.UUID
	for _, e := range events {
		switch *e.EventKind {
		case "conversation_created", "conversation_updated":
			convIDs = append(convIDs, e.EventConversationID.UUID)
		case "message_added", "message_updated", "generation_ended":
			msgIDs = append(msgIDs, e.EventMessageID.UUID)
		case "tool_approval_needed", "tool_execution_updated":
			toolIDs = append(toolIDs, e.EventToolExecutionID.UUID)
		}
	}
	convs := map[uuid.UUID]*bestchatv1.Conversation{}
	if len(convIDs) > 0 {
		rows, err := s.q.GetConversationsByIDs(ctx, dbsqlc.GetConversationsByIDsParams{UserID: uid, Ids: convIDs})
		if err != nil {
			return nil, rpcerror.DB(err, "changed conversations", "conversation")
		}
		for _, r := range rows {
			convs[r.ID] = conversationToProto(r)
		}
	}
	msgs := map[uuid.UUID]*bestchatv1.Message{}
	if len(msgIDs) > 0 {
		rows, err := s.q.GetMessagesByIDs(ctx, dbsqlc.GetMessagesByIDsParams{UserID: uid, Ids: msgIDs})
		if err != nil {
			return nil, rpcerror.DB(err, "changed messages", "message")
		}
		for _, r := range rows {
			msgs[r.Message.ID] = message.ToProto(r.Message, r.SiblingIds)
		}
	}
	tools := map[uuid.UUID]*bestchatv1.ToolExecution{}
	if len(toolIDs) > 0 {
		rows, err := s.q.GetToolExecutionsByIDs(ctx, dbsqlc.GetToolExecutionsByIDsParams{UserID: uid, Ids: toolIDs})
		if err != nil {
			return nil, rpcerror.DB(err, "changed tool executions", "tool execution")
		}
		for _, r := range rows {
			tools[r.ID] = tool.ExecutionToProto(r)
		}
	}
	out := make([]*bestchatv1.WatchConversationsResponse, len(events))
	for i, e := range events {
		conv, msg := e.EventConversationID.UUID.String(), e.EventMessageID.UUID.String()
		resp := &bestchatv1.WatchConversationsResponse{Time: timestamppb.New(*e.EventCreatedAt)}
		switch *e.EventKind {
		case "conversation_created":
			if c := convs[e.EventConversationID.UUID]; c != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_ConversationCreated{ConversationCreated: c}
			}
		case "conversation_updated":
			if c := convs[e.EventConversationID.UUID]; c != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_ConversationUpdated{ConversationUpdated: c}
			}
		case "conversation_deleted":
			resp.Change = &bestchatv1.WatchConversationsResponse_ConversationDeleted{ConversationDeleted: &bestchatv1.ConversationDeleted{ConversationId: conv}}
		case "message_added":
			if m := msgs[e.EventMessageID.UUID]; m != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_MessageAdded{MessageAdded: m}
			}
		case "message_updated":
			if m := msgs[e.EventMessageID.UUID]; m != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_MessageUpdated{MessageUpdated: m}
			}
		case "message_deleted":
			resp.Change = &bestchatv1.WatchConversationsResponse_MessageDeleted{MessageDeleted: &bestchatv1.MessageDeleted{ConversationId: conv, MessageId: msg}}
		case "generation_started":
			resp.Change = &bestchatv1.WatchConversationsResponse_GenerationStarted{GenerationStarted: &bestchatv1.GenerationStarted{ConversationId: conv, MessageId: msg}}
		case "generation_ended":
			if m := msgs[e.EventMessageID.UUID]; m != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_GenerationEnded{GenerationEnded: &bestchatv1.GenerationEnded{ConversationId: conv, MessageId: msg, Status: m.GetStatus()}}
			}
		case "tool_approval_needed":
			if t := tools[e.EventToolExecutionID.UUID]; t != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_ToolApprovalNeeded{ToolApprovalNeeded: t}
			}
		case "tool_execution_updated":
			if t := tools[e.EventToolExecutionID.UUID]; t != nil {
				resp.Change = &bestchatv1.WatchConversationsResponse_ToolExecutionUpdated{ToolExecutionUpdated: t}
			}
		}
		if resp.Change != nil {
			out[i] = resp
		}
	}
	return out, nil
}
