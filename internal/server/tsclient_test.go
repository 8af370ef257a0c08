package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestTypeScriptClient runs `npm run smoke` (tsc, then Node) against a
// live server with the simulated model: the generated TypeScript client
// over the Connect protocol, a streaming call and a re-attach included.
func TestTypeScriptClient(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("npm is required for the TypeScript client test (Node 20+): %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "typescript", "bin", "tsc")); err != nil {
		t.Fatalf("TypeScript is not installed: run `npm ci` (make test does): %v", err)
	}
	env := servertest.New(t, servertest.Options{Env: servertest.Simulated(t, llmfake.Simulation{Tokens: 12})})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "run", "--silent", "smoke", "--", env.URL, env.Token(t, "ts-alice"), env.Token(t, "ts-bob"))
	cmd.Dir = root
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm run smoke failed: %v\n%s", err, b)
	}
	want := "streamed: " + strings.Join(llmfake.Reply("Say hello in 5 words", 5), "")
	if !strings.Contains(string(b), want) || !strings.Contains(string(b), "ts smoke ok") {
		t.Fatalf("unexpected output:\n%s\nwant %q and \"ts smoke ok\"", b, want)
	}
}
