// Package chat implements bestchatv1connect.ChatServiceHandler: a user's
// conversations and the message tree inside each one.
//
// A conversation holds a tree of messages (parent_id, depth) and points at
// the leaf of its active branch. Sending or editing a message adds a node;
// editing adds a sibling (a new branch) and moves the active leaf to it.
// Every query filters on the caller's user id, taken from the context by
// the authn interceptor, so another user's objects are NOT_FOUND.
//
// The handlers are thin: they validate what protovalidate rules cannot
// express, call the sqlc queries of internal/dbsqlc (in a transaction where
// several rows change together) and convert rows with convert.go. The
// generation RPCs (SendMessage, RegenerateMessage, ResumeStream,
// CancelGeneration) and the file and watch RPCs answer UNIMPLEMENTED until
// the generation engine lands.
package chat
