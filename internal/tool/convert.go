package tool

import (
	"encoding/json"
	"math"
	"time"

	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

var (
	riskToProto = map[Risk]bestchatv1.RiskLevel{
		RiskLow: bestchatv1.RiskLevel_RISK_LEVEL_LOW, RiskMedium: bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM,
		RiskHigh: bestchatv1.RiskLevel_RISK_LEVEL_HIGH,
	}
	riskFromProto = map[bestchatv1.RiskLevel]Risk{
		bestchatv1.RiskLevel_RISK_LEVEL_LOW: RiskLow, bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM: RiskMedium,
		bestchatv1.RiskLevel_RISK_LEVEL_HIGH: RiskHigh,
	}
	sourceToProto = map[Source]bestchatv1.ToolSource{
		SourceBuiltin: bestchatv1.ToolSource_TOOL_SOURCE_BUILTIN, SourceMCP: bestchatv1.ToolSource_TOOL_SOURCE_MCP,
		SourceClient: bestchatv1.ToolSource_TOOL_SOURCE_CLIENT,
	}
	decisionToProto = map[string]bestchatv1.ApprovalDecision{
		DecisionUser: bestchatv1.ApprovalDecision_APPROVAL_DECISION_USER, DecisionPolicy: bestchatv1.ApprovalDecision_APPROVAL_DECISION_POLICY,
		DecisionRule: bestchatv1.ApprovalDecision_APPROVAL_DECISION_RULE, DecisionTimeout: bestchatv1.ApprovalDecision_APPROVAL_DECISION_TIMEOUT,
	}
	modeToProto = map[Mode]bestchatv1.ApprovalMode{
		ModeAlwaysAsk: bestchatv1.ApprovalMode_APPROVAL_MODE_ALWAYS_ASK, ModeAutoApprove: bestchatv1.ApprovalMode_APPROVAL_MODE_AUTO_APPROVE,
		ModeDeny: bestchatv1.ApprovalMode_APPROVAL_MODE_DENY,
	}
	modeFromProto = map[bestchatv1.ApprovalMode]Mode{
		bestchatv1.ApprovalMode_APPROVAL_MODE_ALWAYS_ASK: ModeAlwaysAsk, bestchatv1.ApprovalMode_APPROVAL_MODE_AUTO_APPROVE: ModeAutoApprove,
		bestchatv1.ApprovalMode_APPROVAL_MODE_DENY: ModeDeny,
	}
)

// DefinitionToProto converts a definition.
func DefinitionToProto(d *Definition) *bestchatv1.Tool {
	t := &bestchatv1.Tool{
		Id: d.ID, Name: d.Name, Description: d.Description, RiskLevel: riskToProto[d.Risk],
		Source: sourceToProto[d.Source], TimeoutMs: int32(min(d.Timeout.Milliseconds(), math.MaxInt32)),
	}
	var m map[string]any
	if json.Unmarshal(d.Schema, &m) == nil {
		if s, err := structpb.NewStruct(m); err == nil {
			t.InputSchema = s
		}
	}
	return t
}

// ExecutionToProto converts an execution row.
func ExecutionToProto(r dbsqlc.ToolExecution) *bestchatv1.ToolExecution {
	ex := &bestchatv1.ToolExecution{
		Id: r.ID.String(), ToolCallId: r.ToolCallID, ToolName: r.ToolName, ToolId: r.ToolID,
		ArgumentsJson: string(r.Arguments), Status: r.Status.Proto(),
		RiskLevel: riskToProto[Risk(r.RiskLevel)], Source: sourceToProto[Source(r.Source)],
		Result: r.Result, ResultTruncated: r.ResultTruncated,
		AutoApproved: r.AutoApproved, DecidedBy: r.ApprovedBy, Decision: decisionToProto[r.Decision],
		Step:       r.Step,
		CreateTime: timestamppb.New(r.CreatedAt),
		DecideTime: optTime(r.DecidedAt), StartTime: optTime(r.StartedAt), EndTime: optTime(r.FinishedAt),
		ExpireTime: optTime(r.ExpiresAt),
	}
	if r.Error != "" || r.ErrorReason != "" {
		ex.Error = rpcerror.Detail(rpcerror.ReasonFromDB(r.ErrorReason), r.Error, 0)
	}
	if r.ConversationID.Valid {
		ex.ConversationId = r.ConversationID.UUID.String()
	}
	if r.MessageID.Valid {
		ex.MessageId = r.MessageID.UUID.String()
	}
	if r.DurationMs != nil {
		ex.DurationMs = int32(min(*r.DurationMs, math.MaxInt32))
	}
	return ex
}

// SettingsToProto converts a user's policy.
func SettingsToProto(s Settings) *bestchatv1.AutoApprovalSettings {
	out := &bestchatv1.AutoApprovalSettings{
		Enabled: s.Enabled, MaxAutoApproveRisk: riskToProto[s.MaxRisk],
		MaxConsecutiveAutoApprovals: int32(s.MaxConsecutive), UpdateTime: optTime(s.UpdateTime),
	}
	for _, id := range sortedKeys(s.Rules) {
		out.Rules = append(out.Rules, &bestchatv1.ToolApprovalRule{ToolId: id, Mode: modeToProto[s.Rules[id]]})
	}
	return out
}

func optTime(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}
