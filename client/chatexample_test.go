package client_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// TestChatExampleBuildsOutsideTheModule copies examples/go/chat out of the
// repository, points its replace directive at the repository, builds it
// as a module of its own (which also proves the SDK needs nothing from
// internal/), and runs it against a server with the simulated model.
func TestChatExampleBuildsOutsideTheModule(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"main.go", "go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, "examples", "go", "chat", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "go.mod" {
			if !strings.Contains(string(b), "=> ../../..") {
				t.Fatalf("examples/go/chat/go.mod has no replace directive to the repository:\n%s", b)
			}
			b = []byte(strings.ReplaceAll(string(b), "=> ../../..", "=> "+root))
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(dir, "chat")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build outside the module: %v\n%s", err, out)
	}

	env := newEnv(t)
	for _, args := range [][]string{{"Hi", "there"}, {"-grpc", "Hi", "there"}} {
		run := exec.CommandContext(ctx, bin, args...)
		run.Env = append(os.Environ(), "BESTCHAT_URL="+env.URL, "BESTCHAT_TOKEN="+env.Token(t, "example-program"))
		var stdout, stderr strings.Builder
		run.Stdout, run.Stderr = &stdout, &stderr
		if err := run.Run(); err != nil {
			t.Fatalf("chat %v: %v\n%s", args, err, stderr.String())
		}
		want := strings.Join(llmfake.Reply("Hi there", 12), "") + "\n"
		if stdout.String() != want {
			t.Errorf("chat %v printed %q, want %q", args, stdout.String(), want)
		}
		if !strings.Contains(stderr.String(), "[simulated/simulated]") || !strings.Contains(stderr.String(), "FINISH_REASON_STOP") {
			t.Errorf("chat %v: stderr %q lacks the model or the finish reason", args, stderr.String())
		}
	}
}
