-- Budgets become windows that hold under concurrency.
--
-- A user's budgets row carries, beside the limits, the spend of the current
-- day and month in the user's time zone and the total held by provider
-- calls in flight. Every write that changes spend or holds changes these
-- counters on the one row, so a reservation is one conditional statement
-- (it fits, or it writes nothing) and the row lock it takes lasts that
-- statement only. A window whose start is not the current one counts as
-- empty: whoever writes the row next moves it to the current window.
--
-- Spend is added by the statement that charges a call (ChargeCalls,
-- internal/usage/charge.go), the one place a usage row is defined; holds
-- are budget_reservations rows (one per provider call), released when the
-- call's answer settles or when they expire.
--
-- Lock order, for every statement and transaction that touches both:
-- budget_reservations rows first, then the budgets row (a new reservation
-- row, invisible to others, may follow the budgets row).

-- +goose Up
ALTER TABLE budgets
    ADD COLUMN day_start         timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN day_spent_nanos   bigint      NOT NULL DEFAULT 0,
    ADD COLUMN month_start       timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN month_spent_nanos bigint      NOT NULL DEFAULT 0,
    ADD COLUMN reserved_nanos    bigint      NOT NULL DEFAULT 0,
    ALTER COLUMN updated_at DROP NOT NULL,
    ALTER COLUMN updated_at DROP DEFAULT;

COMMENT ON COLUMN budgets.updated_at IS 'Last change of the limits or the time zone by SetBudget; NULL for a row the charge path created.';
COMMENT ON COLUMN budgets.day_start IS 'Start of the day (in timezone) that day_spent_nanos counts; an older start means nothing spent today.';
COMMENT ON COLUMN budgets.day_spent_nanos IS 'Known cost of server-metered calls charged since day_start.';
COMMENT ON COLUMN budgets.month_start IS 'Start of the month (in timezone) that month_spent_nanos counts.';
COMMENT ON COLUMN budgets.month_spent_nanos IS 'Known cost of server-metered calls charged since month_start.';
COMMENT ON COLUMN budgets.reserved_nanos IS 'Sum of the open budget_reservations of the user: worst-case costs of calls in flight.';

COMMENT ON COLUMN budget_reservations.amount_nanos IS 'Held: the call''s worst-case cost, lowered to its real cost once the call ended.';
COMMENT ON COLUMN budget_reservations.settled_nanos IS 'The real cost of the call when its answer settled; NULL when it expired.';

-- Spend so far this month, for the users who spent anything in the last
-- month (their windows in UTC, or in their budget's time zone).
INSERT INTO budgets (user_id)
SELECT DISTINCT user_id FROM usage_logs
WHERE created_at >= now() - interval '32 days' AND source = 'server'
ON CONFLICT (user_id) DO NOTHING;

UPDATE budgets b SET
    day_start = date_trunc('day', now(), b.timezone),
    month_start = date_trunc('month', now(), b.timezone),
    day_spent_nanos = s.day,
    month_spent_nanos = s.month
FROM (
    SELECT b2.user_id,
        coalesce(sum(l.cost_nanos) FILTER (WHERE l.created_at >= date_trunc('day', now(), b2.timezone)), 0) AS day,
        coalesce(sum(l.cost_nanos), 0) AS month
    FROM budgets b2
    LEFT JOIN usage_logs l ON l.user_id = b2.user_id AND l.source = 'server'
        AND l.created_at >= date_trunc('month', now(), b2.timezone)
    GROUP BY b2.user_id
) s
WHERE s.user_id = b.user_id;

-- +goose Down
ALTER TABLE budgets
    DROP COLUMN day_start,
    DROP COLUMN day_spent_nanos,
    DROP COLUMN month_start,
    DROP COLUMN month_spent_nanos,
    DROP COLUMN reserved_nanos;
UPDATE budgets SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE budgets
    ALTER COLUMN updated_at SET DEFAULT now(),
    ALTER COLUMN updated_at SET NOT NULL;
COMMENT ON COLUMN budgets.updated_at IS NULL;
COMMENT ON COLUMN budget_reservations.amount_nanos IS NULL;
COMMENT ON COLUMN budget_reservations.settled_nanos IS 'The real cost the reservation settled to.';
