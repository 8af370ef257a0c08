package chat_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// BenchmarkRequestToUpstream measures what bestchatd adds in front of the
// provider: the time from a client's SendMessage to the provider receiving
// the request, and from the provider flushing a token to the client
// receiving it, for the first token and for later ones. Run with -bench
// RequestToUpstream; figures are reported as p50 metrics (µs), not
// asserted.
func BenchmarkRequestToUpstream(b *testing.B) {
	const tokens = 4
	arrived := make(chan time.Time, 1)
	sent := make(chan time.Time, tokens)
	fake := llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"x", "x", "x", "x"}, Interval: 5 * time.Millisecond})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- time.Now()
		fake.ServeHTTP(&stampWriter{ResponseWriter: w, flushed: sent}, r)
	}))
	defer srv.Close()
	env := openAIEnv(b, fastGen, srv.URL)
	c := env.Clients(b, servertest.Connect, "bench")
	var toUpstream, first, later []time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		resp, err := c.Chat.CreateConversation(servertest.Context(b), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "openai", Model: "gpt-4o"}))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		s, err := c.Chat.SendMessage(servertest.Context(b), connect.NewRequest(&bestchatv1.SendMessageRequest{
			ConversationId: resp.Msg.GetConversation().GetId(),
			Content:        []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "hi"}}},
		}))
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for s.Receive() {
			// Tokens 5 ms apart arrive one event each.
			for range strings.Count(s.Msg().GetEvent().GetTextDelta().GetText(), "x") {
				d := time.Since(<-sent)
				if n == 0 {
					first = append(first, d)
				} else {
					later = append(later, d)
				}
				n++
			}
		}
		toUpstream = append(toUpstream, (<-arrived).Sub(start))
		if err := s.Err(); err != nil {
			b.Fatal(err)
		}
		_ = s.Close()
		if n != tokens {
			b.Fatalf("%d tokens, want %d", n, tokens)
		}
	}
	b.ReportMetric(p50us(toUpstream), "µs-to-upstream-p50")
	b.ReportMetric(p50us(first), "µs-first-token-to-client-p50")
	b.ReportMetric(p50us(later), "µs-later-token-to-client-p50")
}

// stampWriter records when each SSE data chunk with answer text is
// flushed.
type stampWriter struct {
	http.ResponseWriter
	flushed chan time.Time
	armed   bool
}

func (w *stampWriter) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(`"content":"x"`)) {
		w.armed = true
	}
	return w.ResponseWriter.Write(p)
}

func (w *stampWriter) Flush() {
	w.ResponseWriter.(http.Flusher).Flush()
	if w.armed {
		w.armed = false
		w.flushed <- time.Now()
	}
}

func p50us(d []time.Duration) float64 {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return float64(d[len(d)/2].Microseconds())
}

// BenchmarkStreamTokens streams many tokens to many concurrent clients
// (Connect over HTTP/1.1) and reports the server's cost per delivered
// token; profile it with -cpuprofile to see where a token's time goes.
func BenchmarkStreamTokens(b *testing.B) {
	const streams, tokens = 64, 200
	toks := make([]string, tokens)
	for i := range toks {
		toks[i] = " tok"
	}
	fake := llmfake.NewOpenAI(llmfake.Script{Tokens: toks, Interval: time.Millisecond}).WithoutRecording()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	gen := fastGen
	gen.MaxInFlightPerUser = 1000
	env := openAIEnv(b, gen, srv.URL)
	c := env.Clients(b, servertest.Connect, "bench")
	events := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		convs := make([]string, streams)
		for i := range convs {
			resp, err := c.Chat.CreateConversation(servertest.Context(b), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "openai", Model: "gpt-4o"}))
			if err != nil {
				b.Fatal(err)
			}
			convs[i] = resp.Msg.GetConversation().GetId()
		}
		b.StartTimer()
		done := make(chan [2]int, streams) // tokens, text events
		for _, conv := range convs {
			go func() {
				s, err := c.Chat.SendMessage(servertest.Context(b), connect.NewRequest(&bestchatv1.SendMessageRequest{
					ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "hi"}}},
				}))
				var n [2]int
				if err == nil {
					for s.Receive() {
						if d := s.Msg().GetEvent().GetTextDelta(); d != nil {
							// One event may hold several tokens (joined).
							n[0] += strings.Count(d.GetText(), " tok")
							n[1]++
						}
					}
					_ = s.Close()
				}
				done <- n
			}()
		}
		total := 0
		for range streams {
			n := <-done
			total += n[0]
			events += n[1]
		}
		if total != streams*tokens {
			b.Fatalf("delivered %d tokens, want %d", total, streams*tokens)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*streams*tokens), "µs/token-wall")
	b.ReportMetric(float64(events)/float64(b.N*streams*tokens), "events/token")
}
