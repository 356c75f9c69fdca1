-- How many of the given districts are missing or differ: none, and register_districts.sql is not
-- run at all (an upsert that changes no row still bumps the revision, and caches would start over).
SELECT count(*)
FROM unnest(:codes, :names, :outlines) AS g (code, name, wkb)
LEFT JOIN district d ON d.code = g.code
WHERE d.code IS NULL
   OR (d.name, ST_AsBinary(d.geom), d.geom_derived)
      IS DISTINCT FROM (g.name, ST_AsBinary(ST_Multi(ST_GeomFromWKB(decode(g.wkb, 'hex'), 4490))), false)
