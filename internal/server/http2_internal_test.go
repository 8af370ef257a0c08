package server

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fakeFrame stands in for http2.FrameWriteRequest: stream 0 or control
// set is a control frame; data > 0 is a DATA frame whose stream has
// window[stream] bytes of flow control left.
type fakeFrame struct {
	stream  uint32
	name    string
	data    int
	control bool // a RST_STREAM: a stream id, but no stream
	window  map[uint32]int
}

func (f fakeFrame) StreamID() uint32 { return f.stream }
func (f fakeFrame) DataSize() int    { return f.data }

func (f fakeFrame) Consume(n int32) (fakeFrame, fakeFrame, int) {
	if f.data == 0 {
		return f, fakeFrame{}, 1
	}
	avail := min(f.window[f.stream], int(n))
	switch {
	case avail <= 0:
		return fakeFrame{}, fakeFrame{}, 0
	case avail >= f.data:
		f.window[f.stream] -= f.data
		return f, fakeFrame{}, 1
	}
	f.window[f.stream] -= avail
	first, rest := f, f
	first.data, first.name = avail, f.name+"/part"
	rest.data -= avail
	return first, rest, 2
}

func newFakeScheduler() *readyScheduler[fakeFrame] {
	return newReadyScheduler(func(f fakeFrame) bool { return f.stream == 0 || f.control })
}

// drain pops until the scheduler has nothing to write.
func drain(s *readyScheduler[fakeFrame]) []string {
	var out []string
	for {
		f, ok := s.pop()
		if !ok {
			return out
		}
		out = append(out, f.name)
	}
}

func TestReadySchedulerOrder(t *testing.T) {
	t.Parallel()
	open := map[uint32]int{1: 1 << 20, 3: 1 << 20, 5: 1 << 20}
	data := func(stream uint32, name string) fakeFrame {
		return fakeFrame{stream: stream, name: name, data: 10, window: open}
	}
	tests := []struct {
		name        string
		open        []uint32
		closeBefore []uint32 // before the pushes
		push        []fakeFrame
		closeAfter  []uint32 // after them
		want        []string
	}{
		{
			name: "empty",
			open: []uint32{1},
		},
		{
			name: "control frames first, in order",
			open: []uint32{1},
			push: []fakeFrame{data(1, "a1"), {name: "settings"}, {name: "ping"}, {stream: 1, name: "rst", control: true}},
			want: []string{"settings", "ping", "rst", "a1"},
		},
		{
			name: "one stream keeps its order",
			open: []uint32{1},
			push: []fakeFrame{{stream: 1, name: "headers"}, data(1, "a1"), data(1, "a2"), {stream: 1, name: "trailers"}},
			want: []string{"headers", "a1", "a2", "trailers"},
		},
		{
			name: "streams take turns, in the order they became ready",
			open: []uint32{1, 3, 5},
			push: []fakeFrame{data(3, "b1"), data(3, "b2"), data(3, "b3"), data(1, "a1"), data(1, "a2"), data(5, "c1")},
			want: []string{"b1", "a1", "c1", "b2", "a2", "b3"},
		},
		{
			name: "idle open streams are not in the way",
			open: []uint32{1, 3, 5},
			push: []fakeFrame{data(5, "c1"), data(5, "c2")},
			want: []string{"c1", "c2"},
		},
		{
			name:       "a closed stream's frames are dropped",
			open:       []uint32{1, 3},
			push:       []fakeFrame{data(1, "a1"), data(3, "b1"), data(1, "a2")},
			closeAfter: []uint32{1},
			want:       []string{"b1"},
		},
		{
			name:        "a frame without data for a closed stream is sent as control",
			open:        []uint32{1, 3},
			closeBefore: []uint32{1},
			push:        []fakeFrame{data(3, "b1"), {stream: 1, name: "window-update"}},
			want:        []string{"window-update", "b1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newFakeScheduler()
			for _, id := range tt.open {
				s.open(id)
			}
			for _, id := range tt.closeBefore {
				s.close(id)
			}
			for _, f := range tt.push {
				s.push(f)
			}
			for _, id := range tt.closeAfter {
				s.close(id)
			}
			if got := drain(s); !slices.Equal(got, tt.want) {
				t.Fatalf("wrote %v, want %v", got, tt.want)
			}
			if f, ok := s.pop(); ok {
				t.Fatalf("pop after drain gave %q", f.name)
			}
		})
	}
}

// TestReadySchedulerFlowControl: a stream flow control holds back waits
// without holding back the others, resumes where it was when its window
// opens, and a frame larger than the window leaves in parts.
func TestReadySchedulerFlowControl(t *testing.T) {
	t.Parallel()
	window := map[uint32]int{1: 0, 3: 100}
	s := newFakeScheduler()
	s.open(1)
	s.open(3)
	s.push(fakeFrame{stream: 1, name: "a1", data: 10, window: window})
	s.push(fakeFrame{stream: 1, name: "a2", data: 10, window: window})
	s.push(fakeFrame{stream: 3, name: "b1", data: 10, window: window})
	s.push(fakeFrame{stream: 3, name: "b2", data: 150, window: window})
	if got, want := drain(s), []string{"b1", "b2/part"}; !slices.Equal(got, want) {
		t.Fatalf("wrote %v, want %v", got, want)
	}
	// A reset for the blocked stream is not stuck behind its DATA.
	s.push(fakeFrame{stream: 1, name: "rst", control: true})
	if got, want := drain(s), []string{"rst"}; !slices.Equal(got, want) {
		t.Fatalf("wrote %v, want %v", got, want)
	}
	window[1], window[3] = 15, 60
	if got, want := drain(s), []string{"a1", "b2", "a2/part"}; !slices.Equal(got, want) {
		t.Fatalf("after WINDOW_UPDATE wrote %v, want %v", got, want)
	}
	s.close(1)
	s.close(3)
	if s.head != nil || s.tail != nil || len(s.streams) != 0 {
		t.Fatalf("closed streams left behind: head %v, %d streams", s.head, len(s.streams))
	}
}

func TestReadySchedulerRefusesDataForClosedStream(t *testing.T) {
	t.Parallel()
	s := newFakeScheduler()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "not open") {
			t.Fatalf("recovered %v, want a panic about a stream that is not open", r)
		}
	}()
	s.push(fakeFrame{stream: 7, data: 1, window: map[uint32]int{7: 10}})
}

// TestFIFOReusesItsArray: a queue that never empties does not grow
// without bound.
func TestFIFOReusesItsArray(t *testing.T) {
	t.Parallel()
	var q fifo[int]
	q.push(0)
	for i := 1; i < 10000; i++ {
		q.push(i)
		if got := q.shift(); got != i-1 {
			t.Fatalf("shift gave %d, want %d", got, i-1)
		}
	}
	if cap(q.buf) > 8 {
		t.Fatalf("array grew to %d for a queue of at most 2", cap(q.buf))
	}
}

// TestFrameLayoutIsKnown fails when an x/net upgrade renames the field
// isControlFrame reads (or Go 1.27's x/net, which defers to net/http,
// empties the type), instead of letting the server fall back to another
// scheduler unnoticed; and it checks that the server installs ours.
func TestFrameLayoutIsKnown(t *testing.T) {
	t.Parallel()
	if frameStreamField < 0 {
		t.Fatal("http2.FrameWriteRequest has no stream field: ConfigureProtocols would not install readyScheduler " +
			"(on Go 1.27 or later, x/net/http2 defers to net/http: drop the scheduler)")
	}
	newScheduler := newHTTP2Server().NewWriteScheduler //nolint:staticcheck // see ConfigureProtocols
	if newScheduler == nil {
		t.Fatal("no write scheduler configured")
	}
	ws := newScheduler()
	if _, ok := ws.(*frameScheduler); !ok {
		t.Fatalf("write scheduler %T, want *frameScheduler", ws)
	}
}

// BenchmarkReadyScheduler: one frame pushed and popped (plus the pop that
// finds nothing) on a connection with n open streams, one of them ready.
func BenchmarkReadyScheduler(b *testing.B) {
	for _, n := range []int{1, 250} {
		b.Run(fmt.Sprintf("open=%d", n), func(b *testing.B) {
			s := newFakeScheduler()
			window := map[uint32]int{}
			for i := range n {
				id := uint32(2*i + 1)
				s.open(id)
				window[id] = 1 << 62
			}
			f := fakeFrame{stream: 2*uint32(n/2) + 1, name: "x", data: 10, window: window}
			b.ReportAllocs()
			for b.Loop() {
				s.push(f)
				if _, ok := s.pop(); !ok {
					b.Fatal("nothing to pop")
				}
				if _, ok := s.pop(); ok {
					b.Fatal("popped twice")
				}
			}
		})
	}
}
