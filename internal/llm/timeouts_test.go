package llm_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// TestStalledProviderTimesOut plays a provider that hangs before its
// headers and one that stops mid-stream, over plain HTTP and https, against both adapters: each call ends with
// a classified error once its timeout runs out, and the upstream sees the
// connection go.
func TestStalledProviderTimesOut(t *testing.T) {
	t.Parallel()
	to := llm.Timeouts{Header: 200 * time.Millisecond, Idle: 200 * time.Millisecond}
	stalls := []struct {
		name     string
		script   llmfake.Script
		wantKind llm.Kind
		wantText string
	}{
		{"before headers", llmfake.Script{StallHeaders: true}, llm.KindRetryable, ""},
		{"mid-stream", llmfake.Script{Tokens: []string{"Hel", "lo", " never"}, Fault: llmfake.FaultStall, FaultAfter: 2}, llm.KindInterrupted, "Hello"},
	}
	for _, a := range adapters {
		for _, tls := range []bool{false, true} {
			for _, st := range stalls {
				name := a.name + "/http/" + st.name
				if tls {
					name = a.name + "/https/" + st.name
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					h := a.newHandler(st.script)
					var srv *httptest.Server
					var hc *http.Client
					if tls {
						srv = httptest.NewTLSServer(h)
						hc = llm.NewHTTPClientTrusting(to, srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs)
					} else {
						srv = httptest.NewServer(h)
						hc = llm.NewHTTPClientWith(to)
					}
					t.Cleanup(srv.Close)
					t.Cleanup(hc.CloseIdleConnections)
					// A bound far above the timeouts: only a call that
					// never times out reaches it.
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					p := a.newClient(srv.URL, hc)
					var text string
					s, err := p.Stream(ctx, simpleRequest())
					if err == nil {
						for {
							var ev llm.Event
							ev, err = s.Next(ctx)
							if err != nil {
								break
							}
							text += ev.Text
						}
						_ = s.Close()
					}
					if ctx.Err() != nil {
						t.Fatalf("the call did not time out: %v", err)
					}
					le, ok := llm.AsError(err)
					if !ok {
						t.Fatalf("got %T %v, want an *llm.Error", err, err)
					}
					if le.Kind != st.wantKind || text != st.wantText {
						t.Errorf("got kind %v text %q (%v), want %v %q", le.Kind, text, err, st.wantKind, st.wantText)
					}
					var se *llm.StallError
					if !errors.As(err, &se) || se.Headers != st.script.StallHeaders {
						t.Errorf("error %v is not a StallError (headers %v)", err, st.script.StallHeaders)
					}
					rec, err := h.WaitRequest(ctx, 0)
					if err != nil {
						t.Fatal(err)
					}
					select {
					case <-rec.Cancelled():
					case <-ctx.Done():
						t.Fatal("the upstream never saw the call go")
					}
				})
			}
		}
	}
}
