package llm

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

var chunkSamples = []string{
	`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`,
	`{"id":"c","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}`,
	`{"choices":[{"index":0,"delta":{"content":"line\nbreak \"quoted\" \u00e9 \ud83d\ude00"}}]}`,
	`{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}`,
	`{"choices":[{"index":1,"delta":{"content":"other choice"}}]}`,
	`{"choices":[{"index":0,"delta":{"reasoning_content":"think"}}]}`,
	`{"choices":[{"index":0,"delta":{"reasoning":"think more"}}]}`,
	`{"choices":[{"index":0,"delta":{"reasoning_content":"a","reasoning":"b"}}]}`,
	`{"choices":[{"index":0,"delta":{"reasoning":{"text":"object"}}}]}`,
	`{"choices":[{"index":0,"delta":{"refusal":"no"}}]}`,
	`{"choices":[{"index":0,"delta":{"content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\""}}]}}]}`,
	`{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}`,
	`{"error":{"message":"overloaded","type":"server_error","code":"overloaded"}}`,
	`{"choices":[{"index":0,"message":{"content":"whole"},"finish_reason":"stop"}]}`,
	`{"Choices":[{"index":0,"delta":{"content":"case"}}]}`,
	`{"choices":[{"index":0,"delta":{"Content":"case"}}]}`,
	`{"choices":[{"index":0,"delta":{"content":"a"}}],"choices":[{"index":0,"delta":{"content":"b"}}]}`,
	`{"choices":[{"index":0.5,"delta":{"content":"x"}}]}`,
	`{"choices":[{"index":-1,"delta":{"content":"x"}}]}`,
	`{"choices":[{"index":0,"delta":{"content":"x"}}]} trailing`,
	`{"choices":[{"index":0,"delta":{"content":"bad utf8 ` + "\xff" + `"}}]}`,
	`{"choices":[{"index":0,"delta":{"content":"x"},"extra":{"nested":[1,2.5e3,true,false,null,"s\"q"]}}]}`,
	`{"choices":null}`,
	` { "choices" : [ { "index" : 0 , "delta" : { "content" : "spaced" } } ] } `,
	`{"choices":[{"index":0,"delta":{"content":"x"}}`,
	`[]`,
	``,
	`{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `,"choices":[{"index":0,"delta":{"content":"deep"}}]}`,
}

// normalised is what the stream reads from a chunk, whichever decoder ran.
func normalised(c openaiChunk) openaiChunk {
	for i := range c.Choices {
		d := &c.Choices[i].Delta
		if d.ReasoningContent == "" && len(d.Reasoning) > 0 && d.Reasoning[0] == '"' {
			_ = json.Unmarshal(d.Reasoning, &d.ReasoningContent)
		}
		d.Reasoning = nil
	}
	if len(c.Choices) == 0 {
		c.Choices = nil // an empty array and null read the same
	}
	return c
}

func checkFastDecode(t *testing.T, data []byte) {
	var fast openaiChunk
	if !decodeChunkFast(data, &fast) {
		return
	}
	var full openaiChunk
	if err := json.Unmarshal(data, &full); err != nil {
		t.Fatalf("fast path accepted %q, encoding/json refuses it: %v", data, err)
	}
	if !reflect.DeepEqual(normalised(fast), normalised(full)) {
		t.Fatalf("decoders differ on %q:\nfast %+v\nfull %+v", data, normalised(fast), normalised(full))
	}
}

func TestDecodeChunkFastMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	accepted := 0
	for _, s := range chunkSamples {
		checkFastDecode(t, []byte(s))
		var c openaiChunk
		if decodeChunkFast([]byte(s), &c) {
			accepted++
		}
	}
	// The common shapes take the fast path; the rest fall back.
	if accepted < 10 {
		t.Fatalf("fast path accepted only %d of %d samples", accepted, len(chunkSamples))
	}
	for _, s := range []string{chunkSamples[1], chunkSamples[3]} {
		var c openaiChunk
		if !decodeChunkFast([]byte(s), &c) {
			t.Errorf("fast path refused the common chunk %s", s)
		}
	}
}

// TestDecodeChunkFastBoundsNesting: a deeply nested value (here deeper
// than encoding/json accepts) goes to the full decoder instead of
// recursing without bound.
func TestDecodeChunkFastBoundsNesting(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{65, 10001, 1 << 20} {
		data := []byte(`{"x":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `,"choices":[]}`)
		var c openaiChunk
		if decodeChunkFast(data, &c) {
			t.Fatalf("fast path accepted a value nested %d deep", depth)
		}
	}
}

func FuzzDecodeChunkFast(f *testing.F) {
	for _, s := range chunkSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFastDecode(t, data) })
}

func BenchmarkDecodeChunk(b *testing.B) {
	data := []byte(chunkSamples[0])
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var c openaiChunk
			if !decodeChunkFast(data, &c) {
				b.Fatal("refused")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var c openaiChunk
			if err := json.Unmarshal(data, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
