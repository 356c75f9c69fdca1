-- Registers the streets that the rows kept name and that are not registered yet, under the name and
-- in the district the file first gives (its kind from the name). No boundary, as for districts.
INSERT INTO street (code, name, kind, district_code)
SELECT DISTINCT ON (n.street_code) n.street_code, f.street_name, street_kind_of(f.street_name), n.district_code
FROM division_names n
JOIN LATERAL (SELECT x.street_name FROM division_names x
              WHERE x.street_code = n.street_code AND x.street_name IS NOT NULL ORDER BY x.row LIMIT 1) f ON true
WHERE n.street_code IS NOT NULL
  AND NOT (n.row = ANY (CAST(:rejected AS bigint[])))
  AND NOT EXISTS (SELECT 1 FROM street t WHERE t.code = n.street_code)
ORDER BY n.street_code, n.row
RETURNING code, name
