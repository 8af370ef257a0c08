package provider

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/secrets"
)

// failure is a classified provider failure: what the API may say about
// it. It never holds the provider's text.
type failure struct {
	reason     bestchatv1.ProviderFailureReason
	retryAfter time.Duration
	// status is the HTTP status, for the log (0 when none).
	status int
}

// errorReasons are the ErrorReasons of the provider failure reasons: what
// every error detail says of them.
var errorReasons = map[bestchatv1.ProviderFailureReason]bestchatv1.ErrorReason{
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY:         bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_MISSING:     bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_UNREADABLE:  bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNREACHABLE:     bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_UNAVAILABLE,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_RATE_LIMITED:    bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_RATE_LIMITED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL:    bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_REJECTED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BLOCKED_ADDRESS: bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_REJECTED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_QUOTA_EXCEEDED:  bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_REJECTED,
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR:  bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_UNAVAILABLE,
}

// reasonMessages are the fixed sentences clients see for each reason.
var reasonMessages = map[bestchatv1.ProviderFailureReason]string{
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY:         "the provider refused the API key: save the right key",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_MISSING:     "this provider needs an API key and none is saved",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_UNREADABLE:  "the saved API key can no longer be decrypted: save it again",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNREACHABLE:     "the base URL's host could not be reached",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_RATE_LIMITED:    "the provider is rate limiting this key: try again later",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL:    "the base URL did not answer as this provider's API does: check it",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BLOCKED_ADDRESS: "the base URL points at an address this server may not call (private, loopback, link-local or cloud metadata); the operator can allow it with --allow-upstreams",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_QUOTA_EXCEEDED:  "the provider account is out of credit or quota",
	bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR:  "the provider failed to answer: try again later",
}

func fail(r bestchatv1.ProviderFailureReason) *failure { return &failure{reason: r} }

// keyFailure classifies an error of openEndpoint.
func keyFailure(err error) *failure {
	if errors.Is(err, errNoKey) {
		return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_MISSING)
	}
	if errors.Is(err, secrets.ErrUndecryptable) || errors.Is(err, secrets.ErrUnknownKey) {
		return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_UNREADABLE)
	}
	return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR)
}

// statusFailure classifies an HTTP error status.
func statusFailure(status int, h http.Header) *failure {
	f := &failure{status: status}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY
	case status == http.StatusTooManyRequests:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_RATE_LIMITED
		f.retryAfter = retryAfter(h)
	case status == http.StatusPaymentRequired:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_QUOTA_EXCEEDED
	case status >= 500:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR
	default: // 3xx not followed, 404, 405, other 4xx: not this provider's API
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL
	}
	return f
}

// transportFailure classifies a failure to get a response.
func transportFailure(err error) *failure {
	var redirect *netguard.RedirectError
	switch {
	case netguard.IsBlocked(err):
		return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BLOCKED_ADDRESS)
	case errors.As(err, &redirect):
		return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL)
	}
	return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNREACHABLE)
}

// llmFailure classifies an error of an llm adapter's call.
func llmFailure(err error) *failure {
	if netguard.IsBlocked(err) {
		return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BLOCKED_ADDRESS)
	}
	e, ok := llm.AsError(err)
	if !ok {
		if errors.Is(err, context.DeadlineExceeded) {
			return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNREACHABLE)
		}
		return fail(bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR)
	}
	f := &failure{status: e.StatusCode, retryAfter: e.RetryAfter}
	switch {
	case e.Kind == llm.KindAuth:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY
	case e.Kind == llm.KindQuota:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_QUOTA_EXCEEDED
	case e.StatusCode == http.StatusTooManyRequests:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_RATE_LIMITED
	case e.StatusCode == 0 && e.Kind == llm.KindRetryable:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNREACHABLE
	case e.StatusCode == 0 && e.Kind == llm.KindBadRequest, // a redirect off the host
		e.StatusCode == http.StatusNotFound, e.StatusCode == http.StatusMethodNotAllowed:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL
	default:
		f.reason = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR
	}
	return f
}

// retryAfter reads Retry-After-Ms or Retry-After (seconds or an HTTP date).
func retryAfter(h http.Header) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

// badBaseURL is the reason most malformed answers get.
const badBaseURL = bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL
