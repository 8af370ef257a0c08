package server_test

import (
	"net/http"
	"testing"

	"github.com/bestchat/bestchat/internal/servertest"
)

// TestMetricsAreNotOnTheAPIPort: /metrics and pprof are served by
// bestchatd's own metrics listener, never by the API's handler.
func TestMetricsAreNotOnTheAPIPort(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		req, err := http.NewRequestWithContext(servertest.Context(t), http.MethodGet, env.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s on the API port: %s, want 404", path, resp.Status)
		}
	}
}
