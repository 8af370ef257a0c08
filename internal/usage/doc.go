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
// usage goes through the same Charge, so a usage row is defined once.
package usage
