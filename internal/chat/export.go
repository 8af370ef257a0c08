package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/validation"
)

// exportFormatVersion is ConversationExport.format_version.
const exportFormatVersion = 1

// maxFilenameStem bounds the title part of an export's file name.
const maxFilenameStem = 80

// ExportConversation returns the caller's conversation as JSON (a
// ConversationExport) or Markdown (the active branch), refusing one
// larger than the limit rather than truncating it.
func (s *Service) ExportConversation(ctx context.Context, req *connect.Request[bestchatv1.ExportConversationRequest]) (*connect.Response[bestchatv1.ExportConversationResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("conversation_id", req.Msg.GetConversationId())
	if err != nil {
		return nil, err
	}
	format := req.Msg.GetFormat()
	if _, ok := bestchatv1.ExportFormat_name[int32(format)]; !ok {
		return nil, validation.FieldError("format", "unknown export format")
	}
	exp, err := s.readExport(ctx, uid, id)
	if err != nil {
		return nil, err
	}
	out := &bestchatv1.ExportConversationResponse{}
	stem := exportFilenameStem(exp.GetConversation())
	switch format {
	case bestchatv1.ExportFormat_EXPORT_FORMAT_MARKDOWN:
		out.Content = []byte(renderMarkdown(exp))
		out.Filename, out.MediaType = stem+".md", "text/markdown; charset=utf-8"
	default:
		b, err := protojson.Marshal(exp)
		if err != nil {
			return nil, fmt.Errorf("marshal export: %w", err)
		}
		// protojson varies its whitespace on purpose; an export is a
		// file people diff, so it is re-indented into a stable layout.
		var buf bytes.Buffer
		if err := json.Indent(&buf, b, "", "  "); err != nil {
			return nil, fmt.Errorf("indent export: %w", err)
		}
		buf.WriteByte('\n')
		out.Content = buf.Bytes()
		out.Filename, out.MediaType = stem+".json", "application/json"
	}
	if len(out.Content) > s.limits.MaxExportBytes {
		return nil, rpcerror.FailedPrecondition(fmt.Sprintf(
			"the export is %d bytes, over this server's limit of %d bytes (--max-export-bytes); delete branches or messages, or ask the operator to raise the limit",
			len(out.Content), s.limits.MaxExportBytes))
	}
	return connect.NewResponse(out), nil
}

// readExport reads the conversation, its messages in tree order, its tool
// executions and its statistics from one snapshot.
func (s *Service) readExport(ctx context.Context, uid string, id uuid.UUID) (*bestchatv1.ConversationExport, error) {
	exp := &bestchatv1.ConversationExport{FormatVersion: exportFormatVersion, ExportTime: timestamppb.Now()}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		conv, err := q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: id, UserID: uid})
		if err != nil {
			return rpcerror.DB(err, "get conversation", "conversation")
		}
		exp.Conversation = conversationToProto(conv)
		msgs, err := q.ListConversationMessages(ctx, dbsqlc.ListConversationMessagesParams{UserID: uid, ConversationID: id})
		if err != nil {
			return rpcerror.DB(err, "list messages", "conversation")
		}
		exp.Messages = treeOrder(msgs)
		execs, err := q.ListConversationToolExecutions(ctx, dbsqlc.ListConversationToolExecutionsParams{
			UserID: uid, ConversationID: uuid.NullUUID{UUID: id, Valid: true},
		})
		if err != nil {
			return rpcerror.DB(err, "list tool executions", "conversation")
		}
		for _, e := range execs {
			exp.ToolExecutions = append(exp.ToolExecutions, tool.ExecutionToProto(e))
		}
		exp.Stats, err = conversationStats(ctx, q, uid, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return exp, nil
}

// treeOrder converts msgs (ordered by depth, then age) to protos in tree
// order: depth first from the roots, siblings oldest first.
func treeOrder(msgs []dbsqlc.Message) []*bestchatv1.Message {
	children := map[uuid.UUID][]dbsqlc.Message{}
	var roots []dbsqlc.Message
	for _, m := range msgs {
		if m.ParentID.Valid {
			children[m.ParentID.UUID] = append(children[m.ParentID.UUID], m)
		} else {
			roots = append(roots, m)
		}
	}
	ids := func(ms []dbsqlc.Message) []uuid.UUID {
		out := make([]uuid.UUID, len(ms))
		for i, m := range ms {
			out[i] = m.ID
		}
		return out
	}
	out := make([]*bestchatv1.Message, 0, len(msgs))
	// An explicit stack: a conversation may be deeper than Go's comfort
	// with recursion is worth testing.
	type frame struct {
		m        dbsqlc.Message
		siblings []uuid.UUID
	}
	var stack []frame
	push := func(ms []dbsqlc.Message) {
		sib := ids(ms)
		for i := len(ms) - 1; i >= 0; i-- {
			stack = append(stack, frame{m: ms[i], siblings: sib})
		}
	}
	push(roots)
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, message.ToProto(f.m, f.siblings))
		push(children[f.m.ID])
	}
	return out
}

// exportFilenameStem is a file name stem from the conversation's title:
// letters and digits kept, runs of anything else made one '-', at most
// maxFilenameStem characters; "conversation-<id prefix>" when nothing is
// left.
func exportFilenameStem(c *bestchatv1.Conversation) string {
	var b strings.Builder
	n := 0
	dash := false
	for _, r := range c.GetTitle() {
		if n >= maxFilenameStem {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			dash = false
			b.WriteRune(r)
			n++
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		id := c.GetId()
		return "conversation-" + id[:min(8, len(id))]
	}
	return b.String()
}

// renderMarkdown renders the active branch of exp for people.
func renderMarkdown(exp *bestchatv1.ConversationExport) string {
	c := exp.GetConversation()
	var b strings.Builder
	title := c.GetTitle()
	if title == "" {
		title = "Untitled conversation"
	}
	fmt.Fprintf(&b, "# %s\n\n", oneLine(title))
	fmt.Fprintf(&b, "- Conversation: `%s`\n", c.GetId())
	if c.GetProvider() != "" || c.GetModel() != "" {
		fmt.Fprintf(&b, "- Model: %s\n", providerModel(c.GetProvider(), c.GetModel()))
	}
	fmt.Fprintf(&b, "- Created: %s\n", mdTime(c.GetCreateTime()))
	fmt.Fprintf(&b, "- Exported: %s\n", mdTime(exp.GetExportTime()))
	if st := exp.GetStats(); st != nil {
		fmt.Fprintf(&b, "- Messages: %d in %d branch(es); tokens in %d, out %d; cost $%s\n",
			st.GetMessageCount(), st.GetBranchCount(), st.GetUsage().GetInputTokens(), st.GetUsage().GetOutputTokens(), usd(st.GetCostNanos()))
	}
	if c.GetSystemPrompt() != "" {
		fmt.Fprintf(&b, "\n## System prompt\n\n%s\n", c.GetSystemPrompt())
	}
	for _, m := range activeBranch(exp) {
		b.WriteString("\n---\n\n")
		renderMessage(&b, m)
	}
	return b.String()
}

// activeBranch is the path from the root to the conversation's active
// leaf, root first.
func activeBranch(exp *bestchatv1.ConversationExport) []*bestchatv1.Message {
	byID := make(map[string]*bestchatv1.Message, len(exp.GetMessages()))
	for _, m := range exp.GetMessages() {
		byID[m.GetId()] = m
	}
	var path []*bestchatv1.Message
	for m := byID[exp.GetConversation().GetActiveLeafId()]; m != nil; m = byID[m.GetParentId()] {
		path = append(path, m)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

var roleHeading = map[bestchatv1.Role]string{
	bestchatv1.Role_ROLE_SYSTEM: "System", bestchatv1.Role_ROLE_USER: "User",
	bestchatv1.Role_ROLE_ASSISTANT: "Assistant", bestchatv1.Role_ROLE_TOOL: "Tool",
}

func renderMessage(b *strings.Builder, m *bestchatv1.Message) {
	heading := roleHeading[m.GetRole()]
	if heading == "" {
		heading = "Message"
	}
	fmt.Fprintf(b, "## %s", heading)
	if m.GetRole() == bestchatv1.Role_ROLE_ASSISTANT && (m.GetProvider() != "" || m.GetModel() != "") {
		fmt.Fprintf(b, " (%s)", providerModel(m.GetProvider(), m.GetModel()))
	}
	fmt.Fprintf(b, "\n\n_%s_", mdTime(m.GetCreateTime()))
	if st := m.GetStatus(); st != bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED && st != bestchatv1.MessageStatus_MESSAGE_STATUS_UNSPECIFIED {
		fmt.Fprintf(b, " · %s", strings.ToLower(strings.TrimPrefix(st.String(), "MESSAGE_STATUS_")))
	}
	b.WriteString("\n")
	for _, p := range m.GetContent() {
		b.WriteString("\n")
		switch part := p.GetPart().(type) {
		case *bestchatv1.ContentPart_Text:
			fmt.Fprintf(b, "%s\n", part.Text)
		case *bestchatv1.ContentPart_Reasoning:
			if part.Reasoning.GetRedacted() {
				b.WriteString("_Reasoning (redacted by the provider)_\n")
				continue
			}
			b.WriteString("<details><summary>Reasoning</summary>\n\n")
			writeFenced(b, "", part.Reasoning.GetText())
			b.WriteString("</details>\n")
		case *bestchatv1.ContentPart_Refusal:
			fmt.Fprintf(b, "> Refused: %s\n", oneLine(part.Refusal.GetText()))
		case *bestchatv1.ContentPart_Image:
			img := part.Image
			name := img.GetName()
			if name == "" {
				name = img.GetUrl()
			}
			fmt.Fprintf(b, "Image: **%s**%s\n", oneLine(name), deletedMark(img.GetDeleted()))
		case *bestchatv1.ContentPart_File:
			f := part.File
			fmt.Fprintf(b, "File: **%s** (%s, %d bytes)%s\n", oneLine(f.GetName()), f.GetMediaType(), f.GetSizeBytes(), deletedMark(f.GetDeleted()))
		case *bestchatv1.ContentPart_ToolCall:
			tc := part.ToolCall
			fmt.Fprintf(b, "Tool call: `%s` (%s)\n\n", oneLine(tc.GetToolName()), oneLine(tc.GetToolCallId()))
			writeFenced(b, "json", tc.GetArgumentsJson())
		case *bestchatv1.ContentPart_ToolResult:
			tr := part.ToolResult
			label := "Tool result"
			if tr.GetIsError() {
				label = "Tool error"
			}
			fmt.Fprintf(b, "%s (%s):\n\n", label, oneLine(tr.GetToolCallId()))
			writeFenced(b, "", tr.GetOutput())
		case *bestchatv1.ContentPart_Source:
			writeSource(b, part.Source)
		}
	}
	if e := m.GetError(); e.GetMessage() != "" {
		fmt.Fprintf(b, "\n> Error (%s): %s\n", strings.ToLower(strings.TrimPrefix(e.GetReason().String(), "ERROR_REASON_")), oneLine(e.GetMessage()))
	}
}

// linkText escapes what would end or break a Markdown link's text.
var linkText = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`)

// linkURL escapes what would end a Markdown link's <destination>.
var linkURL = strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "%0A", "\r", "%0D", "\t", "%09")

// writeSource writes a cited source as a link (a document of the request,
// without URL, as its title), with the passage cited when there is one.
func writeSource(b *strings.Builder, src *bestchatv1.SourcePart) {
	title, url := oneLine(src.GetTitle()), linkURL.Replace(src.GetUrl())
	switch {
	case src.GetUrl() != "" && title == "":
		fmt.Fprintf(b, "Source: <%s>\n", url)
	case src.GetUrl() != "":
		fmt.Fprintf(b, "Source: [%s](<%s>)\n", linkText.Replace(title), url)
	case title == "":
		b.WriteString("Source: a document of the request\n")
	default:
		fmt.Fprintf(b, "Source: %s\n", title)
	}
	if t := src.GetCitedText(); t != "" {
		fmt.Fprintf(b, "\n> %s\n", oneLine(t))
	}
}

// writeFenced writes s as a fenced code block whose fence is longer than
// any run of backticks inside s.
func writeFenced(b *strings.Builder, lang, s string) {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	fmt.Fprintf(b, "%s%s\n%s\n%s\n", fence, lang, strings.TrimRight(s, "\n"), fence)
}

func deletedMark(deleted bool) string {
	if deleted {
		return " (deleted)"
	}
	return ""
}

func providerModel(provider, model string) string {
	switch {
	case provider == "":
		return model
	case model == "":
		return provider
	}
	return provider + "/" + model
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func mdTime(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().UTC().Format(time.RFC3339)
}

// usd formats nano-dollars as dollars with 9 decimals, trailing zeros cut.
func usd(nanos int64) string {
	frac := strings.TrimRight(fmt.Sprintf("%09d", nanos%1e9), "0")
	if frac == "" {
		return fmt.Sprint(nanos / 1e9)
	}
	return fmt.Sprintf("%d.%s", nanos/1e9, frac)
}
