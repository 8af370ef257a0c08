package validation

import (
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// BenchmarkValidateSendMessage measures the per-request validation cost on
// the path of every turn.
func BenchmarkValidateSendMessage(b *testing.B) {
	v, err := New()
	if err != nil {
		b.Fatal(err)
	}
	req := &bestchatv1.SendMessageRequest{
		ConversationId: "0b8e4a36-7d0c-4b5f-9f3c-1a2b3c4d5e6f",
		Content:        []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "Hello there, how are you today?"}}},
		RequestId:      "r-1",
	}
	for b.Loop() {
		if err := v.Validate(req); err != nil {
			b.Fatal(err)
		}
	}
}
