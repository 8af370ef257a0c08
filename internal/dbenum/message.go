package dbenum

import bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"

// Role is the author of a message, as stored in messages.role.
type Role string

// Roles of a message.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

var roleToProto = map[Role]bestchatv1.Role{
	RoleSystem:    bestchatv1.Role_ROLE_SYSTEM,
	RoleUser:      bestchatv1.Role_ROLE_USER,
	RoleAssistant: bestchatv1.Role_ROLE_ASSISTANT,
	RoleTool:      bestchatv1.Role_ROLE_TOOL,
}

// Proto returns the API's role; ROLE_UNSPECIFIED for an unknown value.
func (r Role) Proto() bestchatv1.Role { return roleToProto[r] }

// MessageStatus is where a message is in its life, as stored in
// messages.status.
type MessageStatus string

// Message statuses.
const (
	// MessageStreaming: a generation is writing the message.
	MessageStreaming MessageStatus = "streaming"
	// MessageCompleted: the message is final.
	MessageCompleted MessageStatus = "completed"
	// MessageCancelled: the user stopped the generation.
	MessageCancelled MessageStatus = "cancelled"
	// MessageFailed: the generation failed; the error columns say why.
	MessageFailed MessageStatus = "failed"
	// MessageInterrupted: the stream was cut mid-answer.
	MessageInterrupted MessageStatus = "interrupted"
)

var messageStatusToProto = map[MessageStatus]bestchatv1.MessageStatus{
	MessageStreaming:   bestchatv1.MessageStatus_MESSAGE_STATUS_STREAMING,
	MessageCompleted:   bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED,
	MessageCancelled:   bestchatv1.MessageStatus_MESSAGE_STATUS_CANCELLED,
	MessageFailed:      bestchatv1.MessageStatus_MESSAGE_STATUS_FAILED,
	MessageInterrupted: bestchatv1.MessageStatus_MESSAGE_STATUS_INTERRUPTED,
}

// Proto returns the API's status; MESSAGE_STATUS_UNSPECIFIED for an unknown
// value.
func (s MessageStatus) Proto() bestchatv1.MessageStatus { return messageStatusToProto[s] }

// FinishReason is why a generation step stopped, as stored in
// messages.finish_reason; empty while a message streams and on messages no
// model wrote.
type FinishReason string

// Finish reasons.
const (
	FinishNone          FinishReason = ""
	FinishStop          FinishReason = "stop"
	FinishLength        FinishReason = "length"
	FinishToolCalls     FinishReason = "tool_calls"
	FinishContentFilter FinishReason = "content_filter"
	FinishCancelled     FinishReason = "cancelled"
	FinishError         FinishReason = "error"
	FinishMaxSteps      FinishReason = "max_steps"
	FinishRefusal       FinishReason = "refusal"
)

var finishToProto = map[FinishReason]bestchatv1.FinishReason{
	FinishNone:          bestchatv1.FinishReason_FINISH_REASON_UNSPECIFIED,
	FinishStop:          bestchatv1.FinishReason_FINISH_REASON_STOP,
	FinishLength:        bestchatv1.FinishReason_FINISH_REASON_LENGTH,
	FinishToolCalls:     bestchatv1.FinishReason_FINISH_REASON_TOOL_CALLS,
	FinishContentFilter: bestchatv1.FinishReason_FINISH_REASON_CONTENT_FILTER,
	FinishCancelled:     bestchatv1.FinishReason_FINISH_REASON_CANCELLED,
	FinishError:         bestchatv1.FinishReason_FINISH_REASON_ERROR,
	FinishMaxSteps:      bestchatv1.FinishReason_FINISH_REASON_MAX_STEPS,
	FinishRefusal:       bestchatv1.FinishReason_FINISH_REASON_REFUSAL,
}

// Proto returns the API's finish reason; FINISH_REASON_UNSPECIFIED for an
// unknown value.
func (f FinishReason) Proto() bestchatv1.FinishReason { return finishToProto[f] }

// ContextStrategy is how a conversation fits its history to the model's
// window, as stored in conversations.context_strategy and
// context_optimizations.strategy.
type ContextStrategy string

// Context strategies.
const (
	StrategyTruncate  ContextStrategy = "truncate"
	StrategySummarize ContextStrategy = "summarize"
	StrategyNone      ContextStrategy = "none"
)

var strategyToProto = map[ContextStrategy]bestchatv1.ContextStrategy{
	StrategyTruncate:  bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE,
	StrategySummarize: bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE,
	StrategyNone:      bestchatv1.ContextStrategy_CONTEXT_STRATEGY_NONE,
}

// Proto returns the API's strategy; CONTEXT_STRATEGY_UNSPECIFIED for an
// unknown value.
func (s ContextStrategy) Proto() bestchatv1.ContextStrategy { return strategyToProto[s] }

// ContextStrategyFromProto returns the stored strategy; UNSPECIFIED (and an
// unknown value, which validation rejects before) is the default, truncate.
func ContextStrategyFromProto(s bestchatv1.ContextStrategy) ContextStrategy {
	for k, v := range strategyToProto {
		if v == s {
			return k
		}
	}
	return StrategyTruncate
}
