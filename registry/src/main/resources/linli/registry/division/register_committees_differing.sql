-- How many of the given committees are missing or differ (see register_districts_differing.sql).
SELECT count(*)
FROM unnest(:codes, :names, :kinds, :street_codes) AS g (code, name, kind, street_code)
LEFT JOIN committee_register r ON r.code = g.code
WHERE r.code IS NULL OR (r.name, r.kind, r.street_code::text) IS DISTINCT FROM (g.name, g.kind, g.street_code)
