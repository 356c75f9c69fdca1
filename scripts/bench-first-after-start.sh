#!/usr/bin/env bash
# The first questions after a start (issue 17): a fresh server per build and run, on DB of the
# project-local cluster; after its warm-up says it is done, times the first network life-circle
# summary, then the first network coverage question of a category (fitness_venue), then the heap.
# Usage: RUNS=2 DB=linli_scale_16 PORT=7096 scripts/bench-first-after-start.sh A.jar B.jar ...
# Needs: ./linli demo running (it starts the cluster). The builds alternate, run by run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
pgport="$(sed -n 4p .linli/pgdata/postmaster.pid)"
port="${PORT:-7096}"
db="${DB:-linli_scale_16}"
base="http://127.0.0.1:$port"
ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.0f", $1 * 1000}'; }
for run in $(seq "${RUNS:-2}"); do
  for jar in "$@"; do
    log="${TMPDIR:-/tmp}/linli-first-after-start.log"
    LINLI_PORT="$port" LINLI_ADMIN_TOKEN=bench \
      LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/$db?user=linli&password=$PGPASSWORD" \
      java -Xmx6g -jar "$jar" serve >"$log" 2>&1 &
    server=$!
    until grep -q "Coverage warmed up\|warm-up stopped\|warm-up failed" "$log"; do sleep 1; done
    warm=$(grep -o "warmed up in [0-9.]* s" "$log" | grep -o "[0-9.]* s")
    circles=$(ms "$base/api/life-circles/summary?mode=network")
    category=$(ms "$base/api/coverage?category=fitness_venue&mode=network&distance=777")
    jcmd "$server" GC.run >/dev/null
    heap=$(jcmd "$server" GC.heap_info | grep -o "used [0-9]*K" | head -1 | grep -o "[0-9]*" | awk '{printf "%.2f", $1 / 1048576}')
    rss=$(ps -o rss= -p "$server" | awk '{printf "%.2f", $1 / 1048576}')
    printf '%-28s run %s  warm-up %7s  first network life circles %6s ms  then a network category %5s ms  heap %s GB  rss %s GB\n' \
      "$(basename "$jar")" "$run" "$warm" "$circles" "$category" "$heap" "$rss"
    kill -TERM "$server"; wait "$server" 2>/dev/null || true
  done
done
