#!/usr/bin/env bash
# One-row pages of the facility lists (numberMatched is what a client wants from them: the map asks
# two per question), two builds side by side on one database: both servers are started, warmed up,
# then every URL is asked of A and B in turns, RUNS times, the order flipped each run; the load
# average is printed with each run. Answers of A and B must agree (numberMatched, numberReturned).
#   LINLI_DB_URL='jdbc:postgresql://127.0.0.1:PORT/linli_scale_16?user=linli&password=...' \
#     RUNS=7 scripts/bench-items-count.sh before.jar after.jar
# Optional: PORT_A (7401), PORT_B (7402), JAVA_OPTS (-Xmx3g), BBOX, CATEGORY, DISTRICT (a code; none: left out).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
: "${LINLI_DB_URL:?set LINLI_DB_URL to the database to measure}"
runs="${RUNS:-7}"
port_a="${PORT_A:-7401}"
port_b="${PORT_B:-7402}"
bbox="${BBOX:-120.5,36.2,120.6,36.3}"
category="${CATEGORY:-police_office}"
paths=(
  "/ogc/collections/facilities/items?limit=1"
  "/api/facilities?limit=1"
  "/api/facilities?limit=1&category=$category"
  "/api/facilities?limit=1&category=$category&status=open"
  "/api/facilities?limit=1&bbox=$bbox"
  "/api/facilities?limit=1&bbox=$bbox&category=$category"
)
[ -n "${DISTRICT:-}" ] && paths+=("/api/facilities?limit=1&category=$category&district=$DISTRICT")

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
start() { # jar port
  LINLI_PORT="$2" LINLI_ADMIN_TOKEN=bench java ${JAVA_OPTS:--Xmx3g} -jar "$1" serve >"/tmp/linli-items-count-$2.log" 2>&1 &
  pids+=($!)
}
start "$1" "$port_a"
start "$2" "$port_b"
for port in "$port_a" "$port_b"; do
  for _ in $(seq 1 240); do
    grep -q 'Coverage warmed up' "/tmp/linli-items-count-$port.log" && break
    sleep 1
  done
  grep -q 'Coverage warmed up' "/tmp/linli-items-count-$port.log" || { echo "server on $port not warmed up" >&2; exit 1; }
done

ask() { # port path -> "seconds numberMatched numberReturned"
  local body
  body=$(mktemp)
  local t
  t=$(curl -sf -o "$body" -w '%{time_total}' "http://127.0.0.1:$1$2")
  echo "$t $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["numberMatched"], d["numberReturned"])' "$body")"
  rm -f "$body"
}

# One untimed round: JIT, pooled connections, the database's pages and (B) the counts of this registry state.
for path in "${paths[@]}"; do ask "$port_a" "$path" >/dev/null; ask "$port_b" "$path" >/dev/null; done

results=$(mktemp)
for run in $(seq 1 "$runs"); do
  echo "run $run, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  order=("$port_a" "$port_b")
  [ $((run % 2)) -eq 0 ] && order=("$port_b" "$port_a")
  for path in "${paths[@]}"; do
    declare -A answer=()
    for port in "${order[@]}"; do
      read -r seconds matched returned <<<"$(ask "$port" "$path")"
      side=A; [ "$port" = "$port_b" ] && side=B
      answer[$side]="$matched $returned"
      echo "$side $path $seconds" >>"$results"
    done
    [ "${answer[A]}" = "${answer[B]}" ] || { echo "answers differ for $path: A ${answer[A]}, B ${answer[B]}" >&2; exit 1; }
  done
done
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| request | A median (min-max) | B median (min-max) | A/B |"
echo "| --- | --- | --- | --- |"
for path in "${paths[@]}"; do
  python3 - "$results" "$path" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
ms = {s: sorted(float(t) * 1000 for side, p, t in rows if p == sys.argv[2] and side == s) for s in "AB"}
a, b = (statistics.median(ms[s]) for s in "AB")
fmt = lambda s: f"{statistics.median(ms[s]):,.1f} ms ({ms[s][0]:,.1f}-{ms[s][-1]:,.1f})"
print(f"| `{sys.argv[2]}` | {fmt('A')} | {fmt('B')} | {a / b:,.1f}x |")
PY
done
rm -f "$results"
