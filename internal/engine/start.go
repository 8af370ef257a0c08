package engine

import (
	"context"
	"errors"
	"fmt"
	"math"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
)

// startSpec is what a new generation needs, decided by SendMessage or
// RegenerateMessage before the transaction.
type startSpec struct {
	userID    string
	convID    uuid.UUID
	parentID  uuid.NullUUID // SendMessage: where the user message goes; Regenerate: the user message answered
	userParts []*bestchatv1.ContentPart
	// content and text are userParts as stored (SendMessage), encoded
	// once by launch for the early call and the start.
	content   []byte
	text      string
	choice    Choice
	params    *bestchatv1.GenerationParams
	requestID string
	hash      []byte
	// sendUser is true for SendMessage (a user message is stored first).
	sendUser bool
	// tools are the tools offered to the model (nil: none);
	// toolChoice constrains the first call's use of them.
	tools      *tool.Toolset
	toolChoice llm.ToolChoice
	// known is a branch this process already holds (root first, finished
	// messages only), from the speculative snapshot.
	known []dbsqlc.Message
	// knownConv is the conversation as the snapshot saw it.
	knownConv *dbsqlc.Conversation
	// knownFiles are the attachments the speculative call loaded.
	knownFiles attachments
	// knownResolved is the provider the speculative call resolved for
	// knownConv (nil with it): the fast start, which stores the turn only
	// if knownConv is still the conversation's version, uses it instead of
	// resolving again (a round trip for a user's own configuration).
	knownResolved *Resolved
}

// knownBranch returns a copy of the known branch when it ends at leaf.
func (sp *startSpec) knownBranch(leaf uuid.UUID) []dbsqlc.Message {
	if len(sp.known) == 0 || sp.known[len(sp.known)-1].ID != leaf {
		return nil
	}
	// Room for the user message the turn appends: the array is kept for
	// the whole generation (its snapshot is cached after it), so one exact
	// copy instead of a copy and a doubled one.
	out := make([]dbsqlc.Message, len(sp.known), len(sp.known)+1)
	copy(out, sp.known)
	return out
}

// messageFromInsert converts InsertMessageWithSiblings' row.
func messageFromInsert(r dbsqlc.InsertMessageWithSiblingsRow) dbsqlc.Message {
	return dbsqlc.Message{
		ID: r.ID, UserID: r.UserID, ConversationID: r.ConversationID, ParentID: r.ParentID, Depth: r.Depth,
		Role: r.Role, Content: r.Content, TextContent: r.TextContent, Status: r.Status, Provider: r.Provider,
		Model: r.Model, FinishReason: r.FinishReason, ErrorMessage: r.ErrorMessage, ErrorReason: r.ErrorReason, ErrorRetryAfterMs: r.ErrorRetryAfterMs, InputTokens: r.InputTokens,
		OutputTokens: r.OutputTokens, ReasoningTokens: r.ReasoningTokens, CacheReadTokens: r.CacheReadTokens,
		CacheWriteTokens: r.CacheWriteTokens, CacheWrite1hTokens: r.CacheWrite1hTokens, WebSearchRequests: r.WebSearchRequests,
		ProviderConfigID: r.ProviderConfigID, CostNanos: r.CostNanos, RequestID: r.RequestID,
		RequestHash: r.RequestHash, Metadata: r.Metadata, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// started is what the start transaction produced.
type started struct {
	conv dbsqlc.Conversation
	user *dbsqlc.Message
	// userSiblings are the ids of the user message's siblings.
	userSiblings []uuid.UUID
	assistant    dbsqlc.Message
	history      []dbsqlc.Message
	resolved     Resolved
	model        catalog.Model
	// files are the uploads the branch's user messages reference.
	files attachments
	// replay is set when request_id matched a finished earlier request.
	replay *generation
	// turn is the snapshot cache's token for this turn.
	turn uint64
}

// start stores the turn's rows atomically: the user message (for
// SendMessage), the streaming assistant message, the new active leaf; it
// enforces the in-flight cap and request_id idempotency, and loads the
// branch the model will see. The common turn takes one statement
// (startFast); the rest a transaction.
func (e *Engine) start(ctx context.Context, sp startSpec) (*started, error) {
	if st, ok, err := e.startFast(ctx, sp); ok {
		return st, err
	}
	for range startAttempts - 1 {
		st, err := e.startGeneral(ctx, sp)
		if !errors.Is(err, errChoiceChanged) {
			return st, err
		}
		// Not the snapshot's conversation any more: read it again.
		sp.known, sp.knownConv, sp.knownResolved = nil, nil, nil
		e.snapshots.forget(sp.convID)
	}
	st, err := e.startGeneral(ctx, sp)
	if errors.Is(err, errChoiceChanged) {
		return nil, connect.NewError(connect.CodeAborted, errors.New("the conversation's provider or model changed while the turn started; send it again"))
	}
	return st, err
}

// startAttempts bounds the general start's attempts when the
// conversation's provider or model changes under it.
const startAttempts = 3

// convChoiceOf is the provider, model and configuration conv names.
func convChoiceOf(conv dbsqlc.Conversation) Choice {
	return Choice{Provider: conv.Provider, Model: conv.Model, ConfigID: conv.ProviderConfigID.UUID}
}

// errChoiceChanged aborts a general start whose conversation's provider or
// model is not the one its provider was resolved for.
var errChoiceChanged = errors.New("the conversation's provider or model changed")

// startGeneral is start's transaction. The provider is resolved before it
// (Resolve reads the user's configurations through the pool): a
// transaction that holds the conversation's row and the user's generation
// lock must not wait for a second connection, which the starts queued
// behind that lock may all be holding.
func (e *Engine) startGeneral(ctx context.Context, sp startSpec) (*started, error) {
	convChoice := Choice{}
	if sp.knownConv != nil {
		convChoice = convChoiceOf(*sp.knownConv)
	} else {
		conv, err := e.q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: sp.convID, UserID: sp.userID})
		if err != nil {
			return nil, rpcerror.DB(err, "get conversation", "conversation")
		}
		convChoice = convChoiceOf(conv)
	}
	// A resolution error is the turn's answer only where the transaction
	// would have resolved: a replayed request_id needs no provider.
	resolved, resolveErr := e.resolver.Resolve(ctx, sp.userID, sp.choice, convChoice)
	out := &started{}
	err := e.inTx(ctx, func(q *dbsqlc.Queries) error {
		// Lock order, here and in bestchat_start_send: the conversation
		// row, then the user's generation lock.
		conv, err := q.GetConversationForUpdate(ctx, dbsqlc.GetConversationForUpdateParams{ID: sp.convID, UserID: sp.userID})
		if err != nil {
			return rpcerror.DB(err, "get conversation", "conversation")
		}
		if err := q.LockUserGenerations(ctx, sp.userID); err != nil {
			return rpcerror.DB(err, "lock", "conversation")
		}
		if sp.requestID != "" {
			prev, err := q.GetMessageByRequestID(ctx, dbsqlc.GetMessageByRequestIDParams{UserID: sp.userID, RequestID: &sp.requestID})
			switch {
			case err == nil:
				return e.duplicate(ctx, q, prev, sp, out)
			case !errors.Is(err, pgx.ErrNoRows):
				return rpcerror.DB(err, "request id", "message")
			}
		}
		n, err := q.CountStreaming(ctx, sp.userID)
		if err != nil {
			return rpcerror.DB(err, "count generations", "message")
		}
		if int(n) >= e.cfg.MaxInFlightPerUser {
			return e.errInFlightCap()
		}
		out.conv = conv
		if sp.knownConv != nil && sp.knownConv.Version != conv.Version {
			// Written since the snapshot (here or on another replica): the
			// branch is read again, and the snapshot is dropped.
			sp.known, sp.knownConv, sp.knownResolved = nil, nil, nil
			e.snapshots.forget(conv.ID)
		}
		parent := sp.parentID
		depth := int32(0)
		if sp.sendUser {
			if !parent.Valid {
				parent = conv.ActiveLeafID
			}
			if parent.Valid {
				if known := sp.knownBranch(parent.UUID); known != nil {
					// The conversation's version is the snapshot's: the
					// branch this process holds is the stored one.
					depth = known[len(known)-1].Depth + 1
					out.history = known
				} else {
					p, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: parent.UUID, UserID: sp.userID})
					if err != nil || p.ConversationID != conv.ID {
						return rpcerror.NotFound("parent message")
					}
					if p.Status == dbenum.MessageStreaming {
						return rpcerror.FailedPrecondition("the parent message is still being generated")
					}
					depth = p.Depth + 1
				}
			}
			row, err := q.InsertMessageWithSiblings(ctx, dbsqlc.InsertMessageWithSiblingsParams{
				UserID: sp.userID, ConversationID: conv.ID, ParentID: parent, Depth: depth,
				Role: dbenum.RoleUser, Content: sp.content, TextContent: sp.text, Status: dbenum.MessageCompleted,
			})
			if err != nil {
				if parent.Valid {
					return rpcerror.DB(err, "insert user message", "parent message")
				}
				return rpcerror.DB(err, "insert user message", "message")
			}
			um := messageFromInsert(row)
			out.user = &um
			out.userSiblings = append(row.PriorSiblings, um.ID)
			if out.history != nil || !parent.Valid {
				out.history = append(out.history, um)
			}
			parent = uuid.NullUUID{UUID: um.ID, Valid: true}
			depth = um.Depth + 1
		} else if known := sp.knownBranch(parent.UUID); known != nil {
			depth = known[len(known)-1].Depth + 1
			out.history = known
		} else {
			p, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: parent.UUID, UserID: sp.userID})
			if err != nil {
				return rpcerror.DB(err, "get message", "message")
			}
			depth = p.Depth + 1
		}
		if convChoiceOf(conv) != convChoice {
			return errChoiceChanged
		}
		if resolveErr != nil {
			return resolveErr
		}
		out.resolved = resolved
		out.model = e.catalog.Resolve(resolved.Provider, resolved.Model)
		var reqID *string
		if sp.requestID != "" {
			reqID = &sp.requestID
		}
		am, err := q.InsertMessage(ctx, dbsqlc.InsertMessageParams{
			UserID: sp.userID, ConversationID: conv.ID, ParentID: parent, Depth: depth,
			Role: dbenum.RoleAssistant, Content: []byte("[]"), Status: dbenum.MessageStreaming,
			Provider: resolved.Provider, Model: resolved.Model, RequestID: reqID, RequestHash: sp.hash,
			ProviderConfigID: nullID(resolved.ConfigID),
		})
		if err != nil {
			return rpcerror.DB(err, "insert assistant message", "message")
		}
		out.assistant = am
		if _, err := q.SetActiveLeaf(ctx, dbsqlc.SetActiveLeafParams{ActiveLeafID: uuid.NullUUID{UUID: am.ID, Valid: true}, ID: conv.ID, UserID: sp.userID}); err != nil {
			return rpcerror.DB(err, "set active leaf", "conversation")
		}
		if out.history == nil {
			rows, err := q.ListBranch(ctx, dbsqlc.ListBranchParams{LeafID: parent.UUID, UserID: sp.userID, ConversationID: conv.ID, AfterDepth: -1, LastDepth: 99999, RowLimit: 100000})
			if err != nil {
				return rpcerror.DB(err, "load branch", "message")
			}
			for _, r := range rows {
				out.history = append(out.history, r.Message)
			}
		}
		// Refused here, the transaction stores nothing of the turn.
		if err := checkInputs(inputsOf(out.model, resolved.Client), lastUserParts(out.history)); err != nil {
			return err
		}
		if err := checkToolChoice(out.model, sp.toolChoice); err != nil {
			return err
		}
		out.files, err = e.loadAttachments(ctx, q, sp.userID, userContents(out.history, nil), sp.knownFiles)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sqlstateRequestID is bestchat_start_send's one error (db/migrations/
// 00001_init.sql, with the answering configuration since 00022): a concurrent request with the same request_id committed
// first. Its other refusals return no rows.
const sqlstateRequestID = "BC003"

// startFast starts a SendMessage turn in one statement when the branch it
// extends is the one the speculative snapshot holds (the common case: the
// next message of a conversation this process served last). ok is false
// when the general path must run instead; the statement then changed
// nothing.
func (e *Engine) startFast(ctx context.Context, sp startSpec) (st *started, ok bool, err error) {
	conv := sp.knownConv
	if !sp.sendUser || conv == nil {
		return nil, false, nil
	}
	parent := sp.parentID
	if !parent.Valid {
		parent = conv.ActiveLeafID
	}
	if parent != conv.ActiveLeafID {
		return nil, false, nil
	}
	var history []dbsqlc.Message
	depth := int32(0)
	if parent.Valid {
		if history = sp.knownBranch(parent.UUID); history == nil {
			return nil, false, nil
		}
		depth = history[len(history)-1].Depth + 1
	} else if len(sp.known) > 0 {
		return nil, false, nil
	}
	var resolved Resolved
	if sp.knownResolved != nil {
		resolved = *sp.knownResolved
	} else {
		var rerr error
		if resolved, rerr = e.resolver.Resolve(ctx, sp.userID, sp.choice, convChoiceOf(*conv)); rerr != nil {
			// Not an answer yet: the general path decides on fresh rows.
			return nil, false, nil //nolint:nilerr // the refusal is the general path's to give
		}
	}
	model := e.catalog.Resolve(resolved.Provider, resolved.Model)
	if err := checkInputs(inputsOf(model, resolved.Client), sp.userParts); err != nil {
		return nil, true, err
	}
	if err := checkToolChoice(model, sp.toolChoice); err != nil {
		return nil, true, err
	}
	files, err := e.loadAttachments(ctx, e.q, sp.userID, userContents(history, sp.content), sp.knownFiles)
	if err != nil {
		return nil, true, err
	}
	var reqID *string
	if sp.requestID != "" {
		reqID = &sp.requestID
	}
	rows, err := e.q.StartSend(ctx, dbsqlc.StartSendParams{
		UserID: sp.userID, ConversationID: conv.ID, ConvVersion: conv.Version, ParentID: parent, Depth: depth,
		MaxInFlight: int32(min(e.cfg.MaxInFlightPerUser, math.MaxInt32)), Content: sp.content, TextContent: sp.text,
		Provider: resolved.Provider, Model: resolved.Model, RequestID: reqID, RequestHash: sp.hash,
		ProviderConfigID: nullID(resolved.ConfigID),
	})
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == sqlstateRequestID:
		return nil, false, nil
	case err != nil:
		return nil, true, rpcerror.DB(err, "start turn", "conversation")
	case len(rows) == 0: // changed since the snapshot, a used request id, or over the cap
		return nil, false, nil
	case len(rows) != 2:
		return nil, true, fmt.Errorf("start turn: %d rows, want 2", len(rows))
	}
	// The user message lives in the history's array, which the generation
	// keeps anyway, rather than in an allocation of its own.
	history = append(history, rows[0])
	um := &history[len(history)-1]
	return &started{
		conv: *conv, user: um, userSiblings: []uuid.UUID{um.ID}, assistant: rows[1],
		history: history, resolved: resolved, model: model, files: files,
	}, true, nil
}

// duplicate handles a request_id seen before: a different body is
// INVALID_ARGUMENT, a turn still running is ABORTED, a finished one is
// replayed.
func (e *Engine) duplicate(ctx context.Context, q *dbsqlc.Queries, prev dbsqlc.Message, sp startSpec, out *started) error {
	if string(prev.RequestHash) != string(sp.hash) {
		return rpcerror.New(connect.CodeInvalidArgument, rpcerror.ReasonRequestIDReused, "request_id was already used with a different request")
	}
	if prev.Status == dbenum.MessageStreaming {
		return rpcerror.WithReason(connect.NewError(connect.CodeAborted, fmt.Errorf("a request with this request_id is still running (assistant message %s); use ResumeStream to follow it", prev.ID)),
			rpcerror.ReasonRequestInProgress, map[string]string{"message_id": prev.ID.String()})
	}
	if g := e.gens.get(prev.ID); g != nil {
		out.replay = g
		return nil
	}
	var user *dbsqlc.Message
	if sp.sendUser && prev.ParentID.Valid {
		um, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: prev.ParentID.UUID, UserID: sp.userID})
		if err == nil {
			user = &um
		}
	}
	out.replay, _ = e.synthesize(ctx, q, user, prev)
	return nil
}
