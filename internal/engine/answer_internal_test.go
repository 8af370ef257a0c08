package engine

import (
	"reflect"
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm"
)

// TestStepPartsJoinTextAroundSources: within a tool loop, the step's
// assistant message gives the model its text whole, without the sources
// that split it into parts.
func TestStepPartsJoinTextAroundSources(t *testing.T) {
	t.Parallel()
	text := func(s string) *answerPart {
		p := &answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT}
		p.text.WriteString(s)
		return p
	}
	source := &answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_SOURCE, source: &bestchatv1.SourcePart{Url: "https://a"}, closed: true}
	thought := &answerPart{kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING, signature: "s", closed: true}
	thought.text.WriteString("hm")
	a := answer{parts: []*answerPart{text("old"), thought, source, text("Rust "), source, source, text("is 10.")}, stepStart: 1}
	want := []llm.Part{{Type: llm.PartReasoning, Text: "hm", Signature: "s"}, llm.TextPart("Rust is 10.")}
	if got := a.stepParts(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

// TestSourceKey: a source is known by its URL, a document without one by
// its title and passage; a citation naming nothing is no source.
func TestSourceKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b     llm.Citation
		same, ok bool
	}{
		{llm.Citation{URL: "https://a", CitedText: "x"}, llm.Citation{URL: "https://a", CitedText: "y"}, true, true},
		{llm.Citation{URL: "https://a"}, llm.Citation{URL: "https://b"}, false, true},
		{llm.Citation{Title: "doc", CitedText: "x"}, llm.Citation{Title: "doc", CitedText: "x"}, true, true},
		{llm.Citation{Title: "doc", CitedText: "x"}, llm.Citation{Title: "doc", CitedText: "y"}, false, true},
		{llm.Citation{Title: "https://a"}, llm.Citation{URL: "https://a"}, false, true},
		{llm.Citation{}, llm.Citation{}, true, false},
	}
	for _, tt := range tests {
		ka, okA := sourceKey(&tt.a)
		kb, _ := sourceKey(&tt.b)
		if okA != tt.ok || (ka == kb) != tt.same {
			t.Errorf("%+v, %+v: keys %q, %q (ok %v); want same=%v ok=%v", tt.a, tt.b, ka, kb, okA, tt.same, tt.ok)
		}
	}
}
