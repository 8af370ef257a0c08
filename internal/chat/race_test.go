package chat_test

import (
	"sync"
	"testing"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestRacingSendsCallTheProviderOnlyForAcceptedTurns: sends that race on
// one conversation are refused (FailedPrecondition: the branch ends at the
// other's streaming answer) without any call to the provider: the wire
// fake sees exactly one request per accepted turn.
func TestRacingSendsCallTheProviderOnlyForAcceptedTurns(t *testing.T) {
	t.Parallel()
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			env, up := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"ok"}})
			c := env.Clients(t, p, "alice")
			conv := createConv(t, c, "openai", "gpt-4o")
			accepted, refused := 0, 0
			for range 8 {
				start := make(chan struct{})
				errs := make([]error, 3)
				var wg sync.WaitGroup
				for i := range errs {
					wg.Go(func() {
						<-start
						_, errs[i] = send(t, c, conv, "hi", "")
					})
				}
				close(start)
				wg.Wait()
				for _, err := range errs {
					switch {
					case err == nil:
						accepted++
					case connect.CodeOf(err) == connect.CodeFailedPrecondition:
						refused++
					default:
						t.Fatalf("racing send: %v, want success or FailedPrecondition", err)
					}
				}
			}
			if refused == 0 {
				t.Fatal("no send was refused: the sends did not race")
			}
			if n := len(up.Requests()); n != accepted {
				t.Fatalf("%d provider calls for %d accepted turns (%d refused): a refused turn called the provider", n, accepted, refused)
			}
		})
	}
}
