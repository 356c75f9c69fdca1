#!/usr/bin/env bash
# Does the server stop computing when the client leaves? Starts JAR on PORT against DB (the
# project-local cluster), asks a slow suggestion whole once (its time), then asks the same question at
# another distance (so no cached answer) and leaves after LEAVE_S seconds, as the map's aborted
# requests do, and samples the JVM's CPU time each second after that, with the request log's line.
#
#   flock -x /tmp/linli-bench.lock scripts/check-abandoned-request.sh /tmp/linli-main.jar
#
# Env: DB (linli_scale_1), PORT (7095), LEAVE_S (1), SAMPLES (12),
#      QUERY ('category=fitness_venue&k=50&mode=network'), DISTANCES ('1500 1600': whole, abandoned).
set -euo pipefail
jar=${1:?usage: $0 JAR}
root=$(cd "$(dirname "$0")/.." && pwd)
DB=${DB:-linli_scale_1}
PORT=${PORT:-7095}
LEAVE_S=${LEAVE_S:-1}
SAMPLES=${SAMPLES:-12}
QUERY=${QUERY:-category=fitness_venue&k=50&mode=network}
read -r whole_m left_m <<<"${DISTANCES:-1500 1600}"
pgdata=$root/.linli/pgdata
pgport=$(sed -n 4p "$pgdata/postmaster.pid")
password=$(cat "$root/.linli/db-password")
log=$(mktemp)
echo "start: $(uptime)"
LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/$DB?user=linli&password=$password" LINLI_PORT=$PORT \
  LINLI_BIND=127.0.0.1 java -jar "$jar" serve >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
  grep -q 'warmed up' "$log" && break
  sleep 1
done
grep -q 'warmed up' "$log" || { echo "no warm-up line in the server's log" >&2; tail "$log" >&2; exit 1; }
url="http://127.0.0.1:$PORT/api/coverage/suggest?$QUERY"
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
curl -s -o /dev/null -w "whole answer at ${whole_m} m: %{http_code} in %{time_total} s\n" "$url&distance=$whole_m"
before=$(ticks)
curl -s -o /dev/null -m "$LEAVE_S" -w "client left at ${left_m} m: after %{time_total} s\n" "$url&distance=$left_m" || true
for i in $(seq 1 "$SAMPLES"); do
  sleep 1
  echo "client gone + ${i} s: server CPU since asked $(awk -v t=$(( $(ticks) - before )) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}') s"
done
echo "request log:"
grep 'GET /api/coverage/suggest' "$log" | sed 's/ request_id=.*//'
echo "end: $(uptime)"
