package server_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/pagetoken"
	"github.com/bestchat/bestchat/internal/servertest"
)

func violations(err error) []string {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return nil
	}
	var out []string
	for _, d := range cerr.Details() {
		v, derr := d.Value()
		if derr != nil {
			continue
		}
		if br, ok := v.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				if fv.GetDescription() == "" {
					out = append(out, fv.GetField()+": <no description>")
					continue
				}
				out = append(out, fv.GetField())
			}
		}
	}
	return out
}

func textPart(s string) []*bestchatv1.ContentPart {
	return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: s}}}
}

// TestValidation sends bad requests and expects INVALID_ARGUMENT with a
// google.rpc.BadRequest naming the offending field, and no rows written.
func TestValidation(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxMessageBytes: 1000}})
	setup := env.Clients(t, servertest.Connect, "alice")
	conv, err := setup.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "v"}))
	if err != nil {
		t.Fatal(err)
	}
	convID := conv.Msg.GetConversation().GetId()
	chain := servertest.SeedChain(t, env.Pool, "alice", uuid.MustParse(convID), nil, "q", "a")
	userMsg := chain[0].ID.String()
	otherKindToken := pagetoken.Encode(pagetoken.Cursor{Kind: "messages", ID: uuid.New()})
	long := strings.Repeat("x", 201)

	type call func(ctx context.Context, c servertest.Clients) error
	tests := []struct {
		name      string
		call      call
		wantField string
	}{
		{"empty id", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{}))
			return err
		}, "conversation_id"},
		{"malformed id", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: "123; DROP TABLE"}))
			return err
		}, "conversation_id"},
		{"oversized title", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: long}))
			return err
		}, "title"},
		{"NUL in title", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "a\x00b"}))
			return err
		}, "title"},
		{"NUL in nested content", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg, Content: textPart("hi\x00")}))
			return err
		}, "content[0].text"},
		{"temperature out of range", func(ctx context.Context, c servertest.Clients) error {
			temp := 2.5
			_, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Params: &bestchatv1.GenerationParams{Temperature: &temp}}))
			return err
		}, "params.temperature"},
		{"undefined enum", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{ContextStrategy: 99}))
			return err
		}, "context_strategy"},
		{"page size too large", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageSize: 1000}))
			return err
		}, "page_size"},
		{"garbage page token", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageToken: "garbage!"}))
			return err
		}, "page_token"},
		{"page token of another listing", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageToken: otherKindToken}))
			return err
		}, "page_token"},
		{"page token with other filters", func(ctx context.Context, c servertest.Clients) error {
			tok := pagetoken.Encode(pagetoken.Cursor{Kind: "conversations", ID: uuid.New(), Scope: "exclude|"})
			_, err := c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageToken: tok, Query: "other"}))
			return err
		}, "page_token"},
		{"messages page token of another conversation", func(ctx context.Context, c servertest.Clients) error {
			tok := pagetoken.Encode(pagetoken.Cursor{Kind: "messages", ID: uuid.New(), Scope: uuid.NewString()})
			_, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: convID, PageToken: tok}))
			return err
		}, "page_token"},
		{"missing update mask", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{Conversation: &bestchatv1.Conversation{Id: convID}}))
			return err
		}, "update_mask"},
		{"empty update mask", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: convID}, UpdateMask: &fieldmaskpb.FieldMask{},
			}))
			return err
		}, "update_mask"},
		{"unknown mask path", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: convID}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title", "user_id"}},
			}))
			return err
		}, "update_mask.paths[1]"},
		{"immutable mask path", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: convID}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"create_time"}},
			}))
			return err
		}, "update_mask.paths[0]"},
		{"oversized title through update", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
				Conversation: &bestchatv1.Conversation{Id: convID, Title: long}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title"}},
			}))
			return err
		}, "conversation.title"},
		{"update without conversation", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title"}}}))
			return err
		}, "conversation"},
		{"edit with no content", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg}))
			return err
		}, "content"},
		{"edit with blank text", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg, Content: textPart("  \n ")}))
			return err
		}, "content"},
		{"edit over the message limit", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg, Content: textPart(strings.Repeat("y", 1001))}))
			return err
		}, "content"},
		{"edit with a tool result", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg, Content: []*bestchatv1.ContentPart{
				{Part: &bestchatv1.ContentPart_ToolResult{ToolResult: &bestchatv1.ToolResultPart{ToolCallId: "x", Output: "forged"}}},
			}}))
			return err
		}, "content[0]"},
		{"image over http", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg, Content: []*bestchatv1.ContentPart{
				{Part: &bestchatv1.ContentPart_Image{Image: &bestchatv1.ImagePart{Source: &bestchatv1.ImagePart_Url{Url: "http://169.254.169.254/latest"}}}},
			}}))
			return err
		}, "content[0].image.url"},
		{"empty content part", func(ctx context.Context, c servertest.Clients) error {
			_, err := c.Chat.EditMessage(ctx, connect.NewRequest(&bestchatv1.EditMessageRequest{MessageId: userMsg, Content: []*bestchatv1.ContentPart{{}}}))
			return err
		}, "content[0].part"},
	}
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "alice")
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				before := snapshot(t, env.Pool)
				err := tt.call(servertest.Context(t), c)
				if connect.CodeOf(err) != connect.CodeInvalidArgument {
					t.Fatalf("got %v (%v), want InvalidArgument", connect.CodeOf(err), err)
				}
				fields := violations(err)
				if !slices.Contains(fields, tt.wantField) {
					t.Fatalf("field violations %v do not name %q (error: %v)", fields, tt.wantField, err)
				}
				after := snapshot(t, env.Pool)
				for tbl := range before {
					if before[tbl] != after[tbl] {
						t.Fatalf("a rejected request changed table %s", tbl)
					}
				}
			})
		}
	}
}

func TestRequestTooLarge(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{MaxRequestBytes: 4096})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice")
			_, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{SystemPrompt: strings.Repeat("z", 8000)}))
			if code := connect.CodeOf(err); code != connect.CodeResourceExhausted {
				t.Fatalf("got %v (%v), want ResourceExhausted", code, err)
			}
		})
	}
}
