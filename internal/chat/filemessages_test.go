package chat_test

import (
	"testing"

	"connectrpc.com/connect"

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
