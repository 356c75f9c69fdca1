#!/usr/bin/env bash
# OGC API items: a bbox query returning 100 facilities out of 100,000, through the service (wrk)
# and as the same SQL straight to PostGIS (pgbench), in one run, as a ratio.
# Needs: ./linli demo running (project-local cluster, port 7070), and wrk (apt-get install wrk).
# Tops the demo's facilities up to 100,000 with source 'bench' (random points inside the districts).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
psql_q() { psql -h 127.0.0.1 -p "$port" -U linli -d linli -Atq "$@"; }
duration="${DURATION:-20}"
connections="${CONNECTIONS:-8}"

# ST_GeneratePoints may return a few points fewer than asked: top up until there are 100,000.
for attempt in 1 2 3; do
have=$(psql_q -c "SELECT count(*) FROM facility WHERE NOT deleted")
if [ "$have" -lt 100000 ]; then
  psql_q -c "
    INSERT INTO facility (category, name, status, source, source_id, geom, updated_by)
    SELECT (ARRAY(SELECT code FROM category ORDER BY sort_order))[1 + (p.n % 18)], '基准设施' || p.n, 'open',
           'bench', p.n::text, p.geom, 'bench'
    FROM (SELECT $have + row_number() OVER () AS n, d.geom
          FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Union(geom), $((100000 - have)), 42))).geom FROM district) d) p;
    ANALYZE facility;"
fi
done
echo "facilities: $(psql_q -c "SELECT count(*) FROM facility WHERE NOT deleted")"

bbox="${BBOX:-120.350,36.050,120.420,36.100}"
url="http://127.0.0.1:7070/ogc/collections/facilities/items?bbox=$bbox&limit=100"
matched=$(curl -s "$url" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["numberMatched"], d["numberReturned"])')
echo "bbox $bbox: numberMatched numberReturned = $matched"

IFS=, read -r x0 y0 x1 y1 <<<"$bbox"
sql=$(mktemp)
cat >"$sql" <<SQL
WITH matched AS (SELECT f.id AS fid FROM facility f
                 WHERE NOT f.deleted AND ST_Intersects(f.geom, ST_MakeEnvelope($x0, $y0, $x1, $y1, 4490))),
page AS (SELECT fid FROM matched ORDER BY fid LIMIT 100)
SELECT (SELECT count(*) FROM matched), (SELECT count(*) FROM page),
       coalesce((SELECT json_agg(json_build_object('type', 'Feature', 'id', f.id,
         'geometry', ST_AsGeoJSON(f.geom, 7, 0)::json,
         'properties', json_build_object('category', f.category, 'name', f.name, 'address', f.address,
           'status', f.status, 'capacity', f.capacity, 'area_m2', f.area_m2, 'community_code', f.community_code,
           'opened_on', f.opened_on, 'source', f.source, 'source_id', f.source_id, 'extra', f.extra::text,
           'version', f.version, 'updated_at', f.updated_at, 'updated_by', f.updated_by)) ORDER BY f.id)
         FROM page JOIN facility f ON f.id = page.fid), '[]'::json)::text;
SQL

wrk -t2 -c"$connections" -d5s "$url" >/dev/null # warm-up: JIT and connection pool
echo "--- service (wrk -t2 -c$connections -d${duration}s)"
wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" | tee /tmp/linli-wrk.txt | grep -E 'Requests/sec|99%|50%'

echo "--- raw SQL (pgbench -c$connections -j2 -T$duration, same query)"
logdir=$(mktemp -d)
(cd "$logdir" && pgbench -h 127.0.0.1 -p "$port" -U linli -n -c "$connections" -j2 -T "$duration" -f "$sql" -l linli \
  | grep -E '^tps|latency average')
cat "$logdir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "latency p50 = %.2f ms, p99 = %.2f ms\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}'
rm -rf "$logdir" "$sql"
