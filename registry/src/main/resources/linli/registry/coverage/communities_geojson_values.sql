-- Communities as GeoJSON with their coverage values (computed, and cached, in Java), passed as arrays;
-- access and overcrowded (the capacity analysis) only when :with_capacity.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'numberMatched', count(*),
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', c.code,
    'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(c.geom), 6, 0)::json, -- RFC 7946 right-hand rule
    'properties', CASE WHEN CAST(:with_capacity AS boolean) THEN json_build_object(
      'code', c.code, 'name', c.name, 'kind', c.kind,
      'district_code', d.code, 'district_name', d.name, 'street_code', s.code, 'street_name', s.name,
      'population', c.population, 'covered', v.covered, 'nearest_m', v.nearest_m,
      'access', v.access, 'overcrowded', v.overcrowded)
    ELSE json_build_object(
      'code', c.code, 'name', c.name, 'kind', c.kind,
      'district_code', d.code, 'district_name', d.name, 'street_code', s.code, 'street_name', s.name,
      'population', c.population, 'covered', v.covered, 'nearest_m', v.nearest_m) END
  ) ORDER BY c.code), '[]'::json))::text
FROM unnest(CAST(:codes AS text[]), CAST(:nearest AS float8[]), CAST(:covered AS text[]),
            CAST(:access AS float8[]), CAST(:overcrowded AS text[]))
  AS v0(code, nearest_m, covered_text, access, overcrowded_text)
CROSS JOIN LATERAL (SELECT v0.code, v0.nearest_m, v0.covered_text = 'true' AS covered, v0.access,
                           v0.overcrowded_text = 'true' AS overcrowded) v
JOIN community c ON c.code = v.code
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
