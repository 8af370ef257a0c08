package metrics

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestLabelSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fill  []string // admitted first
		value string
		want  string
	}{
		{"admitted", nil, "gpt-4o", "gpt-4o"},
		{"empty", nil, "", unknownLabel},
		{"too long", nil, strings.Repeat("x", maxLabelLen+1), otherLabel},
		{"longest allowed", nil, strings.Repeat("x", maxLabelLen), strings.Repeat("x", maxLabelLen)},
		{"invalid UTF-8", nil, "a\xffb", otherLabel},
		{"over the cap", []string{"a", "b"}, "c", otherLabel},
		{"seen before the cap", []string{"a", "b"}, "b", "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newLabelSet(2)
			for _, v := range tt.fill {
				s.value(v)
			}
			if got := s.value(tt.value); got != tt.want {
				t.Errorf("value(%q) = %q, want %q", tt.value, got, tt.want)
			}
		})
	}
}

func TestLabelSetConcurrent(t *testing.T) {
	t.Parallel()
	s := newLabelSet(10)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				s.value(fmt.Sprint(g*50 + i))
			}
		})
	}
	wg.Wait()
	if n := len(s.seen); n != 10 {
		t.Errorf("%d admitted, want 10", n)
	}
}

func TestFixedSet(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]string{
		"completed": "completed", "interrupted": "interrupted", "": otherLabel, "Completed": otherLabel,
	} {
		if got := generationStatuses.value(v); got != want {
			t.Errorf("value(%q) = %q, want %q", v, got, want)
		}
	}
}
