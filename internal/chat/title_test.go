package chat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// waitTitle waits for the conversation's title to be set and returns it.
func waitTitle(ctx context.Context, t *testing.T, c servertest.Clients, conv string) string {
	t.Helper()
	for {
		resp, err := c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: conv}))
		if err != nil {
			t.Fatal(err)
		}
		if title := resp.Msg.GetConversation().GetTitle(); title != "" {
			return title
		}
		select {
		case <-ctx.Done():
			t.Fatal("no title came")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// TestConversationIsTitled: after its first exchange an untitled
// conversation is named by its model (a call of its own, charged as
// purpose TITLE, cleaned of quotes and final period); a conversation
// titled by its user, a later exchange, a failed title call and a server
// with titles off make no title.
func TestConversationIsTitled(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.AutoTitle = true
	answer := llmfake.Script{Tokens: []string{"Paris is the capital."}}
	title := llmfake.Script{Tokens: []string{"\"Capital of ", "France.\"\nExtra line"}, Usage: &llmfake.Usage{Input: 40, Output: 5}}

	t.Run("titled", func(t *testing.T) {
		t.Parallel()
		env, up := genEnv(t, gen, answer, title, answer)
		c := env.Clients(t, servertest.Connect, "alice")
		ctx := servertest.Context(t)
		conv := createConv(t, c, "openai", "gpt-4o-mini")
		if _, err := send(t, c, conv, "What is the capital of France?", ""); err != nil {
			t.Fatal(err)
		}
		if got := waitTitle(ctx, t, c, conv); got != "Capital of France" {
			t.Fatalf("title = %q", got)
		}
		// The title call saw the question and the answer.
		texts := sentTexts(t, up, 1)
		if texts[0] != "Write" || texts[1] != "User:" {
			t.Fatalf("title call = %v", texts)
		}
		usage, err := c.Usage.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		var titled int
		for _, r := range usage.Msg.GetRecords() {
			if r.GetPurpose() == bestchatv1.UsagePurpose_USAGE_PURPOSE_TITLE && r.GetUsage().GetInputTokens() == 40 {
				titled++
			}
		}
		if titled != 1 {
			t.Fatalf("%d title usage records, want 1: %v", titled, usage.Msg.GetRecords())
		}
		// A second exchange: no second title call.
		if _, err := send(t, c, conv, "And of Spain?", ""); err != nil {
			t.Fatal(err)
		}
		if n := len(up.Requests()); n != 3 {
			t.Fatalf("%d provider calls, want 3 (answer, title, answer)", n)
		}
	})
	for _, tt := range []struct {
		name    string
		gen     bool
		title   string
		scripts []llmfake.Script
	}{
		{"titled by its user", true, "Mine", []llmfake.Script{answer, title}},
		{"titles off", false, "", []llmfake.Script{answer, title}},
		{"the title call fails", true, "", []llmfake.Script{answer, {Status: 400, ErrorMessage: "no"}}},
		{"the title call breaks mid-answer", true, "", []llmfake.Script{answer, {Tokens: []string{"Capital", " of"}, Fault: llmfake.FaultErrorEvent, FaultAfter: 1}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := fastGen
			g.AutoTitle = tt.gen
			env, up := genEnv(t, g, tt.scripts...)
			c := env.Clients(t, servertest.GRPC, "bob")
			ctx := servertest.Context(t)
			resp, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: tt.title, Provider: "openai", Model: "gpt-4o-mini"}))
			if err != nil {
				t.Fatal(err)
			}
			conv := resp.Msg.GetConversation().GetId()
			if _, err := send(t, c, conv, "What is the capital of France?", ""); err != nil {
				t.Fatal(err)
			}
			// Drain waits for a title call in flight; after it the
			// title is final.
			env.Engine.Drain(ctx)
			got, err := c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: conv}))
			if err != nil {
				t.Fatal(err)
			}
			if got.Msg.GetConversation().GetTitle() != tt.title {
				t.Fatalf("title = %q, want %q", got.Msg.GetConversation().GetTitle(), tt.title)
			}
			want := 1
			if strings.HasPrefix(tt.name, "the title call") {
				want = 2
			}
			if n := len(up.Requests()); n != want {
				t.Fatalf("%d provider calls, want %d", n, want)
			}
			// A title call the provider began to answer is charged, even
			// when it broke; one it refused is not.
			usage, err := c.Usage.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			var titled []*bestchatv1.UsageRecord
			for _, r := range usage.Msg.GetRecords() {
				if r.GetPurpose() == bestchatv1.UsagePurpose_USAGE_PURPOSE_TITLE {
					titled = append(titled, r)
				}
			}
			if tt.name == "the title call breaks mid-answer" {
				if len(titled) != 1 || titled[0].GetStatus() != bestchatv1.UsageStatus_USAGE_STATUS_FAILED || !titled[0].GetEstimated() {
					t.Fatalf("title usage records %v, want one failed, estimated", titled)
				}
			} else if len(titled) != 0 {
				t.Fatalf("title usage records %v, want none", titled)
			}
		})
	}
}

// TestSearchModelTitlesWithoutSearching: a conversation on a model that
// searches the web on every call (OpenAI's gpt-4o-mini-search-preview) is
// named by the same model without its search (gpt-4o-mini): the title
// call goes out with the base model and is charged its tokens at the base
// model's price, with no search fee ($27.50 per 1,000 searches, here three
// thousand times the title's tokens).
func TestSearchModelTitlesWithoutSearching(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.AutoTitle = true
	answer := llmfake.Script{Tokens: []string{"Found ", "it."}, Usage: &llmfake.Usage{Input: 500, Output: 200}}
	title := llmfake.Script{Tokens: []string{"Go release"}, Usage: &llmfake.Usage{Input: 40, Output: 5}}
	env, up := genEnv(t, gen, answer, title)
	c := env.Clients(t, servertest.Connect, "alice")
	ctx := servertest.Context(t)
	conv := createConv(t, c, "openai", "gpt-4o-mini-search-preview")
	if _, err := send(t, c, conv, "When did Go 1.26 come out?", ""); err != nil {
		t.Fatal(err)
	}
	if got := waitTitle(ctx, t, c, conv); got != "Go release" {
		t.Fatalf("title = %q", got)
	}
	env.Engine.Drain(ctx) // the title's charge is stored with its title
	var models []string
	for _, r := range up.Requests() {
		var body struct {
			Model string `json:"model"`
		}
		if err := r.JSON(&body); err != nil {
			t.Fatal(err)
		}
		models = append(models, body.Model)
	}
	if strings.Join(models, ",") != "gpt-4o-mini-search-preview,gpt-4o-mini" {
		t.Fatalf("the provider was asked for %v, want the search model, then its base for the title", models)
	}
	usage, err := c.Usage.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range usage.Msg.GetRecords() {
		switch r.GetPurpose() {
		case bestchatv1.UsagePurpose_USAGE_PURPOSE_TITLE:
			// 40 × 150 + 5 × 600 nano-USD at gpt-4o-mini's price.
			if r.GetModel() != "gpt-4o-mini" || r.GetUsage().GetWebSearchRequests() != 0 || r.GetCostNanos() != 9_000 {
				t.Errorf("title call: %s, %d searches, %d nano-USD; want gpt-4o-mini, none, 9000", r.GetModel(), r.GetUsage().GetWebSearchRequests(), r.GetCostNanos())
			}
		default:
			// The answer itself searched: 500 × 150 + 200 × 600 + 27,500,000.
			if r.GetModel() != "gpt-4o-mini-search-preview" || r.GetUsage().GetWebSearchRequests() != 1 || r.GetCostNanos() != 27_695_000 {
				t.Errorf("answer: %s, %d searches, %d nano-USD; want the search model, one, 27695000", r.GetModel(), r.GetUsage().GetWebSearchRequests(), r.GetCostNanos())
			}
		}
	}
	if n := len(usage.Msg.GetRecords()); n != 2 {
		t.Fatalf("%d usage records, want the answer and the title", n)
	}
}
