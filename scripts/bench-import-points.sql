-- The import benchmarks' points (bench-import.sh with POINTS=registry, bench-import-phases.sh,
-- bench-import-order.sh): :rows communities drawn with replacement (seed 0.7), then each drawn
-- community's points at once inside its polygon, with its code; rows numbered in random order (a
-- file is not sorted by place). Temp tables bench_community, bench_category (the categories that
-- hold facilities, or all in an empty registry) and bench_point (i, code, g).
-- Run with psql from the repository's root: \set rows N, then \i scripts/bench-import-points.sql.
SELECT setseed(0.7) \gset
CREATE TEMP TABLE bench_community AS
  SELECT row_number() OVER (ORDER BY code)::int AS k, code, geom FROM community WHERE NOT ST_IsEmpty(geom);
CREATE TEMP TABLE bench_category AS
  SELECT coalesce((SELECT array_agg(code ORDER BY sort_order) FROM category c
                   WHERE EXISTS (SELECT 1 FROM facility f WHERE f.category = c.code)),
                  (SELECT array_agg(code ORDER BY sort_order) FROM category)) AS codes;
CREATE TEMP TABLE bench_point AS
  SELECT row_number() OVER (ORDER BY random()) - 1 AS i, code, g
  FROM (SELECT c.code, p.geom AS g
        FROM (SELECT k, count(*)::int AS n
              FROM (SELECT 1 + floor(random() * (SELECT count(*) FROM bench_community))::int AS k
                    FROM generate_series(1, :rows)) r
              GROUP BY k) d
        JOIN bench_community c USING (k),
        -- ST_GeneratePoints gives about, not exactly, the number asked: asked for more, the first n kept
        LATERAL ST_Dump(ST_GeneratePoints(c.geom, d.n + 5 + d.n / 5, d.k)) p
        WHERE p.path[1] <= d.n) p;
