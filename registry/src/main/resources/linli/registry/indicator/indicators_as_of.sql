-- indicators.sql for the registry as it stood at :as_of: the facilities and communities of that
-- instant (V23 facility_at, community_at) and the history up to it. Districts and streets are
-- today's (they have no history). Kept apart from indicators.sql so the present reads the live
-- tables.
WITH fac AS (SELECT * FROM facility_at(CAST(:as_of AS timestamptz))),
com AS (SELECT * FROM community_at(CAST(:as_of AS timestamptz))),
live AS (SELECT f.*, c.kind FROM fac f LEFT JOIN com c ON c.code = f.community_code),
office AS (
  SELECT c.code, coalesce(c.ref_point,
         (SELECT p.geom FROM fac p WHERE p.community_code = c.code AND p.category = 'party_service_center'
          ORDER BY p.id LIMIT 1)) AS geom
  FROM com c
),
police AS (
  SELECT ST_DWithin(l.geom::geography, o.geom::geography, 50) AS colocated
  FROM live l JOIN office o ON o.code = l.community_code
  WHERE l.category = 'police_office' AND l.status <> 'closed' AND o.geom IS NOT NULL
)
SELECT
  (SELECT 10000.0 * sum(workers) / nullif(sum(population), 0) FROM com WHERE kind = 'community')
    AS workers_per_10k,
  (SELECT count(*) FROM live WHERE category = 'elderly_care_station' AND kind = 'village'
     AND extract(year FROM opened_on) = :year) AS rural_care_stations_new,
  (SELECT count(DISTINCT h.facility_id) FROM facility_history h JOIN live l ON l.id = h.facility_id
     WHERE l.category = 'elderly_care_station' AND l.kind = 'community' AND h.at <= CAST(:as_of AS timestamptz)
       AND ((h.action = 'update' AND extract(year FROM h.at) = :year)
            OR extract(year FROM l.opened_on) = :year)) AS urban_care_stations_improved,
  (SELECT count(*) FROM district d WHERE EXISTS (
     SELECT 1 FROM live l JOIN street s ON s.code = left(l.community_code, 9)
     WHERE l.category = 'community_hospital' AND l.status = 'open' AND s.district_code = d.code))
    AS districts_with_hospital,
  (SELECT count(*) FROM district) AS districts,
  (SELECT count(*) FROM live WHERE category IN ('health_station', 'community_hospital')
     AND extract(year FROM opened_on) = :year) AS health_institutions_new,
  (SELECT count(*) FROM live WHERE category = 'fitness_venue' AND extract(year FROM opened_on) = :year)
    AS fitness_new,
  (SELECT count(DISTINCT community_code) FROM live WHERE category = 'science_site'
     AND extract(year FROM opened_on) = :year) AS science_sites_new,
  (SELECT 100.0 * count(*) FILTER (WHERE colocated) / nullif(count(*), 0) FROM police) AS police_colocation_rate,
  (SELECT 100.0 * count(*) FILTER (WHERE capacity IS NOT NULL) / nullif(count(*), 0) FROM live
     WHERE category = 'emergency_shelter') AS shelters_with_capacity,
  (SELECT count(*) FROM live WHERE category = 'emergency_shelter') AS shelters,
  (SELECT count(*) FROM com WHERE smart) AS smart_communities
