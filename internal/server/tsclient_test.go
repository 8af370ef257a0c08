package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/servertest"
)

// TestTypeScriptClient type-checks the generated TypeScript client with a
// smoke program (clients/ts/smoke.ts), then runs it with Node against a
// live server over the Connect protocol.
func TestTypeScriptClient(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required for the TypeScript client test (Node 20+): %v", err)
	}
	tsc := filepath.Join(root, "node_modules", "typescript", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("TypeScript is not installed: run `npm ci` (make test does): %v", err)
	}
	// The output must sit inside the repository so Node resolves
	// node_modules from it.
	if err := os.MkdirAll(filepath.Join(root, ".data"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.MkdirTemp(filepath.Join(root, ".data"), "ts-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(out) })

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, tsc, "-p", filepath.Join(root, "tsconfig.json"), "--outDir", out)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsc: %v\n%s", err, b)
	}

	env := servertest.New(t, servertest.Options{})
	cmd = exec.CommandContext(ctx, node, filepath.Join(out, "clients", "ts", "smoke.js"), env.URL, env.Token(t, "ts-alice"), env.Token(t, "ts-bob"))
	cmd.Dir = root
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("TypeScript smoke test failed: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "ts smoke ok") {
		t.Fatalf("unexpected output:\n%s", b)
	}
}
