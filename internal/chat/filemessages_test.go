package chat_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

func imageRef(id string) *bestchatv1.ContentPart {
	return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Image{Image: &bestchatv1.ImagePart{Source: &bestchatv1.ImagePart_FileId{FileId: id}}}}
}

func fileRef(id string) *bestchatv1.ContentPart {
	return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{FileId: id}}}
}

func sendParts(t *testing.T, c servertest.Clients, conv string, parts ...*bestchatv1.ContentPart) ([]*bestchatv1.ChatEvent, error) {
	t.Helper()
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: parts}))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return collect[*bestchatv1.SendMessageResponse](s)
}

// TestMessagesReferenceFiles: a message's file parts must name the
// caller's own files, of the right kind; the stored message carries each
// file's name and type, and keeps them with a deleted mark once the file
// is deleted.
func TestMessagesReferenceFiles(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"Seen."}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice-"+string(p))
			bob := env.Clients(t, p, "bob-"+string(p))
			ctx := servertest.Context(t)
			conv := createConv(t, c, "openai", "gpt-4o")
			img := upload(t, c, &bestchatv1.UploadFileRequest{Name: "dot.png", MediaType: "image/png", Content: pngBytes}).GetFile()
			notes := uploadText(t, c, "notes.txt", "buy milk")
			bobFile := uploadText(t, bob, "bob.txt", "bob's")

			for name, tt := range map[string]struct {
				parts []*bestchatv1.ContentPart
				code  connect.Code
			}{
				"another user's file":   {[]*bestchatv1.ContentPart{fileRef(bobFile.GetId())}, connect.CodeNotFound},
				"another user's image":  {[]*bestchatv1.ContentPart{imageRef(bobFile.GetId())}, connect.CodeNotFound},
				"a text file as image":  {[]*bestchatv1.ContentPart{imageRef(notes.GetId())}, connect.CodeInvalidArgument},
				"an image as a file":    {[]*bestchatv1.ContentPart{fileRef(img.GetId())}, connect.CodeInvalidArgument},
				"a file id not a uuid":  {[]*bestchatv1.ContentPart{fileRef("nope")}, connect.CodeInvalidArgument},
				"a file that never was": {[]*bestchatv1.ContentPart{fileRef("0b8e4a36-7d0c-4b5f-9f3c-1a2b3c4d5e6f")}, connect.CodeNotFound},
			} {
				_, err := sendParts(t, c, conv, tt.parts...)
				if connect.CodeOf(err) != tt.code {
					t.Fatalf("%s: %v, want %v", name, err, tt.code)
				}
			}

			forged := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{
				FileId: notes.GetId(), Name: "forged.exe", MediaType: "application/x-msdownload", Deleted: true,
			}}}
			evs, err := sendParts(t, c, conv, text("What do you see?")[0], imageRef(img.GetId()), forged)
			if err != nil {
				t.Fatalf("SendMessage: %v", err)
			}
			got := evs[0].GetUserMessage().GetMessage().GetContent()
			if len(got) != 3 || got[1].GetImage().GetName() != "dot.png" || got[1].GetImage().GetMediaType() != "image/png" ||
				got[2].GetFile().GetName() != "notes.txt" || got[2].GetFile().GetMediaType() != "text/plain" ||
				got[2].GetFile().GetSizeBytes() != int64(len("buy milk")) || got[2].GetFile().GetDeleted() {
				t.Fatalf("stored user message content = %v", got)
			}

			// Deleting a referenced file keeps the message, marked.
			if _, err := c.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: notes.GetId()})); err != nil {
				t.Fatalf("DeleteFile: %v", err)
			}
			list, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
			if err != nil || len(list.Msg.GetMessages()) != 2 {
				t.Fatalf("ListMessages = %v, %v", list, err)
			}
			parts := list.Msg.GetMessages()[0].GetContent()
			if len(parts) != 3 || parts[0].GetText() != "What do you see?" || parts[1].GetImage().GetDeleted() ||
				!parts[2].GetFile().GetDeleted() || parts[2].GetFile().GetName() != "notes.txt" || parts[2].GetFile().GetFileId() != notes.GetId() {
				t.Fatalf("content after DeleteFile = %v", parts)
			}
			// A new message cannot reference the deleted file.
			_, err = sendParts(t, c, conv, fileRef(notes.GetId()))
			wantCode(t, err, connect.CodeNotFound)
		})
	}
}

// pdfBytes is a minimal PDF (its signature is what sniffing checks).
var pdfBytes = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// jsonValue decodes JSON for a comparison that ignores key order only.
func jsonValue(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

// lastRequest returns the messages of the last request up received.
func lastMessages(t *testing.T, up *upstream) []json.RawMessage {
	t.Helper()
	reqs := up.Requests()
	if len(reqs) == 0 {
		t.Fatal("the provider received no request")
	}
	var body struct {
		Messages []json.RawMessage `json:"messages"`
	}
	if err := reqs[len(reqs)-1].JSON(&body); err != nil {
		t.Fatal(err)
	}
	return body.Messages
}

// TestAttachmentsReachOpenAI: an uploaded image reaches an OpenAI model as
// an image_url part holding a base64 data URL, a text file as text with
// its name and id (cut at MaxInlineFileBytes, at a character boundary),
// and a deleted file as a note.
func TestAttachmentsReachOpenAI(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.MaxInlineFileBytes = 20
	up := newUpstream(t, llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"A dot."}}))
	env := openAIEnv(t, gen, up.srv.URL)
	c := env.Clients(t, servertest.GRPC, "alice")
	ctx := servertest.Context(t)
	conv := createConv(t, c, "openai", "gpt-4o")
	img := upload(t, c, &bestchatv1.UploadFileRequest{Name: "dot.png", MediaType: "image/png", Content: pngBytes}).GetFile()
	notes := uploadText(t, c, "notes.txt", "buy milk")
	long := upload(t, c, &bestchatv1.UploadFileRequest{Name: "long.md", MediaType: "text/markdown", Content: []byte("# Grocery list ok: é and more")}).GetFile()
	if _, err := sendParts(t, c, conv, text("What is this?")[0], imageRef(img.GetId()), fileRef(notes.GetId()), fileRef(long.GetId())); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	msgs := lastMessages(t, up)
	want := fmt.Sprintf(`{"role":"user","content":[
		{"type":"text","text":"What is this?"},
		{"type":"image_url","image_url":{"url":"data:image/png;base64,%s","detail":"auto"}},
		{"type":"text","text":%q},
		{"type":"text","text":%q}]}`,
		base64.StdEncoding.EncodeToString(pngBytes),
		"\n"+`<file name="notes.txt" media_type="text/plain" file_id="`+notes.GetId()+`" size_bytes="8">`+"\nbuy milk\n</file>\n",
		// 20 bytes would end inside "é": the cut keeps 19.
		"\n"+`<file name="long.md" media_type="text/markdown" file_id="`+long.GetId()+`" size_bytes="30">`+
			"\n# Grocery list ok: \n[the first 19 of 30 bytes; the read_file tool reads the rest by file_id]\n</file>\n")
	if len(msgs) != 1 {
		t.Fatalf("messages = %s", msgs)
	}
	if diff := cmp.Diff(jsonValue(t, []byte(want)), jsonValue(t, msgs[0])); diff != "" {
		t.Fatalf("the user message OpenAI received (-want +got):\n%s", diff)
	}

	// After the image is deleted the next turn tells the model so.
	if _, err := c.Chat.DeleteFile(ctx, connect.NewRequest(&bestchatv1.DeleteFileRequest{FileId: img.GetId()})); err != nil {
		t.Fatal(err)
	}
	if _, err := sendParts(t, c, conv, text("And now?")[0]); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	// The first message is text only now: OpenAI gets it as one string.
	msgs = lastMessages(t, up)
	var first struct {
		Content string `json:"content"`
	}
	if err := json.Unmarshal(msgs[0], &first); err != nil ||
		!strings.HasPrefix(first.Content, "What is this?\n[image \"dot.png\": the file was deleted]\n\n<file name=\"notes.txt\"") {
		t.Fatalf("first message after the image was deleted: %s (%v)", msgs[0], err)
	}
}

// TestAttachmentsReachAnthropic: an uploaded image reaches Anthropic as a
// base64 image block, a PDF as a base64 document block with its title.
func TestAttachmentsReachAnthropic(t *testing.T) {
	t.Parallel()
	up := newUpstream(t, llmfake.NewAnthropic(llmfake.Script{Tokens: []string{"A dot and a PDF."}}))
	env := servertest.New(t, servertest.Options{
		Env:        map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": up.srv.URL},
		Generation: fastGen,
	})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			c := env.Clients(t, p, "alice-"+string(p))
			conv := createConv(t, c, "anthropic", "claude-sonnet-4-5-20250929")
			img := upload(t, c, &bestchatv1.UploadFileRequest{Name: "dot.png", MediaType: "image/png", Content: pngBytes}).GetFile()
			doc := upload(t, c, &bestchatv1.UploadFileRequest{Name: "doc.pdf", MediaType: "application/pdf", Content: pdfBytes}).GetFile()
			if _, err := sendParts(t, c, conv, imageRef(img.GetId()), fileRef(doc.GetId()), text("Describe both.")[0]); err != nil {
				t.Fatalf("SendMessage: %v", err)
			}
			msgs := lastMessages(t, up)
			var user struct {
				Role    string            `json:"role"`
				Content []json.RawMessage `json:"content"`
			}
			if err := json.Unmarshal(msgs[len(msgs)-1], &user); err != nil || user.Role != "user" || len(user.Content) != 3 {
				t.Fatalf("user message %s: %v", msgs[len(msgs)-1], err)
			}
			wantImage := `{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + base64.StdEncoding.EncodeToString(pngBytes) + `"}}`
			wantDoc := `{"type":"document","title":"doc.pdf","source":{"type":"base64","media_type":"application/pdf","data":"` + base64.StdEncoding.EncodeToString(pdfBytes) + `"}}`
			if diff := cmp.Diff(jsonValue(t, []byte(wantImage)), jsonValue(t, user.Content[0])); diff != "" {
				t.Fatalf("the image block Anthropic received (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(jsonValue(t, []byte(wantDoc)), jsonValue(t, user.Content[1])); diff != "" {
				t.Fatalf("the document block Anthropic received (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAttachmentsTheModelCannotTake: an image for a model the catalog
// knows has no vision, or a PDF for an OpenAI-compatible model, is
// refused before anything is stored or sent.
func TestAttachmentsTheModelCannotTake(t *testing.T) {
	t.Parallel()
	up := newUpstream(t, llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"never"}}))
	env := servertest.New(t, servertest.Options{
		Env: map[string]string{
			"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1", "OLLAMA_BASE_URL": up.srv.URL + "/v1",
		},
		Generation: fastGen,
	})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice-"+string(p))
			ctx := servertest.Context(t)
			img := upload(t, c, &bestchatv1.UploadFileRequest{Name: "dot.png", MediaType: "image/png", Content: pngBytes}).GetFile()
			doc := upload(t, c, &bestchatv1.UploadFileRequest{Name: "doc.pdf", MediaType: "application/pdf", Content: pdfBytes}).GetFile()
			for _, tt := range []struct {
				provider, model string
				part            *bestchatv1.ContentPart
				says            string
			}{
				{"ollama", "llama3.1", imageRef(img.GetId()), "does not accept images"},
				{"openai", "gpt-4o", fileRef(doc.GetId()), "cannot read PDF documents"},
			} {
				conv := createConv(t, c, tt.provider, tt.model)
				_, err := sendParts(t, c, conv, text("Look")[0], tt.part)
				wantCode(t, err, connect.CodeFailedPrecondition)
				if !strings.Contains(err.Error(), tt.says) {
					t.Fatalf("%s/%s: %v, want it to say %q", tt.provider, tt.model, err, tt.says)
				}
				list, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
				if err != nil || len(list.Msg.GetMessages()) != 0 {
					t.Fatalf("%s: messages after the refusal = %v, %v", tt.model, list, err)
				}
			}
		})
	}
	if n := len(up.Requests()); n != 0 {
		t.Fatalf("the provider received %d requests", n)
	}
}

// TestModelReadsAnUploadedFile: the tool loop runs builtin.read_file for a
// model that asks for an uploaded file, and feeds the file back to it.
func TestModelReadsAnUploadedFile(t *testing.T) {
	t.Parallel()
	up := newUpstream(t, llmfake.NewOpenAI()) // the simulation: it calls the tools a directive names
	env := openAIEnv(t, fastGen, up.srv.URL)
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	f := uploadText(t, c, "plan.txt", "step one: café")
	evs, err := send(t, c, conv, `Read it. [[tool:read_file {"file_id":"`+f.GetId()+`"}]]`, "")
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	var result *bestchatv1.ToolExecution
	for _, e := range evs {
		if r := e.GetToolResult(); r != nil {
			result = r.GetExecution()
		}
	}
	if result == nil || result.GetToolId() != "builtin.read_file" ||
		result.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED ||
		!strings.Contains(result.GetResult(), `"content":"step one: café"`) {
		t.Fatalf("tool result = %v (events %v)", result, evs)
	}
	// The model's next call carried the file's text as the tool's result.
	reqs := up.Requests()
	if len(reqs) < 2 || !strings.Contains(string(reqs[len(reqs)-1].Body), `step one: café`) {
		t.Fatalf("the model was not given the file (%d requests)", len(reqs))
	}
}

// TestRegenerateWithAModelWithoutVision: answering again a question that
// holds an image, with a model without vision, is refused and stores
// nothing; earlier images reach such a model as a note.
func TestRegenerateWithAModelWithoutVision(t *testing.T) {
	t.Parallel()
	up := newUpstream(t, llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"Seen."}}))
	env := servertest.New(t, servertest.Options{
		Env:        map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1", "OLLAMA_BASE_URL": up.srv.URL + "/v1"},
		Generation: fastGen,
	})
	c := env.Clients(t, servertest.GRPC, "alice")
	ctx := servertest.Context(t)
	conv := createConv(t, c, "openai", "gpt-4o")
	img := upload(t, c, &bestchatv1.UploadFileRequest{Name: "dot.png", MediaType: "image/png", Content: pngBytes}).GetFile()
	evs, err := sendParts(t, c, conv, text("What is it?")[0], imageRef(img.GetId()))
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	question := evs[0].GetUserMessage().GetMessage().GetId()
	s, err := c.Chat.RegenerateMessage(ctx, connect.NewRequest(&bestchatv1.RegenerateMessageRequest{MessageId: question, Provider: "ollama", Model: "llama3.1"}))
	if err == nil {
		_, err = collect[*bestchatv1.RegenerateMessageResponse](s)
	}
	wantCode(t, err, connect.CodeFailedPrecondition)
	list, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
	if err != nil || len(list.Msg.GetMessages()) != 2 || len(list.Msg.GetMessages()[1].GetSiblingIds()) != 1 {
		t.Fatalf("messages after the refusal = %v, %v", list, err)
	}
	// A later text question to that model tells it about the image.
	later, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: text("Thanks"), Provider: "ollama", Model: "llama3.1",
	}))
	if err == nil {
		_, err = collect[*bestchatv1.SendMessageResponse](later)
		_ = later.Close()
	}
	if err != nil {
		t.Fatalf("SendMessage to llama3.1: %v", err)
	}
	msgs := lastMessages(t, up)
	var first struct {
		Content string `json:"content"`
	}
	if err := json.Unmarshal(msgs[0], &first); err != nil || first.Content != "What is it?\n[image \"dot.png\" not shown: model llama3.1 does not accept images]\n" {
		t.Fatalf("the earlier question as llama3.1 got it: %s (%v)", msgs[0], err)
	}
}
