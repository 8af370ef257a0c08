package chat

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/pagetoken"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

const (
	defaultMessagePage = 100
	messagesKind       = "messages"
	// messagesNewestFirstKind is the page token kind of a newest-first
	// listing, so that a token is refused by a listing of the other order.
	messagesNewestFirstKind = "messages-newest-first"
)

// ListMessages lists one branch root first: the active one, or the path to
// leaf_message_id. Pages follow the branch the first page started from, so
// switching branches between pages cannot mix two branches.
func (s *Service) ListMessages(ctx context.Context, req *connect.Request[bestchatv1.ListMessagesRequest]) (*connect.Response[bestchatv1.ListMessagesResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	convID, err := validation.ParseUUID("conversation_id", m.GetConversationId())
	if err != nil {
		return nil, err
	}
	kind := messagesKind
	if m.GetNewestFirst() {
		kind = messagesNewestFirstKind
	}
	cursor, hasCursor, err := pagetoken.Decode(m.GetPageToken(), kind)
	if err != nil || (hasCursor && cursor.Scope != convID.String()) {
		return nil, validation.FieldError("page_token", "invalid page token (it must come from the same listing's next_page_token)")
	}
	shape, err := s.q.GetConversationShape(ctx, dbsqlc.GetConversationShapeParams{ID: convID, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "get conversation", "conversation")
	}
	conv := shape.Conversation
	var leaf uuid.UUID
	switch {
	case hasCursor:
		leaf = cursor.ID
	case m.GetLeafMessageId() != "":
		if leaf, err = validation.ParseUUID("leaf_message_id", m.GetLeafMessageId()); err != nil {
			return nil, err
		}
	case conv.ActiveLeafID.Valid:
		leaf = conv.ActiveLeafID.UUID
	default:
		return connect.NewResponse(&bestchatv1.ListMessagesResponse{}), nil
	}
	size := m.GetPageSize()
	if size == 0 {
		size = defaultMessagePage
	}
	if m.GetNewestFirst() {
		return s.listMessagesNewestFirst(ctx, shape.Linear, uid, convID, leaf, size, cursor, hasCursor)
	}
	// The token carries where the next page starts on the branch: the
	// leaf the listing follows and the depth of the last message returned.
	after := int32(cursor.Int) - boolToInt32(!hasCursor)
	rows, err := s.branchPage(ctx, shape.Linear, dbsqlc.ListBranchParams{
		LeafID: leaf, UserID: uid, ConversationID: convID,
		AfterDepth: after, LastDepth: after + size + 1, RowLimit: size + 1,
	})
	if err != nil {
		return nil, rpcerror.DB(err, "list messages", "message")
	}
	if len(rows) == 0 && !hasCursor && m.GetLeafMessageId() != "" {
		return nil, rpcerror.NotFound("message")
	}
	resp := &bestchatv1.ListMessagesResponse{}
	if len(rows) > int(size) {
		rows = rows[:size]
		resp.NextPageToken = pagetoken.Encode(pagetoken.Cursor{
			Kind: messagesKind, Int: int64(rows[size-1].Message.Depth), ID: leaf, Scope: convID.String(),
		})
	}
	for _, r := range rows {
		resp.Messages = append(resp.Messages, message.ToProto(r.Message, r.SiblingIds))
	}
	return connect.NewResponse(resp), nil
}

// listMessagesNewestFirst lists the branch to leaf from the leaf up. A
// page is the depths (after, last] read root first by ListBranch and
// reversed; its token carries the shallowest depth returned, so the next
// page ends just above it.
func (s *Service) listMessagesNewestFirst(ctx context.Context, linear bool, uid string, convID, leaf uuid.UUID, size int32, cursor pagetoken.Cursor, hasCursor bool) (*connect.Response[bestchatv1.ListMessagesResponse], error) {
	var last int32
	if hasCursor {
		last = int32(cursor.Int) - 1
	} else {
		row, err := s.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: leaf, UserID: uid})
		if err != nil || row.ConversationID != convID {
			if err == nil || errors.Is(err, pgx.ErrNoRows) {
				return nil, rpcerror.NotFound("message")
			}
			return nil, rpcerror.DB(err, "get leaf", "message")
		}
		last = row.Depth
	}
	after := max(last-size, -1)
	resp := &bestchatv1.ListMessagesResponse{}
	if last < 0 {
		return connect.NewResponse(resp), nil
	}
	rows, err := s.branchPage(ctx, linear, dbsqlc.ListBranchParams{
		LeafID: leaf, UserID: uid, ConversationID: convID,
		AfterDepth: after, LastDepth: last, RowLimit: last - after,
	})
	if err != nil {
		return nil, rpcerror.DB(err, "list messages", "message")
	}
	for i := len(rows) - 1; i >= 0; i-- {
		resp.Messages = append(resp.Messages, message.ToProto(rows[i].Message, rows[i].SiblingIds))
	}
	if after >= 0 && len(rows) > 0 {
		resp.NextPageToken = pagetoken.Encode(pagetoken.Cursor{
			Kind: messagesNewestFirstKind, Int: int64(rows[0].Message.Depth), ID: leaf, Scope: convID.String(),
		})
	}
	return connect.NewResponse(resp), nil
}

func boolToInt32(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// DeleteMessage deletes a message and its subtree; when the active branch
// ran through it the active leaf moves to its parent.
func (s *Service) DeleteMessage(ctx context.Context, req *connect.Request[bestchatv1.DeleteMessageRequest]) (*connect.Response[bestchatv1.DeleteMessageResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("message_id", req.Msg.GetMessageId())
	if err != nil {
		return nil, err
	}
	resp := &bestchatv1.DeleteMessageResponse{}
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		msg, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "get message", "message")
		}
		// Lock the conversation: concurrent edits of its tree serialise here.
		conv, err := q.GetConversationForUpdate(ctx, dbsqlc.GetConversationForUpdateParams{ID: msg.ConversationID, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "lock conversation", "message")
		}
		sub, err := q.SubtreeStats(ctx, dbsqlc.SubtreeStatsParams{ID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "subtree", "message")
		}
		if sub.Streaming > 0 {
			return rpcerror.FailedPrecondition("a message in this branch is still being generated; cancel it first")
		}
		moveLeaf := false
		if conv.ActiveLeafID.Valid {
			moveLeaf, err = q.IsOnPath(ctx, dbsqlc.IsOnPathParams{LeafID: conv.ActiveLeafID.UUID, UserID: uid, AncestorID: id})
			if err != nil {
				return rpcerror.DB(err, "active path", "message")
			}
		}
		if err := q.DeleteMessage(ctx, dbsqlc.DeleteMessageParams{ID: id, UserID: uid}); err != nil {
			return rpcerror.DB(err, "delete message", "message")
		}
		leaf := conv.ActiveLeafID
		if moveLeaf {
			leaf = msg.ParentID
		}
		conv, err = q.SetActiveLeaf(ctx, dbsqlc.SetActiveLeafParams{ActiveLeafID: leaf, ID: conv.ID, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "set active leaf", "conversation")
		}
		resp.Conversation = conversationToProto(conv)
		resp.DeletedCount = count32(sub.Total)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(resp), nil
}

// EditMessage adds a sibling of a user message with new content and makes
// it the active leaf.
func (s *Service) EditMessage(ctx context.Context, req *connect.Request[bestchatv1.EditMessageRequest]) (*connect.Response[bestchatv1.EditMessageResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("message_id", req.Msg.GetMessageId())
	if err != nil {
		return nil, err
	}
	parts, err := s.checkUserContent(ctx, uid, req.Msg.GetContent(), "content")
	if err != nil {
		return nil, err
	}
	content, text, err := message.EncodeContent(parts)
	if err != nil {
		return nil, err
	}
	var out *bestchatv1.Message
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		orig, err := q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "get message", "message")
		}
		if orig.Role != dbenum.RoleUser {
			return rpcerror.FailedPrecondition("only user messages can be edited; use RegenerateMessage for answers")
		}
		if _, err := q.GetConversationForUpdate(ctx, dbsqlc.GetConversationForUpdateParams{ID: orig.ConversationID, UserID: uid}); err != nil {
			return rpcerror.DB(err, "lock conversation", "message")
		}
		row, err := q.InsertMessage(ctx, dbsqlc.InsertMessageParams{
			UserID: uid, ConversationID: orig.ConversationID, ParentID: orig.ParentID, Depth: orig.Depth,
			Role: dbenum.RoleUser, Content: content, TextContent: text, Status: dbenum.MessageCompleted,
		})
		if err != nil {
			return rpcerror.DB(err, "insert message", "message")
		}
		if _, err := q.SetActiveLeaf(ctx, dbsqlc.SetActiveLeafParams{
			ActiveLeafID: uuid.NullUUID{UUID: row.ID, Valid: true}, ID: orig.ConversationID, UserID: uid,
		}); err != nil {
			return rpcerror.DB(err, "set active leaf", "conversation")
		}
		siblings, err := q.SiblingIDs(ctx, dbsqlc.SiblingIDsParams{
			ConversationID: row.ConversationID, UserID: uid, Depth: row.Depth, ParentID: row.ParentID,
		})
		if err != nil {
			return rpcerror.DB(err, "siblings", "message")
		}
		out = message.ToProto(row, siblings)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.EditMessageResponse{Message: out}), nil
}

// GetMessage returns one of the caller's messages with its sibling ids.
func (s *Service) GetMessage(ctx context.Context, req *connect.Request[bestchatv1.GetMessageRequest]) (*connect.Response[bestchatv1.GetMessageResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("message_id", req.Msg.GetMessageId())
	if err != nil {
		return nil, err
	}
	row, err := s.q.GetMessageWithSiblings(ctx, dbsqlc.GetMessageWithSiblingsParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "get message", "message")
	}
	return connect.NewResponse(&bestchatv1.GetMessageResponse{Message: message.ToProto(row.Message, row.SiblingIds)}), nil
}

// checkUserContent validates content a user sends: no tool parts, at least
// some text or an attachment, text within the configured limit, and every
// referenced file the caller's own (else NOT_FOUND), images in image parts
// and other files in file parts. It returns the content to store: a copy
// whose file references carry the file's name, media type and size as the
// server knows them (what a client sent in those fields is ignored).
func (s *Service) checkUserContent(ctx context.Context, uid string, parts []*bestchatv1.ContentPart, field string) ([]*bestchatv1.ContentPart, error) {
	var v validation.Violations
	total := 0
	nonEmpty := false
	var fileIDs []uuid.UUID
	for i, p := range parts {
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Text:
			total += len(part.Text)
			if strings.TrimSpace(part.Text) != "" {
				nonEmpty = true
			}
		case *bestchatv1.ContentPart_Image:
			nonEmpty = true
			if fid := part.Image.GetFileId(); fid != "" {
				fileIDs = appendFileID(fileIDs, fmt.Sprintf("%s[%d].image.file_id", field, i), fid, &v)
			}
		case *bestchatv1.ContentPart_File:
			nonEmpty = true
			fileIDs = appendFileID(fileIDs, fmt.Sprintf("%s[%d].file.file_id", field, i), part.File.GetFileId(), &v)
		case *bestchatv1.ContentPart_ToolCall, *bestchatv1.ContentPart_ToolResult, *bestchatv1.ContentPart_Reasoning, *bestchatv1.ContentPart_Refusal, *bestchatv1.ContentPart_Source:
			v.Add(fmt.Sprintf("%s[%d]", field, i), "reasoning, refusals, sources, tool calls and tool results are written by the server, not sent by clients")
		}
	}
	if !nonEmpty && v.Empty() {
		v.Add(field, "must contain non-blank text or an attachment")
	}
	if total > s.limits.MaxMessageBytes {
		v.Addf(field, "text is %d bytes; the limit is %d bytes", total, s.limits.MaxMessageBytes)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(fileIDs) == 0 {
		return parts, nil
	}
	rows, err := s.q.GetFiles(ctx, dbsqlc.GetFilesParams{UserID: uid, Ids: fileIDs})
	if err != nil {
		return nil, rpcerror.DB(err, "check files", "file")
	}
	files := make(map[string]dbsqlc.FileUpload, len(rows))
	for _, r := range rows {
		files[r.ID.String()] = r
	}
	out := make([]*bestchatv1.ContentPart, len(parts))
	for i, p := range parts {
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Image:
			img := &bestchatv1.ImagePart{}
			if u := part.Image.GetUrl(); u != "" {
				img.Source = &bestchatv1.ImagePart_Url{Url: u}
			} else {
				f, ok := files[strings.ToLower(part.Image.GetFileId())]
				if !ok {
					return nil, rpcerror.NotFound("file")
				}
				if kindOf(f.MediaType) != kindImage {
					v.Addf(fmt.Sprintf("%s[%d].image.file_id", field, i), "the file is %s, not an image: reference it in a file part", f.MediaType)
				}
				img.Source = &bestchatv1.ImagePart_FileId{FileId: f.ID.String()}
				img.Name, img.MediaType = f.Name, f.MediaType
			}
			out[i] = &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Image{Image: img}}
		case *bestchatv1.ContentPart_File:
			f, ok := files[strings.ToLower(part.File.GetFileId())]
			if !ok {
				return nil, rpcerror.NotFound("file")
			}
			if kindOf(f.MediaType) == kindImage {
				v.Addf(fmt.Sprintf("%s[%d].file.file_id", field, i), "the file is an image (%s): reference it in an image part", f.MediaType)
			}
			out[i] = &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_File{File: &bestchatv1.FilePart{
				FileId: f.ID.String(), Name: f.Name, MediaType: f.MediaType, SizeBytes: f.SizeBytes,
			}}}
		default:
			out[i] = p
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// appendFileID appends the file id s of a content part, or records a
// violation of field when it is not a UUID.
func appendFileID(ids []uuid.UUID, field, s string, v *validation.Violations) []uuid.UUID {
	id, err := uuid.Parse(s)
	if err != nil {
		v.Add(field, "must be a file id (UUID)")
		return ids
	}
	return append(ids, id)
}

// branchPage reads a page of the branch to p.LeafID. A conversation
// without branch points (linear, as GetConversationShape found it) is read
// by depth (ListLinearPage: a fifth of ListBranch's time for 100 messages,
// which walks the parent links and looks up each message's siblings);
// ListLinearPage returns nothing when the conversation got a branch since,
// and an empty page is read again by ListBranch.
func (s *Service) branchPage(ctx context.Context, linear bool, p dbsqlc.ListBranchParams) ([]dbsqlc.ListBranchRow, error) {
	if linear {
		rows, err := s.q.ListLinearPage(ctx, dbsqlc.ListLinearPageParams{
			ConversationID: p.ConversationID, UserID: p.UserID, LeafID: p.LeafID,
			AfterDepth: p.AfterDepth, LastDepth: p.LastDepth, RowLimit: p.RowLimit,
		})
		if err != nil || len(rows) > 0 {
			out := make([]dbsqlc.ListBranchRow, len(rows))
			for i, r := range rows {
				out[i] = dbsqlc.ListBranchRow(r)
			}
			return out, err
		}
	}
	return s.q.ListBranch(ctx, p)
}
