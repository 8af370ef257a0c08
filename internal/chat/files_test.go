package chat_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/servertest"
)

// pngBytes is a 1×1 PNG image.
var pngBytes, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

func upload(t *testing.T, c servertest.Clients, req *bestchatv1.UploadFileRequest) *bestchatv1.UploadFileResponse {
	t.Helper()
	resp, err := c.Chat.UploadFile(servertest.Context(t), connect.NewRequest(req))
	if err != nil {
		t.Fatalf("UploadFile(%s): %v", req.GetName(), err)
	}
	return resp.Msg
}

func uploadText(t *testing.T, c servertest.Clients, name, content string) *bestchatv1.File {
	t.Helper()
	return upload(t, c, &bestchatv1.UploadFileRequest{Name: name, MediaType: "text/plain", Content: []byte(content)}).GetFile()
}

// fieldViolations returns the fields a BadRequest detail of err names.
func fieldViolations(t *testing.T, err error) []string {
	t.Helper()
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return nil
	}
	var fields []string
	for _, d := range cerr.Details() {
		v, derr := d.Value()
		if derr != nil {
			t.Fatalf("detail: %v", derr)
		}
		if br, ok := v.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				fields = append(fields, fv.GetField())
			}
		}
	}
	return fields
}

func TestFileLifecycle(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice-"+string(p))
			ctx := servertest.Context(t)
			conv := createConversation(t, c, "with files")
			img := upload(t, c, &bestchatv1.UploadFileRequest{
				Name: "dot.png", MediaType: "image/png", Content: pngBytes, ConversationId: conv.GetId(),
			})
			sum := sha256.Sum256(pngBytes)
			f := img.GetFile()
			if img.GetDeduplicated() || f.GetName() != "dot.png" || f.GetMediaType() != "image/png" ||
				f.GetSizeBytes() != int64(len(pngBytes)) || f.GetSha256() != hex.EncodeToString(sum[:]) ||
				f.GetConversationId() != conv.GetId() || f.GetCreateTime() == nil {
				t.Fatalf("uploaded = %v", img)
			}
			meta, err := c.Chat.GetFile(ctx, connect.NewRequest(&bestchatv1.GetFileRequest{FileId: f.GetId()}))
			if err != nil || len(meta.Msg.GetContent()) != 0 {
				t.Fatalf("GetFile without content = %v, %v", meta, err)
			}
			full, err := c.Chat.GetFile(ctx, connect.NewRequest(&bestchatv1.GetFileRequest{FileId: f.GetId(), IncludeContent: true}))
			if err != nil || !bytes.Equal(full.Msg.GetContent(), pngBytes) || full.Msg.GetFile().GetId() != f.GetId() {
				t.Fatalf("GetFile with content = %v, %v", full, err)
			}
			notes := uploadText(t, c, "notes.md", "# Notes\n")
			data := upload(t, c, &bestchatv1.UploadFileRequest{Name: "data.json", MediaType: "application/json", Content: []byte(`{"a":[1,2]}`)}).GetFile()

			// Newest first, two per page, then the filter by conversation.
			var got []string
			token := ""
			for range 3 {
				page, err := c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{PageSize: 2, PageToken: token}))
				if err != nil {
					t.Fatalf("ListFiles: %v", err)
				}
				for _, f := range page.Msg.GetFiles() {
					got = append(got, f.GetId())
				}
				if token = page.Msg.GetNextPageToken(); token == "" {
					break
				}
			}
			if want := []string{data.GetId(), notes.GetId(), f.GetId()}; strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("ListFiles pages = %v, want %v", got, want)
			}
			byConv, err := c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{ConversationId: conv.GetId()}))
			if err != nil || len(byConv.Msg.GetFiles()) != 1 || byConv.Msg.GetFiles()[0].GetId() != f.GetId() {
				t.Fatalf("ListFiles by conversation = %v, %v", byConv, err)
			}
			_, err = c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{ConversationId: conv.GetId(), PageToken: token}))
			if token != "" {
				t.Fatalf("the listing should have ended, token %q left", token)
			}
			if err != nil {
				t.Fatalf("ListFiles: %v", err)
			}

			if _, err := c.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: f.GetId()})); err != nil {
				t.Fatalf("DeleteFile: %v", err)
			}
			_, err = c.Chat.GetFile(ctx, connect.NewRequest(&bestchatv1.GetFileRequest{FileId: f.GetId()}))
			wantCode(t, err, connect.CodeNotFound)
			_, err = c.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: f.GetId()}))
			wantCode(t, err, connect.CodeNotFound)
		})
	}
}

func TestListFilesPageTokenOfAnotherListing(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.Connect, "alice")
	ctx := servertest.Context(t)
	conv := createConversation(t, c, "")
	for _, n := range []string{"a.txt", "b.txt"} {
		uploadText(t, c, n, n)
	}
	page, err := c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{PageSize: 1}))
	if err != nil || page.Msg.GetNextPageToken() == "" {
		t.Fatalf("ListFiles = %v, %v", page, err)
	}
	_, err = c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{ConversationId: conv.GetId(), PageToken: page.Msg.GetNextPageToken()}))
	wantCode(t, err, connect.CodeInvalidArgument)
	_, err = c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{PageToken: "garbage"}))
	wantCode(t, err, connect.CodeInvalidArgument)
}

func TestUploadFileRefusals(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxUploadBytes: 1000}})
	bob := env.Clients(t, servertest.Connect, "bob")
	bobConv := createConversation(t, bob, "bob's")
	tests := []struct {
		name      string
		req       *bestchatv1.UploadFileRequest
		code      connect.Code
		violation string // the field a BadRequest names, if any
	}{
		{"over the upload limit", &bestchatv1.UploadFileRequest{Name: "big.txt", MediaType: "text/plain", Content: bytes.Repeat([]byte("a"), 1001)}, connect.CodeResourceExhausted, ""},
		{"type not accepted", &bestchatv1.UploadFileRequest{Name: "a.html", MediaType: "text/html", Content: []byte("<p>hi</p>")}, connect.CodeInvalidArgument, "media_type"},
		{"executable declared as png", &bestchatv1.UploadFileRequest{Name: "a.png", MediaType: "image/png", Content: []byte("MZ\x90\x00\x03\x00\x00\x00")}, connect.CodeInvalidArgument, "media_type"},
		{"png declared as jpeg", &bestchatv1.UploadFileRequest{Name: "a.jpg", MediaType: "image/jpeg", Content: pngBytes}, connect.CodeInvalidArgument, "media_type"},
		{"png declared as text", &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: pngBytes}, connect.CodeInvalidArgument, "media_type"},
		{"text declared as pdf", &bestchatv1.UploadFileRequest{Name: "a.pdf", MediaType: "application/pdf", Content: []byte("plain words")}, connect.CodeInvalidArgument, "media_type"},
		{"latin-1 text", &bestchatv1.UploadFileRequest{Name: "a.csv", MediaType: "text/csv", Content: []byte("caf\xe9,1\n")}, connect.CodeInvalidArgument, "media_type"},
		{"broken json", &bestchatv1.UploadFileRequest{Name: "a.json", MediaType: "application/json", Content: []byte(`{"a":`)}, connect.CodeInvalidArgument, "media_type"},
		{"media type with parameters", &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain; charset=utf-8", Content: []byte("x")}, connect.CodeInvalidArgument, "media_type"},
		{"control character in name", &bestchatv1.UploadFileRequest{Name: "a\x07.txt", MediaType: "text/plain", Content: []byte("x")}, connect.CodeInvalidArgument, "name"},
		{"empty content", &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain"}, connect.CodeInvalidArgument, "content"},
		{"another user's conversation", &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte("x"), ConversationId: bobConv.GetId()}, connect.CodeNotFound, ""},
		{"unknown conversation", &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte("x"), ConversationId: uuid.NewString()}, connect.CodeNotFound, ""},
	}
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "alice")
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				_, err := c.Chat.UploadFile(servertest.Context(t), connect.NewRequest(tt.req))
				wantCode(t, err, tt.code)
				if tt.violation != "" {
					if v := fieldViolations(t, err); len(v) != 1 || v[0] != tt.violation {
						t.Fatalf("field violations %v, want [%s]", v, tt.violation)
					}
				}
			})
		}
	}
	t.Run("nothing stored", func(t *testing.T) {
		var n int
		if err := env.Pool.QueryRow(servertest.Context(t), "SELECT (SELECT count(*) FROM file_uploads) + (SELECT count(*) FROM file_blobs)").Scan(&n); err != nil || n != 0 {
			t.Fatalf("rows after refusals: %d, %v", n, err)
		}
	})
}

func TestUploadFileLimitEdges(t *testing.T) {
	t.Parallel()
	const limit = 600 << 10 // above the server's 512 KiB default request limit
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxUploadBytes: limit}})
	// Connect JSON carries the bytes as base64: its body is a third larger.
	hc, opts := env.ClientOptions(servertest.Connect, env.Token(t, "alice"))
	jsonClient := servertest.Clients{
		Chat: bestchatv1connect.NewChatServiceClient(hc, env.URL, append(opts, connect.WithProtoJSON())...),
	}
	clients := map[string]servertest.Clients{
		"connect": env.Clients(t, servertest.Connect, "alice"),
		"grpc":    env.Clients(t, servertest.GRPC, "alice"),
		"json":    jsonClient,
	}
	for name, c := range clients {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := servertest.Context(t)
			at := bytes.Repeat([]byte(name[:1]), limit)
			if _, err := c.Chat.UploadFile(ctx, connect.NewRequest(&bestchatv1.UploadFileRequest{Name: "at.txt", MediaType: "text/plain", Content: at})); err != nil {
				t.Fatalf("upload at the limit: %v", err)
			}
			over := append(at, 'x')
			_, err := c.Chat.UploadFile(ctx, connect.NewRequest(&bestchatv1.UploadFileRequest{Name: "over.txt", MediaType: "text/plain", Content: over}))
			wantCode(t, err, connect.CodeResourceExhausted)
			// Every other call keeps the server's request limit.
			_, err = c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{SystemPrompt: strings.Repeat("z", 550<<10)}))
			wantCode(t, err, connect.CodeResourceExhausted)
		})
	}
}

func TestStorageQuotaAndDedupe(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxUserStorageBytes: 1000}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "alice-" + string(p)
			c := env.Clients(t, p, user)
			ctx := servertest.Context(t)
			a := strings.Repeat("a", 600)
			first := upload(t, c, &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte(a)})
			// The same bytes again: a new file sharing them, not charged.
			again := upload(t, c, &bestchatv1.UploadFileRequest{Name: "copy.txt", MediaType: "text/plain", Content: []byte(a)})
			if first.GetDeduplicated() || !again.GetDeduplicated() || again.GetFile().GetId() == first.GetFile().GetId() ||
				again.GetFile().GetSha256() != first.GetFile().GetSha256() || again.GetFile().GetName() != "copy.txt" {
				t.Fatalf("first %v, again %v", first, again)
			}
			var blobs int
			if err := env.Pool.QueryRow(ctx, "SELECT count(*) FROM file_blobs WHERE user_id = $1", user).Scan(&blobs); err != nil || blobs != 1 {
				t.Fatalf("blobs = %d, %v; want 1", blobs, err)
			}
			b := strings.Repeat("b", 600)
			_, err := c.Chat.UploadFile(ctx, connect.NewRequest(&bestchatv1.UploadFileRequest{Name: "b.txt", MediaType: "text/plain", Content: []byte(b)}))
			wantCode(t, err, connect.CodeResourceExhausted)
			if !strings.Contains(err.Error(), "quota") {
				t.Fatalf("quota error %q does not say so", err)
			}
			// Deleting one of the two files keeps the shared bytes.
			if _, err := c.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: first.GetFile().GetId()})); err != nil {
				t.Fatalf("DeleteFile: %v", err)
			}
			got, err := c.Chat.GetFile(ctx, connect.NewRequest(&bestchatv1.GetFileRequest{FileId: again.GetFile().GetId(), IncludeContent: true}))
			if err != nil || string(got.Msg.GetContent()) != a {
				t.Fatalf("the copy after deleting the first: %v, %v", got, err)
			}
			_, err = c.Chat.UploadFile(ctx, connect.NewRequest(&bestchatv1.UploadFileRequest{Name: "b.txt", MediaType: "text/plain", Content: []byte(b)}))
			wantCode(t, err, connect.CodeResourceExhausted)
			// Deleting the last one frees the room.
			if _, err := c.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: again.GetFile().GetId()})); err != nil {
				t.Fatalf("DeleteFile: %v", err)
			}
			upload(t, c, &bestchatv1.UploadFileRequest{Name: "b.txt", MediaType: "text/plain", Content: []byte(b)})
		})
	}
}

func TestConcurrentUploadsStayWithinQuota(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxUserStorageBytes: 1000}})
	c := env.Clients(t, servertest.GRPC, "alice")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = c.Chat.UploadFile(servertest.Context(t), connect.NewRequest(&bestchatv1.UploadFileRequest{
				Name: "f.txt", MediaType: "text/plain", Content: []byte(strings.Repeat(string(rune('a'+i)), 300)),
			}))
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case connect.CodeOf(err) != connect.CodeResourceExhausted:
			t.Fatalf("errors %v", errs)
		}
	}
	var used int64
	if err := env.Pool.QueryRow(servertest.Context(t), "SELECT coalesce(sum(size_bytes), 0) FROM file_blobs").Scan(&used); err != nil {
		t.Fatal(err)
	}
	if ok != 3 || used != 900 {
		t.Fatalf("%d uploads stored %d bytes, want 3 and 900 (errors %v)", ok, used, errs)
	}
}

func TestUploadFileIdempotent(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice-"+string(p))
			ctx := servertest.Context(t)
			req := &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte("hello"), RequestId: "up-1"}
			first := upload(t, c, req)
			// Retries, some at once: the same file, nothing stored twice.
			var wg sync.WaitGroup
			got := make([]*bestchatv1.UploadFileResponse, 4)
			errs := make([]error, 4)
			for i := range got {
				wg.Go(func() {
					resp, err := c.Chat.UploadFile(ctx, connect.NewRequest(req))
					if err == nil {
						got[i] = resp.Msg
					}
					errs[i] = err
				})
			}
			wg.Wait()
			for i := range got {
				if errs[i] != nil || got[i].GetFile().GetId() != first.GetFile().GetId() || got[i].GetDeduplicated() != first.GetDeduplicated() {
					t.Fatalf("retry %d = %v, %v; want file %s", i, got[i], errs[i], first.GetFile().GetId())
				}
			}
			list, err := c.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{}))
			if err != nil || len(list.Msg.GetFiles()) != 1 {
				t.Fatalf("ListFiles after retries = %v, %v", list, err)
			}
			_, err = c.Chat.UploadFile(ctx, connect.NewRequest(&bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte("other"), RequestId: "up-1"}))
			wantCode(t, err, connect.CodeInvalidArgument)
			// Another id with the same bytes is a new, deduplicated file.
			other := upload(t, c, &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte("hello"), RequestId: "up-2"})
			if other.GetFile().GetId() == first.GetFile().GetId() || !other.GetDeduplicated() {
				t.Fatalf("second request id = %v", other)
			}
			again := upload(t, c, &bestchatv1.UploadFileRequest{Name: "a.txt", MediaType: "text/plain", Content: []byte("hello"), RequestId: "up-2"})
			if again.GetFile().GetId() != other.GetFile().GetId() || !again.GetDeduplicated() {
				t.Fatalf("retry of the second = %v, want %v", again, other)
			}
		})
	}
}

func TestFilesCrossUser(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			bob := env.Clients(t, p, "bob-"+string(p))
			alice := env.Clients(t, p, "alice-"+string(p))
			ctx := servertest.Context(t)
			bobConv := createConversation(t, bob, "bob's")
			bobFile := upload(t, bob, &bestchatv1.UploadFileRequest{
				Name: "secret.txt", MediaType: "text/plain", Content: []byte("bob's secret"), ConversationId: bobConv.GetId(), RequestId: "same-id",
			}).GetFile()
			_, err := alice.Chat.GetFile(ctx, connect.NewRequest(&bestchatv1.GetFileRequest{FileId: bobFile.GetId(), IncludeContent: true}))
			wantCode(t, err, connect.CodeNotFound)
			_, err = alice.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: bobFile.GetId()}))
			wantCode(t, err, connect.CodeNotFound)
			_, err = alice.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{ConversationId: bobConv.GetId()}))
			wantCode(t, err, connect.CodeNotFound)
			list, err := alice.Chat.ListFiles(ctx, connect.NewRequest(&bestchatv1.ListFilesRequest{}))
			if err != nil || len(list.Msg.GetFiles()) != 0 {
				t.Fatalf("alice's ListFiles = %v, %v", list, err)
			}
			// The same bytes and request id are alice's own: no sharing
			// with bob's, no replay of his upload.
			mine := upload(t, alice, &bestchatv1.UploadFileRequest{Name: "secret.txt", MediaType: "text/plain", Content: []byte("bob's secret"), RequestId: "same-id"})
			if mine.GetDeduplicated() || mine.GetFile().GetId() == bobFile.GetId() {
				t.Fatalf("alice's upload of bob's bytes = %v", mine)
			}
			// Bob's file survives all of it.
			if _, err := bob.Chat.GetFile(ctx, connect.NewRequest(&bestchatv1.GetFileRequest{FileId: bobFile.GetId()})); err != nil {
				t.Fatalf("bob's GetFile: %v", err)
			}
		})
	}
}

// TestOversizedUploadIsNotBuffered posts sixteen 40 MB UploadFile bodies,
// authenticated, at once, with and without a declared length, over
// HTTP/1.1 and HTTP/2, to a server whose upload limit is 64 KiB: each is
// refused as too large after reading at most the limit. The bound is on
// the bytes the whole process allocated meanwhile (TotalAlloc only grows):
// buffering the bodies would allocate at least their 640 MB. Not
// parallel: the count is the process's.
func TestOversizedUploadIsNotBuffered(t *testing.T) {
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxUploadBytes: 64 << 10}})
	token := env.Token(t, "alice")
	const size, posts = 40 << 20, 16
	body := bytes.Repeat([]byte{'a'}, size) // shared by every post, allocated before the count
	h1 := &http.Transport{}
	h2 := &http.Transport{Protocols: new(http.Protocols)}
	h2.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(h1.CloseIdleConnections)
	t.Cleanup(h2.CloseIdleConnections)
	type target struct {
		rt       http.RoundTripper
		ctype    string
		declared bool
	}
	targets := []target{
		{h1, "application/proto", true},
		{h1, "application/json", false},
		{h2, "application/grpc", true},
		{h2, "application/grpc", false},
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var answered []string
	for i := range posts {
		tg := targets[i%len(targets)]
		wg.Go(func() {
			var r io.Reader = bytes.NewReader(body)
			if !tg.declared {
				r = struct{ io.Reader }{r} // hides the length: chunked, or HTTP/2 without content-length
			}
			req, err := http.NewRequest(http.MethodPost, env.URL+bestchatv1connect.ChatServiceUploadFileProcedure, r)
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Content-Type", tg.ctype)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := tg.rt.RoundTrip(req)
			if err != nil {
				return // the server closed the connection on the body
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			mu.Lock()
			answered = append(answered, resp.Status+" "+resp.Header.Get("Grpc-Status")+" "+resp.Trailer.Get("Grpc-Status")+" "+string(b))
			mu.Unlock()
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	grown := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB while refusing %d uploads of %d MiB", grown>>10, posts, size>>20)
	if grown > size/2 {
		t.Errorf("the process allocated %d MiB while refusing %d oversized %d MiB uploads; want under %d MiB",
			grown>>20, posts, size>>20, size>>21)
	}
	if len(answered) == 0 {
		t.Fatal("no upload was answered")
	}
	for _, a := range answered {
		// Connect: HTTP 413 or 429 with code resource_exhausted; gRPC:
		// status 8 (RESOURCE_EXHAUSTED).
		if !strings.Contains(a, " 8 ") && !strings.Contains(a, `"code":"resource_exhausted"`) {
			t.Errorf("answered %q, want ResourceExhausted", a)
		}
	}
}
