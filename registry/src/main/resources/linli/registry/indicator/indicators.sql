-- The plan targets the registry can measure (shared DOMAIN.md), for the plan year :year.
-- "New" means opened_on within the year; the committee office is the community's reference
-- point, or its party-masses service centre when no reference point is recorded.
--
-- Written for speed at province scale: no CTE of every live facility joined to its community (it
-- was materialized whole, geometry and all, and scanned once per indicator). `fac` is inlined into
-- each use, so each indicator's category filter reaches facility's category index, and only the
-- elderly care stations and police offices are joined to their communities.
WITH fac AS NOT MATERIALIZED (
  SELECT f.id, f.category, f.status, f.capacity, f.community_code, f.opened_on, f.geom
  FROM facility f
  WHERE NOT f.deleted
),
-- The indicators that count facilities by category, in one pass over those categories.
counts AS (
  SELECT count(*) FILTER (WHERE category IN ('health_station', 'community_hospital')
                          AND extract(year FROM opened_on) = :year) AS health_institutions_new,
         count(*) FILTER (WHERE category = 'fitness_venue' AND extract(year FROM opened_on) = :year) AS fitness_new,
         count(DISTINCT community_code) FILTER (WHERE category = 'science_site'
                                                AND extract(year FROM opened_on) = :year) AS science_sites_new,
         count(*) FILTER (WHERE category = 'emergency_shelter' AND capacity IS NOT NULL) AS shelters_with_capacity,
         count(*) FILTER (WHERE category = 'emergency_shelter') AS shelters
  FROM fac
  WHERE category IN ('health_station', 'community_hospital', 'fitness_venue', 'science_site', 'emergency_shelter')
),
-- The communities' two indicators in one pass.
communities AS (
  SELECT 10000.0 * sum(workers) FILTER (WHERE kind = 'community')
           / nullif(sum(population) FILTER (WHERE kind = 'community'), 0) AS workers_per_10k,
         count(*) FILTER (WHERE smart) AS smart_communities
  FROM community
),
care AS (
  SELECT f.id, f.opened_on, c.kind FROM fac f LEFT JOIN community c ON c.code = f.community_code
  WHERE f.category = 'elderly_care_station'
),
-- Each police office's committee office: its community's reference point, or else the community's
-- first party-masses service centre (by id). Looked up for the police offices' communities only.
police AS (
  SELECT ST_DWithin(l.geom::geography, o.geom::geography, 50) AS colocated
  FROM fac l
  JOIN community c ON c.code = l.community_code
  CROSS JOIN LATERAL (
    SELECT coalesce(c.ref_point,
           (SELECT p.geom FROM fac p WHERE p.community_code = c.code AND p.category = 'party_service_center'
            ORDER BY p.id LIMIT 1)) AS geom) o
  WHERE l.category = 'police_office' AND l.status <> 'closed' AND o.geom IS NOT NULL
)
SELECT
  workers_per_10k,
  (SELECT count(*) FROM care WHERE kind = 'village' AND extract(year FROM opened_on) = :year)
    AS rural_care_stations_new,
  (SELECT count(*) FROM care l WHERE l.kind = 'community' AND EXISTS (
     SELECT 1 FROM facility_history h WHERE h.facility_id = l.id
       AND ((h.action = 'update' AND extract(year FROM h.at) = :year) OR extract(year FROM l.opened_on) = :year)))
    AS urban_care_stations_improved,
  -- The open hospitals' districts in one pass over the hospitals (written as IN, the planner searched the
  -- hospitals again for each district: 2.8 s of 3.7 at province scale).
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
  smart_communities
FROM counts, communities
