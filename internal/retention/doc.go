// Package retention runs the periodic deletes that keep tables bounded:
// raw usage rows (internal/usage) and the change feed of
// WatchConversations (internal/chat). Each owner says what to delete; this
// package says how often and in which steps: at once and then every
// interval, in bounded batches so that a large backlog never holds long
// locks or one long transaction, logging what it did.
package retention
