-- Communities as GeoJSON with their life circles (computed in Java from the coverage engine's
-- answers), passed as parallel arrays: each community's code and the JSON of its circles' properties.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'numberMatched', count(*),
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', c.code,
    'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(c.geom), 6, 0)::json, -- RFC 7946 right-hand rule
    'properties', jsonb_build_object(
      'code', c.code, 'name', c.name, 'kind', c.kind,
      'district_code', d.code, 'district_name', d.name, 'street_code', s.code, 'street_name', s.name,
      'population', c.population) || v.circles
  ) ORDER BY c.code), '[]'::json))::text
FROM unnest(CAST(:codes AS text[]), CAST(:circles AS text[])) AS v0(code, circles_text)
CROSS JOIN LATERAL (SELECT v0.code, CAST(v0.circles_text AS jsonb) AS circles) v
JOIN community c ON c.code = v.code
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
