-- indicators.sql for the registry as it stood at :as_of: the facilities of that instant as V40's
-- facility_at finds them, the communities of community_at (V23) and the history up to it.
-- Districts and streets are today's (they have no history). Kept apart from indicators.sql so the
-- present reads the live tables.
--
-- Not written over facility_at, for speed (issue 17: within 2x of today's answer): copying every
-- facility of the instant into a CTE and joining it to the communities cost more than the whole of
-- today's query. Here only the facilities changed since :as_of are read from the history (`was`,
-- the one facility set materialized); `fac`, live rows unchanged since plus `was`, is inlined into
-- each use, so an indicator's category filter reaches facility's category index.
WITH changed AS (
  -- As in facility_at: a facility's live row is its state at :as_of unless written since (then it
  -- has a history row after :as_of) or removed outright since (facility_removed, V40).
  SELECT u.id
  FROM (SELECT n.facility_id AS id FROM facility_history n WHERE n.at > CAST(:as_of AS timestamptz)
        UNION
        SELECT r.facility_id FROM facility_removed r WHERE r.at > CAST(:as_of AS timestamptz)) u
  LEFT JOIN facility l ON l.id = u.id
  WHERE l.id IS NULL OR l.updated_at > CAST(:as_of AS timestamptz)
),
was AS MATERIALIZED (
  -- The changed facilities as they stood: the properties of their last version at or before
  -- :as_of, unless it was a deletion, none was (created since) or it had been removed outright.
  SELECT v.id, v.feature->'properties'->>'category' AS category, v.feature->'properties'->>'status' AS status,
         (v.feature->'properties'->>'capacity')::integer AS capacity,
         (v.feature->'properties'->>'community_code')::char(12) AS community_code,
         (v.feature->'properties'->>'opened_on')::date AS opened_on, v.feature->'geometry' AS geometry
  FROM (SELECT last.facility_id AS id,
               -- The feature as facility_versions reads it: in the history row, frozen, or the live row's.
               COALESCE(last.feature, x.feature,
                        (SELECT facility_as_feature(l) FROM facility l
                         WHERE l.id = last.facility_id AND l.version = last.version)) AS feature
        FROM changed c
        CROSS JOIN LATERAL (SELECT h.facility_id, h.version, h.action, h.feature FROM facility_history h
                            WHERE h.facility_id = c.id AND h.at <= CAST(:as_of AS timestamptz)
                            ORDER BY h.version DESC LIMIT 1) last
        LEFT JOIN facility_history_feature x ON x.facility_id = last.facility_id AND x.version = last.version
        WHERE last.action <> 'delete'
          AND NOT EXISTS (SELECT 1 FROM facility_removed r WHERE r.facility_id = last.facility_id
                          AND r.at <= CAST(:as_of AS timestamptz))
        OFFSET 0) v -- the feature assembled once per facility, not once per property read
),
fac AS NOT MATERIALIZED (
  SELECT f.id, f.category, f.status, f.capacity, f.community_code, f.opened_on, f.geom
  FROM facility f
  WHERE f.updated_at <= CAST(:as_of AS timestamptz) AND NOT f.deleted
  UNION ALL
  SELECT w.id, w.category, w.status, w.capacity, w.community_code, w.opened_on,
         ST_SetSRID(ST_GeomFromGeoJSON(w.geometry), 4490)::geometry(Point, 4490)
  FROM was w
),
-- Only the columns used: community_at's anchors are not computed.
com AS MATERIALIZED (
  SELECT c.code, c.kind, c.population, c.workers, c.smart, c.ref_point
  FROM community_at(CAST(:as_of AS timestamptz)) c
),
-- The indicators that count facilities of the instant by category, in one pass.
counts AS (
  SELECT count(*) FILTER (WHERE category IN ('health_station', 'community_hospital')
                          AND extract(year FROM opened_on) = :year) AS health_institutions_new,
         count(*) FILTER (WHERE category = 'fitness_venue' AND extract(year FROM opened_on) = :year) AS fitness_new,
         count(DISTINCT community_code) FILTER (WHERE category = 'science_site'
                                                AND extract(year FROM opened_on) = :year) AS science_sites_new,
         count(*) FILTER (WHERE category = 'emergency_shelter' AND capacity IS NOT NULL) AS shelters_with_capacity,
         count(*) FILTER (WHERE category = 'emergency_shelter') AS shelters
  FROM fac
),
care AS (
  SELECT f.id, f.opened_on, c.kind FROM fac f LEFT JOIN com c ON c.code = f.community_code
  WHERE f.category = 'elderly_care_station'
),
-- Each community's first party-masses service centre (by id), its office where it has no reference
-- point: found once for all communities (a subquery per community would scan `was` each time).
party_centre AS (
  SELECT DISTINCT ON (p.community_code) p.community_code, p.geom
  FROM fac p WHERE p.category = 'party_service_center' AND p.community_code IS NOT NULL
  ORDER BY p.community_code, p.id
),
office AS (
  SELECT c.code, coalesce(c.ref_point, pc.geom) AS geom
  FROM com c LEFT JOIN party_centre pc ON pc.community_code = c.code
),
police AS (
  SELECT ST_DWithin(l.geom::geography, o.geom::geography, 50) AS colocated
  FROM fac l JOIN office o ON o.code = l.community_code
  WHERE l.category = 'police_office' AND l.status <> 'closed' AND o.geom IS NOT NULL
)
SELECT
  (SELECT 10000.0 * sum(workers) / nullif(sum(population), 0) FROM com WHERE kind = 'community')
    AS workers_per_10k,
  (SELECT count(*) FROM care WHERE kind = 'village' AND extract(year FROM opened_on) = :year)
    AS rural_care_stations_new,
  (SELECT count(*) FROM care l WHERE l.kind = 'community' AND EXISTS (
     SELECT 1 FROM facility_history h WHERE h.facility_id = l.id AND h.at <= CAST(:as_of AS timestamptz)
       AND ((h.action = 'update' AND extract(year FROM h.at) = :year) OR extract(year FROM l.opened_on) = :year)))
    AS urban_care_stations_improved,
  -- The open hospitals' districts in one pass over the hospitals (written as IN, the planner searched the
  -- hospitals again for each district).
  (SELECT count(DISTINCT d.code) FROM fac l JOIN street s ON s.code = left(l.community_code, 9)
     JOIN district d ON d.code = s.district_code
     WHERE l.category = 'community_hospital' AND l.status = 'open') AS districts_with_hospital,
  (SELECT count(*) FROM district) AS districts,
  health_institutions_new,
  fitness_new,
  science_sites_new,
  (SELECT 100.0 * count(*) FILTER (WHERE colocated) / nullif(count(*), 0) FROM police) AS police_colocation_rate,
  100.0 * shelters_with_capacity / nullif(shelters, 0) AS shelters_with_capacity,
  shelters,
  (SELECT count(*) FROM com WHERE smart) AS smart_communities
FROM counts
