package tool

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/pagetoken"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// Limits bound tool runs and waits. Zero fields take the defaults.
type Limits struct {
	// MaxOutputBytes caps a tool's output as stored and given to the
	// model (default 64 KiB).
	MaxOutputBytes int
	// DefaultTimeout bounds a run of a tool without its own timeout
	// (default 30s).
	DefaultTimeout time.Duration
	// ApprovalTimeout is how long a call waits for the user's decision
	// before it is rejected (default 10m).
	ApprovalTimeout time.Duration
	// ClientResultTimeout is how long a client tool's result is awaited
	// (default 10m).
	ClientResultTimeout time.Duration
	// ExpireInterval is how often expired waits are swept (default 15s).
	ExpireInterval time.Duration
	// PollInterval is how often a waiting turn re-reads its execution when
	// no notification woke it (default 1s).
	PollInterval time.Duration
}

// DefaultLimits are the limits used for zero fields.
var DefaultLimits = Limits{
	MaxOutputBytes: 64 << 10, DefaultTimeout: 30 * time.Second,
	ApprovalTimeout: 10 * time.Minute, ClientResultTimeout: 10 * time.Minute, ExpireInterval: 15 * time.Second,
	PollInterval: time.Second,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxOutputBytes > 0 {
		d.MaxOutputBytes = l.MaxOutputBytes
	}
	if l.DefaultTimeout > 0 {
		d.DefaultTimeout = l.DefaultTimeout
	}
	if l.ApprovalTimeout > 0 {
		d.ApprovalTimeout = l.ApprovalTimeout
	}
	if l.ClientResultTimeout > 0 {
		d.ClientResultTimeout = l.ClientResultTimeout
	}
	if l.ExpireInterval > 0 {
		d.ExpireInterval = l.ExpireInterval
	}
	if l.PollInterval > 0 {
		d.PollInterval = l.PollInterval
	}
	return d
}

// Params are the dependencies of a Service.
type Params struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// Limits bound runs and waits.
	Limits Limits
	// HTTPFetch configures the http_fetch built-in (off by default).
	HTTPFetch HTTPFetchConfig
	// MCP lists the operator's MCP servers.
	MCP MCPConfig
	// Extra are more server tools (tests, embedders), registered beside
	// the built-ins.
	Extra []Extra
}

// Extra is a server tool given by the embedder.
type Extra struct {
	Definition Definition
	Run        RunFunc
}

// Service implements bestchatv1connect.ToolServiceHandler and runs tools
// for the engine.
type Service struct {
	pool     *pgxpool.Pool
	q        *dbsqlc.Queries
	logger   *slog.Logger
	limits   Limits
	registry *Registry
	mcp      *mcpClients
	waiters  waiters

	// bg ends when the server stops; tools running then are abandoned.
	bg   context.Context
	stop context.CancelFunc
}

var _ bestchatv1connect.ToolServiceHandler = (*Service)(nil)

// New returns a Service with the built-in tools registered. MCP servers
// are connected by Start.
func New(p Params) (*Service, error) {
	logger := p.Logger
	if logger == nil {
		logger = slog.Default()
	}
	q := dbsqlc.New(p.Pool)
	reg := newRegistry()
	type builtin struct {
		def Definition
		run RunFunc
	}
	var builtins []builtin
	add := func(d Definition, r RunFunc) { builtins = append(builtins, builtin{d, r}) }
	add(calculatorTool())
	add(currentTimeTool(time.Now))
	add(searchConversationsTool(q))
	add(readFileTool(q))
	if p.HTTPFetch.Enabled {
		add(httpFetchTool(p.HTTPFetch))
	}
	for _, e := range p.Extra {
		add(e.Definition, e.Run)
	}
	for _, b := range builtins {
		d, err := newDefinition(b.def, b.run)
		if err != nil {
			return nil, err
		}
		if _, dup := reg.Lookup(d.ID); dup {
			return nil, errors.New("tool: two tools with id " + d.ID)
		}
		reg.add(d)
	}
	mcp, err := newMCPClients(p.MCP, reg, logger)
	if err != nil {
		return nil, err
	}
	bg, stop := context.WithCancel(context.Background())
	return &Service{
		pool: p.Pool, q: q, logger: logger, limits: p.Limits.withDefaults(), registry: reg, mcp: mcp,
		bg: bg, stop: stop,
	}, nil
}

// Registry returns the server's tools.
func (s *Service) Registry() *Registry { return s.registry }

// Limits returns the limits in force.
func (s *Service) Limits() Limits { return s.limits }

// Start loads the MCP servers' tools (waiting at most 10s for each), then
// keeps them fresh and sweeps expired waits until ctx ends.
func (s *Service) Start(ctx context.Context) {
	s.mcp.run(ctx)
	go func() {
		t := time.NewTicker(s.limits.ExpireInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.bg.Done():
				return
			case <-t.C:
				if _, err := s.ExpireDue(ctx); err != nil && ctx.Err() == nil {
					s.logger.Warn("expire tool executions", "err", err)
				}
			}
		}
	}()
}

// Close abandons running tools and closes the MCP sessions.
func (s *Service) Close() {
	s.stop()
	s.mcp.close()
}

const (
	defaultToolPage      = 100
	defaultExecutionPage = 50
	executionsKind       = "tool_executions"
	toolsTokenPrefix     = "tools:"
)

// ListTools lists the server's tools by id.
func (s *Service) ListTools(ctx context.Context, req *connect.Request[bestchatv1.ListToolsRequest]) (*connect.Response[bestchatv1.ListToolsResponse], error) {
	if _, err := authn.Caller(ctx); err != nil {
		return nil, err
	}
	after := ""
	if tok := req.Msg.GetPageToken(); tok != "" {
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || !strings.HasPrefix(string(b), toolsTokenPrefix) {
			return nil, validation.FieldError("page_token", "invalid page token (it must come from a ListTools next_page_token)")
		}
		after = strings.TrimPrefix(string(b), toolsTokenPrefix)
	}
	size := int(req.Msg.GetPageSize())
	if size == 0 {
		size = defaultToolPage
	}
	all := s.registry.All()
	start, _ := slices.BinarySearchFunc(all, after, func(d *Definition, id string) int { return strings.Compare(d.ID, id) })
	for start < len(all) && after != "" && all[start].ID <= after {
		start++
	}
	resp := &bestchatv1.ListToolsResponse{}
	end := min(len(all), start+size)
	for _, d := range all[start:end] {
		resp.Tools = append(resp.Tools, DefinitionToProto(d))
	}
	if end < len(all) {
		resp.NextPageToken = base64.RawURLEncoding.EncodeToString([]byte(toolsTokenPrefix + all[end-1].ID))
	}
	return connect.NewResponse(resp), nil
}

// GetAutoApprovalSettings returns the caller's policy.
func (s *Service) GetAutoApprovalSettings(ctx context.Context, _ *connect.Request[bestchatv1.GetAutoApprovalSettingsRequest]) (*connect.Response[bestchatv1.GetAutoApprovalSettingsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	st, err := loadSettings(ctx, s.q, uid)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.GetAutoApprovalSettingsResponse{Settings: SettingsToProto(st)}), nil
}

var settingsPaths = map[string]bool{
	"enabled": true, "max_auto_approve_risk": true, "rules": true, "max_consecutive_auto_approvals": true,
}

// UpdateAutoApprovalSettings changes the fields named in update_mask.
func (s *Service) UpdateAutoApprovalSettings(ctx context.Context, req *connect.Request[bestchatv1.UpdateAutoApprovalSettingsRequest]) (*connect.Response[bestchatv1.UpdateAutoApprovalSettingsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	in := req.Msg.GetSettings()
	var v validation.Violations
	paths := req.Msg.GetUpdateMask().GetPaths()
	if len(paths) == 0 {
		v.Add("update_mask", "must name at least one field")
	}
	seen := map[string]bool{}
	for i, p := range paths {
		field := "update_mask.paths[" + strconv.Itoa(i) + "]"
		if !settingsPaths[p] {
			v.Addf(field, "%q is not an updatable field (updatable: enabled, max_auto_approve_risk, rules, max_consecutive_auto_approvals)", p)
		}
		if seen[p] {
			v.Addf(field, "%q is named twice", p)
		}
		seen[p] = true
	}
	if seen["max_consecutive_auto_approvals"] && in.GetMaxConsecutiveAutoApprovals() < 1 {
		v.Add("settings.max_consecutive_auto_approvals", "must be between 1 and 1000")
	}
	ruleIDs := map[string]bool{}
	for i, r := range in.GetRules() {
		if ruleIDs[r.GetToolId()] {
			v.Addf("settings.rules["+strconv.Itoa(i)+"].tool_id", "%q has two rules", r.GetToolId())
		}
		ruleIDs[r.GetToolId()] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		cur, err := loadSettings(ctx, q, uid)
		if err != nil {
			return err
		}
		if seen["enabled"] {
			cur.Enabled = in.GetEnabled()
		}
		if seen["max_auto_approve_risk"] {
			cur.MaxRisk = riskFromProto[in.GetMaxAutoApproveRisk()]
		}
		if seen["max_consecutive_auto_approvals"] {
			cur.MaxConsecutive = int(in.GetMaxConsecutiveAutoApprovals())
		}
		mode := string(ModeAlwaysAsk)
		if cur.Enabled {
			mode = string(ModeAutoApprove)
		}
		var maxRisk *string
		if cur.MaxRisk != "" {
			r := string(cur.MaxRisk)
			maxRisk = &r
		}
		mc := int32(cur.MaxConsecutive)
		if err := q.UpsertApprovalDefault(ctx, dbsqlc.UpsertApprovalDefaultParams{
			UserID: uid, Mode: mode, MaxRiskLevel: maxRisk, MaxConsecutive: &mc,
		}); err != nil {
			return rpcerror.DB(err, "save approval settings", "approval settings")
		}
		if !seen["rules"] {
			return nil
		}
		if err := q.DeleteApprovalRules(ctx, uid); err != nil {
			return rpcerror.DB(err, "replace approval rules", "approval settings")
		}
		for _, r := range in.GetRules() {
			if err := q.UpsertApprovalRule(ctx, dbsqlc.UpsertApprovalRuleParams{
				UserID: uid, ToolID: r.GetToolId(), Mode: string(modeFromProto[r.GetMode()]),
			}); err != nil {
				return rpcerror.DB(err, "save approval rule", "approval settings")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	st, err := loadSettings(ctx, s.q, uid)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.UpdateAutoApprovalSettingsResponse{Settings: SettingsToProto(st)}), nil
}

// filter is a ToolExecutionFilter in query terms.
type filter struct {
	conversation uuid.NullUUID
	toolID       string
	status       string
	start, end   *time.Time
}

func parseFilter(f *bestchatv1.ToolExecutionFilter, v *validation.Violations) filter {
	var out filter
	if id := f.GetConversationId(); id != "" {
		u, err := uuid.Parse(id)
		if err != nil {
			v.Add("filter.conversation_id", "must be a conversation id (UUID)")
		}
		out.conversation = uuid.NullUUID{UUID: u, Valid: err == nil}
	}
	out.toolID = f.GetToolId()
	status, _ := dbenum.ToolStatusFromProto(f.GetStatus())
	out.status = string(status)
	if f.GetStartTime() != nil {
		t := f.GetStartTime().AsTime()
		out.start = &t
	}
	if f.GetEndTime() != nil {
		t := f.GetEndTime().AsTime()
		out.end = &t
	}
	if out.start != nil && out.end != nil && !out.start.Before(*out.end) {
		v.Add("filter.end_time", "must be after start_time")
	}
	return out
}

// scope pins a page token to its filter.
func (f filter) scope() string {
	var b strings.Builder
	b.WriteString(f.conversation.UUID.String() + "|" + f.toolID + "|" + f.status + "|")
	if f.start != nil {
		b.WriteString(strconv.FormatInt(f.start.UnixMicro(), 10))
	}
	b.WriteString("|")
	if f.end != nil {
		b.WriteString(strconv.FormatInt(f.end.UnixMicro(), 10))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// ListToolExecutions lists the caller's executions, newest first.
func (s *Service) ListToolExecutions(ctx context.Context, req *connect.Request[bestchatv1.ListToolExecutionsRequest]) (*connect.Response[bestchatv1.ListToolExecutionsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	var v validation.Violations
	f := parseFilter(req.Msg.GetFilter(), &v)
	cursor, hasCursor, err := pagetoken.Decode(req.Msg.GetPageToken(), executionsKind)
	if err != nil || (hasCursor && cursor.Scope != f.scope()) {
		v.Add("page_token", "invalid page token (it must come from the same listing's next_page_token)")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	size := int(req.Msg.GetPageSize())
	if size == 0 {
		size = defaultExecutionPage
	}
	p := dbsqlc.ListToolExecutionsParams{
		UserID: uid, ConversationID: f.conversation, ToolID: f.toolID, Status: f.status,
		StartTime: f.start, EndTime: f.end, RowLimit: int32(size + 1),
	}
	if hasCursor {
		t := cursor.Time()
		p.AfterTime, p.AfterID = &t, uuid.NullUUID{UUID: cursor.ID, Valid: true}
	}
	rows, err := s.q.ListToolExecutions(ctx, p)
	if err != nil {
		return nil, rpcerror.DB(err, "list tool executions", "tool execution")
	}
	resp := &bestchatv1.ListToolExecutionsResponse{}
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		resp.NextPageToken = pagetoken.Encode(pagetoken.Cursor{
			Kind: executionsKind, Micros: last.CreatedAt.UnixMicro(), ID: last.ID, Scope: f.scope(),
		})
	}
	for _, r := range rows {
		resp.Executions = append(resp.Executions, ExecutionToProto(r))
	}
	return connect.NewResponse(resp), nil
}

// parseID parses a request's execution id.
func parseID(id string) (uuid.UUID, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, validation.FieldError("execution_id", "must be a tool execution id (UUID)")
	}
	return u, nil
}

// GetToolExecution returns one execution.
func (s *Service) GetToolExecution(ctx context.Context, req *connect.Request[bestchatv1.GetToolExecutionRequest]) (*connect.Response[bestchatv1.GetToolExecutionResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseID(req.Msg.GetExecutionId())
	if err != nil {
		return nil, err
	}
	ex, err := s.get(ctx, uid, id)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.GetToolExecutionResponse{Execution: ExecutionToProto(ex)}), nil
}

// ApproveToolExecution approves a call waiting for approval. A call of a
// turn then runs in its turn; a direct ExecuteTool call runs here and the
// response carries its result.
func (s *Service) ApproveToolExecution(ctx context.Context, req *connect.Request[bestchatv1.ApproveToolExecutionRequest]) (*connect.Response[bestchatv1.ApproveToolExecutionResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseID(req.Msg.GetExecutionId())
	if err != nil {
		return nil, err
	}
	ex, err := s.Decide(ctx, Decision{UserID: uid, ID: id, Approve: true})
	if err != nil {
		return nil, err
	}
	if req.Msg.GetRemember() && ex.ToolID != "" {
		if err := s.q.UpsertApprovalRule(ctx, dbsqlc.UpsertApprovalRuleParams{
			UserID: uid, ToolID: ex.ToolID, Mode: string(ModeAutoApprove),
		}); err != nil {
			return nil, rpcerror.DB(err, "save approval rule", "approval settings")
		}
	}
	if !ex.ConversationID.Valid {
		def, _ := s.registry.Lookup(ex.ToolID)
		if ex, err = s.Run(ctx, ex, def); err != nil {
			return nil, err
		}
	}
	return connect.NewResponse(&bestchatv1.ApproveToolExecutionResponse{Execution: ExecutionToProto(ex)}), nil
}

// RejectToolExecution rejects a call waiting for approval.
func (s *Service) RejectToolExecution(ctx context.Context, req *connect.Request[bestchatv1.RejectToolExecutionRequest]) (*connect.Response[bestchatv1.RejectToolExecutionResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseID(req.Msg.GetExecutionId())
	if err != nil {
		return nil, err
	}
	ex, err := s.Decide(ctx, Decision{UserID: uid, ID: id, Reason: req.Msg.GetReason()})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.RejectToolExecutionResponse{Execution: ExecutionToProto(ex)}), nil
}

// SubmitToolResult records a client tool's result.
func (s *Service) SubmitToolResult(ctx context.Context, req *connect.Request[bestchatv1.SubmitToolResultRequest]) (*connect.Response[bestchatv1.SubmitToolResultResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseID(req.Msg.GetExecutionId())
	if err != nil {
		return nil, err
	}
	ex, err := s.Submit(ctx, uid, id, req.Msg.GetResult(), req.Msg.GetIsError())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.SubmitToolResultResponse{Execution: ExecutionToProto(ex)}), nil
}

// ExecuteTool runs a server tool directly, under the caller's policy.
func (s *Service) ExecuteTool(ctx context.Context, req *connect.Request[bestchatv1.ExecuteToolRequest]) (*connect.Response[bestchatv1.ExecuteToolResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	if strings.HasPrefix(m.GetToolId(), "client.") {
		return nil, validation.FieldError("tool_id", "client tools run in their client; declare them in SendMessage")
	}
	def, ok := s.registry.Lookup(m.GetToolId())
	if !ok {
		return nil, rpcerror.NotFound("tool")
	}
	args, err := def.ValidateArgs([]byte(m.GetArgumentsJson()))
	if err != nil {
		return nil, validation.FieldError("arguments_json", err.Error())
	}
	p := BeginParams{UserID: uid, Name: def.Name, Def: def, Args: args}
	if rid := m.GetRequestId(); rid != "" {
		sum := sha256.Sum256([]byte(def.ID + "\x00" + string(args)))
		p.RequestID, p.RequestHash = &rid, sum[:]
		prev, err := s.q.GetToolExecutionByRequestID(ctx, dbsqlc.GetToolExecutionByRequestIDParams{UserID: uid, RequestID: &rid})
		switch {
		case err == nil && string(prev.RequestHash) != string(sum[:]):
			return nil, validation.FieldError("request_id", "was used with another tool or other arguments")
		case err == nil:
			prev, err = s.get(ctx, uid, prev.ID)
			if err != nil {
				return nil, err
			}
			return connect.NewResponse(&bestchatv1.ExecuteToolResponse{Execution: ExecutionToProto(prev)}), nil
		case !isNoRows(err):
			return nil, rpcerror.DB(err, "find tool execution", "tool execution")
		}
	}
	ex, err := s.Begin(ctx, p)
	if err != nil {
		var cerr *connect.Error
		if errors.As(err, &cerr) && cerr.Code() == connect.CodeAlreadyExists {
			return nil, rpcerror.New(connect.CodeAborted, rpcerror.ReasonRequestInProgress, "a request with this request_id is in progress; retry")
		}
		return nil, err
	}
	if ex.Status == dbenum.ToolApproved {
		if ex, err = s.Run(ctx, ex, def); err != nil {
			return nil, err
		}
	}
	return connect.NewResponse(&bestchatv1.ExecuteToolResponse{Execution: ExecutionToProto(ex)}), nil
}

// GetToolStats returns per-tool figures over the filter's executions.
func (s *Service) GetToolStats(ctx context.Context, req *connect.Request[bestchatv1.GetToolStatsRequest]) (*connect.Response[bestchatv1.GetToolStatsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	var v validation.Violations
	f := parseFilter(req.Msg.GetFilter(), &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	rows, err := s.q.GetToolStats(ctx, dbsqlc.GetToolStatsParams{
		UserID: uid, ConversationID: f.conversation, ToolID: f.toolID, StartTime: f.start, EndTime: f.end,
	})
	if err != nil {
		return nil, rpcerror.DB(err, "tool stats", "tool stats")
	}
	resp := &bestchatv1.GetToolStatsResponse{}
	for _, r := range rows {
		st := &bestchatv1.ToolStats{
			ToolId: r.ToolID, Total: r.Total, Completed: r.Completed, Failed: r.Failed, Rejected: r.Rejected,
			AutoApproved:  r.AutoApproved,
			AvgDurationMs: clampInt32(r.AvgDurationMs), P50DurationMs: clampInt32(r.P50DurationMs),
			P95DurationMs: clampInt32(r.P95DurationMs),
		}
		if fin := r.Completed + r.Failed; fin > 0 {
			st.SuccessRate = float64(r.Completed) / float64(fin)
		}
		resp.Tools = append(resp.Tools, st)
	}
	return connect.NewResponse(resp), nil
}

func clampInt32(n int64) int32 { return int32(min(max(n, 0), 1<<31-1)) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
