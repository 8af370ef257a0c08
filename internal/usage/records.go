package usage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/pagetoken"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// ListRecentUsage's default page size and page token kind.
const (
	defaultRecordPage = 50
	recordsKind       = "usage"
)

// Caps of one RecordUsage report.
const (
	// MaxReportedTokensPerKind caps each kind of token of a report.
	MaxReportedTokensPerKind = 10_000_000
	// MaxReportedTokens caps all kinds of a report together.
	MaxReportedTokens = 20_000_000
	// MaxReportedWebSearches caps the web searches of a report.
	MaxReportedWebSearches = 10_000
	// MaxReportAge is how far in the past a report's occur_time may be.
	MaxReportAge = 7 * 24 * time.Hour
	// reportClockSkew is how far in the future an occur_time may be
	// (a client's clock slightly ahead); it is recorded as now.
	reportClockSkew = time.Minute
)

// filterDigest fingerprints a filter, so a page token is refused with
// another one.
func filterDigest(f *bestchatv1.UsageFilter) string {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(f)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// ListRecentUsage lists the caller's raw usage records, newest first.
func (s *Service) ListRecentUsage(ctx context.Context, req *connect.Request[bestchatv1.ListRecentUsageRequest]) (*connect.Response[bestchatv1.ListRecentUsageResponse], error) {
	m := req.Msg
	var cursor pagetoken.Cursor
	var hasCursor bool
	user, sc, err := s.filtered(ctx, m.GetFilter(), func(_ *scope, v *validation.Violations) {
		c, ok, err := pagetoken.Decode(m.GetPageToken(), recordsKind)
		if err != nil || ok && c.Scope != filterDigest(m.GetFilter()) {
			v.Add("page_token", invalidPageToken)
		}
		cursor, hasCursor = c, ok
	})
	if err != nil {
		return nil, err
	}
	size := int(m.GetPageSize())
	if size == 0 {
		size = defaultRecordPage
	}
	resp := &bestchatv1.ListRecentUsageResponse{}
	if sc.empty() {
		return connect.NewResponse(resp), nil
	}
	// The first page ends at the range's end: (end, nil UUID) is above
	// every row of the range.
	before, beforeID := sc.end, uuid.Nil
	if hasCursor {
		before, beforeID = cursor.Time(), cursor.ID
	}
	rows, err := s.q.ListUsageRecords(ctx, dbsqlc.ListUsageRecordsParams{
		UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
		ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
		BeforeTime: before, BeforeID: beforeID, PageLimit: int32(size + 1),
	})
	if err != nil {
		return nil, rpcerror.DB(err, "list usage records", "usage")
	}
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		resp.NextPageToken = pagetoken.Encode(pagetoken.Cursor{
			Kind: recordsKind, Micros: last.CreatedAt.UnixMicro(), ID: last.ID, Scope: filterDigest(m.GetFilter()),
		})
	}
	for i := range rows {
		resp.Records = append(resp.Records, recordProto(&rows[i]))
	}
	return connect.NewResponse(resp), nil
}

// RecordUsage records a client's report of a call it made, priced by the
// catalog, once per request_id.
func (s *Service) RecordUsage(ctx context.Context, req *connect.Request[bestchatv1.RecordUsageRequest]) (*connect.Response[bestchatv1.RecordUsageResponse], error) {
	user, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	now := time.Now()
	var v validation.Violations
	u := catalog.Usage{
		Input: m.GetUsage().GetInputTokens(), Output: m.GetUsage().GetOutputTokens(), CacheRead: m.GetUsage().GetCacheReadTokens(),
		CacheWrite: m.GetUsage().GetCacheWriteTokens(), Reasoning: m.GetUsage().GetReasoningTokens(),
		CacheWrite1h: m.GetUsage().GetOneHourCacheWriteTokens(), WebSearchRequests: m.GetUsage().GetWebSearchRequests(),
	}
	for field, n := range map[string]int64{
		"usage.input_tokens": u.Input, "usage.output_tokens": u.Output, "usage.cache_read_tokens": u.CacheRead,
		"usage.cache_write_tokens": u.CacheWrite, "usage.reasoning_tokens": u.Reasoning,
	} {
		if n > MaxReportedTokensPerKind {
			v.Addf(field, "must be at most %d per report", MaxReportedTokensPerKind)
		}
	}
	if u.CacheWrite1h > u.CacheWrite {
		v.Add("usage.one_hour_cache_write_tokens", "must be at most usage.cache_write_tokens (it is a part of them)")
	}
	if u.WebSearchRequests > MaxReportedWebSearches {
		v.Addf("usage.web_search_requests", "must be at most %d per report", MaxReportedWebSearches)
	}
	if v.Empty() && u.Input+u.Output+u.CacheRead+u.CacheWrite+u.Reasoning > MaxReportedTokens {
		v.Addf("usage", "must total at most %d tokens per report", MaxReportedTokens)
	}
	at := now
	if ts := m.GetOccurTime(); ts != nil {
		t := ts.AsTime()
		switch {
		case ts.CheckValid() != nil:
			v.Add("occur_time", "is not a valid timestamp")
		case t.After(now.Add(reportClockSkew)):
			v.Add("occur_time", "must not be in the future")
		case t.Before(now.Add(-MaxReportAge)):
			v.Add("occur_time", "must be within the last 7 days")
		case t.Before(now):
			at = t
		}
	}
	var conv uuid.NullUUID
	if id := m.GetConversationId(); id != "" {
		parsed, err := uuid.Parse(id)
		if err != nil {
			v.Add("conversation_id", "is not a UUID")
		}
		conv = uuid.NullUUID{UUID: parsed, Valid: err == nil}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.checkConversation(ctx, user, scope{conversation: conv}); err != nil {
		return nil, err
	}
	status, ok := dbenum.UsageStatusFromProto(m.GetStatus())
	if !ok {
		status = dbenum.UsageCompleted
	}
	price := s.catalog.Resolve(m.GetProvider(), m.GetModel()).Price
	p := dbsqlc.InsertClientUsageParams{
		UserID: user, ConversationID: conv, Provider: m.GetProvider(), Model: m.GetModel(),
		InputTokens: u.Input, OutputTokens: u.Output, CacheReadTokens: u.CacheRead, CacheWriteTokens: u.CacheWrite, ReasoningTokens: u.Reasoning,
		CacheWrite1hTokens: u.CacheWrite1h, WebSearchRequests: u.WebSearchRequests,
		InputPrice: rate(price.Input), OutputPrice: rate(price.Output), CacheReadPrice: rate(price.CacheRead),
		CacheWritePrice: rate(price.CacheWrite), ReasoningPrice: rate(price.Reasoning),
		CacheWrite1hPrice: rate(price.CacheWrite1h), WebSearchPrice: fee(price.WebSearch),
		Status: status, RequestID: &m.RequestId, CreatedAt: at,
	}
	if cost, known := catalog.Cost(price, u); known {
		p.CostNanos = &cost
	}
	row, err := s.q.InsertClientUsage(ctx, p)
	if err == nil {
		return connect.NewResponse(&bestchatv1.RecordUsageResponse{Record: recordProto(&row)}), nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return nil, rpcerror.DB(err, "record usage", "usage record")
	}
	// Recorded before (a retry, or a concurrent duplicate that committed
	// first): the same report returns the first record.
	prev, err := s.q.GetUsageByRequestID(ctx, dbsqlc.GetUsageByRequestIDParams{UserID: user, RequestID: &m.RequestId})
	if err != nil {
		return nil, rpcerror.DB(err, "get usage record", "usage record")
	}
	same := prev.Provider == p.Provider && prev.Model == p.Model && prev.ConversationID == conv && prev.Status == status &&
		prev.InputTokens == u.Input && prev.OutputTokens == u.Output && prev.CacheReadTokens == u.CacheRead &&
		prev.CacheWriteTokens == u.CacheWrite && prev.ReasoningTokens == u.Reasoning &&
		prev.CacheWrite1hTokens == u.CacheWrite1h && prev.WebSearchRequests == u.WebSearchRequests &&
		(m.GetOccurTime() == nil || prev.CreatedAt.Equal(at.Truncate(time.Microsecond)))
	if !same {
		return nil, validation.FieldError("request_id", "was already used for a different report")
	}
	return connect.NewResponse(&bestchatv1.RecordUsageResponse{Record: recordProto(&prev), Duplicate: true}), nil
}

// recordProto converts a usage row.
func recordProto(r *dbsqlc.UsageLog) *bestchatv1.UsageRecord {
	out := &bestchatv1.UsageRecord{
		Id: r.ID.String(), Provider: r.Provider, Model: r.Model,
		Usage: &bestchatv1.TokenUsage{
			InputTokens: r.InputTokens, OutputTokens: r.OutputTokens, CacheReadTokens: r.CacheReadTokens,
			CacheWriteTokens: r.CacheWriteTokens, ReasoningTokens: r.ReasoningTokens,
			OneHourCacheWriteTokens: r.CacheWrite1hTokens, WebSearchRequests: r.WebSearchRequests,
		},
		CostNanos: r.CostNanos, Estimated: r.CostEstimated,
		ProviderCostNanos: r.ProviderCostNanos, ProviderCostMismatch: r.ProviderCostMismatch,
		Source: r.Source.Proto(), LatencyMs: clamp32(r.LatencyMs),
		CreateTime: timestamppb.New(r.CreatedAt), Purpose: r.Purpose.Proto(), Status: r.Status.Proto(),
	}
	if r.ConversationID.Valid {
		out.ConversationId = r.ConversationID.UUID.String()
	}
	if r.MessageID.Valid {
		out.MessageId = r.MessageID.UUID.String()
	}
	out.Step = int32(r.Step)
	if r.ProviderConfigID.Valid {
		out.ProviderConfigId = r.ProviderConfigID.UUID.String()
	}
	if r.TtftMs != nil {
		ms := clamp32(*r.TtftMs)
		out.TtftMs = &ms
	}
	if r.RequestID != nil {
		out.RequestId = *r.RequestID
	}
	return out
}
