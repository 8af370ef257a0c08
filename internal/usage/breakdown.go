package usage

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// defaultBreakdownPage is GetCostBreakdown's default page size.
const defaultBreakdownPage = 50

// breakdownToken is GetCostBreakdown's page token: the sort key of the
// last item of a page and a digest of the request's other fields, so a
// token is refused with another filter, grouping or zone.
type breakdownToken struct {
	Cost   int64  `json:"c"`
	Key    string `json:"k"`
	Digest string `json:"d"`
}

func (t breakdownToken) encode() string {
	b, err := json.Marshal(t)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

const invalidPageToken = "invalid page token (it must come from the next_page_token of the same request)"

// digest fingerprints the fields of a breakdown request that a page token
// is bound to.
func digest(m *bestchatv1.GetCostBreakdownRequest) string {
	pinned := &bestchatv1.GetCostBreakdownRequest{Filter: m.GetFilter(), GroupBy: m.GetGroupBy(), TimeZone: m.GetTimeZone()}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(pinned)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// breakdownItem is a group with its sort key.
type breakdownItem struct {
	key    string // provider, provider + NUL + model or configuration id, conversation id or date
	cost   int64  // known cost of both sources (the ranking; DAY: unused)
	item   *bestchatv1.CostBreakdownItem
	totals totals
}

// GetCostBreakdown returns totals grouped by provider, model, provider
// configuration, conversation or local day, a page at a time.
func (s *Service) GetCostBreakdown(ctx context.Context, req *connect.Request[bestchatv1.GetCostBreakdownRequest]) (*connect.Response[bestchatv1.GetCostBreakdownResponse], error) {
	m := req.Msg
	var d days
	var after breakdownToken
	var hasAfter bool
	user, sc, err := s.filtered(ctx, m.GetFilter(), func(sc *scope, v *validation.Violations) {
		loc := loadZone(m.GetTimeZone(), "time_zone", v)
		if m.GetGroupBy() == bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY {
			d = dayWindow(sc, loc, v)
		}
		if tok := m.GetPageToken(); tok != "" {
			b, err := base64.RawURLEncoding.DecodeString(tok)
			if err != nil || json.Unmarshal(b, &after) != nil || after.Digest != digest(m) {
				v.Add("page_token", invalidPageToken)
			}
			hasAfter = true
		}
	})
	if err != nil {
		return nil, err
	}
	items, err := s.breakdown(ctx, user, sc, m.GetGroupBy(), d)
	if err != nil {
		return nil, err
	}
	resp := &bestchatv1.GetCostBreakdownResponse{}
	var all totals
	for _, it := range items {
		all.merge(it.totals)
	}
	resp.Totals = all.proto()
	byDay := m.GetGroupBy() == bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY
	order := func(a, b breakdownItem) int {
		if byDay {
			return cmp.Compare(a.key, b.key)
		}
		return cmp.Or(cmp.Compare(b.cost, a.cost), cmp.Compare(a.key, b.key))
	}
	slices.SortFunc(items, order)
	if hasAfter {
		cursor := breakdownItem{key: after.Key, cost: after.Cost}
		i, _ := slices.BinarySearchFunc(items, cursor, order)
		for i < len(items) && order(items[i], cursor) <= 0 {
			i++
		}
		items = items[i:]
	}
	size := int(m.GetPageSize())
	if size == 0 {
		size = defaultBreakdownPage
	}
	if len(items) > size {
		items = items[:size]
		last := items[size-1]
		resp.NextPageToken = breakdownToken{Cost: last.cost, Key: last.key, Digest: digest(m)}.encode()
	}
	for _, it := range items {
		it.item.Totals = it.totals.proto()
		resp.Items = append(resp.Items, it.item)
	}
	return connect.NewResponse(resp), nil
}

// breakdown returns every group of the grouping, unsorted.
func (s *Service) breakdown(ctx context.Context, user string, sc scope, dim bestchatv1.CostBreakdownDimension, d days) ([]breakdownItem, error) {
	var out []breakdownItem
	switch dim {
	case bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_PROVIDER, bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL:
		models, err := s.byModel(ctx, user, sc)
		if err != nil {
			return nil, err
		}
		for _, mt := range models { // sorted by provider, then model
			if dim == bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL {
				out = append(out, breakdownItem{key: mt.provider + "\x00" + mt.model, totals: mt.totals,
					item: &bestchatv1.CostBreakdownItem{Provider: mt.provider, Model: mt.model}})
				continue
			}
			if len(out) == 0 || out[len(out)-1].key != mt.provider {
				out = append(out, breakdownItem{key: mt.provider, item: &bestchatv1.CostBreakdownItem{Provider: mt.provider}})
			}
			out[len(out)-1].totals.merge(mt.totals)
		}
	case bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_CONVERSATION:
		if sc.empty() {
			break
		}
		rows, err := s.q.UsageByConversation(ctx, dbsqlc.UsageByConversationParams{
			UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
			ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
		})
		if err != nil {
			return nil, rpcerror.DB(err, "usage by conversation", "usage")
		}
		idx := map[string]int{}
		for _, r := range rows {
			key := ""
			if r.ConversationID.Valid {
				key = r.ConversationID.UUID.String()
			}
			i, ok := idx[key]
			if !ok {
				i = len(out)
				idx[key] = i
				out = append(out, breakdownItem{key: key, item: &bestchatv1.CostBreakdownItem{ConversationId: key, ConversationTitle: r.Title}})
			}
			out[i].totals.add(r.Source, figures{r.RequestCount, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.KnownCostNanos, r.UnknownCostRequests, r.EstimatedRequests, r.CacheWrite1hTokens, r.WebSearchRequests, r.ProviderCostMismatchRequests})
		}
	case bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_PROVIDER_CONFIG:
		if sc.empty() {
			break
		}
		rows, err := s.q.UsageByProviderConfig(ctx, dbsqlc.UsageByProviderConfigParams{
			UserID: user, StartTime: sc.start, EndTime: sc.end, Provider: sc.provider, Model: sc.model,
			ConversationID: sc.conversation, ProviderConfigID: sc.config, Source: sc.source, Status: sc.status,
		})
		if err != nil {
			return nil, rpcerror.DB(err, "usage by provider config", "usage")
		}
		idx := map[string]int{}
		for _, r := range rows {
			id := ""
			if r.ProviderConfigID.Valid {
				id = r.ProviderConfigID.UUID.String()
			}
			key := r.Provider + "\x00" + id
			i, ok := idx[key]
			if !ok {
				i = len(out)
				idx[key] = i
				out = append(out, breakdownItem{key: key, item: &bestchatv1.CostBreakdownItem{Provider: r.Provider, ProviderConfigId: id}})
			}
			out[i].totals.add(r.Source, figures{r.RequestCount, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.KnownCostNanos, r.UnknownCostRequests, r.EstimatedRequests, r.CacheWrite1hTokens, r.WebSearchRequests, r.ProviderCostMismatchRequests})
		}
	case bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY:
		per, err := s.perDay(ctx, user, sc, d)
		if err != nil {
			return nil, err
		}
		for i, t := range per {
			if t.metered.requests+t.client.requests == 0 {
				continue
			}
			out = append(out, breakdownItem{key: d.dates[i], totals: t, item: &bestchatv1.CostBreakdownItem{Date: d.dates[i]}})
		}
	}
	for i := range out {
		out[i].cost = out[i].totals.both().knownCost
	}
	return out, nil
}
