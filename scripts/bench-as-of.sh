#!/usr/bin/env bash
# Issue #17 item 2: coverage as_of a past instant against today's answer, at the scale city of
# scripts/scale-city.sql (6,000 communities, 100,000 facilities, 300,398 road edges) in its own
# database `linli_as_of` of the project-local cluster. Goal: as_of within 2x of today's answer.
# The city gets a history first (once, recorded in bench_as_of): T0 is the instant after the load;
# then 10 % of the facilities are closed and 5 % moved by 100 m (two statements), so an answer at
# T0 reads 15 % of its facilities from their frozen history versions and the rest from live rows.
# Every API call is a cache miss (the distance moves by a millimetre); medians of RUNS (default 5).
# DB (default linli_as_of) and JAR (default web/target/linli.jar) choose the database and the build.
# Needs: ./linli demo running (it starts the cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
pgport="$(sed -n 4p .linli/pgdata/postmaster.pid)"
port="${PORT:-7094}"
runs="${RUNS:-5}"
db="${DB:-linli_as_of}"
base="http://127.0.0.1:$port"
psql_q() { psql -h 127.0.0.1 -p "$pgport" -U linli -d "$db" -Atq "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
http_ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.1f\n", $1 * 1000}'; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

if ! psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -Atq -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -q -c "CREATE DATABASE $db"
fi
LINLI_PORT="$port" LINLI_ADMIN_TOKEN=bench \
  LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/$db?user=linli&password=$PGPASSWORD" \
  java -jar "${JAR:-web/target/linli.jar}" serve >"${TMPDIR:-/tmp}/linli-bench-as-of.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
until curl -sf "$base/health" >/dev/null 2>&1; do sleep 1; done
if [ "$(psql_q -c 'SELECT count(*) FROM community')" = 0 ]; then
  echo "loading the benchmark city (scripts/scale-city.sql)..."
  psql_q -f scripts/scale-city.sql >/dev/null
fi
if [ -z "$(psql_q -c "SELECT to_regclass('bench_as_of')")" ]; then
  echo "writing a history: 10 % closed, 5 % moved..."
  psql_q -c "CREATE TABLE bench_as_of AS SELECT clock_timestamp() AS t0" >/dev/null
  sleep 1
  psql_q -c "UPDATE facility SET status = 'closed', version = version + 1, updated_at = now(), updated_by = 'bench'
             WHERE id % 10 = 0" >/dev/null
  psql_q -c "UPDATE facility SET geom = ST_Project(geom::geography, 100, radians(45))::geometry,
             version = version + 1, updated_at = now(), updated_by = 'bench' WHERE id % 20 = 5" >/dev/null
  psql_q -c "VACUUM ANALYZE" >/dev/null
fi
t0="$(psql_q -c "SELECT to_char(t0 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM bench_as_of")"
echo "city: $(psql_q -c "SELECT (SELECT count(*) FROM community) || ' communities, ' || (SELECT count(*) FROM facility) || ' facilities, ' || (SELECT count(*) FROM facility_history) || ' history rows, ' || (SELECT count(*) FROM facility_history_feature) || ' frozen versions'")"
echo "T0 = $t0"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
sleep 1

for i in $(seq "${WARMUP:-8}"); do
  curl -sf -o /dev/null "$base/api/coverage?category=police_office&distance=$((480 + i))"
  curl -sf -o /dev/null "$base/api/coverage?category=police_office&distance=$((480 + i))&as_of=$(enc "$t0")"
done

# Every row asks with distances of its own (D.0<row><run>): no answer comes from the cache.
k=0
row() { # label, path with the question and "D" for the distance, as_of
  local a p
  k=$((k + 1))
  local today past
  today=$(mktemp); past=$(mktemp)
  for i in $(seq "$runs"); do # interleaved, so a change of the machine's load hits both
    http_ms "$base${2/D/$3.0$k$i}" >>"$today"
    http_ms "$base${2/D/$3.0$k$i}&as_of=$(enc "$4")" >>"$past"
  done
  a=$(median <"$today"); p=$(median <"$past"); rm -f "$today" "$past"
  awk -v l="$1" -v a="$a" -v p="$p" 'BEGIN { printf "%-50s today %6.0f  as_of %6.0f  ratio %.2f\n", l, a, p, p / a }'
}

echo
echo "## today against as_of, ms (medians of $runs)"
row "coverage fitness_venue 500 m straight, as_of T0" "/api/coverage?category=fitness_venue&distance=D" 500 "$t0"
row "coverage fitness_venue 500 m straight, as_of now" "/api/coverage?category=fitness_venue&distance=D" 500 "$now"
row "coverage police_office 1000 m straight, as_of T0" "/api/coverage?category=police_office&distance=D" 1000 "$t0"
curl -sf -o /dev/null "$base/api/coverage?category=fitness_venue&distance=499&mode=network" # builds the graph
row "coverage fitness_venue 500 m network, as_of T0" "/api/coverage?category=fitness_venue&mode=network&distance=D" 500 "$t0"
row "communities GeoJSON fitness_venue 500 m, as_of T0" "/api/coverage/communities?category=fitness_venue&distance=D" 500 "$t0"
# The first question at an instant not asked before reads the facilities changed since it (then kept
# per instant): instants a few microseconds apart around T0, each asked once.
a=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.3$i"; done | median)
p=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.3$i&as_of=$(enc "${t0:0:25}$i${t0:26}")"; done | median)
awk -v a="$a" -v p="$p" 'BEGIN { printf "%-50s today %6.0f  as_of %6.0f  ratio %.2f\n", "coverage fitness_venue 500 m, a new instant each", a, p, p / a }'
covered() { python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["communities"]["covered"], r["population"]["covered"])'; }
echo "answer check, fitness_venue 500 m: today $(curl -sf "$base/api/coverage?category=fitness_venue&distance=500" | covered),\
 as_of now $(curl -sf "$base/api/coverage?category=fitness_venue&distance=500&as_of=$(enc "$now")" | covered),\
 as_of T0 $(curl -sf "$base/api/coverage?category=fitness_venue&distance=500&as_of=$(enc "$t0")" | covered) (communities, people covered)"
a=$(for i in $(seq "$runs"); do http_ms "$base/api/indicators?year=202$i"; done | median)
p=$(for i in $(seq "$runs"); do http_ms "$base/api/indicators?year=202$i&as_of=$(enc "$t0")"; done | median)
awk -v a="$a" -v p="$p" 'BEGIN { printf "%-50s today %6.0f  as_of %6.0f  ratio %.2f\n", "indicators, as_of T0", a, p, p / a }'
c=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage/changes?category=fitness_venue&from=$(enc "$t0")&distance=500.09$i"; done | median)
echo "changes T0 -> now, fitness_venue 500 m: $c ms (two as_of answers and two facility sets)"
echo "answer: $(curl -sf "$base/api/coverage/changes?category=fitness_venue&distance=500&from=$(enc "$t0")" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(len(r["gained"]), "gained,", len(r["lost"]), "lost,", r["population_lost"] - r["population_gained"], "fewer covered;",
      len(r["facilities_added"]), "added,", len(r["facilities_removed"]), "removed,", len(r["facilities_moved"]), "moved")')"
