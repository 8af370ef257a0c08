package usage

import (
	"context"
	"time"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// grain is the rollups' time grain: a quarter-hour, on which every time
// zone's midnight falls.
const grain = 15 * time.Minute

// beginning stands for an unset start time: before any usage.
var beginning = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// maxDays bounds the days of GetDailyUsageTrend and a DAY breakdown.
const maxDays = 366

// scope is a validated UsageFilter as the queries take it.
type scope struct {
	start, end   time.Time // quarter-hour aligned, start < end
	startSet     bool      // the caller gave start_time
	provider     string
	model        string
	conversation uuid.NullUUID
	config       uuid.NullUUID // a provider configuration of the caller's
	source       string        // "", "server" or "client"
	status       string        // "", "completed", "cancelled" or "failed"
}

// floor rounds t down to the grain; ceil rounds it up.
func floor(t time.Time) time.Time { return t.Truncate(grain).UTC() }
func ceil(t time.Time) time.Time {
	if f := floor(t); !f.Equal(t) {
		return f.Add(grain)
	}
	return t.UTC()
}

// parseFilter checks f (at field path "filter") and returns its scope:
// [start rounded down, end rounded up), an unset end being now. Problems
// go to v.
func parseFilter(f *bestchatv1.UsageFilter, now time.Time, v *validation.Violations) scope {
	s := scope{
		start: beginning, end: ceil(now),
		provider: f.GetProvider(), model: f.GetModel(),
		source: filterSource(f.GetSource()), status: filterStatus(f.GetStatus()),
	}
	if f.GetStartTime() != nil {
		if err := f.GetStartTime().CheckValid(); err != nil {
			v.Add("filter.start_time", "is not a valid timestamp")
		} else if t := f.GetStartTime().AsTime(); t.Before(beginning) {
			v.Add("filter.start_time", "must not be before 1970")
		} else {
			s.start, s.startSet = floor(t), true
		}
	}
	if f.GetEndTime() != nil {
		if err := f.GetEndTime().CheckValid(); err != nil {
			v.Add("filter.end_time", "is not a valid timestamp")
		} else {
			s.end = ceil(f.GetEndTime().AsTime())
		}
	}
	if f.GetStartTime() != nil && f.GetEndTime() != nil && !f.GetEndTime().AsTime().After(f.GetStartTime().AsTime()) {
		v.Add("filter.end_time", "must be after filter.start_time")
	}
	if id := f.GetConversationId(); id != "" {
		if u, err := uuid.Parse(id); err != nil {
			v.Add("filter.conversation_id", "is not a UUID")
		} else {
			s.conversation = uuid.NullUUID{UUID: u, Valid: true}
		}
	}
	if id := f.GetProviderConfigId(); id != "" {
		if u, err := uuid.Parse(id); err != nil {
			v.Add("filter.provider_config_id", "is not a UUID")
		} else {
			s.config = uuid.NullUUID{UUID: u, Valid: true}
		}
	}
	return s
}

// empty reports whether the window holds no quarter-hour.
func (s scope) empty() bool { return !s.start.Before(s.end) }

// checkConversation answers NOT_FOUND when the filter names a
// conversation that is not the user's (another user's, or deleted).
func (s *Service) checkConversation(ctx context.Context, user string, sc scope) error {
	if !sc.conversation.Valid {
		return nil
	}
	ok, err := s.q.ConversationExists(ctx, dbsqlc.ConversationExistsParams{UserID: user, ID: sc.conversation.UUID})
	if err != nil {
		return rpcerror.DB(err, "check conversation", "conversation")
	}
	if !ok {
		return rpcerror.NotFound("conversation")
	}
	return nil
}

// checkConfig answers NOT_FOUND when the filter names a provider
// configuration that is not the user's (another user's, or deleted).
func (s *Service) checkConfig(ctx context.Context, user string, sc scope) error {
	if !sc.config.Valid {
		return nil
	}
	ok, err := s.q.ProviderConfigExists(ctx, dbsqlc.ProviderConfigExistsParams{UserID: user, ID: sc.config.UUID})
	if err != nil {
		return rpcerror.DB(err, "check provider config", "provider configuration")
	}
	if !ok {
		return rpcerror.NotFound("provider configuration")
	}
	return nil
}

// loadZone resolves an IANA time zone name ("" is UTC); problems go to v
// at field.
func loadZone(name, field string, v *validation.Violations) *time.Location {
	if name == "" || name == "UTC" {
		return time.UTC
	}
	if name == "Local" {
		v.Add(field, "must be an IANA time zone name such as \"Europe/Paris\"")
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		v.Add(field, "is not a known IANA time zone name (e.g. \"Asia/Kolkata\")")
		return time.UTC
	}
	return loc
}

// days are the local days of a window in a zone: the instants
// bounds[0] < bounds[1] < ... where day i is [bounds[i], bounds[i+1]).
type days struct {
	dates  []string
	bounds []time.Time
}

// localMidnight is the start of t's day in loc.
func localMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// dayWindow sets an unset start of sc to the local midnight 29 days
// before the day of its end (30 days), and returns the days the window
// touches; more than maxDays is a violation of filter.start_time.
func dayWindow(sc *scope, loc *time.Location, v *validation.Violations) days {
	if !sc.startSet {
		last := localMidnight(sc.end.Add(-time.Nanosecond), loc)
		sc.start = floor(time.Date(last.Year(), last.Month(), last.Day()-29, 0, 0, 0, 0, loc))
	}
	if sc.empty() {
		return days{}
	}
	first := localMidnight(sc.start, loc)
	last := localMidnight(sc.end.Add(-time.Nanosecond), loc)
	var out days
	for d := first; !d.After(last); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
		if len(out.dates) == maxDays {
			v.Addf("filter.start_time", "the window spans more than %d days", maxDays)
			return days{}
		}
		out.dates = append(out.dates, d.Format(time.DateOnly))
		out.bounds = append(out.bounds, d.UTC())
	}
	out.bounds = append(out.bounds, time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, loc).UTC())
	return out
}

// filterSource is the stored source a filter selects; "" (both) for
// USAGE_SOURCE_UNSPECIFIED.
func filterSource(s bestchatv1.UsageSource) string {
	v, _ := dbenum.UsageSourceFromProto(s)
	return string(v)
}

// filterStatus is the stored status a filter selects; "" (every status) for
// USAGE_STATUS_UNSPECIFIED.
func filterStatus(s bestchatv1.UsageStatus) string {
	v, _ := dbenum.UsageStatusFromProto(s)
	return string(v)
}
