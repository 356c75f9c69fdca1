-- Names a file gives to streets and districts that are registered under another name. They are not
-- taken (a community or street file does not rename a division: import that layer for it), so the
-- report warns, once per division, at the first row that names it. Returns (row, field, message).
SELECT * FROM (
  SELECT DISTINCT ON (n.street_code) n.row, 'street_name' AS field,
         format('street %s is registered as %s: the name %s is not taken', n.street_code, t.name, n.street_name)
  FROM division_names n JOIN street t ON t.code = n.street_code
  WHERE n.street_name <> t.name
  ORDER BY n.street_code, n.row) streets
UNION ALL
SELECT * FROM (
  SELECT DISTINCT ON (n.district_code) n.row, 'district_name' AS field,
         format('district %s is registered as %s: the name %s is not taken', n.district_code, d.name, n.district_name)
  FROM division_names n JOIN district d ON d.code = n.district_code
  WHERE n.district_name <> d.name
  ORDER BY n.district_code, n.row) districts
ORDER BY 1, 2
