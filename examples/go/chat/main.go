// Command chat asks bestchat one question and prints the answer as it
// streams in, then what it cost. It is a complete program on bestchat's
// Go SDK, in a module of its own: copy the directory, drop the replace
// directive from go.mod, and `go get github.com/bestchat/bestchat@latest`.
//
//	export BESTCHAT_URL=http://127.0.0.1:8080
//	export BESTCHAT_TOKEN=$(bin/bestchatd token --data-dir .data --user alice)
//	go run . "What is a good name for a cat?"
//
// Add -grpc to talk gRPC instead of Connect.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/client"
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "chat:", err)
		os.Exit(1)
	}
}

func run() error {
	useGRPC := flag.Bool("grpc", false, "use gRPC instead of Connect")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: BESTCHAT_URL=... BESTCHAT_TOKEN=... chat [-grpc] question...")
		flag.PrintDefaults()
	}
	flag.Parse()
	question := strings.Join(flag.Args(), " ")
	if question == "" {
		flag.Usage()
		os.Exit(2)
	}
	baseURL := os.Getenv("BESTCHAT_URL")
	if baseURL == "" {
		baseURL = "http://127.0.0.1:8080"
	}
	var opts []client.Option
	if *useGRPC {
		opts = append(opts, client.WithGRPC())
	}
	c, err := client.New(baseURL, os.Getenv("BESTCHAT_TOKEN"), opts...)
	if err != nil {
		return err
	}

	// Ctrl-C stops reading; the answer goes on and is stored on the server.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
	if err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	s, err := c.Send(ctx, &bestchatv1.SendMessageRequest{
		ConversationId: conv.Msg.GetConversation().GetId(),
		Content:        client.Text(question),
	})
	if err != nil {
		return fmt.Errorf("send: %w", err)
	}
	defer func() { _ = s.Close() }()
	for s.Next() {
		switch ev := s.Event().GetEvent().(type) {
		case *bestchatv1.ChatEvent_AssistantStarted:
			fmt.Fprintf(os.Stderr, "[%s/%s]\n", ev.AssistantStarted.GetProvider(), ev.AssistantStarted.GetModel())
		case *bestchatv1.ChatEvent_TextDelta:
			fmt.Print(ev.TextDelta.GetText())
		case *bestchatv1.ChatEvent_Completed:
			m := ev.Completed.GetMessage()
			fmt.Println()
			cost := "cost unknown" // the model's price is not known
			if m.CostNanos != nil {
				cost = "$" + dollars(m.GetCostNanos())
			}
			fmt.Fprintf(os.Stderr, "[%s: %d tokens in, %d out, %s]\n", ev.Completed.GetFinishReason(),
				m.GetUsage().GetInputTokens(), m.GetUsage().GetOutputTokens(), cost)
		}
	}
	return s.Err()
}

// dollars formats nano-USD exactly, without floating point.
func dollars(nanos int64) string {
	return fmt.Sprintf("%d.%09d", nanos/1e9, nanos%1e9)
}
