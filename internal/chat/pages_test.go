package chat_test

import (
	"fmt"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/servertest"
)

func texts(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %d", prefix, i)
	}
	return out
}

// TestListMessagesPagesAcrossBranches pages through every branch of a tree
// with branch points near the root, in the middle and near the leaves, at
// several page sizes: each branch's messages come exactly once, root
// first.
func TestListMessagesPagesAcrossBranches(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConversation(t, c, "tree")
	convID := uuid.MustParse(conv.GetId())
	// main: 60 messages; long: 45 more under main[9] (depths 10-54, all
	// of them shared with main); late: 2 under main[57]; root2: a second
	// root with 3 messages; main last, so its leaf is the active one.
	main := seedChain(t, env.Pool, "alice", convID, nil, texts("main", 60)...)
	longBranch := seedChain(t, env.Pool, "alice", convID, &main[9], texts("long", 45)...)
	late := seedChain(t, env.Pool, "alice", convID, &main[57], texts("late", 2)...)
	root2 := seedChain(t, env.Pool, "alice", convID, nil, texts("root2", 3)...)
	if _, err := dbsqlc.New(env.Pool).SetActiveLeaf(servertest.Context(t), dbsqlc.SetActiveLeafParams{
		ActiveLeafID: uuid.NullUUID{UUID: main[59].ID, Valid: true}, ID: convID, UserID: "alice",
	}); err != nil {
		t.Fatal(err)
	}
	paths := map[string][]dbsqlc.Message{
		"main":  main,
		"long":  append(append([]dbsqlc.Message{}, main[:10]...), longBranch...),
		"late":  append(append([]dbsqlc.Message{}, main[:58]...), late...),
		"root2": root2,
	}
	list := func(t *testing.T, leaf string, size int32) []string {
		t.Helper()
		var got []string
		token := ""
		for range 200 {
			resp, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{
				ConversationId: conv.GetId(), LeafMessageId: leaf, PageSize: size, PageToken: token,
			}))
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Msg.GetMessages()) > int(size) && size > 0 {
				t.Fatalf("page of %d messages, asked for %d", len(resp.Msg.GetMessages()), size)
			}
			got = append(got, ids(resp.Msg.GetMessages())...)
			if token = resp.Msg.GetNextPageToken(); token == "" {
				return got
			}
		}
		t.Fatal("no last page after 200 pages")
		return nil
	}
	for name, path := range paths {
		for _, size := range []int32{1, 4, 7, 100} {
			t.Run(fmt.Sprintf("%s/%d", name, size), func(t *testing.T) {
				t.Parallel()
				leaf := path[len(path)-1].ID.String()
				if diff := cmp.Diff(dbIDs(path...), list(t, leaf, size)); diff != "" {
					t.Fatalf("(-want +got):\n%s", diff)
				}
			})
		}
	}
	t.Run("active branch", func(t *testing.T) {
		t.Parallel()
		if diff := cmp.Diff(dbIDs(main...), list(t, "", 9)); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
}

// TestListMessagesTokenIsBoundToItsListing: a page token only continues
// the listing it came from.
func TestListMessagesTokenIsBoundToItsListing(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			ctx := servertest.Context(t)
			alice, bob := "alice-"+string(p), "bob-"+string(p)
			a, b := env.Clients(t, p, alice), env.Clients(t, p, bob)
			conv := createConversation(t, a, "one")
			seedChain(t, env.Pool, alice, uuid.MustParse(conv.GetId()), nil, texts("m", 5)...)
			other := createConversation(t, a, "two")
			seedChain(t, env.Pool, alice, uuid.MustParse(other.GetId()), nil, texts("n", 5)...)
			bobs := createConversation(t, b, "bob's")
			seedChain(t, env.Pool, bob, uuid.MustParse(bobs.GetId()), nil, texts("b", 5)...)
			first, err := a.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), PageSize: 2}))
			if err != nil {
				t.Fatal(err)
			}
			token := first.Msg.GetNextPageToken()
			if token == "" {
				t.Fatal("no next page token")
			}
			// Another conversation of the same user.
			_, err = a.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: other.GetId(), PageToken: token}))
			if diff := cmp.Diff([]string{"page_token"}, violations(t, err)); diff != "" {
				t.Fatalf("other conversation: (-want +got):\n%s", diff)
			}
			// Another user, on the conversation the token is for.
			_, err = b.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), PageToken: token}))
			wantCode(t, err, connect.CodeNotFound)
			// Another user, on their own conversation.
			_, err = b.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: bobs.GetId(), PageToken: token}))
			if diff := cmp.Diff([]string{"page_token"}, violations(t, err)); diff != "" {
				t.Fatalf("other user's conversation: (-want +got):\n%s", diff)
			}
			// The owner continues where the first page stopped.
			next, err := a.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), PageToken: token, PageSize: 2}))
			if err != nil {
				t.Fatal(err)
			}
			if len(next.Msg.GetMessages()) != 2 || next.Msg.GetMessages()[0].GetParentId() != first.Msg.GetMessages()[1].GetId() {
				t.Fatalf("second page does not follow the first: %v", ids(next.Msg.GetMessages()))
			}
		})
	}
}
