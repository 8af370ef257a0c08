package engine

import (
	"fmt"
	"strings"
	"testing"
)

// TestEventLogKeepsDeltaTexts checks that delta texts of every size stay
// intact, in order, across the log's chunks.
func TestEventLogKeepsDeltaTexts(t *testing.T) {
	t.Parallel()
	l := newEventLog("m")
	var want []string
	for i := range 2000 {
		text := fmt.Sprintf(" tok%d", i)
		switch {
		case i%97 == 0:
			text = strings.Repeat("long", 40)
		case i%13 == 0:
			text = strings.Repeat("x", 64)
		}
		kind := entryText
		if i%5 == 0 {
			kind = entryReasoning
		}
		src := []byte(text)
		l.append(entry{kind: kind, text: string(src)})
		want = append(want, text)
	}
	l.append(entry{kind: entryHeartbeat})
	if l.n != len(want)+1 {
		t.Fatalf("%d entries, want %d", l.n, len(want)+1)
	}
	for i, w := range want {
		if got := l.chunks[i/chunkLen][i%chunkLen].text; got != w {
			t.Fatalf("entry %d: %q, want %q", i, got, w)
		}
	}
	if e := l.chunks[len(want)/chunkLen][len(want)%chunkLen]; e.kind != entryHeartbeat || e.text != "" {
		t.Fatalf("heartbeat entry %+v", e)
	}
}
