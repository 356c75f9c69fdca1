-- Every facility changed since :as_of (a history row after it, or removed outright since: V40),
-- each with the version it had at :as_of (as facility_at reads it), or with a null category when it
-- did not exist then, was deleted or had been removed outright. Every other facility stands today as
-- it stood then (PastIndex). The changed ids are joined to the live rows and to the history (not
-- facility_at joined whole, which reads every facility), so a recent instant reads a few rows by key.
WITH changed AS MATERIALIZED (
  SELECT h.facility_id AS id FROM facility_history h WHERE h.at > CAST(:as_of AS timestamptz)
  UNION
  SELECT r.facility_id FROM facility_removed r WHERE r.at > CAST(:as_of AS timestamptz)
),
live AS (
  SELECT f.id, f.category, f.status, f.geom
  FROM changed c JOIN facility f ON f.id = c.id
  WHERE f.updated_at <= CAST(:as_of AS timestamptz) AND NOT f.deleted
),
last AS (
  SELECT DISTINCT ON (h.facility_id) h.facility_id, h.version, h.action, h.feature
  FROM changed c JOIN facility_history h ON h.facility_id = c.id
  WHERE h.at <= CAST(:as_of AS timestamptz)
    AND NOT EXISTS (SELECT 1 FROM facility l WHERE l.id = h.facility_id AND l.updated_at <= CAST(:as_of AS timestamptz))
  ORDER BY h.facility_id, h.version DESC
),
versions AS (
  SELECT last.facility_id AS id, w.feature->'properties'->>'category' AS category,
         w.feature->'properties'->>'status' AS status,
         ST_SetSRID(ST_GeomFromGeoJSON(w.feature->'geometry'), 4490)::geometry(Point, 4490) AS geom
  FROM last
  LEFT JOIN facility_history_feature x ON x.facility_id = last.facility_id AND x.version = last.version
  LEFT JOIN facility l ON l.id = last.facility_id AND l.version = last.version
  CROSS JOIN LATERAL (SELECT COALESCE(last.feature, x.feature, facility_as_feature(l)) AS feature) w
  WHERE last.action <> 'delete'
    AND NOT EXISTS (SELECT 1 FROM facility_removed r WHERE r.facility_id = last.facility_id
                    AND r.at <= CAST(:as_of AS timestamptz))
)
SELECT c.id, v.category, v.status, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
FROM changed c
LEFT JOIN (SELECT * FROM live UNION ALL SELECT * FROM versions) v ON v.id = c.id
