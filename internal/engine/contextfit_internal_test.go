package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/llm"
)

// TestFitSegments: whole exchanges go, oldest first after the first one,
// then the first; the current exchange always stays; an answer's tool
// calls and results go or stay together with it.
func TestFitSegments(t *testing.T) {
	t.Parallel()
	seg := func(name string, user bool, tokens int64) segment {
		msgs := []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.TextPart(name)}}}
		if !user { // an answer with a tool call and its result
			msgs = []llm.Message{
				{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: name + "-call", Name: "calc"}}},
				llm.ToolResult(name+"-call", "42", false),
				{Role: llm.RoleAssistant, Parts: []llm.Part{llm.TextPart(name)}},
			}
		}
		return segment{id: uuid.New(), user: user, msgs: msgs, tokens: tokens}
	}
	names := func(segs []segment) []string {
		var out []string
		for _, s := range segs {
			out = append(out, s.msgs[len(s.msgs)-1].Text())
		}
		return out
	}
	conv := []segment{seg("u0", true, 10), seg("a0", false, 10), seg("u1", true, 10), seg("a1", false, 10),
		seg("u2", true, 10), seg("a2", false, 10), seg("u3", true, 10)}
	tests := []struct {
		name     string
		segs     []segment
		system   int64
		budget   int64
		want     []string
		affected int
	}{
		{"fits", conv, 0, 70, []string{"u0", "a0", "u1", "a1", "u2", "a2", "u3"}, 0},
		{"unknown window", conv, 0, 0, []string{"u0", "a0", "u1", "a1", "u2", "a2", "u3"}, 0},
		{"one exchange goes", conv, 0, 60, []string{"u0", "a0", "u2", "a2", "u3"}, 2},
		{"the system prompt counts", conv, 20, 60, []string{"u0", "a0", "u3"}, 4},
		{"then the first", conv, 0, 20, []string{"u3"}, 6},
		{"the current exchange stays over budget", conv, 0, 5, []string{"u3"}, 6},
		{"a single exchange is never cut", conv[:2], 0, 5, []string{"u0", "a0"}, 0},
		{"an answer without its question leads", conv[1:], 0, 40, []string{"a0", "u2", "a2", "u3"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			kept, fit := fitSegments(tt.segs, tt.system, tt.budget)
			if diff := cmp.Diff(tt.want, names(kept)); diff != "" {
				t.Fatalf("kept (-want +got):\n%s", diff)
			}
			if tt.affected == 0 {
				if fit != nil {
					t.Fatalf("fit = %+v, want none", fit)
				}
				return
			}
			if fit == nil || fit.messagesAffected != tt.affected || fit.strategy != dbenum.StrategyTruncate {
				t.Fatalf("fit = %+v, want %d messages affected", fit, tt.affected)
			}
			after := tt.system
			for _, s := range kept {
				after += s.tokens
			}
			if fit.tokensAfter != after {
				t.Errorf("tokensAfter = %d, want %d", fit.tokensAfter, after)
			}
			// Every kept call has its result right after it.
			msgs := flatten(kept)
			for i, m := range msgs {
				for _, c := range m.ToolCalls {
					if i+1 >= len(msgs) || msgs[i+1].ToolCallID != c.ID {
						t.Errorf("call %s lost its result", c.ID)
					}
				}
			}
		})
	}
}

// TestEstimateTokens: text by bytes with a margin, media at a flat price.
func TestEstimateTokens(t *testing.T) {
	t.Parallel()
	text := []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.TextPart(string(make([]byte, 4000)))}}}
	if got := estimateTokens(text); got != (4+1000)*110/100 {
		t.Errorf("4,000 bytes: %d tokens", got)
	}
	img := []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.ImageDataPart("image/png", string(make([]byte, 1<<20)))}}}
	if got := estimateTokens(img); got != (4+mediaTokens)*110/100 {
		t.Errorf("an image: %d tokens, want the flat price whatever its bytes", got)
	}
}
