// Package pgnotify gives a process one PostgreSQL LISTEN connection that
// every feature shares, multiplexed by topic (a NOTIFY channel): the
// engine's cross-replica cancels, tool executions, and the change feed of
// WatchConversations (bestchat_changes, sent by database triggers).
//
// A feature subscribes to its topic and publishes with Notify:
//
//	unsubscribe := listener.Subscribe("bestchat_cancel", func(payload string) {
//		// runs on the listener's goroutine: hand off, never block
//	})
//	defer unsubscribe()
//	err := pgnotify.Notify(ctx, pool, "bestchat_cancel", id.String())
//
// The Listener is built once by cmd/bestchatd (New) and runs until
// shutdown (Run); features receive it as a dependency and never open a
// listening connection of their own. Its connection is its own, not one
// of the pool's, so it never holds a pool slot. When the connection
// breaks (a database restart, a failover) it reconnects with exponential
// backoff and listens to every subscribed topic again; notifications sent
// while it was away are lost, as PostgreSQL does not keep them, so a
// subscriber that must not miss one also polls (the engine's cancel does).
// During an outage it logs the first failure, then ever more rarely, and
// once when it is back.
package pgnotify
