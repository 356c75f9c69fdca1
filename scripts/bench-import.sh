#!/usr/bin/env bash
# A 1,000,000-point CSV imported through Linli (POST /api/imports: parsing, validation, one
# transaction) and by ogr2ogr with PG_USE_COPY=YES into the same database, in one run.
# Needs: Linli serving on port 7070 against the project-local cluster (./linli demo), with
# LINLI_ADMIN_TOKEN=$TOKEN (default "bench"); gdal-bin. ROWS overrides the row count.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
rows="${ROWS:-1000000}"
token="${TOKEN:-bench}"
work=$(mktemp -d)
csv="$work/points.csv"

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
echo "CSV: $rows rows, $(du -h "$csv" | cut -f1)"

start=$(date +%s.%N)
reply=$(curl -s -H "Authorization: Bearer $token" --data-binary @"$csv" \
  "http://127.0.0.1:7070/api/imports?layer=facilities&source=bench-import&on-error=reject")
id=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
state=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
while [ "$state" = queued ] || [ "$state" = running ]; do
  sleep 1
  reply=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:7070/api/imports/$id")
  state=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
done
end=$(date +%s.%N)
linli=$(echo "$end - $start" | bc)
echo "Linli: $state in ${linli}s: $(echo "$reply" | python3 -c 'import json,sys; r=json.load(sys.stdin)["report"]; print({k: r[k] for k in ("total","inserted","updated","unchanged","rejected")})')"

start=$(date +%s.%N)
PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$port dbname=linli user=linli password=$PGPASSWORD" \
  "$csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4490 \
  -nln bench_ogr2ogr -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -overwrite -gt 100000
end=$(date +%s.%N)
ogr=$(echo "$end - $start" | bc)
echo "ogr2ogr: $(psql -h 127.0.0.1 -p "$port" -U linli -d linli -Atq -c 'SELECT count(*) FROM bench_ogr2ogr') rows in ${ogr}s"
python3 -c "r=$rows; print(f'features/s: Linli {r/$linli:,.0f}, ogr2ogr {r/$ogr:,.0f}, ratio {($ogr)/($linli):.2f}')"
pid=$(pgrep -f 'linli.jar' | head -1 || true)
[ -n "$pid" ] && grep -E 'VmHWM' /proc/"$pid"/status | sed 's/^/Linli JVM peak RSS: /'
psql -h 127.0.0.1 -p "$port" -U linli -d linli -q -c 'DROP TABLE IF EXISTS bench_ogr2ogr'
rm -rf "$work"
