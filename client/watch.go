package client

import (
	"context"
	"errors"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// Watcher follows the caller's changes (WatchConversations): a second tab
// or device keeps its conversation list and open conversation current
// with it. Call Next until it returns false, then Err.
//
// When the connection drops (a proxy timeout, a network change, a replica
// draining), Next re-opens the watch from the cursor of the last change
// it returned, so the caller sees every change once and in order. A
// cursor the server no longer keeps ends the watch with OUT_OF_RANGE:
// reload the lists (ListConversations, ListMessages) and watch again from
// "".
type Watcher struct {
	c       *Client
	ctx     context.Context
	cur     *connect.ServerStreamForClient[bestchatv1.WatchConversationsResponse]
	change  *bestchatv1.WatchConversationsResponse
	cursor  string
	err     error
	done    bool
	resumes int
}

// Watch opens WatchConversations after cursor ("": from now on; a
// cursor of an earlier change or Watcher.Cursor: from there).
func (c *Client) Watch(ctx context.Context, cursor string) (*Watcher, error) {
	s, err := c.Chat.WatchConversations(ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{Cursor: cursor}))
	if err != nil {
		return nil, err
	}
	return &Watcher{c: c, ctx: ctx, cur: s, cursor: cursor}, nil
}

// Next advances to the next change (or synced or heartbeat message),
// re-opening the watch if the connection drops. It returns false when
// the watch ends (see Err).
func (w *Watcher) Next() bool {
	for !w.done {
		if w.cur.Receive() {
			w.change, w.resumes = w.cur.Msg(), 0
			if c := w.change.GetCursor(); c != "" {
				w.cursor = c
			}
			return true
		}
		err := w.cur.Err()
		_ = w.cur.Close()
		if err == nil {
			// The server ended the watch (it drains): go on elsewhere.
			err = connect.NewError(connect.CodeUnavailable, errors.New("the server ended the watch"))
		}
		if !w.reopen(err) {
			w.err, w.done = err, true
			return false
		}
	}
	return false
}

// reopen opens the watch again from the last cursor after err and reports
// whether the watch goes on.
func (w *Watcher) reopen(err error) bool {
	if w.ctx.Err() != nil || !retryable(err) {
		return false
	}
	for w.resumes < w.c.maxResumes {
		w.resumes++
		t := time.NewTimer(time.Duration(w.resumes*w.resumes) * 100 * time.Millisecond)
		select {
		case <-w.ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
		s, rerr := w.c.Chat.WatchConversations(w.ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{Cursor: w.cursor}))
		if rerr == nil {
			w.cur = s
			return true
		}
		if !retryable(rerr) {
			return false
		}
	}
	return false
}

// Change returns the message Next advanced to: a change, synced or a
// heartbeat (GetChange tells which).
func (w *Watcher) Change() *bestchatv1.WatchConversationsResponse { return w.change }

// Cursor returns the cursor after the last message returned: keep it to
// watch again from there later (Client.Watch).
func (w *Watcher) Cursor() string { return w.cursor }

// Err returns the error that ended the watch: the context's, or the
// server's (OUT_OF_RANGE: reload and watch again from "").
func (w *Watcher) Err() error { return w.err }

// Close stops watching.
func (w *Watcher) Close() error {
	w.done = true
	return w.cur.Close()
}

// retryable reports whether a watch that ended with err may be opened
// again: a dropped connection, or a server that was unavailable or
// draining; never an answer such as OUT_OF_RANGE or UNAUTHENTICATED.
func retryable(err error) bool {
	return !connect.IsWireError(err) || connect.CodeOf(err) == connect.CodeUnavailable
}
