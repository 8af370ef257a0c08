package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

func finishToDB(f llm.FinishReason) dbenum.FinishReason {
	switch f {
	case llm.FinishLength:
		return dbenum.FinishLength
	case llm.FinishToolCalls:
		return dbenum.FinishToolCalls
	case llm.FinishContentFilter:
		return dbenum.FinishContentFilter
	default:
		return dbenum.FinishStop
	}
}

// providerError maps a provider failure to the client's error; the text is
// the adapter's safe message, never the provider's raw body or a key.
func providerError(err error) error {
	if errors.Is(err, errTooManyParts) {
		return connect.NewError(connect.CodeInternal, fmt.Errorf("%w; the partial answer was saved", errTooManyParts))
	}
	le, ok := llm.AsError(err)
	if !ok {
		return rpcerror.New(connect.CodeUnavailable, rpcerror.ReasonProviderUnavailable, "the model provider failed; the partial answer was saved")
	}
	msg := "the model provider failed: " + le.Error()
	meta := map[string]string{"provider": le.Provider}
	var stall *llm.StallError
	switch {
	case le.Kind == llm.KindAuth:
		// The configured key is wrong or lacks permission: retrying will
		// not help, the operator (or the user's settings) must fix it.
		return rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("the %s provider rejected the configured API key (%s); check the key", le.Provider, le.Message)),
			rpcerror.ReasonProviderAuthFailed, meta)
	case le.Kind == llm.KindBadRequest:
		return rpcerror.WithReason(connect.NewError(connect.CodeInvalidArgument, errors.New(msg)), rpcerror.ReasonProviderRejected, meta)
	case le.Kind == llm.KindContextWindowExceeded:
		return rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, errors.New("the conversation is too long for the model's context window")),
			rpcerror.ReasonContextTooLong, meta)
	case le.Kind == llm.KindContentFiltered:
		return rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, errors.New("the provider's content filter refused the request")),
			rpcerror.ReasonContentFiltered, meta)
	case le.Kind == llm.KindQuota:
		return rpcerror.WithReason(connect.NewError(connect.CodeResourceExhausted, errors.New(msg)), rpcerror.ReasonProviderRateLimited, meta)
	case errors.As(err, &stall):
		return rpcerror.WithReason(connect.NewError(connect.CodeUnavailable, errors.New(msg)), rpcerror.ReasonProviderTimeout, meta)
	default:
		return rpcerror.WithReason(connect.NewError(connect.CodeUnavailable, errors.New(msg)), rpcerror.ReasonProviderUnavailable, meta)
	}
}

// providerReason is the ErrorReason of a failed provider call (err as
// providerError takes it).
func providerReason(err error) bestchatv1.ErrorReason {
	var stall *llm.StallError
	switch {
	case errors.Is(err, errTooManyParts):
		return bestchatv1.ErrorReason_ERROR_REASON_INTERNAL
	case errors.As(err, &stall), errors.Is(err, context.DeadlineExceeded):
		return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_TIMEOUT
	}
	le, ok := llm.AsError(err)
	if !ok {
		return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_UNAVAILABLE
	}
	switch le.Kind {
	case llm.KindAuth:
		return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED
	case llm.KindBadRequest, llm.KindQuota:
		return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_REJECTED
	case llm.KindContextWindowExceeded:
		return bestchatv1.ErrorReason_ERROR_REASON_CONTEXT_TOO_LONG
	case llm.KindContentFiltered:
		return bestchatv1.ErrorReason_ERROR_REASON_CONTENT_FILTERED
	}
	switch le.StatusCode {
	case http.StatusTooManyRequests:
		return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_RATE_LIMITED
	case http.StatusRequestTimeout, http.StatusGatewayTimeout:
		return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_TIMEOUT
	}
	return bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_UNAVAILABLE
}

// failedEvent is the Failed event before a failed stream's error; msg is
// nil when the answer could not be stored.
func failedEvent(d *bestchatv1.ErrorDetail, msg *bestchatv1.Message) *bestchatv1.ChatEvent {
	return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Failed{Failed: &bestchatv1.Failed{Error: d, Message: msg}}}
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
