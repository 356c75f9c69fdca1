#!/usr/bin/env bash
# Times `./linli demo` from a fresh clone until it prints the map URL: the first start (build,
# initdb, migrate, generate and load the demo) and the second (reuse everything).
# Usage: scripts/bench-demo-startup.sh   (port 7070 must be free)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
chmod 755 "$work"
git clone -q "$repo" "$work/linli"
cd "$work/linli"

time_until_serving() {
  local log="$1" start end
  start=$(date +%s.%N)
  ./linli demo >"$log" 2>&1 &
  local pid=$!
  until grep -q 'serving the map' "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
  done
  end=$(date +%s.%N)
  curl -sf 'http://localhost:7070/api/coverage?category=emergency_shelter' >/dev/null
  # TERM, not INT: a background job of a script ignores SIGINT. Both run the same shutdown hook.
  kill -TERM "$pid"; wait "$pid" || true
  echo "$end - $start" | bc
}

first=$(time_until_serving "$work/first.log")
second=$(time_until_serving "$work/second.log")
echo "first start (build + initdb + migrate + generate + load): ${first}s"
grep -E 'PostGIS on|Schema up to date|demo loaded' "$work/first.log" | sed 's/^/  /'
echo "second start (reuse jar and cluster): ${second}s"
rm -rf "$work"
