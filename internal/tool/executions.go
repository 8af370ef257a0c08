package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// NotifyChannel is the PostgreSQL NOTIFY channel on which every change of
// an execution's state is announced, with the execution id as payload, so
// that the turn waiting for it wakes up on whichever replica runs it.
const NotifyChannel = "bestchat_tool_executions"

// BeginParams describe a tool call to record.
type BeginParams struct {
	UserID string
	// ConversationID and MessageID: the turn that made the call (zero for
	// ExecuteTool).
	ConversationID, MessageID uuid.NullUUID
	// ToolCallID is the provider's id of the call.
	ToolCallID string
	// Step is the turn's tool-loop step.
	Step int
	// Name is the name the model called.
	Name string
	// Def is the tool, nil when the name matches none.
	Def *Definition
	// Args are the arguments as the model (or the caller) wrote them.
	Args json.RawMessage
	// Streak counts the calls approved without asking in a row in this
	// turn.
	Streak int
	// RequestID and RequestHash make ExecuteTool idempotent.
	RequestID   *string
	RequestHash []byte
}

// Begin records a call and applies the caller's policy to it. The returned
// execution is failed (unknown tool, invalid arguments), rejected (a DENY
// rule), approved (by policy or rule: call Run), pending approval (with a
// deadline), or awaiting a client's result (client tools, with a
// deadline). Invalid arguments never reach a tool.
func (s *Service) Begin(ctx context.Context, p BeginParams) (dbsqlc.ToolExecution, error) {
	row := dbsqlc.CreateToolExecutionParams{
		UserID: p.UserID, ConversationID: p.ConversationID, MessageID: p.MessageID,
		ToolCallID: p.ToolCallID, ToolName: p.Name, Step: int32(max(p.Step, 0)),
		Arguments: []byte(`{}`), Source: string(SourceBuiltin), RiskLevel: string(RiskHigh),
		RequestID: p.RequestID, RequestHash: p.RequestHash,
	}
	if json.Valid(p.Args) {
		if compact, err := json.Marshal(p.Args); err == nil {
			row.Arguments = compact
		}
	}
	if row.ToolName == "" {
		row.ToolName = "(unnamed)"
	}
	def := p.Def
	if def != nil {
		row.ToolID, row.Source, row.RiskLevel = def.ID, string(def.Source), string(def.Risk)
	}
	if def == nil {
		row.Status, row.Error, row.Finished = dbenum.ToolFailed, fmt.Sprintf("there is no tool named %q", truncateString(p.Name, 100)), true
		row.ErrorReason = reasonToolFailed
	} else if args, err := def.ValidateArgs(p.Args); err != nil {
		row.Status, row.Error, row.Finished = dbenum.ToolFailed, err.Error(), true
		row.ErrorReason = reasonToolFailed
	} else {
		row.Arguments = args
		settings, err := loadSettings(ctx, s.q, p.UserID)
		if err != nil {
			return dbsqlc.ToolExecution{}, err
		}
		s.decideNew(&row, def, settings, p.Streak)
	}
	created, err := s.q.CreateToolExecution(ctx, row)
	if err != nil {
		return dbsqlc.ToolExecution{}, rpcerror.DB(err, "create tool execution", "tool execution")
	}
	return created, nil
}

// decideNew sets the status of a new, valid call.
func (s *Service) decideNew(row *dbsqlc.CreateToolExecutionParams, def *Definition, settings Settings, streak int) {
	if settings.Rules[def.ID] == ModeDeny {
		row.Status, row.Decision, row.ApprovedBy, row.Decided = dbenum.ToolRejected, DecisionRule, DecisionRule, true
		row.Error, row.ErrorReason = "rejected by the user's rule for this tool", reasonToolRejected
		return
	}
	if def.Source == SourceClient {
		// The client runs it: the user's own software is the approver.
		exp := time.Now().Add(s.limits.ClientResultTimeout)
		row.Status, row.Started, row.ExpiresAt = dbenum.ToolAwaitingClientResult, true, &exp
		return
	}
	v := settings.Decide(def, streak)
	switch v.Outcome {
	case Approve:
		row.Status, row.Decision, row.ApprovedBy, row.AutoApproved, row.Decided = dbenum.ToolApproved, v.Decision, v.Decision, true, true
	case Reject:
		row.Status, row.Decision, row.ApprovedBy, row.Decided = dbenum.ToolRejected, v.Decision, v.Decision, true
		row.Error, row.ErrorReason = "rejected by the user's rule for this tool", reasonToolRejected
	default:
		exp := time.Now().Add(s.limits.ApprovalTimeout)
		row.Status, row.ExpiresAt = dbenum.ToolPendingApproval, &exp
	}
}

// Run executes an approved server tool: it marks the execution running,
// runs the tool under its timeout, caps its output and records the
// outcome. The run is not cut short when ctx is cancelled by a departing
// client: only the tool's timeout (or the server stopping, through
// stop) ends it.
func (s *Service) Run(ctx context.Context, ex dbsqlc.ToolExecution, def *Definition) (dbsqlc.ToolExecution, error) {
	if def == nil || def.run == nil {
		return s.fail(ctx, ex, reasonToolFailed, "this tool is not available on the server")
	}
	started, err := s.q.StartToolExecution(ctx, dbsqlc.StartToolExecutionParams{
		ID: ex.ID, UserID: ex.UserID, Status: dbenum.ToolRunning,
	})
	if err != nil {
		return dbsqlc.ToolExecution{}, s.stateError(ctx, ex.UserID, ex.ID, err, "run")
	}
	out, runErr := s.execute(ctx, def, Call{UserID: ex.UserID, Args: started.Arguments})
	result, truncated := capOutput(out, s.limits.MaxOutputBytes)
	fin := dbsqlc.FinishToolExecutionParams{
		ID: ex.ID, UserID: ex.UserID, Status: dbenum.ToolCompleted, Result: result, ResultTruncated: truncated,
	}
	if runErr != nil {
		fin.Status, fin.Error, fin.ErrorReason = dbenum.ToolFailed, runErr.Error(), reasonToolFailed
		var rf *runFailure
		if errors.As(runErr, &rf) {
			fin.ErrorReason = rf.reason
		}
	}
	// Record the outcome even when the caller went away meanwhile.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	done, err := s.q.FinishToolExecution(wctx, fin)
	if err != nil {
		return dbsqlc.ToolExecution{}, rpcerror.DB(err, "finish tool execution", "tool execution")
	}
	s.notify(wctx, done.ID)
	return done, nil
}

// execute runs def with its timeout. A tool that ignores its context is
// abandoned at the timeout (its goroutine ends whenever it returns); the
// returned error is always safe to show.
func (s *Service) execute(ctx context.Context, def *Definition, call Call) (string, error) {
	timeout := def.Timeout
	if timeout <= 0 {
		timeout = s.limits.DefaultTimeout
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	stop := context.AfterFunc(s.bg, cancel)
	defer stop()
	type outcome struct {
		out string
		err error
	}
	ch := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				s.logger.Error("tool panicked", "tool", def.ID, "panic", fmt.Sprint(r))
				ch <- outcome{err: errors.New("the tool failed")}
			}
		}()
		out, err := def.run(rctx, call)
		ch <- outcome{out, err}
	}()
	var o outcome
	select {
	case o = <-ch:
	case <-rctx.Done():
		if s.bg.Err() != nil {
			return "", &runFailure{reasonInterrupted, "the server stopped before the tool finished"}
		}
		return "", &runFailure{reasonToolTimeout, fmt.Sprintf("the tool did not finish within %s", timeout)}
	}
	if o.err == nil {
		return o.out, nil
	}
	var te *Error
	if errors.As(o.err, &te) {
		return o.out, te
	}
	if rctx.Err() != nil {
		return o.out, &runFailure{reasonToolTimeout, fmt.Sprintf("the tool did not finish within %s", timeout)}
	}
	s.logger.Warn("tool failed", "tool", def.ID, "err", o.err)
	return o.out, errors.New("the tool failed")
}

// Stored error reasons of executions (see rpcerror.ReasonToDB).
var (
	reasonToolFailed   = rpcerror.ReasonToDB(bestchatv1.ErrorReason_ERROR_REASON_TOOL_FAILED)
	reasonToolTimeout  = rpcerror.ReasonToDB(bestchatv1.ErrorReason_ERROR_REASON_TOOL_TIMEOUT)
	reasonToolRejected = rpcerror.ReasonToDB(bestchatv1.ErrorReason_ERROR_REASON_TOOL_REJECTED)
	reasonInterrupted  = rpcerror.ReasonToDB(bestchatv1.ErrorReason_ERROR_REASON_INTERRUPTED)
)

// runFailure is a run that ended for a reason other than the tool's own
// failure; its message is safe to show.
type runFailure struct {
	reason string // stored form
	msg    string
}

func (f *runFailure) Error() string { return f.msg }

// fail ends an unfinished execution with a reason (stored form) and a safe
// message.
func (s *Service) fail(ctx context.Context, ex dbsqlc.ToolExecution, reason, msg string) (dbsqlc.ToolExecution, error) {
	row, err := s.q.FailToolExecution(ctx, dbsqlc.FailToolExecutionParams{ID: ex.ID, UserID: ex.UserID, Error: msg, ErrorReason: reason})
	if err != nil {
		return dbsqlc.ToolExecution{}, s.stateError(ctx, ex.UserID, ex.ID, err, "fail")
	}
	s.notify(ctx, row.ID)
	return row, nil
}

// Fail ends an execution that its turn will not wait for any more (the
// turn was cancelled or failed): its reason is INTERRUPTED. It is a no-op
// for a finished execution.
func (s *Service) Fail(ctx context.Context, userID string, id uuid.UUID, msg string) (dbsqlc.ToolExecution, error) {
	return s.fail(ctx, dbsqlc.ToolExecution{ID: id, UserID: userID}, reasonInterrupted, msg)
}

// Decision is a user's answer to a pending approval.
type Decision struct {
	UserID string
	ID     uuid.UUID
	// Approve or reject.
	Approve bool
	// Reason of a rejection, passed to the model.
	Reason string
}

// Decide records a user's approval or rejection. Only an execution pending
// approval, before its deadline, can be decided: anything else is
// FAILED_PRECONDITION, another user's execution NOT_FOUND.
func (s *Service) Decide(ctx context.Context, d Decision) (dbsqlc.ToolExecution, error) {
	p := dbsqlc.DecideToolExecutionParams{
		ID: d.ID, UserID: d.UserID, Status: dbenum.ToolApproved, Decision: DecisionUser, ApprovedBy: d.UserID,
	}
	if !d.Approve {
		p.Status, p.Error, p.ErrorReason = dbenum.ToolRejected, "rejected by the user", reasonToolRejected
		if d.Reason != "" {
			p.Error += ": " + d.Reason
		}
	}
	row, err := s.q.DecideToolExecution(ctx, p)
	if err != nil {
		return dbsqlc.ToolExecution{}, s.stateError(ctx, d.UserID, d.ID, err, map[bool]string{true: "approve", false: "reject"}[d.Approve])
	}
	s.notify(ctx, row.ID)
	return row, nil
}

// Submit records a client tool's result.
func (s *Service) Submit(ctx context.Context, userID string, id uuid.UUID, result string, isError bool) (dbsqlc.ToolExecution, error) {
	capped, truncated := capOutput(result, s.limits.MaxOutputBytes)
	p := dbsqlc.SubmitClientToolResultParams{
		ID: id, UserID: userID, Status: dbenum.ToolCompleted, Result: capped, ResultTruncated: truncated,
	}
	if isError {
		p.Status, p.Error, p.ErrorReason = dbenum.ToolFailed, "the client tool reported an error", reasonToolFailed
	}
	row, err := s.q.SubmitClientToolResult(ctx, p)
	if err != nil {
		return dbsqlc.ToolExecution{}, s.stateError(ctx, userID, id, err, "submit a result for")
	}
	s.notify(ctx, row.ID)
	return row, nil
}

// stateError explains why a state change found no row: the execution does
// not exist for this user (NOT_FOUND), its deadline passed (it is expired
// now, FAILED_PRECONDITION), or it is in another state
// (FAILED_PRECONDITION).
func (s *Service) stateError(ctx context.Context, userID string, id uuid.UUID, err error, verb string) error {
	if err != nil && !isNoRows(err) {
		return rpcerror.DB(err, verb+" tool execution", "tool execution")
	}
	ex, err := s.get(ctx, userID, id)
	if err != nil {
		return err
	}
	switch {
	case ex.Decision == DecisionTimeout || clientTimedOut(ex):
		return rpcerror.FailedPrecondition(fmt.Sprintf("cannot %s this tool execution: its deadline passed (status %s)", verb, ex.Status))
	case verb == "submit a result for" && ex.Source != string(SourceClient):
		return rpcerror.FailedPrecondition("cannot submit a result for a server tool: the server runs it")
	}
	return rpcerror.FailedPrecondition(fmt.Sprintf("cannot %s this tool execution: it is %s", verb, ex.Status))
}

// clientTimedOut reports whether a client tool failed for want of a
// result before its deadline.
func clientTimedOut(ex dbsqlc.ToolExecution) bool {
	return ex.Source == string(SourceClient) && ex.Status == dbenum.ToolFailed &&
		ex.FinishedAt != nil && ex.ExpiresAt != nil && !ex.FinishedAt.Before(*ex.ExpiresAt)
}

func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// get returns one of the user's executions, first ending it when its
// deadline passed.
func (s *Service) get(ctx context.Context, userID string, id uuid.UUID) (dbsqlc.ToolExecution, error) {
	ex, err := s.q.GetToolExecution(ctx, dbsqlc.GetToolExecutionParams{ID: id, UserID: userID})
	if err != nil {
		return dbsqlc.ToolExecution{}, rpcerror.DB(err, "get tool execution", "tool execution")
	}
	if (ex.Status == dbenum.ToolPendingApproval || ex.Status == dbenum.ToolAwaitingClientResult) &&
		ex.ExpiresAt != nil && !ex.ExpiresAt.After(time.Now()) {
		if expired, err := s.expire(ctx, userID, id); err == nil {
			return expired, nil
		} else if !isNoRows(err) {
			return dbsqlc.ToolExecution{}, rpcerror.DB(err, "expire tool execution", "tool execution")
		}
		return s.get(ctx, userID, id)
	}
	return ex, nil
}

// expire ends one execution past its deadline.
func (s *Service) expire(ctx context.Context, userID string, id uuid.UUID) (dbsqlc.ToolExecution, error) {
	row, err := s.q.ExpireToolExecution(ctx, dbsqlc.ExpireToolExecutionParams{ID: id, UserID: userID})
	if err != nil {
		return row, err
	}
	s.notify(ctx, row.ID)
	return row, nil
}

// ExpireDue ends every execution past its deadline and returns how many it
// ended.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	due, err := s.q.ListExpiredToolExecutions(ctx, 500)
	if err != nil {
		return 0, fmt.Errorf("list expired tool executions: %w", err)
	}
	n := 0
	for _, d := range due {
		if _, err := s.expire(ctx, d.UserID, d.ID); err == nil {
			n++
		} else if !isNoRows(err) {
			return n, fmt.Errorf("expire tool execution: %w", err)
		}
	}
	return n, nil
}

// notify announces a state change; a lost notification only delays a
// waiter until its next poll.
func (s *Service) notify(ctx context.Context, id uuid.UUID) {
	if err := s.q.NotifyToolExecution(ctx, dbsqlc.NotifyToolExecutionParams{Channel: NotifyChannel, Payload: id.String()}); err != nil {
		s.logger.Warn("notify tool execution", "err", err)
	}
}

// capOutput cuts s to at most n bytes, on a UTF-8 boundary.
func capOutput(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	return truncateString(s, n), true
}

// truncateString cuts s to at most n bytes without splitting a rune.
func truncateString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
