-- The benchmark city of issue #5: 6,000 communities, 100,000 facilities in 10 categories and
-- 300,398 walkable road edges, generated in an empty, migrated Linli database (psql -f).
-- Everything lies on one square walking grid (40 m spacing, 502 x 300 vertices, laid out in
-- CGCS2000 / Gauss-Kruger CM 120E near Qingdao and stored in EPSG:4490). Community reference
-- points and facilities sit on grid vertices, so the access and egress legs of network mode are
-- zero and pgRouting's node-to-node walking distances answer exactly the same question.
-- Deterministic: setseed fixes every random choice. Table bench_vertex keeps the vertex ids for
-- the pgRouting comparison (bench_edge: id, source, target, cost in metres on the ellipsoid).
\set ON_ERROR_STOP on
BEGIN;
SELECT setseed(0.3702);

-- Grid vertex (i, j), i = 0..501 west to east, j = 0..299 south to north; id = j * 502 + i.
CREATE TABLE bench_vertex AS
SELECT j * 502 + i AS id, i, j,
       ST_Transform(ST_SetSRID(ST_MakePoint(520000 + i * 40, 3995000 + j * 40), 4549), 4490) AS geom
FROM generate_series(0, 501) i, generate_series(0, 299) j;
ALTER TABLE bench_vertex ADD PRIMARY KEY (id);
CREATE INDEX ON bench_vertex (i, j);

CREATE TABLE bench_edge AS
SELECT row_number() OVER () AS id, a.id AS source, b.id AS target,
       ST_MakeLine(a.geom, b.geom) AS geom
FROM bench_vertex a
JOIN bench_vertex b ON (b.i = a.i + 1 AND b.j = a.j) OR (b.i = a.i AND b.j = a.j + 1);
ALTER TABLE bench_edge ADD COLUMN cost float8;
UPDATE bench_edge SET cost = ST_Length(geom::geography);
ALTER TABLE bench_edge ADD PRIMARY KEY (id);

INSERT INTO road (highway, walkable, geom, source)
SELECT 'footway', true, geom, 'bench' FROM bench_edge;

-- 100 x 60 community cells of 5 x 5 grid spacings (200 m); 10 districts of 10 x 60 cells, each
-- with 10 streets of 10 x 6 cells.
CREATE TEMP TABLE cell AS
SELECT ci, cj, ci / 10 AS d, cj / 6 AS s,
       ST_Transform(ST_MakeEnvelope(520000 + ci * 200, 3995000 + cj * 200,
                                    520000 + ci * 200 + 200, 3995000 + cj * 200 + 200, 4549), 4490) AS geom
FROM generate_series(0, 99) ci, generate_series(0, 59) cj;

INSERT INTO district (code, name, geom)
SELECT '3799' || lpad(d::text, 2, '0'), '基准区' || d, ST_Multi(ST_Union(geom))
FROM cell GROUP BY d;

INSERT INTO street (code, name, kind, district_code, geom)
SELECT '3799' || lpad(d::text, 2, '0') || lpad(s::text, 3, '0'), '基准街道' || d || '-' || s, 'street',
       '3799' || lpad(d::text, 2, '0'), ST_Multi(ST_Union(geom))
FROM cell GROUP BY d, s;

-- The reference point is an interior vertex of the cell, chosen at random.
INSERT INTO community (code, name, kind, street_code, population, workers, smart, ref_point, geom)
SELECT '3799' || lpad(c.d::text, 2, '0') || lpad(c.s::text, 3, '0') || lpad(((c.ci % 10) * 6 + c.cj % 6)::text, 3, '0') AS code,
       '基准社区' || c.ci || '-' || c.cj, 'community',
       '3799' || lpad(c.d::text, 2, '0') || lpad(c.s::text, 3, '0'),
       500 + floor(random() * 7500)::int, 5, false, v.geom, ST_Multi(c.geom)
FROM (SELECT cell.*, ci * 5 + 1 + floor(random() * 4)::int AS vi, cj * 5 + 1 + floor(random() * 4)::int AS vj
      FROM cell) c
JOIN bench_vertex v ON v.i = c.vi AND v.j = c.vj;

-- 10,000 facilities in each of the first ten categories, on random vertices; each category
-- shuns its own random 30% of the 2 km x 2 km blocks so that gaps exist at every distance. 90% are open.
-- Points are drawn in surplus (20,000) and the first 10,000 outside shunned cells are kept.
CREATE TEMP TABLE shunned AS
SELECT k.code AS category, c.ci, c.cj
FROM (SELECT code FROM category ORDER BY sort_order LIMIT 10) k, cell c
WHERE abs(hashtext(k.code || ':' || (c.ci / 10) || ':' || (c.cj / 10))) % 100 < 30;

INSERT INTO facility (category, name, status, capacity, community_code, source, source_id, geom, updated_by)
SELECT p.category, p.category || '-' || p.r,
       CASE WHEN random() < 0.9 THEN 'open' ELSE 'closed' END,
       50 + floor(random() * 950)::int,
       '3799' || lpad((p.ci / 10)::text, 2, '0') || lpad((p.cj / 6)::text, 3, '0') || lpad(((p.ci % 10) * 6 + p.cj % 6)::text, 3, '0'),
       'bench', p.category || '-' || p.r, v.geom, 'bench'
FROM (SELECT q.*, row_number() OVER (PARTITION BY q.category ORDER BY q.n) AS r
      FROM (SELECT k.code AS category, n, i, j, least(i / 5, 99) AS ci, least(j / 5, 59) AS cj
            FROM (SELECT code FROM category ORDER BY sort_order LIMIT 10) k, generate_series(1, 20000) n,
                 LATERAL (SELECT floor(random() * 502)::int + 0 * n AS i, floor(random() * 300)::int + 0 * n AS j) r) q
      WHERE NOT EXISTS (SELECT 1 FROM shunned x WHERE x.category = q.category AND x.ci = q.ci AND x.cj = q.cj)) p
JOIN bench_vertex v ON v.i = p.i AND v.j = p.j
WHERE p.r <= 10000;

COMMIT;
ANALYZE;
