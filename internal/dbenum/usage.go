package dbenum

import bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"

// UsagePurpose is why a provider call was made, as stored in
// usage_logs.purpose.
type UsagePurpose string

// Usage purposes.
const (
	PurposeChat    UsagePurpose = "chat"
	PurposeTitle   UsagePurpose = "title"
	PurposeSummary UsagePurpose = "summary"
	PurposeTest    UsagePurpose = "test"
	PurposeOther   UsagePurpose = "other"
)

var purposeToProto = map[UsagePurpose]bestchatv1.UsagePurpose{
	PurposeChat:    bestchatv1.UsagePurpose_USAGE_PURPOSE_CHAT,
	PurposeTitle:   bestchatv1.UsagePurpose_USAGE_PURPOSE_TITLE,
	PurposeSummary: bestchatv1.UsagePurpose_USAGE_PURPOSE_SUMMARY,
	PurposeTest:    bestchatv1.UsagePurpose_USAGE_PURPOSE_TEST,
	PurposeOther:   bestchatv1.UsagePurpose_USAGE_PURPOSE_OTHER,
}

// Proto returns the API's purpose; USAGE_PURPOSE_UNSPECIFIED for an unknown
// value.
func (p UsagePurpose) Proto() bestchatv1.UsagePurpose { return purposeToProto[p] }

// UsageSource is who reported a usage record, as stored in
// usage_logs.source.
type UsageSource string

// Usage sources.
const (
	// SourceServer: metered by the server on its own provider call.
	SourceServer UsageSource = "server"
	// SourceClient: reported by a client through RecordUsage.
	SourceClient UsageSource = "client"
)

var usageSourceToProto = map[UsageSource]bestchatv1.UsageSource{
	SourceServer: bestchatv1.UsageSource_USAGE_SOURCE_SERVER,
	SourceClient: bestchatv1.UsageSource_USAGE_SOURCE_CLIENT,
}

// Proto returns the API's source; USAGE_SOURCE_UNSPECIFIED for an unknown
// value.
func (s UsageSource) Proto() bestchatv1.UsageSource { return usageSourceToProto[s] }

// UsageSourceFromProto returns the stored source and false for
// USAGE_SOURCE_UNSPECIFIED (in a filter: both sources).
func UsageSourceFromProto(s bestchatv1.UsageSource) (UsageSource, bool) {
	for k, v := range usageSourceToProto {
		if v == s {
			return k, true
		}
	}
	return "", false
}

// UsageStatus is how a provider call ended, as stored in usage_logs.status.
type UsageStatus string

// Usage statuses.
const (
	UsageCompleted UsageStatus = "completed"
	UsageCancelled UsageStatus = "cancelled"
	UsageFailed    UsageStatus = "failed"
)

var usageStatusToProto = map[UsageStatus]bestchatv1.UsageStatus{
	UsageCompleted: bestchatv1.UsageStatus_USAGE_STATUS_COMPLETED,
	UsageCancelled: bestchatv1.UsageStatus_USAGE_STATUS_CANCELLED,
	UsageFailed:    bestchatv1.UsageStatus_USAGE_STATUS_FAILED,
}

// Proto returns the API's status; USAGE_STATUS_UNSPECIFIED for an unknown
// value.
func (s UsageStatus) Proto() bestchatv1.UsageStatus { return usageStatusToProto[s] }

// UsageStatusFromProto returns the stored status and false for
// USAGE_STATUS_UNSPECIFIED (in a filter: every status).
func UsageStatusFromProto(s bestchatv1.UsageStatus) (UsageStatus, bool) {
	for k, v := range usageStatusToProto {
		if v == s {
			return k, true
		}
	}
	return "", false
}
