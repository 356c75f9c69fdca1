-- communities_geojson_values.sql for a past instant: the communities' names, populations and polygons
-- as they were at :as_of (V23 community_at); streets and districts are today's (they have no history).
-- Capacity is not computed for the past, so only covered and nearest_m are carried.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'numberMatched', count(*),
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', c.code,
    'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(c.geom), 6, 0)::json, -- RFC 7946 right-hand rule
    'properties', json_build_object(
      'code', c.code, 'name', c.name, 'kind', c.kind,
      'district_code', d.code, 'district_name', d.name, 'street_code', s.code, 'street_name', s.name,
      'population', c.population, 'covered', v.covered, 'nearest_m', v.nearest_m)
  ) ORDER BY c.code), '[]'::json))::text
FROM unnest(CAST(:codes AS text[]), CAST(:nearest AS float8[]), CAST(:covered AS text[]))
  AS v0(code, nearest_m, covered_text)
CROSS JOIN LATERAL (SELECT v0.code, v0.nearest_m, v0.covered_text = 'true' AS covered) v
JOIN community_at(CAST(:as_of AS timestamptz)) c ON c.code = v.code
LEFT JOIN street s ON s.code = c.street_code
LEFT JOIN district d ON d.code = s.district_code
