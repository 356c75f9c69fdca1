#!/usr/bin/env bash
# Issue #15 item 2: the cost curve of Linli at 1x, 4x and 16x of issue #5's benchmark city
# (scripts/scale-city.sql with f = 1, 2, 4: 6,000 / 24,000 / 96,000 communities, 100,000 / 400,000 /
# 1,600,000 facilities, ~0.3 / 1.2 / 4.8 M road edges), each in its own database linli_scale_<S> of
# the project-local cluster, generated once and reused. For each scale, `linli serve` (heap HEAP,
# default 8g) is started on it, fresh, and measures (ms, median of RUNS, default 5, over HTTP):
#   the background warm-up every `serve` starts with (Main.warmUpInBackground: the overview, the
#   coverage index, each category's default question and the road graph), its own time as its log
#   line (logger linli.warm-up) gives it; nothing is measured before that line;
#   straight coverage, one category (fitness_venue, 500 m; every call a cache miss);
#   network coverage, the first call after the warm-up (graph built; the category's facilities
#   joined to it for the first time) and then warm;
#   what-if one added site (straight and network); suggest k=5 (straight);
#   a cold tile (z14, never asked before) and a cached one (facilities layer);
#   export of every facility as GeoJSON (GET /api/export/facilities.geojson, whole download);
# then JVM heap used after a full GC (jcmd GC.run; GC.heap_info) and the process's VmRSS/VmHWM;
# then import at scale (IMPORT_ROWS, default 200,000; IMPORT_ROUNDS, default 1; 0 rows skips it):
# scripts/bench-import.sh with POINTS=registry (points inside the city's own communities, its own
# categories; a rejected row stops the run), Linli's time through POST /api/imports and the raw
# COPY + INSERT of the same CSV, its rows removed again afterwards (facility count checked).
# GENERATE_ONLY=1 only generates the missing cities (their generation time is kept as the
# database's comment and reported by later runs that reuse them).
# Writes docs/scale-curve.tsv and, with gnuplot (package gnuplot-nox), docs/scale-curve.png.
# Needs the project-local cluster running (./linli demo starts it). Not run by CI.
# SCALES (default "1 4 16"; each a square: 1, 4, 9, 16, ...), PORT (7462), RUNS, HEAP override.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
if [ -n "${LINLI_PG_DATA:-}" ]; then pgdata="$LINLI_PG_DATA"
elif [ -f "$root/.linli/pgdata/postmaster.pid" ]; then pgdata="$root/.linli/pgdata"
else pgdata="/var/lib/linli/$(printf '%s' "$root" | sha256sum | cut -c1-12)/pgdata"; fi # ./linli as root, see there
export PGPASSWORD="$(cat "$(dirname "$pgdata")/db-password")"
pgport="$(sed -n 4p "$pgdata/postmaster.pid")"
port="${PORT:-7462}"
runs="${RUNS:-5}"
heap="${HEAP:-8g}"
base="http://127.0.0.1:$port"
log="${TMPDIR:-/tmp}/linli-bench-scale-curve-$port.log"
import_rows="${IMPORT_ROWS:-200000}"
import_rounds="${IMPORT_ROUNDS:-1}"
tsv="${TSV:-docs/scale-curve.tsv}"
median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", a[int((NR+1)/2)]}'; }
http_ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.1f\n", $1 * 1000}'; }
load1() { cut -d' ' -f1 /proc/loadavg; }

server=""
stop_server() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop_server EXIT
start_server() { # $1 database
  LINLI_PORT="$port" LINLI_ADMIN_TOKEN=bench \
    LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/$1?user=linli&password=$PGPASSWORD" \
    java -Xmx"$heap" -jar web/target/linli.jar serve >"$log" 2>&1 &
  server=$!
  until curl -sf "$base/health" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { echo "linli serve died; see $log" >&2; exit 1; }
    sleep 1
  done
}
# Waits for the background warm-up's log line; prints its seconds (nan if it stopped or failed).
warm_up_seconds() {
  local line
  until line=$(grep -m1 ' linli.warm-up - ' "$log"); do
    kill -0 "$server" 2>/dev/null || { echo "linli serve died; see $log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$line" | sed -n 's/.*warmed up in \([0-9.]*\) s.*/\1/p' | grep . || echo nan
}

header='scale\tcommunities\tfacilities\tedges\tpopulation\tgenerate_s\twarmup_s\tstraight_ms\tnetwork_first_ms\tnetwork_ms\twhatif_straight_ms\twhatif_network_ms\tsuggest_ms\ttile_cold_ms\ttile_cached_ms\texport_ms\texport_mb\theap_used_mb\trss_mb\thwm_mb\timport_rows\timport_s\timport_rows_per_s\traw_import_s\traw_over_linli\treimport_s\tload1\tload1_start\tdate\n'
if [ "${GENERATE_ONLY:-0}" != 1 ]; then
  if [ ! -f "$tsv" ]; then
    printf "$header" >"$tsv"
  elif [ "$(head -1 "$tsv")" != "$(printf "$header" | head -1)" ]; then
    echo "$tsv has other columns (an older version of this script): move it away or give TSV=" >&2; exit 2
  fi
fi

for scale in ${SCALES:-1 4 16}; do
  f=$(awk -v s="$scale" 'BEGIN { r = int(sqrt(s) + 0.5); if (r * r != s) exit 1; print r }') \
    || { echo "SCALE $scale is not a square" >&2; exit 2; }
  db="linli_scale_$scale"
  psql_q() { psql -h 127.0.0.1 -p "$pgport" -U linli -d "$db" -Atq "$@"; }
  echo "== ${scale}x (f = $f), database $db, load $(load1)"
  if ! psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -Atq -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -q -c "CREATE DATABASE $db"
  fi
  gen="reused"
  if [ "$(psql_q -c "SELECT to_regclass('community') IS NOT NULL" )" != t ] || [ "$(psql_q -c 'SELECT count(*) FROM community')" = 0 ]; then
    start_server "$db"; stop_server # migrates the empty database
    echo "generating (scripts/scale-city.sql -v f=$f), load $(load1)..."
    t0=$(date +%s.%N)
    psql_q -v f="$f" -f scripts/scale-city.sql >/dev/null
    gen=$(echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.0f')
    echo "generated in $gen s"
    # Kept with the database, so that a later run reusing it still reports how long it took.
    psql -h 127.0.0.1 -p "$pgport" -U linli -d postgres -q \
      -c "COMMENT ON DATABASE $db IS 'scripts/scale-city.sql -v f=$f: generated in $gen s at load $(load1), $(date -u +%FT%TZ)'"
  else
    gen=$(psql_q -c "SELECT substring(shobj_description(oid, 'pg_database') FROM 'generated in ([0-9]+) s') FROM pg_database WHERE datname = '$db'")
    gen=${gen:-reused}
  fi
  [ "${GENERATE_ONLY:-0}" = 1 ] && continue
  read -r ncomm nfac nedge npop <<<"$(psql_q -F' ' -c "SELECT (SELECT count(*) FROM community), (SELECT count(*) FROM facility), (SELECT count(*) FROM road), (SELECT sum(population) FROM community)")"
  echo "city: $ncomm communities, $nfac facilities, $nedge road edges, $npop people"
  l0=$(load1)
  start_server "$db"
  warmup=$(warm_up_seconds)
  echo "background warm-up done in $warmup s, load $(load1)"

  # JVM warm-up on answers that are not measured.
  for i in $(seq "${WARMUP:-8}"); do curl -sf -o /dev/null "$base/api/coverage?category=police_office&distance=$((480 + i))"; done
  straight=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.00$i"; done | median)
  net_first=$(http_ms "$base/api/coverage?category=fitness_venue&distance=499&mode=network")
  net=$(for i in $(seq "$runs"); do http_ms "$base/api/coverage?category=fitness_venue&distance=500.00$i&mode=network"; done | median)
  gap=$(curl -sf "$base/api/coverage?category=fitness_venue&distance=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uncovered"][0]["code"])')
  site=$(psql_q -c "SELECT '[' || ST_X(anchor) || ',' || ST_Y(anchor) || ']' FROM community WHERE code = '$gap'")
  whatif=()
  for mode in straight network; do
    body="{\"category\":\"fitness_venue\",\"distance_m\":500,\"mode\":\"$mode\",\"add\":[$site]}"
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/api/coverage/what-if"
    whatif+=("$(for i in $(seq "$runs"); do http_ms -H 'Content-Type: application/json' -d "$body" "$base/api/coverage/what-if"; done | median)")
  done
  suggest=$(http_ms "$base/api/coverage/suggest?category=fitness_venue&distance=500&k=5&mode=straight")
  # Tiles: z14 around the centre of the city; RUNS tiles never asked before (cold), then the same again (cached).
  read -r tx ty <<<"$(psql_q -F' ' -c "SELECT floor((ST_X(c) + 180) / 360 * 16384)::int, floor((1 - ln(tan(radians(ST_Y(c))) + 1 / cos(radians(ST_Y(c)))) / pi()) / 2 * 16384)::int FROM (SELECT ST_Centroid(ST_Extent(anchor)) c FROM community) x")"
  tile() { echo "$base/tiles/facilities/14/$((tx + $1))/$ty.mvt?status=open"; }
  curl -sf -o /dev/null "$(tile 100)" # first tile request: JIT, connection
  tile_cold=$(for i in $(seq "$runs"); do http_ms "$(tile "$i")"; done | median)
  tile_cached=$(for i in $(seq "$runs"); do http_ms "$(tile "$i")"; done | median)
  read -r export_ms export_bytes <<<"$(curl -sf -o /dev/null -w '%{time_total} %{size_download}\n' "$base/api/export/facilities.geojson" | awk '{printf "%.0f %d\n", $1 * 1000, $2}')"
  jcmd "$server" GC.run >/dev/null
  heap_used=$(jcmd "$server" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.0f\n", v / 1024; exit } }')
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")
  echo "requests measured, load $(load1); importing $import_rows rows..."
  imp=(nan nan nan nan nan nan)
  if [ "$import_rows" -gt 0 ]; then
    result=$(mktemp)
    DB="$db" LINLI_PORT="$port" TOKEN=bench ROWS="$import_rows" ROUNDS="$import_rounds" OGR=0 POINTS=registry \
      RESULT="$result" scripts/bench-import.sh 2>&1 | grep -v '^NOTICE:' | sed 's/^/  import: /'
    read -r -a imp <"$result"
    rm -f "$result"
    after=$(psql_q -c "SELECT count(*) FROM facility")
    [ "$after" = "$nfac" ] || { echo "after the import's cleanup $db holds $after facilities, not $nfac" >&2; exit 1; }
  fi
  l=$(load1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$scale" "$ncomm" "$nfac" "$nedge" "$npop" "$gen" "$warmup" "$straight" "$net_first" "$net" "${whatif[0]}" "${whatif[1]}" \
    "$suggest" "$tile_cold" "$tile_cached" "$export_ms" "$(echo "$export_bytes / 1048576" | bc -l)" "$heap_used" "$rss" "$hwm" \
    "${imp[0]}" "${imp[1]}" "${imp[2]}" "${imp[3]}" "${imp[4]}" "${imp[5]}" "$l" "$l0" "$(date -u +%FT%H:%MZ)" \
    | tee -a "$tsv"
  stop_server
done

[ "${GENERATE_ONLY:-0}" = 1 ] && exit 0
if command -v gnuplot >/dev/null; then
  gnuplot <<GP
set terminal pngcairo size 1650,540 font ",10"
set output "docs/scale-curve.png"
set datafile separator "\t"
set datafile missing "nan"
set key left top
set logscale xy
set xtics ("1x" 1, "4x" 4, "16x" 16)
set xrange [0.8:20]
set grid
set xlabel "scale (1x = 6,000 communities, 100,000 facilities, 0.3 M edges)"
set multiplot layout 1,3 title "Linli cost curve (scripts/bench-scale-curve.sh; heap $heap; import $import_rows rows)"
set title "time per request (ms)"
plot "$tsv" using 1:8 skip 1 with linespoints title "straight, one category", \
     "" using 1:9 skip 1 with linespoints title "network, first after warm-up", \
     "" using 1:10 skip 1 with linespoints title "network, warm", \
     "" using 1:11 skip 1 with linespoints title "what-if straight", \
     "" using 1:12 skip 1 with linespoints title "what-if network", \
     "" using 1:14 skip 1 with linespoints title "tile cold", \
     "" using 1:15 skip 1 with linespoints title "tile cached"
set title "longer jobs (s)"
plot "$tsv" using 1:6 skip 1 with linespoints title "generating the city (psql)", \
     "" using 1:7 skip 1 with linespoints title "background warm-up after start", \
     "" using 1:(\$13 / 1000) skip 1 with linespoints title "suggest k=5", \
     "" using 1:(\$16 / 1000) skip 1 with linespoints title "export GeoJSON (all facilities)", \
     "" using 1:22 skip 1 with linespoints title "import (Linli, POST /api/imports)", \
     "" using 1:24 skip 1 with linespoints title "raw COPY + INSERT of the same CSV", \
     "" using 1:26 skip 1 with linespoints title "re-import (every row unchanged)"
set title "memory (MB)"
plot "$tsv" using 1:18 skip 1 with linespoints title "JVM heap used after full GC", \
     "" using 1:19 skip 1 with linespoints title "process RSS", \
     "" using 1:20 skip 1 with linespoints title "process peak RSS (VmHWM)"
unset multiplot
GP
  echo "wrote docs/scale-curve.png"
fi
