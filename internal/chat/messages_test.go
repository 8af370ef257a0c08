package chat_test

import (
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
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
