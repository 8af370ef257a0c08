package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

func TestSSEContent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want string
		ok   bool
	}{
		{`data: {"choices":[{"delta":{"content":" word"},"index":0}]}`, " word", true},
		{`data: {"choices":[{"delta":{"content":"","refusal":null,"role":"assistant"}}]}`, "", false},
		{`data: {"choices":[{"delta":{"content":" \"q\"."}}]}`, ` \"q\".`, true},
		{`data: {"choices":[{"delta":{},"finish_reason":"stop"}]}`, "", false},
		{`data: [DONE]`, "", false},
	}
	for _, tt := range tests {
		got, ok := sseContent([]byte(tt.line))
		if ok != tt.ok || string(got) != tt.want {
			t.Errorf("sseContent(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
	text, err := unescapeJSON([]byte(` \"q\".`))
	if err != nil || string(text) != ` "q".` {
		t.Errorf("unescapeJSON = %q, %v", text, err)
	}
}

func TestStreamID(t *testing.T) {
	t.Parallel()
	if got := streamID([]byte(`{"messages":[{"role":"user","content":"benchstream-42: hello"}]}`)); got != 42 {
		t.Errorf("streamID = %d, want 42", got)
	}
	if got := streamID([]byte(`{"messages":[]}`)); got != 0 {
		t.Errorf("streamID without marker = %d, want 0", got)
	}
}

// TestAnalyseCoalesced checks that a word's arrival is the arrival of the
// piece that completes it when a server merges deltas.
func TestAnalyseCoalesced(t *testing.T) {
	t.Parallel()
	o := &observation{id: 7, text: streamMarker + "7: hello", start: 100}
	words := llmfake.Reply(o.text, 6)
	// Words 0-1 in one piece at 1000, 2 alone at 2000, 3-5 at 3000.
	// The bytes of each piece were read 10 ns before it was decoded.
	o.read = 990
	o.piece(1000, []byte(words[0]+words[1]))
	o.read = 1990
	o.piece(2000, []byte(words[2]))
	o.read = 2990
	o.piece(3000, []byte(strings.Join(words[3:], "")))
	o.wrote.Store(130) // the client's transport wrote the request
	rec := &upstreamRecord{arrived: 150, writes: []int64{900, 950, 1900, 2700, 2800, 2900}}
	r := analyse(o, rec, 6)
	if r.err != "" || r.mismatch {
		t.Fatalf("analyse: err %q mismatch %v", r.err, r.mismatch)
	}
	if r.ttft != 900 || r.request != 50 || r.send != 30 || r.words != 6 {
		t.Errorf("ttft %d request %d send %d words %d; want 900 50 30 6", r.ttft, r.request, r.send, r.words)
	}
	wantGaps := []int64{0, 1000, 1000, 0, 0}
	wantDelivery := []int64{100, 50, 100, 300, 200, 100}
	if !equal(r.gaps, wantGaps) || !equal(r.delivery, wantDelivery) || r.maxGap != 1000 {
		t.Errorf("gaps %v delivery %v max %d; want %v %v 1000", r.gaps, r.delivery, r.maxGap, wantGaps, wantDelivery)
	}
	if wantRead := []int64{90, 40, 90, 290, 190, 90}; !equal(r.readDelivery, wantRead) {
		t.Errorf("delivery to the read %v; want %v", r.readDelivery, wantRead)
	}
}

// TestAnalyseCut keeps the whole words of a stream the bench cut short.
func TestAnalyseCut(t *testing.T) {
	t.Parallel()
	o := &observation{id: 9, text: streamMarker + "9: hello", start: 0, cut: true}
	words := llmfake.Reply(o.text, 10)
	o.piece(100, []byte(words[0]))
	o.piece(200, []byte(words[1]+words[2][:2])) // a word cut in half
	rec := &upstreamRecord{writes: []int64{50, 150, 160, 170}}
	r := analyse(o, rec, 10)
	if r.err != "" || r.mismatch || r.words != 2 || r.ttft != 100 || len(r.delivery) != 2 || r.delivery[1] != 50 || r.send != -1 {
		t.Errorf("cut stream: %+v", r)
	}
	o.cut = false
	if r := analyse(o, rec, 10); !r.mismatch {
		t.Error("a short stream that was not cut is not flagged")
	}
}

func TestAnalyseMismatch(t *testing.T) {
	t.Parallel()
	o := &observation{id: 8, text: streamMarker + "8: hello", start: 0}
	o.piece(10, []byte("something else"))
	if r := analyse(o, nil, 6); !r.mismatch {
		t.Error("a wrong reply is not flagged")
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPctAndStallFree(t *testing.T) {
	t.Parallel()
	xs := make([]int64, 100)
	for i := range xs {
		xs[i] = int64(i+1) * 1000
	}
	if p, _ := pct(xs, 0.5); p != 50 {
		t.Errorf("p50 = %v µs, want 50", p)
	}
	if p, _ := pct(xs, 0.99); p != 99 {
		t.Errorf("p99 = %v µs, want 99", p)
	}
	levels := []*sweepLevel{{Streams: 64, Runs: 1}, {Streams: 128, Runs: 1}, {Streams: 256, Runs: 1, Stalled: 3}, {Streams: 512, Runs: 1}}
	if got := stallFree(levels, 0); got != 128 {
		t.Errorf("stallFree = %d, want 128", got)
	}
	late, onTime := 300e3, 50e3
	levels[0].DeliveryP99US, levels[1].DeliveryP99US = &onTime, &late
	if got := stallFree(levels, 200e3); got != 64 {
		t.Errorf("on-time stallFree = %d, want 64", got)
	}
}

func TestMetricsSum(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("# TYPE bestchat_db_queries_total counter\n" +
			"bestchat_db_queries_total{outcome=\"ok\"} 40\n" +
			"bestchat_db_queries_total{outcome=\"error\"} 2\n" +
			"bestchat_db_queries_total_other 100\n"))
	}))
	defer srv.Close()
	sum, ok, err := metricsSum(t.Context(), srv.URL, "bestchat_db_queries_total")
	if err != nil || !ok || sum != 42 {
		t.Errorf("metricsSum = %v, %v, %v; want 42, true, nil", sum, ok, err)
	}
}

// TestUpstreamRecords runs one real stream through the fake and the SSE
// client, over https (HTTP/2) and plain HTTP, and checks what both sides
// recorded and the protocol the call took.
func TestUpstreamRecords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		https bool
		proto string
	}{{"https", true, "HTTP/2.0"}, {"plain", false, "HTTP/1.1"}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := ""
			if tc.https {
				dir = t.TempDir()
			}
			up, err := startUpstream(t.Context(), dir)
			if err != nil {
				t.Fatal(err)
			}
			defer up.close()
			if tc.https != (len(up.childEnv()) == 1) || tc.https != strings.HasPrefix(up.url, "https://") {
				t.Fatalf("url %s, child env %v", up.url, up.childEnv())
			}
			up.setSimulation(simulation(8, time.Millisecond))
			c := newSSEClient(up.url, 4, up.roots)
			o := newObservation(nil)
			if err := c.stream(t.Context(), handle{}, o); err != nil {
				t.Fatal(err)
			}
			r := analyse(o, up.take(o.id, time.Now().Add(time.Second)), 8)
			if r.err != "" || r.mismatch || r.words != 8 || len(r.delivery) != 8 || r.request < 0 {
				t.Errorf("result %+v", r)
			}
			resp, err := c.hc.Get(up.url + "/v1/models")
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.Proto != tc.proto {
				t.Errorf("protocol %s, want %s", resp.Proto, tc.proto)
			}
		})
	}
}

// TestUserAssignment checks that a batch puts at most streamsPerUser
// streams on a user, takes ceil(n/streamsPerUser) users, never reuses an
// earlier batch's users, and that the tokens verify as the dev server
// verifies them.
func TestUserAssignment(t *testing.T) {
	t.Parallel()
	u := &benchUsers{secret: bytes.Repeat([]byte{7}, 32)}
	seen := map[string]bool{}
	for _, n := range []int{1, 3, 4, 5, 8, 1000, 1023} {
		names := u.assign(n)
		if len(names) != n {
			t.Fatalf("assign(%d): %d names", n, len(names))
		}
		per := map[string]int{}
		for i, name := range names {
			per[name]++
			if per[name] > streamsPerUser {
				t.Errorf("assign(%d): user %s has more than %d streams", n, name, streamsPerUser)
			}
			if i > 0 && name != names[i-1] && per[name] > 1 {
				t.Errorf("assign(%d): user %s's streams are not contiguous", n, name)
			}
		}
		if want := (n + streamsPerUser - 1) / streamsPerUser; len(per) != want {
			t.Errorf("assign(%d): %d users, want %d", n, len(per), want)
		}
		for name := range per {
			if seen[name] {
				t.Errorf("assign(%d): user %s was in an earlier batch", n, name)
			}
			seen[name] = true
		}
	}

	v, err := authn.New(authn.Config{HS256Secret: u.secret, Issuer: authn.DevIssuer, Audience: authn.DevAudience})
	if err != nil {
		t.Fatal(err)
	}
	first := u.last.Load() + 1
	auths, err := u.batch(6)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range auths {
		tok, ok := strings.CutPrefix(a, "Bearer ")
		if !ok {
			t.Fatalf("auth %q has no Bearer prefix", a)
		}
		sub, err := v.Verify(t.Context(), tok)
		if want := userName(first + int64(i/streamsPerUser)); err != nil || sub != want {
			t.Errorf("stream %d: token for %q, %v; want %q", i, sub, err, want)
		}
	}
}
