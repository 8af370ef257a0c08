package llmfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SimulatedModel is the model id the simulation lists and answers as.
const SimulatedModel = "simulated"

// Simulation is the default behaviour of a handler without scripts: any
// request gets a deterministic echo-style reply, streamed word by word; a
// message that says "in N words" gets N words (see RequestedWords).
type Simulation struct {
	// TokenInterval is the pause before each word (default 0: as fast
	// as possible).
	TokenInterval time.Duration
	// Tokens is the number of words in a reply (default 32), capped by
	// the request's max tokens (then the finish reason is "length").
	Tokens int
}

// filler is the deterministic text that pads a simulated reply.
var filler = strings.Fields(`This answer comes from the bestchat simulated model, which
needs no API key and costs nothing. It streams one word at a time so that
clients, persistence, usage accounting and cancellation can be exercised
end to end exactly as with a real provider. Replace it with a real model in
your provider settings when you are ready.`)

// Reply returns the simulated reply to a user message and its words as
// streamed: `Simulated reply to: "<first 60 chars>".` padded with filler
// to n words.
func Reply(lastUser string, n int) []string {
	if n <= 0 {
		n = 32
	}
	quote := strings.Join(strings.Fields(lastUser), " ")
	if utf8.RuneCountInString(quote) > 60 {
		quote = string([]rune(quote)[:60]) + "…"
	}
	words := strings.Fields(`Simulated reply to: "` + quote + `".`)
	for i := 0; len(words) < n; i++ {
		words = append(words, filler[i%len(filler)])
	}
	words = words[:max(n, 4)]
	out := make([]string, len(words))
	for i, w := range words {
		if i > 0 {
			w = " " + w
		}
		out[i] = w
	}
	return out
}

// MaxRequestedWords caps the length a message can ask for.
const MaxRequestedWords = 5000

var wordsRequest = regexp.MustCompile(`(?i)\bin (\d{1,5}) words\b`)

// RequestedWords returns the reply length a user message asks for with
// "in N words" ("Tell me a story in 300 words"), capped at
// MaxRequestedWords, or 0 when it asks for none. This is how a person or
// a test gets a long (or short) simulated answer without restarting the
// simulation.
func RequestedWords(lastUser string) int {
	m := wordsRequest.FindStringSubmatch(lastUser)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 {
		return 0
	}
	return min(n, MaxRequestedWords)
}

// EstimateTokens approximates a token count as ceil(chars/4).
func EstimateTokens(s string) int {
	return (utf8.RuneCountInString(s) + 3) / 4
}

// toolDirective is how a user asks the simulated model for a tool call:
// [[tool:NAME {"json":"arguments"}]] anywhere in the message (several
// directives make parallel calls; the arguments default to {}).
var toolDirective = regexp.MustCompile(`\[\[tool:([A-Za-z0-9_-]{1,64})\s*(\{.*?\})?\]\]`)

// ToolCalls returns the tool calls the simulated model makes for a user
// message: one per [[tool:NAME {args}]] directive, with ids call_sim_1,
// call_sim_2, ...
func ToolCalls(lastUser string) []ToolCall {
	var calls []ToolCall
	for i, m := range toolDirective.FindAllStringSubmatch(lastUser, 8) {
		args := m[2]
		if args == "" {
			args = "{}"
		}
		calls = append(calls, ToolCall{ID: "call_sim_" + strconv.Itoa(i+1), Name: m[1], Arguments: args, Chunks: 3})
	}
	return calls
}

// citeDirective is how a user asks the simulated model to cite a web
// page: [[cite:URL]] anywhere in the message (an http or https URL).
var citeDirective = regexp.MustCompile(`\[\[cite:(https?://[^\s\]]{1,1000})\]\]`)

// Citations returns the sources the simulated model cites for a user
// message: one per [[cite:URL]] directive, in order (the same URL as
// often as it is named), titled "Source N", streamed after the reply's
// first word.
func Citations(lastUser string) []Citation {
	var cs []Citation
	for i, m := range citeDirective.FindAllStringSubmatch(lastUser, 8) {
		cs = append(cs, Citation{URL: m[1], Title: "Source " + strconv.Itoa(i+1), Before: 1})
	}
	return cs
}

// script builds the simulated answer to req. A user message with tool
// directives gets the tool calls first; once the results came back, the
// reply quotes them.
func (sim Simulation) script(req *request) Script {
	input := 0
	for _, t := range req.Texts {
		input += EstimateTokens(t)
	}
	if calls := ToolCalls(req.LastUser); len(calls) > 0 && len(req.ToolResults) == 0 {
		return Script{
			Tokens: []string{"Calling", " tools."}, Interval: sim.TokenInterval, ToolCalls: calls,
			Usage: &Usage{Input: input, Output: 4 + EstimateTokens(fmt.Sprint(calls))},
		}
	}
	if len(req.ToolResults) > 0 {
		quote := strings.Join(req.ToolResults, " | ")
		if utf8.RuneCountInString(quote) > 200 {
			quote = string([]rune(quote)[:200]) + "…"
		}
		words := strings.Fields("The tools answered: " + quote)
		for i := 1; i < len(words); i++ {
			words[i] = " " + words[i]
		}
		return Script{Tokens: words, Interval: sim.TokenInterval,
			Usage: &Usage{Input: input, Output: EstimateTokens(strings.Join(words, ""))}}
	}
	n := sim.Tokens
	if w := RequestedWords(req.LastUser); w > 0 {
		n = w
	}
	words := Reply(req.LastUser, n)
	finish := ""
	if req.MaxTokens > 0 {
		total := 0
		for i, w := range words {
			total += EstimateTokens(w)
			if total > req.MaxTokens {
				words = words[:max(i, 1)]
				finish = "length"
				break
			}
		}
	}
	out := EstimateTokens(strings.Join(words, ""))
	s := Script{
		Tokens:    words,
		Interval:  sim.TokenInterval,
		Usage:     &Usage{Input: input, Output: out},
		Citations: Citations(req.LastUser),
	}
	if finish != "" {
		s.FinishReason = finish
	}
	return s
}

// NewMux returns the simulated endpoints of both providers on one mux, as
// cmd/fakellm serves them: POST /v1/chat/completions (OpenAI), POST
// /v1/messages (Anthropic), GET /v1/models (Anthropic's format when the
// request carries anthropic-version or x-api-key, else OpenAI's) and GET
// /healthz.
func NewMux(sim Simulation) *http.ServeMux {
	oa := NewOpenAI().WithSimulation(sim).WithoutRecording()
	an := NewAnthropic().WithSimulation(sim).WithoutRecording()
	mux := http.NewServeMux()
	mux.Handle("POST /v1/chat/completions", oa)
	mux.Handle("POST /v1/messages", an)
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Anthropic-Version") != "" || r.Header.Get("X-Api-Key") != "" {
			writeModels(w, protoAnthropic)
			return
		}
		writeModels(w, protoOpenAI)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	return mux
}

// rawJSON returns s as raw JSON when valid, else as a string.
func rawJSON(s string) any {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	return s
}
