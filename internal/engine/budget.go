package engine

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// Budget holds the worst-case cost of provider calls against users' spend
// limits (DESIGN.md §4.2). Before each provider call of a turn (every step
// of its tool loop, every retry, and the early call opened before the turn
// is stored) the engine reserves the call's worst-case cost; a call that
// does not fit is never opened. After the call the hold is lowered to the
// call's real cost, and the settle's transaction releases the turn's holds
// just before the charge adds the real costs to the spend. internal/usage
// implements it.
//
// Holds expire (Config.ReservationTTL): the housekeeper extends those of
// live generations, and the crash-recovery sweep gives back the holds of
// a process that died.
type Budget interface {
	// Reserve holds h.Amount nano-USD of h.UserID's budget, until ttl from
	// now unless extended. A hold that does not fit a limit is refused
	// with RESOURCE_EXHAUSTED and a google.rpc.QuotaFailure detail, and
	// nothing is held.
	Reserve(ctx context.Context, h Hold, ttl time.Duration) error
	// Shrink lowers an open hold to its call's real cost.
	Shrink(ctx context.Context, h Hold, cost int64) error
	// Extend moves the expiry of open holds to ttl from now.
	Extend(ctx context.Context, ids []uuid.UUID, ttl time.Duration) error
	// Release queues on q the statement that ends a settled answer's
	// holds, and returns the function that reads its outcome (as
	// Charger.Charge: the settle queues it in its batch, before the
	// charge); costs[i] is the real cost of the call ids[i] held for.
	// done must be called, once.
	Release(ctx context.Context, q *dbsqlc.Queries, userID string, ids []uuid.UUID, costs []int64) (done func() error)
	// Expire gives back the holds past their expiry and returns how many.
	Expire(ctx context.Context) (int64, error)
}

// Hold is a reservation of budget for one provider call.
type Hold struct {
	ID     uuid.UUID
	UserID string
	// MessageID is the answer the call is for, once it is stored.
	MessageID uuid.NullUUID
	// Amount is the call's worst-case cost in nano-USD.
	Amount int64
}

// hold is a Hold of a generation, with the real cost of its call once
// known.
type hold struct {
	Hold
	cost int64
}

// worstCost is the most a call of req can cost at price: its estimated
// input at the dearer of the input and cache-write prices (the one-hour
// write included), plus its maximum output at the dearer of the output
// and reasoning prices, plus the web searches its model makes on every
// call ([llm.ImpliedWebSearches]: OpenRouter's ":online" variant, OpenAI's
// search models) at the model's fee. A kind whose price is unknown counts
// as free: such a call's cost is unknown, it is recorded without a cost,
// and no limit can hold it (documented with UsageService's budgets). No
// other searches are reserved: the engine never offers a provider's web
// search tool, so other calls make none unless the provider adds them, and
// any it reports is charged after the call.
func worstCost(req *llm.Request, price catalog.Price) int64 {
	rate := func(rs ...catalog.Rate) int64 {
		var best int64
		for _, r := range rs {
			if v, ok := r.NanosPerMillion(); ok {
				best = max(best, v)
			}
		}
		return best
	}
	in, out := upperInputTokens(req), int64(max(req.Params.MaxOutputTokens, 0))
	inRate, outRate := rate(price.Input, price.CacheWrite, price.CacheWrite1h), rate(price.Output, price.Reasoning)
	// Σ tokens × nano-USD per million tokens, rounded up once.
	cost := ceilDiv(in*inRate+out*outRate, 1_000_000)
	if fee, ok := price.WebSearch.NanosPerRequest(); ok {
		cost += llm.ImpliedWebSearches(req.Model) * fee
	}
	return cost
}

// upperInputTokens over-estimates a request's input tokens: one token per
// three bytes of text (tokenizers average about four bytes of English per
// token, fewer for code and other scripts), plus a few per message and per
// tool declaration for their framing, and imageTokens per image.
func upperInputTokens(req *llm.Request) int64 {
	n := len(req.System)
	for _, m := range req.Messages {
		n += len(m.Text()) + 16
		for _, p := range m.Parts {
			if p.Type == llm.PartImage {
				n += 3 * imageTokens
			}
		}
		for _, c := range m.ToolCalls {
			n += len(c.Name) + len(c.Arguments) + 16
		}
	}
	for _, t := range req.Tools {
		n += len(t.Name) + len(t.Description) + len(t.Schema) + 16
	}
	return int64((n + 2) / 3)
}

// imageTokens bounds what an image costs as input (providers scale
// images down to stay near or below this).
const imageTokens = 2000

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// budgetRefusal is a provider call refused by the user's budget: the
// turn's error is the Budget's, as it gave it.
type budgetRefusal struct{ err error }

func (b *budgetRefusal) Error() string { return b.err.Error() }
func (b *budgetRefusal) Unwrap() error { return b.err }

// reserve holds amount for one provider call of userID; nil when the
// engine enforces no budget.
func (e *Engine) reserve(ctx context.Context, userID string, messageID uuid.NullUUID, amount int64) (*hold, error) {
	if e.budget == nil {
		return nil, nil
	}
	h := &hold{Hold: Hold{ID: uuid.New(), UserID: userID, MessageID: messageID, Amount: amount}}
	if err := e.budget.Reserve(ctx, h.Hold, e.cfg.ReservationTTL); err != nil {
		return nil, &budgetRefusal{err: err}
	}
	return h, nil
}

// releaseEarly gives back a hold made before a turn that was then not
// started (refused, or a replay); nil-safe.
func (e *Engine) releaseEarly(h *hold) {
	if h == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := e.budget.Release(ctx, e.q, h.UserID, []uuid.UUID{h.ID}, []int64{0})(); err != nil {
		e.logger.Warn("release budget hold; it expires instead", "user", h.UserID, "err", err)
	}
}

// reserveCall holds the worst-case cost of the provider call about to be
// made with r.req. The hold made before the turn was stored (r.early)
// counts for the first call; only what its request needs beyond it is
// reserved then.
func (r *runState) reserveCall(ctx context.Context) error {
	if r.e.budget == nil {
		return nil
	}
	need := worstCost(r.req, r.st.model.Price)
	r.mu.Lock()
	r.callHolds = r.callHolds[:0]
	if h := r.early; h != nil {
		r.early = nil
		r.callHolds = append(r.callHolds, h)
		need -= h.Amount
	}
	r.mu.Unlock()
	if need <= 0 {
		return nil
	}
	h, err := r.e.reserve(ctx, r.g.userID, uuid.NullUUID{UUID: r.g.messageID, Valid: true}, need)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.holds = append(r.holds, h)
	r.callHolds = append(r.callHolds, h)
	r.mu.Unlock()
	return nil
}

// shrinkCall lowers the holds of the call that just ended to its real
// cost; a failure only keeps more held until the settle.
func (r *runState) shrinkCall(c Call) {
	cost, _ := c.Cost()
	r.mu.Lock()
	holds := r.callHolds
	r.callHolds = nil
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i, h := range holds {
		h.cost = min(cost, h.Amount)
		if i == len(holds)-1 {
			h.cost = cost
		}
		cost -= h.cost
		if h.cost >= h.Amount {
			continue
		}
		if err := r.e.budget.Shrink(ctx, h.Hold, h.cost); err != nil {
			r.e.logger.Warn("shrink budget hold", "message_id", r.g.messageID, "err", err)
		}
	}
}

// holdCosts are the turn's holds to release and their calls' real
// costs; the holds of the last call, still open, get final's.
func (r *runState) holdCosts(final int64) ([]uuid.UUID, []int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, h := range r.callHolds {
		h.cost = min(final, h.Amount)
		if i == len(r.callHolds)-1 {
			h.cost = final
		}
		final -= h.cost
	}
	ids, costs := make([]uuid.UUID, 0, len(r.holds)), make([]int64, 0, len(r.holds))
	for _, h := range r.holds {
		ids, costs = append(ids, h.ID), append(costs, h.cost)
	}
	return ids, costs
}
