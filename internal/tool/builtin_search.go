package tool

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// searchSnippet is how much text around a match the search returns.
const searchSnippet = 300

func searchConversationsTool(q *dbsqlc.Queries) (Definition, RunFunc) {
	return Definition{
			ID:   "builtin.search_conversations",
			Name: "search_conversations",
			Description: "Searches the user's own earlier conversations for messages containing a text (case-insensitive) " +
				"and returns the newest matches with their conversation title and a snippet.",
			Schema: json.RawMessage(`{"type":"object","properties":{` +
				`"query":{"type":"string","minLength":1,"maxLength":200,"description":"Text to look for"},` +
				`"limit":{"type":"integer","minimum":1,"maximum":20,"description":"Most matches to return (default 5)"}},` +
				`"required":["query"],"additionalProperties":false}`),
			Risk: RiskLow, Source: SourceBuiltin, Timeout: 10 * time.Second,
		}, func(ctx context.Context, call Call) (string, error) {
			var args struct {
				Query string `json:"query"`
				Limit int32  `json:"limit"`
			}
			if err := json.Unmarshal(call.Args, &args); err != nil {
				return "", toolErrorf("arguments: %v", err)
			}
			if args.Limit <= 0 {
				args.Limit = 5
			}
			rows, err := q.SearchUserMessages(ctx, dbsqlc.SearchUserMessagesParams{
				UserID: call.UserID, Pattern: likePattern(args.Query), RowLimit: args.Limit,
			})
			if err != nil {
				return "", fmt.Errorf("search messages: %w", err)
			}
			type match struct {
				ConversationID string      `json:"conversation_id"`
				Title          string      `json:"conversation_title"`
				MessageID      string      `json:"message_id"`
				Role           dbenum.Role `json:"role"`
				Time           string      `json:"time"`
				Snippet        string      `json:"snippet"`
			}
			out := struct {
				Matches []match `json:"matches"`
			}{Matches: []match{}}
			for _, r := range rows {
				out.Matches = append(out.Matches, match{
					ConversationID: r.ConversationID.String(), Title: r.Title, MessageID: r.ID.String(),
					Role: r.Role, Time: r.CreatedAt.UTC().Format(time.RFC3339), Snippet: snippet(r.TextContent, args.Query),
				})
			}
			b, _ := json.Marshal(out)
			return string(b), nil
		}
}

// likePattern escapes %, _ and \ and wraps s for a substring ILIKE.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// snippet returns about searchSnippet bytes of text around the first
// case-insensitive match of query.
func snippet(text, query string) string {
	if len(text) <= searchSnippet {
		return text
	}
	i := strings.Index(strings.ToLower(text), strings.ToLower(query))
	if i < 0 || len(strings.ToLower(text)) != len(text) {
		i = 0
	}
	start := max(0, i-searchSnippet/3)
	end := min(len(text), start+searchSnippet)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}
