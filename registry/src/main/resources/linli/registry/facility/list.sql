-- One page of facilities as a GeoJSON FeatureCollection, with the total number matched.
WITH matched AS (
  SELECT f.id
  FROM facility f
  LEFT JOIN community c ON c.code = f.community_code
  LEFT JOIN street s ON s.code = c.street_code
  WHERE NOT f.deleted
    AND (CAST(:category AS text) IS NULL OR f.category = :category)
    AND (CAST(:status AS text) IS NULL OR f.status = :status)
    AND (CAST(:district AS text) IS NULL OR s.district_code = :district
         OR s.district_code = (SELECT code FROM district WHERE name = :district))
    -- q is a plain substring (no LIKE wildcards), case-insensitive for Latin letters.
    AND (CAST(:q AS text) IS NULL OR strpos(lower(f.name), lower(:q)) > 0
         OR strpos(lower(coalesce(f.address, '')), lower(:q)) > 0)
    AND (CAST(:min_lon AS double precision) IS NULL
         OR f.geom && ST_MakeEnvelope(CAST(:min_lon AS float8), CAST(:min_lat AS float8),
                                    CAST(:max_lon AS float8), CAST(:max_lat AS float8), 4490))
),
page AS (
  SELECT id FROM matched ORDER BY id LIMIT :limit OFFSET :offset
)
SELECT (SELECT count(*) FROM matched) AS number_matched,
       (SELECT count(*) FROM page) AS number_returned,
       json_build_object(
         'type', 'FeatureCollection',
         'features', coalesce((SELECT json_agg(facility_as_feature(f) ORDER BY f.id)
                               FROM page JOIN facility f USING (id)), '[]'::json))::text AS features
