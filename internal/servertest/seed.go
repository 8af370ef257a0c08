package servertest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// SeedChain stores a chain of messages (alternating user/assistant unless
// roles says otherwise) under parent and makes its last message the active
// leaf. The generation engine is not needed to test the tree RPCs; the rows
// are written with the same sqlc queries the server uses.
func SeedChain(t testing.TB, pool *pgxpool.Pool, user string, conv uuid.UUID, parent *dbsqlc.Message, texts ...string) []dbsqlc.Message {
	t.Helper()
	ctx := context.Background()
	q := dbsqlc.New(pool)
	var out []dbsqlc.Message
	for i, s := range texts {
		role := dbenum.RoleUser
		if i%2 == 1 {
			role = dbenum.RoleAssistant
		}
		p := dbsqlc.InsertMessageParams{
			UserID: user, ConversationID: conv, Role: role, Status: dbenum.MessageCompleted,
			Content: textContent(s), TextContent: s,
		}
		if parent != nil {
			p.ParentID = uuid.NullUUID{UUID: parent.ID, Valid: true}
			p.Depth = parent.Depth + 1
		}
		m, err := q.InsertMessage(ctx, p)
		if err != nil {
			t.Fatalf("seed message: %v", err)
		}
		out = append(out, m)
		parent = &out[len(out)-1]
	}
	if _, err := q.SetActiveLeaf(ctx, dbsqlc.SetActiveLeafParams{
		ActiveLeafID: uuid.NullUUID{UUID: parent.ID, Valid: true}, ID: conv, UserID: user,
	}); err != nil {
		t.Fatalf("seed active leaf: %v", err)
	}
	return out
}

func textContent(s string) []byte {
	b, _ := json.Marshal([]map[string]string{{"text": s}})
	return b
}
