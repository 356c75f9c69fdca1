-- Every facility changed since :as_of (a history row after it, or removed outright since: V40),
-- each with the version it had at :as_of (facility_at), or with a null category when it did not
-- exist then, was deleted or had been removed outright. Every other facility stands today as it
-- stood then (PastIndex).
WITH changed AS MATERIALIZED (
  SELECT h.facility_id AS id FROM facility_history h WHERE h.at > CAST(:as_of AS timestamptz)
  UNION
  SELECT r.facility_id FROM facility_removed r WHERE r.at > CAST(:as_of AS timestamptz)
)
SELECT c.id, f.category, f.status, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat
FROM changed c
LEFT JOIN facility_at(CAST(:as_of AS timestamptz)) f ON f.id = c.id
