// Package client is bestchat's Go SDK: typed clients for the four
// services (ChatService, ProviderService, UsageService, ToolService) over
// Connect, gRPC or gRPC-Web, with bearer-token authentication, and a
// Stream that turns a generation's events into what a program wants —
// the text as it arrives, the final answer, and a transparent re-attach
// (ResumeStream from the last event seen) when the connection drops.
//
//	c, err := client.New("http://127.0.0.1:8080", token)
//	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
//	s, err := c.Send(ctx, &bestchatv1.SendMessageRequest{ConversationId: id, Content: client.Text("Hi!")})
//	for s.Next() {
//		fmt.Print(s.Event().GetTextDelta().GetText())
//	}
//	answer, err := s.Answer()
//
// The services' messages are in github.com/bestchat/bestchat/gen/bestchat/v1
// and the generated Connect clients, which Client's fields are, in
// .../bestchatv1connect. The package needs nothing from bestchat's
// internal packages, so programs outside the module can import it.
package client
