-- Staged rows that look like a copy of another source's facilities: a live facility of the same name
-- within :metres, registered under a different source label. The same list uploaded under a new
-- label would be inserted a second time, so a dry run warns (it does not reject: two bureaux may
-- well list one place). A hash join on the name, then a box on geom (2 x :metres in degrees covers
-- it up to 60 degrees of latitude) and ST_DWithin on geography in metres: 5-6 times faster than a
-- GiST probe per staged row (docs/BENCHMARKS.md, "Copy check"); a name repeated on both sides costs
-- the product of its counts, each pair a cheap box test.
SELECT DISTINCT ON (s.row) s.row, f.source, f.name
FROM import_stage s
JOIN facility f ON f.name = s.name
WHERE NOT f.deleted AND f.source <> :source AND f.geom && ST_Expand(s.geom, :box_degrees)
  AND ST_DWithin(f.geom::geography, s.geom::geography, :metres)
ORDER BY s.row
LIMIT :max_rows
