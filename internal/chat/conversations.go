package chat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/pagetoken"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

const (
	defaultConversationPage = 50
	conversationsKind       = "conversations"
)

// CreateConversation creates an empty conversation.
func (s *Service) CreateConversation(ctx context.Context, req *connect.Request[bestchatv1.CreateConversationRequest]) (*connect.Response[bestchatv1.CreateConversationResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	params, err := message.EncodeParams(m.GetParams())
	if err != nil {
		return nil, err
	}
	p := dbsqlc.CreateConversationParams{
		UserID:          uid,
		Title:           strings.TrimSpace(m.GetTitle()),
		SystemPrompt:    m.GetSystemPrompt(),
		Provider:        m.GetProvider(),
		Model:           m.GetModel(),
		Params:          params,
		ContextStrategy: dbenum.ContextStrategyFromProto(m.GetContextStrategy()),
	}
	if m.GetProviderConfigId() != "" {
		id, err := validation.ParseUUID("provider_config_id", m.GetProviderConfigId())
		if err != nil {
			return nil, err
		}
		if p.Provider, err = configProvider(ctx, s.q, uid, id, p.Provider, "provider_config_id"); err != nil {
			return nil, err
		}
		p.ProviderConfigID = uuid.NullUUID{UUID: id, Valid: true}
	}
	if m.GetRequestId() != "" {
		return s.createConversationOnce(ctx, p, m)
	}
	row, err := s.q.CreateConversation(ctx, p)
	if err != nil {
		return nil, rpcerror.DB(err, "create conversation", "conversation")
	}
	s.engine.ConversationCreated(row)
	return connect.NewResponse(&bestchatv1.CreateConversationResponse{Conversation: conversationToProto(row)}), nil
}

// createConversationOnce creates the conversation of a request with a
// request_id, or returns the one an earlier call with that id created.
func (s *Service) createConversationOnce(ctx context.Context, p dbsqlc.CreateConversationParams, m *bestchatv1.CreateConversationRequest) (*connect.Response[bestchatv1.CreateConversationResponse], error) {
	reqID, hash := m.GetRequestId(), requestHash("create_conversation", m)
	row, err := s.q.CreateConversationOnce(ctx, dbsqlc.CreateConversationOnceParams{
		UserID: p.UserID, Title: p.Title, SystemPrompt: p.SystemPrompt, Provider: p.Provider, Model: p.Model,
		Params: p.Params, ContextStrategy: p.ContextStrategy, ProviderConfigID: p.ProviderConfigID, RequestID: &reqID, RequestHash: hash,
	})
	switch {
	case err == nil:
		s.engine.ConversationCreated(row)
	case errors.Is(err, pgx.ErrNoRows):
		// The id was used before: that call's conversation is the answer.
		row, err = s.q.GetConversationByRequestID(ctx, dbsqlc.GetConversationByRequestIDParams{UserID: p.UserID, RequestID: &reqID})
		if err != nil {
			// Deleted between the insert and this read.
			return nil, rpcerror.DB(err, "conversation by request id", "conversation")
		}
		if !bytes.Equal(row.RequestHash, hash) {
			return nil, rpcerror.New(connect.CodeInvalidArgument, rpcerror.ReasonRequestIDReused, "request_id was already used with a different request")
		}
	default:
		return nil, rpcerror.DB(err, "create conversation", "conversation")
	}
	return connect.NewResponse(&bestchatv1.CreateConversationResponse{Conversation: conversationToProto(row)}), nil
}

// configProvider checks (with q) that the caller's provider configuration id may
// answer a conversation of provider ("": any) and returns the provider the
// conversation then has: another user's or a missing configuration is
// NOT_FOUND, one of another provider INVALID_ARGUMENT on field.
func configProvider(ctx context.Context, q *dbsqlc.Queries, uid string, id uuid.UUID, provider, field string) (string, error) {
	cfg, err := q.GetProviderConfig(ctx, dbsqlc.GetProviderConfigParams{ID: id, UserID: uid})
	if err != nil {
		return "", rpcerror.DB(err, "get provider config", "provider configuration")
	}
	if provider != "" && provider != cfg.Provider {
		return "", validation.FieldError(field, fmt.Sprintf("configures provider %q; the conversation uses %q", cfg.Provider, provider))
	}
	return cfg.Provider, nil
}

// GetConversation returns one conversation.
func (s *Service) GetConversation(ctx context.Context, req *connect.Request[bestchatv1.GetConversationRequest]) (*connect.Response[bestchatv1.GetConversationResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("conversation_id", req.Msg.GetConversationId())
	if err != nil {
		return nil, err
	}
	row, err := s.q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "get conversation", "conversation")
	}
	return connect.NewResponse(&bestchatv1.GetConversationResponse{Conversation: conversationToProto(row)}), nil
}

// likePattern turns free text into an ILIKE pattern that matches it
// literally anywhere: backslash, % and _ are escaped.
func likePattern(q string) string {
	q = strings.TrimSpace(q)
	if q == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

var archiveModes = map[bestchatv1.ArchiveFilter]string{
	bestchatv1.ArchiveFilter_ARCHIVE_FILTER_UNSPECIFIED: "exclude",
	bestchatv1.ArchiveFilter_ARCHIVE_FILTER_EXCLUDE:     "exclude",
	bestchatv1.ArchiveFilter_ARCHIVE_FILTER_ONLY:        "only",
	bestchatv1.ArchiveFilter_ARCHIVE_FILTER_INCLUDE:     "include",
}

// ListConversations lists conversations by last activity, newest first;
// with a query, those whose title matches first, each with its SearchMatch.
func (s *Service) ListConversations(ctx context.Context, req *connect.Request[bestchatv1.ListConversationsRequest]) (*connect.Response[bestchatv1.ListConversationsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	needle := strings.TrimSpace(m.GetQuery())
	if needle != "" && !searchable(needle) {
		return nil, validation.FieldError("query", "must contain at least 3 letters or digits in a row: shorter text, and punctuation such as % alone, cannot be searched")
	}
	pattern := likePattern(needle)
	archived := archiveModes[m.GetArchived()]
	// The token is scoped to the filters so a token of another listing is refused.
	scope := archived + "|" + pattern
	if m.Pinned != nil {
		scope += "|pinned=" + map[bool]string{true: "1", false: "0"}[m.GetPinned()]
	}
	cursor, hasCursor, err := pagetoken.Decode(m.GetPageToken(), conversationsKind)
	if err != nil || (hasCursor && cursor.Scope != scope) {
		return nil, validation.FieldError("page_token", "invalid page token (it must come from the same listing's next_page_token)")
	}
	size := int(m.GetPageSize())
	if size == 0 {
		size = defaultConversationPage
	}
	if pattern != "" {
		return s.searchConversations(ctx, uid, needle, pattern, scope, size, m, cursor, hasCursor)
	}
	params := dbsqlc.ListConversationsParams{
		UserID:       uid,
		ArchivedMode: archived,
		Pinned:       m.Pinned,
		RowLimit:     int32(size + 1),
	}
	if hasCursor {
		t := cursor.Time()
		params.AfterTime = &t
		params.AfterID = uuid.NullUUID{UUID: cursor.ID, Valid: true}
	}
	rows, err := listingQueries(s.pool, params).ListConversations(ctx, params)
	if err != nil {
		return nil, rpcerror.DB(err, "list conversations", "conversation")
	}
	resp := &bestchatv1.ListConversationsResponse{}
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		resp.NextPageToken = pagetoken.Encode(pagetoken.Cursor{
			Kind: conversationsKind, Micros: last.UpdatedAt.UnixMicro(), ID: last.ID, Scope: scope,
		})
	}
	for _, r := range rows {
		resp.Conversations = append(resp.Conversations, conversationToProto(r))
	}
	return connect.NewResponse(resp), nil
}

// searchConversations is ListConversations with a query. The cursor's Int
// is 1 while the pages are still in the title matches.
func (s *Service) searchConversations(ctx context.Context, uid, needle, pattern, scope string, size int,
	m *bestchatv1.ListConversationsRequest, cursor pagetoken.Cursor, hasCursor bool,
) (*connect.Response[bestchatv1.ListConversationsResponse], error) {
	params := dbsqlc.SearchConversationsParams{
		UserID:       uid,
		Needle:       needle,
		Pattern:      pattern,
		ProbeLimit:   searchProbeLimit,
		ArchivedMode: archiveModes[m.GetArchived()],
		Pinned:       m.Pinned,
		RowLimit:     int32(size + 1),
	}
	matches, err := estimateMatches(ctx, s.pool, uid, pattern)
	if err != nil {
		return nil, rpcerror.DB(err, "search conversations", "conversation")
	}
	var userMessages float64
	if walkDependsOnUser(matches) {
		if userMessages, err = estimateUserMessages(ctx, s.pool, uid); err != nil {
			return nil, rpcerror.DB(err, "search conversations", "conversation")
		}
	}
	params.Walk = shouldWalk(matches, userMessages)
	if hasCursor {
		t, title := cursor.Time(), cursor.Int == 1
		params.AfterTitleMatch, params.AfterTime = &title, &t
		params.AfterID = uuid.NullUUID{UUID: cursor.ID, Valid: true}
	}
	rows, err := dbsqlc.New(customPlans{s.pool}).SearchConversations(ctx, params)
	if err != nil {
		return nil, rpcerror.DB(err, "search conversations", "conversation")
	}
	resp := &bestchatv1.ListConversationsResponse{}
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		c := pagetoken.Cursor{Kind: conversationsKind, Micros: last.Conversation.UpdatedAt.UnixMicro(), ID: last.Conversation.ID, Scope: scope}
		if last.TitleMatch {
			c.Int = 1
		}
		resp.NextPageToken = pagetoken.Encode(c)
	}
	for _, r := range rows {
		conv := conversationToProto(r.Conversation)
		conv.SearchMatch = searchMatch(r, needle)
		resp.Conversations = append(resp.Conversations, conv)
	}
	return connect.NewResponse(resp), nil
}

// UpdateConversation updates the fields named in update_mask.
func (s *Service) UpdateConversation(ctx context.Context, req *connect.Request[bestchatv1.UpdateConversationRequest]) (*connect.Response[bestchatv1.UpdateConversationResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	in := req.Msg.GetConversation()
	var v validation.Violations
	id, err := uuid.Parse(in.GetId())
	if err != nil {
		v.Add("conversation.id", "must be a conversation id (UUID)")
	}
	paths := req.Msg.GetUpdateMask().GetPaths()
	if len(paths) == 0 {
		v.Add("update_mask", "must name at least one field")
	}
	seen := map[string]bool{}
	for i, p := range paths {
		if !updatablePaths[p] {
			v.Addf("update_mask.paths["+strconv.Itoa(i)+"]", "%q is not an updatable field (updatable: title, system_prompt, provider, model, params, context_strategy, pinned, archived, active_leaf_id, provider_config_id)", p)
		}
		if seen[p] {
			v.Addf("update_mask.paths["+strconv.Itoa(i)+"]", "%q is named twice", p)
		}
		seen[p] = true
	}
	if seen["title"] && len(in.GetTitle()) > 200 {
		v.Add("conversation.title", "must be at most 200 characters")
	}
	if seen["system_prompt"] && len(in.GetSystemPrompt()) > 32768 {
		v.Add("conversation.system_prompt", "must be at most 32768 bytes")
	}
	if seen["provider"] && len(in.GetProvider()) > 64 {
		v.Add("conversation.provider", "must be at most 64 characters")
	}
	if seen["model"] && len(in.GetModel()) > 200 {
		v.Add("conversation.model", "must be at most 200 characters")
	}
	var leaf uuid.UUID
	if seen["active_leaf_id"] {
		if leaf, err = uuid.Parse(in.GetActiveLeafId()); err != nil {
			v.Add("conversation.active_leaf_id", "must be the id (UUID) of a message of the conversation")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out dbsqlc.Conversation
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		cur, err := q.GetConversationForUpdate(ctx, dbsqlc.GetConversationForUpdateParams{ID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "get conversation", "conversation")
		}
		upd := dbsqlc.UpdateConversationParams{
			ID: id, UserID: uid,
			Title: cur.Title, SystemPrompt: cur.SystemPrompt, Provider: cur.Provider, Model: cur.Model,
			Params: cur.Params, ContextStrategy: cur.ContextStrategy, Pinned: cur.Pinned, Archived: cur.Archived,
			ProviderConfigID: cur.ProviderConfigID,
		}
		for p := range seen {
			switch p {
			case "title":
				upd.Title = strings.TrimSpace(in.GetTitle())
			case "system_prompt":
				upd.SystemPrompt = in.GetSystemPrompt()
			case "provider":
				upd.Provider = in.GetProvider()
			case "model":
				upd.Model = in.GetModel()
			case "params":
				if upd.Params, err = message.EncodeParams(in.GetParams()); err != nil {
					return err
				}
			case "context_strategy":
				upd.ContextStrategy = dbenum.ContextStrategyFromProto(in.GetContextStrategy())
			case "pinned":
				upd.Pinned = in.GetPinned()
			case "archived":
				upd.Archived = in.GetArchived()
			case "provider_config_id":
				upd.ProviderConfigID = uuid.NullUUID{}
				if in.GetProviderConfigId() != "" {
					cfg, err := validation.ParseUUID("conversation.provider_config_id", in.GetProviderConfigId())
					if err != nil {
						return err
					}
					upd.ProviderConfigID = uuid.NullUUID{UUID: cfg, Valid: true}
				}
			}
		}
		if upd.ProviderConfigID.Valid {
			// The configuration must configure the provider the
			// conversation ends up with (an empty one takes its provider).
			if upd.Provider, err = configProvider(ctx, q, uid, upd.ProviderConfigID.UUID, upd.Provider, "conversation.provider_config_id"); err != nil {
				return err
			}
		}
		if seen["active_leaf_id"] {
			newest, err := q.NewestLeafUnder(ctx, dbsqlc.NewestLeafUnderParams{MessageID: leaf, UserID: uid, ConversationID: id})
			if errors.Is(err, pgx.ErrNoRows) {
				return validation.FieldError("conversation.active_leaf_id", "is not a message of this conversation")
			}
			if err != nil {
				return rpcerror.DB(err, "newest leaf", "message")
			}
			if _, err := q.SetActiveLeaf(ctx, dbsqlc.SetActiveLeafParams{
				ActiveLeafID: uuid.NullUUID{UUID: newest, Valid: true}, ID: id, UserID: uid,
			}); err != nil {
				return rpcerror.DB(err, "set active leaf", "conversation")
			}
		}
		out, err = q.UpdateConversation(ctx, upd)
		return rpcerror.DB(err, "update conversation", "conversation")
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.UpdateConversationResponse{Conversation: conversationToProto(out)}), nil
}

var updatablePaths = map[string]bool{
	"title": true, "system_prompt": true, "provider": true, "model": true,
	"params": true, "context_strategy": true, "pinned": true, "archived": true,
	"active_leaf_id": true, "provider_config_id": true,
}

// DeleteConversation deletes a conversation and everything in it.
func (s *Service) DeleteConversation(ctx context.Context, req *connect.Request[bestchatv1.DeleteConversationRequest]) (*connect.Response[bestchatv1.DeleteConversationResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("conversation_id", req.Msg.GetConversationId())
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		// Lock the conversation as a turn's start does, then look for
		// answers still being generated: deleting one would leave its
		// generation running with no row to settle into (no usage row),
		// beyond CancelGeneration's reach and the in-flight cap's count.
		if _, err := q.GetConversationForUpdate(ctx, dbsqlc.GetConversationForUpdateParams{ID: id, UserID: uid}); err != nil {
			return rpcerror.DB(err, "lock conversation", "conversation")
		}
		n, err := q.CountConversationStreaming(ctx, dbsqlc.CountConversationStreamingParams{ConversationID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "count streaming answers", "conversation")
		}
		if n > 0 {
			return rpcerror.FailedPrecondition("an answer in this conversation is still being generated; cancel it first")
		}
		if _, err := q.DeleteConversation(ctx, dbsqlc.DeleteConversationParams{ID: id, UserID: uid}); err != nil {
			return rpcerror.DB(err, "delete conversation", "conversation")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.DeleteConversationResponse{}), nil
}

// GetConversationStats returns counts, tokens and cost of a conversation.
func (s *Service) GetConversationStats(ctx context.Context, req *connect.Request[bestchatv1.GetConversationStatsRequest]) (*connect.Response[bestchatv1.GetConversationStatsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("conversation_id", req.Msg.GetConversationId())
	if err != nil {
		return nil, err
	}
	stats, err := conversationStats(ctx, s.q, uid, id)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.GetConversationStatsResponse{Stats: stats}), nil
}

// conversationStats reads the statistics of the caller's conversation id.
func conversationStats(ctx context.Context, q *dbsqlc.Queries, uid string, id uuid.UUID) (*bestchatv1.ConversationStats, error) {
	r, err := q.GetConversationStats(ctx, dbsqlc.GetConversationStatsParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "conversation stats", "conversation")
	}
	stats := &bestchatv1.ConversationStats{
		ConversationId:    id.String(),
		MessageCount:      count32(r.MessageCount),
		UserMessages:      count32(r.UserMessages),
		AssistantMessages: count32(r.AssistantMessages),
		SystemMessages:    count32(r.SystemMessages),
		ToolMessages:      count32(r.ToolMessages),
		BranchCount:       count32(r.LeafCount),
		Usage: &bestchatv1.TokenUsage{
			InputTokens: r.InputTokens, OutputTokens: r.OutputTokens,
			CacheReadTokens: r.CacheReadTokens, CacheWriteTokens: r.CacheWriteTokens,
			ReasoningTokens: r.ReasoningTokens, OneHourCacheWriteTokens: r.CacheWrite1hTokens,
			WebSearchRequests: r.WebSearchRequests,
		},
		CostNanos:            r.CostNanos,
		ToolCalls:            count32(r.ToolCalls),
		ContextOptimizations: count32(r.ContextOptimizations),
	}
	if r.MessageCount > 0 {
		stats.FirstActivityTime = timestamppb.New(r.FirstActivity)
		stats.LastActivityTime = timestamppb.New(r.LastActivity)
	}
	return stats, nil
}

// count32 is a count for an int32 field of the API (TypeScript reads int32
// as a number, int64 as a bigint); the counts it carries are far below
// its limit, which it saturates at rather than wrapping.
func count32(n int64) int32 { return int32(min(n, math.MaxInt32)) }
