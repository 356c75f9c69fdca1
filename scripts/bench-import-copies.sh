#!/usr/bin/env bash
# The cost of the dry run's copy check (registry/src/main/resources/linli/registry/transfer/
# facility_copies.sql) on the demo registry, as EXPLAIN ANALYZE's execution time, median of ROUNDS:
#  - "copy": every live facility staged again, as if another source uploaded the very same list
#    (every row warns; the statement stops at the report's 1,000 warnings),
#  - "fresh": ROWS random points over the same area with names no facility has (nothing warns, so
#    every row is probed: the usual dry run).
# Needs the project-local cluster running (./linli demo) and psql. ROWS (default 100000), ROUNDS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${LINLI_PG_DATA:-.linli/pgdata}"
export PGPASSWORD="$(cat "$(dirname "$data")/db-password")"
dbport="$(sed -n 4p "$data/postmaster.pid")"
rows="${ROWS:-100000}"
rounds="${ROUNDS:-5}"
query="$(sed -e "s/:source/'bench-copies'/" -e 's/:metres/30/' -e 's/:box_degrees/0.00054/' -e 's/:max_rows/1000/' \
  registry/src/main/resources/linli/registry/transfer/facility_copies.sql | grep -v '^--')"

# Prints the median execution time (ms) of the check over a stage filled by $1 (SQL selecting row, name, geom).
measure() {
  local fill="$1" times=()
  for _ in $(seq "$rounds"); do
    times+=("$(psql -h 127.0.0.1 -p "$dbport" -U linli -d linli -Atq <<SQL | sed -n 's/.*Execution Time: \([0-9.]*\) ms/\1/p'
BEGIN;
CREATE TEMP TABLE import_stage ON COMMIT DROP AS $fill;
ANALYZE import_stage;
EXPLAIN (ANALYZE, COSTS OFF) $query;
ROLLBACK;
SQL
)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p"
}

facilities=$(psql -h 127.0.0.1 -p "$dbport" -U linli -d linli -Atq -c 'SELECT count(*) FROM facility WHERE NOT deleted')
echo "facilities in the registry: $facilities; rounds: $rounds"
echo "copy  ($facilities rows, all copies): $(measure "SELECT row_number() OVER ()::bigint AS row, name, geom FROM facility WHERE NOT deleted") ms"
echo "fresh ($rows rows, no copies): $(measure "SELECT i::bigint AS row, 'bench ' || i AS name,
  ST_SetSRID(ST_MakePoint(e.x0 + random() * (e.x1 - e.x0), e.y0 + random() * (e.y1 - e.y0)), 4490) AS geom
  FROM generate_series(1, $rows) i, (SELECT ST_XMin(b) x0, ST_XMax(b) x1, ST_YMin(b) y0, ST_YMax(b) y1
  FROM (SELECT ST_Extent(geom)::box2d b FROM facility) f) e") ms"
