package main

import (
	"slices"
	"testing"
)

func TestWithStackStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		env, want   []string
		wantChanged bool
	}{
		{"no GODEBUG", []string{"A=1"}, []string{"A=1", "GODEBUG=adaptivestackstart=0"}, true},
		{"empty GODEBUG", []string{"GODEBUG=", "A=1"}, []string{"GODEBUG=adaptivestackstart=0", "A=1"}, true},
		{"other settings", []string{"GODEBUG=http2debug=1"}, []string{"GODEBUG=http2debug=1,adaptivestackstart=0"}, true},
		{"already off", []string{"GODEBUG=adaptivestackstart=0"}, []string{"GODEBUG=adaptivestackstart=0"}, false},
		{"operator turned it on", []string{"GODEBUG=x=1,adaptivestackstart=1"}, []string{"GODEBUG=x=1,adaptivestackstart=1"}, false},
		{"the first GODEBUG counts", []string{"GODEBUG=x=1", "GODEBUG=adaptivestackstart=1"}, []string{"GODEBUG=x=1,adaptivestackstart=0", "GODEBUG=adaptivestackstart=1"}, true},
		{"the first GODEBUG counts, set", []string{"GODEBUG=adaptivestackstart=1", "GODEBUG=x=1"}, []string{"GODEBUG=adaptivestackstart=1", "GODEBUG=x=1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orig := slices.Clone(tt.env)
			got, changed := withStackStart(tt.env)
			if !slices.Equal(got, tt.want) || changed != tt.wantChanged {
				t.Fatalf("withStackStart(%q) = %q, %v; want %q, %v", tt.env, got, changed, tt.want, tt.wantChanged)
			}
			if !slices.Equal(tt.env, orig) {
				t.Fatalf("the input was modified: %q", tt.env)
			}
		})
	}
}
