#!/usr/bin/env python3
# usage: PGPASSWORD=... scripts/bench-tile-features.py PGPORT DB LON LAT (e.g. linli_scale_1 120.33 36.135)
# Features and bytes per facility tile, the tiles bench-tiles.sh measures (z10/z12/z14 around LON,LAT):
# main's filter (the tile) against the branch's (the tile widened by 64 units; clip buffer 64 both).
import math, subprocess, sys
port, db, lon, lat = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
def tile(lon, lat, z):
    n = 2 ** z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
def bounds(z, x, y):
    half = 20037508.342789244; size = 2 * half / 2 ** z
    minx = -half + x * size; maxy = half - y * size
    return minx, maxy - size, minx + size, maxy
def mvt(b, f):
    env = f"ST_MakeEnvelope({b[0]},{b[1]},{b[2]},{b[3]},3857)"
    filt = f"ST_MakeEnvelope({f[0]},{f[1]},{f[2]},{f[3]},3857)"
    return (f"(SELECT count(*) || ' ' || COALESCE(length(ST_AsMVT(r, 'facilities', 4096, 'geom')), 0) FROM (SELECT f.id, "
            f"f.category, f.name, f.status, f.capacity, ST_AsMVTGeom(f.geom_m, {env}, 4096, 64, true) AS geom FROM facility f "
            f"WHERE NOT f.deleted AND f.geom && ST_Transform({filt}, 4490)) r WHERE geom IS NOT NULL)")
q = ""
for z in (10, 12, 14):
    cx, cy = tile(lon, lat, z)
    span = {10: 1, 12: 2, 14: 3}[z]
    for x, y in [(cx + dx, cy + dy) for dx in range(-span, span + 1) for dy in range(-span, span + 1)][:40]:
        b = bounds(z, x, y); d = (b[2] - b[0]) * 64 / 4096
        q += f"SELECT {z} || ' ' || {mvt(b, b)} || ' ' || {mvt(b, (b[0]-d, b[1]-d, b[2]+d, b[3]+d))};\n"
out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "linli", "-d", db, "-XAtq"], input=q,
                     capture_output=True, text=True, check=True).stdout
rows = [list(map(int, l.split())) for l in out.strip().splitlines()]
for z in (10, 12, 14):
    r = [x for x in rows if x[0] == z]
    a, ba, b, bb = (sum(x[i] for x in r) for i in (1, 2, 3, 4))
    print(f"z{z}: {len(r)} tiles, features {a} -> {b} (+{100*(b-a)/a:.1f} %), bytes {ba} -> {bb} (+{100*(bb-ba)/ba:.1f} %)")
