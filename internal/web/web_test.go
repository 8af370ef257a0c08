package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/web"
)

// pageEnv serves the API with the page mounted, as bestchatd --web does,
// with a simulated model slow enough that answers can be stopped and
// re-attached to mid-way.
func pageEnv(t *testing.T) *servertest.Env {
	t.Helper()
	return servertest.New(t, servertest.Options{
		Env:  servertest.Simulated(t, llmfake.Simulation{TokenInterval: 25 * time.Millisecond}),
		Wrap: web.Mount,
	})
}

func TestMountServesThePageBesideTheAPI(t *testing.T) {
	t.Parallel()
	env := pageEnv(t)
	get := func(path string) (*http.Response, string) {
		resp, err := http.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	tests := []struct{ path, contentType, body string }{
		{"/", "text/html", `<script type="module" src="app.js">`},
		{"/app.js", "text/javascript", `"bestchat.token"`},
		{"/healthz", "text/plain", "ok"},
	}
	for _, tt := range tests {
		resp, body := get(tt.path)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) || !strings.Contains(body, tt.body) {
			t.Errorf("GET %s: %d %s, body has %q: %v", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.body, strings.Contains(body, tt.body))
		}
	}
	if resp, _ := get("/nothing-here"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing-here: %d, want 404", resp.StatusCode)
	}
}

// TestPageInChromium drives the page in headless Chromium: streaming,
// stop, regenerate, branches, edit, re-attach after a reload and cited
// sources (testdata/drive.mjs). make test installs Debian's chromium when missing.
func TestPageInChromium(t *testing.T) {
	t.Parallel()
	browser := os.Getenv("BESTCHAT_CHROMIUM")
	if browser == "" {
		browser = "/usr/bin/chromium"
	}
	if _, err := os.Stat(browser); err != nil {
		t.Fatalf("Chromium is needed for the web page test (make test installs Debian's chromium; or set BESTCHAT_CHROMIUM): %v", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed for the web page test: %v", err)
	}
	env := pageEnv(t)
	reply := func(prompt string) map[string]string {
		n := llmfake.RequestedWords(prompt)
		if n == 0 {
			n = 32
		}
		return map[string]string{"prompt": prompt, "reply": strings.Join(llmfake.Reply(prompt, n), "")}
	}
	// The simulated model cites each [[cite:URL]]; the page lists each URL
	// once, as the server stores it.
	cite := reply("Sources [[cite:https://example.com/a]] [[cite:https://example.com/a]] [[cite:https://example.org/b]] in 12 words")
	expected, err := json.Marshal(map[string]any{
		"hello":  reply("Hello in 30 words"),
		"long":   reply("Tell me a story in 3000 words"),
		"edit":   reply("Hi in 8 words"),
		"resume": reply("Count sheep in 600 words"),
		"cite": map[string]any{"prompt": cite["prompt"], "reply": cite["reply"], "sources": [][]string{
			{"Source 1", "https://example.com/a"}, {"Source 3", "https://example.org/b"},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	expectedFile := filepath.Join(dir, "expected.json")
	if err := os.WriteFile(expectedFile, expected, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "drive.mjs"),
		browser, filepath.Join(dir, "profile"), env.URL, env.Token(t, "web-user"), expectedFile)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "web ok") {
		t.Fatalf("the page test failed: %v\n%s", err, out)
	}
}
