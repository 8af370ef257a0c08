package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/bestchat/bestchat/client"
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// app runs commands against one server.
type app struct {
	g           *globals
	out, errOut io.Writer
	c           *client.Client
}

// client connects on first use, once the flags are parsed.
func (a *app) client() (*client.Client, error) {
	if a.c != nil {
		return a.c, nil
	}
	if a.g.token == "" {
		return nil, errors.New("no token: pass --token or set BESTCHAT_TOKEN (make run prints one; or: bin/bestchatd token --data-dir .data --user alice)")
	}
	var opts []client.Option
	if a.g.grpc {
		opts = append(opts, client.WithGRPC())
	}
	c, err := client.New(a.g.url, a.g.token, opts...)
	if err != nil {
		return nil, err
	}
	a.c = c
	return c, nil
}

var jsonOut = protojson.MarshalOptions{UseProtoNames: true}

// printJSON writes m as one line of protobuf JSON.
func (a *app) printJSON(m proto.Message) error {
	b, err := jsonOut.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.out, "%s\n", b)
	return err
}

func (a *app) chat(ctx context.Context, args []string) error {
	fs := newFlagSet("chat", a.g)
	conv := fs.String("c", "", "conversation id (default: a new conversation)")
	model := fs.String("model", "", "model override, e.g. gpt-4o-mini")
	provider := fs.String("provider", "", "provider override, e.g. openai")
	rest, err := parse(fs, args, 1, -1)
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	if *conv == "" {
		resp, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
		if err != nil {
			return fmt.Errorf("create conversation: %w", err)
		}
		*conv = resp.Msg.GetConversation().GetId()
	}
	s, err := c.Send(ctx, &bestchatv1.SendMessageRequest{
		ConversationId: *conv, Content: client.Text(strings.Join(rest, " ")),
		Provider: *provider, Model: *model,
	})
	if err != nil {
		return err
	}
	defer func() { _ = s.Close() }()
	for s.Next() {
		ev := s.Event()
		if a.g.json {
			if err := a.printJSON(ev); err != nil {
				return err
			}
			continue
		}
		switch e := ev.GetEvent().(type) {
		case *bestchatv1.ChatEvent_TextDelta:
			fmt.Fprint(a.out, e.TextDelta.GetText())
		case *bestchatv1.ChatEvent_Completed:
			m := e.Completed.GetMessage()
			fmt.Fprintln(a.out)
			fmt.Fprintf(a.errOut, "[conversation %s · %s/%s · %d in, %d out · %s]\n", *conv, m.GetProvider(), m.GetModel(),
				m.GetUsage().GetInputTokens(), m.GetUsage().GetOutputTokens(), messageCost(m))
		}
	}
	if err := s.Err(); err != nil {
		if !a.g.json && s.Text() != "" {
			fmt.Fprintln(a.out)
		}
		return err
	}
	return nil
}

func (a *app) listConversations(ctx context.Context, args []string) error {
	fs := newFlagSet("conversations list", a.g)
	query := fs.String("q", "", "search titles and message text")
	limit := fs.Int("n", 20, "at most this many (1 to 100)")
	archived := fs.Bool("archived", false, "list archived conversations instead")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	req := &bestchatv1.ListConversationsRequest{PageSize: int32(min(max(*limit, 1), 100)), Query: *query}
	if *archived {
		req.Archived = bestchatv1.ArchiveFilter_ARCHIVE_FILTER_ONLY
	}
	resp, err := c.Chat.ListConversations(ctx, connect.NewRequest(req))
	if err != nil {
		return err
	}
	if a.g.json {
		return a.printJSON(resp.Msg)
	}
	if len(resp.Msg.GetConversations()) == 0 {
		fmt.Fprintln(a.errOut, "no conversations")
		return nil
	}
	for _, cv := range resp.Msg.GetConversations() {
		title := cv.GetTitle()
		if title == "" {
			title = "(untitled)"
		}
		pin := " "
		if cv.GetPinned() {
			pin = "*"
		}
		fmt.Fprintf(a.out, "%s %s  %s  %s\n", pin, cv.GetId(), cv.GetUpdateTime().AsTime().Local().Format(time.DateTime), title)
	}
	return nil
}

func (a *app) showConversation(ctx context.Context, args []string) error {
	fs := newFlagSet("conversations show", a.g)
	rest, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	conv, err := c.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: rest[0]}))
	if err != nil {
		return err
	}
	var msgs []*bestchatv1.Message
	for page := ""; ; {
		resp, err := c.Chat.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: rest[0], PageSize: 100, PageToken: page}))
		if err != nil {
			return err
		}
		msgs = append(msgs, resp.Msg.GetMessages()...)
		if page = resp.Msg.GetNextPageToken(); page == "" {
			break
		}
	}
	if a.g.json {
		if err := a.printJSON(conv.Msg.GetConversation()); err != nil {
			return err
		}
		for _, m := range msgs {
			if err := a.printJSON(m); err != nil {
				return err
			}
		}
		return nil
	}
	if t := conv.Msg.GetConversation().GetTitle(); t != "" {
		fmt.Fprintf(a.out, "# %s\n\n", t)
	}
	for _, m := range msgs {
		role := strings.ToLower(strings.TrimPrefix(m.GetRole().String(), "ROLE_"))
		fmt.Fprintf(a.out, "%s:", role)
		if m.GetRole() == bestchatv1.Role_ROLE_ASSISTANT {
			fmt.Fprintf(a.out, " [%s/%s, %s]", m.GetProvider(), m.GetModel(), strings.ToLower(strings.TrimPrefix(m.GetStatus().String(), "MESSAGE_STATUS_")))
		}
		fmt.Fprintf(a.out, "\n%s\n\n", textOf(m))
	}
	return nil
}

func textOf(m *bestchatv1.Message) string {
	var sb strings.Builder
	for _, p := range m.GetContent() {
		sb.WriteString(p.GetText())
	}
	return sb.String()
}

func (a *app) deleteConversation(ctx context.Context, args []string) error {
	fs := newFlagSet("conversations rm", a.g)
	rest, err := parse(fs, args, 1, -1)
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	for _, id := range rest {
		if _, err := c.Chat.DeleteConversation(ctx, connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: id})); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		if !a.g.json {
			fmt.Fprintf(a.errOut, "deleted %s\n", id)
		}
	}
	return nil
}

func (a *app) usage(ctx context.Context, args []string) error {
	fs := newFlagSet("usage", a.g)
	tz := fs.String("tz", "", "IANA time zone for today and this month (default UTC)")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	resp, err := c.Usage.GetUserUsage(ctx, connect.NewRequest(&bestchatv1.GetUserUsageRequest{TimeZone: *tz}))
	if err != nil {
		return err
	}
	if a.g.json {
		return a.printJSON(resp.Msg)
	}
	fmt.Fprintf(a.out, "%-11s %-15s %9s %12s %12s %14s\n", "", "source", "requests", "input tok", "output tok", "cost (USD)")
	for _, row := range []struct {
		name string
		t    *bestchatv1.UsageTotals
	}{{"today", resp.Msg.GetToday()}, {"this month", resp.Msg.GetThisMonth()}, {"all time", resp.Msg.GetAllTime()}} {
		for _, src := range []struct {
			name string
			f    *bestchatv1.UsageFigures
		}{{"metered", row.t.GetMetered()}, {"client-reported", row.t.GetClientReported()}} {
			if src.name != "metered" && src.f.GetRequestCount() == 0 {
				continue
			}
			cost := dollars(src.f.GetKnownCostNanos())
			if n := src.f.GetUnknownCostRequests(); n > 0 {
				cost += fmt.Sprintf(" (+%d unpriced)", n)
			}
			fmt.Fprintf(a.out, "%-11s %-15s %9d %12d %12d %14s\n", row.name, src.name, src.f.GetRequestCount(),
				src.f.GetUsage().GetInputTokens(), src.f.GetUsage().GetOutputTokens(), cost)
		}
	}
	return nil
}

// dollars formats nano-USD exactly, without floating point: $0.000123450.
// messageCost is a message's cost, or "cost unknown" when the model's
// price is not known.
func messageCost(m *bestchatv1.Message) string {
	if m.CostNanos == nil {
		return "cost unknown"
	}
	return dollars(m.GetCostNanos())
}

func dollars(nanos int64) string {
	sign := ""
	if nanos < 0 {
		sign, nanos = "-", -nanos
	}
	return fmt.Sprintf("%s$%d.%09d", sign, nanos/1e9, nanos%1e9)
}
