package llm

import (
	"bytes"
	"encoding/json"
)

// OpenRouter streams a reasoning model's reasoning both as text
// ("reasoning") and as reasoning_details: typed items (reasoning.text with
// the Anthropic signature that ends it, reasoning.encrypted with opaque
// data, reasoning.summary) that must go back, whole and in order, on the
// assistant message of a later request, or multi-turn tool use with such
// models fails (https://openrouter.ai/docs/use-cases/reasoning-tokens,
// "Preserving reasoning blocks"). A streamed item comes in pieces that
// share its index (its type and, for text, the next piece of the text);
// reasoningDetails joins the pieces back into the items.

// reasoningDetails gathers the reasoning_details items of a stream since
// the last flush.
type reasoningDetails struct {
	items []map[string]json.RawMessage
}

// joined are the fields whose pieces are appended; any other field of a
// later piece replaces the item's (the signature comes with the last).
var joined = map[string]bool{"text": true, "summary": true}

// add merges one streamed item: a piece of the last item when its index
// and type are the same, else a new item. An item that is not a JSON
// object is kept as it came.
func (r *reasoningDetails) add(raw json.RawMessage) {
	var item map[string]json.RawMessage
	if err := json.Unmarshal(raw, &item); err != nil || item == nil {
		item = map[string]json.RawMessage{"": bytes.Clone(raw)}
		r.items = append(r.items, item)
		return
	}
	if n := len(r.items); n > 0 {
		last := r.items[n-1]
		_, hasIndex := item["index"]
		if hasIndex && bytes.Equal(last["index"], item["index"]) && bytes.Equal(last["type"], item["type"]) {
			for k, v := range item {
				if joined[k] {
					var a, b string
					if json.Unmarshal(last[k], &a) == nil && json.Unmarshal(v, &b) == nil {
						v, _ = json.Marshal(a + b)
					}
				} else if bytes.Equal(v, []byte("null")) || bytes.Equal(v, []byte(`""`)) {
					continue
				}
				last[k] = v
			}
			return
		}
	}
	r.items = append(r.items, item)
}

// flush returns the items gathered as a JSON array ("" when none) and
// starts over.
func (r *reasoningDetails) flush() string {
	if len(r.items) == 0 {
		return ""
	}
	out := make([]json.RawMessage, len(r.items))
	for i, item := range r.items {
		if v, ok := item[""]; ok && len(item) == 1 {
			out[i] = v
			continue
		}
		b, err := json.Marshal(item)
		if err != nil {
			continue
		}
		out[i] = b
	}
	r.items = r.items[:0]
	b, err := json.Marshal(out)
	if err != nil {
		return ""
	}
	return string(b)
}
