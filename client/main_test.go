package client_test

import (
	"os"
	"testing"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// The server the examples call (see TestMain), as a program would get its
// URL and token from its configuration.
var (
	serverURL string
	token     string
)

// TestMain starts one bestchatd (a fresh database, the simulated model)
// for the examples, which have no testing.T of their own.
func TestMain(m *testing.M) {
	os.Exit(servertest.Main(m, func(t testing.TB) {
		env := servertest.New(t, servertest.Options{
			Env: servertest.Simulated(t, llmfake.Simulation{Tokens: 12}),
		})
		serverURL, token = env.URL, env.Token(t, "example-user")
	}))
}
