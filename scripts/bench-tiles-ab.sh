#!/usr/bin/env bash
# Two builds of Linli side by side on one database: for ROUNDS rounds (default 2), each jar is
# started fresh (`serve`, so every measured tile is cold in its cache) on PORT (default 7190) and
# measured with scripts/bench-tiles.sh, then stopped; A, B, A, B... so that both see the same machine.
#   scripts/bench-tiles-ab.sh before.jar after.jar
# Needs the project-local cluster running with the demo loaded and topped up to 100,000 facilities
# (./linli demo once, then scripts/bench-ogc-items.sh); wrk; the JDK's jcmd and jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
api_port="${PORT:-7190}"
export LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$port/linli?user=linli"
export LINLI_DB_PASSWORD_FILE="$PWD/.linli/db-password"
for round in $(seq 1 "${ROUNDS:-2}"); do
  for jar in "$1" "$2"; do
    echo "== round $round: $jar"
    LINLI_PORT="$api_port" java ${JAVA_OPTS:-} -jar "$jar" serve >"/tmp/linli-bench-ab-$api_port.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
      curl -sf -o /dev/null "http://127.0.0.1:$api_port/health/ready" && break
      sleep 0.5
    done
    PORT="$api_port" scripts/bench-tiles.sh | grep -v '^facilities'
    kill "$pid"
    wait "$pid" || true
  done
done
