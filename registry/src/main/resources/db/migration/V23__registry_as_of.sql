-- The registry as it stood at an instant, read from the history (facility_history, V1-V15;
-- community_history, V21), for coverage, the community list and the indicators "as_of" a past
-- instant. (V23, not V22: another branch holds V22.)
--
-- Both are plain SQL functions with one SELECT, so the planner inlines them into the query that
-- calls them and filters (category, code) before the work is done.

-- Every facility that existed, not deleted, at :t, in the version it then had. A live row last
-- written at or before :t is that version (its history row's "at" is its updated_at); only
-- facilities changed since :t, or removed outright, are read from their history rows, where a
-- superseded version's feature was frozen (geometry with 7 decimals, about 1 cm).
CREATE FUNCTION facility_at(t timestamptz)
  RETURNS TABLE (id bigint, version integer, category text, name text, status text, capacity integer,
                 community_code char(12), opened_on date, geom geometry(Point, 4490))
  LANGUAGE sql STABLE AS $$
SELECT f.id, f.version, f.category, f.name, f.status, f.capacity, f.community_code, f.opened_on, f.geom
FROM facility f
WHERE f.updated_at <= t AND NOT f.deleted
UNION ALL
-- The feature as facility_versions reads it, without the view's per-row subqueries.
SELECT last.facility_id, last.version, v.feature->'properties'->>'category', v.feature->'properties'->>'name',
       v.feature->'properties'->>'status', (v.feature->'properties'->>'capacity')::integer,
       (v.feature->'properties'->>'community_code')::char(12), (v.feature->'properties'->>'opened_on')::date,
       ST_SetSRID(ST_GeomFromGeoJSON(v.feature->'geometry'), 4490)::geometry(Point, 4490)
FROM (SELECT DISTINCT ON (h.facility_id) h.facility_id, h.version, h.action, h.feature
      FROM facility_history h
      WHERE h.at <= t
        AND NOT EXISTS (SELECT 1 FROM facility l WHERE l.id = h.facility_id AND l.updated_at <= t)
      ORDER BY h.facility_id, h.version DESC) last
LEFT JOIN facility_history_feature x ON x.facility_id = last.facility_id AND x.version = last.version
LEFT JOIN facility l ON l.id = last.facility_id AND l.version = last.version
CROSS JOIN LATERAL (SELECT COALESCE(last.feature, x.feature, facility_as_feature(l)) AS feature) v
WHERE last.action <> 'delete'
$$;

-- Every community that existed at :t, as it then was (its last history row at or before :t that is
-- not a removal), with its anchor computed as community.anchor and anchor_m are.
CREATE FUNCTION community_at(t timestamptz)
  RETURNS TABLE (code char(12), name text, kind text, street_code char(9), population integer, workers integer,
                 smart boolean, ref_point geometry(Point, 4490), geom geometry(MultiPolygon, 4490),
                 anchor geometry(Point, 4490), anchor_m geometry(Point, 3857))
  LANGUAGE sql STABLE AS $$
SELECT h.code, h.name, h.kind, h.street_code, h.population, h.workers, h.smart, h.ref_point, h.geom,
       COALESCE(h.ref_point, ST_PointOnSurface(h.geom)),
       ST_Transform(COALESCE(h.ref_point, ST_PointOnSurface(h.geom)), 3857)
FROM (SELECT DISTINCT ON (x.code) x.*
      FROM community_history x
      WHERE x.at <= t
      ORDER BY x.code, x.id DESC) h
WHERE h.action <> 'delete'
$$;

-- Where the history begins: its first record, but not before the community history's baseline
-- (V21), since communities were not recorded before it. Null while the registry has no record.
CREATE FUNCTION registry_history_start() RETURNS timestamptz LANGUAGE sql STABLE AS $$
SELECT CASE WHEN b.at IS NULL THEN least(f.at, c.at) ELSE greatest(b.at, least(f.at, c.at)) END
FROM (SELECT min(at) AS at FROM facility_history) f,
     (SELECT min(at) AS at FROM community_history) c,
     (SELECT max(at) AS at FROM community_history WHERE action = 'baseline') b
$$;
