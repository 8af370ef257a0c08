package llm

import (
	"encoding/json"
	"testing"
)

// TestReasoningDetailsJoinPieces: pieces of one item (same index and
// type) are joined, text appended and the signature kept from the piece
// that carries it; items of another index or type, items without an index
// and items that are not objects stay items of their own, in order.
func TestReasoningDetailsJoinPieces(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		pieces []string
		want   string
	}{
		{"none", nil, ""},
		{"pieces of one item", []string{
			`{"type":"reasoning.text","text":"a","index":0}`,
			`{"type":"reasoning.text","text":"b","signature":null,"index":0}`,
			`{"type":"reasoning.text","text":"","signature":"s","index":0}`,
		}, `[{"index":0,"signature":"s","text":"ab","type":"reasoning.text"}]`},
		{"another index or type", []string{
			`{"type":"reasoning.text","text":"a","index":0}`,
			`{"type":"reasoning.summary","summary":"b","index":0}`,
			`{"type":"reasoning.summary","summary":"c","index":0}`,
			`{"type":"reasoning.encrypted","data":"ZA==","index":1}`,
		}, `[{"index":0,"text":"a","type":"reasoning.text"},{"index":0,"summary":"bc","type":"reasoning.summary"},{"data":"ZA==","index":1,"type":"reasoning.encrypted"}]`},
		{"no index, not an object", []string{
			`{"type":"reasoning.text","text":"a"}`,
			`{"type":"reasoning.text","text":"b"}`,
			`"odd"`,
		}, `[{"text":"a","type":"reasoning.text"},{"text":"b","type":"reasoning.text"},"odd"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var r reasoningDetails
			for _, p := range tt.pieces {
				r.add(json.RawMessage(p))
			}
			if got := r.flush(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if again := r.flush(); again != "" {
				t.Errorf("a second flush gave %s", again)
			}
		})
	}
}
