#!/usr/bin/env bash
# Two builds of Linli side by side on one database: for ROUNDS rounds (default 2), each jar is
# started fresh (`serve`, so every measured tile is cold in its cache) on PORT (default 7190) and
# measured with scripts/bench-tiles.sh, then stopped; A, B, A, B... so that both see the same machine.
#   scripts/bench-tiles-ab.sh before.jar after.jar
# DB (default linli) names the database of the project-local cluster (e.g. DB=linli_scale_16
# LON=120.67 LAT=36.30 for the scale city; LON, LAT, LAT10, DURATION, ALLOC_SECONDS pass through
# to bench-tiles.sh). A build that holds the facilities in memory for tiles is measured once it
# holds all of them (its linli_tile_facilities_in_memory metric), and says how long that took.
# The machine's load (uptime) is printed before each. Needs the project-local cluster running with
# the demo loaded and topped up to 100,000 facilities (./linli demo once, then
# scripts/bench-ogc-items.sh) or a scale city; wrk; the JDK's jcmd and jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
api_port="${PORT:-7190}"
export DB="${DB:-linli}"
export LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$port/$DB?user=linli"
export LINLI_DB_PASSWORD_FILE="$PWD/.linli/db-password"
export LINLI_METRICS_PUBLIC=true
live() {
  PGPASSWORD="$(cat .linli/db-password)" psql -h 127.0.0.1 -p "$port" -U linli -d "$DB" -Atq \
    -c 'SELECT count(*) FROM facility WHERE NOT deleted'
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  for jar in "$1" "$2"; do
    echo "== round $round: $jar; load average $(uptime | sed 's/.*load average: //')"
    LINLI_PORT="$api_port" java ${JAVA_OPTS:-} -jar "$jar" serve >"/tmp/linli-bench-ab-$api_port.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 240); do
      curl -sf -o /dev/null "http://127.0.0.1:$api_port/health/ready" && break
      sleep 0.5
    done
    ready=$(date +%s.%N)
    for _ in $(seq 1 240); do
      live=$(live)
      held=$(curl -sf "http://127.0.0.1:$api_port/metrics" | sed -n 's/^linli_tile_facilities_in_memory \(.*\)$/\1/p')
      [ -n "$held" ] || break # a build without facilities in memory
      if python3 -c "import sys; sys.exit(0 if float('$held') >= $live else 1)"; then
        echo "   $live facilities in memory $(python3 -c "import time; print(f'{time.time() - $ready:.1f}')") s after ready," \
          "$(curl -sf "http://127.0.0.1:$api_port/metrics" | sed -n 's/^linli_tile_facilities_memory_bytes \(.*\)$/\1/p' \
          | python3 -c 'import sys; print(f"{float(sys.stdin.read()) / 2**20:.0f} MB")') (estimate)"
        break
      fi
      sleep 0.5
    done
    PORT="$api_port" scripts/bench-tiles.sh | grep -v '^database'
    curl -sf "http://127.0.0.1:$api_port/metrics" | grep -E '^linli_tiles_from_(memory|sql)_total' | sed 's/^/   /' || true
    echo "   server RSS $(ps -o rss= -p "$pid" | awk '{printf "%.0f MB", $1 / 1024}')"
    kill "$pid"
    wait "$pid" || true
  done
done
