-- One page of communities as a GeoJSON FeatureCollection, with the total matched; the properties are
-- the catalogue's.
WITH matched AS (
  SELECT c.code
  FROM community c
  JOIN street s ON s.code = c.street_code
  JOIN district d ON d.code = s.district_code
  WHERE (CAST(:code AS text) IS NULL OR c.code = :code)
    AND (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
    AND (CAST(:street AS text) IS NULL OR s.code = :street OR s.name = :street)
    AND (CAST(:q AS text) IS NULL OR strpos(c.name, :q) > 0)
    AND (CAST(:min_lon AS float8) IS NULL
         OR c.geom && ST_MakeEnvelope(CAST(:min_lon AS float8), CAST(:min_lat AS float8),
                                    CAST(:max_lon AS float8), CAST(:max_lat AS float8), 4490))
),
page AS (SELECT code FROM matched ORDER BY code LIMIT :limit OFFSET :offset)
SELECT (SELECT count(*) FROM matched) AS number_matched,
       (SELECT count(*) FROM page) AS number_returned,
       json_build_object('type', 'FeatureCollection', 'features', coalesce((
         SELECT json_agg(json_build_object(
           'type', 'Feature',
           'id', c.code,
           'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(c.geom), 7, 0)::json, -- RFC 7946 right-hand rule
           'properties', {{properties}}) ORDER BY c.code) -- the catalogue's (linli.registry.catalog.Catalog)
         FROM page JOIN community c USING (code)
         JOIN street s ON s.code = c.street_code
         JOIN district d ON d.code = s.district_code), '[]'::json))::text AS features
