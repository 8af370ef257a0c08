package chat

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 30)
	tests := []struct {
		name                 string
		excerpt, needle      string
		cutBefore            bool
		before, match, after string
	}{
		{"whole short text", "say Hello there", "hello", false, "say ", "Hello", " there"},
		{"match at the start", "hello world", "HELLO", false, "", "hello", " world"},
		{"text cut before the excerpt", "x hello", "hello", true, "…x ", "hello", ""},
		{"long both sides, cut at spaces", long + "NEEDLE" + long, "needle", false,
			"…" + strings.Repeat("word ", 11), "NEEDLE", strings.Repeat("word ", 19) + "word…"},
		{"unicode case folding", "à l'ÉCOLE du soir", "école", false, "à l'", "ÉCOLE", " du soir"},
		{"no occurrence (folding disagrees)", "abc def", "xyz", false, "", "", "abc def"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, m, a := snippet(tt.excerpt, tt.needle, tt.cutBefore)
			if b != tt.before || m != tt.match || a != tt.after {
				t.Fatalf("snippet = %q | %q | %q, want %q | %q | %q", b, m, a, tt.before, tt.match, tt.after)
			}
		})
	}
}

func TestSearchable(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]bool{
		"abc": true, "a1b": true, "x abc y": true, "日本語": true, "ab": false, "a-b-c": false, "%": false, "": false,
	} {
		if got := searchable(q); got != want {
			t.Errorf("searchable(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestShouldWalk(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		matches, userMessages float64
		walk                  bool
	}{
		{1, 250_000, false},             // a rare word, a heavy user
		{1001, 250_000, true},           // a common word, a heavy user
		{900, 250_000, false},           // thinly spread over many conversations
		{128, 971, true},                // a typical user's common word (13 %)
		{30, 971, false},                // 3 %: the index
		{0, 0, false},                   // a new user
		{5, 40, false},                  // below walkFloor: the index
		{150, walkSmallUser + 1, false}, // larger users keep the index below walkAbove
	} {
		if got := shouldWalk(c.matches, c.userMessages); got != c.walk {
			t.Errorf("shouldWalk(%v, %v) = %v, want %v", c.matches, c.userMessages, got, c.walk)
		}
	}
}
