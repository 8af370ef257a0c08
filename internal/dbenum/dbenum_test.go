package dbenum_test

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/pgtest"
)

// vocabulary is one enumeration: its constants, the proto enum they map
// to, and the CHECK constraints whose allowed values they must cover.
type vocabulary struct {
	name        string
	values      []string
	proto       func(string) protoreflect.EnumNumber
	fromProto   func(protoreflect.EnumNumber) (string, bool) // nil: no conversion back
	enum        protoreflect.EnumDescriptor
	unmapped    []protoreflect.EnumNumber // proto values with no stored form
	constraints []string
}

func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

var vocabularies = []vocabulary{
	{
		name:   "Role",
		values: strs(dbenum.RoleSystem, dbenum.RoleUser, dbenum.RoleAssistant, dbenum.RoleTool),
		proto:  func(s string) protoreflect.EnumNumber { return dbenum.Role(s).Proto().Number() },
		enum:   bestchatv1.Role(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"messages_role_check"},
	},
	{
		name: "MessageStatus",
		values: strs(dbenum.MessageStreaming, dbenum.MessageCompleted, dbenum.MessageCancelled,
			dbenum.MessageFailed, dbenum.MessageInterrupted),
		proto: func(s string) protoreflect.EnumNumber { return dbenum.MessageStatus(s).Proto().Number() },
		enum:  bestchatv1.MessageStatus(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"messages_status_check"},
	},
	{
		// messages.finish_reason has no CHECK constraint; "" is the stored
		// form of FINISH_REASON_UNSPECIFIED.
		name: "FinishReason",
		values: strs(dbenum.FinishNone, dbenum.FinishStop, dbenum.FinishLength, dbenum.FinishToolCalls,
			dbenum.FinishContentFilter, dbenum.FinishCancelled, dbenum.FinishError, dbenum.FinishMaxSteps,
			dbenum.FinishRefusal),
		proto: func(s string) protoreflect.EnumNumber { return dbenum.FinishReason(s).Proto().Number() },
		enum:  bestchatv1.FinishReason(0).Descriptor(),
	},
	{
		name:   "ContextStrategy",
		values: strs(dbenum.StrategyTruncate, dbenum.StrategySummarize, dbenum.StrategyNone),
		proto:  func(s string) protoreflect.EnumNumber { return dbenum.ContextStrategy(s).Proto().Number() },
		fromProto: func(n protoreflect.EnumNumber) (string, bool) {
			return string(dbenum.ContextStrategyFromProto(bestchatv1.ContextStrategy(n))), n != 0
		},
		enum: bestchatv1.ContextStrategy(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"conversations_context_strategy_check", "context_optimizations_strategy_check"},
	},
	{
		name: "UsagePurpose",
		values: strs(dbenum.PurposeChat, dbenum.PurposeTitle, dbenum.PurposeSummary, dbenum.PurposeTest,
			dbenum.PurposeOther),
		proto: func(s string) protoreflect.EnumNumber { return dbenum.UsagePurpose(s).Proto().Number() },
		enum:  bestchatv1.UsagePurpose(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"usage_logs_purpose_check"},
	},
	{
		name:   "UsageSource",
		values: strs(dbenum.SourceServer, dbenum.SourceClient),
		proto:  func(s string) protoreflect.EnumNumber { return dbenum.UsageSource(s).Proto().Number() },
		fromProto: func(n protoreflect.EnumNumber) (string, bool) {
			v, ok := dbenum.UsageSourceFromProto(bestchatv1.UsageSource(n))
			return string(v), ok
		},
		enum: bestchatv1.UsageSource(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"usage_logs_source_check"},
	},
	{
		name:   "UsageStatus",
		values: strs(dbenum.UsageCompleted, dbenum.UsageCancelled, dbenum.UsageFailed),
		proto:  func(s string) protoreflect.EnumNumber { return dbenum.UsageStatus(s).Proto().Number() },
		fromProto: func(n protoreflect.EnumNumber) (string, bool) {
			v, ok := dbenum.UsageStatusFromProto(bestchatv1.UsageStatus(n))
			return string(v), ok
		},
		enum: bestchatv1.UsageStatus(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"usage_logs_status_check"},
	},
	{
		name: "ToolStatus",
		values: strs(dbenum.ToolPendingApproval, dbenum.ToolApproved, dbenum.ToolRunning,
			dbenum.ToolAwaitingClientResult, dbenum.ToolCompleted, dbenum.ToolFailed, dbenum.ToolRejected),
		proto: func(s string) protoreflect.EnumNumber { return dbenum.ToolStatus(s).Proto().Number() },
		fromProto: func(n protoreflect.EnumNumber) (string, bool) {
			v, ok := dbenum.ToolStatusFromProto(bestchatv1.ToolExecutionStatus(n))
			return string(v), ok
		},
		enum: bestchatv1.ToolExecutionStatus(0).Descriptor(), unmapped: []protoreflect.EnumNumber{0},
		constraints: []string{"tool_executions_status_check"},
	},
}

// TestProtoMapping: every constant maps to a distinct proto value, every
// proto value but the listed unmapped ones has a constant, and the
// conversions back return the constant.
func TestProtoMapping(t *testing.T) {
	t.Parallel()
	for _, v := range vocabularies {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			seen := map[protoreflect.EnumNumber]string{}
			for _, s := range v.values {
				n := v.proto(s)
				if prev, ok := seen[n]; ok {
					t.Errorf("%q and %q both map to %v", prev, s, n)
				}
				seen[n] = s
				if v.fromProto != nil {
					if back, ok := v.fromProto(n); !ok || back != s {
						t.Errorf("%q -> %v -> %q, %v", s, n, back, ok)
					}
				}
			}
			for i := range v.enum.Values().Len() {
				n := v.enum.Values().Get(i).Number()
				if _, ok := seen[n]; !ok && !slices.Contains(v.unmapped, n) {
					t.Errorf("%s has no constant", v.enum.Values().Get(i).Name())
				}
			}
			for _, n := range v.unmapped {
				if s, ok := seen[n]; ok {
					t.Errorf("%q maps to %v, listed as unmapped", s, n)
				}
			}
			if v.proto("no such value") != 0 {
				t.Error("an unknown stored value maps to a defined proto value")
			}
		})
	}
}

var quoted = regexp.MustCompile(`'([^']*)'`)

// TestCheckConstraints: every value a CHECK constraint of the migrated
// schema allows has a constant, and every constant is allowed by one of the
// vocabulary's constraints (context_optimizations.strategy allows fewer
// strategies than conversations.context_strategy: none never fits).
func TestCheckConstraints(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	for _, v := range vocabularies {
		if len(v.constraints) == 0 {
			continue
		}
		union := map[string]bool{}
		for _, name := range v.constraints {
			var def string
			err := pool.QueryRow(context.Background(),
				`SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = $1 AND contype = 'c'`, name).Scan(&def)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, m := range quoted.FindAllStringSubmatch(def, -1) {
				union[m[1]] = true
				if !slices.Contains(v.values, m[1]) {
					t.Errorf("%s allows %q (%s), which %s has no constant for", name, m[1], def, v.name)
				}
			}
		}
		for _, s := range v.values {
			if !union[s] {
				t.Errorf("%s.%q is allowed by none of %v", v.name, s, v.constraints)
			}
		}
	}
}

func TestToolStatusFinal(t *testing.T) {
	t.Parallel()
	var final []dbenum.ToolStatus
	for _, s := range []dbenum.ToolStatus{dbenum.ToolPendingApproval, dbenum.ToolApproved, dbenum.ToolRunning,
		dbenum.ToolAwaitingClientResult, dbenum.ToolCompleted, dbenum.ToolFailed, dbenum.ToolRejected} {
		if s.Final() {
			final = append(final, s)
		}
	}
	if want := []dbenum.ToolStatus{dbenum.ToolCompleted, dbenum.ToolFailed, dbenum.ToolRejected}; !slices.Equal(final, want) {
		t.Errorf("final statuses %q, want %q", final, want)
	}
}
