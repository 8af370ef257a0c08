package chat

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// GenerationConfig tunes the generation engine. Zero fields take the
// DefaultGenerationConfig values.
type GenerationConfig struct {
	// FlushInterval bounds how often a streaming answer is written to the
	// database (never once per token).
	FlushInterval time.Duration
	// HeartbeatInterval is the silence after which a heartbeat event is sent.
	HeartbeatInterval time.Duration
	// LivenessInterval is how often a silent generation touches its row, so
	// other replicas can tell it from a dead one.
	LivenessInterval time.Duration
	// StaleAfter marks a streaming message whose row was not touched for
	// this long as interrupted (its process died).
	StaleAfter time.Duration
	// MaxInFlightPerUser caps a user's concurrent generations.
	MaxInFlightPerUser int
	// MaxOutputTokens caps the output of every provider call.
	MaxOutputTokens int
	// MaxRetries is how many times a call is retried before its first
	// token; negative disables retries.
	MaxRetries int
	// RetryBaseDelay is the first backoff delay (doubled per retry).
	RetryBaseDelay time.Duration
	// MaxRetryDelay caps a backoff or Retry-After wait.
	MaxRetryDelay time.Duration
	// Retain keeps a finished generation's events in memory for ResumeStream.
	Retain time.Duration
	// CancelWait bounds how long CancelGeneration waits for the answer to settle.
	CancelWait time.Duration
	// ClientWriteTimeout is how long a write to the client that started a
	// generation may block (a client that stopped reading) before its
	// stream is cut; the generation itself carries on. The housekeeper
	// checks at each tick, so the cut comes up to a tick later.
	ClientWriteTimeout time.Duration
}

// DefaultGenerationConfig is used for zero fields.
var DefaultGenerationConfig = GenerationConfig{
	FlushInterval:      time.Second,
	HeartbeatInterval:  10 * time.Second,
	LivenessInterval:   5 * time.Second,
	StaleAfter:         45 * time.Second,
	MaxInFlightPerUser: 4,
	MaxOutputTokens:    16384,
	MaxRetries:         2,
	RetryBaseDelay:     500 * time.Millisecond,
	MaxRetryDelay:      20 * time.Second,
	Retain:             5 * time.Minute,
	CancelWait:         5 * time.Second,
	ClientWriteTimeout: 15 * time.Second,
}

func (c GenerationConfig) withDefaults() GenerationConfig {
	d := DefaultGenerationConfig
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	c.FlushInterval = pick(c.FlushInterval, d.FlushInterval)
	c.HeartbeatInterval = pick(c.HeartbeatInterval, d.HeartbeatInterval)
	c.LivenessInterval = pick(c.LivenessInterval, d.LivenessInterval)
	c.StaleAfter = pick(c.StaleAfter, d.StaleAfter)
	c.RetryBaseDelay = pick(c.RetryBaseDelay, d.RetryBaseDelay)
	c.MaxRetryDelay = pick(c.MaxRetryDelay, d.MaxRetryDelay)
	c.Retain = pick(c.Retain, d.Retain)
	c.CancelWait = pick(c.CancelWait, d.CancelWait)
	c.ClientWriteTimeout = pick(c.ClientWriteTimeout, d.ClientWriteTimeout)
	if c.LivenessInterval > c.StaleAfter/3 {
		c.LivenessInterval = c.StaleAfter / 4
	}
	if c.MaxInFlightPerUser <= 0 {
		c.MaxInFlightPerUser = d.MaxInFlightPerUser
	}
	if c.MaxOutputTokens <= 0 {
		c.MaxOutputTokens = d.MaxOutputTokens
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = d.MaxRetries
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	return c
}

// Causes of a generation's context cancellation.
var (
	errCancelledByUser = errors.New("cancelled by the user")
	errShutdown        = errors.New("server shutting down")
)

// generation is one running (or recently finished) answer.
type generation struct {
	messageID uuid.UUID
	userID    string
	log       *eventLog
	cancel    context.CancelCauseFunc
	done      chan struct{}
}

// registry holds this process's generations by assistant message id.
type registry struct {
	mu     sync.Mutex
	gens   map[uuid.UUID]*generation
	active map[*runState]struct{} // calls still streaming, for the housekeeper
	// perUser counts the running generations (added, not ended) by user.
	perUser map[string]int
	// direct are the streams of clients whose handler runs a generation,
	// for the housekeeper's write watch.
	direct map[*directReader]struct{}
	wg     sync.WaitGroup
}

func (r *registry) get(id uuid.UUID) *generation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gens[id]
}

func (r *registry) add(g *generation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gens == nil {
		r.gens = map[uuid.UUID]*generation{}
	}
	r.gens[g.messageID] = g
	if r.perUser == nil {
		r.perUser = map[string]int{}
	}
	r.perUser[g.userID]++
}

func (r *registry) remove(id uuid.UUID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.gens, id)
}

// running counts the user's generations still running in this process.
func (r *registry) running(userID string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.perUser[userID]
}

// watch registers a direct client stream with the housekeeper.
func (r *registry) watch(d *directReader) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.direct == nil {
		r.direct = map[*directReader]struct{}{}
	}
	r.direct[d] = struct{}{}
}

func (r *registry) unwatch(d *directReader) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.direct, d)
}

// watched returns the registered direct client streams.
func (r *registry) watched() []*directReader {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*directReader, 0, len(r.direct))
	for d := range r.direct {
		out = append(out, d)
	}
	return out
}

// ended records that a generation added to the registry stopped running.
func (r *registry) ended(g *generation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.perUser[g.userID]--; r.perUser[g.userID] <= 0 {
		delete(r.perUser, g.userID)
	}
}

func (r *registry) all() []*generation {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*generation, 0, len(r.gens))
	for _, g := range r.gens {
		out = append(out, g)
	}
	return out
}

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
	choice    provider.Choice
	params    *bestchatv1.GenerationParams
	requestID string
	hash      []byte
	// sendUser is true for SendMessage (a user message is stored first).
	sendUser bool
	// known is a branch this process already holds (root first, finished
	// messages only), from the speculative snapshot.
	known []dbsqlc.Message
	// knownConv is the conversation as the snapshot saw it.
	knownConv *dbsqlc.Conversation
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
		Model: r.Model, FinishReason: r.FinishReason, ErrorMessage: r.ErrorMessage, InputTokens: r.InputTokens,
		OutputTokens: r.OutputTokens, ReasoningTokens: r.ReasoningTokens, CacheReadTokens: r.CacheReadTokens,
		CacheWriteTokens: r.CacheWriteTokens, CostNanos: r.CostNanos, RequestID: r.RequestID,
		RequestHash: r.RequestHash, Metadata: r.Metadata, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// requestHash fingerprints a request without its request_id.
func requestHash(kind string, m proto.Message) []byte {
	c := proto.Clone(m)
	switch r := c.(type) {
	case *bestchatv1.SendMessageRequest:
		r.RequestId = ""
	case *bestchatv1.RegenerateMessageRequest:
		r.RequestId = ""
	}
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(c)
	h := sha256.New()
	h.Write([]byte(kind))
	h.Write(b)
	return h.Sum(nil)
}

// started is what the start transaction produced.
type started struct {
	conv dbsqlc.Conversation
	user *dbsqlc.Message
	// userSiblings are the ids of the user message's siblings.
	userSiblings []uuid.UUID
	assistant    dbsqlc.Message
	history      []dbsqlc.Message
	resolved     provider.Resolved
	model        catalog.Model
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
func (s *Service) start(ctx context.Context, sp startSpec) (*started, error) {
	if st, ok, err := s.startFast(ctx, sp); ok {
		return st, err
	}
	out := &started{}
	err := s.inTx(ctx, func(q *dbsqlc.Queries) error {
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
				return s.duplicate(ctx, q, prev, sp, out)
			case !errors.Is(err, pgx.ErrNoRows):
				return rpcerror.DB(err, "request id", "message")
			}
		}
		n, err := q.CountStreaming(ctx, sp.userID)
		if err != nil {
			return rpcerror.DB(err, "count generations", "message")
		}
		if int(n) >= s.gen.MaxInFlightPerUser {
			return s.errInFlightCap()
		}
		out.conv = conv
		parent := sp.parentID
		depth := int32(0)
		if sp.sendUser {
			if !parent.Valid {
				parent = conv.ActiveLeafID
			}
			if parent.Valid {
				if known := sp.knownBranch(parent.UUID); known != nil {
					// Finished messages never change and deleting one deletes
					// its subtree (the insert below then fails): the branch
					// this process already holds is the stored one.
					depth = known[len(known)-1].Depth + 1
					out.history = known
				} else {
					p, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: parent.UUID, UserID: sp.userID})
					if err != nil || p.ConversationID != conv.ID {
						return rpcerror.NotFound("parent message")
					}
					if p.Status == "streaming" {
						return rpcerror.FailedPrecondition("the parent message is still being generated")
					}
					depth = p.Depth + 1
				}
			}
			row, err := q.InsertMessageWithSiblings(ctx, dbsqlc.InsertMessageWithSiblingsParams{
				UserID: sp.userID, ConversationID: conv.ID, ParentID: parent, Depth: depth,
				Role: "user", Content: sp.content, TextContent: sp.text, Status: "completed",
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
		resolved, err := s.providers.Resolve(sp.choice, provider.Choice{Provider: conv.Provider, Model: conv.Model})
		if err != nil {
			return err
		}
		out.resolved = resolved
		out.model = s.catalog.Resolve(resolved.Provider, resolved.Model)
		var reqID *string
		if sp.requestID != "" {
			reqID = &sp.requestID
		}
		am, err := q.InsertMessage(ctx, dbsqlc.InsertMessageParams{
			UserID: sp.userID, ConversationID: conv.ID, ParentID: parent, Depth: depth,
			Role: "assistant", Content: []byte("[]"), Status: "streaming",
			Provider: resolved.Provider, Model: resolved.Model, RequestID: reqID, RequestHash: sp.hash,
		})
		if err != nil {
			return rpcerror.DB(err, "insert assistant message", "message")
		}
		out.assistant = am
		if _, err := q.SetActiveLeaf(ctx, dbsqlc.SetActiveLeafParams{ActiveLeafID: uuid.NullUUID{UUID: am.ID, Valid: true}, ID: conv.ID, UserID: sp.userID}); err != nil {
			return rpcerror.DB(err, "set active leaf", "conversation")
		}
		if out.history != nil {
			return nil
		}
		rows, err := q.ListBranch(ctx, dbsqlc.ListBranchParams{LeafID: parent.UUID, UserID: sp.userID, ConversationID: conv.ID, AfterDepth: -1, RowLimit: 100000})
		if err != nil {
			return rpcerror.DB(err, "load branch", "message")
		}
		for _, r := range rows {
			out.history = append(out.history, r.Message)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// errInFlightCap refuses a turn over the per-user in-flight cap.
func (s *Service) errInFlightCap() error {
	return connect.NewError(connect.CodeResourceExhausted, fmt.Errorf("too many generations in flight (limit %d); wait for one to finish or cancel it", s.gen.MaxInFlightPerUser))
}

// Refusals of bestchat_start_send (db/migrations/00002_start_send.sql,
// 00004, 00005). Since 00004 a changed conversation and a used request id
// found before any write return no rows instead of raising BC002/BC003,
// and since 00005 so does a turn over the in-flight cap (the general path
// then counts again and refuses it); BC003 still comes from a concurrent
// duplicate, and BC001/BC002 from a database not yet migrated that far.
const (
	sqlstateInFlightCap = "BC001"
	sqlstateStale       = "BC002"
	sqlstateRequestID   = "BC003"
)

// startFast starts a SendMessage turn in one statement when the branch it
// extends is the one the speculative snapshot holds (the common case: the
// next message of a conversation this process served last). ok is false
// when the general path must run instead; the statement then changed
// nothing.
func (s *Service) startFast(ctx context.Context, sp startSpec) (st *started, ok bool, err error) {
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
	resolved, rerr := s.providers.Resolve(sp.choice, provider.Choice{Provider: conv.Provider, Model: conv.Model})
	if rerr != nil {
		// Not an answer yet: the general path decides on fresh rows.
		return nil, false, nil //nolint:nilerr // the refusal is the general path's to give
	}
	var reqID *string
	if sp.requestID != "" {
		reqID = &sp.requestID
	}
	rows, err := s.q.StartSend(ctx, dbsqlc.StartSendParams{
		UserID: sp.userID, ConversationID: conv.ID, ParentID: parent, Depth: depth,
		MaxInFlight: int32(min(s.gen.MaxInFlightPerUser, math.MaxInt32)), Content: sp.content, TextContent: sp.text,
		ConvProvider: conv.Provider, ConvModel: conv.Model, ProviderConfigID: conv.ProviderConfigID,
		SystemPrompt: conv.SystemPrompt, Params: conv.Params, Provider: resolved.Provider, Model: resolved.Model,
		RequestID: reqID, RequestHash: sp.hash,
	})
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == sqlstateInFlightCap:
		return nil, true, s.errInFlightCap()
	case errors.As(err, &pgErr) && (pgErr.Code == sqlstateStale || pgErr.Code == sqlstateRequestID):
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
		history: history, resolved: resolved,
		model: s.catalog.Resolve(resolved.Provider, resolved.Model),
	}, true, nil
}

// duplicate handles a request_id seen before: a different body is
// INVALID_ARGUMENT, a turn still running is ABORTED, a finished one is
// replayed.
func (s *Service) duplicate(ctx context.Context, q *dbsqlc.Queries, prev dbsqlc.Message, sp startSpec, out *started) error {
	if string(prev.RequestHash) != string(sp.hash) {
		return connect.NewError(connect.CodeInvalidArgument, errors.New("request_id was already used with a different request"))
	}
	if prev.Status == "streaming" {
		return connect.NewError(connect.CodeAborted, fmt.Errorf("a request with this request_id is still running (assistant message %s); use ResumeStream to follow it", prev.ID))
	}
	if g := s.gens.get(prev.ID); g != nil {
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
	out.replay, _ = s.synthesize(ctx, q, user, prev)
	return nil
}

// synthesize rebuilds a generation's stream from its stored message, for
// replays once the in-memory events are gone (or live on another
// replica). With the message's event layout the events are the very ones
// the original stream sent, seq and time included, and exact reports so;
// without one (a row older than the layouts, or one not saved yet) the
// text arrives as one delta. A settled message's log is finished: it ends
// with the completion or, for an answer that failed or was interrupted,
// with the code the live stream ended with (UNAVAILABLE when the layout
// does not say: a server that died). A streaming message's log holds the events saved so
// far and stays open. user is the stored user message, if the caller has
// it.
func (s *Service) synthesize(ctx context.Context, q *dbsqlc.Queries, user *dbsqlc.Message, m dbsqlc.Message) (g *generation, exact bool) {
	text, reasoning := storedAnswer(m)
	var (
		l        *eventLog
		restored restoredLog
	)
	if len(m.EventLayout) > 0 {
		var err error
		restored, err = restoreLog(m.ID.String(), m.EventLayout, text, reasoning, rowEvents{
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
				return userEvent(s.messageProto(ctx, q, *user)), nil
			},
			started:   func() *bestchatv1.ChatEvent { return startedEvent(m) },
			completed: func() *bestchatv1.ChatEvent { return completedEvent(s.messageProto(ctx, q, m)) },
		})
		if err != nil {
			s.logger.Warn("replay without the event layout", "message_id", m.ID, "err", err)
		}
		l = restored.log
	}
	exact = l != nil
	if l == nil {
		l = newEventLog(m.ID.String())
		if user != nil {
			l.appendEvent(userEvent(s.messageProto(ctx, q, *user)))
		}
		l.appendEvent(startedEvent(m))
		if text != "" {
			l.append(entry{kind: entryText, text: text})
		}
	}
	g = &generation{messageID: m.ID, userID: m.UserID, log: l, done: closedChan}
	switch m.Status {
	case "streaming":
		return g, exact
	case "failed", "interrupted":
		// The code the live stream ended with; a server that died ended
		// it without one, as an unavailable server does.
		code := restored.end
		if code == 0 {
			code = connect.CodeUnavailable
		}
		l.finish(connect.NewError(code, errors.New(nonEmpty(m.ErrorMessage, "generation failed"))))
		return g, exact
	}
	if !restored.completed {
		l.appendEvent(completedEvent(s.messageProto(ctx, q, m)))
	}
	l.finish(nil)
	return g, exact
}

// storedAnswer returns a message's stored text and reasoning; a streaming
// answer's text is in its content until it settles.
func storedAnswer(m dbsqlc.Message) (text, reasoning string) {
	text = m.TextContent
	if m.Status == "streaming" {
		var sb strings.Builder
		for _, p := range decodeContent(m.Content) {
			sb.WriteString(p.GetText())
		}
		text = sb.String()
	}
	var meta struct {
		Reasoning string `json:"reasoning"`
	}
	if len(m.Metadata) > 0 && json.Unmarshal(m.Metadata, &meta) == nil {
		reasoning = meta.Reasoning
	}
	return text, reasoning
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
func (s *Service) messageProto(ctx context.Context, q *dbsqlc.Queries, m dbsqlc.Message) *bestchatv1.Message {
	sib, err := q.SiblingIDs(ctx, dbsqlc.SiblingIDsParams{ConversationID: m.ConversationID, UserID: m.UserID, Depth: m.Depth, ParentID: m.ParentID})
	if err != nil {
		sib = nil
	}
	return messageToProto(m, sib)
}

func userEvent(msg *bestchatv1.Message) *bestchatv1.ChatEvent {
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_UserMessage{UserMessage: &bestchatv1.UserMessagePersisted{Message: msg}}}
}
