package engine

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// Call is one provider call of a turn, as the settle hands it to the
// Charger: who made it, for which answer, what it used and at which price.
type Call struct {
	UserID         string
	ConversationID uuid.UUID
	MessageID      uuid.UUID
	Provider       string
	Model          string
	// ConfigID is the user's provider configuration that made the call
	// (Resolved.ConfigID); uuid.Nil for the operator's key.
	ConfigID uuid.UUID
	// Status is how the call ended: completed, cancelled or failed.
	Status dbenum.UsageStatus
	// Usage is what the call used, in the disjoint kinds that are priced.
	Usage catalog.Usage
	// Price is the model's price when the call was made.
	Price catalog.Price
	// Estimated is set when the tokens are an estimate, not a report.
	Estimated bool
	// ProviderCostNanos is the call's cost as the provider reported it
	// (llm.Usage.ProviderCostNanos), kept beside the catalog's; valid when
	// ProviderCostKnown, which only a final report sets.
	ProviderCostNanos int64
	ProviderCostKnown bool
	// Latency is the call's duration; TTFT its time to first output, if
	// it produced any (Output).
	Latency time.Duration
	TTFT    time.Duration
	Output  bool
	// Step is the call's step in its answer's tool loop, from 1 (a retry
	// keeps the step it retried); 0 for a call that is no step of the
	// loop (a title, a summary, an interrupted answer recovered).
	Step int32
	// Purpose is why the call was made: dbenum.PurposeChat (the default
	// when empty), PurposeSummary or PurposeTitle.
	Purpose dbenum.UsagePurpose
}

// Cost is the call's cost in nano-USD at its price; known is false when
// the price of a kind it used is unknown.
func (c Call) Cost() (nanos int64, known bool) { return catalog.Cost(c.Price, c.Usage) }

// Charger records what provider calls cost. internal/usage implements it.
type Charger interface {
	// Charge queues the statement that charges calls on q and returns the
	// function that reads its outcome. The engine queues it in the batch
	// that settles the answer, in the same transaction (q is bound to an
	// internal/pgbatch.Batch), so an answer and its charges commit
	// together or not at all, and reads the outcome after the answer's;
	// on a q bound to a pool or a transaction the statement is sent at
	// once. done must be called, once.
	Charge(ctx context.Context, q *dbsqlc.Queries, calls []Call) (done func() error)
}
