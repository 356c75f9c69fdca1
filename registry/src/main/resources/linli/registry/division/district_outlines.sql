-- The districts as one GeoJSON FeatureCollection for the map's outlines: simplified to about
-- 5 m (the map draws them at city zoom), lon/lat to 6 decimals (about 10 cm), RFC 7946 winding.
SELECT json_build_object(
         'type', 'FeatureCollection',
         'features', COALESCE(json_agg(json_build_object(
           'type', 'Feature',
           'id', d.code,
           'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_SimplifyPreserveTopology(d.geom, 0.00005)), 6)::json,
           'properties', json_build_object('code', d.code, 'name', d.name)) ORDER BY d.code), '[]'::json))::text
FROM district d
