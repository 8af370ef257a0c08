package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

var resumeCursor = regexp.MustCompile(`--cursor (\S+)`)

func TestWatchAndExport(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	_, errOut := c.mustRun("watch", "--synced")
	m := resumeCursor.FindStringSubmatch(errOut)
	if m == nil {
		t.Fatalf("watch printed no cursor: %q", errOut)
	}
	_, errOut = c.mustRun("chat", "hi")
	id := convID.FindStringSubmatch(errOut)[1]

	// The changes since the cursor: the conversation, the turn's messages
	// and its generation.
	out, _ := c.mustRun("watch", "--synced", "--cursor", m[1])
	for _, want := range []string{"conversation created " + id, "message added", "generation started", "generation ended"} {
		if !strings.Contains(out, want) {
			t.Fatalf("watch printed %q, want %q in it", out, want)
		}
	}
	out, _ = c.mustRun("--json", "watch", "--synced", "--cursor", m[1])
	first, _, _ := strings.Cut(out, "\n")
	var r bestchatv1.WatchConversationsResponse
	if err := protojson.Unmarshal([]byte(first), &r); err != nil || r.GetConversationCreated().GetId() != id || r.GetCursor() == "" {
		t.Fatalf("watch --json first line %q: %v", first, err)
	}
	if _, _, err := c.run("watch", "--cursor", "garbage"); err == nil || !strings.Contains(err.Error(), "invalid_argument") {
		t.Fatalf("watch with a bad cursor: %v", err)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "out.md")
	_, errOut = c.mustRun("export", "--format", "markdown", "-o", path, id)
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "## User") || !strings.Contains(errOut, "wrote "+path) {
		t.Fatalf("export wrote %q (%v); stderr %q", b, err, errOut)
	}
	if _, _, err := c.run("export", "--format", "markdown", "-o", path, id); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("export over an existing file: %v", err)
	}
	c.mustRun("export", "-f", "-o", path, id)
	b, _ = os.ReadFile(path)
	var exp bestchatv1.ConversationExport
	if err := protojson.Unmarshal(b, &exp); err != nil || exp.GetConversation().GetId() != id {
		t.Fatalf("JSON export %q: %v", b, err)
	}
	out, _ = c.mustRun("export", "-o", "-", id)
	if !strings.Contains(out, `"formatVersion": 1`) {
		t.Fatalf("export to stdout printed %q", out)
	}
	if _, _, err := c.run("export", "--format", "pdf", id); err == nil {
		t.Fatal("export --format pdf succeeded")
	}
}
