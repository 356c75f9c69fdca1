#!/usr/bin/env bash
# Import at scale, side by side: scripts/bench-import.sh (POINTS=registry, one round each call)
# against several registries in turn, round by round, so that the machine's load falls alike on
# each: e.g. the 1x and 16x cities of scripts/bench-scale-curve.sh, each served by its own
# `linli serve` (LINLI_ADMIN_TOKEN=bench). The first pass of calls warms each JVM's import path up
# and is not counted. Prints each call's line and the medians per registry.
# TARGETS: "database:port ..." (required), e.g. TARGETS="linli_scale_1:7063 linli_scale_16:7064"; two
# ports on one database compare two builds (medians are per database and port);
# PASSES (default 3, after the warm-up pass), ROWS (default 200,000).
# A target may name an SQL file after a second colon ("database:port:file.sql"): psql runs it on that
# database before each call of that target, e.g. to put back the definition of a trigger function an
# older build had (scripts/bench-import-references-v36.sql) when two builds share one database.
set -euo pipefail
cd "$(dirname "$0")/.."
passes="${PASSES:-3}"
rows="${ROWS:-200000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${LINLI_PG_DATA:-}" ]; then pgdata="$LINLI_PG_DATA"; else pgdata="$(pwd)/.linli/pgdata"; fi
sql_file() {
  PGPASSWORD="$(cat "$(dirname "$pgdata")/db-password")" psql -h 127.0.0.1 -p "$(sed -n 4p "$pgdata/postmaster.pid")" \
    -U linli -d "$1" -Atq -v ON_ERROR_STOP=1 -f "$2" >/dev/null
}
for pass in $(seq 0 "$passes"); do
  for t in ${TARGETS:?give TARGETS=\"database:port ...\"}; do
    db=${t%%:*}; rest=${t#*:}; port=${rest%%:*}; setup=${rest#"$port"}; setup=${setup#:}
    [ -z "$setup" ] || sql_file "$db" "$setup"
    out="$work/$db:$port"; [ "$pass" = 0 ] && out="$work/warm-up"
    l=$(cut -d' ' -f1 /proc/loadavg)
    DB="$db" LINLI_PORT="$port" ROWS="$rows" ROUNDS=1 OGR=0 POINTS=registry RESULT="$out" \
      scripts/bench-import.sh >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
    echo "pass $pass $db:$port (load $l -> $(cut -d' ' -f1 /proc/loadavg)): $(tail -1 "$out" | awk -F'\t' '{printf "Linli %s s, raw %s s, raw/Linli %s, re-import %s s", $2, $4, $5, $6}')$([ "$pass" = 0 ] && echo ' (warm-up, not counted)')"
  done
done
for t in $TARGETS; do
  db=${t%%:*}; rest=${t#*:}; t="$db:${rest%%:*}"
  python3 - "$t" "$work/$t" <<'PY'
import statistics, sys
rows = [list(map(float, l.split("\t"))) for l in open(sys.argv[2])]
c = list(zip(*rows))
print(f"{sys.argv[1]}: medians of {len(rows)}: Linli import {statistics.median(c[1]):.2f} s ({c[0][0] / statistics.median(c[1]):,.0f} rows/s), "
      f"raw COPY+INSERT {statistics.median(c[3]):.2f} s, raw/Linli {statistics.median(c[4]):.2f} "
      f"(each: {', '.join(f'{r:.2f}' for r in c[4])}), re-import {statistics.median(c[5]):.2f} s")
PY
done
