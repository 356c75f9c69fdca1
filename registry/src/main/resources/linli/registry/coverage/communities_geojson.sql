-- The communities as a GeoJSON FeatureCollection with their coverage attributes.
-- Geometry is the stored MultiPolygon at 6 decimals (about 0.1 m).
SELECT json_build_object(
  'type', 'FeatureCollection',
  'numberMatched', count(*),
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', r.code,
    'geometry', ST_AsGeoJSON(c.geom, 6, 0)::json,
    'properties', json_build_object(
      'code', r.code, 'name', r.name, 'kind', c.kind,
      'district_code', r.district_code, 'district_name', r.district_name,
      'population', r.population, 'covered', r.covered, 'nearest_m', r.nearest_m)
  ) ORDER BY r.code), '[]'::json))::text
FROM (%s) r
JOIN community c ON c.code = r.code
