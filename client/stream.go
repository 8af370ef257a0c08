package client

import (
	"context"
	"errors"
	"strings"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// Stream reads a generation's events (from Send, Regenerate or Resume).
// Call Next until it returns false, then Err; or call Answer to read to
// the end and get the stored answer.
//
// When the connection drops mid-answer (a proxy timeout, a network
// change, a server replica going away), Next re-attaches with
// ResumeStream from the last event it returned, so the caller sees every
// event exactly once and in order; the generation itself never stopped
// (it runs on the server, detached from the connection). Errors the
// server sent are not retried: they are the answer's end.
type Stream struct {
	c   *Client
	ctx context.Context
	cur eventStream

	event      *bestchatv1.ChatEvent
	err        error
	done       bool
	messageID  string
	lastSeq    int32
	text       strings.Builder
	final      *bestchatv1.Completed
	resumes    int // re-attaches in a row without an event
	reattached int
}

// eventStream is what Stream needs of a generated server stream.
type eventStream interface {
	Receive() bool
	Event() *bestchatv1.ChatEvent
	Err() error
	Close() error
}

// serverStream adapts the three generated generation streams.
type serverStream[T any, P interface {
	*T
	GetEvent() *bestchatv1.ChatEvent
}] struct {
	*connect.ServerStreamForClient[T]
}

func (s serverStream[T, P]) Event() *bestchatv1.ChatEvent { return P(s.Msg()).GetEvent() }

func (c *Client) newStream(ctx context.Context, s eventStream) *Stream {
	return &Stream{c: c, ctx: ctx, cur: s}
}

// Next advances to the next event, re-attaching if the connection drops.
// It returns false at the end of the stream or on an error (see Err).
func (s *Stream) Next() bool {
	for !s.done {
		if s.cur.Receive() {
			ev := s.cur.Event()
			if s.lastSeq > 0 && ev.GetSeq() <= s.lastSeq {
				continue // already returned before a re-attach
			}
			s.observe(ev)
			return true
		}
		err := s.cur.Err()
		_ = s.cur.Close()
		if err == nil {
			s.done = true
			return false
		}
		if !s.reattach(err) {
			s.err, s.done = err, true
			return false
		}
	}
	return false
}

func (s *Stream) observe(ev *bestchatv1.ChatEvent) {
	s.event, s.resumes = ev, 0
	if ev.GetSeq() > 0 {
		s.lastSeq = ev.GetSeq()
	}
	if id := ev.GetMessageId(); id != "" {
		s.messageID = id // every event names its assistant message
	} else if id := ev.GetAssistantStarted().GetMessageId(); id != "" {
		s.messageID = id
	}
	switch e := ev.GetEvent().(type) {
	case *bestchatv1.ChatEvent_TextDelta:
		s.text.WriteString(e.TextDelta.GetText())
	case *bestchatv1.ChatEvent_Completed:
		s.final = e.Completed
	}
}

// reattach opens a ResumeStream after a dropped connection and reports
// whether the stream goes on.
func (s *Stream) reattach(err error) bool {
	if connect.IsWireError(err) || s.ctx.Err() != nil || s.messageID == "" || s.resumes >= s.c.maxResumes {
		return false
	}
	var cerr *connect.Error
	if errors.As(err, &cerr) && cerr.Code() == connect.CodeUnauthenticated {
		return false // the token source failed: retrying would fail again
	}
	for s.resumes < s.c.maxResumes {
		s.resumes++
		t := time.NewTimer(time.Duration(s.resumes*s.resumes) * 100 * time.Millisecond)
		select {
		case <-s.ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
		next, rerr := s.c.resume(s.ctx, s.messageID, s.lastSeq)
		if rerr == nil {
			s.cur = next
			s.reattached++
			return true
		}
		if connect.IsWireError(rerr) {
			return false
		}
	}
	return false
}

// Event returns the event Next advanced to.
func (s *Stream) Event() *bestchatv1.ChatEvent { return s.event }

// Err returns the error that ended the stream, or nil at a normal end.
// A generation that failed or was refused ends with the server's Connect
// error (connect.CodeOf tells which).
func (s *Stream) Err() error { return s.err }

// Close stops reading (the generation goes on on the server; use
// Client.Cancel to stop it).
func (s *Stream) Close() error {
	s.done = true
	return s.cur.Close()
}

// MessageID returns the assistant message's id once an event has been
// read.
func (s *Stream) MessageID() string { return s.messageID }

// LastSeq returns the sequence number of the last event read, the
// after_seq to resume from.
func (s *Stream) LastSeq() int32 { return s.lastSeq }

// Text returns the answer's text read so far.
func (s *Stream) Text() string { return s.text.String() }

// Reattached returns how many times the stream re-attached after a
// dropped connection.
func (s *Stream) Reattached() int { return s.reattached }

// Answer reads the rest of the stream and returns the stored assistant
// message of its Completed event (with usage, cost and finish reason).
func (s *Stream) Answer() (*bestchatv1.Message, error) {
	for s.Next() {
	}
	if s.err != nil {
		return nil, s.err
	}
	if s.final == nil {
		return nil, errors.New("client: the stream ended without a Completed event")
	}
	return s.final.GetMessage(), nil
}
