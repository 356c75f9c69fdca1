#!/usr/bin/env bash
# The database side of a first load, by insertion order and work_mem (issue 15 item 6): ROWS points
# (default 200,000) drawn as scripts/bench-import.sh's POINTS=registry draws them (communities at
# random, each point inside its community's polygon, with that community's code), rows numbered in
# random order (a file is not sorted by place); then, in ROUNDS rounds (default 3), each variant
# inserts them into facility in one INSERT ... SELECT (every trigger: reference check, history,
# change feed), timed by clock_timestamp(), and ROLLS BACK (the registry is left as it was):
#   file-64MB       the file's order, work_mem 64MB    (main's first load)
#   file-256MB      the file's order, work_mem 256MB   (work_mem alone)
#   batches-256MB   batches of 65,536 rows in file order, each sorted along a Hilbert curve over
#                   the points' extent, work_mem 256MB (as the spatial batches measured on
#                   2026-12-04 and not merged would insert them: docs/BENCHMARKS.md)
# The variants take turns in a different order each round. Prints, per insert, its seconds, the
# temporary-file bytes the session wrote meanwhile (pg_stat_database) and the blocks of facility's
# indexes read into shared buffers (not found there) and found there (pg_statio_user_indexes; both
# flushed by the session; other sessions' work on facility meanwhile would count too).
# Needs the project-local cluster (./linli demo) or LINLI_PG_DATA; DB (default linli_scale_16).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${LINLI_PG_DATA:-}" ]; then pgdata="$LINLI_PG_DATA"; else pgdata="$(pwd)/.linli/pgdata"; fi
export PGPASSWORD="$(cat "$(dirname "$pgdata")/db-password")"
dbport="$(sed -n 4p "$pgdata/postmaster.pid")"
db="${DB:-linli_scale_16}"
rows="${ROWS:-200000}"
rounds="${ROUNDS:-3}"
{
cat <<SQL
\\set ON_ERROR_STOP on
\\pset tuples_only on
\\pset format unaligned
CREATE FUNCTION pg_temp.hilbert(x int, y int) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS \$\$
DECLARE d bigint := 0; s int := 32768; rx int; ry int; t int;
BEGIN
  WHILE s > 0 LOOP
    rx := CASE WHEN x & s > 0 THEN 1 ELSE 0 END;
    ry := CASE WHEN y & s > 0 THEN 1 ELSE 0 END;
    d := d + s::bigint * s * ((3 * rx) # ry);
    IF ry = 0 THEN
      IF rx = 1 THEN x := 65535 - x; y := 65535 - y; END IF;
      t := x; x := y; y := t;
    END IF;
    s := s / 2;
  END LOOP;
  RETURN d;
END \$\$;
\\set rows $rows
\\i scripts/bench-import-points.sql
ALTER TABLE bench_point ADD h bigint;
WITH e AS (SELECT min(ST_X(g)) AS x0, max(ST_X(g)) AS x1, min(ST_Y(g)) AS y0, max(ST_Y(g)) AS y1 FROM bench_point)
UPDATE bench_point SET h = pg_temp.hilbert(((ST_X(g) - x0) * 65535 / (x1 - x0))::int, ((ST_Y(g) - y0) * 65535 / (y1 - y0))::int) FROM e;
ANALYZE bench_point;
SELECT 'points: ' || count(*) FROM bench_point;
SQL
variants=(file-64MB file-256MB batches-256MB)
for r in $(seq "$rounds"); do
  for v in $(seq 0 2); do
    name=${variants[$(( (v + r) % 3 ))]}
    case $name in
      file-64MB) wm=64MB; order="i" ;;
      file-256MB) wm=256MB; order="i" ;;
      batches-256MB) wm=256MB; order="i / 65536, h, i" ;;
    esac
    cat <<SQL
SELECT pg_stat_force_next_flush();
SELECT pg_sleep(0.3);
SELECT temp_bytes AS tb0 FROM pg_stat_database WHERE datname = current_database() \\gset
SELECT sum(idx_blks_read) AS r0, sum(idx_blks_read) FILTER (WHERE indexrelname LIKE '%gist') AS g0,
  sum(idx_blks_hit) AS h0 FROM pg_statio_user_indexes WHERE relname = 'facility' \\gset
BEGIN;
SET LOCAL work_mem = '$wm';
SELECT clock_timestamp() AS t0 \\gset
INSERT INTO facility (category, status, name, capacity, community_code, source, source_id, geom, updated_by)
  SELECT codes[1 + i % cardinality(codes)], 'open', '基准点' || i, i % 3000, code, 'bench-order', 'P' || i, g, 'bench'
  FROM bench_point, bench_category ORDER BY $order;
SELECT 'round $r $name: ' || round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 2) || ' s' AS line \\gset
ROLLBACK;
SELECT pg_stat_force_next_flush();
SELECT pg_sleep(0.3);
SELECT :'line' || ', temporary files ' || pg_size_pretty(temp_bytes - :tb0)
  || ', facility index blocks read ' || (SELECT sum(idx_blks_read) - :r0 FROM pg_statio_user_indexes WHERE relname = 'facility')
  || ' (GiST ' || (SELECT sum(idx_blks_read) FILTER (WHERE indexrelname LIKE '%gist') - :g0 FROM pg_statio_user_indexes WHERE relname = 'facility')
  || '), hit ' || (SELECT sum(idx_blks_hit) - :h0 FROM pg_statio_user_indexes WHERE relname = 'facility')
  || ', load ' || pg_read_file('/proc/loadavg')
  FROM pg_stat_database WHERE datname = current_database();
SQL
  done
done
} | psql -h 127.0.0.1 -p "$dbport" -U linli -d "$db" -q | grep -v "^$"
