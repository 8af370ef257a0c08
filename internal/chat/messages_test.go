package chat_test

import (
	"slices"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/servertest"
)

func TestMessageTree(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "tree-" + string(p)
			c := env.Clients(t, p, user)
			ctx := servertest.Context(t)
			conv := createConversation(t, c, "tree")
			convID := uuid.MustParse(conv.GetId())
			chain := seedChain(t, env.Pool, user, convID, nil, "u1", "a1", "u2", "a2")
			u1, a1, u2, a2 := chain[0], chain[1], chain[2], chain[3]

			list := func(req *bestchatv1.ListMessagesRequest) []*bestchatv1.Message {
				t.Helper()
				req.ConversationId = conv.GetId()
				var all []*bestchatv1.Message
				for {
					resp, err := c.Chat.ListMessages(ctx, connect.NewRequest(req))
					if err != nil {
						t.Fatalf("ListMessages: %v", err)
					}
					all = append(all, resp.Msg.GetMessages()...)
					if resp.Msg.GetNextPageToken() == "" {
						return all
					}
					req.PageToken = resp.Msg.GetNextPageToken()
				}
			}
			if diff := cmp.Diff(dbIDs(u1, a1, u2, a2), ids(list(&bestchatv1.ListMessagesRequest{}))); diff != "" {
				t.Fatalf("active branch (-want +got):\n%s", diff)
			}
			// Paged one by one, the same branch.
			if diff := cmp.Diff(dbIDs(u1, a1, u2, a2), ids(list(&bestchatv1.ListMessagesRequest{PageSize: 1}))); diff != "" {
				t.Fatalf("paged branch (-want +got):\n%s", diff)
			}

			// Edit u2: a sibling branch becomes active.
			edited, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: u2.ID.String(), Content: text("u2 edited")}))
			if err != nil {
				t.Fatalf("EditMessage: %v", err)
			}
			e := edited.Msg.GetMessage()
			if e.GetParentId() != a1.ID.String() || e.GetRole() != bestchatv1.Role_ROLE_USER || e.GetContent()[0].GetText() != "u2 edited" {
				t.Fatalf("edited = %v", e)
			}
			if diff := cmp.Diff([]string{u2.ID.String(), e.GetId()}, e.GetSiblingIds()); diff != "" {
				t.Fatalf("sibling ids (-want +got):\n%s", diff)
			}
			msgs := list(&bestchatv1.ListMessagesRequest{PageSize: 2})
			if diff := cmp.Diff(append(dbIDs(u1, a1), e.GetId()), ids(msgs)); diff != "" {
				t.Fatalf("active branch after edit (-want +got):\n%s", diff)
			}
			if got := msgs[2].GetSiblingIds(); len(got) != 2 {
				t.Fatalf("listed sibling ids = %v", got)
			}
			// The old branch is still reachable through its leaf.
			if diff := cmp.Diff(dbIDs(u1, a1, u2, a2), ids(list(&bestchatv1.ListMessagesRequest{LeafMessageId: a2.ID.String()}))); diff != "" {
				t.Fatalf("old branch (-want +got):\n%s", diff)
			}
			// Editing an assistant message is refused.
			_, err = c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: a1.ID.String(), Content: text("x")}))
			wantCode(t, err, connect.CodeFailedPrecondition)

			stats, err := c.Chat.GetConversationStats(ctx, connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: conv.GetId()}))
			if err != nil {
				t.Fatal(err)
			}
			s := stats.Msg.GetStats()
			if s.GetMessageCount() != 5 || s.GetUserMessages() != 3 || s.GetAssistantMessages() != 2 || s.GetBranchCount() != 2 || s.GetFirstActivityTime() == nil {
				t.Fatalf("stats = %v", s)
			}

			// Deleting the edited message moves the active leaf to its parent.
			del, err := c.Chat.DeleteMessage(ctx, connect.NewRequest(&bestchatv1.DeleteMessageRequest{MessageId: e.GetId()}))
			if err != nil {
				t.Fatal(err)
			}
			if del.Msg.GetDeletedCount() != 1 || del.Msg.GetConversation().GetActiveLeafId() != a1.ID.String() {
				t.Fatalf("delete = %v", del.Msg)
			}
			// Deleting a subtree off the active branch leaves the leaf alone.
			del, err = c.Chat.DeleteMessage(ctx, connect.NewRequest(&bestchatv1.DeleteMessageRequest{MessageId: u2.ID.String()}))
			if err != nil {
				t.Fatal(err)
			}
			if del.Msg.GetDeletedCount() != 2 || del.Msg.GetConversation().GetActiveLeafId() != a1.ID.String() {
				t.Fatalf("delete subtree = %v", del.Msg)
			}
			// Deleting the root empties the conversation.
			del, err = c.Chat.DeleteMessage(ctx, connect.NewRequest(&bestchatv1.DeleteMessageRequest{MessageId: u1.ID.String()}))
			if err != nil {
				t.Fatal(err)
			}
			if del.Msg.GetDeletedCount() != 2 || del.Msg.GetConversation().GetActiveLeafId() != "" {
				t.Fatalf("delete root = %v", del.Msg)
			}
			if got := list(&bestchatv1.ListMessagesRequest{}); len(got) != 0 {
				t.Fatalf("messages after deleting root: %v", ids(got))
			}
			_, err = c.Chat.DeleteMessage(ctx, connect.NewRequest(&bestchatv1.DeleteMessageRequest{MessageId: u1.ID.String()}))
			wantCode(t, err, connect.CodeNotFound)
		})
	}
}

func TestEditFirstMessageMakesSecondRoot(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.Connect, "alice")
	ctx := servertest.Context(t)
	conv := createConversation(t, c, "roots")
	chain := seedChain(t, env.Pool, "alice", uuid.MustParse(conv.GetId()), nil, "first", "answer")
	resp, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: chain[0].ID.String(), Content: text("first, better")}))
	if err != nil {
		t.Fatal(err)
	}
	m := resp.Msg.GetMessage()
	if m.GetParentId() != "" || len(m.GetSiblingIds()) != 2 {
		t.Fatalf("edited root = %v", m)
	}
	list, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId()}))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{m.GetId()}, ids(list.Msg.GetMessages())); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestListMessagesDeepBranch(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.GRPC, "alice")
	conv := createConversation(t, c, "deep")
	texts := make([]string, 250)
	for i := range texts {
		texts[i] = "m"
	}
	chain := seedChain(t, env.Pool, "alice", uuid.MustParse(conv.GetId()), nil, texts...)
	var got []string
	token := ""
	for {
		resp, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), PageToken: token}))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(resp.Msg.GetMessages())...)
		if token = resp.Msg.GetNextPageToken(); token == "" {
			break
		}
	}
	if diff := cmp.Diff(dbIDs(chain...), got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestLinearAndBranchedPagesAgree: a conversation without branch points
// is read by depth (ListLinearPage), one with branches by walking the
// parent links (ListBranch); both give the same pages, oldest or newest
// first, to the leaf or to a message in the middle, and a branch made
// between the server's two statements sends the page to the walk.
func TestLinearAndBranchedPagesAgree(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConversation(t, c, "long")
	convID := uuid.MustParse(conv.GetId())
	texts := make([]string, 250)
	for i := range texts {
		texts[i] = "m"
	}
	chain := seedChain(t, env.Pool, "alice", convID, nil, texts...)
	last := chain[len(chain)-1].ID.String()
	// list pages through the branch to leaf (empty: the active one) and
	// returns the ids and the sibling counts, root first.
	list := func(t *testing.T, leaf string, newestFirst bool) (got []string, siblings []int) {
		t.Helper()
		token := ""
		for {
			resp, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{
				ConversationId: conv.GetId(), LeafMessageId: leaf, NewestFirst: newestFirst, PageSize: 100, PageToken: token,
			}))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range resp.Msg.GetMessages() {
				got = append(got, m.GetId())
				siblings = append(siblings, len(m.GetSiblingIds()))
			}
			if token = resp.Msg.GetNextPageToken(); token == "" {
				break
			}
		}
		if newestFirst {
			slices.Reverse(got)
			slices.Reverse(siblings)
		}
		return got, siblings
	}
	ones := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = 1
		}
		return out
	}
	check := func(t *testing.T, leaf string, want []dbsqlc.Message, wantSiblings []int) {
		t.Helper()
		for _, newestFirst := range []bool{false, true} {
			got, siblings := list(t, leaf, newestFirst)
			if diff := cmp.Diff(dbIDs(want...), got); diff != "" {
				t.Fatalf("newest first %v, ids (-want +got):\n%s", newestFirst, diff)
			}
			if diff := cmp.Diff(wantSiblings, siblings); diff != "" {
				t.Fatalf("newest first %v, sibling counts (-want +got):\n%s", newestFirst, diff)
			}
		}
	}
	t.Run("linear", func(t *testing.T) {
		check(t, "", chain, ones(250))
		check(t, chain[119].ID.String(), chain[:120], ones(120))
	})
	// A second answer to the 50th message: the conversation has a branch.
	seedChain(t, env.Pool, "alice", convID, &chain[48], "another answer")
	t.Run("the linear statement refuses a branched conversation", func(t *testing.T) {
		rows, err := dbsqlc.New(env.Pool).ListLinearPage(servertest.Context(t), dbsqlc.ListLinearPageParams{
			ConversationID: convID, UserID: "alice", LeafID: chain[len(chain)-1].ID, AfterDepth: -1, LastDepth: 100, RowLimit: 101,
		})
		if err != nil || len(rows) != 0 {
			t.Fatalf("%d rows, %v; want none", len(rows), err)
		}
	})
	t.Run("branched", func(t *testing.T) {
		wantSiblings := ones(250)
		wantSiblings[49] = 2
		check(t, last, chain, wantSiblings)
		check(t, chain[119].ID.String(), chain[:120], wantSiblings[:120])
	})
}
