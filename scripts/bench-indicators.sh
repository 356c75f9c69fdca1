#!/usr/bin/env bash
# Today's plan indicators (registry/.../indicator/indicators.sql) side by side with the query as it
# was before 2026-12-04 (git show BASE:..., default 0a529c0), and the same indicators as_of the
# start of the run (indicators_as_of.sql: issue 17 wants it within 2x of today's), in one psql
# session per database, alternating, RUNS times each (default 7), JIT off as Linli's pool sets it;
# prints the medians and checks that the three give the same row. Needs the project-local cluster (./linli demo) and the
# databases named in DBS (default "linli_scale_1 linli_scale_16": scripts/bench-scale-curve.sh
# GENERATE_ONLY=1 makes them).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD="$(cat .linli/db-password)"
port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
base="${BASE:-0a529c0}"
runs="${RUNS:-7}"
year="${YEAR:-$(date +%Y)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git show "$base:registry/src/main/resources/linli/registry/indicator/indicators.sql" > "$tmp/before.sql"
cp registry/src/main/resources/linli/registry/indicator/indicators.sql "$tmp/after.sql"
cp registry/src/main/resources/linli/registry/indicator/indicators_as_of.sql "$tmp/as_of.sql"
as_of="'$(date -u '+%Y-%m-%d %H:%M:%S+00')'"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for db in ${DBS:-linli_scale_1 linli_scale_16}; do
  psql_() { psql -h 127.0.0.1 -p "$port" -U linli -d "$db" -Atq -v year="$year" -v as_of="$as_of" "$@"; }
  echo "== $db: $(psql_ -c 'SELECT count(*) FROM facility WHERE NOT deleted') facilities, $(psql_ -c 'SELECT count(*) FROM community') communities"
  for side in before after as_of; do psql_ -f "$tmp/$side.sql" > "$tmp/$side.row"; done
  for side in after as_of; do
    cmp -s "$tmp/before.row" "$tmp/$side.row" || { echo "$side differs:"; cat "$tmp/before.row" "$tmp/$side.row"; exit 1; }
  done
  echo "same row: $(cat "$tmp/after.row")"
  script="SET jit = off;"$'\n'"\\o /dev/null"$'\n'"\\timing on"$'\n'
  for i in $(seq "$runs"); do script+="\\i $tmp/before.sql"$'\n'"\\i $tmp/after.sql"$'\n'"\\i $tmp/as_of.sql"$'\n'; done
  psql_ -c '' >/dev/null
  printf '%s' "$script" | psql_ 2>&1 | grep -o 'Time: [0-9.]*' | awk '{print $2}' > "$tmp/times"
  median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  before="$(awk 'NR % 3 == 1' "$tmp/times" | median)"
  after="$(awk 'NR % 3 == 2' "$tmp/times" | median)"
  past="$(awk 'NR % 3 == 0' "$tmp/times" | median)"
  awk -v b="$before" -v a="$after" -v p="$past" -v n="$runs" 'BEGIN {
    printf "before %.1f ms, after %.1f ms (%.2fx faster), as_of %.1f ms (%.2fx after): medians of %d, alternating\n",
      b, a, b / a, p, p / a, n }'
done
