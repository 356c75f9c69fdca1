-- The district each staged street names, for DivisionNames to check and register.
INSERT INTO division_names (row, district_code, district_given, district_name)
SELECT row, district_code, district_given, district_name FROM division_stage
