#!/usr/bin/env bash
# Facility tiles at zoom 10, 12 and 14 around Qingdao: each tile requested once from Linli (cold:
# not cached; after a warm-up of the JVM on 400 other tiles) and its ST_AsMVT query run once straight in PostGIS, p50/p99 over up to 40 tiles;
# then the throughput of a cached tile with wrk. JIT is off for both (Linli sets it per connection). Needs ./linli demo running (port PORT, default 7070) and
# facilities topped up to 100,000 (scripts/bench-ogc-items.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
echo "facilities: $(psql -h 127.0.0.1 -p "$port" -U linli -d linli -Atq -c 'SELECT count(*) FROM facility WHERE NOT deleted')"
api_port="${PORT:-7070}"
python3 - "$port" "$api_port" <<'PY'
import http.client, math, subprocess, sys, time, os
port, api_port = sys.argv[1], int(sys.argv[2])
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
# Warm the service's JVM on the tile path (JIT) with 400 other tiles, as a running server is: the
# tiles measured below are still cold in the cache.
conn = http.client.HTTPConnection("127.0.0.1", api_port)
wx, wy = tile(120.20, 36.00, 16)
for dx in range(20):
    for dy in range(20):
        conn.request("GET", f"/tiles/facilities/16/{wx + dx}/{wy + dy}.mvt?status=open")
        conn.getresponse().read()
conn.close()
for z in (10, 12, 14):
    cx, cy = tile(120.38, 36.30 if z == 10 else 36.07, z)
    span = {10: 1, 12: 2, 14: 3}[z]
    tiles = [(cx + dx, cy + dy) for dx in range(-span, span + 1) for dy in range(-span, span + 1)][:40]
    api = []
    conn = http.client.HTTPConnection("127.0.0.1", api_port)  # kept alive, like a map client
    for x, y in tiles:
        t0 = time.perf_counter()
        conn.request("GET", f"/tiles/facilities/{z}/{x}/{y}.mvt?status=open")
        conn.getresponse().read()
        api.append((time.perf_counter() - t0) * 1000)
    conn.close()
    # One session for all tiles, as Linli's pool keeps its connections: a new session pays about
    # 80 ms of planning (PROJ set-up) on its first ST_Transform.
    script = "SET jit = off;\n\\o /dev/null\nSELECT ST_Transform(ST_SetSRID(ST_MakePoint(120, 36), 4490), 3857);\n\\timing on\n"
    for x, y in tiles:
        b = bounds(z, x, y)
        script += f"""WITH e AS (SELECT ST_MakeEnvelope({b[0]}, {b[1]}, {b[2]}, {b[3]}, 3857) AS env),
        rows AS (SELECT f.id, f.category, f.name, f.status, f.capacity, ST_AsMVTGeom(f.geom_m, e.env, 4096, 64, true) AS geom
                 FROM facility f, e WHERE NOT f.deleted AND f.geom && ST_Transform(e.env, 4490))
        SELECT ST_AsMVT(rows, 'facilities', 4096, 'geom') FROM rows WHERE geom IS NOT NULL;\n"""
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "linli", "-d", "linli", "-X"], input=script,
                         capture_output=True, text=True, env=os.environ).stdout
    sql = [float(l.split()[1]) for l in out.splitlines() if l.startswith("Time:")]
    print(f"z{z}: {len(tiles)} tiles  Linli cold p50 {pct(api,50):.1f} ms p99 {pct(api,99):.1f} ms | "
          f"ST_AsMVT p50 {pct(sql,50):.1f} ms p99 {pct(sql,99):.1f} ms | ratio p50 {pct(api,50)/pct(sql,50):.2f}")
PY

# A cached tile (z14 over central Qingdao): throughput with wrk, 2 threads, 8 connections.
tile=$(python3 -c 'import math; z=14; n=2**z; lon,lat=120.38,36.07; print(f"{z}/{int((lon+180)/360*n)}/{int((1-math.asinh(math.tan(math.radians(lat)))/math.pi)/2*n)}")')
curl -sf -o /dev/null "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open"
wrk -t2 -c8 -d"${DURATION:-10}"s --latency "http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open" \
  | grep -E 'Requests/sec|50%|99%'
