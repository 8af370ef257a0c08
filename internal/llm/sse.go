package llm

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// maxSSEEvent bounds one server-sent event. Long single deltas (a whole
// file in one chunk) are legitimate, so the bound is generous; it exists
// only so that a broken upstream cannot exhaust memory.
const maxSSEEvent = 32 << 20

var errSSETooLong = errors.New("server-sent event exceeds 32 MiB")

// sseReader reads text/event-stream events. Unlike bufio.Scanner it has no
// 64 KiB line limit, and it tolerates lines split across reads at any byte.
type sseReader struct {
	r     *bufio.Reader
	line  []byte // a line longer than the bufio buffer, being assembled
	data  []byte
	event string
}

func newSSEReader(r io.Reader) *sseReader {
	// Small: one per open stream adds up, a token's event is a few
	// hundred bytes, and readLine assembles longer lines whatever the
	// buffer size.
	return &sseReader{r: bufio.NewReaderSize(r, 1<<10)}
}

// next returns the next event's type and data (data lines joined by "\n").
// data is valid until the next call. At the end of the body it returns
// io.EOF, or io.ErrUnexpectedEOF when the body ended inside a line.
func (s *sseReader) next() (event string, data []byte, err error) {
	s.data = s.data[:0]
	s.event = ""
	hasData := false
	for {
		line, err := s.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) && hasData {
				// The last event lacked its blank line: deliver it.
				return s.event, s.data, nil
			}
			return "", nil, err
		}
		if len(line) == 0 {
			if !hasData && s.event == "" {
				continue
			}
			return s.event, s.data, nil
		}
		if line[0] == ':' {
			continue // comment / keep-alive
		}
		name, value := sseField(line)
		switch string(name) {
		case "error":
			// Not an SSE field, but llama.cpp's server (builds using
			// server_sent_event(sink, "error", ...)) reports a failure
			// mid-stream as an "error: {...}" line: an "error" event.
			if s.event == "" {
				s.event = "error"
			}
			fallthrough
		case "data":
			if hasData {
				s.data = append(s.data, '\n')
			}
			if len(s.data)+len(value) > maxSSEEvent {
				return "", nil, errSSETooLong
			}
			s.data = append(s.data, value...)
			hasData = true
		case "event":
			s.event = string(value)
		}
	}
}

// ready reports whether next would return without reading from the
// network: the buffer holds a whole event up to the blank line that ends
// it. Lines next skips (comments, unknown fields, blank lines before any
// data) are skipped here the same way.
func (s *sseReader) ready() bool {
	b, _ := s.r.Peek(s.r.Buffered())
	hasData, hasEvent := false, false
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return false
		}
		line := b[:i]
		b = b[i+1:]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) == 0 {
			if hasData || hasEvent {
				return true
			}
			continue
		}
		name, value := sseField(line)
		switch string(name) {
		case "data", "error":
			hasData = true
		case "event":
			hasEvent = len(value) > 0
		}
	}
}

// sseField splits a field line into its name and value, without the one
// space that may follow the colon.
func sseField(line []byte) (name, value []byte) {
	name, value, _ = bytes.Cut(line, []byte(":"))
	if len(value) > 0 && value[0] == ' ' {
		value = value[1:]
	}
	return name, value
}

// readLine returns the next line without its line ending. A line that ends
// at EOF without a newline is incomplete: io.ErrUnexpectedEOF.
func (s *sseReader) readLine() ([]byte, error) {
	s.line = s.line[:0]
	for {
		frag, err := s.r.ReadSlice('\n')
		switch {
		case err == nil:
			var line []byte
			if len(s.line) > 0 {
				s.line = append(s.line, frag...)
				line = s.line
			} else {
				line = frag
			}
			line = line[:len(line)-1]
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			if len(s.line)+len(frag) > maxSSEEvent {
				return nil, errSSETooLong
			}
			s.line = append(s.line, frag...)
		case errors.Is(err, io.EOF):
			if len(s.line) > 0 || len(frag) > 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, io.EOF
		default:
			return nil, err
		}
	}
}
