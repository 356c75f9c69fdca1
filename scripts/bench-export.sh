#!/usr/bin/env bash
# 1,000,000 facilities exported as GeoJSON, GeoPackage and a zipped Shapefile by Linli (the CLI
# `linli export` in a JVM with -Xmx512m, and over HTTP from `linli serve` with -Xmx512m) and by
# ogr2ogr from the same database, same columns, same order, interleaved, RUNS times (default 3);
# prints every run and the medians: features/s, Linli/ogr2ogr ratio, peak RSS, HTTP time to first byte.
# Starts its own PostgreSQL cluster in target/bench-export (trust auth on 127.0.0.1, fsync off) and
# stops everything it started when it ends. Needs: the built jar (mvn -DskipTests package), gdal-bin,
# psql, curl, /usr/bin/time (package time). ROWS, RUNS and FORMATS ("geojson gpkg shp.zip") override
# the defaults; LINLI_JAVA_OPTS adds JVM options to the CLI runs (e.g. a Flight Recorder profile).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rows="${ROWS:-1000000}"
runs="${RUNS:-3}"
formats="${FORMATS:-geojson gpkg shp.zip}"
jar="$root/web/target/linli.jar"
work="$root/target/bench-export"
pgbin="${LINLI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
[ -f "$jar" ] || { echo "build the jar first: mvn -q -B -DskipTests package" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "${LINLI_PG_OS_USER:-linli}" -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && ! kill "$server_pid" 2>/dev/null; then
    echo "the Linli server had died; its log ends:" >&2
    tail -20 "$work/server.log" >&2 || true
  fi
  wait "$server_pid" 2>/dev/null || true
  [ -f "$work/pgdata/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$work/pgdata" -m fast -w stop >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf "$work" && mkdir -p "$work/out" "$work/home"
[ "$(id -u)" = 0 ] && chown "${LINLI_PG_OS_USER:-linli}" "$work"
port=$(free_port)
as_pg "$pgbin/initdb" -D "$work/pgdata" -U linli --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pgdata" -l "$work/pg.log" -w start -o "-p $port -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories=$work -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB" >/dev/null
psql_q() { psql -h 127.0.0.1 -p "$port" -U linli -d linli -Atq -v ON_ERROR_STOP=1 "$@"; }
psql -h 127.0.0.1 -p "$port" -U linli -d postgres -Atq -c "CREATE DATABASE linli"
pg="PG:host=127.0.0.1 port=$port dbname=linli user=linli"
export LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$port/linli?user=linli"
export LINLI_HOME="$work/home"

# The server migrates the empty database; then the rows go in straight by SQL (history triggers
# off: this measures reading, not writing).
http_port=$(free_port)
LINLI_PORT=$http_port java -Xmx512m -jar "$jar" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http_port/health" >/dev/null && break; sleep 1; done
start=$(date +%s.%N)
psql_q <<SQL
SET session_replication_role = replica;
SELECT setseed(0.42);
INSERT INTO facility (category, name, address, status, capacity, area_m2, opened_on, source, source_id, extra, geom,
                      updated_by)
SELECT (ARRAY(SELECT code FROM category ORDER BY sort_order))[1 + g % 18], '基准设施' || g, '青岛市市南区香港中路' || g || '号',
       (ARRAY['open', 'open', 'open', 'planned', 'building', 'closed'])[1 + g % 6], g % 3000, (g % 5000) * 1.5,
       DATE '2015-01-01' + g % 3000, 'bench', 'B' || g, jsonb_build_object('管理单位', '市南区应急局', 'level', g % 4),
       ST_SetSRID(ST_MakePoint(119.6 + random() * 1.7, 35.7 + random() * 1.4), 4490), 'bench'
FROM generate_series(1, $rows) g;
SQL
psql_q -c "VACUUM (ANALYZE) facility"
echo "loaded $(psql_q -c 'SELECT count(*) FROM facility WHERE NOT deleted') facilities in $(echo "$(date +%s.%N) - $start" | bc) s"

# The columns and order of Linli's export query (registry/.../transfer/write/facilities.sql).
cols="id, category, name, address, status, capacity, area_m2, community_code, opened_on, source, source_id,
      extra::text AS extra, version, updated_at, updated_by"
sql="SELECT $cols, geom FROM facility WHERE NOT deleted ORDER BY id"
shp_sql="SELECT ${cols/community_code/community_code AS comm_code}, geom FROM facility WHERE NOT deleted ORDER BY id"

results="$work/results.tsv"
: >"$results"
# timed NAME FORMAT RUN CMD...: wall seconds and peak RSS (kB) of the command into the results.
timed() {
  local name=$1 format=$2 run=$3
  shift 3
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/cmd.log" 2>&1 || { cat "$work/cmd.log" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  # Linli's CLI also says how long the export itself took (without JVM start and migration check).
  local inner
  inner=$(sed -n 's/.* features in \([0-9.]*\) s$/\1/p' "$work/cmd.log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$format" "$run" "$wall" "$rss" "$inner" >>"$results"
  printf '  %-8s %-8s %7.1f s  %5d MB  %s\n' "$name" "$format" "$wall" $((rss / 1024)) "${inner:+(export itself ${inner} s)}"
}
# http FORMAT RUN: time to first byte and total, and the server's peak RSS during this export.
http() {
  local format=$1 run=$2
  echo 5 >"/proc/$server_pid/clear_refs" # resets VmHWM (peak RSS) to the current RSS
  local t
  t=$(curl -sf -o "$work/out/http.$format" -w '%{time_starttransfer} %{time_total}' \
    "http://127.0.0.1:$http_port/api/export/facilities.$format")
  local rss
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
  printf 'http\t%s\t%s\t%s\t%s\t%s\n' "$format" "$run" "${t#* }" "$rss" "${t% *}" >>"$results"
  printf '  %-8s %-8s %7.1f s  %5d MB  first byte %.2f s\n' http "$format" "${t#* }" $((rss / 1024)) "${t% *}"
  rm -f "$work/out/http.$format"
}

for run in $(seq 1 "$runs"); do
  echo "run $run"
  for format in $formats; do
    rm -f "$work/out/"*
    # shellcheck disable=SC2086
    timed linli "$format" "$run" java -Xmx512m ${LINLI_JAVA_OPTS:-} -jar "$jar" export "facilities.$format" --out "$work/out/linli.$format"
    case $format in
      geojson) timed ogr2ogr "$format" "$run" ogr2ogr -f GeoJSON "$work/out/ogr.geojson" "$pg" -sql "$sql" \
                 -nln facilities -lco RFC7946=YES ;;
      gpkg) timed ogr2ogr "$format" "$run" ogr2ogr -f GPKG "$work/out/ogr.gpkg" "$pg" -sql "$sql" -nln facilities ;;
      shp.zip) timed ogr2ogr "$format" "$run" ogr2ogr -f "ESRI Shapefile" "$work/out/facilities.shp.zip" "$pg" \
                 -sql "$shp_sql" -nln facilities -lco ENCODING=UTF-8 ;;
    esac
    if [ "$run" = 1 ]; then
      for f in "$work/out/"*; do
        src=$f
        [[ $f == *.shp.zip ]] && src="/vsizip/$f"
        n=$(ogrinfo -ro -so -al "$src" 2>/dev/null | awk -F': ' '/Feature Count/ {print $2}')
        echo "    $(basename "$f"): $(du -h "$f" | cut -f1), $n features"
        [ "$n" = "$rows" ] || { echo "expected $rows features in $f" >&2; exit 1; }
      done
    fi
    rm -f "$work/out/"*
    http "$format" "$run"
  done
done

python3 - "$results" "$rows" <<'PY'
import csv, statistics, sys
rows = int(sys.argv[2])
by = {}
for name, fmt, run, wall, rss, ttfb in csv.reader(open(sys.argv[1]), delimiter="\t"):
    by.setdefault((name, fmt), []).append((float(wall), int(rss), float(ttfb) if ttfb else None))
print(f"\nmedians of {max(len(v) for v in by.values())} runs, {rows:,} facilities")
print("| format | Linli CLI s (export itself) | ogr2ogr s | Linli features/s | ogr2ogr features/s | Linli/ogr2ogr | peak RSS Linli / ogr2ogr MB | HTTP s | HTTP first byte s | server peak RSS MB |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for fmt in ("geojson", "gpkg", "shp.zip"):
    if ("http", fmt) not in by:
        continue
    med = lambda name, i: statistics.median(v[i] for v in by[(name, fmt)])
    l, o, h = med("linli", 0), med("ogr2ogr", 0), med("http", 0)
    print(f"| {fmt} | {l:.1f} ({med('linli', 2):.1f}) | {o:.1f} | {rows / l:,.0f} | {rows / o:,.0f} | {o / l:.2f} | "
          f"{med('linli', 1) / 1024:.0f} / {med('ogr2ogr', 1) / 1024:.0f} | {h:.1f} | {med('http', 2):.2f} | {med('http', 1) / 1024:.0f} |")
PY
