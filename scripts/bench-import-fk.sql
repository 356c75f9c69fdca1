-- What facility's reference checks cost an insert of 200,000 rows (BENCHMARKS.md, "The fair
-- comparison"): EXPLAIN ANALYZE of the same INSERT, each trigger timed. Everything is rolled back.
-- Run against ./linli demo's cluster, alternating:
--   for d in true false true false; do psql -h 127.0.0.1 -p PORT -U linli -d linli -v declared=$d -f scripts/bench-import-fk.sql; done
-- declared=true puts the two row-by-row foreign keys back inside the transaction (V30 reverted);
-- declared=false keeps V30's per-statement check.
-- communities=N (default 2000): the rows name the first N communities in code order, in turn (as
-- many as the registry has if it has fewer); at province scale an import names many more.
--   psql ... -d linli_scale_16 -v declared=false -v communities=96000 -f scripts/bench-import-fk.sql
-- check=FILE (optional) runs FILE inside the transaction first, e.g. to time the reference check as it
-- was before V37 on a migrated database (rolled back with the rest):
--   psql ... -v declared=false -v communities=96000 -v check=scripts/bench-import-references-v36.sql -f scripts/bench-import-fk.sql
\set QUIET on
\if :{?communities}
\else
\set communities 2000
\endif
BEGIN;
CREATE TEMP TABLE codes ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM community ORDER BY code LIMIT :communities;
CREATE TEMP TABLE st ON COMMIT DROP AS SELECT 'P'||i AS sid, '基准点'||i AS name, (ARRAY['emergency_shelter','fitness_venue','culture_room','meal_point','legal_service'])[1+i%5] AS cat,
  ST_SetSRID(ST_MakePoint(119.6+random()*1.7, 35.7+random()*1.4),4490) AS g, i%3000 AS cap,
  c.code AS cc FROM generate_series(1,200000) i JOIN codes c ON c.k = i % (SELECT count(*) FROM codes);
ANALYZE st;
\if :{?check}
\i :check
\endif
SELECT :declared AS declared_fks \gset
\if :declared_fks
ALTER TABLE facility DISABLE TRIGGER facility_a_references_inserted, DISABLE TRIGGER facility_a_references_updated,
  ADD CONSTRAINT facility_category_fkey FOREIGN KEY (category) REFERENCES category (code),
  ADD CONSTRAINT facility_community_code_fkey FOREIGN KEY (community_code) REFERENCES community (code);
\endif
\set QUIET off
EXPLAIN (ANALYZE, COSTS off)
INSERT INTO facility (category, status, name, capacity, community_code, source, source_id, geom, updated_by)
 SELECT cat, 'open', name, cap, cc, 'xp', sid, g, 'bench' FROM st;
ROLLBACK;
