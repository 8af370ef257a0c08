package chat_test

import (
	"fmt"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

func TestConversationLifecycle(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice-"+string(p))
			ctx := servertest.Context(t)
			temp := 0.3
			created, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{
				Title: "  Trip planning ", SystemPrompt: "Be brief.", Provider: "openai", Model: "gpt-4o",
				Params:          &bestchatv1.GenerationParams{Temperature: &temp},
				ContextStrategy: bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE,
			}))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			conv := created.Msg.GetConversation()
			if conv.GetTitle() != "Trip planning" || conv.GetParams().GetTemperature() != 0.3 ||
				conv.GetContextStrategy() != bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE || conv.GetActiveLeafId() != "" {
				t.Fatalf("created = %v", conv)
			}
			got, err := c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: conv.GetId()}))
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if diff := cmp.Diff(conv, got.Msg.GetConversation(), cmpProto); diff != "" {
				t.Fatalf("Get differs from Create (-want +got):\n%s", diff)
			}

			upd, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: conv.GetId(), Title: "Renamed", Pinned: true, SystemPrompt: "ignored"},
				UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"title", "pinned"}},
			}))
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			u := upd.Msg.GetConversation()
			if u.GetTitle() != "Renamed" || !u.GetPinned() || u.GetSystemPrompt() != "Be brief." || u.GetModel() != "gpt-4o" {
				t.Fatalf("updated = %v (fields outside the mask must not change)", u)
			}
			if !u.GetUpdateTime().AsTime().After(conv.GetUpdateTime().AsTime()) {
				t.Fatalf("update_time did not advance: %v -> %v", conv.GetUpdateTime().AsTime(), u.GetUpdateTime().AsTime())
			}

			list, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
			if err != nil || len(list.Msg.GetConversations()) != 1 || list.Msg.GetConversations()[0].GetId() != conv.GetId() {
				t.Fatalf("List = %v, %v", list, err)
			}

			if _, err := c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: conv.GetId()})); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			_, err = c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: conv.GetId()}))
			wantCode(t, err, connect.CodeNotFound)
			_, err = c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: conv.GetId()}))
			wantCode(t, err, connect.CodeNotFound)
		})
	}
}

var cmpProto = cmp.Comparer(proto.Equal)

func TestDeleteConversationRemovesEverything(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConversation(t, c, "doomed")
	keep := createConversation(t, c, "kept")
	seedChain(t, env.Pool, "alice", uuid.MustParse(conv.GetId()), nil, "q", "a", "q2")
	seedChain(t, env.Pool, "alice", uuid.MustParse(keep.GetId()), nil, "q", "a")
	ctx := servertest.Context(t)
	if _, err := c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: conv.GetId()})); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := env.Pool.QueryRow(ctx, "SELECT count(*) FROM messages WHERE conversation_id = $1", conv.GetId()).Scan(&n); err != nil || n != 0 {
		t.Fatalf("messages left: %d (%v)", n, err)
	}
	if err := env.Pool.QueryRow(ctx, "SELECT count(*) FROM messages WHERE conversation_id = $1", keep.GetId()).Scan(&n); err != nil || n != 2 {
		t.Fatalf("other conversation's messages: %d (%v), want 2", n, err)
	}
}

func TestListConversationsFilters(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.GRPC, "alice")
	ctx := servertest.Context(t)
	mk := func(title string, pinned, archived bool) string {
		conv := createConversation(t, c, title)
		var paths []string
		if pinned {
			paths = append(paths, "pinned")
		}
		if archived {
			paths = append(paths, "archived")
		}
		if len(paths) > 0 {
			if _, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: conv.GetId(), Pinned: pinned, Archived: archived},
				UpdateMask:   &fieldmaskpb.FieldMask{Paths: paths},
			})); err != nil {
				t.Fatal(err)
			}
		}
		return conv.GetId()
	}
	plain := mk("Budget 100% done", false, false)
	pinned := mk("snake_case names", true, false)
	archived := mk("Old 'quoted' stuff", false, true)
	both := mk("pinned and archived", true, true)
	withText := mk("untitled", false, false)
	seedChain(t, env.Pool, "alice", uuid.MustParse(withText), nil, "where is the Eiffel tower?", "In Paris.")
	// A conversation of another user with matching text must never show.
	bob := env.Clients(t, servertest.GRPC, "bob")
	bobConv := createConversation(t, bob, "Budget 100% done")
	seedChain(t, env.Pool, "bob", uuid.MustParse(bobConv.GetId()), nil, "eiffel")

	yes, no := true, false
	tests := []struct {
		name string
		req  *bestchatv1.ListConversationsRequest
		want []string
	}{
		{"default hides archived", &bestchatv1.ListConversationsRequest{}, []string{withText, pinned, plain}},
		{"only archived", &bestchatv1.ListConversationsRequest{Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_ONLY}, []string{both, archived}},
		{"include archived", &bestchatv1.ListConversationsRequest{Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_INCLUDE}, []string{withText, both, archived, pinned, plain}},
		{"pinned", &bestchatv1.ListConversationsRequest{Pinned: &yes}, []string{pinned}},
		{"not pinned", &bestchatv1.ListConversationsRequest{Pinned: &no}, []string{withText, plain}},
		{"pinned incl. archived", &bestchatv1.ListConversationsRequest{Pinned: &yes, Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_INCLUDE}, []string{both, pinned}},
		{"percent is literal", &bestchatv1.ListConversationsRequest{Query: "100%"}, []string{plain}},
		{"underscore is literal", &bestchatv1.ListConversationsRequest{Query: "snake_case"}, []string{pinned}},
		{"underscore matches no other char", &bestchatv1.ListConversationsRequest{Query: "snake case"}, nil},
		{"quotes", &bestchatv1.ListConversationsRequest{Query: "'quoted'", Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_INCLUDE}, []string{archived}},
		{"backslash is literal", &bestchatv1.ListConversationsRequest{Query: `100\`}, nil},
		{"message text, case-insensitive", &bestchatv1.ListConversationsRequest{Query: "EIFFEL"}, []string{withText}},
		{"answer text", &bestchatv1.ListConversationsRequest{Query: "in paris"}, []string{withText}},
		{"no match", &bestchatv1.ListConversationsRequest{Query: "zzz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(tt.req))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, conv := range resp.Msg.GetConversations() {
				got = append(got, conv.GetId())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

// TestListConversationsPaginationUnderInserts pages through a user's
// conversations while other goroutines create more: every conversation that
// existed before the listing started is seen exactly once, and no id is
// ever repeated.
func TestListConversationsPaginationUnderInserts(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "pager-" + string(p)
			c := env.Clients(t, p, user)
			before := map[string]bool{}
			for i := range 45 {
				before[createConversation(t, c, fmt.Sprintf("c%02d", i)).GetId()] = true
			}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						if _, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "concurrent"})); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			seen := map[string]bool{}
			token := ""
			pages := 0
			for {
				resp, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{PageSize: 4, PageToken: token}))
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if n := len(resp.Msg.GetConversations()); n > 4 {
					t.Fatalf("page of %d > page_size", n)
				}
				for _, conv := range resp.Msg.GetConversations() {
					if seen[conv.GetId()] {
						t.Fatalf("duplicate %s on page %d", conv.GetId(), pages)
					}
					seen[conv.GetId()] = true
				}
				token = resp.Msg.GetNextPageToken()
				if token == "" {
					break
				}
			}
			close(stop)
			wg.Wait()
			for id := range before {
				if !seen[id] {
					t.Errorf("gap: %s existed before listing but was never returned", id)
				}
			}
			if pages < 12 {
				t.Fatalf("only %d pages for %d rows", pages, len(seen))
			}
		})
	}
}
