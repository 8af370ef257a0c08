package llmfake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// protocol is the wire format a Handler speaks.
type protocol int

const (
	protoOpenAI protocol = iota
	protoAnthropic
)

// Handler is a fake provider endpoint. It is safe for concurrent use.
type Handler struct {
	proto   protocol
	scripts []Script
	sim     Simulation
	// noRecord keeps requests out of reqs (long-running servers).
	noRecord bool

	mu      sync.Mutex
	reqs    []*Recorded
	served  int
	arrived chan struct{} // closed and replaced when a request arrives
}

// NewOpenAI returns a handler speaking OpenAI's chat-completions protocol:
// POST .../chat/completions streams, GET .../models lists the models. It
// plays scripts in order, repeating the last; with none it runs the
// default [Simulation].
func NewOpenAI(scripts ...Script) *Handler {
	return &Handler{proto: protoOpenAI, scripts: scripts, arrived: make(chan struct{})}
}

// NewAnthropic returns a handler speaking Anthropic's Messages protocol:
// POST .../messages streams, GET .../models lists the models. Scripts work
// as for [NewOpenAI].
func NewAnthropic(scripts ...Script) *Handler {
	return &Handler{proto: protoAnthropic, scripts: scripts, arrived: make(chan struct{})}
}

// WithSimulation sets the simulation used when the handler has no scripts.
// Call it before serving.
func (h *Handler) WithSimulation(sim Simulation) *Handler {
	h.sim = sim
	return h
}

// WithoutRecording stops the handler from keeping requests, so a
// long-running server does not grow; Requests and WaitRequest then see
// nothing. Call it before serving.
func (h *Handler) WithoutRecording() *Handler {
	h.noRecord = true
	return h
}

// Recorded is a request the handler received.
type Recorded struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte

	cancelled chan struct{}
	done      chan struct{}
	once      sync.Once
}

// Cancelled is closed when the client went away (closed the connection or
// reset the stream) before the handler finished its response.
func (r *Recorded) Cancelled() <-chan struct{} { return r.cancelled }

// Done is closed when the handler has returned.
func (r *Recorded) Done() <-chan struct{} { return r.done }

// WasCancelled reports whether Cancelled is closed.
func (r *Recorded) WasCancelled() bool {
	select {
	case <-r.cancelled:
		return true
	default:
		return false
	}
}

// JSON decodes the request body into v.
func (r *Recorded) JSON(v any) error { return json.Unmarshal(r.Body, v) }

func (r *Recorded) markCancelled() { r.once.Do(func() { close(r.cancelled) }) }

// Requests returns the requests received so far, oldest first.
func (h *Handler) Requests() []*Recorded {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*Recorded(nil), h.reqs...)
}

// WaitRequest waits until the i-th request (0-based) has arrived.
func (h *Handler) WaitRequest(ctx context.Context, i int) (*Recorded, error) {
	for {
		h.mu.Lock()
		if i < len(h.reqs) {
			r := h.reqs[i]
			h.mu.Unlock()
			return r, nil
		}
		ch := h.arrived
		h.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (h *Handler) record(r *http.Request, body []byte) (*Recorded, int) {
	rec := &Recorded{
		Method:    r.Method,
		Path:      r.URL.Path,
		Header:    r.Header.Clone(),
		Body:      body,
		cancelled: make(chan struct{}),
		done:      make(chan struct{}),
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.served
	h.served++
	if !h.noRecord {
		h.reqs = append(h.reqs, rec)
		close(h.arrived)
		h.arrived = make(chan struct{})
	}
	return rec, n
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/models") {
		writeModels(w, h.proto)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// Keep reading and writing at once (golang/go#40747) and read the
	// whole body first, so the server notices a client that goes away.
	_ = http.NewResponseController(w).EnableFullDuplex()
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		http.Error(w, "reading body", http.StatusBadRequest)
		return
	}
	rec, n := h.record(r, body)
	defer close(rec.done)

	req := parseRequest(h.proto, body)
	var script Script
	if len(h.scripts) > 0 {
		script = h.scripts[min(n, len(h.scripts)-1)]
	} else {
		script = h.sim.script(&req)
	}
	script = script.withKey(r)
	if script.StallHeaders {
		<-r.Context().Done()
		rec.markCancelled()
		return
	}
	for k, v := range script.Headers {
		w.Header().Set(k, v)
	}
	if script.Status != 0 && script.Status != http.StatusOK {
		writeError(w, r, h.proto, &script)
		return
	}
	if !req.Stream {
		writeWhole(w, h.proto, &script, &req)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	p := &player{
		w:         &chunkWriter{w: w, rc: http.NewResponseController(w), size: script.ChunkSize, pause: script.ChunkInterval},
		ctx:       r.Context(),
		s:         &script,
		req:       &req,
		anthropic: h.proto == protoAnthropic,
	}
	finished := false
	switch {
	case script.Transcript != nil:
		finished = p.w.write(r.Context(), script.Transcript) == nil
		p.writeFailed = !finished
	case h.proto == protoOpenAI:
		finished = p.playOpenAI()
	case h.proto == protoAnthropic:
		finished = p.playAnthropic()
	}
	if !finished && (r.Context().Err() != nil || p.writeFailed) {
		rec.markCancelled()
	}
	if p.cut {
		// Drop the connection mid-response: HTTP/1.1 closes it without
		// the final chunk, HTTP/2 resets the stream.
		panic(http.ErrAbortHandler)
	}
}

// player streams one script.
type player struct {
	w           *chunkWriter
	ctx         context.Context
	s           *Script
	req         *request
	timer       *time.Timer
	writeFailed bool
	cut         bool
	textSent    int
	anthropic   bool
}

// pause waits Interval before a delta; false when the client went away.
func (p *player) pause() bool {
	if p.s.Interval <= 0 {
		return p.ctx.Err() == nil
	}
	if p.timer == nil {
		p.timer = time.NewTimer(p.s.Interval)
	} else {
		p.timer.Reset(p.s.Interval)
	}
	select {
	case <-p.timer.C:
		return true
	case <-p.ctx.Done():
		p.timer.Stop()
		return false
	}
}

// send writes and flushes b; false when the client went away.
func (p *player) send(b []byte) bool {
	if err := p.w.write(p.ctx, b); err != nil {
		p.writeFailed = true
		return false
	}
	return true
}

// fault runs the scripted fault if it is due; it returns true when the
// stream must stop. errEvent writes the provider's error event.
func (p *player) fault(errEvent func() bool) (stop bool) {
	if p.s.Fault == FaultNone || p.textSent != p.s.FaultAfter {
		return false
	}
	switch p.s.Fault {
	case FaultErrorEvent:
		errEvent()
	case FaultCut:
		p.cut = true
	case FaultStall:
		<-p.ctx.Done()
	}
	return true
}

// chunkWriter writes SSE bytes, optionally in small flushed pieces.
type chunkWriter struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	size  int
	pause time.Duration
}

func (c *chunkWriter) write(ctx context.Context, b []byte) error {
	if c.size <= 0 {
		if _, err := c.w.Write(b); err != nil {
			return err
		}
		return c.rc.Flush()
	}
	for len(b) > 0 {
		n := min(c.size, len(b))
		if _, err := c.w.Write(b[:n]); err != nil {
			return err
		}
		if err := c.rc.Flush(); err != nil {
			return err
		}
		b = b[n:]
		if c.pause > 0 && len(b) > 0 {
			select {
			case <-time.After(c.pause):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// writeJSON writes v as a JSON response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// mustJSON marshals v, which is always marshalable here.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// request is what the fakes read from a request body, whatever the
// protocol.
type request struct {
	Model        string
	Stream       bool
	IncludeUsage bool
	MaxTokens    int
	// Texts are the text contents of the system prompt and the messages.
	Texts []string
	// LastUser is the text of the last user message.
	LastUser string
	// ToolResults are the tool results sent after the last user message
	// (OpenAI tool messages, Anthropic tool_result blocks), in order.
	ToolResults []string
}

func parseRequest(proto protocol, body []byte) request {
	var raw struct {
		Model         string `json:"model"`
		Stream        bool   `json:"stream"`
		StreamOptions *struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
		MaxTokens           int             `json:"max_tokens"`
		MaxCompletionTokens int             `json:"max_completion_tokens"`
		System              json.RawMessage `json:"system"`
		Messages            []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	_ = json.Unmarshal(body, &raw)
	r := request{Model: raw.Model, Stream: raw.Stream, MaxTokens: raw.MaxTokens}
	if raw.MaxCompletionTokens > 0 {
		r.MaxTokens = raw.MaxCompletionTokens
	}
	if raw.StreamOptions != nil {
		r.IncludeUsage = raw.StreamOptions.IncludeUsage
	}
	if proto == protoAnthropic {
		r.IncludeUsage = true
	}
	if t := contentText(raw.System); t != "" {
		r.Texts = append(r.Texts, t)
	}
	for _, m := range raw.Messages {
		t := contentText(m.Content)
		r.Texts = append(r.Texts, t)
		switch {
		case m.Role == "tool":
			r.ToolResults = append(r.ToolResults, t)
		case m.Role == "user" && t != "":
			r.LastUser, r.ToolResults = t, nil
		case m.Role == "user":
			r.ToolResults = append(r.ToolResults, toolResultTexts(m.Content)...)
		}
	}
	return r
}

// toolResultTexts returns the contents of Anthropic tool_result blocks.
func toolResultTexts(raw json.RawMessage) []string {
	var parts []struct {
		Type    string          `json:"type"`
		Content json.RawMessage `json:"content"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return nil
	}
	var out []string
	for _, p := range parts {
		if p.Type == "tool_result" {
			out = append(out, contentText(p.Content))
		}
	}
	return out
}

// contentText extracts the text of a content field: a string, or an array
// of parts with "text" (OpenAI and Anthropic text blocks; Anthropic
// tool_result blocks are skipped so the last user message is the human's).
func contentText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" || p.Type == "" {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func writeModels(w http.ResponseWriter, proto protocol) {
	if proto == protoAnthropic {
		writeJSON(w, http.StatusOK, map[string]any{
			"data": []any{map[string]any{
				"type": "model", "id": SimulatedModel, "display_name": "Simulated",
				"created_at": "2025-01-01T00:00:00Z",
			}},
			"has_more": false, "first_id": SimulatedModel, "last_id": SimulatedModel,
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list",
		"data": []any{map[string]any{
			"id": SimulatedModel, "object": "model", "created": 1735689600, "owned_by": "bestchat",
		}},
	})
}
