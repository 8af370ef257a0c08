package usage

import (
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
)

// figures sums rollup rows of one source.
type figures struct {
	requests, input, output, cacheRead, cacheWrite, reasoning int64
	knownCost, unknownCost, estimated                         int64
	cacheWrite1h, webSearches, costMismatches                 int64
}

func (f *figures) add(o figures) {
	f.requests += o.requests
	f.input += o.input
	f.output += o.output
	f.cacheRead += o.cacheRead
	f.cacheWrite += o.cacheWrite
	f.reasoning += o.reasoning
	f.knownCost += o.knownCost
	f.unknownCost += o.unknownCost
	f.estimated += o.estimated
	f.cacheWrite1h += o.cacheWrite1h
	f.webSearches += o.webSearches
	f.costMismatches += o.costMismatches
}

// tokens is the sum of every kind (one-hour cache writes are already
// inside cacheWrite).
func (f figures) tokens() int64 {
	return f.input + f.output + f.cacheRead + f.cacheWrite + f.reasoning
}

func (f figures) proto() *bestchatv1.UsageFigures {
	out := &bestchatv1.UsageFigures{
		RequestCount: f.requests,
		Usage: &bestchatv1.TokenUsage{
			InputTokens: f.input, OutputTokens: f.output, CacheReadTokens: f.cacheRead,
			CacheWriteTokens: f.cacheWrite, ReasoningTokens: f.reasoning,
			OneHourCacheWriteTokens: f.cacheWrite1h, WebSearchRequests: f.webSearches,
		},
		KnownCostNanos: f.knownCost, UnknownCostRequests: f.unknownCost, EstimatedRequests: f.estimated,
		ProviderCostMismatchRequests: f.costMismatches,
	}
	if f.unknownCost == 0 {
		cost := f.knownCost
		out.CostNanos = &cost
	}
	return out
}

// totals keeps server-metered and client-reported figures apart.
type totals struct {
	metered, client figures
}

// add adds f to the figures of source ("server" or "client").
func (t *totals) add(source string, f figures) {
	if source == string(dbenum.SourceClient) {
		t.client.add(f)
		return
	}
	t.metered.add(f)
}

func (t *totals) merge(o totals) {
	t.metered.add(o.metered)
	t.client.add(o.client)
}

// both sums the two sources, for rankings only (never shown as a figure).
func (t totals) both() figures {
	b := t.metered
	b.add(t.client)
	return b
}

func (t totals) proto() *bestchatv1.UsageTotals {
	return &bestchatv1.UsageTotals{Metered: t.metered.proto(), ClientReported: t.client.proto()}
}
