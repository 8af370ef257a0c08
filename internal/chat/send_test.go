package chat_test

import (
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

func TestSendMessageStreamsPersistsAndPrices(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{
		Tokens: []string{"Hel", "lo", ",", " wor", "ld", "!"}, ChunkSize: 7,
		Usage: &llmfake.Usage{Input: 1234, CacheRead: 4321, Output: 567},
	}
	env, up := genEnv(t, fastGen, script)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "gen-" + string(p)
			c := env.Clients(t, p, user)
			conv := createConv(t, c, "openai", "gpt-4o")
			evs, err := send(t, c, conv, "Say hello", "")
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range evs {
				if e.GetSeq() != int32(i+1) {
					t.Fatalf("event %d has seq %d", i, e.GetSeq())
				}
			}
			if evs[0].GetUserMessage().GetMessage().GetContent()[0].GetText() != "Say hello" || evs[1].GetAssistantStarted() == nil {
				t.Fatalf("first events = %v, %v", evs[0], evs[1])
			}
			if got := textOf(evs); got != script.Text() {
				t.Fatalf("streamed text %q, want %q", got, script.Text())
			}
			last := evs[len(evs)-1].GetCompleted()
			if last == nil || last.GetMessage().GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED ||
				last.GetFinishReason() != bestchatv1.FinishReason_FINISH_REASON_STOP {
				t.Fatalf("last event = %v", evs[len(evs)-1])
			}
			// gpt-4o: $2.50/M input, $1.25/M cached input, $10/M output:
			// 1234×2.5e9 + 4321×1.25e9 + 567×1e10 = 14,156,250 × 10^6.
			const wantCost = 14_156_250
			var usage *bestchatv1.UsageEvent
			for _, e := range evs {
				if e.GetUsage() != nil {
					usage = e.GetUsage()
				}
			}
			if usage == nil || usage.GetCostNanos() != wantCost || usage.CostNanos == nil || usage.GetEstimated() ||
				usage.GetUsage().GetInputTokens() != 1234 || usage.GetUsage().GetCacheReadTokens() != 4321 {
				t.Fatalf("usage event = %v", usage)
			}
			msg := last.GetMessage()
			if msg.GetCostNanos() != wantCost || msg.GetContent()[0].GetText() != script.Text() {
				t.Fatalf("final message = %v", msg)
			}
			ctx := servertest.Context(t)
			var rows, cost, daily, dailyCost, inPrice int64
			if err := env.Pool.QueryRow(ctx, `SELECT count(*), sum(cost_nanos), max(input_price_nanos_per_mtok) FROM usage_logs WHERE user_id = $1 AND NOT cost_estimated AND status = 'completed'`, user).Scan(&rows, &cost, &inPrice); err != nil {
				t.Fatal(err)
			}
			if err := env.Pool.QueryRow(ctx, `SELECT sum(request_count)::bigint, sum(known_cost_nanos)::bigint FROM usage_rollups WHERE user_id = $1`, user).Scan(&daily, &dailyCost); err != nil {
				t.Fatal(err)
			}
			if rows != 1 || cost != wantCost || inPrice != 2_500_000_000 || daily != 1 || dailyCost != wantCost {
				t.Fatalf("usage rows=%d cost=%d price=%d daily=%d/%d", rows, cost, inPrice, daily, dailyCost)
			}
			list, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
			if err != nil || len(list.Msg.GetMessages()) != 2 || list.Msg.GetMessages()[1].GetId() != msg.GetId() {
				t.Fatalf("branch after send: %v %v", list, err)
			}
		})
	}
	// Every call carried an output cap and asked for usage in the stream.
	for _, r := range up.Requests() {
		var body struct {
			MaxCompletionTokens int            `json:"max_completion_tokens"`
			StreamOptions       map[string]any `json:"stream_options"`
		}
		if err := r.JSON(&body); err != nil {
			t.Fatal(err)
		}
		if body.MaxCompletionTokens <= 0 || body.MaxCompletionTokens > 16384 || body.StreamOptions["include_usage"] != true {
			t.Fatalf("request body = %s", r.Body)
		}
	}
}

// TestDeleteConversationWhileGenerating: a conversation with an answer
// being generated is not deleted (its generation would have no row to
// settle into, and no usage row); once the answer is cancelled it is, and
// the usage of the cancelled call stays.
func TestDeleteConversationWhileGenerating(t *testing.T) {
	t.Parallel()
	// 30 s of answer, the test's whole deadline: the delete and the cancel
	// land while it streams however slow the machine (5 s of it were a
	// bet on the two RPCs' speed). The cancel ends it early.
	script := llmfake.Script{Tokens: words(300), Interval: 100 * time.Millisecond, Usage: &llmfake.Usage{Input: 10, Output: 300}}
	env, _ := genEnv(t, fastGen, script, script)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			ctx := servertest.Context(t)
			user := "deleter-" + string(p)
			c := env.Clients(t, p, user)
			conv := createConv(t, c, "openai", "gpt-4o")
			s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("long answer please")}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var msgID string
			for msgID == "" && s.Receive() {
				if d := s.Msg().GetEvent().GetTextDelta(); d != nil {
					msgID = s.Msg().GetEvent().GetMessageId()
				}
			}
			del := func() error {
				_, err := c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: conv}))
				return err
			}
			if err := del(); connect.CodeOf(err) != connect.CodeFailedPrecondition {
				t.Fatalf("delete while generating: %v, want FailedPrecondition", err)
			}
			if _, err := c.Chat.CancelGeneration(ctx, connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID})); err != nil {
				t.Fatal(err)
			}
			waitStatus(t, env, msgID, "cancelled")
			if err := del(); err != nil {
				t.Fatalf("delete after cancel: %v", err)
			}
			var rows int
			if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM usage_logs WHERE user_id = $1 AND status = 'cancelled'`, user).Scan(&rows); err != nil || rows != 1 {
				t.Fatalf("%d usage rows of the cancelled call, %v", rows, err)
			}
			if err := del(); connect.CodeOf(err) != connect.CodeNotFound {
				t.Fatalf("delete again: %v, want NotFound", err)
			}
		})
	}
}

func TestRequestIDIdempotency(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(4), Usage: &llmfake.Usage{Input: 3, Output: 4}}
	env, up := genEnv(t, fastGen, script)
	c := env.Clients(t, servertest.GRPC, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	first, err := send(t, c, conv, "once", "req-1")
	if err != nil {
		t.Fatal(err)
	}
	again, err := send(t, c, conv, "once", "req-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, again, cmp.Comparer(proto.Equal)); diff != "" {
		t.Fatalf("retry differs (-first +retry):\n%s", diff)
	}
	_, err = send(t, c, conv, "something else", "req-1")
	if connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("same id, other body: %v", err)
	}
	var users int
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT count(*) FROM messages WHERE conversation_id = $1 AND role = 'user'`, conv).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != 1 || len(up.Requests()) != 1 {
		t.Fatalf("%d user messages and %d provider calls, want 1 and 1", users, len(up.Requests()))
	}
}

func TestConcurrentDuplicateIsAborted(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(10)}
	env, up := genEnv(t, fastGen, script)
	// The provider holds the first turn's answer until the duplicate has
	// been refused: the turn is in flight all that time, however slow the
	// machine (a finished one is replayed instead, which a 500 ms answer
	// could be by the time a loaded machine sent the duplicate).
	refused := make(chan struct{})
	up.holdHeaders(func([]byte) <-chan struct{} { return refused })
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("x"), RequestId: "dup"}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Receive() {
		t.Fatal(s.Err())
	}
	_, err = send(t, c, conv, "x", "dup")
	if connect.CodeOf(err) != connect.CodeAborted {
		t.Fatalf("concurrent duplicate: %v, want Aborted", err)
	}
	close(refused)
	evs, err := collect[*bestchatv1.SendMessageResponse](s)
	if err != nil || textOf(evs) != script.Text() {
		t.Fatalf("the first turn, once answered: %q, %v", textOf(evs), err)
	}
}

func TestRegenerateMessage(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"first"}}, llmfake.Script{Tokens: []string{"second"}})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	evs, err := send(t, c, conv, "q", "")
	if err != nil {
		t.Fatal(err)
	}
	a1 := evs[len(evs)-1].GetCompleted().GetMessage()
	s, err := c.Chat.RegenerateMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.RegenerateMessageRequest{MessageId: a1.GetId()}))
	if err != nil {
		t.Fatal(err)
	}
	revs, err := collect[*bestchatv1.RegenerateMessageResponse](s)
	if err != nil {
		t.Fatal(err)
	}
	a2 := revs[len(revs)-1].GetCompleted().GetMessage()
	if revs[0].GetAssistantStarted() == nil || textOf(revs) != "second" || a2.GetParentId() != a1.GetParentId() || len(a2.GetSiblingIds()) != 2 {
		t.Fatalf("regenerated = %v", a2)
	}
	list, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
	if err != nil || list.Msg.GetMessages()[1].GetId() != a2.GetId() {
		t.Fatalf("active branch after regenerate: %v %v", list, err)
	}
}
