-- The benchmark city of issue #5 and its province-scale copies of issue #15, generated in an empty,
-- migrated Linli database (psql -f). Side factor f (psql -v f=N, default 1): the city is f x f
-- copies of the 1x city side by side, so SCALE = f^2 times the 1x counts:
--   f = 1 (1x):   6,000 communities,   100,000 facilities in 10 categories,   300,398 road edges
--   f = 2 (4x):  24,000 communities,   400,000 facilities,                  ~1,200,000 road edges
--   f = 4 (16x): 96,000 communities, 1,600,000 facilities,                  ~4,800,000 road edges
-- with population drawn per community as at 1x (500..7,999, mean ~4,250).
-- Everything lies on one square walking grid (40 m spacing, (500f+2) x 300f vertices, laid out in
-- CGCS2000 / Gauss-Kruger CM 120E near Qingdao and stored in EPSG:4490). Community reference
-- points and facilities sit on grid vertices, so the access and egress legs of network mode are
-- zero and pgRouting's node-to-node walking distances answer exactly the same question.
-- Deterministic: setseed fixes every random choice (f = 1 draws exactly the 1x city of issue #5).
-- Table bench_vertex keeps the vertex ids for the pgRouting comparison (bench_edge: id, source,
-- target, cost in metres on the ellipsoid).
-- Codes: copy b (0 .. f^2-1, row-major from the south-west) has the two-digit "city" 99 - b, so the
-- 1x city keeps its codes 3799dd (district), 3799ddsss (street), 3799ddsssccc (community).
\set ON_ERROR_STOP on
\if :{?f}
\else
\set f 1
\endif
BEGIN;
SELECT setseed(0.3702);

-- Grid vertex (i, j), i = 0..500f+1 west to east, j = 0..300f-1 south to north; id = j * nx + i.
CREATE TABLE bench_vertex AS
SELECT j * (500 * :f + 2) + i AS id, i, j,
       ST_Transform(ST_SetSRID(ST_MakePoint(520000 + i * 40, 3995000 + j * 40), 4549), 4490) AS geom
FROM generate_series(0, 500 * :f + 1) i, generate_series(0, 300 * :f - 1) j;
ALTER TABLE bench_vertex ADD PRIMARY KEY (id);
CREATE INDEX ON bench_vertex (i, j);

-- Edges to the east and to the north neighbour (joined by id, which scales where the (i, j)
-- self-join of the 1x script did not).
CREATE TABLE bench_edge AS
SELECT row_number() OVER () AS id, e.source, e.target, e.geom, ST_Length(e.geom::geography) AS cost
FROM (SELECT a.id AS source, b.id AS target, ST_MakeLine(a.geom, b.geom) AS geom
      FROM bench_vertex a JOIN bench_vertex b ON b.id = a.id + 1 WHERE a.i < 500 * :f + 1
      UNION ALL
      SELECT a.id, b.id, ST_MakeLine(a.geom, b.geom)
      FROM bench_vertex a JOIN bench_vertex b ON b.id = a.id + (500 * :f + 2) WHERE a.j < 300 * :f - 1) e;
ALTER TABLE bench_edge ADD PRIMARY KEY (id);

INSERT INTO road (highway, walkable, geom, source)
SELECT 'footway', true, geom, 'bench' FROM bench_edge;

-- 100f x 60f community cells of 5 x 5 grid spacings (200 m); per copy 10 districts of 10 x 60
-- cells, each with 10 streets of 10 x 6 cells.
CREATE TEMP TABLE cell AS
SELECT ci, cj, lpad((99 - ((cj / 60) * :f + ci / 100))::text, 2, '0') AS b,
       (ci % 100) / 10 AS d, (cj % 60) / 6 AS s, ((ci % 10) * 6 + cj % 6) AS n,
       ST_Transform(ST_MakeEnvelope(520000 + ci * 200, 3995000 + cj * 200,
                                    520000 + ci * 200 + 200, 3995000 + cj * 200 + 200, 4549), 4490) AS geom
FROM generate_series(0, 100 * :f - 1) ci, generate_series(0, 60 * :f - 1) cj;

INSERT INTO district (code, name, geom)
SELECT '37' || b || lpad(d::text, 2, '0'), '基准区' || b || '-' || d, ST_Multi(ST_Union(geom))
FROM cell GROUP BY b, d;

INSERT INTO street (code, name, kind, district_code, geom)
SELECT '37' || b || lpad(d::text, 2, '0') || lpad(s::text, 3, '0'), '基准街道' || b || '-' || d || '-' || s, 'street',
       '37' || b || lpad(d::text, 2, '0'), ST_Multi(ST_Union(geom))
FROM cell GROUP BY b, d, s;

-- The reference point is an interior vertex of the cell, chosen at random.
INSERT INTO community (code, name, kind, street_code, population, workers, smart, ref_point, geom)
SELECT '37' || c.b || lpad(c.d::text, 2, '0') || lpad(c.s::text, 3, '0') || lpad(c.n::text, 3, '0') AS code,
       '基准社区' || c.ci || '-' || c.cj, 'community',
       '37' || c.b || lpad(c.d::text, 2, '0') || lpad(c.s::text, 3, '0'),
       500 + floor(random() * 7500)::int, 5, false, v.geom, ST_Multi(c.geom)
FROM (SELECT cell.*, ci * 5 + 1 + floor(random() * 4)::int AS vi, cj * 5 + 1 + floor(random() * 4)::int AS vj
      FROM cell) c
JOIN bench_vertex v ON v.id = c.vj * (500 * :f + 2) + c.vi;

-- 10,000 f^2 facilities in each of the first ten categories, on random vertices; each category
-- shuns its own random 30% of the 2 km x 2 km blocks so that gaps exist at every distance. 90% are open.
-- Points are drawn in surplus (20,000 f^2) and the first 10,000 f^2 outside shunned cells are kept.
INSERT INTO facility (category, name, status, capacity, community_code, source, source_id, geom, updated_by)
SELECT p.category, p.category || '-' || p.r,
       CASE WHEN random() < 0.9 THEN 'open' ELSE 'closed' END,
       50 + floor(random() * 950)::int,
       '37' || lpad((99 - ((p.cj / 60) * :f + p.ci / 100))::text, 2, '0') || lpad(((p.ci % 100) / 10)::text, 2, '0')
         || lpad(((p.cj % 60) / 6)::text, 3, '0') || lpad(((p.ci % 10) * 6 + p.cj % 6)::text, 3, '0'),
       'bench', p.category || '-' || p.r, v.geom, 'bench'
FROM (SELECT q.*, row_number() OVER (PARTITION BY q.category ORDER BY q.n) AS r
      FROM (SELECT k.code AS category, n, i, j, least(i / 5, 100 * :f - 1) AS ci, least(j / 5, 60 * :f - 1) AS cj
            FROM (SELECT code FROM category ORDER BY sort_order LIMIT 10) k, generate_series(1, 20000 * :f * :f) n,
                 LATERAL (SELECT floor(random() * (500 * :f + 2))::int + 0 * n AS i, floor(random() * (300 * :f))::int + 0 * n AS j) r) q
      WHERE abs(hashtext(q.category || ':' || (q.ci / 10) || ':' || (q.cj / 10))) % 100 >= 30) p
JOIN bench_vertex v ON v.id = p.j * (500 * :f + 2) + p.i
WHERE p.r <= 10000 * :f * :f;

COMMIT;
ANALYZE;
