package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// watch prints the caller's changes as they happen: the backlog after
// --cursor first, then live changes until interrupted (or --synced).
func (a *app) watch(ctx context.Context, args []string) error {
	fs := newFlagSet("watch", a.g)
	cursor := fs.String("cursor", "", "resume after this cursor (printed with every change)")
	untilSynced := fs.Bool("synced", false, "stop once the backlog is printed")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	s, err := c.Chat.WatchConversations(ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{Cursor: *cursor}))
	if err != nil {
		return err
	}
	defer func() { _ = s.Close() }()
	for s.Receive() {
		r := s.Msg()
		if a.g.json {
			if err := a.printJSON(r); err != nil {
				return err
			}
		} else if line := changeLine(r); line != "" {
			fmt.Fprintf(a.out, "%s %s\n", r.GetTime().AsTime().Local().Format("15:04:05"), line)
		}
		if r.GetSynced() != nil {
			if !a.g.json {
				fmt.Fprintf(a.errOut, "synced; resume with --cursor %s\n", r.GetCursor())
			}
			if *untilSynced {
				return nil
			}
		}
	}
	if err := s.Err(); err != nil && ctx.Err() == nil {
		if connect.CodeOf(err) == connect.CodeOutOfRange {
			return fmt.Errorf("%w (run without --cursor, after listing again)", err)
		}
		return err
	}
	return nil
}

// changeLine describes a change for people ("" for heartbeats and synced).
func changeLine(r *bestchatv1.WatchConversationsResponse) string {
	quote := func(s string) string { return fmt.Sprintf("%q", s) }
	status := func(s fmt.Stringer, prefix string) string {
		return strings.ToLower(strings.TrimPrefix(s.String(), prefix))
	}
	switch ch := r.GetChange().(type) {
	case *bestchatv1.WatchConversationsResponse_ConversationCreated:
		return "conversation created " + ch.ConversationCreated.GetId() + " " + quote(ch.ConversationCreated.GetTitle())
	case *bestchatv1.WatchConversationsResponse_ConversationUpdated:
		return "conversation updated " + ch.ConversationUpdated.GetId() + " " + quote(ch.ConversationUpdated.GetTitle())
	case *bestchatv1.WatchConversationsResponse_ConversationDeleted:
		return "conversation deleted " + ch.ConversationDeleted.GetConversationId()
	case *bestchatv1.WatchConversationsResponse_MessageAdded:
		m := ch.MessageAdded
		return "message added " + m.GetId() + " in " + m.GetConversationId() + " (" + status(m.GetRole(), "ROLE_") + ")"
	case *bestchatv1.WatchConversationsResponse_MessageUpdated:
		m := ch.MessageUpdated
		return "message updated " + m.GetId() + " in " + m.GetConversationId() + " (" + status(m.GetStatus(), "MESSAGE_STATUS_") + ")"
	case *bestchatv1.WatchConversationsResponse_MessageDeleted:
		return "message deleted " + ch.MessageDeleted.GetMessageId() + " in " + ch.MessageDeleted.GetConversationId()
	case *bestchatv1.WatchConversationsResponse_GenerationStarted:
		return "generation started " + ch.GenerationStarted.GetMessageId() + " in " + ch.GenerationStarted.GetConversationId()
	case *bestchatv1.WatchConversationsResponse_GenerationEnded:
		g := ch.GenerationEnded
		return "generation ended " + g.GetMessageId() + " in " + g.GetConversationId() + " (" + status(g.GetStatus(), "MESSAGE_STATUS_") + ")"
	case *bestchatv1.WatchConversationsResponse_ToolApprovalNeeded:
		x := ch.ToolApprovalNeeded
		return "tool approval needed " + x.GetId() + " " + x.GetToolName() + " in " + x.GetConversationId()
	case *bestchatv1.WatchConversationsResponse_ToolExecutionUpdated:
		x := ch.ToolExecutionUpdated
		return "tool execution " + x.GetId() + " " + x.GetToolName() + " (" + status(x.GetStatus(), "TOOL_EXECUTION_STATUS_") + ")"
	}
	return ""
}

// export writes a conversation's export to a file: the server's suggested
// name in the current directory, or -o (- for standard output).
func (a *app) export(ctx context.Context, args []string) error {
	fs := newFlagSet("export", a.g)
	format := fs.String("format", "json", "json or markdown")
	output := fs.String("o", "", "output file (default: the suggested name; - for standard output)")
	force := fs.Bool("f", false, "overwrite an existing file")
	rest, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	f, ok := map[string]bestchatv1.ExportFormat{
		"json": bestchatv1.ExportFormat_EXPORT_FORMAT_JSON, "markdown": bestchatv1.ExportFormat_EXPORT_FORMAT_MARKDOWN,
		"md": bestchatv1.ExportFormat_EXPORT_FORMAT_MARKDOWN,
	}[*format]
	if !ok {
		return usagef("export: --format must be json or markdown")
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	resp, err := c.Chat.ExportConversation(ctx, connect.NewRequest(&bestchatv1.ExportConversationRequest{ConversationId: rest[0], Format: f}))
	if err != nil {
		return err
	}
	if *output == "-" {
		_, err := a.out.Write(resp.Msg.GetContent())
		return err
	}
	path := *output
	if path == "" {
		// The server's name holds no separator; Base keeps it so anyway.
		path = filepath.Base(resp.Msg.GetFilename())
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(path, flags, 0o600) // a conversation is private
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: pass -f to overwrite it, or -o another name", path)
	}
	if err != nil {
		return err
	}
	if _, err := file.Write(resp.Msg.GetContent()); err != nil {
		_ = file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	fmt.Fprintf(a.errOut, "wrote %s (%d bytes, %s)\n", path, len(resp.Msg.GetContent()), resp.Msg.GetMediaType())
	return nil
}
