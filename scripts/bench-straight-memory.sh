#!/usr/bin/env bash
# Straight-line coverage in memory (issue #15 item 3) against the hand-written KNN SQL, side by side in
# one run, on issue #5's benchmark city (scripts/scale-city.sql: 6,000 communities, 100,000
# facilities in 10 categories) in database `linli_scale` of the project-local cluster; medians of RUNS
# (default 5), milliseconds:
#   - one category (fitness_venue, 500 m) and all ten at their default distances: GET /api/coverage
#     over HTTP, every call a cache miss (the distance moves by a millimetre), against the SQL in one
#     psql session with JIT off, as the service's sessions have it;
#   - the floor under the API figure: the same URL again (a cache hit: revision check, report, JSON, HTTP);
#   - what-if, one added site, and one added site with ten facilities removed;
#   - the answers compared row by row: every uncovered community and its nearest distance (to the
#     decimetre) from the API against the SQL's.
# Needs: ./linli demo running (it starts the cluster), and web/target/linli.jar built.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
pgport="$(sed -n 4p .linli/pgdata/postmaster.pid)"
port="${PORT:-7092}"
runs="${RUNS:-5}"
base="http://127.0.0.1:$port"
psql_q() { psql -h 127.0.0.1 -p "$pgport" -U linli -d linli_scale -Atq "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sql_runs() {
  { echo 'SET jit = off;'; echo '\timing on'; for _ in $(seq "$2"); do echo "$1;"; done; } \
    | psql -h 127.0.0.1 -p "$pgport" -U linli -d linli_scale -Atq -o /dev/null | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
http_ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.1f\n", $1 * 1000}'; }

if ! psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -Atq -c "SELECT 1 FROM pg_database WHERE datname = 'linli_scale'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -q -c "CREATE DATABASE linli_scale"
fi
LINLI_PORT="$port" LINLI_ADMIN_TOKEN=bench \
  LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/linli_scale?user=linli&password=$PGPASSWORD" \
  java -jar web/target/linli.jar serve >"${TMPDIR:-/tmp}/linli-bench-straight.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
until curl -sf "$base/health" >/dev/null 2>&1; do sleep 1; done
if [ "$(psql_q -c 'SELECT count(*) FROM community')" = 0 ]; then
  echo "loading the benchmark city (scripts/scale-city.sql)..."
  psql_q -f scripts/scale-city.sql >/dev/null
fi
echo "city: $(psql_q -c "SELECT (SELECT count(*) FROM community) || ' communities, ' || (SELECT count(*) FROM facility) || ' facilities'")"

# The hand-written KNN SQL: every community's nearest open facility of the category on the ellipsoid
# (the eight nearest by the (category hash, Web Mercator) index of V11, then exact), covered within d.
knn_rows() {
  echo "SELECT c.code, n.m <= $2 AS covered, round(n.m::numeric, 1) AS nearest_m, c.population
        FROM community c CROSS JOIN LATERAL (
          SELECT min(ST_Distance(k.geom::geography, c.anchor::geography)) AS m
          FROM (SELECT f.geom FROM facility f
                WHERE hashtext(f.category) = hashtext('$1') AND f.category = '$1' AND f.status = 'open' AND NOT f.deleted
                ORDER BY f.geom_m <-> c.anchor_m LIMIT 8) k) n"
}
knn_sql() { echo "SELECT count(*) FILTER (WHERE covered), sum(population) FILTER (WHERE covered) FROM ($(knn_rows "$1" "$2")) r"; }

# Warm the service up (JIT, pool, the index of every category) on answers that are not measured.
for category in $(psql_q -c "SELECT DISTINCT category FROM facility ORDER BY 1"); do
  for i in $(seq "${WARMUP:-6}"); do curl -sf -o /dev/null "$base/api/coverage?category=$category&distance=$((480 + i))"; done
done

echo
echo "## one category (fitness_venue, 500 m), ms"
api=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.00$i"; done | median)
hit=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.001"; done | median)
sql=$(sql_runs "$(knn_sql fitness_venue 500)" "$runs" | median)
awk -v a="$api" -v s="$sql" -v h="$hit" 'BEGIN { printf "Linli %.1f  KNN SQL %.0f  Linli is %.1fx faster   (cache hit %.1f)\n", a, s, s / a, h }'

echo
echo "## answers row by row (fitness_venue, 500 m): uncovered communities and their nearest distance"
curl -sf "$base/api/coverage?category=fitness_venue&distance=500" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); [print(u["code"], "%.1f" % u["nearest_m"]) for u in r["uncovered"]]' \
  | sort >"${TMPDIR:-/tmp}/straight-api.txt"
psql_q -F ' ' -c "SELECT code, nearest_m FROM ($(knn_rows fitness_venue 500)) r WHERE NOT covered ORDER BY code" \
  | sort >"${TMPDIR:-/tmp}/straight-sql.txt"
if diff -q "${TMPDIR:-/tmp}/straight-api.txt" "${TMPDIR:-/tmp}/straight-sql.txt" >/dev/null; then
  echo "identical: $(wc -l <"${TMPDIR:-/tmp}/straight-api.txt") uncovered communities, same codes, same nearest_m"
else
  echo "DIFFERENT:"; diff "${TMPDIR:-/tmp}/straight-api.txt" "${TMPDIR:-/tmp}/straight-sql.txt" | head -20
fi

echo
echo "## all ten categories at their default distances, ms (sum of medians)"
api_all=0; sql_all=0
for category in $(psql_q -c "SELECT DISTINCT category FROM facility ORDER BY 1"); do
  d=$(psql_q -c "SELECT default_distance_m FROM category WHERE code = '$category'")
  a=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=$category&distance=$d.01$i"; done | median)
  s=$(sql_runs "$(knn_sql "$category" "$d")" "$runs" | median)
  printf '%-20s %5s m  Linli %6.1f  SQL %6.0f  %5.1fx\n' "$category" "$d" "$a" "$s" "$(echo "$s / $a" | bc -l)"
  api_all=$(echo "$api_all + $a" | bc -l); sql_all=$(echo "$sql_all + $s" | bc -l)
done
awk -v a="$api_all" -v s="$sql_all" 'BEGIN { printf "all ten: Linli %.0f  SQL %.0f  Linli is %.1fx faster\n", a, s, s / a }'

echo
echo "## what-if (fitness_venue, 500 m, straight), ms"
gap=$(curl -sf "$base/api/coverage?category=fitness_venue&distance=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uncovered"][0]["code"])')
site=$(psql_q -c "SELECT '[' || ST_X(anchor) || ',' || ST_Y(anchor) || ']' FROM community WHERE code = '$gap'")
removed=$(psql_q -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM facility WHERE category = 'fitness_venue' AND status = 'open' ORDER BY id LIMIT 10) f")
for body in "{\"category\":\"fitness_venue\",\"distance_m\":500,\"add\":[$site]}" \
    "{\"category\":\"fitness_venue\",\"distance_m\":500,\"add\":[$site],\"remove\":[$removed]}"; do
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/api/coverage/what-if"
  w=$(for i in $(seq "$runs"); do http_ms -H 'Content-Type: application/json' -d "$body" "$base/api/coverage/what-if"; done | median)
  case "$body" in *remove*) echo "one site added, ten removed: $w";; *) echo "one site added: $w";; esac
done
