package chat_test

import (
	"bytes"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestReadFile: ReadFile streams a file of any size in pieces of at most
// 256 KiB that put together are the file, metadata first; a range reads
// part of it; another user's file is NOT_FOUND.
func TestReadFile(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	content := make([]byte, 600<<10+123) // three pieces
	for i := range content {
		content[i] = byte('a' + (i*7+i/1000)%26)
		if i%80 == 79 {
			content[i] = '\n'
		}
	}
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "reader-"+string(p))
			ctx := servertest.Context(t)
			f := upload(t, c, &bestchatv1.UploadFileRequest{Name: "data.txt", MediaType: "text/plain", Content: content}).GetFile()
			read := func(offset, limit int64) (*bestchatv1.File, []byte, int, error) {
				s, err := c.Chat.ReadFile(ctx, connect.NewRequest(&bestchatv1.ReadFileRequest{FileId: f.GetId(), Offset: offset, Limit: limit}))
				if err != nil {
					return nil, nil, 0, err
				}
				defer s.Close()
				var (
					meta *bestchatv1.File
					got  []byte
					n    int
				)
				for s.Receive() {
					m := s.Msg()
					if (n == 0) != (m.GetFile() != nil) {
						t.Fatalf("message %d: metadata %v (want it on the first message only)", n, m.GetFile())
					}
					if m.GetFile() != nil {
						meta = m.GetFile()
					}
					if want := min(offset, int64(len(content))) + int64(len(got)); m.GetOffset() != want {
						t.Fatalf("message %d at offset %d, want %d", n, m.GetOffset(), want)
					}
					if len(m.GetData()) > 256<<10 {
						t.Fatalf("message %d holds %d bytes", n, len(m.GetData()))
					}
					got = append(got, m.GetData()...)
					n++
				}
				return meta, got, n, s.Err()
			}
			size := int64(len(content))
			tests := []struct {
				name          string
				offset, limit int64
				want          []byte
				messages      int
			}{
				{"whole", 0, 0, content, 3},
				{"a range across pieces", 200 << 10, 100 << 10, content[200<<10 : 300<<10], 1},
				{"the tail", size - 10, 0, content[size-10:], 1},
				{"past the end", size + 5, 0, nil, 1},
				{"from an offset to the end", 10, 0, content[10:], 3},
			}
			for _, tt := range tests {
				meta, got, n, err := read(tt.offset, tt.limit)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if meta.GetId() != f.GetId() || meta.GetSizeBytes() != size {
					t.Errorf("%s: metadata %v", tt.name, meta)
				}
				if !bytes.Equal(got, tt.want) || n != tt.messages {
					t.Errorf("%s: %d bytes in %d messages, want %d bytes in %d", tt.name, len(got), n, len(tt.want), tt.messages)
				}
			}
			other := env.Clients(t, p, "reader-other-"+string(p))
			for _, tt := range []struct {
				name string
				c    servertest.Clients
				req  *bestchatv1.ReadFileRequest
				code connect.Code
			}{
				{"another user's file", other, &bestchatv1.ReadFileRequest{FileId: f.GetId()}, connect.CodeNotFound},
				{"missing file", c, &bestchatv1.ReadFileRequest{FileId: uuid.NewString()}, connect.CodeNotFound},
				{"bad id", c, &bestchatv1.ReadFileRequest{FileId: "x"}, connect.CodeInvalidArgument},
				{"negative offset", c, &bestchatv1.ReadFileRequest{FileId: f.GetId(), Offset: -1}, connect.CodeInvalidArgument},
			} {
				s, err := tt.c.Chat.ReadFile(ctx, connect.NewRequest(tt.req))
				if err == nil {
					for s.Receive() {
					}
					err = s.Err()
					_ = s.Close()
				}
				if connect.CodeOf(err) != tt.code {
					t.Errorf("%s: got %v, want %v", tt.name, err, tt.code)
				}
			}
		})
	}
}
