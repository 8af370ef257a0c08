package engine

import (
	"strconv"
	"testing"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
)

func TestInlineTextCutsAtACharacter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		size       int64
		want       string
	}{
		{"whole", "héllo", 6, "héllo"},
		{"cut after a character", "hé", 6, "hé"},
		{"cut inside a two-byte character", "h\xc3", 6, "h"},
		{"cut inside a four-byte character", "a\xf0\x9f\x98", 8, "a"},
		{"cut right after a four-byte character", "a😀", 9, "a😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := attachment{name: "f.txt", mediaType: "text/plain", size: tt.size, data: []byte(tt.data)}
			got := inlineText("id", a, false)
			want := "<file name=\"f.txt\" media_type=\"text/plain\" file_id=\"id\" size_bytes=\"" + itoa(tt.size) + "\">\n" + tt.want
			if int64(len(tt.data)) < tt.size {
				want += "\n[the first " + itoa(int64(len(tt.want))) + " of " + itoa(tt.size) + " bytes]"
			}
			if want += "\n</file>"; got != want {
				t.Fatalf("inlineText = %q, want %q", got, want)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCheckInputs(t *testing.T) {
	t.Parallel()
	vision := catalog.Model{ID: "v", Known: true, Capabilities: catalog.Capabilities{Vision: true}}
	blind := catalog.Model{ID: "b", Known: true}
	unknown := catalog.Model{ID: "u"}
	img := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Image{Image: &bestchatv1.ImagePart{Source: &bestchatv1.ImagePart_FileId{FileId: uuid.NewString()}}}}
	goneImg := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Image{Image: &bestchatv1.ImagePart{Source: &bestchatv1.ImagePart_FileId{FileId: uuid.NewString()}, Deleted: true}}}
	pdf := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{FileId: uuid.NewString(), MediaType: pdfType}}}
	txt := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{FileId: uuid.NewString(), MediaType: "text/plain"}}}
	anthropic := llm.NewAnthropic(llm.AnthropicConfig{BaseURL: "http://127.0.0.1:1", APIKey: "k"})
	openai := llm.NewOpenAI(llm.OpenAIConfig{BaseURL: "http://127.0.0.1:1/v1"})
	tests := []struct {
		name   string
		model  catalog.Model
		client llm.Provider
		part   *bestchatv1.ContentPart
		ok     bool
	}{
		{"image, vision", vision, openai, img, true},
		{"image, no vision", blind, openai, img, false},
		{"image, unknown model", unknown, openai, img, true},
		{"deleted image, no vision", blind, openai, goneImg, true},
		{"pdf, anthropic", blind, anthropic, pdf, true},
		{"pdf, openai", vision, openai, pdf, false},
		{"text file, no vision", blind, openai, txt, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkInputs(inputsOf(tt.model, tt.client), []*bestchatv1.ContentPart{tt.part})
			if (err == nil) != tt.ok {
				t.Fatalf("checkInputs = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestFileRefsSkipsTextAndDeleted(t *testing.T) {
	t.Parallel()
	keep, gone := uuid.New(), uuid.New()
	enc := func(parts ...*bestchatv1.ContentPart) []byte {
		b, _, err := message.EncodeContent(parts)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	history := []dbsqlc.Message{
		{Role: "user", Content: enc(&bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: "file_id is just text here"}})},
		{Role: "user", Content: enc(
			&bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{FileId: keep.String()}}},
			&bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{FileId: gone.String(), Deleted: true}}},
		)},
		{Role: "assistant", Content: enc(&bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: "ok"}})},
	}
	extra := enc(&bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{FileId: keep.String()}}})
	got := fileRefs(userContents(history, extra))
	if len(got) != 1 || got[0] != keep {
		t.Fatalf("fileRefs = %v, want [%s]", got, keep)
	}
}
