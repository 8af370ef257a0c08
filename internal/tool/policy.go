package tool

import (
	"context"
	"fmt"
	"time"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// Mode is a per-tool approval rule.
type Mode string

// Rules.
const (
	ModeAlwaysAsk   Mode = "always_ask"
	ModeAutoApprove Mode = "auto_approve"
	ModeDeny        Mode = "deny"
)

// defaultRow is the tool_name of a user's default settings row.
const defaultRow = "*"

// Policy defaults, used until a user saves settings.
const (
	DefaultMaxConsecutive = 20
	defaultMaxRisk        = RiskLow
)

// Settings are a user's approval policy.
type Settings struct {
	// Enabled turns auto-approval by risk level on; rules apply either way.
	Enabled bool
	// MaxRisk is the highest risk auto-approved ("" = none).
	MaxRisk Risk
	// Rules by tool id.
	Rules map[string]Mode
	// MaxConsecutive auto-approved calls per turn before asking.
	MaxConsecutive int
	// UpdateTime is the last change; nil while the defaults apply.
	UpdateTime *time.Time
}

// DefaultSettings asks for everything above low risk.
func DefaultSettings() Settings {
	return Settings{Enabled: true, MaxRisk: defaultMaxRisk, Rules: map[string]Mode{}, MaxConsecutive: DefaultMaxConsecutive}
}

// loadSettings reads a user's settings (the defaults when none are saved).
func loadSettings(ctx context.Context, q *dbsqlc.Queries, userID string) (Settings, error) {
	rows, err := q.ListApprovalSettings(ctx, userID)
	if err != nil {
		return Settings{}, fmt.Errorf("load approval settings: %w", err)
	}
	s := DefaultSettings()
	for _, r := range rows {
		t := r.UpdatedAt
		if s.UpdateTime == nil || t.After(*s.UpdateTime) {
			s.UpdateTime = &t
		}
		if r.ToolName != defaultRow {
			s.Rules[r.ToolName] = Mode(r.Mode)
			continue
		}
		s.Enabled = r.Mode == string(ModeAutoApprove)
		s.MaxRisk = ""
		if r.MaxRiskLevel != nil {
			s.MaxRisk = Risk(*r.MaxRiskLevel)
		}
		if r.MaxConsecutive != nil {
			s.MaxConsecutive = int(*r.MaxConsecutive)
		}
	}
	return s, nil
}

// Outcome is what the policy does with a call.
type Outcome int

// Outcomes.
const (
	// Ask the user.
	Ask Outcome = iota
	// Approve without asking.
	Approve
	// Reject without asking.
	Reject
)

// Verdict is the policy's answer for one call.
type Verdict struct {
	Outcome Outcome
	// Decision says who decided: "policy" or "rule" ("" when asking).
	Decision string
}

// Decide applies s to a call of d. streak is the number of calls approved
// without asking in a row in the current turn. What the model wrote about
// the call plays no part: only the server's definition and the user's
// settings do.
func (s Settings) Decide(d *Definition, streak int) Verdict {
	switch s.Rules[d.ID] {
	case ModeDeny:
		return Verdict{Outcome: Reject, Decision: DecisionRule}
	case ModeAlwaysAsk:
		return Verdict{Outcome: Ask}
	case ModeAutoApprove:
		if streak >= s.MaxConsecutive {
			return Verdict{Outcome: Ask}
		}
		return Verdict{Outcome: Approve, Decision: DecisionRule}
	}
	if s.Enabled && s.MaxRisk != "" && d.Risk.rank() <= s.MaxRisk.rank() && streak < s.MaxConsecutive {
		return Verdict{Outcome: Approve, Decision: DecisionPolicy}
	}
	return Verdict{Outcome: Ask}
}

// Decision kinds as stored.
const (
	DecisionUser    = "user"
	DecisionPolicy  = "policy"
	DecisionRule    = "rule"
	DecisionTimeout = "timeout"
)
