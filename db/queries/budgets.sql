-- Budgets (internal/usage): limits, the spend of the current day and month
-- in the user's time zone, and holds for provider calls in flight. See
-- db/migrations/00010_budget_windows.sql for the counters and the lock
-- order (reservation rows, then the budgets row).

-- name: GetBudget :one
-- The caller's budget as of now: a window whose stored start is not the
-- current one has spent nothing yet. A user without a row gets the
-- defaults (no limits, UTC, nothing spent).
WITH row AS (
  SELECT b.daily_limit_nanos, b.monthly_limit_nanos, b.updated_at, b.reserved_nanos, b.day_start,
    b.day_spent_nanos, b.month_start, b.month_spent_nanos, coalesce(b.timezone, 'UTC') AS tz
  FROM (SELECT @user_id::text AS user_id) u
  LEFT JOIN budgets b ON b.user_id = u.user_id
), w AS (
  SELECT row.*, date_trunc('day', now(), row.tz) AS cur_day, date_trunc('month', now(), row.tz) AS cur_month
  FROM row
)
SELECT
  w.daily_limit_nanos, w.monthly_limit_nanos, w.tz::text AS timezone, w.updated_at,
  coalesce(w.reserved_nanos, 0)::bigint AS reserved_nanos,
  w.cur_day::timestamptz AS day_start, w.cur_month::timestamptz AS month_start,
  (CASE WHEN w.day_start = w.cur_day THEN w.day_spent_nanos ELSE 0 END)::bigint AS day_spent_nanos,
  (CASE WHEN w.month_start = w.cur_month THEN w.month_spent_nanos ELSE 0 END)::bigint AS month_spent_nanos,
  ((date_trunc('day', now() AT TIME ZONE w.tz) + interval '1 day') AT TIME ZONE w.tz)::timestamptz AS day_reset,
  ((date_trunc('month', now() AT TIME ZONE w.tz) + interval '1 month') AT TIME ZONE w.tz)::timestamptz AS month_reset
FROM w;

-- name: LockBudget :one
-- SetBudget's read of the row it changes (created with the defaults when
-- missing, so that the lock exists); inserted is true for a new row.
INSERT INTO budgets AS b (user_id) VALUES (@user_id)
ON CONFLICT (user_id) DO UPDATE SET user_id = b.user_id
RETURNING b.daily_limit_nanos, b.monthly_limit_nanos, b.timezone, (xmax = 0)::boolean AS inserted;

-- name: UpdateBudgetLimits :exec
-- SetBudget's write, under LockBudget's lock. With recount the windows move
-- to the current ones of the (new) time zone and their spend is counted
-- again from the usage rollups (a new row, or a changed time zone): a
-- window starts at a local midnight, which every zone puts on a
-- quarter-hour, the rollups' grain, and rollups outlive pruned raw rows.
UPDATE budgets b SET
  daily_limit_nanos = sqlc.narg(daily_limit_nanos),
  monthly_limit_nanos = sqlc.narg(monthly_limit_nanos),
  timezone = @timezone,
  updated_at = now(),
  day_start = CASE WHEN @recount::boolean THEN date_trunc('day', now(), @timezone) ELSE b.day_start END,
  month_start = CASE WHEN @recount::boolean THEN date_trunc('month', now(), @timezone) ELSE b.month_start END,
  day_spent_nanos = CASE WHEN @recount::boolean THEN (
      SELECT coalesce(sum(r.known_cost_nanos), 0) FROM usage_rollups r
      WHERE r.user_id = @user_id AND r.source = 'server' AND r.bucket_start >= date_trunc('day', now(), @timezone))
    ELSE b.day_spent_nanos END,
  month_spent_nanos = CASE WHEN @recount::boolean THEN (
      SELECT coalesce(sum(r.known_cost_nanos), 0) FROM usage_rollups r
      WHERE r.user_id = @user_id AND r.source = 'server' AND r.bucket_start >= date_trunc('month', now(), @timezone))
    ELSE b.month_spent_nanos END
WHERE b.user_id = @user_id;

-- name: ReserveBudget :one
-- Holds @amount for one provider call when it fits every limit: spent in
-- the current window + reserved + @amount <= limit. One statement: the
-- budgets row is locked for it alone, and a concurrent reservation waits
-- for it and then sees its hold. No row: it does not fit. It commits
-- without waiting for its WAL flush (synchronous_commit off for its own
-- transaction, as bestchat_start_send does): a crash of PostgreSQL itself
-- can lose a hold made just before, never a charge (the settle commits
-- synchronously).
WITH held AS (
  INSERT INTO budgets AS b (user_id, reserved_nanos, day_start, month_start)
  VALUES (@user_id, @amount::bigint, date_trunc('day', now(), 'UTC'), date_trunc('month', now(), 'UTC'))
  ON CONFLICT (user_id) DO UPDATE SET
    reserved_nanos = b.reserved_nanos + excluded.reserved_nanos,
    day_spent_nanos = CASE WHEN b.day_start = date_trunc('day', now(), b.timezone) THEN b.day_spent_nanos ELSE 0 END,
    day_start = date_trunc('day', now(), b.timezone),
    month_spent_nanos = CASE WHEN b.month_start = date_trunc('month', now(), b.timezone) THEN b.month_spent_nanos ELSE 0 END,
    month_start = date_trunc('month', now(), b.timezone)
  WHERE (b.daily_limit_nanos IS NULL
      OR (CASE WHEN b.day_start = date_trunc('day', now(), b.timezone) THEN b.day_spent_nanos ELSE 0 END)
         + b.reserved_nanos + excluded.reserved_nanos <= b.daily_limit_nanos)
    AND (b.monthly_limit_nanos IS NULL
      OR (CASE WHEN b.month_start = date_trunc('month', now(), b.timezone) THEN b.month_spent_nanos ELSE 0 END)
         + b.reserved_nanos + excluded.reserved_nanos <= b.monthly_limit_nanos)
  RETURNING b.user_id
)
INSERT INTO budget_reservations (id, user_id, message_id, amount_nanos, expires_at)
SELECT @id::uuid, held.user_id, sqlc.narg(message_id)::uuid, @amount::bigint,
  now() + make_interval(secs => @ttl_seconds::float8)
FROM held CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
RETURNING id;

-- name: ShrinkBudgetReservation :exec
-- Lowers an open hold to its call's real cost (never raises it) and gives
-- the difference back.
WITH old AS (
  SELECT r.id, r.amount_nanos FROM budget_reservations r
  WHERE r.id = @id AND r.user_id = @user_id AND r.settled_at IS NULL
  FOR UPDATE
), shrunk AS (
  UPDATE budget_reservations r SET amount_nanos = least(@amount::bigint, old.amount_nanos)
  FROM old WHERE r.id = old.id
  RETURNING old.amount_nanos - r.amount_nanos AS freed
)
UPDATE budgets b SET reserved_nanos = greatest(b.reserved_nanos - shrunk.freed, 0)
FROM shrunk WHERE b.user_id = @user_id AND shrunk.freed > 0;

-- name: ReleaseBudgetReservations :batchexec
-- Ends a settled answer's holds, with each call's real cost, inside the
-- settle's transaction; the charge in the same transaction adds the costs
-- to spent. Holds that expired meanwhile were given back already. It locks
-- the budgets row even when nothing is released, so that the settles of a
-- user take it before any rollup row of the charge that follows.
WITH costs AS (
  SELECT unnest(@ids::uuid[]) AS id, unnest(@costs::bigint[]) AS cost
), released AS (
  UPDATE budget_reservations r SET settled_at = now(), settled_nanos = costs.cost
  FROM costs
  WHERE r.id = costs.id AND r.user_id = @user_id AND r.settled_at IS NULL
  RETURNING r.amount_nanos
), total AS (
  SELECT coalesce(sum(amount_nanos), 0) AS amount FROM released
)
UPDATE budgets b SET reserved_nanos = greatest(b.reserved_nanos - total.amount, 0)
FROM total WHERE b.user_id = @user_id;

-- name: ExtendBudgetReservations :exec
-- Keeps the holds of live generations from expiring.
UPDATE budget_reservations SET expires_at = now() + make_interval(secs => @ttl_seconds::float8)
WHERE id = ANY(@ids::uuid[]) AND settled_at IS NULL;

-- name: ExpireBudgetReservations :one
-- Gives back holds past their expiry (their process died, or stopped
-- extending them), a batch at a time. Returns how many.
WITH expired AS (
  UPDATE budget_reservations r SET settled_at = now()
  WHERE r.id IN (
    SELECT x.id FROM budget_reservations x
    WHERE x.settled_at IS NULL AND x.expires_at < now()
    ORDER BY x.expires_at LIMIT @batch::integer
    FOR UPDATE SKIP LOCKED)
  RETURNING r.user_id, r.amount_nanos
), per_user AS (
  SELECT user_id, sum(amount_nanos) AS amount FROM expired GROUP BY user_id
), given_back AS (
  UPDATE budgets b SET reserved_nanos = greatest(b.reserved_nanos - per_user.amount, 0)
  FROM per_user WHERE b.user_id = per_user.user_id
  RETURNING b.user_id
)
SELECT count(*) FROM expired;
