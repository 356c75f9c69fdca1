-- A staged street's district and kind when the row leaves them out: the registered street's, else
-- the district its code begins with and the kind its name says.
UPDATE division_stage s SET
  district_given = s.district_code IS NOT NULL,
  district_code = coalesce(s.district_code, t.district_code, left(s.code, 6)),
  kind = coalesce(s.kind, t.kind, street_kind_of(s.name))
FROM division_stage x LEFT JOIN street t ON t.code = x.code
WHERE x.row = s.row
