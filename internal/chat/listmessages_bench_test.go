package chat_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/servertest"
)

// BenchmarkListMessagesPage measures one page of 100 messages deep in a
// long branch (texts of 50–2,000 characters, about 100 KB a page, as in
// cmd/benchscale's 5,000-message conversation), through the server over
// each protocol, with and without the client asking for gzip, and the
// page's statements alone: what the server adds to the page's SQL. Run with -bench ListMessagesPage.
func BenchmarkListMessagesPage(b *testing.B) {
	env := servertest.New(b, servertest.Options{})
	rng := rand.New(rand.NewPCG(7, 21))
	texts := make([]string, 400)
	for i := range texts {
		n := 50 + rng.IntN(1951)
		var sb strings.Builder
		for sb.Len() < n {
			sb.WriteString(benchWords[rng.IntN(len(benchWords))])
			sb.WriteByte(' ')
		}
		texts[i] = sb.String()[:n]
	}
	c := env.Clients(b, servertest.Connect, "pager")
	created, err := c.Chat.CreateConversation(servertest.Context(b), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "simulated", Model: "simulated"}))
	if err != nil {
		b.Fatal(err)
	}
	conv := created.Msg.GetConversation().GetId()
	chain := servertest.SeedChain(b, env.Pool, "pager", uuid.MustParse(conv), nil, texts...)
	// The page's statements alone, on the server's pool: what PostgreSQL
	// and pgx take of the figures below. The conversation has no branch
	// point, so the server reads it with ListLinearPage; ListBranch is what
	// a conversation with branches costs.
	q := dbsqlc.New(env.Pool)
	p := dbsqlc.ListBranchParams{AfterDepth: 99, LastDepth: 200, RowLimit: 101, LeafID: chain[len(chain)-1].ID, UserID: "pager", ConversationID: uuid.MustParse(conv)}
	b.Run("sql/branch", func(b *testing.B) {
		for b.Loop() {
			rows, err := q.ListBranch(servertest.Context(b), p)
			if err != nil || len(rows) != 101 {
				b.Fatalf("page: %d rows, %v", len(rows), err)
			}
		}
	})
	b.Run("sql/linear", func(b *testing.B) {
		lp := dbsqlc.ListLinearPageParams{AfterDepth: p.AfterDepth, LastDepth: p.LastDepth, RowLimit: p.RowLimit, LeafID: p.LeafID, UserID: p.UserID, ConversationID: p.ConversationID}
		for b.Loop() {
			rows, err := q.ListLinearPage(servertest.Context(b), lp)
			if err != nil || len(rows) != 101 {
				b.Fatalf("page: %d rows, %v", len(rows), err)
			}
		}
	})
	for _, p := range []servertest.Protocol{servertest.Connect, servertest.GRPC} {
		for _, gzip := range []bool{true, false} {
			name := string(p) + "/gzip"
			var opts []connect.ClientOption
			if !gzip {
				name = string(p) + "/identity"
				opts = append(opts, connect.WithAcceptCompression("gzip", nil, nil))
			}
			b.Run(name, func(b *testing.B) {
				hc, base := env.ClientOptions(p, env.Token(b, "pager"))
				cl := bestchatv1connect.NewChatServiceClient(hc, env.URL, append(base, opts...)...)
				ctx := servertest.Context(b)
				first, err := cl.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv, PageSize: 100}))
				if err != nil {
					b.Fatal(err)
				}
				req := &bestchatv1.ListMessagesRequest{ConversationId: conv, PageSize: 100, PageToken: first.Msg.GetNextPageToken()}
				b.ResetTimer()
				for b.Loop() {
					resp, err := cl.ListMessages(ctx, connect.NewRequest(req))
					if err != nil || len(resp.Msg.GetMessages()) != 100 {
						b.Fatalf("page: %d messages, %v", len(resp.Msg.GetMessages()), err)
					}
				}
			})
		}
	}
}

var benchWords = strings.Fields("the database keeps every answer while the model streams tokens to a client that may leave and come back later to read the rest of a long conversation about budgets caches and tools")
