package llm_test

import (
	"net/http/httptest"
	"testing"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// BenchmarkStream measures one whole 64-word simulated generation through
// each adapter and the fake upstream (client and server on this machine).
func BenchmarkStream(b *testing.B) {
	for _, a := range adapters {
		b.Run(a.name, func(b *testing.B) {
			srv := httptest.NewServer(a.newHandler().WithSimulation(llmfake.Simulation{Tokens: 64}).WithoutRecording())
			defer srv.Close()
			p := a.newClient(srv.URL, srv.Client())
			req := simpleRequest()
			b.ReportAllocs()
			for b.Loop() {
				evs, err := runStream(p, req)
				if err != nil || len(evs) != 66 {
					b.Fatalf("%d events, %v", len(evs), err)
				}
			}
		})
	}
}
