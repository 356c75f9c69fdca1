#!/usr/bin/env bash
# Straight-line coverage of every category on the Qingdao demo: GET /api/coverage (the whole HTTP
# path: validation, SQL, nearest distances, JSON) against the fastest bare PostGIS query for the
# covered count (index prefilter on the Web Mercator copy, exact ST_DWithin on geography), each the
# median of 5 runs, as a ratio.
# Usage: ./linli demo in another terminal (project-local cluster), then scripts/bench-coverage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
psql_q() { psql -h 127.0.0.1 -p "$port" -U linli -d linli -Atq "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-22s %8s %10s %10s %7s\n' category covered api_ms sql_ms ratio
for category in $(psql_q -c "SELECT code FROM category ORDER BY sort_order"); do
  api=$(for i in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' "http://localhost:7070/api/coverage?category=$category"; done | median)
  sql=$(for i in 1 2 3 4 5; do
    psql_q -c '\timing on' -c "SELECT count(*) FROM community c
      JOIN category k ON k.code = '$category'
      WHERE EXISTS (SELECT 1 FROM facility f WHERE f.category = k.code AND f.status = 'open' AND NOT f.deleted
                    AND ST_DWithin(f.geom_m, c.anchor_m, k.default_distance_m / cos(radians(ST_Y(c.anchor))) * 1.01 + 1)
                    AND ST_DWithin(f.geom::geography, c.anchor::geography, k.default_distance_m))" \
      | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'; done | median)
  covered=$(curl -s "http://localhost:7070/api/coverage?category=$category" | python3 -c 'import json,sys; print(json.load(sys.stdin)["communities"]["covered"])')
  awk -v c="$category" -v n="$covered" -v a="$api" -v s="$sql" \
    'BEGIN { printf "%-22s %8d %10.1f %10.1f %7.1f\n", c, n, a * 1000, s, a * 1000 / s }'
done
