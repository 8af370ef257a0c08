package engine

import (
	"errors"
	"fmt"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/internal/llm"
)

func finishToDB(f llm.FinishReason) string {
	switch f {
	case llm.FinishLength:
		return "length"
	case llm.FinishToolCalls:
		return "tool_calls"
	case llm.FinishContentFilter:
		return "content_filter"
	default:
		return "stop"
	}
}

// providerError maps a provider failure to the client's error; the text is
// the adapter's safe message, never the provider's raw body or a key.
func providerError(err error) error {
	le, ok := llm.AsError(err)
	if !ok {
		return connect.NewError(connect.CodeUnavailable, errors.New("the model provider failed; the partial answer was saved"))
	}
	msg := "the model provider failed: " + le.Error()
	switch le.Kind {
	case llm.KindAuth:
		// The configured key is wrong or lacks permission: retrying will
		// not help, the operator (or the user's settings) must fix it.
		return connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("the %s provider rejected the configured API key (%s); check the key", le.Provider, le.Message))
	case llm.KindBadRequest:
		return connect.NewError(connect.CodeInvalidArgument, errors.New(msg))
	case llm.KindContextWindowExceeded:
		return connect.NewError(connect.CodeFailedPrecondition, errors.New("the conversation is too long for the model's context window"))
	case llm.KindContentFiltered:
		return connect.NewError(connect.CodeFailedPrecondition, errors.New("the provider's content filter refused the request"))
	case llm.KindQuota:
		return connect.NewError(connect.CodeResourceExhausted, errors.New(msg))
	default:
		return connect.NewError(connect.CodeUnavailable, errors.New(msg))
	}
}

func errorClass(err error) string {
	le, ok := llm.AsError(err)
	if !ok {
		return "unknown"
	}
	switch le.Kind {
	case llm.KindRetryable:
		return "retryable"
	case llm.KindAuth:
		return "auth"
	case llm.KindBadRequest:
		return "bad_request"
	case llm.KindContextWindowExceeded:
		return "context_window"
	case llm.KindContentFiltered:
		return "content_filter"
	case llm.KindQuota:
		return "quota"
	case llm.KindInterrupted:
		return "interrupted"
	default:
		return "unknown"
	}
}

func connectMessage(err error) string {
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		return cerr.Message()
	}
	return err.Error()
}
