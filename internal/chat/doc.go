// Package chat implements bestchatv1connect.ChatServiceHandler: a user's
// conversations, the message tree inside each one, and the generation
// engine that streams a model's answer into that tree.
//
// A conversation holds a tree of messages (parent_id, depth) and points at
// the leaf of its active branch. Sending or editing a message adds a node;
// editing adds a sibling (a new branch) and moves the active leaf to it.
// Every query filters on the caller's user id, taken from the context by
// the authn interceptor, so another user's objects are NOT_FOUND.
//
// The CRUD handlers (conversations.go, messages.go) are thin: they validate
// what protovalidate rules cannot express, call the sqlc queries of
// internal/dbsqlc and convert rows with convert.go (stored content is a
// JSON array of protojson parts; textcontent.go decodes the common
// text-only shape without protojson, since every turn decodes its branch).
//
// The engine (DESIGN.md §4):
//   - engine.go: configuration, the registry of this process's generations,
//     and the start of a turn, in one statement (bestchat_start_send) when
//     the snapshot of the branch is current, else in a transaction;
//   - generate.go: the streaming RPCs; a generation runs on its client's
//     handler goroutine (Service.stream), with its provider request sent
//     speculatively from snapshot.go's in-memory branch (llm.Send; the
//     cache is bounded by count and bytes) before the turn is stored, and
//     its answer read by the generation once the turn is live;
//   - run.go: the provider call with retries before the first token, the
//     joiner that makes one event of deltas received together, and the
//     settle (message, usage row and daily rollup in one statement);
//   - eventlog.go: the append-only event log every client stream reads, and
//     the direct reader that pushes events to the running client;
//   - housekeeper.go and clientwrite.go: batched saves of streaming answers,
//     liveness, heartbeats, and cutting clients that stopped reading.
//
// The file and watch RPCs answer UNIMPLEMENTED until their issues land.
package chat
