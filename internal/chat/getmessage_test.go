package chat_test

import (
	"sync"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestGetMessage: GetMessage returns exactly what ListMessages shows for
// the same message, siblings included; another user's message and a
// missing one are NOT_FOUND, a malformed id INVALID_ARGUMENT.
func TestGetMessage(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "getmsg-" + string(p)
			c := env.Clients(t, p, user)
			ctx := servertest.Context(t)
			conv := createConversation(t, c, "get")
			chain := seedChain(t, env.Pool, user, uuid.MustParse(conv.GetId()), nil, "u1", "a1")
			// A sibling of u1: a second branch.
			if _, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: chain[0].ID.String(), Content: text("u1 again")})); err != nil {
				t.Fatalf("EditMessage: %v", err)
			}
			listed, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{
				ConversationId: conv.GetId(), LeafMessageId: chain[1].ID.String(),
			}))
			if err != nil {
				t.Fatalf("ListMessages: %v", err)
			}
			for _, want := range listed.Msg.GetMessages() {
				got, err := c.Chat.GetMessage(ctx, connect.NewRequest(&bestchatv1.GetMessageRequest{MessageId: want.GetId()}))
				if err != nil {
					t.Fatalf("GetMessage(%s): %v", want.GetId(), err)
				}
				if diff := cmp.Diff(want, got.Msg.GetMessage(), protocmp.Transform()); diff != "" {
					t.Errorf("GetMessage differs from ListMessages (-list +get):\n%s", diff)
				}
			}
			if n := len(listed.Msg.GetMessages()[0].GetSiblingIds()); n != 2 {
				t.Errorf("u1 has %d sibling ids, want 2 (itself and its edit)", n)
			}

			other := env.Clients(t, p, "getmsg-other-"+string(p))
			tests := []struct {
				name   string
				c      servertest.Clients
				id     string
				code   connect.Code
				reason string
			}{
				{"another user's message", other, chain[0].ID.String(), connect.CodeNotFound, rpcerror.ReasonNotFound},
				{"missing message", c, uuid.NewString(), connect.CodeNotFound, rpcerror.ReasonNotFound},
				{"malformed id", c, "42", connect.CodeInvalidArgument, rpcerror.ReasonValidationFailed},
				{"empty id", c, "", connect.CodeInvalidArgument, rpcerror.ReasonValidationFailed},
			}
			for _, tt := range tests {
				_, err := tt.c.Chat.GetMessage(ctx, connect.NewRequest(&bestchatv1.GetMessageRequest{MessageId: tt.id}))
				if connect.CodeOf(err) != tt.code || rpcerror.Reason(err) != tt.reason {
					t.Errorf("%s: got %v (reason %q), want %v %s", tt.name, err, rpcerror.Reason(err), tt.code, tt.reason)
				}
			}
		})
	}
}

// TestCreateConversationIsIdempotent: a retry with the same request_id
// returns the first call's conversation, even when the retries race; the
// same id with other fields is refused; request ids are per user; once
// the conversation is deleted its id is free again.
func TestCreateConversationIsIdempotent(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "idem-" + string(p)
			c := env.Clients(t, p, user)
			ctx := servertest.Context(t)
			req := func() *bestchatv1.CreateConversationRequest {
				return &bestchatv1.CreateConversationRequest{Title: "once", SystemPrompt: "be brief", RequestId: "create-1"}
			}

			// Eight racing retries: one conversation.
			const n = 8
			got := make([]string, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, err := c.Chat.CreateConversation(ctx, connect.NewRequest(req()))
					if err != nil {
						t.Errorf("CreateConversation %d: %v", i, err)
						return
					}
					got[i] = resp.Msg.GetConversation().GetId()
				}()
			}
			wg.Wait()
			for i := range n {
				if got[i] != got[0] || got[i] == "" {
					t.Fatalf("retries made different conversations: %v", got)
				}
			}
			list, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Msg.GetConversations()) != 1 {
				t.Fatalf("%d conversations after %d retries, want 1", len(list.Msg.GetConversations()), n)
			}

			// The same id with another title: refused, nothing created.
			changed := req()
			changed.Title = "twice"
			_, err = c.Chat.CreateConversation(ctx, connect.NewRequest(changed))
			if connect.CodeOf(err) != connect.CodeInvalidArgument || rpcerror.Reason(err) != rpcerror.ReasonRequestIDReused {
				t.Fatalf("reused request_id: got %v, want INVALID_ARGUMENT REQUEST_ID_REUSED", err)
			}

			// Another user's same id is theirs.
			theirs, err := env.Clients(t, p, "idem-other-"+string(p)).Chat.CreateConversation(ctx, connect.NewRequest(req()))
			if err != nil {
				t.Fatal(err)
			}
			if theirs.Msg.GetConversation().GetId() == got[0] {
				t.Fatal("another user's request_id returned this user's conversation")
			}

			// Without a request_id: a new conversation each time.
			a, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "once"}))
			if err != nil {
				t.Fatal(err)
			}
			b, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "once"}))
			if err != nil {
				t.Fatal(err)
			}
			if a.Msg.GetConversation().GetId() == b.Msg.GetConversation().GetId() {
				t.Fatal("two creates without request_id returned one conversation")
			}

			// Deleted, then sent again: the id is free, a new conversation.
			if _, err := c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: got[0]})); err != nil {
				t.Fatal(err)
			}
			again, err := c.Chat.CreateConversation(ctx, connect.NewRequest(req()))
			if err != nil || again.Msg.GetConversation().GetId() == got[0] {
				t.Fatalf("create after delete: %v, %v; want a new conversation", again, err)
			}
		})
	}
}

// TestSwitchBranch: UpdateConversation's active_leaf_id moves the active
// branch to the path through the named message down to its newest
// descendant; ListMessages follows it; a message of another conversation
// or user is refused and changes nothing.
func TestSwitchBranch(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "switch-" + string(p)
			c := env.Clients(t, p, user)
			ctx := servertest.Context(t)
			conv := createConversation(t, c, "branches")
			convID := uuid.MustParse(conv.GetId())
			main := seedChain(t, env.Pool, user, convID, nil, "u1", "a1", "u2", "a2")
			side := seedChain(t, env.Pool, user, convID, &main[1], "u2b", "a2b")
			elsewhere := seedChain(t, env.Pool, user, uuid.MustParse(createConversation(t, c, "other").GetId()), nil, "x")
			theirConv := createConversation(t, env.Clients(t, p, "switch-other-"+string(p)), "theirs")

			switchTo := func(id string) (*bestchatv1.Conversation, error) {
				resp, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
					Conversation: &bestchatv1.Conversation{Id: conv.GetId(), ActiveLeafId: id},
					UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"active_leaf_id"}},
				}))
				if err != nil {
					return nil, err
				}
				return resp.Msg.GetConversation(), nil
			}
			branch := func() []string {
				resp, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId()}))
				if err != nil {
					t.Fatalf("ListMessages: %v", err)
				}
				return ids(resp.Msg.GetMessages())
			}
			tests := []struct {
				name   string
				to     string
				leaf   string
				branch []string
			}{
				{"to the first branch's question", main[2].ID.String(), main[3].ID.String(), dbIDs(main...)},
				{"to the second branch's question", side[0].ID.String(), side[1].ID.String(), dbIDs(main[0], main[1], side[0], side[1])},
				{"to a shared ancestor: its newest child", main[1].ID.String(), side[1].ID.String(), dbIDs(main[0], main[1], side[0], side[1])},
				{"to a leaf itself", main[3].ID.String(), main[3].ID.String(), dbIDs(main...)},
			}
			for _, tt := range tests {
				got, err := switchTo(tt.to)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if got.GetActiveLeafId() != tt.leaf {
					t.Errorf("%s: active leaf %s, want %s", tt.name, got.GetActiveLeafId(), tt.leaf)
				}
				if diff := cmp.Diff(tt.branch, branch()); diff != "" {
					t.Errorf("%s: branch (-want +got):\n%s", tt.name, diff)
				}
			}
			for _, bad := range []string{elsewhere[0].ID.String(), uuid.NewString(), "not-a-uuid"} {
				if _, err := switchTo(bad); connect.CodeOf(err) != connect.CodeInvalidArgument {
					t.Errorf("switch to %s: got %v, want INVALID_ARGUMENT", bad, err)
				}
			}
			if diff := cmp.Diff(dbIDs(main...), branch()); diff != "" {
				t.Errorf("a refused switch moved the branch (-want +got):\n%s", diff)
			}
			// Another user's conversation: NOT_FOUND.
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: theirConv.GetId(), ActiveLeafId: main[0].ID.String()},
				UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"active_leaf_id"}},
			}))
			if connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("another user's conversation: got %v, want NOT_FOUND", err)
			}
		})
	}
}

// TestListMessagesNewestFirst: newest_first pages the branch from the leaf
// up, newest first, with every page size, and its pages put together are
// the root-first listing reversed; a token of one order is refused by the
// other.
func TestListMessagesNewestFirst(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "newest-" + string(p)
			c := env.Clients(t, p, user)
			ctx := servertest.Context(t)
			conv := createConversation(t, c, "history")
			convID := uuid.MustParse(conv.GetId())
			main := seedChain(t, env.Pool, user, convID, nil, "m0", "m1", "m2", "m3", "m4", "m5", "m6")
			side := seedChain(t, env.Pool, user, convID, &main[2], "s3", "s4")

			list := func(req *bestchatv1.ListMessagesRequest) (all []string, pages int) {
				t.Helper()
				req.ConversationId = conv.GetId()
				for {
					resp, err := c.Chat.ListMessages(ctx, connect.NewRequest(req))
					if err != nil {
						t.Fatalf("ListMessages: %v", err)
					}
					pages++
					all = append(all, ids(resp.Msg.GetMessages())...)
					if resp.Msg.GetNextPageToken() == "" {
						return all, pages
					}
					req.PageToken = resp.Msg.GetNextPageToken()
				}
			}
			reversed := func(s []string) []string {
				out := make([]string, len(s))
				for i, v := range s {
					out[len(s)-1-i] = v
				}
				return out
			}
			tests := []struct {
				name  string
				leaf  string
				want  []string
				size  int32
				pages int
			}{
				{"side branch (active), pages of 2", "", dbIDs(main[0], main[1], main[2], side[0], side[1]), 2, 3},
				{"main branch, pages of 3", main[6].ID.String(), dbIDs(main...), 3, 3},
				{"main branch, one page", main[6].ID.String(), dbIDs(main...), 0, 1},
				{"main branch, exact pages", main[6].ID.String(), dbIDs(main...), 7, 1},
				{"a root leaf", main[0].ID.String(), dbIDs(main[0]), 1, 1},
			}
			for _, tt := range tests {
				got, pages := list(&bestchatv1.ListMessagesRequest{LeafMessageId: tt.leaf, PageSize: tt.size, NewestFirst: true})
				if diff := cmp.Diff(reversed(tt.want), got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tt.name, diff)
				}
				if pages != tt.pages {
					t.Errorf("%s: %d pages, want %d", tt.name, pages, tt.pages)
				}
				rootFirst, _ := list(&bestchatv1.ListMessagesRequest{LeafMessageId: tt.leaf, PageSize: tt.size})
				if diff := cmp.Diff(tt.want, rootFirst); diff != "" {
					t.Errorf("%s root first (-want +got):\n%s", tt.name, diff)
				}
			}

			// Tokens do not cross orders.
			first, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), PageSize: 1, NewestFirst: true}))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), PageSize: 1, PageToken: first.Msg.GetNextPageToken()}))
			if connect.CodeOf(err) != connect.CodeInvalidArgument {
				t.Errorf("newest-first token in a root-first listing: got %v, want INVALID_ARGUMENT", err)
			}
			// A leaf of another conversation or user: NOT_FOUND.
			other := seedChain(t, env.Pool, user, uuid.MustParse(createConversation(t, c, "other").GetId()), nil, "x")
			for _, leaf := range []string{other[0].ID.String(), uuid.NewString()} {
				_, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv.GetId(), LeafMessageId: leaf, NewestFirst: true}))
				if connect.CodeOf(err) != connect.CodeNotFound {
					t.Errorf("leaf %s: got %v, want NOT_FOUND", leaf, err)
				}
			}
		})
	}
}
