package engine

import (
	"fmt"
	"strings"
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
)

// BenchmarkBuildRequest measures turning a stored branch into the
// provider-neutral request, which every turn does on the way to its first
// token.
func BenchmarkBuildRequest(b *testing.B) {
	e := &Engine{cfg: Config{MaxOutputTokens: 4096}}
	for _, n := range []int{1, 21, 101} {
		st := &started{}
		for i := range n {
			role := dbenum.RoleUser
			if i%2 == 1 {
				role = dbenum.RoleAssistant
			}
			c, _, err := message.EncodeContent([]*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: strings.Repeat("word ", 40)}}})
			if err != nil {
				b.Fatal(err)
			}
			st.history = append(st.history, dbsqlc.Message{Role: role, Content: c})
		}
		b.Run(fmt.Sprintf("%dmsgs", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = e.buildRequest(st, nil, nil, llm.ToolChoice{})
			}
		})
	}
}
