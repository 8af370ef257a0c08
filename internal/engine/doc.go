// Package engine owns a chat turn end to end (DESIGN.md §4): it starts
// the turn, calls the provider, streams and saves the answer, settles it
// with its charges, and replays or cancels it on request, on this replica
// or another. ChatService's streaming RPCs (internal/chat) are thin
// adapters over Engine.Send, Regenerate, Resume and Cancel; the engine
// imports no handler package. It reaches the providers through a Resolver
// (internal/provider implements it) and charges calls through a Charger
// and holds budget through a Budget (internal/usage implements both), all
// declared here where they are consumed and handed in by internal/app.
//
// A SendMessage turn, in the order it happens:
//   - turn.go: Send and Regenerate launch a turn and run it on the
//     caller's goroutine, pushing events to the caller as they are
//     appended; the generation is detached from the client all the same;
//   - speculative.go and snapshot.go: the provider request leaves early,
//     built from the branch this process wrote last (snapshotCache,
//     bounded by count and bytes), and is used only if the stored turn
//     produces the very same request; requestids.go keeps retries from
//     being sent early, and convstarts.go decides a conversation's early
//     call only after its previous start, so a send refused because
//     another raced it calls no provider;
//   - start.go: the turn's rows (user message, streaming answer, active
//     leaf) are stored with request_id idempotency and the in-flight cap,
//     in one statement (bestchat_start_send) when the snapshot is current,
//     else in a transaction; request.go builds the provider request;
//   - budget.go: before each provider call its worst-case cost is held
//     against the user's budget (the first call's from the snapshot,
//     before the start: a refused turn stores nothing); after it the hold
//     shrinks to the real cost and the settle releases it;
//   - run.go and joiner.go: the provider call with retries before the
//     first token, deltas received together joined into one event;
//   - answer.go: the answer's content parts (each step's reasoning, text,
//     cited sources and tool calls, then the results), announced on the
//     stream as they start, every delta naming the part it grows;
//   - eventlog.go and layout.go: the append-only event log every stream
//     reads, and its compact layout saved with the answer, so a stream can
//     be rebuilt exactly from the database;
//   - housekeeper.go and clientwrite.go: one goroutine saves streaming
//     answers in batches, keeps them alive, sends heartbeats and cuts
//     clients that stopped reading;
//   - settle.go: the final message and its charges in one transaction;
//     providererror.go maps provider failures to client errors and their
//     ErrorReason (a failed stream ends with a Failed event);
//   - replay.go: Resume, from memory or rebuilt from the stored answer;
//     cancel.go: Cancel and the cross-replica cancel listener;
//     recovery.go and liveness.go: every process touches its row and owns
//     its answers; the answers of a dead one (silent for StaleAfter, or an
//     earlier process of this replica) become interrupted and are billed
//     as estimated;
//     registry.go: this process's generations.
package engine
