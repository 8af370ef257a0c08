package usage

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/engine"
)

// Charger charges provider calls; it implements engine.Charger.
type Charger struct{}

var _ engine.Charger = Charger{}

// chargedCall is one element of ChargeCalls' JSON array: a usage row.
// Nil pointers are SQL NULLs.
type chargedCall struct {
	UserID            string              `json:"user_id"`
	ConversationID    *uuid.UUID          `json:"conversation_id"`
	MessageID         *uuid.UUID          `json:"message_id"`
	ProviderConfigID  *uuid.UUID          `json:"provider_config_id"`
	Provider          string              `json:"provider"`
	Model             string              `json:"model"`
	InputTokens       int64               `json:"input_tokens"`
	OutputTokens      int64               `json:"output_tokens"`
	CacheReadTokens   int64               `json:"cache_read_tokens"`
	CacheWriteTokens  int64               `json:"cache_write_tokens"`
	ReasoningTokens   int64               `json:"reasoning_tokens"`
	CacheWrite1h      int64               `json:"cache_write_1h_tokens"`
	WebSearches       int64               `json:"web_search_requests"`
	CostNanos         *int64              `json:"cost_nanos"`
	InputPrice        *int64              `json:"input_price"`
	OutputPrice       *int64              `json:"output_price"`
	CacheReadPrice    *int64              `json:"cache_read_price"`
	CacheWritePrice   *int64              `json:"cache_write_price"`
	ReasoningPrice    *int64              `json:"reasoning_price"`
	CacheWrite1hPrice *int64              `json:"cache_write_1h_price"`
	WebSearchPrice    *int64              `json:"web_search_price"`
	ProviderCost      *int64              `json:"provider_cost_nanos"`
	CostEstimated     bool                `json:"cost_estimated"`
	Status            dbenum.UsageStatus  `json:"status"`
	LatencyMs         int64               `json:"latency_ms"`
	TTFTMs            *int64              `json:"ttft_ms"`
	Purpose           dbenum.UsagePurpose `json:"purpose,omitempty"`
	Step              int32               `json:"step"`
}

// Charge stores one usage row per call, with its price snapshot and cost
// (NULL when a price it needs is unknown) and the cost the provider
// reported (NULL when none; the row's provider_cost_mismatch compares the
// two), and adds the calls to the rollups, in one statement queued on q
// (the caller's transaction, or the settle's batch); done reads its
// outcome (engine.Charger).
func (Charger) Charge(ctx context.Context, q *dbsqlc.Queries, calls []engine.Call) (done func() error) {
	if len(calls) == 0 {
		return func() error { return nil }
	}
	rows := make([]chargedCall, len(calls))
	for i, c := range calls {
		rows[i] = row(c)
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return func() error { return fmt.Errorf("charge calls: %w", err) }
	}
	res := q.ChargeCalls(ctx, [][]byte{b})
	return func() error {
		var n int64
		var err error
		res.QueryRow(func(_ int, count int64, e error) { n, err = count, e })
		if err != nil {
			return fmt.Errorf("charge calls: %w", err)
		}
		if n != int64(len(calls)) {
			return fmt.Errorf("charge calls: stored %d of %d usage rows", n, len(calls))
		}
		return nil
	}
}

// rate is a price snapshot column: NULL when unknown.
func rate(r catalog.Rate) *int64 {
	if v, ok := r.NanosPerMillion(); ok {
		return &v
	}
	return nil
}

// fee is a per-request price snapshot column: NULL when unknown.
func fee(f catalog.Fee) *int64 {
	if v, ok := f.NanosPerRequest(); ok {
		return &v
	}
	return nil
}

// row is the usage row of call c.
func row(c engine.Call) chargedCall {
	out := chargedCall{
		UserID: c.UserID, Provider: c.Provider, Model: c.Model,
		InputTokens: c.Usage.Input, OutputTokens: c.Usage.Output, CacheReadTokens: c.Usage.CacheRead,
		CacheWriteTokens: c.Usage.CacheWrite, ReasoningTokens: c.Usage.Reasoning,
		InputPrice: rate(c.Price.Input), OutputPrice: rate(c.Price.Output), CacheReadPrice: rate(c.Price.CacheRead),
		CacheWritePrice: rate(c.Price.CacheWrite), ReasoningPrice: rate(c.Price.Reasoning),
		CacheWrite1h: c.Usage.CacheWrite1h, WebSearches: c.Usage.WebSearchRequests,
		CacheWrite1hPrice: rate(c.Price.CacheWrite1h), WebSearchPrice: fee(c.Price.WebSearch),
		CostEstimated: c.Estimated, Status: c.Status, LatencyMs: c.Latency.Milliseconds(), Purpose: c.Purpose, Step: c.Step,
	}
	if c.ConversationID != uuid.Nil {
		out.ConversationID = &c.ConversationID
	}
	if c.MessageID != uuid.Nil {
		out.MessageID = &c.MessageID
	}
	if c.ConfigID != uuid.Nil {
		out.ProviderConfigID = &c.ConfigID
	}
	if cost, known := c.Cost(); known {
		out.CostNanos = &cost
	}
	if c.ProviderCostKnown {
		pc := c.ProviderCostNanos
		out.ProviderCost = &pc
	}
	if c.Output {
		ms := c.TTFT.Milliseconds()
		out.TTFTMs = &ms
	}
	return out
}
