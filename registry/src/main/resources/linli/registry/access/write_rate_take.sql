-- Takes one write from :principal's bucket (generic cell rate algorithm: one write every
-- :interval_s seconds on average, :burst_s = (burst - 1) * interval seconds of them ahead at most).
-- One statement, so it is atomic across instances: the upsert locks the principal's row and a
-- second instance asking at the same instant waits for the first and sees its write. Every SET
-- reads the row as it was; the time is the database's, the one clock all instances share.
INSERT INTO write_rate AS r (principal, full_at, asked_at, allowed)
SELECT :principal, t.now + make_interval(secs => :interval_s), t.now, true
FROM (SELECT clock_timestamp() AS now) t
ON CONFLICT (principal) DO UPDATE SET
  asked_at = excluded.asked_at,
  allowed = greatest(r.full_at, excluded.asked_at) - excluded.asked_at <= make_interval(secs => :burst_s),
  full_at = CASE
    WHEN greatest(r.full_at, excluded.asked_at) - excluded.asked_at <= make_interval(secs => :burst_s)
    THEN greatest(r.full_at, excluded.asked_at) + make_interval(secs => :interval_s)
    ELSE r.full_at
  END
RETURNING allowed, extract(epoch FROM full_at - asked_at)::float8 AS ahead_s
