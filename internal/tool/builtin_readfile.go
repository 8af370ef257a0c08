package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// readFileMax is the most bytes one read_file call returns: a window
// well inside the default tool output cap, JSON-escaped.
const readFileMax = 32 << 10

// readableTypes are the media types read_file reads: the text types
// UploadFile accepts.
var readableTypes = map[string]bool{
	"text/plain": true, "text/markdown": true, "text/csv": true, "application/json": true,
}

func readFileTool(q *dbsqlc.Queries) (Definition, RunFunc) {
	return Definition{
			ID:   "builtin.read_file",
			Name: "read_file",
			Description: "Reads a text file the user uploaded (text/plain, text/markdown, text/csv, application/json), " +
				"by its file_id, a window of at most 32768 bytes at a time from a byte offset; " +
				"call again with next_offset until eof to read a long file.",
			Schema: json.RawMessage(`{"type":"object","properties":{` +
				`"file_id":{"type":"string","format":"uuid","description":"The file's id, as given with the file"},` +
				`"offset":{"type":"integer","minimum":0,"description":"Byte offset to start at (default 0)"},` +
				`"max_bytes":{"type":"integer","minimum":1,"maximum":32768,"description":"Most bytes to read (default 32768)"}},` +
				`"required":["file_id"],"additionalProperties":false}`),
			Risk: RiskLow, Source: SourceBuiltin, Timeout: 10 * time.Second,
		}, func(ctx context.Context, call Call) (string, error) {
			var args struct {
				FileID   string `json:"file_id"`
				Offset   int64  `json:"offset"`
				MaxBytes int    `json:"max_bytes"`
			}
			if err := json.Unmarshal(call.Args, &args); err != nil {
				return "", toolErrorf("arguments: %v", err)
			}
			id, err := uuid.Parse(args.FileID)
			if err != nil {
				return "", toolErrorf("file_id %q is not a file id", args.FileID)
			}
			if args.MaxBytes <= 0 || args.MaxBytes > readFileMax {
				args.MaxBytes = readFileMax
			}
			if args.Offset > 1<<31-utf8.UTFMax-readFileMax {
				return "", toolErrorf("offset %d is past the end of any file", args.Offset)
			}
			// A character cut at either end is dropped: read a few bytes
			// more before and after the window.
			start := max(args.Offset-(utf8.UTFMax-1), 0)
			row, err := q.GetFileContent(ctx, dbsqlc.GetFileContentParams{
				ID: id, UserID: call.UserID, Start: int32(start + 1), MaxBytes: int32(args.MaxBytes + 2*(utf8.UTFMax-1)),
			})
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				return "", toolErrorf("no file with id %s (it may have been deleted)", id)
			case err != nil:
				return "", fmt.Errorf("read file: %w", err)
			}
			f := row.FileUpload
			if !readableTypes[f.MediaType] {
				return "", toolErrorf("file %q is %s; read_file reads text files only", f.Name, f.MediaType)
			}
			if args.Offset > f.SizeBytes {
				return "", toolErrorf("offset %d is past the end of the file (%d bytes)", args.Offset, f.SizeBytes)
			}
			data := row.Data
			// Move the window's start to the first character at or after offset.
			from := args.Offset - start
			for from < int64(len(data)) && !utf8.RuneStart(data[from]) {
				from++
			}
			data = data[from:]
			// End it at the last whole character within max_bytes.
			end := min(args.MaxBytes, len(data))
			for end > 0 && end < len(data) && !utf8.RuneStart(data[end]) {
				end--
			}
			data = data[:end]
			offset := start + from
			next := offset + int64(len(data))
			b, _ := json.Marshal(map[string]any{
				"file_id":     f.ID.String(),
				"name":        f.Name,
				"media_type":  f.MediaType,
				"size_bytes":  f.SizeBytes,
				"offset":      offset,
				"next_offset": next,
				"eof":         next >= f.SizeBytes,
				"content":     string(data),
			})
			return string(b), nil
		}
}
