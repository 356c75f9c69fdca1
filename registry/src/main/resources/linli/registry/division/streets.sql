-- The streets for choosing, in code order: code, name, kind, district, and how many communities and
-- people each has. district (a code or a name) keeps its streets.
SELECT s.code, s.name, s.kind, d.code AS district_code, d.name AS district_name,
       count(c.code) AS communities, coalesce(sum(c.population), 0) AS population
FROM street s
JOIN district d ON d.code = s.district_code
LEFT JOIN community c ON c.street_code = s.code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
GROUP BY s.code, s.name, s.kind, d.code, d.name
ORDER BY s.code
