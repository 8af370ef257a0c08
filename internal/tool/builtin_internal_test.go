package tool

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestEvaluate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr, want string // want is the exact decimal or fraction; "" for an error
		errText    string
	}{
		{expr: "0.1 + 0.2", want: "0.3"},
		{expr: "(1.1 + 2.2) * 3", want: "9.9"},
		{expr: "1/3", want: "1/3"},
		{expr: "2^10", want: "1024"},
		{expr: "2^-2", want: "0.25"},
		{expr: "-2^2", want: "-4"},
		{expr: "2^3^2", want: "512"},
		{expr: "7 % 3", want: "1"},
		{expr: "1.5e3 / 4", want: "375"},
		{expr: "  ((((1))))  ", want: "1"},
		{expr: "123456789012345678901234567890 * 10", want: "1234567890123456789012345678900"},
		{expr: "1/0", errText: "division by zero"},
		{expr: "0^-1", errText: "division by zero"},
		{expr: "1.5 % 1", errText: "% needs integers"},
		{expr: "2^0.5", errText: "exponents must be integers"},
		{expr: "10^1000^1000", errText: "exponents must be integers"},
		{expr: "999999^1000", errText: "result too large"},
		{expr: "(1", errText: "missing )"},
		{expr: "1 +", errText: "unexpected end"},
		{expr: "os.exit(1)", errText: "unexpected"},
		{expr: "1 2", errText: "unexpected"},
		{expr: "1e99999", errText: "malformed exponent"},
		{expr: strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), errText: "nested too deeply"},
		{expr: strings.Repeat("1+", 600) + "1", errText: "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.expr[:min(len(tt.expr), 30)], func(t *testing.T) {
			t.Parallel()
			v, err := Evaluate(tt.expr)
			if tt.errText != "" {
				var te *Error
				if err == nil || !errors.As(err, &te) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Evaluate(%q) = %v, %v; want a Error containing %q", tt.expr, v, err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("Evaluate(%q): %v", tt.expr, err)
			}
			got := v.RatString()
			if dec, ok := exactDecimal(v); ok {
				got = dec
			}
			if got != tt.want {
				t.Fatalf("Evaluate(%q) = %s, want %s", tt.expr, got, tt.want)
			}
		})
	}
}

func TestRunCalculatorOutput(t *testing.T) {
	t.Parallel()
	out, err := runCalculator(context.Background(), Call{Args: json.RawMessage(`{"expression":"2/3"}`)})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got["fraction"] != "2/3" || got["exact"] != false || got["result"] != "0.666666666666666666666666666667" {
		t.Fatalf("output %s", out)
	}
}

func TestCurrentTime(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 12, 6, 8, 30, 0, 0, time.UTC)
	_, run := currentTimeTool(func() time.Time { return fixed })
	out, err := run(context.Background(), Call{Args: json.RawMessage(`{"time_zone":"Asia/Kolkata"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"local_time":"2026-12-06T14:00:00+05:30"`) || !strings.Contains(out, `"weekday":"Sunday"`) {
		t.Fatalf("output %s", out)
	}
	for _, tz := range []string{"Mars/Olympus", "Local", "../../etc/passwd"} {
		if _, err := run(context.Background(), Call{Args: json.RawMessage(`{"time_zone":"` + tz + `"}`)}); err == nil {
			t.Errorf("time zone %q accepted", tz)
		}
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 300) + "NEEDLE" + strings.Repeat("ü", 300)
	s := snippet(long, "needle")
	if !strings.Contains(s, "NEEDLE") || len(s) > searchSnippet+10 || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
		t.Fatalf("snippet = %q", s)
	}
	if got := snippet("short text", "x"); got != "short text" {
		t.Fatalf("snippet = %q", got)
	}
	if got := likePattern(`50%_\`); got != `%50\%\_\\%` {
		t.Fatalf("likePattern = %q", got)
	}
}

func TestCapOutput(t *testing.T) {
	t.Parallel()
	s, cut := capOutput("héllo", 2)
	if s != "h" || !cut {
		t.Fatalf("capOutput = %q, %v", s, cut)
	}
	if s, cut := capOutput("abc", 3); s != "abc" || cut {
		t.Fatalf("capOutput = %q, %v", s, cut)
	}
}

// TestDecide covers the policy's order: rules first, then the risk
// threshold, bounded by the streak.
func TestDecide(t *testing.T) {
	t.Parallel()
	low := &Definition{ID: "builtin.calculator", Risk: RiskLow}
	medium := &Definition{ID: "builtin.http_fetch", Risk: RiskMedium}
	// An MCP tool named like a built-in: rules are keyed by id, so it
	// never inherits the built-in's rule.
	lookalike := &Definition{ID: "mcp.evil.calculator", Name: "calculator", Risk: RiskHigh}
	def := DefaultSettings()
	withRules := DefaultSettings()
	withRules.Rules = map[string]Mode{"builtin.calculator": ModeAutoApprove, "builtin.http_fetch": ModeDeny}
	asks := DefaultSettings()
	asks.Rules = map[string]Mode{"builtin.calculator": ModeAlwaysAsk}
	off := DefaultSettings()
	off.Enabled = false
	high := DefaultSettings()
	high.MaxRisk = RiskHigh
	high.MaxConsecutive = 2
	tests := []struct {
		name     string
		s        Settings
		d        *Definition
		streak   int
		want     Outcome
		decision string
	}{
		{"default low", def, low, 0, Approve, DecisionPolicy},
		{"default medium asks", def, medium, 0, Ask, ""},
		{"default high asks", def, lookalike, 0, Ask, ""},
		{"rule approves", withRules, low, 0, Approve, DecisionRule},
		{"rule denies", withRules, medium, 0, Reject, DecisionRule},
		{"rule not inherited by lookalike", withRules, lookalike, 0, Ask, ""},
		{"always ask beats low risk", asks, low, 0, Ask, ""},
		{"disabled asks", off, low, 0, Ask, ""},
		{"high threshold", high, lookalike, 1, Approve, DecisionPolicy},
		{"streak reached", high, lookalike, 2, Ask, ""},
		{"streak bounds rules too", func() Settings { s := withRules; s.MaxConsecutive = 1; return s }(), low, 1, Ask, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.s.Decide(tt.d, tt.streak)
			if got.Outcome != tt.want || got.Decision != tt.decision {
				t.Fatalf("Decide = %+v, want outcome %v decision %q", got, tt.want, tt.decision)
			}
		})
	}
}

func TestValidateArgs(t *testing.T) {
	t.Parallel()
	def, run := calculatorTool()
	d, err := newDefinition(def, run)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`{}`, `{"expression":1}`, `{"expression":"1","x":2}`, `[]`, `null`, `{"expression":"1"} {}`, `{`} {
		if _, err := d.ValidateArgs(json.RawMessage(bad)); err == nil {
			t.Errorf("ValidateArgs(%s) accepted", bad)
		}
	}
	got, err := d.ValidateArgs(json.RawMessage(`{ "expression" : "1+1" }`))
	if err != nil || string(got) != `{"expression":"1+1"}` {
		t.Fatalf("ValidateArgs = %s, %v", got, err)
	}
	if _, err := compileSchema(json.RawMessage(`{"type":"string"}`)); err == nil {
		t.Fatal("a non-object schema was accepted")
	}
	if _, err := compileSchema(json.RawMessage(`{"type":"object","properties":{"a":{"$ref":"https://example.com/s.json"}}}`)); err == nil {
		t.Fatal("a remote $ref was accepted")
	}
}
