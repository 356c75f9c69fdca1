-- Registers the districts that the rows kept need and that are not registered yet: those of new
-- streets, or of the rows themselves when they name only a district (street_code null), under the
-- name the file first gives. No boundary: the district's is the union of its communities (V17).
INSERT INTO district (code, name)
SELECT DISTINCT ON (n.district_code) n.district_code,
       (SELECT f.district_name FROM division_names f
        WHERE f.district_code = n.district_code AND f.district_name IS NOT NULL ORDER BY f.row LIMIT 1)
FROM division_names n
WHERE NOT (n.row = ANY (CAST(:rejected AS bigint[])))
  AND (n.street_code IS NULL OR NOT EXISTS (SELECT 1 FROM street t WHERE t.code = n.street_code))
  AND NOT EXISTS (SELECT 1 FROM district d WHERE d.code = n.district_code)
ORDER BY n.district_code, n.row
RETURNING code, name
