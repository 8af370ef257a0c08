package bestchat_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// readmeBlock returns the shell block of README.md between the
// readme-test markers, without its code fence.
func readmeBlock(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "<!-- readme-test: begin -->")
	block, _, ok2 := strings.Cut(rest, "<!-- readme-test: end -->")
	if !ok || !ok2 {
		t.Fatal("README.md has no readme-test block")
	}
	block = strings.TrimSpace(block)
	block = strings.TrimPrefix(block, "```sh")
	block = strings.TrimSuffix(block, "```")
	if !strings.Contains(block, "grpcurl -plaintext") {
		t.Fatal("the readme-test block has no grpcurl call")
	}
	return block
}

// TestReadmeExamplesRunAsPrinted runs the README's grpcurl, buf curl and
// curl block, as printed, against a server with the simulated model; the
// only inputs are the ADDR and TOKEN a reader has after make run.
func TestReadmeExamplesRunAsPrinted(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "jq", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the README's examples need %s: %v", tool, err)
		}
	}
	env := servertest.New(t, servertest.Options{
		Env: servertest.Simulated(t, llmfake.Simulation{TokenInterval: 5 * time.Millisecond}),
	})
	u, err := url.Parse(env.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", readmeBlock(t))
	cmd.Env = append(os.Environ(), "ADDR="+u.Host, "TOKEN="+env.Token(t, "readme-reader"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's examples failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"bestchat.v1.ChatService", // list
		`"status": "SERVING"`,     // health
		`Simulated reply to: \"Plan a day in Lisbon in 40 words\"`, // the streamed answer
		`"pinned": true`, // update_mask
		`Simulated reply to: \"Plan a day in Porto in 30 words\"`, // the edited branch's answer
		"MESSAGE_STATUS_CANCELLED",                                // the cancelled long answer
		`"title":"Lisbon"`,                                        // curl's update
		`"status":"MESSAGE_STATUS_CANCELLED"`,                     // the watch's generation_ended
		"# Lisbon\n",                                              // the Markdown export
		`"formatVersion": 1`,                                      // the JSON export
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the README's examples printed no %s:\n%s", want, out)
		}
	}
	for _, leftover := range []string{"messages.json", "long.json"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("the README's examples left %s behind", leftover)
		}
	}
}
