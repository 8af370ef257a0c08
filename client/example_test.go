package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	"github.com/bestchat/bestchat/client"
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// Ask a question and print the answer as it streams in.
func Example() {
	ctx := context.Background()
	c, err := client.New(serverURL, token)
	if err != nil {
		log.Fatal(err)
	}
	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: "Example"}))
	if err != nil {
		log.Fatal(err)
	}
	s, err := c.Send(ctx, &bestchatv1.SendMessageRequest{
		ConversationId: conv.Msg.GetConversation().GetId(),
		Content:        client.Text("Hi!"),
	})
	if err != nil {
		log.Fatal(err)
	}
	for s.Next() {
		fmt.Print(s.Event().GetTextDelta().GetText())
	}
	if err := s.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println()
	// Output:
	// Simulated reply to: "Hi!". This answer comes from the bestchat simulated model,
}

// Collect the whole answer, with what it cost, over gRPC.
func ExampleStream_Answer() {
	ctx := context.Background()
	c, err := client.New(serverURL, token, client.WithGRPC())
	if err != nil {
		log.Fatal(err)
	}
	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
	if err != nil {
		log.Fatal(err)
	}
	s, err := c.Send(ctx, &bestchatv1.SendMessageRequest{
		ConversationId: conv.Msg.GetConversation().GetId(),
		Content:        client.Text("What is bestchat? Answer in 6 words."),
	})
	if err != nil {
		log.Fatal(err)
	}
	answer, err := s.Answer()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Text())
	fmt.Println(answer.GetStatus(), answer.GetFinishReason(), "output tokens:", answer.GetUsage().GetOutputTokens())
	// Output:
	// Simulated reply to: "What is bestchat?
	// MESSAGE_STATUS_COMPLETED FINISH_REASON_STOP output tokens: 10
}

// Re-attach to an answer from another process, or after a restart: the
// events after the given sequence number are replayed, then followed live.
func ExampleClient_Resume() {
	ctx := context.Background()
	c, err := client.New(serverURL, token)
	if err != nil {
		log.Fatal(err)
	}
	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
	if err != nil {
		log.Fatal(err)
	}
	s, err := c.Send(ctx, &bestchatv1.SendMessageRequest{
		ConversationId: conv.Msg.GetConversation().GetId(),
		Content:        client.Text("Hello in 8 words"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Read until the assistant message is known, then go away.
	for s.MessageID() == "" && s.Next() {
	}
	id, seq := s.MessageID(), s.LastSeq()
	_ = s.Close()

	r, err := c.Resume(ctx, id, seq)
	if err != nil {
		log.Fatal(err)
	}
	answer, err := r.Answer()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Text())
	fmt.Println(answer.GetId() == id)
	// Output:
	// Simulated reply to: "Hello in 8 words". This
	// true
}

// Read a refused request's field violations.
func ExampleClient_errors() {
	ctx := context.Background()
	c, err := client.New(serverURL, token)
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: "not-a-uuid"}))
	fmt.Println(connect.CodeOf(err), client.ErrorReason(err))
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		for _, d := range cerr.Details() {
			v, derr := d.Value()
			if br, ok := v.(*errdetails.BadRequest); ok && derr == nil {
				for _, f := range br.GetFieldViolations() {
					fmt.Println(f.GetField())
				}
			}
		}
	}
	// Output:
	// invalid_argument VALIDATION_FAILED
	// conversation_id
}

// Refresh the token before it expires: the source is asked on every call.
func ExampleWithTokenSource() {
	source := func(ctx context.Context) (string, error) {
		// Fetch or refresh a token here (an OAuth client, better-auth's
		// /api/auth/token, a file a sidecar keeps fresh, ...).
		return token, nil
	}
	c, err := client.New(serverURL, "", client.WithTokenSource(source))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = c.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{PageSize: 1}))
	fmt.Println(err == nil)
	// Output:
	// true
}
