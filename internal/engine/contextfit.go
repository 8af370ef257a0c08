package engine

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// Fitting a conversation into the model's context window (DESIGN §4.3).
//
// The request is built per stored message (a segment: a user message, or
// an assistant answer with its tool calls and results) and the segments
// are grouped into exchanges: a user message and the answers after it.
// When the estimate of the whole request does not fit the window minus
// the output reserve, whole exchanges are dropped, oldest first after the
// first one (which often states the task, as Cline keeps it), then the
// first one too; the current exchange is always kept. Dropping whole
// exchanges never orphans a tool result: an answer's calls and results
// are one segment. The estimate is deliberately rough (bytes/4 with a
// margin, a flat price per image or document); when the provider still
// reports an overflow before any output, the turn fits again to three
// quarters of what it sent and retries once (runState.refit).

// segment is the request messages of one stored message.
type segment struct {
	id     uuid.UUID
	user   bool // a user message: it starts an exchange
	msgs   []llm.Message
	tokens int64
}

// contextFit is what fitting did to a turn's request: recorded as a
// context optimization and told to the client as a ContextOptimized event.
type contextFit struct {
	strategy         dbenum.ContextStrategy
	tokensBefore     int64
	tokensAfter      int64
	messagesAffected int
	// summary is the model-written summary of the dropped exchanges
	// (strategy summarize), coversThrough the last message it covers.
	summary       string
	coversThrough uuid.UUID
	// dropped are the segments left out, in conversation order.
	dropped []segment
}

// Token estimates.
const (
	// bytesPerToken is the estimate's ratio; English runs near 4, code
	// and non-Latin scripts lower, hence the margin.
	bytesPerToken = 4
	// estimateMarginPct inflates the estimate to cover what bytes/4 misses.
	estimateMarginPct = 10
	// messageOverheadTokens is what a message costs beyond its text (role
	// markers, separators).
	messageOverheadTokens = 4
	// mediaTokens is the flat estimate of an image or a document part.
	mediaTokens = 1000
)

// estimateTokens estimates what msgs cost as prompt tokens.
func estimateTokens(msgs []llm.Message) int64 {
	var n int64
	for i := range msgs {
		m := &msgs[i]
		bytes := 0
		for _, p := range m.Parts {
			switch p.Type {
			case llm.PartImage, llm.PartDocument:
				n += mediaTokens
			default:
				bytes += len(p.Text) + len(p.Data)
			}
		}
		for _, c := range m.ToolCalls {
			bytes += len(c.Name) + len(c.Arguments)
		}
		n += messageOverheadTokens + int64(bytes+bytesPerToken-1)/bytesPerToken
	}
	return n * (100 + estimateMarginPct) / 100
}

// estimateText estimates a plain text (the system prompt).
func estimateText(s string) int64 {
	return (int64(len(s)+bytesPerToken-1) / bytesPerToken) * (100 + estimateMarginPct) / 100
}

// promptBudget is what the prompt may take of a window of window tokens
// when reserve tokens are kept for the output; 0 when the window is
// unknown (nothing is fitted).
func promptBudget(window int64, reserve int) int64 {
	if window <= 0 {
		return 0
	}
	return max(window-int64(reserve), window/4)
}

// fitSegments keeps the exchanges of segs that fit budget with the system
// prompt's estimate system, dropping whole exchanges oldest first after the
// first one, then the first one; the last exchange always stays. It
// returns the segments kept, and what was dropped (nil when everything
// fits, or when nothing could be dropped).
func fitSegments(segs []segment, system, budget int64) ([]segment, *contextFit) {
	if budget <= 0 {
		return segs, nil
	}
	total := system
	for _, s := range segs {
		total += s.tokens
	}
	if total <= budget {
		return segs, nil
	}
	// Exchange boundaries: the index where each exchange starts.
	var starts []int
	for i, s := range segs {
		if s.user || i == 0 {
			starts = append(starts, i)
		}
	}
	if len(starts) < 2 {
		return segs, nil // one exchange: nothing can go
	}
	size := func(x int) (tokens int64, n int) {
		end := len(segs)
		if x+1 < len(starts) {
			end = starts[x+1]
		}
		for _, s := range segs[starts[x]:end] {
			tokens += s.tokens
		}
		return tokens, end - starts[x]
	}
	drop := make([]bool, len(starts))
	fit := &contextFit{strategy: dbenum.StrategyTruncate, tokensBefore: total}
	last := len(starts) - 1
	// Oldest first after the first exchange, then the first.
	order := make([]int, 0, last)
	for x := 1; x < last; x++ {
		order = append(order, x)
	}
	order = append(order, 0)
	for _, x := range order {
		if total <= budget {
			break
		}
		t, n := size(x)
		drop[x] = true
		total -= t
		fit.messagesAffected += n
	}
	kept := make([]segment, 0, len(segs))
	for x := range starts {
		if drop[x] {
			end := len(segs)
			if x+1 < len(starts) {
				end = starts[x+1]
			}
			fit.coversThrough = segs[end-1].id
			fit.dropped = append(fit.dropped, segs[starts[x]:end]...)
			continue
		}
		end := len(segs)
		if x+1 < len(starts) {
			end = starts[x+1]
		}
		kept = append(kept, segs[starts[x]:end]...)
	}
	fit.tokensAfter = total
	return kept, fit
}

// flatten returns the request messages of segs, in order.
func flatten(segs []segment) []llm.Message {
	n := 0
	for _, s := range segs {
		n += len(s.msgs)
	}
	out := make([]llm.Message, 0, n)
	for _, s := range segs {
		out = append(out, s.msgs...)
	}
	return out
}

// recordFit stores a fit as a context optimization of the turn and tells
// the streams with a ContextOptimized event. A failed insert is logged:
// the event still says what the model was sent.
func (r *runState) recordFit(ctx context.Context, fit *contextFit) {
	id := uuid.New()
	created := time.Now()
	p := dbsqlc.InsertContextOptimizationParams{
		ID: id, UserID: r.st.conv.UserID, ConversationID: r.st.conv.ID,
		MessageID: uuid.NullUUID{UUID: r.g.messageID, Valid: true}, Strategy: fit.strategy,
		TokensBefore: fit.tokensBefore, TokensAfter: fit.tokensAfter, MessagesAffected: int32(fit.messagesAffected),
		Summary: fit.summary,
	}
	if fit.coversThrough != uuid.Nil {
		p.CoversThroughMessageID = uuid.NullUUID{UUID: fit.coversThrough, Valid: true}
	}
	if at, err := r.e.q.InsertContextOptimization(ctx, p); err != nil {
		r.e.logger.Warn("record context optimization", "message_id", r.g.messageID, "err", err)
	} else {
		created = at
	}
	r.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ContextOptimized{ContextOptimized: &bestchatv1.ContextOptimized{
		Optimization: &bestchatv1.ContextOptimization{
			Id: id.String(), Strategy: fit.strategy.Proto(), TokensBefore: fit.tokensBefore, TokensAfter: fit.tokensAfter,
			MessagesAffected: int32(fit.messagesAffected), CreateTime: timestamppb.New(created),
		},
	}}})
}

// refit fits the turn's request again after the provider reported err
// for it before any output: when err is a context-window overflow, the
// request is fitted to three quarters of what was sent (the estimate was
// short), once per turn, on its first call. It reports whether the call
// should be made again with the smaller request.
func (r *runState) refit(ctx context.Context, err error) bool {
	le, ok := llm.AsError(err)
	if !ok || le.Kind != llm.KindContextWindowExceeded || r.fitting == nil || r.refitted || len(r.steps) > 0 {
		return false
	}
	if r.fitting.strategy == dbenum.StrategyNone {
		return false
	}
	r.refitted = true
	sent := r.fitting.system + estimateTokens(r.req.Messages)
	msgs, fit := r.fitting.apply(sent * 3 / 4)
	if fit == nil || fit.tokensAfter >= sent {
		return false // only the current exchange is left: the overflow is the answer
	}
	req := *r.req // r.req may be shared with the speculative call
	req.Messages = msgs
	req.System = r.fitting.systemPrompt
	r.req = &req
	if r.fitting.strategy == dbenum.StrategySummarize {
		r.summarize(ctx, fit)
	}
	r.recordFit(ctx, fit)
	r.e.logger.Info("provider reported a context overflow; sending fewer exchanges",
		"message_id", r.g.messageID, "tokens_sent", sent, "tokens_now", fit.tokensAfter)
	return true
}

// summaryMaxTokens bounds a summary: what fitting keeps free for it in
// the window, and the output cap of the call that writes it.
const summaryMaxTokens = 1024

// summarizerPrompt is the system prompt of the call that writes a summary.
const summarizerPrompt = `You maintain the running summary of a conversation between a user and an AI assistant. Its oldest messages are being removed to fit the model's context window, and your summary replaces them. Keep every fact, decision, name, number, code identifier, file name and open question, and the user's goals and preferences. When a previous summary is given, merge it with the new messages into one summary. Write compact notes in the conversation's language, at most 600 words. Output only the summary.`

// summaryHeader introduces a summary in the turn's system prompt.
const summaryHeader = "[Summary of the earlier part of this conversation; its messages were removed to fit the context window]\n"

// withSummary is system with summary appended.
func withSummary(system, summary string) string {
	if system == "" {
		return summaryHeader + summary
	}
	return system + "\n\n" + summaryHeader + summary
}

// summarize replaces the exchanges fit dropped by a model-written summary
// in the system prompt of r.req (strategy summarize). The conversation's
// last summary is reused when it covers a prefix of what was dropped: as
// is when it covers all of it, else extended with the rest, so a long
// conversation pays for each exchange's summary once. When the summary
// cannot be written (the provider failed, the budget refused the call),
// the turn goes on truncated, and says so.
func (r *runState) summarize(ctx context.Context, fit *contextFit) {
	prior, from := "", 0
	if prev, err := r.e.q.LatestSummary(ctx, dbsqlc.LatestSummaryParams{UserID: r.st.conv.UserID, ConversationID: r.st.conv.ID}); err == nil {
		for i, s := range fit.dropped {
			if s.id == prev.CoversThroughMessageID {
				prior, from = prev.Summary, i+1
			}
		}
	}
	summary := prior
	if from < len(fit.dropped) {
		s, err := r.summaryCall(ctx, prior, fit.dropped[from:])
		if err != nil {
			r.e.logger.Warn("summarize dropped messages; the turn goes on truncated", "message_id", r.g.messageID, "err", err)
			return
		}
		summary = s
	}
	fit.strategy, fit.summary = dbenum.StrategySummarize, summary
	fit.tokensAfter += estimateText(summary)
	req := *r.req
	req.System = withSummary(req.System, summary)
	r.req = &req
}

// summaryCall asks the turn's model for a summary of prior and segs; the
// call holds budget and is charged like any other, as purpose summary.
func (r *runState) summaryCall(ctx context.Context, prior string, segs []segment) (string, error) {
	maxBytes := int(promptBudget(r.st.model.ContextWindow, summaryMaxTokens)) * bytesPerToken * 9 / 10
	req := &llm.Request{
		Model: r.req.Model, System: summarizerPrompt,
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.TextPart(transcript(prior, segs, maxBytes))}}},
		Params:   llm.Params{MaxOutputTokens: summaryMaxTokens},
	}
	turnReq := r.req
	r.req = req
	err := r.reserveCall(ctx)
	r.req = turnReq
	if err != nil {
		return "", err
	}
	start := time.Now()
	text, usage, opened, err := collectText(ctx, r.st.resolved.Client, req)
	c := r.charge(dbenum.UsageCompleted, catalog.Usage{}, false, time.Since(start))
	c.bill(req, text, usage, opened, err)
	c.Purpose = dbenum.PurposeSummary
	r.shrinkCall(c)
	if opened {
		r.extraCalls = append(r.extraCalls, c)
	}
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		return "", errors.New("the model wrote an empty summary")
	}
	return strings.TrimSpace(text), nil
}

// transcript renders prior and segs as the text a summary is written
// from, keeping its last maxBytes when it is longer.
func transcript(prior string, segs []segment, maxBytes int) string {
	var b strings.Builder
	if prior != "" {
		b.WriteString("Previous summary:\n" + prior + "\n\nNew messages:\n")
	}
	for _, s := range segs {
		for _, m := range s.msgs {
			switch m.Role {
			case llm.RoleTool:
				b.WriteString("Tool result: " + m.Text() + "\n")
			case llm.RoleUser:
				b.WriteString("User: " + m.Text() + "\n")
			default:
				if t := m.Text(); t != "" {
					b.WriteString("Assistant: " + t + "\n")
				}
				for _, c := range m.ToolCalls {
					b.WriteString("Assistant called tool " + c.Name + " with " + string(c.Arguments) + "\n")
				}
			}
		}
	}
	out := b.String()
	if maxBytes > 0 && len(out) > maxBytes {
		cut := len(out) - maxBytes
		for cut < len(out) && !utf8.RuneStart(out[cut]) {
			cut++
		}
		out = "[the oldest part is omitted]\n" + out[cut:]
	}
	return out
}
