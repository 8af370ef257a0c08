package usage

import (
	"cmp"
	"context"
	"slices"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// GetUserUsage returns the caller's totals today, this month and all
// time, with days in the requested zone.
func (s *Service) GetUserUsage(ctx context.Context, req *connect.Request[bestchatv1.GetUserUsageRequest]) (*connect.Response[bestchatv1.GetUserUsageResponse], error) {
	user, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	var v validation.Violations
	loc := loadZone(req.Msg.GetTimeZone(), "time_zone", &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := time.Now().In(loc)
	dayStart := localMidnight(now, loc)
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	rows, err := s.q.UsageByPeriod(ctx, dbsqlc.UsageByPeriodParams{UserID: user, DayStart: dayStart, MonthStart: monthStart})
	if err != nil {
		return nil, rpcerror.DB(err, "usage by period", "usage")
	}
	var today, month, all totals
	for _, r := range rows {
		f := figures{r.RequestCount, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.KnownCostNanos, r.UnknownCostRequests, r.EstimatedRequests, r.CacheWrite1hTokens, r.WebSearchRequests, r.ProviderCostMismatchRequests}
		all.add(r.Source, f)
		if r.Period >= 1 {
			month.add(r.Source, f)
		}
		if r.Period == 2 {
			today.add(r.Source, f)
		}
	}
	return connect.NewResponse(&bestchatv1.GetUserUsageResponse{
		Today: today.proto(), ThisMonth: month.proto(), AllTime: all.proto(),
		TimeZone: loc.String(), DayStartTime: timestamppb.New(dayStart), MonthStartTime: timestamppb.New(monthStart),
	}), nil
}

// filtered checks a request's filter (with extra, the request's other
// checks, adding to the same violations) and the caller's ownership of
// its conversation.
func (s *Service) filtered(ctx context.Context, f *bestchatv1.UsageFilter, extra func(*scope, *validation.Violations)) (string, scope, error) {
	user, err := authn.Caller(ctx)
	if err != nil {
		return "", scope{}, err
	}
	var v validation.Violations
	sc := parseFilter(f, time.Now(), &v)
	if extra != nil {
		extra(&sc, &v)
	}
	if err := v.Err(); err != nil {
		return "", scope{}, err
	}
	if err := s.checkConversation(ctx, user, sc); err != nil {
		return "", scope{}, err
	}
	if err := s.checkConfig(ctx, user, sc); err != nil {
		return "", scope{}, err
	}
	return user, sc, nil
}

// GetUsageStats returns counts by outcome, tokens, cost and latency under a
// filter.
func (s *Service) GetUsageStats(ctx context.Context, req *connect.Request[bestchatv1.GetUsageStatsRequest]) (*connect.Response[bestchatv1.GetUsageStatsResponse], error) {
	user, sc, err := s.filtered(ctx, req.Msg.GetFilter(), nil)
	if err != nil {
		return nil, err
	}
	type outcome struct {
		figures                      figures
		completed, cancelled, failed int64
	}
	var metered, client outcome
	var lat, ttft latency
	if !sc.empty() {
		rows, err := s.q.UsageStatsBySourceStatus(ctx, dbsqlc.UsageStatsBySourceStatusParams{
			UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
			ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
		})
		if err != nil {
			return nil, rpcerror.DB(err, "usage stats", "usage")
		}
		for _, r := range rows {
			o := &metered
			if r.Source == string(dbenum.SourceClient) {
				o = &client
			}
			o.figures.add(figures{r.RequestCount, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.KnownCostNanos, r.UnknownCostRequests, r.EstimatedRequests, r.CacheWrite1hTokens, r.WebSearchRequests, r.ProviderCostMismatchRequests})
			switch r.Status {
			case string(dbenum.UsageCompleted):
				o.completed += r.RequestCount
			case string(dbenum.UsageCancelled):
				o.cancelled += r.RequestCount
			default:
				o.failed += r.RequestCount
			}
			lat.count += r.LatencyCount
			lat.sum += r.LatencySumMs
			lat.max = max(lat.max, r.LatencyMaxMs)
			ttft.count += r.TtftCount
			ttft.sum += r.TtftSumMs
			ttft.max = max(ttft.max, r.TtftMaxMs)
		}
		if lat.count > 0 {
			hists, err := s.q.UsageLatencyHistograms(ctx, dbsqlc.UsageLatencyHistogramsParams{
				UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
				ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
			})
			if err != nil {
				return nil, rpcerror.DB(err, "usage latency histograms", "usage")
			}
			for _, h := range hists {
				for i := range min(buckets, len(h.LatencyHist), len(h.TtftHist)) {
					lat.hist[i] += h.LatencyHist[i]
					ttft.hist[i] += h.TtftHist[i]
				}
			}
		}
	}
	stats := func(o outcome) *bestchatv1.UsageStats {
		out := &bestchatv1.UsageStats{
			Figures: o.figures.proto(), CompletedRequests: o.completed, CancelledRequests: o.cancelled, FailedRequests: o.failed,
		}
		if o.figures.requests > 0 {
			out.SuccessRate = float64(o.completed) / float64(o.figures.requests)
		}
		return out
	}
	return connect.NewResponse(&bestchatv1.GetUsageStatsResponse{
		Metered: stats(metered), ClientReported: stats(client), Latency: lat.proto(), Ttft: ttft.proto(),
	}), nil
}

// modelTotals is one provider and model's totals.
type modelTotals struct {
	provider, model string
	totals          totals
}

// byModel sums the rollups of sc per provider and model, sorted by
// provider and model.
func (s *Service) byModel(ctx context.Context, user string, sc scope) ([]modelTotals, error) {
	if sc.empty() {
		return nil, nil
	}
	rows, err := s.q.UsageByModel(ctx, dbsqlc.UsageByModelParams{
		UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
		ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
	})
	if err != nil {
		return nil, rpcerror.DB(err, "usage by model", "usage")
	}
	idx := map[[2]string]int{}
	var out []modelTotals
	for _, r := range rows {
		k := [2]string{r.Provider, r.Model}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, modelTotals{provider: r.Provider, model: r.Model})
		}
		out[i].totals.add(r.Source, figures{r.RequestCount, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.KnownCostNanos, r.UnknownCostRequests, r.EstimatedRequests, r.CacheWrite1hTokens, r.WebSearchRequests, r.ProviderCostMismatchRequests})
	}
	slices.SortFunc(out, func(a, b modelTotals) int {
		return cmp.Or(cmp.Compare(a.provider, b.provider), cmp.Compare(a.model, b.model))
	})
	return out, nil
}

// GetProviderUsageSummary returns totals per provider.
func (s *Service) GetProviderUsageSummary(ctx context.Context, req *connect.Request[bestchatv1.GetProviderUsageSummaryRequest]) (*connect.Response[bestchatv1.GetProviderUsageSummaryResponse], error) {
	user, sc, err := s.filtered(ctx, req.Msg.GetFilter(), nil)
	if err != nil {
		return nil, err
	}
	models, err := s.byModel(ctx, user, sc)
	if err != nil {
		return nil, err
	}
	type group struct {
		provider string
		totals   totals
		models   []string
	}
	var groups []*group
	for _, m := range models { // sorted by provider, then model
		if len(groups) == 0 || groups[len(groups)-1].provider != m.provider {
			groups = append(groups, &group{provider: m.provider})
		}
		g := groups[len(groups)-1]
		g.totals.merge(m.totals)
		g.models = append(g.models, m.model)
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		return cmp.Compare(b.totals.both().knownCost, a.totals.both().knownCost)
	})
	resp := &bestchatv1.GetProviderUsageSummaryResponse{}
	for _, g := range groups {
		resp.Providers = append(resp.Providers, &bestchatv1.ProviderUsageSummary{Provider: g.provider, Totals: g.totals.proto(), Models: g.models})
	}
	return connect.NewResponse(resp), nil
}

// defaultTopModels is GetTopModels' default limit.
const defaultTopModels = 10

// GetTopModels returns the models with the most cost, requests or tokens.
func (s *Service) GetTopModels(ctx context.Context, req *connect.Request[bestchatv1.GetTopModelsRequest]) (*connect.Response[bestchatv1.GetTopModelsResponse], error) {
	user, sc, err := s.filtered(ctx, req.Msg.GetFilter(), nil)
	if err != nil {
		return nil, err
	}
	models, err := s.byModel(ctx, user, sc)
	if err != nil {
		return nil, err
	}
	metric := func(t totals) int64 { return t.both().knownCost }
	switch req.Msg.GetOrderBy() {
	case bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_REQUESTS:
		metric = func(t totals) int64 { return t.both().requests }
	case bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_TOKENS:
		metric = func(t totals) int64 { return t.both().tokens() }
	}
	slices.SortStableFunc(models, func(a, b modelTotals) int { return cmp.Compare(metric(b.totals), metric(a.totals)) })
	limit := int(req.Msg.GetLimit())
	if limit == 0 {
		limit = defaultTopModels
	}
	resp := &bestchatv1.GetTopModelsResponse{}
	for _, m := range models[:min(limit, len(models))] {
		resp.Models = append(resp.Models, &bestchatv1.ModelUsage{Provider: m.provider, Model: m.model, Totals: m.totals.proto()})
	}
	return connect.NewResponse(resp), nil
}

// perDay sums the rollups of sc per local day of d.
func (s *Service) perDay(ctx context.Context, user string, sc scope, d days) ([]totals, error) {
	out := make([]totals, len(d.dates))
	if len(d.dates) == 0 || sc.empty() {
		return out, nil
	}
	rows, err := s.q.UsageByInterval(ctx, dbsqlc.UsageByIntervalParams{
		Bounds: d.bounds, UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
		ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
	})
	if err != nil {
		return nil, rpcerror.DB(err, "usage by day", "usage")
	}
	for _, r := range rows {
		i := int(r.Interval) - 1 // width_bucket counts from 1
		if i < 0 || i >= len(out) {
			continue // outside the days: cannot happen for a window inside them
		}
		out[i].add(r.Source, figures{r.RequestCount, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.KnownCostNanos, r.UnknownCostRequests, r.EstimatedRequests, r.CacheWrite1hTokens, r.WebSearchRequests, r.ProviderCostMismatchRequests})
	}
	return out, nil
}

// GetDailyUsageTrend returns totals for every local day of the window.
func (s *Service) GetDailyUsageTrend(ctx context.Context, req *connect.Request[bestchatv1.GetDailyUsageTrendRequest]) (*connect.Response[bestchatv1.GetDailyUsageTrendResponse], error) {
	var d days
	var loc *time.Location
	user, sc, err := s.filtered(ctx, req.Msg.GetFilter(), func(sc *scope, v *validation.Violations) {
		loc = loadZone(req.Msg.GetTimeZone(), "time_zone", v)
		d = dayWindow(sc, loc, v)
	})
	if err != nil {
		return nil, err
	}
	per, err := s.perDay(ctx, user, sc, d)
	if err != nil {
		return nil, err
	}
	resp := &bestchatv1.GetDailyUsageTrendResponse{TimeZone: loc.String()}
	for i, date := range d.dates {
		resp.Days = append(resp.Days, &bestchatv1.DailyUsage{Date: date, Totals: per[i].proto()})
	}
	return connect.NewResponse(resp), nil
}
