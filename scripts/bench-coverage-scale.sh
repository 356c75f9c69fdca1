#!/usr/bin/env bash
# Issue #5's benchmark city: 6,000 communities, 100,000 facilities in 10 categories, 300,398 road
# edges (scripts/scale-city.sql), in its own database `linli_scale` of the project-local cluster.
# Side by side, in one run, each the median of RUNS (default 5):
#   - straight mode, one category and all ten, GET /api/coverage over HTTP (every call a cache
#     miss: the distance moves by a millimetre) against hand-written PostGIS SQL giving the same
#     answer (every community's nearest distance and covered flag, KNN on the GiST index);
#   - network mode, one category, Linli (graph warm) against pgr_drivingDistance (multi-source,
#     equicost) over the same grid, with the covered sets compared;
#   - what-if after one added site (straight and network), and suggest k=10.
# Needs: ./linli demo running (it starts the cluster); postgresql-15-pgrouting (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
pgport="$(sed -n 4p .linli/pgdata/postmaster.pid)"
port="${PORT:-7091}"
runs="${RUNS:-5}"
base="http://127.0.0.1:$port"
psql_q() { psql -h 127.0.0.1 -p "$pgport" -U linli -d linli_scale -Atq "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Each run of a query in its own psql session would pay a new backend's start (catalogs, PROJ) on
# every run; the service keeps its connections, so the SQL side runs RUNS times in one session,
# with JIT off as the service's sessions have it (JIT compilation alone costs ~100 ms here).
sql_runs() {
  { echo 'SET jit = off;'; echo '\timing on'; for _ in $(seq "$2"); do echo "$1;"; done; } \
    | psql -h 127.0.0.1 -p "$pgport" -U linli -d linli_scale -Atq -o /dev/null | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
http_ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.1f\n", $1 * 1000}'; }

if [ ! -f /usr/share/postgresql/15/extension/pgrouting.control ]; then
  apt-get install -y -qq postgresql-15-pgrouting >/dev/null
fi
if ! psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -Atq -c "SELECT 1 FROM pg_database WHERE datname = 'linli_scale'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -q -c "CREATE DATABASE linli_scale"
fi
LINLI_PORT="$port" LINLI_ADMIN_TOKEN=bench \
  LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/linli_scale?user=linli&password=$PGPASSWORD" \
  java -jar web/target/linli.jar serve >"${TMPDIR:-/tmp}/linli-bench-scale.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
until curl -sf "$base/health" >/dev/null 2>&1; do sleep 1; done
if [ "$(psql_q -c 'SELECT count(*) FROM community')" = 0 ]; then
  echo "loading the benchmark city (scripts/scale-city.sql)..."
  psql_q -f scripts/scale-city.sql >/dev/null
fi
psql_q -c "CREATE EXTENSION IF NOT EXISTS pgrouting" >/dev/null
echo "city: $(psql_q -c "SELECT (SELECT count(*) FROM community) || ' communities, ' || (SELECT count(*) FROM facility) || ' facilities, ' || (SELECT count(*) FROM road) || ' road edges'")"

# The same answer as /api/coverage's per-community part: nearest open facility of the category on
# the ellipsoid (the eight nearest by the (category hash, Web Mercator) index of V11, then exact),
# covered when within d.
straight_sql() {
  echo "SELECT count(*) FILTER (WHERE n.m <= $2), sum(c.population) FILTER (WHERE n.m <= $2)
        FROM community c CROSS JOIN LATERAL (
          SELECT min(ST_Distance(k.geom::geography, c.anchor::geography)) AS m
          FROM (SELECT f.geom FROM facility f
                WHERE hashtext(f.category) = hashtext('$1') AND f.category = '$1' AND f.status = 'open' AND NOT f.deleted
                ORDER BY f.geom_m <-> c.anchor_m LIMIT 8) k) n"
}

# Warm the service up (JIT, pool, caches of the catalog) on answers that are not measured.
for i in $(seq "${WARMUP:-12}"); do curl -sf -o /dev/null "$base/api/coverage?category=police_office&distance=$((480 + i))"; done

echo
echo "## straight mode, one category (fitness_venue, 500 m), ms"
api=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.00$i"; done | median)
sql=$(sql_runs "$(straight_sql fitness_venue 500)" "$runs" | median)
echo "answer: API $(curl -sf "$base/api/coverage?category=fitness_venue&distance=500" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["communities"]["covered"], r["population"]["covered"])'), SQL $(psql_q -c "$(straight_sql fitness_venue 500)" | tr '|' ' ')"
awk -v a="$api" -v s="$sql" 'BEGIN { printf "API %.0f  SQL %.0f  ratio %.2f\n", a, s, a / s }'

echo
echo "## straight mode, all ten categories at their default distances, ms (sum of medians)"
api_all=0; sql_all=0
for category in $(psql_q -c "SELECT DISTINCT category FROM facility ORDER BY 1"); do
  d=$(psql_q -c "SELECT default_distance_m FROM category WHERE code = '$category'")
  a=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=$category&distance=$d.01$i"; done | median)
  s=$(sql_runs "$(straight_sql "$category" "$d")" "$runs" | median)
  printf '%-20s %5s m  API %6.0f  SQL %6.0f  ratio %.2f\n' "$category" "$d" "$a" "$s" "$(echo "$a / $s" | bc -l)"
  api_all=$(echo "$api_all + $a" | bc -l); sql_all=$(echo "$sql_all + $s" | bc -l)
done
awk -v a="$api_all" -v s="$sql_all" 'BEGIN { printf "all ten: API %.0f  SQL %.0f  ratio %.2f\n", a, s, a / s }'

echo
echo "## network mode, one category (fitness_venue, 500 m), ms"
curl -sf -o /dev/null "$base/api/coverage?category=fitness_venue&distance=499&mode=network" # builds the graph
net=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.00$i&mode=network"; done | median)
pgr_sql="SELECT count(*), sum(c.population) FROM community c
  JOIN bench_vertex v ON v.geom = c.anchor
  WHERE v.id IN (SELECT node FROM pgr_drivingDistance(
    'SELECT id, source, target, cost, cost AS reverse_cost FROM bench_edge',
    (SELECT array_agg(DISTINCT v2.id) FROM facility f JOIN bench_vertex v2 ON v2.geom = f.geom
     WHERE f.category = 'fitness_venue' AND f.status = 'open' AND NOT f.deleted),
    500, directed => false, equicost => true))"
pgr_runs="${PGR_RUNS:-3}"
pgr=$(sql_runs "$pgr_sql" "$pgr_runs" | median)
echo "answer: Linli $(curl -sf "$base/api/coverage?category=fitness_venue&distance=500&mode=network" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["communities"]["covered"], r["population"]["covered"])'), pgRouting $(psql_q -c "$pgr_sql" | tr '|' ' ')"
awk -v a="$net" -v s="$pgr" 'BEGIN { printf "Linli %.0f  pgr_drivingDistance %.0f  Linli is %.0fx faster\n", a, s, s / a }'

echo
echo "## what-if, one added site, ms"
# The site: the reference point of the most populous uncovered community.
gap=$(curl -sf "$base/api/coverage?category=fitness_venue&distance=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uncovered"][0]["code"])')
site=$(psql_q -c "SELECT '[' || ST_X(anchor) || ',' || ST_Y(anchor) || ']' FROM community WHERE code = '$gap'")
for mode in straight network; do
  body="{\"category\":\"fitness_venue\",\"distance_m\":500,\"mode\":\"$mode\",\"add\":[$site]}"
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/api/coverage/what-if"
  w=$(for i in $(seq "$runs"); do http_ms -H 'Content-Type: application/json' -d "$body" "$base/api/coverage/what-if"; done | median)
  echo "$mode: $w"
done

echo
echo "## suggest k=10 (fitness_venue, 500 m)"
for mode in straight network; do
  start=$(date +%s.%N)
  reply=$(curl -s "$base/api/coverage/suggest?category=fitness_venue&distance=500&k=10&mode=$mode")
  end=$(date +%s.%N)
  echo "$mode: $(echo "($end - $start) * 1000" | bc -l | xargs printf '%.0f') ms; $(echo "$reply" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if "sites" in r:
    print("gains", [s["gain_population"] for s in r["sites"]], "covered after", r["population_covered_after"])
else:
    print(r.get("status"), r.get("detail"))')"
done
