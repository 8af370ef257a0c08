package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// minSearchRun is the shortest run of letters or digits a query must hold.
// The search runs on trigram indexes: a pattern without three word
// characters in a row has no trigram, and PostgreSQL would read the whole
// index and check every one of the user's messages.
const minSearchRun = 3

// searchProbeLimit is how many of the user's matching messages the search
// collects through the trigram index before it takes the pattern as
// common and walks the user's conversations newest first instead (see
// SearchConversations in db/queries/conversations.sql). Checking one
// candidate costs a few microseconds, so the probe stays within a few
// milliseconds (at 2,000 the probe was most of a common word's 55 ms on
// the loaded bench machine). The price of a lower limit: a word with
// somewhat more matches than the limit, spread thinly over a heavy
// user's conversations, makes the walk look through many conversations
// before a page is full.
const searchProbeLimit = 500

// walkAbove is the planner's estimate of the user's matching messages
// above which the search walks the user's conversations instead of
// collecting the matches through the trigram index. For a common word
// even building the index's bitmap is costly (the word's trigrams have
// long posting lists: 20 ms for the heavy user's "database" at a million
// messages under load, before any match is checked), while the walk finds
// a page of matches in the newest few dozen conversations.
const walkAbove = 1000

// A user whose messages are few enough is walked whenever the planner
// expects one message in walkDensity to match: the walk then finds a match
// after a few messages of each conversation, while the trigram index still
// reads the pattern's posting lists, whose length is set by every user's
// messages (a typical user's "database" at 10 M messages: 4.2 ms to probe
// the index, 1.5 ms to walk 18 conversations). walkSmallUser bounds what a
// wrong estimate costs: a walk that finds nothing checks each of the
// user's messages once, a few milliseconds for 2,000. Below walkFloor
// expected matches the index is read whatever the user (a rare word's
// posting lists are short), and the user's messages are not estimated.
const (
	walkSmallUser = 2000
	walkDensity   = 0.05
	walkFloor     = 10
)

// walkDependsOnUser reports whether, for this estimate of matches, the
// decision to walk depends on how many messages the user has: only then
// is that estimated too.
func walkDependsOnUser(matches float64) bool {
	return matches >= walkFloor && matches <= walkAbove
}

// shouldWalk decides how the search finds messages, from the planner's
// estimates of the user's matching messages and of all the user's
// messages (userMessages does not matter unless walkDependsOnUser).
func shouldWalk(matches, userMessages float64) bool {
	if matches > walkAbove {
		return true
	}
	return walkDependsOnUser(matches) && userMessages <= walkSmallUser && matches >= walkDensity*userMessages
}

// estimateRows asks the planner how many rows the query sql returns for
// args (EXPLAIN plans without running it). Run with a custom plan, as the
// search itself.
func estimateRows(ctx context.Context, db dbsqlc.DBTX, sql string, args ...any) (float64, error) {
	var plan []byte
	err := db.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+sql, append([]any{pgx.QueryExecModeCacheDescribe}, args...)...).Scan(&plan)
	if err != nil {
		return 0, fmt.Errorf("estimate rows: %w", err)
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal(plan, &out); err != nil || len(out) != 1 {
		return 0, fmt.Errorf("estimate rows: unexpected EXPLAIN output %q", plan)
	}
	return out[0].Plan.Rows, nil
}

// estimateMatches is the planner's estimate of the user's messages that
// match pattern (from the trigram statistics of lower(text_content)).
func estimateMatches(ctx context.Context, db dbsqlc.DBTX, uid, pattern string) (float64, error) {
	return estimateRows(ctx, db, `SELECT 1 FROM messages m
WHERE m.user_id = $1 AND lower(m.text_content) LIKE lower($2::text)`, uid, pattern)
}

// estimateUserMessages is the planner's estimate of the user's messages.
func estimateUserMessages(ctx context.Context, db dbsqlc.DBTX, uid string) (float64, error) {
	return estimateRows(ctx, db, `SELECT 1 FROM messages m WHERE m.user_id = $1`, uid)
}

// searchable reports whether q holds minSearchRun letters or digits in a row.
func searchable(q string) bool {
	run := 0
	for _, r := range q {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			run++
			if run >= minSearchRun {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// Snippet sizes, in characters (runes).
const (
	snippetBefore = 60
	snippetAfter  = 100
)

// searchMatch builds the SearchMatch of one search result.
func searchMatch(r dbsqlc.SearchConversationsRow, needle string) *bestchatv1.SearchMatch {
	m := &bestchatv1.SearchMatch{TitleMatched: r.TitleMatch, MessageId: r.MatchMessageID}
	if r.MatchMessageID == "" {
		return m
	}
	m.SnippetBefore, m.SnippetMatch, m.SnippetAfter = snippet(r.MatchExcerpt, needle, r.MatchOffset > 1)
	return m
}

// excerptRunes is the length of the excerpt SearchConversations returns
// (substr(..., 400)): an excerpt that long may stop before the text does.
const excerptRunes = 400

// snippet splits text around the first case-insensitive occurrence of
// needle: at most snippetBefore runes before it and snippetAfter after,
// each cut at a space when there is one, with "…" where text was left
// out (cutBefore: text was already left out before the excerpt).
func snippet(excerpt, needle string, cutBefore bool) (before, match, after string) {
	rs := []rune(excerpt)
	start, n := foldIndex(rs, []rune(needle))
	if start < 0 {
		// Case folding in PostgreSQL and Go can disagree on a rare
		// character: show the start of the excerpt.
		start, n = 0, 0
	}
	b := rs[max(0, start-snippetBefore):start]
	cutB := cutBefore || start > snippetBefore
	if start > snippetBefore {
		if i := indexRune(b, ' '); i >= 0 && i < len(b)-1 {
			b = b[i+1:]
		}
	}
	end := start + n
	a := rs[end:min(len(rs), end+snippetAfter)]
	cutA := end+snippetAfter < len(rs) || len(rs) >= excerptRunes
	if end+snippetAfter < len(rs) {
		if i := lastIndexRune(a, ' '); i > 0 {
			a = a[:i]
		}
	}
	before, after = string(b), string(a)
	if cutB {
		before = "…" + strings.TrimLeft(before, " ")
	}
	if cutA {
		after = strings.TrimRight(after, " ") + "…"
	}
	return before, string(rs[start:end]), after
}

// foldIndex returns the rune index of the first occurrence of needle in
// hay under Unicode simple case folding, and its length in runes.
func foldIndex(hay, needle []rune) (int, int) {
	if len(needle) == 0 {
		return -1, 0
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j, r := range needle {
			if !equalFoldRune(hay[i+j], r) {
				continue outer
			}
		}
		return i, len(needle)
	}
	return -1, 0
}

func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	var ab, bb [utf8.UTFMax]byte
	return strings.EqualFold(string(ab[:utf8.EncodeRune(ab[:], a)]), string(bb[:utf8.EncodeRune(bb[:], b)]))
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
