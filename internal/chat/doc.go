// Package chat implements bestchatv1connect.ChatServiceHandler: a user's
// conversations and the message tree inside each one, and the streaming
// RPCs over the generation engine.
//
// A conversation holds a tree of messages (parent_id, depth) and points at
// the leaf of its active branch. Sending or editing a message adds a node;
// editing adds a sibling (a new branch) and moves the active leaf to it.
// Every query filters on the caller's user id, taken from the context by
// the authn interceptor, so another user's objects are NOT_FOUND.
//
// The CRUD handlers (conversations.go, messages.go) are thin: they validate
// what protovalidate rules cannot express, call the sqlc queries of
// internal/dbsqlc and convert rows (convert.go for conversations,
// internal/message for messages). The streaming RPCs and CancelGeneration
// (streams.go) adapt requests to internal/engine, which owns the turn.
// handler.go mounts the service with codec.go's codec, which marshals the
// per-token stream responses by hand.
//
// files.go holds the file RPCs: uploads are checked against an allowlist of
// media types whose content must agree with the declared type
// (mediatype.go), stored once per user and SHA-256 in file_blobs (a repeat
// upload shares the bytes and is not charged to the quota again), and
// decided under a per-user advisory lock so that the quota, blob sharing
// and request ids hold under concurrency. UploadFile has its own body limit
// (handler.go: UploadBodyLimits), every other procedure keeps the
// server's.
//
// watch.go streams a user's changes from the change feed that triggers
// write (db/migrations/00014_change_feed.sql): events are delivered below
// the oldest running transaction, ordered by (xid, id), behind an opaque
// versioned cursor (cursor.go); the process's LISTEN connection wakes the
// streams of the notified user, and a slow poll covers lost
// notifications. changeretention.go prunes the feed and keeps its horizon,
// before which a cursor is OUT_OF_RANGE. export.go reads a conversation
// from one snapshot and renders it as JSON (ConversationExport) or
// Markdown.
package chat
