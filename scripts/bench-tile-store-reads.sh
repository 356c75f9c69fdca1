#!/usr/bin/env bash
# How long the facility tiles held in memory take to follow a change too large to name its rows (an
# import): a fresh server of JAR (default web/target/linli.jar) on DB (default linli_scale_16) logs its
# whole read at start, then two statements of 1,000 rows each (version + 1: a no-op for the map, which
# adds history rows) in one category each are applied, and the server logs each category read.
# Meanwhile facilities tiles come from SQL. Needs the project-local cluster with a scale city
# (scripts/bench-scale-curve.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${JAR:-web/target/linli.jar}"
db="${DB:-linli_scale_16}"
log=$(mktemp /tmp/linli-tile-store-XXXXXX.log)
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
export LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$port/$db?user=linli" LINLI_DB_PASSWORD_FILE=$PWD/.linli/db-password LINLI_METRICS_PUBLIC=true LINLI_PORT="${PORT:-7192}"
echo "start $(uptime)"
java -Xmx8g -jar "$jar" serve > "$log" 2>&1 &
pid=$!
for _ in $(seq 600); do grep -q "facilities read in" "$log" && break; sleep 1; done
grep "facilities read in" "$log"
for cat in fitness_venue emergency_shelter; do
  PGPASSWORD="$(cat .linli/db-password)" psql -h 127.0.0.1 -p "$port" -U linli -d "$db" -Atq -c "UPDATE facility SET version = version + 1 WHERE id IN (SELECT id FROM facility WHERE category = '$cat' AND NOT deleted ORDER BY id LIMIT 1000)"
  want=$([ "$cat" = fitness_venue ] && echo 1 || echo 2)
  for _ in $(seq 300); do [ "$(grep -c "read again in" "$log" || true)" -ge "$want" ] && break; sleep 1; done
done
grep "read again in" "$log"
echo "end $(uptime)"
kill "$pid"
wait "$pid" || true
