package engine

import (
	"strings"
	"testing"
)

func TestCleanTitle(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Capital of France", "Capital of France"},
		{`"Capital of France."`, "Capital of France"},
		{"Title: **Rust lifetimes**\nsecond line", "Rust lifetimes"},
		{"  Réglages   du\tserveur  ", "Réglages du serveur"},
		{"「東京の天気」。", "「東京の天気」"},
		{"", ""},
		{strings.Repeat("word ", 40), strings.TrimSpace(strings.Repeat("word ", 16)) + "…"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.in); got != tt.want {
			t.Errorf("cleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
