package engine

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// attachment is an uploaded file a turn's messages reference, as the
// model is given it.
type attachment struct {
	name      string
	mediaType string
	// size is the whole file's size.
	size int64
	// data is the whole file for images and PDFs, and at most
	// Config.MaxInlineFileBytes of a text file.
	data []byte
}

// attachments are a turn's files by id; a file deleted since its message
// was sent is absent.
type attachments map[uuid.UUID]attachment

// pdfType is the media type of the documents some providers read.
const pdfType = "application/pdf"

// fileRefs returns the ids of the files that contents (stored user
// message contents) reference and that have not been deleted, first
// reference first.
func fileRefs(contents [][]byte) []uuid.UUID {
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, c := range contents {
		if !bytes.Contains(c, []byte(`"file_id"`)) {
			continue // the common text-only message is not decoded
		}
		for _, p := range message.DecodeContent(c) {
			var s string
			switch part := p.GetPart().(type) {
			case *bestchatv1.ContentPart_Image:
				if !part.Image.GetDeleted() {
					s = part.Image.GetFileId()
				}
			case *bestchatv1.ContentPart_File:
				if !part.File.GetDeleted() {
					s = part.File.GetFileId()
				}
			}
			if id, err := uuid.Parse(s); err == nil && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// userContents returns the contents of history's user messages, and extra
// (a user message not stored yet) when it is not nil.
func userContents(history []dbsqlc.Message, extra []byte) [][]byte {
	out := make([][]byte, 0, len(history)/2+1)
	for i := range history {
		if history[i].Role == dbenum.RoleUser {
			out = append(out, history[i].Content)
		}
	}
	if extra != nil {
		out = append(out, extra)
	}
	return out
}

// loadAttachments reads the files contents reference that have does not
// hold already, and returns them with have's.
func (e *Engine) loadAttachments(ctx context.Context, q *dbsqlc.Queries, userID string, contents [][]byte, have attachments) (attachments, error) {
	ids := fileRefs(contents)
	missing := ids[:0:0]
	for _, id := range ids {
		if _, ok := have[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	out := make(attachments, len(ids))
	for _, id := range ids {
		if a, ok := have[id]; ok {
			out[id] = a
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	rows, err := q.GetTurnFiles(ctx, dbsqlc.GetTurnFilesParams{UserID: userID, Ids: missing, TextMax: int32(e.cfg.MaxInlineFileBytes)})
	if err != nil {
		return nil, rpcerror.DB(err, "load files", "file")
	}
	for _, r := range rows {
		f := r.FileUpload
		out[f.ID] = attachment{name: f.Name, mediaType: f.MediaType, size: f.SizeBytes, data: r.Data}
	}
	return out, nil
}

// modelInputs is what a turn's model takes besides text.
type modelInputs struct {
	model string
	// images: the model accepts images (the catalog says so, or does not
	// know the model: its provider then answers for it).
	images bool
	// documents: the provider reads PDF documents.
	documents bool
	// readFile: the turn offers the read_file tool.
	readFile bool
}

// inputsOf returns what model, called through client, takes.
func inputsOf(model catalog.Model, client llm.Provider) modelInputs {
	_, docs := client.(llm.DocumentReader)
	return modelInputs{model: model.ID, images: !model.Known || model.Capabilities.Vision, documents: docs}
}

// checkInputs refuses a turn whose question (parts, the user message
// answered) holds what the model cannot take: an image for a model without
// vision, a PDF for a provider that reads none. Earlier messages'
// attachments are described to such a model in text instead.
func checkInputs(in modelInputs, parts []*bestchatv1.ContentPart) error {
	for _, p := range parts {
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Image:
			if !in.images && !part.Image.GetDeleted() {
				return rpcerror.FailedPrecondition(fmt.Sprintf(
					"model %s does not accept images; choose a model with vision or send the message without the image", in.model))
			}
		case *bestchatv1.ContentPart_File:
			if !in.documents && part.File.GetMediaType() == pdfType && !part.File.GetDeleted() {
				return rpcerror.FailedPrecondition(fmt.Sprintf(
					"model %s cannot read PDF documents (Anthropic models can); choose such a model or send the message without the PDF", in.model))
			}
		}
	}
	return nil
}

// lastUserParts returns the content of history's last user message.
func lastUserParts(history []dbsqlc.Message) []*bestchatv1.ContentPart {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Role == dbenum.RoleUser {
			return message.DecodeContent(history[i].Content)
		}
	}
	return nil
}

// userParts converts a stored user message for the model: text as is;
// images as base64 data (uploads) or URLs; text files inline with their
// name and id; PDFs as documents. What the model cannot take, and files
// deleted since, are told as a bracketed note so the model knows they were
// there.
func userParts(parts []*bestchatv1.ContentPart, files attachments, in modelInputs) []llm.Part {
	var out []llm.Part
	for _, p := range parts {
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Text:
			out = append(out, llm.TextPart(part.Text))
		case *bestchatv1.ContentPart_Image:
			out = append(out, onLines(imagePart(part.Image, files, in)))
		case *bestchatv1.ContentPart_File:
			out = append(out, onLines(filePart(part.File, files, in)))
		}
	}
	return out
}

// onLines puts an attachment told as text on lines of its own: providers
// given text parts only join them without a separator.
func onLines(p llm.Part) llm.Part {
	if p.Type == llm.PartText {
		p.Text = "\n" + p.Text + "\n"
	}
	return p
}

func imagePart(img *bestchatv1.ImagePart, files attachments, in modelInputs) llm.Part {
	if u := img.GetUrl(); u != "" {
		if !in.images {
			return llm.TextPart(fmt.Sprintf("[image %s not shown: model %s does not accept images]", u, in.model))
		}
		return llm.ImageURLPart(u)
	}
	a, ok := files[parseID(img.GetFileId())]
	switch {
	case img.GetDeleted() || !ok:
		return llm.TextPart(fmt.Sprintf("[image %q: the file was deleted]", img.GetName()))
	case !in.images:
		return llm.TextPart(fmt.Sprintf("[image %q not shown: model %s does not accept images]", a.name, in.model))
	}
	return llm.ImageDataPart(a.mediaType, base64.StdEncoding.EncodeToString(a.data))
}

func filePart(f *bestchatv1.FilePart, files attachments, in modelInputs) llm.Part {
	a, ok := files[parseID(f.GetFileId())]
	switch {
	case f.GetDeleted() || !ok:
		return llm.TextPart(fmt.Sprintf("[file %q: the file was deleted]", f.GetName()))
	case a.mediaType == pdfType && in.documents:
		return llm.DocumentPart(a.name, a.mediaType, base64.StdEncoding.EncodeToString(a.data))
	case a.mediaType == pdfType:
		return llm.TextPart(fmt.Sprintf("[PDF %q not shown: model %s cannot read PDF documents]", a.name, in.model))
	}
	return llm.TextPart(inlineText(f.GetFileId(), a, in.readFile))
}

// inlineText is a text file as the model reads it: between tags naming
// it, cut at a character boundary when only part of it was loaded.
func inlineText(id string, a attachment, readFile bool) string {
	text := a.data
	if int64(len(text)) < a.size {
		// The file is UTF-8 (UploadFile checks): only the cut can have
		// split a character.
		for range utf8.UTFMax - 1 {
			if r, n := utf8.DecodeLastRune(text); r != utf8.RuneError || n != 1 {
				break
			}
			text = text[:len(text)-1]
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<file name=%q media_type=%q file_id=%q size_bytes=\"%d\">\n", a.name, a.mediaType, id, a.size)
	b.Write(text)
	if int64(len(text)) < a.size {
		fmt.Fprintf(&b, "\n[the first %d of %d bytes", len(text), a.size)
		if readFile {
			b.WriteString("; the read_file tool reads the rest by file_id")
		}
		b.WriteString("]")
	}
	b.WriteString("\n</file>")
	return b.String()
}

func parseID(s string) uuid.UUID {
	id, _ := uuid.Parse(s)
	return id
}
