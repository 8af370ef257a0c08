package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

// victim holds user A's objects that user B pokes at.
type victim struct {
	conv    string
	msg     string // a user message
	leaf    string // the active leaf (assistant message)
	bobConv string // B's own conversation
	// exec is A's tool execution waiting for approval, made with
	// ExecuteTool and request id execRequestID.
	exec, execRequestID string
	// providerConfig is A's provider configuration, A's default.
	providerConfig string
	// file is A's uploaded file, of conversation conv, uploaded with
	// request id execRequestID.
	file string
}

type isolationCase struct {
	// call makes B's request against A's objects and returns nil when the
	// isolation holds (typically: the call failed with NOT_FOUND).
	call func(ctx context.Context, b servertest.Clients, v victim) error
	// createsOwn marks calls that legitimately write B's own rows.
	createsOwn bool
}

func expectCode(err error, want connect.Code) error {
	if got := connect.CodeOf(err); err == nil || got != want {
		return fmt.Errorf("got %v (%w), want %v", connect.CodeOf(err), err, want)
	}
	return nil
}

func notFound(err error) error { return expectCode(err, connect.CodeNotFound) }

func streamErr[T any](s interface {
	Receive() bool
	Err() error
	Close() error
}, err error) error {
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Receive() {
		return fmt.Errorf("received an event")
	}
	return s.Err()
}

func req[T any](m *T) *connect.Request[T] { return connect.NewRequest(m) }

var isolationCases = map[string]isolationCase{
	// ChatService
	"CreateConversation": {createsOwn: true, call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Chat.CreateConversation(ctx, req(&bestchatv1.CreateConversationRequest{Title: "mine"}))
		if err != nil {
			return err
		}
		if resp.Msg.GetConversation().GetId() == v.conv {
			return fmt.Errorf("got A's conversation")
		}
		return nil
	}},
	"GetConversation": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.GetConversation(ctx, req(&bestchatv1.GetConversationRequest{ConversationId: v.conv}))
		return notFound(err)
	}},
	"ListConversations": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Chat.ListConversations(ctx, req(&bestchatv1.ListConversationsRequest{Query: "secret", Archived: bestchatv1.ArchiveFilter_ARCHIVE_FILTER_INCLUDE}))
		if err != nil {
			return err
		}
		if n := len(resp.Msg.GetConversations()); n != 0 {
			return fmt.Errorf("B sees %d conversations matching A's text", n)
		}
		return nil
	}},
	"UpdateConversation": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.UpdateConversation(ctx, req(&bestchatv1.UpdateConversationRequest{
			Conversation: &bestchatv1.Conversation{Id: v.conv, Title: "pwned"},
			UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"title"}},
		}))
		return notFound(err)
	}},
	"DeleteConversation": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.DeleteConversation(ctx, req(&bestchatv1.DeleteConversationRequest{ConversationId: v.conv}))
		return notFound(err)
	}},
	"GetConversationStats": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.GetConversationStats(ctx, req(&bestchatv1.GetConversationStatsRequest{ConversationId: v.conv}))
		return notFound(err)
	}},
	"ListMessages": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		if _, err := b.Chat.ListMessages(ctx, req(&bestchatv1.ListMessagesRequest{ConversationId: v.conv})); notFound(err) != nil {
			return notFound(err)
		}
		// A's leaf inside B's own conversation, in either order.
		if _, err := b.Chat.ListMessages(ctx, req(&bestchatv1.ListMessagesRequest{ConversationId: v.bobConv, LeafMessageId: v.leaf, NewestFirst: true})); notFound(err) != nil {
			return notFound(err)
		}
		_, err := b.Chat.ListMessages(ctx, req(&bestchatv1.ListMessagesRequest{ConversationId: v.bobConv, LeafMessageId: v.leaf}))
		return notFound(err)
	}},
	"GetMessage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.GetMessage(ctx, req(&bestchatv1.GetMessageRequest{MessageId: v.msg}))
		return notFound(err)
	}},
	"DeleteMessage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.DeleteMessage(ctx, req(&bestchatv1.DeleteMessageRequest{MessageId: v.msg}))
		return notFound(err)
	}},
	"EditMessage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.EditMessage(ctx, req(&bestchatv1.EditMessageRequest{MessageId: v.msg, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "x"}}}}))
		return notFound(err)
	}},
	"SendMessage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		s, err := b.Chat.SendMessage(ctx, req(&bestchatv1.SendMessageRequest{ConversationId: v.conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "x"}}}}))
		if err := notFound(streamErr[bestchatv1.SendMessageResponse](s, err)); err != nil {
			return err
		}
		// B's own conversation, replying under A's message.
		s, err = b.Chat.SendMessage(ctx, req(&bestchatv1.SendMessageRequest{ConversationId: v.bobConv, ParentMessageId: v.leaf, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "x"}}}}))
		return notFound(streamErr[bestchatv1.SendMessageResponse](s, err))
	}},
	"RegenerateMessage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		s, err := b.Chat.RegenerateMessage(ctx, req(&bestchatv1.RegenerateMessageRequest{MessageId: v.leaf}))
		return notFound(streamErr[bestchatv1.RegenerateMessageResponse](s, err))
	}},
	"ResumeStream": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		s, err := b.Chat.ResumeStream(ctx, req(&bestchatv1.ResumeStreamRequest{MessageId: v.leaf}))
		return notFound(streamErr[bestchatv1.ResumeStreamResponse](s, err))
	}},
	"CancelGeneration": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.CancelGeneration(ctx, req(&bestchatv1.CancelGenerationRequest{MessageId: v.leaf}))
		return notFound(err)
	}},
	"UploadFile": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.UploadFile(ctx, req(&bestchatv1.UploadFileRequest{
			Name: "a.txt", MediaType: "text/plain", Content: []byte("x"), ConversationId: v.conv, RequestId: v.execRequestID,
		}))
		return notFound(err)
	}},
	"GetFile": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.GetFile(ctx, req(&bestchatv1.GetFileRequest{FileId: v.file, IncludeContent: true}))
		return notFound(err)
	}},
	"ReadFile": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		s, err := b.Chat.ReadFile(ctx, req(&bestchatv1.ReadFileRequest{FileId: v.file}))
		return notFound(streamErr[bestchatv1.ReadFileResponse](s, err))
	}},
	"ListFiles": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.ListFiles(ctx, req(&bestchatv1.ListFilesRequest{ConversationId: v.conv}))
		return notFound(err)
	}},
	"DeleteFile": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.DeleteFile(ctx, req(&bestchatv1.DeleteFileRequest{FileId: v.file}))
		return notFound(err)
	}},
	"WatchConversations": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		// From the start of the feed (position 0) to synced: B's own
		// changes only, none naming A's objects.
		s, err := b.Chat.WatchConversations(ctx, req(&bestchatv1.WatchConversationsRequest{Cursor: "w1.AAAAAAAAAAAAAAAAAAAAAA"}))
		if err != nil {
			return err
		}
		defer s.Close()
		for s.Receive() {
			r := s.Msg()
			if r.GetSynced() != nil {
				return nil
			}
			text := r.String()
			for _, id := range []string{v.conv, v.msg, v.leaf, v.exec, v.file} {
				if strings.Contains(text, id) {
					return fmt.Errorf("B's watch shows A's object %s: %v", id, r)
				}
			}
		}
		return fmt.Errorf("stream ended before synced: %w", s.Err())
	}},
	"ExportConversation": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Chat.ExportConversation(ctx, req(&bestchatv1.ExportConversationRequest{ConversationId: v.conv}))
		return notFound(err)
	}},
	// ProviderService
	"ListSupportedProviders": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Provider.ListSupportedProviders(ctx, req(&bestchatv1.ListSupportedProvidersRequest{}))
		return err
	}},
	"ListProviderConfigs": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Provider.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{}))
		if err != nil {
			return err
		}
		if n := len(resp.Msg.GetConfigs()); n != 0 {
			return fmt.Errorf("B sees %d provider configurations", n)
		}
		return nil
	}},
	"SaveProviderConfig": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		key := "sk-bob-overwrites-0000000000"
		_, err := b.Provider.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
			ProviderConfigId: v.providerConfig, Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: &key,
		}))
		return notFound(err)
	}},
	"TestProviderConfig": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Provider.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: v.providerConfig}))
		return notFound(err)
	}},
	"DeleteProviderConfig": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Provider.DeleteProviderConfig(ctx, req(&bestchatv1.DeleteProviderConfigRequest{ProviderConfigId: v.providerConfig}))
		return notFound(err)
	}},
	"SetDefaultProvider": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Provider.SetDefaultProvider(ctx, req(&bestchatv1.SetDefaultProviderRequest{Provider: "openai", ProviderConfigId: v.providerConfig}))
		return notFound(err)
	}},
	"GetDefaultProvider": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Provider.GetDefaultProvider(ctx, req(&bestchatv1.GetDefaultProviderRequest{}))
		if err != nil {
			return err
		}
		if d := resp.Msg.GetDefaultProvider(); d.GetSource() == bestchatv1.DefaultSource_DEFAULT_SOURCE_USER || d.GetProviderConfigId() != "" {
			return fmt.Errorf("B sees a user default: %v", d)
		}
		return nil
	}},
	"ListModels": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Provider.ListModels(ctx, req(&bestchatv1.ListModelsRequest{ProviderConfigId: v.providerConfig}))
		return notFound(err)
	}},
	// UsageService: another user's conversation in a filter is NOT_FOUND;
	// unfiltered figures are the caller's own (bob has none).
	"GetUserUsage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Usage.GetUserUsage(ctx, req(&bestchatv1.GetUserUsageRequest{}))
		if err != nil {
			return err
		}
		if n := resp.Msg.GetAllTime().GetMetered().GetRequestCount() + resp.Msg.GetAllTime().GetClientReported().GetRequestCount(); n != 0 {
			return fmt.Errorf("bob sees %d usage records", n)
		}
		return nil
	}},
	"ListRecentUsage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.ListRecentUsage(ctx, req(&bestchatv1.ListRecentUsageRequest{Filter: &bestchatv1.UsageFilter{ConversationId: v.conv}}))
		return notFound(err)
	}},
	"GetUsageStats": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.GetUsageStats(ctx, req(&bestchatv1.GetUsageStatsRequest{Filter: &bestchatv1.UsageFilter{ConversationId: v.conv}}))
		return notFound(err)
	}},
	"RecordUsage": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.RecordUsage(ctx, req(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", Usage: &bestchatv1.TokenUsage{}, ConversationId: v.conv, RequestId: "into-alice"}))
		return notFound(err)
	}},
	"GetProviderUsageSummary": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Usage.GetProviderUsageSummary(ctx, req(&bestchatv1.GetProviderUsageSummaryRequest{}))
		if err == nil && len(resp.Msg.GetProviders()) > 0 {
			return fmt.Errorf("bob sees providers %v", resp.Msg.GetProviders())
		}
		return err
	}},
	"GetTopModels": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.GetTopModels(ctx, req(&bestchatv1.GetTopModelsRequest{Filter: &bestchatv1.UsageFilter{ConversationId: v.conv}}))
		return notFound(err)
	}},
	"GetDailyUsageTrend": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.GetDailyUsageTrend(ctx, req(&bestchatv1.GetDailyUsageTrendRequest{Filter: &bestchatv1.UsageFilter{ConversationId: v.conv}}))
		return notFound(err)
	}},
	"GetCostBreakdown": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.GetCostBreakdown(ctx, req(&bestchatv1.GetCostBreakdownRequest{
			GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_CONVERSATION, Filter: &bestchatv1.UsageFilter{ConversationId: v.conv},
		}))
		return notFound(err)
	}},
	"GetBudget": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Usage.GetBudget(ctx, req(&bestchatv1.GetBudgetRequest{}))
		if err != nil {
			return err
		}
		if got := resp.Msg.GetBudget(); got.GetUpdateTime() != nil || got.GetDay().LimitNanos != nil || got.GetTimeZone() != "UTC" || got.GetMonth().GetSpentNanos() != 0 {
			return fmt.Errorf("B sees a budget other than the defaults: %v", got)
		}
		return nil
	}},
	"SetBudget": {createsOwn: true, call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Usage.SetBudget(ctx, req(&bestchatv1.SetBudgetRequest{Budget: &bestchatv1.Budget{TimeZone: "Europe/Paris"}}))
		return err
	}},
	// ToolService
	"ListTools": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Tool.ListTools(ctx, req(&bestchatv1.ListToolsRequest{}))
		return err
	}},
	"GetAutoApprovalSettings": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Tool.GetAutoApprovalSettings(ctx, req(&bestchatv1.GetAutoApprovalSettingsRequest{}))
		if err != nil {
			return err
		}
		if !resp.Msg.GetSettings().GetEnabled() || resp.Msg.GetSettings().GetUpdateTime() != nil {
			return fmt.Errorf("B sees settings other than the defaults: %v", resp.Msg.GetSettings())
		}
		return nil
	}},
	"UpdateAutoApprovalSettings": {createsOwn: true, call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Tool.UpdateAutoApprovalSettings(ctx, req(&bestchatv1.UpdateAutoApprovalSettingsRequest{
			Settings: &bestchatv1.AutoApprovalSettings{}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"rules"}},
		}))
		return err
	}},
	"ListToolExecutions": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		for _, f := range []*bestchatv1.ToolExecutionFilter{nil, {ConversationId: v.conv}, {ToolId: "builtin.calculator"}} {
			resp, err := b.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{Filter: f}))
			if err != nil {
				return err
			}
			for _, e := range resp.Msg.GetExecutions() {
				if e.GetId() == v.exec {
					return fmt.Errorf("filter %v: B sees A's execution", f)
				}
			}
		}
		return nil
	}},
	"GetToolExecution": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Tool.GetToolExecution(ctx, req(&bestchatv1.GetToolExecutionRequest{ExecutionId: v.exec}))
		return notFound(err)
	}},
	"ApproveToolExecution": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: v.exec, Remember: true}))
		return notFound(err)
	}},
	"RejectToolExecution": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Tool.RejectToolExecution(ctx, req(&bestchatv1.RejectToolExecutionRequest{ExecutionId: v.exec}))
		return notFound(err)
	}},
	"SubmitToolResult": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		_, err := b.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: v.exec, Result: "x"}))
		return notFound(err)
	}},
	"ExecuteTool": {createsOwn: true, call: func(ctx context.Context, b servertest.Clients, v victim) error {
		resp, err := b.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{
			ToolId: "builtin.calculator", ArgumentsJson: `{"expression":"1+1"}`, RequestId: v.execRequestID,
		}))
		if err != nil {
			return err
		}
		if resp.Msg.GetExecution().GetId() == v.exec {
			return fmt.Errorf("B's request id returned A's execution")
		}
		return nil
	}},
	"GetToolStats": {call: func(ctx context.Context, b servertest.Clients, v victim) error {
		// B's own ExecuteTool case may have run first: the stats must
		// count exactly B's executions.
		own, err := b.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{}))
		if err != nil {
			return err
		}
		resp, err := b.Tool.GetToolStats(ctx, req(&bestchatv1.GetToolStatsRequest{}))
		if err != nil {
			return err
		}
		var total int64
		for _, st := range resp.Msg.GetTools() {
			total += st.GetTotal()
		}
		if total != int64(len(own.Msg.GetExecutions())) {
			return fmt.Errorf("B's stats count %d executions, B made %d", total, len(own.Msg.GetExecutions()))
		}
		return nil
	}},
}

// allMethods lists every RPC of the four services by method name.
func allMethods() []string {
	var out []string
	for _, fd := range []protoreflect.FileDescriptor{
		bestchatv1.File_bestchat_v1_chat_proto, bestchatv1.File_bestchat_v1_provider_proto,
		bestchatv1.File_bestchat_v1_usage_proto, bestchatv1.File_bestchat_v1_tool_proto,
	} {
		for i := range fd.Services().Len() {
			ms := fd.Services().Get(i).Methods()
			for j := range ms.Len() {
				out = append(out, string(ms.Get(j).Name()))
			}
		}
	}
	return out
}

// snapshot fingerprints every table's content, but for the migrations'
// bookkeeping and the engines' liveness rows (touched every few seconds,
// whatever the requests).
func snapshot(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('goose_db_version', 'engine_processes')`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, tbl := range tables {
		var sum string
		q := fmt.Sprintf(`SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM %q t`, tbl)
		if err := pool.QueryRow(ctx, q).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		out[tbl] = sum
	}
	return out
}

// TestCrossUserIsolation calls every RPC of every service as user B on user
// A's objects. Implemented RPCs must answer NOT_FOUND (or hide A's rows)
// and change nothing. It fails when an RPC has no case here.
func TestCrossUserIsolation(t *testing.T) {
	t.Parallel()
	methods := allMethods()
	for _, m := range methods {
		if _, ok := isolationCases[m]; !ok {
			t.Errorf("RPC %s has no cross-user case in isolationCases", m)
		}
	}
	if len(isolationCases) != len(methods) {
		t.Errorf("%d cases for %d RPCs: remove cases of RPCs that no longer exist", len(isolationCases), len(methods))
	}
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			// Each protocol gets its own database: the snapshots must see
			// only this subtest's writes.
			env := servertest.New(t, servertest.Options{})
			alice, bob := "alice-"+string(p), "bob-"+string(p)
			a := env.Clients(t, p, alice)
			b := env.Clients(t, p, bob)
			ctx := servertest.Context(t)
			conv, err := a.Chat.CreateConversation(ctx, req(&bestchatv1.CreateConversationRequest{Title: "secret plans"}))
			if err != nil {
				t.Fatal(err)
			}
			chain := servertest.SeedChain(t, env.Pool, alice, uuid.MustParse(conv.Msg.GetConversation().GetId()), nil, "secret question", "secret answer")
			bobConv, err := b.Chat.CreateConversation(ctx, req(&bestchatv1.CreateConversationRequest{Title: "bob's"}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Tool.UpdateAutoApprovalSettings(ctx, req(&bestchatv1.UpdateAutoApprovalSettingsRequest{
				Settings:   &bestchatv1.AutoApprovalSettings{Enabled: false},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"enabled"}},
			})); err != nil {
				t.Fatal(err)
			}
			ex, err := a.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{
				ToolId: "builtin.calculator", ArgumentsJson: `{"expression":"6*7"}`, RequestId: "same-id",
			}))
			if err != nil {
				t.Fatal(err)
			}
			key := "sk-alice-secret-0000000000"
			cfg, err := a.Provider.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
				Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: &key,
			}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Provider.SetDefaultProvider(ctx, req(&bestchatv1.SetDefaultProviderRequest{
				Provider: "openai", Model: "gpt-4o", ProviderConfigId: cfg.Msg.GetConfig().GetId(),
			})); err != nil {
				t.Fatal(err)
			}
			limit := int64(5_000_000_000)
			if _, err := a.Usage.SetBudget(ctx, req(&bestchatv1.SetBudgetRequest{Budget: &bestchatv1.Budget{
				Day: &bestchatv1.BudgetWindow{LimitNanos: &limit}, TimeZone: "Asia/Kolkata",
			}})); err != nil {
				t.Fatal(err)
			}
			file, err := a.Chat.UploadFile(ctx, req(&bestchatv1.UploadFileRequest{
				Name: "secret.txt", MediaType: "text/plain", Content: []byte("secret"),
				ConversationId: conv.Msg.GetConversation().GetId(), RequestId: "same-id",
			}))
			if err != nil {
				t.Fatal(err)
			}
			v := victim{
				conv: conv.Msg.GetConversation().GetId(), msg: chain[0].ID.String(), leaf: chain[1].ID.String(),
				bobConv: bobConv.Msg.GetConversation().GetId(), providerConfig: cfg.Msg.GetConfig().GetId(),
				exec: ex.Msg.GetExecution().GetId(), execRequestID: "same-id", file: file.Msg.GetFile().GetId(),
			}
			for _, m := range methods {
				c, ok := isolationCases[m]
				if !ok {
					continue
				}
				before := snapshot(t, env.Pool)
				if err := c.call(ctx, b, v); err != nil {
					t.Errorf("%s: %v", m, err)
				}
				if c.createsOwn {
					continue
				}
				after := snapshot(t, env.Pool)
				var changed []string
				for tbl, sum := range before {
					if after[tbl] != sum {
						changed = append(changed, tbl)
					}
				}
				if len(changed) > 0 {
					t.Errorf("%s as another user changed tables %s", m, strings.Join(changed, ", "))
				}
			}
		})
	}
}
