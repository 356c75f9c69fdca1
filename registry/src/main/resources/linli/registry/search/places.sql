-- Places a planner types the name or code of: districts, streets, communities and facilities (not
-- deleted). A hit is a name holding :q as a plain substring (no LIKE wildcards: 100% is text),
-- case-insensitive for Latin letters, or a code that starts with :q; a facility also by its address
-- or its source's id. Best first: an exact name or code, then a name or code starting with :q, then
-- the rest; within a rank divisions before facilities (a planner looking for 台西 means the
-- community before the shelter named after it), then shorter names. The point is where the map
-- flies to (a community's office, a division's point on its surface), the box what it fits.
WITH q AS (SELECT lower(CAST(:q AS text)) AS q, CAST(:q AS text) AS code),
hits AS (
  SELECT 'district' AS kind, 0 AS kind_order, d.code AS id, d.name, NULL::text AS district_name,
         NULL::text AS street_name, NULL::text AS category, NULL::text AS address,
         ST_PointOnSurface(d.geom) AS point, d.geom AS area,
         CASE WHEN lower(d.name) = q.q OR d.code = q.code THEN 0
              WHEN starts_with(lower(d.name), q.q) OR starts_with(d.code, q.code) THEN 1 ELSE 2 END AS rank
  FROM district d, q
  WHERE strpos(lower(d.name), q.q) > 0 OR starts_with(d.code, q.code)
  UNION ALL
  SELECT 'street', 1, s.code, s.name, d.name, NULL, NULL, NULL, ST_PointOnSurface(s.geom), s.geom,
         CASE WHEN lower(s.name) = q.q OR s.code = q.code THEN 0
              WHEN starts_with(lower(s.name), q.q) OR starts_with(s.code, q.code) THEN 1 ELSE 2 END
  FROM street s JOIN district d ON d.code = s.district_code, q
  WHERE strpos(lower(s.name), q.q) > 0 OR starts_with(s.code, q.code)
  UNION ALL
  SELECT 'community', 2, c.code, c.name, d.name, s.name, NULL, NULL, c.anchor, c.geom,
         CASE WHEN lower(c.name) = q.q OR c.code = q.code THEN 0
              WHEN starts_with(lower(c.name), q.q) OR starts_with(c.code, q.code) THEN 1 ELSE 2 END
  FROM community c LEFT JOIN street s ON s.code = c.street_code LEFT JOIN district d ON d.code = s.district_code, q
  WHERE strpos(lower(c.name), q.q) > 0 OR starts_with(c.code, q.code)
  UNION ALL
  SELECT 'facility', 3, f.id::text, f.name, d.name, s.name, f.category, f.address, f.geom, NULL,
         CASE WHEN lower(f.name) = q.q OR f.source_id = q.code THEN 0
              WHEN starts_with(lower(f.name), q.q) OR starts_with(f.source_id, q.code) THEN 1 ELSE 2 END
  FROM facility f LEFT JOIN community c ON c.code = f.community_code
       LEFT JOIN street s ON s.code = c.street_code LEFT JOIN district d ON d.code = s.district_code, q
  WHERE NOT f.deleted
    AND (strpos(lower(f.name), q.q) > 0 OR strpos(lower(coalesce(f.address, '')), q.q) > 0
         OR starts_with(f.source_id, q.code))
)
SELECT kind, id, name, district_name, street_name, category, address,
       ST_X(point) AS lon, ST_Y(point) AS lat,
       ST_XMin(area) AS west, ST_YMin(area) AS south, ST_XMax(area) AS east, ST_YMax(area) AS north
FROM hits
ORDER BY rank, kind_order, length(name), name, id
LIMIT :limit
