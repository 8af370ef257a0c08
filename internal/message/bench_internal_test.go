package message

import (
	"strings"
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// BenchmarkEncodeContent measures storing a message's content: every turn
// stores its user message and its answer.
func BenchmarkEncodeContent(b *testing.B) {
	parts := []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: strings.Repeat("word ", 40)}}}
	for _, path := range []struct {
		name   string
		encode func([]*bestchatv1.ContentPart) ([]byte, string, error)
	}{{"text", EncodeContent}, {"protojson", encodeContentJSON}} {
		b.Run(path.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := path.encode(parts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
