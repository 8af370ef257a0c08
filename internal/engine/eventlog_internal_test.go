package engine

import (
	"fmt"
	"strings"
	"testing"
)

// TestEventLogKeepsDeltaTexts checks that delta texts copied into the
// log's text pages stay intact as later deltas fill the pages.
func TestEventLogKeepsDeltaTexts(t *testing.T) {
	t.Parallel()
	l := newEventLog("m")
	var want []string
	for i := range 2000 {
		text := fmt.Sprintf(" tok%d", i)
		switch {
		case i%97 == 0:
			text = strings.Repeat("long", 40) // larger than an interned delta
		case i%13 == 0:
			text = strings.Repeat("x", textPageLen/8) // the largest interned delta
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
