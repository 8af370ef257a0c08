package engine_test

import (
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestSettleFailingChargeWritesNothing: the charge, the last statement of
// the settle's batch, fails every time (a trigger of the test's database
// refuses usage rows). The settle's transaction rolls back whole: the
// answer stays unsettled (streaming, its text not stored), the budget's
// hold stays open, no usage row and no spend are written; the stream ends
// with Internal and no Completed event.
func TestSettleFailingChargeWritesNothing(t *testing.T) {
	t.Parallel()
	w := wires[0]
	fake := llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"never", " stored"}, Usage: &llmfake.Usage{Input: 3, Output: 2}})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	env := servertest.New(t, servertest.Options{Env: w.env(srv.URL), Generation: loopGen})
	ctx := servertest.Context(t)
	c := env.Clients(t, servertest.Connect, "charge-fails")
	if _, err := c.Usage.SetBudget(ctx, connect.NewRequest(&bestchatv1.SetBudgetRequest{
		Budget: &bestchatv1.Budget{Month: &bestchatv1.BudgetWindow{LimitNanos: new(int64(1_000_000_000_000))}},
	})); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Pool.Exec(ctx, `
CREATE FUNCTION refuse_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'injected charge failure';
END $$;
CREATE TRIGGER refuse_usage BEFORE INSERT ON usage_logs FOR EACH ROW EXECUTE FUNCTION refuse_usage();`); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: w.name, Model: w.model}))
	if err != nil {
		t.Fatal(err)
	}
	conv := resp.Msg.GetConversation().GetId()
	events, done := send(t, c, conv)
	var completed bool
	for ev := range events {
		completed = completed || ev.GetCompleted() != nil
	}
	if err := <-done; connect.CodeOf(err) != connect.CodeInternal || completed {
		t.Fatalf("stream ended with %v (completed: %v), want Internal without Completed", err, completed)
	}
	var status, text string
	var usageRows, openHolds, spent int64
	if err := env.Pool.QueryRow(ctx, `
SELECT m.status, m.text_content,
  (SELECT count(*) FROM usage_logs u WHERE u.user_id = m.user_id),
  (SELECT count(*) FROM budget_reservations r WHERE r.user_id = m.user_id AND r.settled_at IS NULL),
  (SELECT coalesce(sum(b.month_spent_nanos), 0) FROM budgets b WHERE b.user_id = m.user_id)
FROM messages m WHERE m.conversation_id = $1 AND m.role = 'assistant'`, conv).Scan(&status, &text, &usageRows, &openHolds, &spent); err != nil {
		t.Fatal(err)
	}
	if status != "streaming" || text != "" || usageRows != 0 || openHolds == 0 || spent != 0 {
		t.Fatalf("after a failed settle: status %q, text %q, %d usage rows, %d open holds, spent %d; want streaming, empty, 0, > 0, 0",
			status, text, usageRows, openHolds, spent)
	}
}
