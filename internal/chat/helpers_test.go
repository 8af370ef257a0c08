package chat_test

import (
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/servertest"
)

func text(s string) []*bestchatv1.ContentPart {
	return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: s}}}
}

func createConversation(t *testing.T, c servertest.Clients, title string) *bestchatv1.Conversation {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: title}))
	if err != nil {
		t.Fatalf("CreateConversation: %v", err)
	}
	return resp.Msg.GetConversation()
}

func seedChain(t *testing.T, pool *pgxpool.Pool, user string, conv uuid.UUID, parent *dbsqlc.Message, texts ...string) []dbsqlc.Message {
	t.Helper()
	return servertest.SeedChain(t, pool, user, conv, parent, texts...)
}

// wantCode fails unless err is a connect error with the code.
func wantCode(t *testing.T, err error, code connect.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", code)
	}
	if got := connect.CodeOf(err); got != code {
		t.Fatalf("got %v (%v), want %v", got, err, code)
	}
}

func ids(msgs []*bestchatv1.Message) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.GetId())
	}
	return out
}

func dbIDs(msgs ...dbsqlc.Message) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.ID.String())
	}
	return out
}
