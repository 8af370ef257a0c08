package chat_test

import (
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

// BenchmarkListConversationsPage measures the first and the last page of
// 50, the pinned and the archived ones, of a user with 5,000 conversations (issue 21's heavy user; 200,000
// other users' conversations beside them, enough that PostgreSQL switches
// a named statement to a generic plan), through the server over Connect,
// each call on the server's pooled connections as in production. Run with
// -bench ListConversationsPage.
func BenchmarkListConversationsPage(b *testing.B) {
	env := servertest.New(b, servertest.Options{})
	if _, err := env.Pool.Exec(servertest.Context(b), `SET session_replication_role = replica;
INSERT INTO conversations (user_id, title, created_at, updated_at, archived, pinned)
SELECT CASE WHEN i <= 5000 THEN 'heavy' ELSE 'other-' || (i % 2000) END, 'conversation ' || i,
       now() - i * interval '1 minute', now() - i * interval '1 minute', i % 13 = 0, i % 97 = 0
FROM generate_series(1, 205000) i;
SET session_replication_role = origin;
ANALYZE conversations;`); err != nil {
		b.Fatal(err)
	}
	c := env.Clients(b, servertest.Connect, "heavy")
	ctx := servertest.Context(b)
	// The token of the last page: walk the listing once.
	var tokens []string
	for token := ""; ; {
		resp, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageSize: 50, PageToken: token}))
		if err != nil {
			b.Fatal(err)
		}
		if token = resp.Msg.GetNextPageToken(); token == "" {
			break
		}
		tokens = append(tokens, token)
	}
	pinned := true
	for _, tt := range []struct {
		name string
		req  *bestchatv1.ListConversationsRequest
	}{
		{"first", &bestchatv1.ListConversationsRequest{PageSize: 50}},
		{"last", &bestchatv1.ListConversationsRequest{PageSize: 50, PageToken: tokens[len(tokens)-1]}},
		{"pinned", &bestchatv1.ListConversationsRequest{PageSize: 50, Pinned: &pinned}},
		{"archived-only", &bestchatv1.ListConversationsRequest{PageSize: 50, Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_ONLY}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			req := tt.req
			for b.Loop() {
				if _, err := c.Chat.ListConversations(ctx, connect.NewRequest(req)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
