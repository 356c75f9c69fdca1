-- The streets and districts an import's rows name (division_names), checked against each other and
-- the registry: one code has one name in a file, a street lies in one district, and a street or
-- district that is not registered can be registered only when the file names it. Returns (row,
-- field, message). street_code is null for rows that name only a district (a streets file).
WITH street_named AS (
  SELECT DISTINCT ON (street_code) street_code, street_name, row FROM division_names
  WHERE street_code IS NOT NULL AND street_name IS NOT NULL ORDER BY street_code, row
), district_named AS (
  SELECT DISTINCT ON (district_code) district_code, district_name, row FROM division_names
  WHERE district_name IS NOT NULL ORDER BY district_code, row
), street_placed AS (
  SELECT DISTINCT ON (street_code) street_code, district_code, row FROM division_names
  WHERE street_code IS NOT NULL AND district_given ORDER BY street_code, row
)
SELECT n.row, 'street_name',
       format('street %s is named %s at row %s and %s here: one code, one name', n.street_code, f.street_name,
              f.row, n.street_name)
FROM division_names n JOIN street_named f USING (street_code)
WHERE n.street_name <> f.street_name
UNION ALL
SELECT n.row, 'district_name',
       format('district %s is named %s at row %s and %s here: one code, one name', n.district_code, f.district_name,
              f.row, n.district_name)
FROM division_names n JOIN district_named f USING (district_code)
WHERE n.district_name <> f.district_name
UNION ALL
SELECT n.row, 'district_code',
       format('street %s is in district %s at row %s and in %s here', n.street_code, f.district_code, f.row,
              n.district_code)
FROM division_names n JOIN street_placed f USING (street_code)
WHERE n.district_given AND n.district_code <> f.district_code
UNION ALL
SELECT n.row, 'district_code',
       format('street %s is registered in district %s, not %s', n.street_code, t.district_code, n.district_code)
FROM division_names n JOIN street t ON t.code = n.street_code
WHERE n.district_given AND n.district_code <> t.district_code
UNION ALL
SELECT n.row, 'street_code',
       format('no street %s is registered: add a street_name (街道名称) column to register it', n.street_code)
       || CASE WHEN NOT EXISTS (SELECT 1 FROM district d WHERE d.code = n.district_code)
                AND NOT EXISTS (SELECT 1 FROM district_named f WHERE f.district_code = n.district_code)
               THEN format(', and a district_name (区县名称) column: no district %s is registered either',
                           n.district_code)
               ELSE '' END
FROM division_names n
WHERE n.street_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM street t WHERE t.code = n.street_code)
  AND NOT EXISTS (SELECT 1 FROM street_named f WHERE f.street_code = n.street_code)
UNION ALL
-- A district missing for a street that can be registered (the one above says it otherwise).
SELECT n.row, 'district_code',
       format('no district %s is registered: add a district_name (区县名称) column to register it', n.district_code)
FROM division_names n
WHERE (n.street_code IS NULL
       OR (NOT EXISTS (SELECT 1 FROM street t WHERE t.code = n.street_code)
           AND EXISTS (SELECT 1 FROM street_named f WHERE f.street_code = n.street_code)))
  AND NOT EXISTS (SELECT 1 FROM district d WHERE d.code = n.district_code)
  AND NOT EXISTS (SELECT 1 FROM district_named f WHERE f.district_code = n.district_code)
ORDER BY 1, 2
