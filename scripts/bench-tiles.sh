#!/usr/bin/env bash
# Facility tiles at zoom 10, 12 and 14 around Qingdao: each tile requested once from Linli (cold:
# not cached; after a warm-up of the JVM on other tiles) and its ST_AsMVT query run once straight in PostGIS, p50/p99 over up to 40 tiles
# and the sum over the set (a map view's tiles, one after another: near-empty tiles of a few tenths of a
# millisecond on both sides decide the medians, the full ones decide what a view waits for);
# then the throughput of a cached tile with wrk, and the bytes allocated per cached tile (JFR). JIT is off for both (Linli sets it per connection). Needs ./linli demo running (port PORT, default 7070) and
# facilities topped up to 100,000 (scripts/bench-ogc-items.sh does that). PER_TILE=1 also prints
# each tile's two times. DB (default linli) is the database, PORT the server's HTTP port (default
# 7070), LON/LAT the centre of the z12/z14 tiles, the warm-up and the wrk tile (default 120.38,
# 36.07: central Qingdao), LAT10 that of the z10 tiles (default 36.30, or LAT when LAT is given); a
# scale city (data/, linli_scale_16) lies around LON=120.67 LAT=36.30.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
db="${DB:-linli}"
lon="${LON:-120.38}"
lat="${LAT:-36.07}"
lat10="${LAT10:-${LAT:-36.30}}"
echo "database $db: $(psql -h 127.0.0.1 -p "$port" -U linli -d "$db" -Atq -c 'SELECT count(*) FROM facility WHERE NOT deleted') facilities; tiles around $lon,$lat (z10: $lat10)"
api_port="${PORT:-7070}"
python3 - "$port" "$api_port" "$db" "$lon" "$lat" "$lat10" <<'PY'
import http.client, math, subprocess, sys, time, os
port, api_port, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lon, lat, lat10 = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
def bounds(z, x, y):
    half = 20037508.342789244
    size = 2 * half / 2 ** z
    minx = -half + x * size
    maxy = half - y * size
    return minx, maxy - size, minx + size, maxy
def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
# Warm the service's JVM (JIT) as a running server is: 1,744 other tiles over the same area at zoom
# 13 and 15 (WARM_TILES caps the number), each rendered once and then served WARM_REPEATS (default
# 5) times from the cache. The tiles measured below (zoom 10, 12, 14) are still cold in the cache.
conn = http.client.HTTPConnection("127.0.0.1", api_port)
warm, repeats = int(os.environ.get("WARM_TILES", "1744")), int(os.environ.get("WARM_REPEATS", "5"))
warm_paths = []
for wz in (15, 13):
    wx, wy = tile(lon, lat, wz)
    side = 40 if wz == 15 else 12
    warm_paths += [f"/tiles/facilities/{wz}/{wx - side // 2 + i % side}/{wy - side // 2 + i // side}.mvt?status=open"
                   for i in range(side * side)]
for _ in range(1 + repeats):
    for path in warm_paths[:warm]:
        conn.request("GET", path)
        conn.getresponse().read()
conn.close()
# Then WARM_SECONDS (default 5) of wrk on one of those (cached) tiles: the HTTP path as hot as in a
# server that has been answering for a while.
subprocess.run(["wrk", "-t2", "-c8", f"-d{os.environ.get('WARM_SECONDS', '5')}s",
                f"http://127.0.0.1:{api_port}{warm_paths[0]}"], capture_output=True, check=True)
for z in (10, 12, 14):
    cx, cy = tile(lon, lat10 if z == 10 else lat, z)
    span = {10: 1, 12: 2, 14: 3}[z]
    tiles = [(cx + dx, cy + dy) for dx in range(-span, span + 1) for dy in range(-span, span + 1)][:40]
    # One session for all tiles, as Linli's pool keeps its connections; its first tile query (of
    # another tile) is not timed: a new session pays some 30-80 ms for its first (PROJ set-up, plans).
    script = "SET jit = off;\n\\o /dev/null\n"
    for i, (x, y) in enumerate([(cx + span + 1, cy)] + tiles):
        b = bounds(z, x, y)
        # TileSql's query: points filtered on the tile widened by the 64-unit point buffer (near), clipped alike.
        d = (b[2] - b[0]) * 64 / 4096
        script += "\\timing on\n" if i == 1 else ""
        script += f"""WITH e AS (SELECT ST_MakeEnvelope({b[0]}, {b[1]}, {b[2]}, {b[3]}, 3857) AS env,
                          ST_MakeEnvelope({b[0] - d}, {b[1] - d}, {b[2] + d}, {b[3] + d}, 3857) AS near),
        rows AS (SELECT f.id, f.category, f.name, f.status, f.capacity, ST_AsMVTGeom(f.geom_m, e.env, 4096, 64, true) AS geom
                 FROM facility f, e WHERE NOT f.deleted AND f.geom && ST_Transform(e.near, 4490))
        SELECT ST_AsMVT(rows, 'facilities', 4096, 'geom') FROM rows WHERE geom IS NOT NULL;\n"""
    def raw():
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "linli", "-d", db, "-X"], input=script,
                             capture_output=True, text=True, env=os.environ).stdout
        return [float(l.split()[1]) for l in out.splitlines() if l.startswith("Time:")]
    # An untimed pass of the raw queries first, so that PostgreSQL's buffers and caches are as warm
    # for Linli as for the timed raw pass (whichever side ran first used to pay for both).
    raw()
    # Timed with curl, one process and one kept-alive connection for all tiles (like a map client,
    # and like psql on the raw side: a C client, so the client's own cost is small on both sides).
    # The first request opens the connection (and is a tile outside the set, cached after the first
    # pass): not timed, like the raw session's first query.
    def linli():
        args = ["curl", "-s", "-w", "%{time_total}\n"]
        for x, y in [(cx + span + 1, cy)] + tiles:
            args += ["-o", "/dev/null", f"http://127.0.0.1:{api_port}/tiles/facilities/{z}/{x}/{y}.mvt?status=open"]
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        return [float(v) * 1000 for v in out.split()][1:]
    api = linli()
    cached = linli()  # the same tiles again, now cached: what HTTP alone costs
    sql = raw()
    if os.environ.get("PER_TILE"):
        for (x, y), a, q in zip(tiles, api, sql):
            print(f"  {z}/{x}/{y} linli {a:.2f} raw {q:.2f}")
    print(f"z{z}: {len(tiles)} tiles  Linli cold p50 {pct(api,50):.2f} ms p99 {pct(api,99):.2f} ms | "
          f"ST_AsMVT p50 {pct(sql,50):.2f} ms p99 {pct(sql,99):.2f} ms | ratio p50 {pct(api,50)/pct(sql,50):.2f} | "
          f"Linli cached p50 {pct(cached,50):.2f} ms | all tiles one after another: Linli {sum(api):.1f} ms, "
          f"ST_AsMVT {sum(sql):.1f} ms, ratio {sum(api)/sum(sql):.2f}")
PY

# A cached tile (z14 over central Qingdao): throughput with wrk, 2 threads, 8 connections, as a
# plain client asks for it (no compression) and as a browser does (gzip).
tile=$(python3 -c 'import math, sys; z=14; n=2**z; lon,lat=float(sys.argv[1]),float(sys.argv[2]); print(f"{z}/{int((lon+180)/360*n)}/{int((1-math.asinh(math.tan(math.radians(lat)))/math.pi)/2*n)}")' "$lon" "$lat")
curl -sf -o /dev/null "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open"
echo "cached $tile: $(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open") bytes," \
  "$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open") as gzip"
wrk -t2 -c8 -d"${DURATION:-10}"s --latency "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open" \
  | grep -E 'Requests/sec|50%|99%'
# The same tile as a browser asks for it (a map always sends Accept-Encoding: gzip, ...).
echo "as a browser asks (Accept-Encoding: gzip, deflate, br, zstd):"
wrk -t2 -c8 -d"${DURATION:-10}"s --latency -H 'Accept-Encoding: gzip, deflate, br, zstd' \
  "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open" | grep -E 'Requests/sec|50%|99%'

# Bytes allocated per cached tile: ALLOC_SECONDS (default 10) more of the same wrk load while JFR
# records the server (found by its port; jcmd and jfr come with the JDK). JFR writes each thread's
# allocated bytes (jdk.ThreadAllocationStatistics, exact, not sampled) every second; the idle seconds
# before and after wrk bracket the load, so the sum over threads of (first value after wrk - last value
# before it), over wrk's request count, is the figure (the server is otherwise idle). JFR's allocation
# samples (estimates) name the classes that took most.
server_pid=$(ss -ltnpH "sport = :$api_port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
if [ -n "$server_pid" ] && command -v jcmd >/dev/null && command -v jfr >/dev/null; then
  rec=$(mktemp -u /tmp/linli-tiles-XXXXXX.jfr)
  jfc=$(mktemp /tmp/linli-tiles-XXXXXX.jfc)
  python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v jcmd)")")")/lib/jfr/default.jfc" "$jfc" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'(<event name="jdk.ThreadAllocationStatistics">\s*<setting name="enabled">true</setting>\s*'
              r'<setting name="period">)everyChunk', r'\g<1>1 s', text)
open(sys.argv[2], "w").write(text)
PY
  jcmd "$server_pid" JFR.start name=linli-tile-alloc settings="$jfc" >/dev/null
  sleep 3
  wrk_start=$(date -u +%Y-%m-%dT%H:%M:%S)
  wrk_out=$(wrk -t2 -c8 -d"${ALLOC_SECONDS:-10}"s "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open")
  wrk_end=$(date -u +%Y-%m-%dT%H:%M:%S)
  sleep 3
  jcmd "$server_pid" JFR.stop name=linli-tile-alloc filename="$rec" >/dev/null
  requests=$(echo "$wrk_out" | grep -o '[0-9]* requests in' | cut -d' ' -f1)
  jfr print --json --events jdk.ThreadAllocationStatistics,jdk.ObjectAllocationSample "$rec" \
    | python3 -c '
import json, sys, collections
requests, start, end = int(sys.argv[1]), sys.argv[2], sys.argv[3]
before, after = {}, {}
by_class = collections.Counter()
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]
    when = v["startTime"][:19]
    if e["type"] == "jdk.ThreadAllocationStatistics":
        t = v["thread"]["javaThreadId"]
        if when < start:
            before[t] = max(before.get(t, 0), v["allocated"])
        elif when > end:
            after[t] = min(after.get(t, v["allocated"]), v["allocated"])
    elif start <= when <= end:
        by_class[v["objectClass"]["name"]] += v["weight"]
total = sum(a - before.get(t, 0) for t, a in after.items())
print(f"allocated per cached tile: {total / requests / 1024:.1f} KB ({requests} requests, JFR thread statistics)")
weight = sum(by_class.values()) or 1
print("  most allocated (JFR samples): " + ", ".join(f"{c} {w / weight:.0%}" for c, w in by_class.most_common(6)))
' "$requests" "$wrk_start" "$wrk_end"
  rm -f "$rec" "$jfc"
fi
