// Package usage is UsageService's package: what provider calls cost and
// who spent what.
//
// charge.go owns how a call is charged: one usage_logs row per provider
// call, with the price in force kept on the row (a later price change
// never rewrites history) and its cost in integer nano-USD, and the
// call added to the usage_daily rollup, all in one statement that runs in
// the caller's transaction. The generation engine (internal/engine) calls
// Charger.Charge inside the transaction that settles an answer, so an
// answer and its charges commit together; anything else that records
// usage goes through the same Charge, so a usage row is defined once. The
// same statement adds each server-metered call's known cost to the spend
// of the user's budget windows.
//
// budget.go holds GetBudget and SetBudget, and Budgets, the engine's
// Budget: a hold per provider call, reserved in one conditional statement
// on the user's budgets row (spent + reserved + hold <= limit, for the day
// and the month in the user's time zone), lowered to the call's cost when
// it ends and released by the settle's transaction just before the charge;
// holds nobody extends expire. No statement holds the budgets row lock
// longer than itself, except the settle's transaction, which takes it
// last and commits.
package usage
