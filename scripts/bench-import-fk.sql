-- What the two row-by-row foreign keys of facility cost an insert of 200,000 rows (BENCHMARKS.md,
-- "The fair comparison"). Everything is rolled back. Run against ./linli demo's cluster, alternating:
--   for d in false true false true; do psql -h 127.0.0.1 -p PORT -U linli -d linli -v drop=$d -f scripts/bench-import-fk.sql; done
-- drop=true drops both foreign keys inside the transaction and takes the referenced rows FOR KEY SHARE
-- set-wise, as a statement-level check would.
\set QUIET on
BEGIN;
CREATE TEMP TABLE st ON COMMIT DROP AS SELECT 'P'||i AS sid, '基准点'||i AS name, (ARRAY['emergency_shelter','fitness_venue','culture_room','meal_point','legal_service'])[1+i%5] AS cat,
  ST_SetSRID(ST_MakePoint(119.6+random()*1.7, 35.7+random()*1.4),4490) AS g, i%3000 AS cap,
  (SELECT code FROM community ORDER BY code OFFSET (i%2000) LIMIT 1) AS cc FROM generate_series(1,200000) i;
ANALYZE st;
SELECT :drop AS drop_fks \gset
\if :drop_fks
ALTER TABLE facility DROP CONSTRAINT facility_category_fkey, DROP CONSTRAINT facility_community_code_fkey;
\endif
\timing on
INSERT INTO facility (category, status, name, capacity, community_code, source, source_id, geom, updated_by)
 SELECT cat, 'open', name, cap, cc, 'xp', sid, g, 'bench' FROM st;
SELECT count(*) FROM (SELECT c.code FROM category c WHERE c.code IN (SELECT DISTINCT cat FROM st) FOR KEY SHARE) a;
SELECT count(*) FROM (SELECT c.code FROM community c WHERE c.code IN (SELECT DISTINCT cc FROM st) FOR KEY SHARE) b;
\timing off
ROLLBACK;
