package tool

import (
	"context"
	"encoding/json"
	"time"

	// The time zone database inside the binary: containers often lack
	// /usr/share/zoneinfo.
	_ "time/tzdata"
)

func currentTimeTool(now func() time.Time) (Definition, RunFunc) {
	return Definition{
			ID:          "builtin.current_time",
			Name:        "current_time",
			Description: "Returns the current date and time in an IANA time zone (default UTC), with the weekday and the UTC offset.",
			Schema: json.RawMessage(`{"type":"object","properties":{"time_zone":{"type":"string","maxLength":64,` +
				`"description":"IANA time zone, e.g. Europe/Paris or America/New_York; default UTC"}},"additionalProperties":false}`),
			Risk: RiskLow, Source: SourceBuiltin, Timeout: 5 * time.Second,
		}, func(_ context.Context, call Call) (string, error) {
			var args struct {
				TimeZone string `json:"time_zone"`
			}
			if err := json.Unmarshal(call.Args, &args); err != nil {
				return "", toolErrorf("arguments: %v", err)
			}
			if args.TimeZone == "" {
				args.TimeZone = "UTC"
			}
			loc, err := time.LoadLocation(args.TimeZone)
			if err != nil || args.TimeZone == "Local" {
				return "", toolErrorf("unknown time zone %q (use an IANA name such as Europe/Paris)", args.TimeZone)
			}
			t := now().In(loc)
			_, offset := t.Zone()
			b, _ := json.Marshal(map[string]any{
				"time_zone":      loc.String(),
				"local_time":     t.Format(time.RFC3339),
				"weekday":        t.Weekday().String(),
				"utc_offset_min": offset / 60,
				"utc_time":       t.UTC().Format(time.RFC3339),
			})
			return string(b), nil
		}
}
