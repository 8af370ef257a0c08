package dbenum

import bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"

// ToolStatus is where a tool execution is in its life, as stored in
// tool_executions.status.
type ToolStatus string

// Tool execution statuses.
const (
	ToolPendingApproval      ToolStatus = "pending_approval"
	ToolApproved             ToolStatus = "approved"
	ToolRunning              ToolStatus = "running"
	ToolAwaitingClientResult ToolStatus = "awaiting_client_result"
	ToolCompleted            ToolStatus = "completed"
	ToolFailed               ToolStatus = "failed"
	ToolRejected             ToolStatus = "rejected"
)

var toolStatusToProto = map[ToolStatus]bestchatv1.ToolExecutionStatus{
	ToolPendingApproval:      bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_PENDING_APPROVAL,
	ToolApproved:             bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_APPROVED,
	ToolRunning:              bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_RUNNING,
	ToolAwaitingClientResult: bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_AWAITING_CLIENT_RESULT,
	ToolCompleted:            bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED,
	ToolFailed:               bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED,
	ToolRejected:             bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_REJECTED,
}

// Proto returns the API's status; TOOL_EXECUTION_STATUS_UNSPECIFIED for an
// unknown value.
func (s ToolStatus) Proto() bestchatv1.ToolExecutionStatus { return toolStatusToProto[s] }

// Final reports whether an execution in this status will not change again.
func (s ToolStatus) Final() bool {
	return s == ToolCompleted || s == ToolFailed || s == ToolRejected
}

// ToolStatusFromProto returns the stored status and false for
// TOOL_EXECUTION_STATUS_UNSPECIFIED (in a filter: every status).
func ToolStatusFromProto(s bestchatv1.ToolExecutionStatus) (ToolStatus, bool) {
	for k, v := range toolStatusToProto {
		if v == s {
			return k, true
		}
	}
	return "", false
}
