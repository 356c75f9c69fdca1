#!/usr/bin/env bash
# A cached tile from Linli against the same bytes served by nginx as a static file (what one might put
# in front of a tile server instead), in one run: the z14 tile at LON/LAT (default 120.33, 36.135: the
# centre of linli_scale_1) is fetched from Linli on PORT (default 7070), plain and gzipped, written to
# files a throwaway nginx (one worker, sendfile, no access log, port NGINX_PORT, default 7199) serves,
# then wrk -t2 -c8 for DURATION seconds (default 10) on each, plain and with a browser's
# Accept-Encoding, ROUNDS times (default 2) taking turns. Needs nginx (Debian package) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
api_port="${PORT:-7070}"
nginx_port="${NGINX_PORT:-7199}"
lon="${LON:-120.33}"
lat="${LAT:-36.135}"
tile=$(python3 -c 'import math, sys; z=14; n=2**z; lon,lat=float(sys.argv[1]),float(sys.argv[2]); print(f"{z}/{int((lon+180)/360*n)}/{int((1-math.asinh(math.tan(math.radians(lat)))/math.pi)/2*n)}")' "$lon" "$lat")
linli="http://127.0.0.1:$api_port/tiles/facilities/$tile.mvt?status=open"
dir=$(mktemp -d /tmp/linli-nginx-XXXXXX)
mkdir -p "$dir/www"
curl -sf -o "$dir/www/tile.mvt" "$linli"
curl -sf -o "$dir/www/tile.mvt.gz" -H 'Accept-Encoding: gzip' "$linli"
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  types { application/vnd.mapbox-vector-tile mvt; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $dir/www;
    # Like Linli: the gzipped file to a client that takes gzip, the plain one otherwise.
    location = /tile.mvt { gzip_static on; add_header Vary Accept-Encoding; }
  }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir"
trap 'nginx -c "$dir/nginx.conf" -p "$dir" -s stop; rm -rf "$dir"' EXIT
sleep 0.5
echo "tile $tile: $(stat -c %s "$dir/www/tile.mvt") bytes, $(stat -c %s "$dir/www/tile.mvt.gz") gzipped"
rate() {
  wrk -t2 -c8 -d"${DURATION:-10}"s "$@" | sed -n 's/^Requests\/sec: *//p'
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  echo "round $round, load $(uptime | sed 's/.*load average: //')"
  for encoding in plain gzip; do
    header=()
    [ "$encoding" = gzip ] && header=(-H 'Accept-Encoding: gzip, deflate, br, zstd')
    a=$(rate "${header[@]}" "$linli")
    b=$(rate "${header[@]}" "http://127.0.0.1:$nginx_port/tile.mvt")
    echo "  $encoding: Linli $a/s, nginx $b/s, ratio $(python3 -c "print(f'{$a / $b:.2f}')")"
  done
done
