package llm

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDocumentParts: Anthropic sends a document part as a base64 document
// block with its title and says it reads documents; the OpenAI-compatible
// adapter, which has no such block, refuses the request instead of
// dropping the document.
func TestDocumentParts(t *testing.T) {
	t.Parallel()
	req := &Request{Model: "m", Messages: []Message{{Role: RoleUser, Parts: []Part{
		TextPart("Summarise"), DocumentPart("doc.pdf", "application/pdf", "JVBERi0xLjQ="),
	}}}}

	a := NewAnthropic(AnthropicConfig{BaseURL: "http://127.0.0.1:1", APIKey: "k"})
	if _, ok := Provider(a).(DocumentReader); !ok {
		t.Fatal("Anthropic is not a DocumentReader")
	}
	params, _, err := a.buildParams(req)
	if err != nil {
		t.Fatalf("Anthropic: %v", err)
	}
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	var sent struct {
		Messages []struct {
			Content []any `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &sent); err != nil || len(sent.Messages) != 1 || len(sent.Messages[0].Content) != 2 {
		t.Fatalf("Anthropic body %s: %v", body, err)
	}
	var want any
	_ = json.Unmarshal([]byte(`{"type":"document","title":"doc.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQ="}}`), &want)
	if got := mustCompact(t, sent.Messages[0].Content[1]); got != mustCompact(t, want) {
		t.Fatalf("Anthropic document block = %s", got)
	}

	o := NewOpenAI(OpenAIConfig{BaseURL: "http://127.0.0.1:1/v1"})
	if _, ok := Provider(o).(DocumentReader); ok {
		t.Fatal("the OpenAI-compatible adapter claims to read documents")
	}
	if _, err := o.buildRequest(req); err == nil || !strings.Contains(err.Error(), "document") {
		t.Fatalf("OpenAI with a document part: %v, want a refusal", err)
	}
}

func mustCompact(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
