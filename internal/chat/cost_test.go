package chat_test

import (
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestUnknownCostIsUnset: a model whose price is unknown leaves cost_nanos
// unset on the usage event, the completed message and the stored one (a
// client shows "unknown", not $0); a priced model sets it.
func TestUnknownCostIsUnset(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"Hi."}, Usage: &llmfake.Usage{Input: 10, Output: 2}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			for model, wantKnown := range map[string]bool{"not-in-the-catalog": false, "gpt-4o": true} {
				c := env.Clients(t, p, "cost-"+model+"-"+string(p))
				conv := createConv(t, c, "openai", model)
				evs, err := send(t, c, conv, "hi", "")
				if err != nil {
					t.Fatal(err)
				}
				var usage *bestchatv1.UsageEvent
				for _, e := range evs {
					if u := e.GetUsage(); u != nil {
						usage = u
					}
				}
				done := evs[len(evs)-1].GetCompleted().GetMessage()
				list, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
				if err != nil {
					t.Fatal(err)
				}
				msgs := list.Msg.GetMessages()
				stored := msgs[len(msgs)-1]
				if (usage.CostNanos != nil) != wantKnown || (done.CostNanos != nil) != wantKnown || (stored.CostNanos != nil) != wantKnown {
					t.Fatalf("%s: cost set on usage %v, completed %v, stored %v; want %v", model, usage.CostNanos != nil, done.CostNanos != nil, stored.CostNanos != nil, wantKnown)
				}
				if wantKnown && (usage.GetCostNanos() <= 0 || done.GetCostNanos() != usage.GetCostNanos() || stored.GetCostNanos() != usage.GetCostNanos()) {
					t.Fatalf("%s: costs %d, %d, %d", model, usage.GetCostNanos(), done.GetCostNanos(), stored.GetCostNanos())
				}
				if u := msgs[len(msgs)-2]; u.GetRole() != bestchatv1.Role_ROLE_USER || u.CostNanos == nil || u.GetCostNanos() != 0 {
					t.Fatalf("user message cost %v, want 0", u.CostNanos)
				}
			}
		})
	}
}
