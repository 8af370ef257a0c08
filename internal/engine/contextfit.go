package engine

import (
	"context"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
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

// Context strategies as stored in conversations.context_strategy.
const (
	strategyTruncate  = "truncate"
	strategySummarize = "summarize"
	strategyNone      = "none"
)

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
	strategy         string
	tokensBefore     int64
	tokensAfter      int64
	messagesAffected int
	// summary is the model-written summary of the dropped exchanges
	// (strategy summarize), coversThrough the last message it covers.
	summary       string
	coversThrough uuid.UUID
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
	fit := &contextFit{strategy: strategyTruncate, tokensBefore: total}
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
	strategy := bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE
	if fit.strategy == strategySummarize {
		strategy = bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE
	}
	r.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ContextOptimized{ContextOptimized: &bestchatv1.ContextOptimized{
		Optimization: &bestchatv1.ContextOptimization{
			Id: id.String(), Strategy: strategy, TokensBefore: fit.tokensBefore, TokensAfter: fit.tokensAfter,
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
	if r.fitting.strategy == strategyNone {
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
	r.req = &req
	r.recordFit(ctx, fit)
	r.e.logger.Info("provider reported a context overflow; sending fewer exchanges",
		"message_id", r.g.messageID, "tokens_sent", sent, "tokens_now", fit.tokensAfter)
	return true
}
