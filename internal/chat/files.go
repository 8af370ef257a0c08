package chat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/pagetoken"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

const (
	defaultFilePage = 50
	filesKind       = "files"
)

// UploadFile stores a file of the caller: the bytes once per distinct
// content (a second upload of the same bytes shares them and says so), the
// metadata per upload. Size, media type, quota and request_id are checked
// before anything is stored; the quota and the blob sharing are decided
// under the user's file lock, so concurrent uploads cannot overshoot it.
func (s *Service) UploadFile(ctx context.Context, req *connect.Request[bestchatv1.UploadFileRequest]) (*connect.Response[bestchatv1.UploadFileResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	content := m.GetContent()
	if int64(len(content)) > s.limits.MaxUploadBytes {
		return nil, rpcerror.WithReason(connect.NewError(connect.CodeResourceExhausted,
			fmt.Errorf("the file is %d bytes; the upload limit is %d bytes", len(content), s.limits.MaxUploadBytes)),
			rpcerror.ReasonRequestTooLarge, nil)
	}
	var v validation.Violations
	name := strings.TrimSpace(m.GetName())
	if name == "" || strings.ContainsFunc(name, unicode.IsControl) {
		v.Add("name", "must be a file name without control characters")
	}
	mediaType, err := checkMediaType(m.GetMediaType(), content)
	if err != nil {
		v.Add("media_type", err.Error())
	}
	var convID uuid.NullUUID
	if m.GetConversationId() != "" {
		id, err := uuid.Parse(m.GetConversationId())
		if err != nil {
			v.Add("conversation_id", "must be a conversation id (UUID)")
		}
		convID = uuid.NullUUID{UUID: id, Valid: true}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(content)
	var reqID *string
	var reqHash []byte
	if rid := m.GetRequestId(); rid != "" {
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", name, mediaType, m.GetConversationId())
		h.Write(sum[:])
		reqID, reqHash = &rid, h.Sum(nil)
	}
	resp := &bestchatv1.UploadFileResponse{}
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.LockUserFiles(ctx, uid); err != nil {
			return rpcerror.DB(err, "lock files", "file")
		}
		if reqID != nil {
			prev, err := q.GetFileByRequestID(ctx, dbsqlc.GetFileByRequestIDParams{UserID: uid, RequestID: *reqID})
			switch {
			case err == nil && string(prev.FileUpload.RequestHash) != string(reqHash):
				return validation.FieldError("request_id", "was already used with a different upload")
			case err == nil:
				resp.File, resp.Deduplicated = fileToProto(prev.FileUpload), prev.Deduplicated
				return nil
			case !errors.Is(err, pgx.ErrNoRows):
				return rpcerror.DB(err, "request id", "file")
			}
		}
		if convID.Valid {
			if _, err := q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: convID.UUID, UserID: uid}); err != nil {
				return rpcerror.DB(err, "get conversation", "conversation")
			}
		}
		stored, err := q.BlobExists(ctx, dbsqlc.BlobExistsParams{UserID: uid, Sha256: sum[:]})
		if err != nil {
			return rpcerror.DB(err, "find content", "file")
		}
		if !stored {
			used, err := q.UserStorageBytes(ctx, uid)
			if err != nil {
				return rpcerror.DB(err, "storage used", "file")
			}
			if used+int64(len(content)) > s.limits.MaxUserStorageBytes {
				return rpcerror.WithReason(connect.NewError(connect.CodeResourceExhausted, fmt.Errorf(
					"storage quota exceeded: %d of %d bytes used, the file needs %d; delete files to make room",
					used, s.limits.MaxUserStorageBytes, len(content))),
					rpcerror.ReasonRequestTooLarge, nil)
			}
			if _, err := q.InsertBlob(ctx, dbsqlc.InsertBlobParams{
				UserID: uid, Sha256: sum[:], SizeBytes: int64(len(content)), Data: content,
			}); err != nil {
				return rpcerror.DB(err, "store content", "file")
			}
		}
		row, err := q.InsertFile(ctx, dbsqlc.InsertFileParams{
			UserID: uid, ConversationID: convID, Name: name, MediaType: mediaType,
			SizeBytes: int64(len(content)), Sha256: sum[:], RequestID: reqID, RequestHash: reqHash,
		})
		if err != nil {
			return rpcerror.DB(err, "insert file", "conversation")
		}
		resp.File, resp.Deduplicated = fileToProto(row), stored
		return nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(resp), nil
}

// GetFile returns a file's metadata, and its bytes when asked.
func (s *Service) GetFile(ctx context.Context, req *connect.Request[bestchatv1.GetFileRequest]) (*connect.Response[bestchatv1.GetFileResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("file_id", req.Msg.GetFileId())
	if err != nil {
		return nil, err
	}
	resp := &bestchatv1.GetFileResponse{}
	if req.Msg.GetIncludeContent() {
		row, err := s.q.GetFileContent(ctx, dbsqlc.GetFileContentParams{ID: id, UserID: uid, Start: 1, MaxBytes: math.MaxInt32})
		if err != nil {
			return nil, rpcerror.DB(err, "get file", "file")
		}
		resp.File, resp.Content = fileToProto(row.FileUpload), row.Data
	} else {
		row, err := s.q.GetFile(ctx, dbsqlc.GetFileParams{ID: id, UserID: uid})
		if err != nil {
			return nil, rpcerror.DB(err, "get file", "file")
		}
		resp.File = fileToProto(row)
	}
	return connect.NewResponse(resp), nil
}

// readFileChunk is the most bytes of one ReadFile message.
const readFileChunk = 256 << 10

// ReadFile streams a file's bytes (from offset, at most limit of them) in
// pieces of readFileChunk, each read with its own statement so that a
// large file is never held in memory whole; the first message carries the
// metadata.
func (s *Service) ReadFile(ctx context.Context, req *connect.Request[bestchatv1.ReadFileRequest], stream *connect.ServerStream[bestchatv1.ReadFileResponse]) error {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return err
	}
	id, err := validation.ParseUUID("file_id", req.Msg.GetFileId())
	if err != nil {
		return err
	}
	row, err := s.q.GetFile(ctx, dbsqlc.GetFileParams{ID: id, UserID: uid})
	if err != nil {
		return rpcerror.DB(err, "get file", "file")
	}
	end := row.SizeBytes
	off := min(req.Msg.GetOffset(), end)
	if l := req.Msg.GetLimit(); l > 0 && l < end-off {
		end = off + l
	}
	first := &bestchatv1.ReadFileResponse{File: fileToProto(row), Offset: off}
	if off == end {
		return stream.Send(first)
	}
	for off < end {
		n := min(end-off, readFileChunk)
		piece, err := s.q.GetFileContent(ctx, dbsqlc.GetFileContentParams{ID: id, UserID: uid, Start: int32(off + 1), MaxBytes: int32(n)})
		if err != nil {
			// Deleted while it was read: the client has part of it.
			return rpcerror.DB(err, "read file", "file")
		}
		msg := &bestchatv1.ReadFileResponse{Offset: off, Data: piece.Data}
		if first != nil {
			first.Data, msg, first = piece.Data, first, nil
		}
		if err := stream.Send(msg); err != nil {
			return err
		}
		off += int64(len(piece.Data))
		if len(piece.Data) == 0 {
			break
		}
	}
	return nil
}

// ListFiles lists the caller's files newest first, optionally those of one
// of the caller's conversations (another user's is NOT_FOUND).
func (s *Service) ListFiles(ctx context.Context, req *connect.Request[bestchatv1.ListFilesRequest]) (*connect.Response[bestchatv1.ListFilesResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	params := dbsqlc.ListFilesParams{UserID: uid}
	if m.GetConversationId() != "" {
		id, err := validation.ParseUUID("conversation_id", m.GetConversationId())
		if err != nil {
			return nil, err
		}
		if _, err := s.q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: id, UserID: uid}); err != nil {
			return nil, rpcerror.DB(err, "get conversation", "conversation")
		}
		params.ConversationID = uuid.NullUUID{UUID: id, Valid: true}
	}
	// The token is scoped to the filter so a token of another listing is refused.
	scope := m.GetConversationId()
	cursor, hasCursor, err := pagetoken.Decode(m.GetPageToken(), filesKind)
	if err != nil || (hasCursor && cursor.Scope != scope) {
		return nil, validation.FieldError("page_token", "invalid page token (it must come from the same listing's next_page_token)")
	}
	size := int(m.GetPageSize())
	if size == 0 {
		size = defaultFilePage
	}
	params.RowLimit = int32(size + 1)
	if hasCursor {
		t := cursor.Time()
		params.AfterTime = &t
		params.AfterID = uuid.NullUUID{UUID: cursor.ID, Valid: true}
	}
	rows, err := s.q.ListFiles(ctx, params)
	if err != nil {
		return nil, rpcerror.DB(err, "list files", "file")
	}
	resp := &bestchatv1.ListFilesResponse{}
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		resp.NextPageToken = pagetoken.Encode(pagetoken.Cursor{
			Kind: filesKind, Micros: last.CreatedAt.UnixMicro(), ID: last.ID, Scope: scope,
		})
	}
	for _, r := range rows {
		resp.Files = append(resp.Files, fileToProto(r))
	}
	return connect.NewResponse(resp), nil
}

// DeleteFile deletes a file of the caller. The messages that reference it
// stay readable, their parts marked deleted; the bytes go when no other
// file of the user shares them.
func (s *Service) DeleteFile(ctx context.Context, req *connect.Request[bestchatv1.DeleteFileRequest]) (*connect.Response[bestchatv1.DeleteFileResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("file_id", req.Msg.GetFileId())
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.LockUserFiles(ctx, uid); err != nil {
			return rpcerror.DB(err, "lock files", "file")
		}
		row, err := q.DeleteFile(ctx, dbsqlc.DeleteFileParams{ID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "delete file", "file")
		}
		if _, err := q.DeleteBlobIfUnused(ctx, dbsqlc.DeleteBlobIfUnusedParams{UserID: uid, Sha256: row.Sha256}); err != nil {
			return rpcerror.DB(err, "delete content", "file")
		}
		if _, err := q.MarkFileDeletedInMessages(ctx, dbsqlc.MarkFileDeletedInMessagesParams{UserID: uid, FileID: id.String()}); err != nil {
			return rpcerror.DB(err, "mark messages", "file")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.DeleteFileResponse{}), nil
}

// fileToProto converts a file_uploads row.
func fileToProto(f dbsqlc.FileUpload) *bestchatv1.File {
	out := &bestchatv1.File{
		Id:         f.ID.String(),
		Name:       f.Name,
		MediaType:  f.MediaType,
		SizeBytes:  f.SizeBytes,
		Sha256:     hex.EncodeToString(f.Sha256),
		CreateTime: timestamppb.New(f.CreatedAt),
	}
	if f.ConversationID.Valid {
		out.ConversationId = f.ConversationID.UUID.String()
	}
	return out
}
