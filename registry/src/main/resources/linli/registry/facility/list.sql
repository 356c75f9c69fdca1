-- One page of facilities as a GeoJSON FeatureCollection, with the total number matched.
WITH matched AS (
  SELECT f.*
  FROM facility f
  LEFT JOIN community c ON c.code = f.community_code
  LEFT JOIN street s ON s.code = c.street_code
  WHERE NOT f.deleted
    AND (CAST(:category AS text) IS NULL OR f.category = :category)
    AND (CAST(:status AS text) IS NULL OR f.status = :status)
    AND (CAST(:district AS text) IS NULL OR s.district_code = :district
         OR s.district_code = (SELECT code FROM district WHERE name = :district))
    AND (CAST(:q AS text) IS NULL OR f.name ILIKE '%' || :q || '%' OR f.address ILIKE '%' || :q || '%')
    AND (CAST(:min_lon AS double precision) IS NULL
         OR f.geom && ST_MakeEnvelope(CAST(:min_lon AS float8), CAST(:min_lat AS float8),
                                    CAST(:max_lon AS float8), CAST(:max_lat AS float8), 4490))
),
page AS (
  SELECT * FROM matched ORDER BY id LIMIT :limit OFFSET :offset
)
SELECT (SELECT count(*) FROM matched) AS number_matched,
       (SELECT count(*) FROM page) AS number_returned,
       json_build_object(
         'type', 'FeatureCollection',
         'features', coalesce((SELECT json_agg(json_build_object(
           'type', 'Feature',
           'id', p.id,
           'geometry', ST_AsGeoJSON(p.geom, 7)::json,
           'properties', json_build_object(
             'category', p.category, 'name', p.name, 'address', p.address, 'status', p.status,
             'capacity', p.capacity, 'area_m2', p.area_m2, 'community_code', p.community_code,
             'opened_on', p.opened_on, 'source', p.source, 'source_id', p.source_id, 'extra', p.extra,
             'version', p.version, 'updated_at', p.updated_at, 'updated_by', p.updated_by)
         ) ORDER BY p.id) FROM page p), '[]'::json))::text AS features
