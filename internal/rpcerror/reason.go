package rpcerror

import (
	"errors"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
)

// Domain is the google.rpc.ErrorInfo domain of every error bestchat
// sends (AIP-193): a reason is unique within it.
const Domain = "bestchat.dev"

// ErrorInfo reasons. A client branches on the reason, never on the
// message text (which is for people and may change). Every error a
// client can see carries exactly one google.rpc.ErrorInfo detail with one
// of these reasons; errors that have no more specific reason carry the
// default of their code (see defaultReason).
//
// The reasons of a failed generation are ErrorReason's enum names in
// proto/bestchat/v1/common.proto without their ERROR_REASON_ prefix (see
// ForDetail), so the Connect error of a stream and its Failed event say
// the same thing.
const (
	// ReasonValidationFailed: a request field is invalid; a
	// google.rpc.BadRequest detail lists each field and why.
	ReasonValidationFailed = "VALIDATION_FAILED"
	// ReasonNotFound: the object does not exist or belongs to another
	// user (the two are indistinguishable on purpose). Metadata
	// "resource" names its kind.
	ReasonNotFound = "NOT_FOUND"
	// ReasonAlreadyExists: an object with that name or id already exists.
	ReasonAlreadyExists = "ALREADY_EXISTS"
	// ReasonFailedPrecondition: the object is not in a state that allows
	// the call (e.g. approving an execution twice).
	ReasonFailedPrecondition = "FAILED_PRECONDITION"
	// ReasonConcurrentUpdate: another write won a race; retry the call.
	ReasonConcurrentUpdate = "CONCURRENT_UPDATE"
	// ReasonRequestIDReused: a request_id was used before with a
	// different request.
	ReasonRequestIDReused = "REQUEST_ID_REUSED"
	// ReasonRequestInProgress: a request with this request_id is still
	// running; follow it (ResumeStream) or retry later.
	ReasonRequestInProgress = "REQUEST_IN_PROGRESS"
	// ReasonUnauthenticated: no valid bearer token.
	ReasonUnauthenticated = "UNAUTHENTICATED"
	// ReasonPermissionDenied: the caller may not make this call.
	ReasonPermissionDenied = "PERMISSION_DENIED"
	// ReasonRateLimited: too many requests from this user; a
	// google.rpc.RetryInfo detail says when to retry.
	ReasonRateLimited = "RATE_LIMITED"
	// ReasonBudgetExceeded: the user's spend budget does not cover the
	// call; a google.rpc.QuotaFailure detail names the window.
	ReasonBudgetExceeded = "BUDGET_EXCEEDED"
	// ReasonTooManyGenerations: the user has too many generations
	// running; a RetryInfo detail says when to retry.
	ReasonTooManyGenerations = "TOO_MANY_GENERATIONS"
	// ReasonRequestTooLarge: the request body, an upload or the user's
	// stored files are over a limit of this server.
	ReasonRequestTooLarge = "REQUEST_TOO_LARGE"
	// ReasonResourceExhausted: another limit of this server was reached.
	ReasonResourceExhausted = "RESOURCE_EXHAUSTED"
	// ReasonProviderNotConfigured: the conversation's provider has no key
	// on this server or in the user's provider configs.
	ReasonProviderNotConfigured = "PROVIDER_NOT_CONFIGURED"
	// ReasonDatabaseUnavailable: the database cannot be reached; retry.
	ReasonDatabaseUnavailable = "DATABASE_UNAVAILABLE"
	// ReasonDeadlineExceeded: the call ran past its time limit.
	ReasonDeadlineExceeded = "DEADLINE_EXCEEDED"
	// ReasonCancelled: the call was cancelled.
	ReasonCancelled = "CANCELLED"
	// ReasonUnavailable: a passing failure; retry with backoff.
	ReasonUnavailable = "UNAVAILABLE"
	// ReasonUnimplemented: the server does not offer this call.
	ReasonUnimplemented = "UNIMPLEMENTED"
	// ReasonInternal: a server bug; the message carries the request id to
	// report.
	ReasonInternal = "INTERNAL"

	// Reasons of a failed generation (ErrorReason in common.proto).

	// ReasonProviderUnavailable: the model provider failed or could not
	// be reached; the partial answer was kept.
	ReasonProviderUnavailable = "PROVIDER_UNAVAILABLE"
	// ReasonProviderRateLimited: the provider's quota or rate limit.
	ReasonProviderRateLimited = "PROVIDER_RATE_LIMITED"
	// ReasonProviderAuthFailed: the provider rejected the configured key.
	ReasonProviderAuthFailed = "PROVIDER_AUTH_FAILED"
	// ReasonProviderTimeout: the provider stopped answering.
	ReasonProviderTimeout = "PROVIDER_TIMEOUT"
	// ReasonProviderRejected: the provider refused the request as invalid.
	ReasonProviderRejected = "PROVIDER_REJECTED"
	// ReasonContextTooLong: the conversation does not fit the model's
	// context window.
	ReasonContextTooLong = "CONTEXT_TOO_LONG"
	// ReasonContentFiltered: the provider's content filter refused.
	ReasonContentFiltered = "CONTENT_FILTERED"
	// ReasonInterrupted: the server stopped (or is stopping) while
	// generating; the partial answer was kept. Retry on another replica.
	ReasonInterrupted = "INTERRUPTED"
)

// defaultReason is the reason of an error of code c that named none.
func defaultReason(c connect.Code) string {
	switch c {
	case connect.CodeInvalidArgument:
		return ReasonValidationFailed
	case connect.CodeNotFound:
		return ReasonNotFound
	case connect.CodeAlreadyExists:
		return ReasonAlreadyExists
	case connect.CodeFailedPrecondition:
		return ReasonFailedPrecondition
	case connect.CodeAborted:
		return ReasonConcurrentUpdate
	case connect.CodeUnauthenticated:
		return ReasonUnauthenticated
	case connect.CodePermissionDenied:
		return ReasonPermissionDenied
	case connect.CodeResourceExhausted:
		return ReasonResourceExhausted
	case connect.CodeDeadlineExceeded:
		return ReasonDeadlineExceeded
	case connect.CodeCanceled:
		return ReasonCancelled
	case connect.CodeUnavailable:
		return ReasonUnavailable
	case connect.CodeUnimplemented:
		return ReasonUnimplemented
	default:
		return ReasonInternal
	}
}

// WithReason returns err with a google.rpc.ErrorInfo detail of reason
// (domain [Domain]) and metadata (may be nil). Call it where the error is
// made; an error that already carries an ErrorInfo is returned as is.
func WithReason(err *connect.Error, reason string, metadata map[string]string) *connect.Error {
	if err == nil || Reason(err) != "" {
		return err
	}
	if d, derr := connect.NewErrorDetail(&errdetails.ErrorInfo{Reason: reason, Domain: Domain, Metadata: metadata}); derr == nil {
		err.AddDetail(d)
	}
	return err
}

// New is connect.NewError(code, errors.New(msg)) with reason's ErrorInfo.
func New(code connect.Code, reason, msg string) *connect.Error {
	return WithReason(connect.NewError(code, errors.New(msg)), reason, nil)
}

// Reason returns the ErrorInfo reason of err, or "" when it has none.
func Reason(err error) string {
	if info := ErrorInfo(err); info != nil {
		return info.GetReason()
	}
	return ""
}

// ErrorInfo returns err's google.rpc.ErrorInfo detail, or nil.
func ErrorInfo(err error) *errdetails.ErrorInfo {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return nil
	}
	for _, d := range cerr.Details() {
		v, verr := d.Value()
		if verr != nil {
			continue
		}
		if info, ok := v.(*errdetails.ErrorInfo); ok {
			return info
		}
	}
	return nil
}

// withDefaultReason returns err itself when it carries an ErrorInfo, else
// a copy with the default reason of its code. A copy, because one error
// value may be sent to several streams at once (a generation's live and
// resumed readers), and adding a detail in place would race.
func withDefaultReason(cerr *connect.Error) *connect.Error {
	if Reason(cerr) != "" {
		return cerr
	}
	return WithReason(clone(cerr, false), defaultReason(cerr.Code()), nil)
}

// clone copies cerr (code, message, details, metadata), without its
// ErrorInfo detail when dropInfo is set.
func clone(cerr *connect.Error, dropInfo bool) *connect.Error {
	out := connect.NewError(cerr.Code(), errors.New(cerr.Message()))
	for _, d := range cerr.Details() {
		if dropInfo && d.Type() == "google.rpc.ErrorInfo" {
			continue
		}
		out.AddDetail(d)
	}
	for k, vs := range cerr.Meta() {
		for _, v := range vs {
			out.Meta().Add(k, v)
		}
	}
	return out
}

// Ensure returns err with an ErrorInfo (the default of its code when it
// names no reason), for the edges that answer without the interceptor:
// the guard in front of the handlers and the panic recovery.
func Ensure(err error) error {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return err
	}
	return withDefaultReason(cerr)
}
