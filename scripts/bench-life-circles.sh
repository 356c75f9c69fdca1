#!/usr/bin/env bash
# Life circles for every community of the city, straight and network: GET /api/life-circles/summary
# (every level, every required category) against one category's GET /api/coverage, each the median
# of RUNS (default 5) cache misses. A miss is forced by moving every level's distance (PUT, admin)
# or the category's distance by a micrometre per run (RUNS below 50); the road graph stays warm (it is cached on
# the road revision, which does not move).
# The distances of one invocation are its own (micrometres from the clock), so a server asked by an
# earlier invocation serves none of them from its caches.
# Each run asks the one category and then the life circles back to back, so the machine's load
# moves both alike; the ratio given is the median of the runs' ratios.
# Needs: ./linli demo running on $PORT with LINLI_ADMIN_TOKEN=$TOKEN, e.g.
#   LINLI_PORT=7093 LINLI_ADMIN_TOKEN=bench ./linli demo
# COMPARE_PORT: a second server on the same database (another build started with `java -jar
# OTHER.jar demo`, which reuses the running cluster) asked in the same runs, in alternating order.
# EDITS=1: before each run, also edit one facility of every category asked (moved by about a metre
# through PUT /api/facilities/{id}, as a planner's correction would), so that no server holds a
# search of the facilities as they now are: the cold answer after an edit, not only after a new distance.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-7093}"
token="${TOKEN:-bench}"
runs="${RUNS:-5}"
category="${CATEGORY:-fitness_venue}"
base="http://127.0.0.1:$port"
ports="$port ${COMPARE_PORT:-}"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
http_ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.1f\n", $1 * 1000}'; }
json() { python3 -c "import json,sys; r=json.load(sys.stdin); print($1)"; }

defaults=$(curl -sf "$base/api/life-circles")
# Moves every level's distance by $1 micrometres from its default (0 puts the defaults back).
shift_levels() {
  echo "$defaults" | python3 -c "
import json, sys
for level in json.load(sys.stdin):
    body = {'distance_m': level['distance_m'] + $1 / 1e6, 'categories': level['categories']}
    print(level['level'], json.dumps(body))" | while read -r level body; do
    curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "$body" "$base/api/life-circles/$level"
  done
}
trap 'shift_levels 0' EXIT
# Moves one facility of each category asked (EDITS=1) by about a metre, the n-th of each per run.
edit_each() {
  [ "${EDITS:-0}" = 1 ] || return 0
  echo "$defaults" | python3 -c "
import json, sys, urllib.request
base, token, n, one = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
cats = sorted({c for level in json.load(sys.stdin) for c in level['categories']} | {one})
for c in cats:
    page = json.load(urllib.request.urlopen(f'{base}/api/facilities?category={c}&limit=1&offset={n}'))
    if not page['features']:
        continue
    fid = page['features'][0]['id']
    got = urllib.request.urlopen(f'{base}/api/facilities/{fid}')
    feature, etag = json.load(got), got.headers['ETag']
    lon, lat = feature['geometry']['coordinates']
    feature['geometry']['coordinates'] = [lon + (1e-5 if n % 2 else -1e-5), lat]
    req = urllib.request.Request(f'{base}/api/facilities/{fid}', data=json.dumps(feature).encode(), method='PUT',
        headers={'Authorization': 'Bearer ' + token, 'If-Match': etag, 'Content-Type': 'application/geo+json'})
    urllib.request.urlopen(req).read()
" "$base" "$token" "$1" "$category"
  sleep 0.5 # the change feed reaches every server
}
# This invocation's distances: SALT * 100 + run micrometres off the defaults (at most 0.1 m).
salt=$(( $(date +%s) % 997 ))
micro() { echo $((salt * 100 + $1)); }

echo "city: $(curl -sf "$base/api/registry" | json 'r')" | cut -c1-300
echo "levels: $(echo "$defaults" | json '[(l["level"], l["distance_m"], len(l["categories"])) for l in r]')"
# Warm the service (JIT, pool) and build the road graph on answers that are not measured.
for p in $ports; do
  for i in $(seq "${WARMUP:-5}"); do
    curl -sf -o /dev/null "http://127.0.0.1:$p/api/coverage?category=$category&distance=$((480 + i))"
    curl -sf -o /dev/null "http://127.0.0.1:$p/api/life-circles/summary?mode=straight"
  done
  curl -sf -o /dev/null "http://127.0.0.1:$p/api/coverage?category=$category&distance=479&mode=network"
  curl -sf -o /dev/null "http://127.0.0.1:$p/api/life-circles/summary?mode=network"
done

for mode in straight network; do
  echo
  echo "## $mode"
  rm -f /tmp/bench-lc.$$.*
  for i in $(seq "$runs"); do
    shift_levels "$(micro "$((i + 50))")" # a new distance: every category's coverage is a cache miss
    edit_each "$i"
    order="$ports"
    if [ $((i % 2)) -eq 0 ]; then order=$(echo "$ports" | awk '{for (k = NF; k > 0; k--) printf "%s ", $k}'); fi
    for p in $order; do
      one=$(http_ms "http://127.0.0.1:$p/api/coverage?category=$category&distance=$(awk -v m="$(micro "$i")" 'BEGIN {printf "%.6f", 500 + m / 1e6}')&mode=$mode")
      all=$(http_ms "http://127.0.0.1:$p/api/life-circles/summary?mode=$mode")
      echo "$one $all" >> "/tmp/bench-lc.$$.$p"
    done
  done
  for p in $ports; do
    one=$(cut -d' ' -f1 "/tmp/bench-lc.$$.$p" | median)
    all=$(cut -d' ' -f2 "/tmp/bench-lc.$$.$p" | median)
    ratio=$(awk '{printf "%.2f\n", $2 / $1}' "/tmp/bench-lc.$$.$p" | median)
    cached=$(for i in $(seq "$runs"); do http_ms "http://127.0.0.1:$p/api/life-circles/summary?mode=$mode"; done | median)
    echo "port $p: one category ($category, 500 m), cold: $one ms; life-circle summary, every level, cold: $all ms;" \
      "median ratio ${ratio}x; summary asked again: $cached ms"
    curl -sf "http://127.0.0.1:$p/api/life-circles/summary?mode=$mode" | json '"  city: " + ", ".join("%d-minute %s" % (c["level"], c["share"]) for c in r["city"]["circles"]) + "; most missing: " + ", ".join("%s@%d" % (m["category"], m["level"]) for m in r["most_missing"][:3])'
  done
  rm -f /tmp/bench-lc.$$.*
done
