-- The street and district each staged community names, for DivisionNames to check and register.
-- A street not registered is in the district the file gives it (first), else in the one its code
-- begins with.
INSERT INTO division_names (row, street_code, street_name, district_code, district_given, district_name)
SELECT s.row, s.street_code, s.street_name,
       coalesce(s.district_code, t.district_code,
                first_value(s.district_code) OVER (PARTITION BY s.street_code
                  ORDER BY s.district_code IS NULL, s.row),
                left(s.street_code, 6)),
       s.district_code IS NOT NULL, s.district_name
FROM community_stage s LEFT JOIN street t ON t.code = s.street_code
