-- Staged rows that look like a copy of another source's facilities: a live facility of the same name
-- within :metres, registered under a different source label. The same list uploaded under a new
-- label would be inserted a second time, so a dry run warns (it does not reject: two bureaux may
-- well list one place). The box on geom (1 degree of latitude is 111 km, of longitude less) lets the
-- GiST index on facility.geom find the candidates; ST_DWithin on geography decides in metres.
SELECT s.row, c.source, c.name
FROM import_stage s
CROSS JOIN LATERAL (
  SELECT f.source, f.name
  FROM facility f
  WHERE f.geom && ST_Expand(s.geom, :box_degrees) AND NOT f.deleted AND f.source <> :source
    AND f.name = s.name AND ST_DWithin(f.geom::geography, s.geom::geography, :metres)
  LIMIT 1) c
ORDER BY s.row
LIMIT :max_rows
