package engine

import (
	"strings"
	"testing"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/llm"
)

// TestWorstCostReservesImpliedSearches: a model that searches on every
// call (OpenRouter's ":online", OpenAI's search models) reserves its fee
// once on top of the tokens; any other model reserves no search, and an
// unknown fee counts as free.
func TestWorstCostReservesImpliedSearches(t *testing.T) {
	t.Parallel()
	// 300 bytes of text: (300 + 16 + 2) / 3 = 106 input tokens; 1000
	// output tokens. $1/M input, $2/M output: 106×1e9 + 1000×2e9 over
	// 10⁶ = 2,106,000 nano-USD.
	msg := llm.UserText(strings.Repeat("a", 300))
	price := catalog.Price{Input: catalog.NanosPerMillion(1_000_000_000), Output: catalog.NanosPerMillion(2_000_000_000)}
	withFee := price
	withFee.WebSearch = catalog.NanosPerRequest(27_500_000)
	tests := []struct {
		model string
		price catalog.Price
		want  int64
	}{
		{"gpt-4o-mini-search-preview", withFee, 2_106_000 + 27_500_000},
		{"openai/gpt-5-mini:online", withFee, 2_106_000 + 27_500_000},
		{"openai/gpt-5-mini", withFee, 2_106_000},
		{"gpt-4o-mini-search-preview", price, 2_106_000},
	}
	for _, tt := range tests {
		req := &llm.Request{Model: tt.model, Messages: []llm.Message{msg}, Params: llm.Params{MaxOutputTokens: 1000}}
		if got := worstCost(req, tt.price); got != tt.want {
			t.Errorf("worstCost(%s, fee known %v) = %d; want %d", tt.model, tt.price.WebSearch.Known(), got, tt.want)
		}
	}
}
