-- Staged districts or streets that cannot be taken: an invalid boundary, a code the file repeats
-- (with another name: the name conflicts). Returns (row, field, message).
SELECT row, 'geometry', 'invalid boundary: ' || ST_IsValidReason(geom)
FROM division_stage
WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)
UNION ALL
SELECT s.row, CASE WHEN s.name <> f.name THEN 'name' ELSE 'code' END,
       CASE WHEN s.name <> f.name
            THEN format('code %s is named %s at row %s and %s here: one code, one name', s.code, f.name, f.row, s.name)
            ELSE format('duplicate code %s in the file (first at row %s)', s.code, f.row) END
FROM division_stage s
JOIN (SELECT DISTINCT ON (code) code, name, row FROM division_stage ORDER BY code, row) f
  ON f.code = s.code AND s.row > f.row
ORDER BY 1, 2
