-- Every facility changed since :as_of (a history row after it, or removed outright since: V40),
-- each with the version it had at :as_of, read as facility_at (V40) reads it (a live row last
-- written at or before :as_of, else its last history row at or before it), or with a null
-- category when it did not exist then, was deleted or had been removed outright. Every other facility stands today as it
-- stood then (PastIndex).
WITH changed AS MATERIALIZED (
  SELECT h.facility_id AS id FROM facility_history h WHERE h.at > CAST(:as_of AS timestamptz)
  UNION
  SELECT r.facility_id FROM facility_removed r WHERE r.at > CAST(:as_of AS timestamptz)
),
at_instant AS (
  SELECT l.id, l.category, l.status, l.geom
  FROM changed c
  JOIN facility l ON l.id = c.id
  WHERE l.updated_at <= CAST(:as_of AS timestamptz) AND NOT l.deleted
  UNION ALL
  SELECT c.id, v.feature->'properties'->>'category', v.feature->'properties'->>'status',
         ST_SetSRID(ST_GeomFromGeoJSON(v.feature->'geometry'), 4490)
  FROM changed c
  CROSS JOIN LATERAL (SELECT h.version, h.action, h.feature
                      FROM facility_history h
                      WHERE h.facility_id = c.id AND h.at <= CAST(:as_of AS timestamptz)
                      ORDER BY h.version DESC
                      LIMIT 1) last
  LEFT JOIN facility_history_feature x ON x.facility_id = c.id AND x.version = last.version
  LEFT JOIN facility l ON l.id = c.id AND l.version = last.version
  CROSS JOIN LATERAL (SELECT COALESCE(last.feature, x.feature, facility_as_feature(l)) AS feature) v
  WHERE last.action <> 'delete'
    AND NOT EXISTS (SELECT 1 FROM facility o WHERE o.id = c.id AND o.updated_at <= CAST(:as_of AS timestamptz))
    AND NOT EXISTS (SELECT 1 FROM facility_removed r
                    WHERE r.facility_id = c.id AND r.at <= CAST(:as_of AS timestamptz))
)
SELECT c.id, t.category, t.status, ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat
FROM changed c
LEFT JOIN at_instant t ON t.id = c.id
