#!/usr/bin/env bash
# A 1,000,000-point CSV imported through Linli (POST /api/imports: parsing, validation, one
# transaction), imported again (every row unchanged), and loaded by ogr2ogr with PG_USE_COPY=YES
# into the same database: ROUNDS rounds, the three interleaved, medians at the end.
# Needs: Linli serving on LINLI_PORT (default 7070) against the project-local cluster
# (./linli demo), with LINLI_ADMIN_TOKEN=$TOKEN (default "bench"); gdal-bin.
# ROWS overrides the row count, ROUNDS the number of rounds (default 3).
# Between rounds the benchmark's facilities and their history rows are deleted again (the history
# is append-only, so its guard triggers are switched off for that one cleanup transaction).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
dbport="$(sed -n 4p .linli/pgdata/postmaster.pid)"
port="${LINLI_PORT:-7070}"
rows="${ROWS:-1000000}"
rounds="${ROUNDS:-3}"
token="${TOKEN:-bench}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/points.csv"
sql() { psql -h 127.0.0.1 -p "$dbport" -U linli -d linli -Atq "$@"; }
# The JVM that listens on the HTTP port (not any other Linli on the machine).
jvm=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)

python3 - "$csv" "$rows" <<'PY'
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
cats = ["emergency_shelter", "fitness_venue", "culture_room", "meal_point", "legal_service"]
with open(path, "w", encoding="utf-8") as f:
    f.write("source_id,name,category,lon,lat,capacity,status\n")
    for i in range(n):
        f.write(f"P{i},基准点{i},{cats[i % 5]},{119.6 + random.random() * 1.7:.6f},{35.7 + random.random() * 1.4:.6f},{i % 3000},open\n")
PY
echo "CSV: $rows rows, $(du -h "$csv" | cut -f1); Linli JVM pid ${jvm:-?}"

# Imports the CSV through the API, waits for the job; prints "seconds report".
linli_import() {
  local start end reply id state
  start=$(date +%s.%N)
  reply=$(curl -s -H "Authorization: Bearer $token" --data-binary @"$csv" \
    "http://127.0.0.1:$port/api/imports?layer=facilities&source=bench-import&on-error=reject")
  id=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  state=queued
  while [ "$state" = queued ] || [ "$state" = running ]; do
    sleep 0.1
    reply=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/imports/$id")
    state=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  done
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $state $(echo "$reply" | python3 -c 'import json,sys; r=json.load(sys.stdin)["report"]; print(",".join(f"{k}={r[k]}" for k in ("total","inserted","updated","unchanged","rejected")))')"
}

ogr_load() {
  local start end
  start=$(date +%s.%N)
  PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$dbport dbname=linli user=linli password=$PGPASSWORD" \
    "$csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4490 \
    -nln bench_ogr2ogr -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -overwrite -gt 100000
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) rows=$(sql -c 'SELECT count(*) FROM bench_ogr2ogr')"
}

cleanup() {
  sql -c 'DROP TABLE IF EXISTS bench_ogr2ogr'
  sql <<'SQL'
BEGIN;
ALTER TABLE facility_history DISABLE TRIGGER facility_history_no_rewrite;
ALTER TABLE facility_history_feature DISABLE TRIGGER facility_history_feature_no_rewrite;
DELETE FROM facility_history_feature WHERE facility_id IN (SELECT id FROM facility WHERE source = 'bench-import');
DELETE FROM facility_history WHERE facility_id IN (SELECT id FROM facility WHERE source = 'bench-import');
ALTER TABLE facility_history ENABLE TRIGGER facility_history_no_rewrite;
ALTER TABLE facility_history_feature ENABLE TRIGGER facility_history_feature_no_rewrite;
-- (with their history rows gone first, the rows removed below have no version left to freeze)
DELETE FROM facility WHERE source = 'bench-import';
COMMIT;
VACUUM ANALYZE facility;
VACUUM ANALYZE facility_history;
SQL
}

peak() { [ -n "$jvm" ] && awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/"$jvm"/status || echo "?"; }

cleanup
: >"$work/times"
for r in $(seq "$rounds"); do
  [ -n "$jvm" ] && echo 5 >/proc/"$jvm"/clear_refs  # restart the peak-RSS count (VmHWM)
  first=$(linli_import); echo "round $r Linli import:   $first, peak RSS $(peak)"
  again=$(linli_import); echo "round $r Linli re-import: $again, peak RSS $(peak)"
  ogr=$(ogr_load);       echo "round $r ogr2ogr:        $ogr"
  echo "${first%% *} ${again%% *} ${ogr%% *}" >>"$work/times"
  cleanup
done
python3 - "$rows" "$work/times" <<'PY'
import statistics, sys
rows = int(sys.argv[1])
t = [list(map(float, line.split())) for line in open(sys.argv[2])]
first, again, ogr = (statistics.median(c) for c in zip(*t))
print(f"medians of {len(t)}: Linli import {first:.1f} s ({rows / first:,.0f} features/s), "
      f"re-import {again:.1f} s ({rows / again:,.0f} features/s), ogr2ogr {ogr:.1f} s ({rows / ogr:,.0f} features/s)")
print(f"ratio (Linli / ogr2ogr features per second): import {ogr / first:.2f}, re-import {ogr / again:.2f}")
PY
