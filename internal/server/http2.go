package server

import (
	"math"
	"net/http"
	"reflect"

	"golang.org/x/net/http2"
)

// ConfigureProtocols makes srv serve HTTP/1.1 (Connect, gRPC-Web) and
// cleartext HTTP/2 with prior knowledge (gRPC, as grpcurl and gRPC
// clients speak it) on one port. HTTP/2 is served by golang.org/x/net/http2
// rather than net/http's bundled copy, for one reason: its write scheduler
// can be chosen. The default one (round-robin over every open stream)
// scans all the streams open on a connection each time it picks a frame,
// and once more to find nothing left, so on a connection carrying a few
// hundred token streams picking frames cost more than writing them (≈ 12 %
// of the server's CPU at 768 streams). readyScheduler serves the same
// round-robin over the streams that have frames waiting.
//
// Call it once srv's timeouts are set: HTTP/2 takes its idle timeout from
// them here, not when srv starts serving.
//
// From Go 1.27, x/net/http2 hands connections to net/http and ignores
// user-provided schedulers; the server then keeps working with net/http's
// (and TestFrameLayoutIsKnown says it is time to drop this file's scheduler).
func ConfigureProtocols(srv *http.Server) error {
	srv.Protocols = new(http.Protocols)
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	return http2.ConfigureServer(srv, newHTTP2Server()) //nolint:staticcheck // deprecated for Go 1.27, where it defers to net/http
}

// newHTTP2Server returns the HTTP/2 configuration ConfigureProtocols
// installs.
func newHTTP2Server() *http2.Server { //nolint:staticcheck // as above
	h2 := &http2.Server{} //nolint:staticcheck // as above
	if frameStreamField >= 0 {
		h2.NewWriteScheduler = func() http2.WriteScheduler { //nolint:staticcheck // as above
			return &frameScheduler{newReadyScheduler[frameWriteRequest](isControlFrame)}
		}
	}
	return h2
}

// x/net marks its scheduler API deprecated because Go 1.27 drops it (see
// ConfigureProtocols); it is what Go 1.26 serves HTTP/2 with.
type (
	frameWriteRequest = http2.FrameWriteRequest //nolint:staticcheck // see above
	openStreamOptions = http2.OpenStreamOptions //nolint:staticcheck // see above
)

// frameStreamField is the index of frameWriteRequest's unexported
// stream field, or -1 if this x/net has none (then ConfigureProtocols
// keeps x/net's own scheduler). A frame without a stream is a connection
// frame (SETTINGS, PING, GOAWAY, a connection WINDOW_UPDATE) or a
// RST_STREAM; x/net's schedulers send both ahead of stream frames, and so
// must this one: a reset queued behind a stream's DATA that flow control
// holds back would never leave, and the handler blocked on that DATA would
// never return.
var frameStreamField = func() int {
	f, ok := reflect.TypeFor[frameWriteRequest]().FieldByName("stream")
	if !ok || len(f.Index) != 1 || f.Type.Kind() != reflect.Pointer {
		return -1
	}
	return f.Index[0]
}()

// isControlFrame reports whether wr is written ahead of stream frames.
// DATA always has a stream, so only frames without data need the look
// inside (HEADERS, RST_STREAM, WINDOW_UPDATE: a few per stream; wr does
// not escape, so the look allocates nothing).
func isControlFrame(wr frameWriteRequest) bool {
	if wr.StreamID() == 0 {
		return true
	}
	if wr.DataSize() > 0 {
		return false
	}
	return reflect.ValueOf(&wr).Elem().Field(frameStreamField).IsNil()
}

// frameScheduler adapts readyScheduler to http2.WriteScheduler.
type frameScheduler struct {
	*readyScheduler[frameWriteRequest]
}

func (s *frameScheduler) OpenStream(id uint32, _ openStreamOptions) { s.open(id) }

func (s *frameScheduler) CloseStream(id uint32) { s.close(id) }

// AdjustStream ignores priorities, as net/http's default scheduler does
// (RFC 9113 deprecates RFC 7540's priority scheme).
func (s *frameScheduler) AdjustStream(uint32, http2.PriorityParam) {}

func (s *frameScheduler) Push(wr frameWriteRequest) { s.push(wr) }

func (s *frameScheduler) Pop() (frameWriteRequest, bool) { return s.pop() }

// frame is what readyScheduler needs of a frame write request; tests use
// a fake of their own.
type frame[F any] interface {
	StreamID() uint32
	DataSize() int
	// Consume takes up to n bytes of flow control: it returns the frame to
	// write now, the rest to keep, and how many of the two are set (0: flow
	// control holds the frame back).
	Consume(n int32) (F, F, int)
}

// readyScheduler writes control frames first, then one frame from each
// stream that has frames waiting, in turn, each stream's frames in the
// order they came. Streams that are open but have nothing to send cost it
// nothing: only streams with frames waiting are on its ready list. A
// stream whose frame flow control holds back (a client that stopped
// reading) stays where it is and is passed over at each pick until its
// window opens, as net/http's scheduler passes it over; the write watch
// of internal/chat resets such streams after --client-write-timeout.
type readyScheduler[F frame[F]] struct {
	isControl  func(F) bool
	control    fifo[F]
	streams    map[uint32]*streamQueue[F]
	head, tail *streamQueue[F] // the ready list, in serving order
	free       []*streamQueue[F]
}

// streamQueue is one open stream's frames waiting to be written.
type streamQueue[F any] struct {
	frames     fifo[F]
	prev, next *streamQueue[F]
	ready      bool // on the ready list
}

func newReadyScheduler[F frame[F]](isControl func(F) bool) *readyScheduler[F] {
	return &readyScheduler[F]{isControl: isControl, streams: make(map[uint32]*streamQueue[F])}
}

func (s *readyScheduler[F]) open(id uint32) {
	if s.streams[id] != nil {
		panic("http2: stream opened twice")
	}
	var q *streamQueue[F]
	if n := len(s.free); n > 0 {
		q, s.free = s.free[n-1], s.free[:n-1]
	} else {
		q = new(streamQueue[F])
	}
	s.streams[id] = q
}

// close drops the stream's waiting frames, as net/http's schedulers do
// (the server has failed their writers already).
func (s *readyScheduler[F]) close(id uint32) {
	q := s.streams[id]
	if q == nil {
		return
	}
	if q.ready {
		s.unlink(q)
	}
	q.frames.reset()
	delete(s.streams, id)
	s.free = append(s.free, q)
}

func (s *readyScheduler[F]) push(f F) {
	if s.isControl(f) {
		s.control.push(f)
		return
	}
	q := s.streams[f.StreamID()]
	if q == nil {
		// A frame for a stream already closed: never DATA.
		if f.DataSize() > 0 {
			panic("http2: DATA for a stream that is not open")
		}
		s.control.push(f)
		return
	}
	q.frames.push(f)
	if !q.ready {
		s.link(q)
	}
}

func (s *readyScheduler[F]) pop() (F, bool) {
	if !s.control.empty() {
		return s.control.shift(), true
	}
	for q := s.head; q != nil; q = q.next {
		head := q.frames.peek()
		f, rest, n := (*head).Consume(math.MaxInt32)
		switch n {
		case 0:
			continue // waiting for the client's WINDOW_UPDATE
		case 1:
			q.frames.shift()
		default:
			*head = rest
		}
		// Its turn is over: to the back of the list, or off it.
		s.unlink(q)
		if !q.frames.empty() {
			s.link(q)
		}
		return f, true
	}
	var zero F
	return zero, false
}

// link puts q at the back of the ready list.
func (s *readyScheduler[F]) link(q *streamQueue[F]) {
	q.ready, q.prev, q.next = true, s.tail, nil
	if s.tail == nil {
		s.head = q
	} else {
		s.tail.next = q
	}
	s.tail = q
}

func (s *readyScheduler[F]) unlink(q *streamQueue[F]) {
	if q.prev == nil {
		s.head = q.next
	} else {
		q.prev.next = q.next
	}
	if q.next == nil {
		s.tail = q.prev
	} else {
		q.next.prev = q.prev
	}
	q.ready, q.prev, q.next = false, nil, nil
}

// fifo is a queue of frames that reuses its array.
type fifo[F any] struct {
	buf  []F
	head int
}

func (q *fifo[F]) empty() bool { return q.head == len(q.buf) }

func (q *fifo[F]) push(f F) {
	if q.head > 0 && q.head*2 >= len(q.buf) {
		// Most of the array is spent: move the rest to its start.
		n := copy(q.buf, q.buf[q.head:])
		clear(q.buf[n:])
		q.buf, q.head = q.buf[:n], 0
	}
	q.buf = append(q.buf, f)
}

// peek returns the first frame; q must not be empty.
func (q *fifo[F]) peek() *F { return &q.buf[q.head] }

// shift removes and returns the first frame; q must not be empty.
func (q *fifo[F]) shift() F {
	var zero F
	f := q.buf[q.head]
	q.buf[q.head] = zero // no reference kept to a written frame
	q.head++
	if q.head == len(q.buf) {
		q.buf, q.head = q.buf[:0], 0
	}
	return f
}

func (q *fifo[F]) reset() {
	clear(q.buf)
	q.buf, q.head = q.buf[:0], 0
}
