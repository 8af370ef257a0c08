// Package usage is UsageService's package: what provider calls cost and
// who spent what.
//
// charge.go owns how a call is charged: one usage_logs row per provider
// call, with the price in force kept on the row (a later price change
// never rewrites history) and its cost in integer nano-USD, in one
// statement that runs in the caller's transaction. The generation engine
// (internal/engine) calls Charger.Charge inside the transaction that
// settles an answer, so an answer and its charges commit together. The
// same statement adds each server-metered call's known cost to the spend
// of the user's budget windows.
// RecordUsage (records.go) stores a client's report the same way, marked
// client-reported and priced by the server.
//
// Beside the five token kinds a row keeps the part of the cache writes
// kept for one hour and the server-side web searches, each with its price
// snapshot, and the cost the provider reported itself (OpenRouter, xAI);
// the row's generated provider_cost_mismatch flags a figure that differs
// from ours beyond the providers' rounding (db/migrations/00016), and
// GetUsageStats counts those calls.
//
// A server-metered row names the user's provider configuration that made
// the call (none for the operator's key), so spend splits by key: the
// UsageFilter's provider_config_id and GetCostBreakdown's PROVIDER_CONFIG
// dimension.
//
// Every usage_logs insert rolls up in the same statement (the
// usage_logs_rollup_by_config trigger, db/migrations/00022, after 00009
// and 00016) into usage_rollups: one row per user × quarter-hour ×
// provider × model × conversation × provider configuration × source ×
// status. A quarter-hour is the grain on which every time zone's
// midnight falls, so days in any IANA zone (Asia/Kolkata's +05:30 and
// Asia/Kathmandu's +05:45 included) are exact sums of rollup rows;
// latency and time to first token carry a histogram over fixed buckets
// (latency.go) from which p95 is read.
//
// The analytics RPCs (analytics.go, breakdown.go) read only rollups, and
// keep server-metered and client-reported figures apart in every total
// (figures.go). ListRecentUsage lists raw rows; the Pruner (retention.go)
// deletes raw rows past the retention period without touching a rollup,
// so no figure moves. filter.go turns the one UsageFilter shape every RPC
// takes into query parameters, and computes local days in Go (time/tzdata
// is embedded, so a zone is known whatever the host has installed).
//
// budget.go holds GetBudget and SetBudget, and budgets.go Budgets, the
// engine's Budget: a hold per provider call, reserved in one conditional
// statement on the user's budgets row (spent + reserved + hold <= limit,
// for the day and the month in the user's time zone), lowered to the
// call's cost when it ends and released by the settle's transaction just
// before the charge; holds nobody extends expire. No statement holds the
// budgets row lock longer than itself, except the settle's transaction,
// which takes it last and commits.
package usage

import _ "time/tzdata" // IANA zones for users' days, independent of the host
