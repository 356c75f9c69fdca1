-- How many of the given streets are missing or differ (see register_districts_differing.sql).
SELECT count(*)
FROM unnest(:codes, :names, :kinds, :district_codes) AS g (code, name, kind, district_code)
LEFT JOIN street s ON s.code = g.code
WHERE s.code IS NULL OR (s.name, s.kind, s.district_code::text) IS DISTINCT FROM (g.name, g.kind, g.district_code)
