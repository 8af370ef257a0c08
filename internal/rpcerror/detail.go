package rpcerror

import (
	"errors"
	"strings"
	"time"

	"connectrpc.com/connect"

	"google.golang.org/protobuf/types/known/durationpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// ReasonToDB is how error_reason columns (messages, tool_executions) store r: its name without
// the ERROR_REASON_ prefix, in lower case; "" for UNSPECIFIED.
func ReasonToDB(r bestchatv1.ErrorReason) string {
	if r == bestchatv1.ErrorReason_ERROR_REASON_UNSPECIFIED {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(r.String(), "ERROR_REASON_"))
}

// ReasonFromDB converts a stored error reason; an unknown one is
// UNSPECIFIED.
func ReasonFromDB(s string) bestchatv1.ErrorReason {
	if s == "" {
		return bestchatv1.ErrorReason_ERROR_REASON_UNSPECIFIED
	}
	return bestchatv1.ErrorReason(bestchatv1.ErrorReason_value["ERROR_REASON_"+strings.ToUpper(s)])
}

// Detail builds the error detail a client sees; retryAfter 0 leaves
// it unset.
func Detail(reason bestchatv1.ErrorReason, msg string, retryAfter time.Duration) *bestchatv1.ErrorDetail {
	d := &bestchatv1.ErrorDetail{Reason: reason, Message: msg}
	if retryAfter > 0 {
		d.RetryAfter = durationpb.New(retryAfter)
	}
	return d
}

// ForDetail returns err with the ErrorInfo reason of d (the ErrorReason's
// name without its prefix) in place of any other, so that a failed
// stream's Connect error and its Failed event say the same thing. It
// returns a copy: one error value may end several streams.
func ForDetail(err error, d *bestchatv1.ErrorDetail) error {
	var cerr *connect.Error
	if d == nil || d.GetReason() == bestchatv1.ErrorReason_ERROR_REASON_UNSPECIFIED || !errors.As(err, &cerr) {
		return err
	}
	return WithReason(clone(cerr, true), strings.TrimPrefix(d.GetReason().String(), "ERROR_REASON_"), ErrorInfo(cerr).GetMetadata())
}
