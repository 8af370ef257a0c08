package provider

import (
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// TestEveryFailureReasonHasAnErrorReason: a TestProviderConfig failure
// always carries an ErrorReason and a sentence, whatever its reason.
func TestEveryFailureReasonHasAnErrorReason(t *testing.T) {
	t.Parallel()
	for n := range bestchatv1.ProviderFailureReason_name {
		r := bestchatv1.ProviderFailureReason(n)
		if r == bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNSPECIFIED {
			continue
		}
		if errorReasons[r] == bestchatv1.ErrorReason_ERROR_REASON_UNSPECIFIED || reasonMessages[r] == "" {
			t.Errorf("%v: error reason %v, message %q", r, errorReasons[r], reasonMessages[r])
		}
	}
}
